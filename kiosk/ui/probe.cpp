// The frame probe used by UI scripts.
#include "probe.hpp"

#include <imgui_internal.h>

#include <algorithm>

namespace hocso::ui {

std::pair<std::string, std::string> splitLabel(const char* label) {
  std::string s(label);
  const auto pos = s.find("###");
  if (pos == std::string::npos) return {s.substr(0, s.find("##")), ""};
  return {s.substr(0, pos), s.substr(pos + 3)};
}

void Probe::noteLastItem(const std::string& text, const std::string& id, bool clickable) {
  // Only items inside the visible part of their window can be clicked.
  if (!ImGui::IsItemVisible()) return;
  ImGuiContext& g = *GImGui;
  // The header (app name, text size, contrast) is the top-level window; a
  // screen draws inside child windows.
  const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  const ImRect& clip = g.CurrentWindow->ClipRect;
  const ImVec2 shownMin(std::max(min.x, clip.Min.x), std::max(min.y, clip.Min.y));
  const ImVec2 shownMax(std::min(max.x, clip.Max.x), std::min(max.y, clip.Max.y));
  current_.push_back({text, id, min, max, clickable, g.LastItemData.ID, g.CurrentWindow,
                      (g.LastItemData.InFlags & ImGuiItemFlags_Disabled) != 0,
                      !(g.CurrentWindow->Flags & ImGuiWindowFlags_ChildWindow), shownMin, shownMax});
}

const ProbeItem* Probe::find(const std::string& key) const {
  if (!key.empty() && key[0] == '#') {
    for (const auto& it : last_)
      if (it.id == key.substr(1)) return &it;
    return nullptr;
  }
  for (const auto& it : last_)
    if (it.clickable && it.text == key) return &it;
  for (const auto& it : last_)
    if (it.text == key) return &it;
  return nullptr;
}

bool Probe::showsText(const std::string& needle) const {
  for (const auto& it : last_)
    if (it.text.find(needle) != std::string::npos) return true;
  return false;
}

}  // namespace hocso::ui
