#include "keyboard_nav.hpp"

#include <imgui_internal.h>

#include <algorithm>
#include <vector>

#include "theme.hpp"

#include <spdlog/spdlog.h>

namespace hocso::ui {

void KeyboardNav::beforeFrame(ImGuiIO& io) {
  ImGuiContext& g = *GImGui;
  const bool enter = io.KeysDown[io.KeyMap[ImGuiKey_Enter]] || io.KeysDown[io.KeyMap[ImGuiKey_KeyPadEnter]];
  if (enter && g.NavId != 0 && !g.NavDisableHighlight) io.NavInputs[ImGuiNavInput_Activate] = 1.0f;
}

namespace {

void focusOn(const ProbeItem& item) {
  spdlog::debug("keyboard focus: {}", item.id.empty() ? item.text : "#" + item.id);
  ImGuiContext& g = *GImGui;
  auto* window = static_cast<ImGuiWindow*>(item.window);
  ImGui::FocusWindow(window);
  ImGui::SetFocusID(item.imgui_id, window);
  g.NavInitRequest = false;  // ImGui's own pick for a window it re-entered would override ours
  g.NavInitResultId = 0;
  window->NavRectRel[0] = ImRect(item.min.x - window->Pos.x, item.min.y - window->Pos.y, item.max.x - window->Pos.x,
                                 item.max.y - window->Pos.y);
  g.NavDisableHighlight = false;
  g.NavDisableMouseHover = true;
  ImGui::ScrollToBringRectIntoView(window, ImRect(item.min, item.max));
}

}  // namespace

void KeyboardNav::update(const Probe& last) {
  ImGuiContext& g = *GImGui;
  const bool tab = ImGui::IsKeyPressed(g.IO.KeyMap[ImGuiKey_Tab]);
  // A keyboard user whose control went away (the next question, another
  // screen) lands on the first control of what is shown now.
  const bool vanished = !g.NavDisableHighlight && g.NavId != 0 &&
                        std::none_of(last.items().begin(), last.items().end(),
                                     [&](const ProbeItem& it) { return it.imgui_id == g.NavId; });
  if (!tab && !vanished) return;  // most frames (mouse, touch, no Tab)
  // The screen's own controls first, then the header's (text size, contrast).
  std::vector<const ProbeItem*> controls;
  for (bool header : {false, true})
    for (const auto& it : last.items())
      if (it.clickable && !it.disabled && it.imgui_id != 0 && it.window && it.in_header == header) controls.push_back(&it);
  if (controls.empty()) return;
  if (vanished) {
    focusOn(*controls.front());
    return;
  }
  const int n = static_cast<int>(controls.size());
  // ImGui keeps a focus id even while the ring is hidden: the first Tab
  // after mouse or touch use starts from the top of the screen.
  int at = -1;
  for (int i = 0; i < n && !g.NavDisableHighlight; ++i)
    if (controls[static_cast<size_t>(i)]->imgui_id == g.NavId) at = i;
  const bool back = g.IO.KeyShift;
  const int next = at < 0 ? (back ? n - 1 : 0) : (at + (back ? n - 1 : 1)) % n;
  focusOn(*controls[static_cast<size_t>(next)]);
}

const ProbeItem* KeyboardNav::focused(const Probe& frame) {
  ImGuiContext& g = *GImGui;
  if (g.NavId == 0 || g.NavDisableHighlight) return nullptr;
  for (const auto& it : frame.items())
    if (it.clickable && it.imgui_id == g.NavId) return &it;
  return nullptr;
}

void KeyboardNav::drawFocusRing(const Probe& current, float scale) {
  const ProbeItem* it = focused(current);
  if (!it) return;
  const float t = 4.0f * scale, gap = t * 0.5f + 1.0f;
  ImDrawList* dl = ImGui::GetForegroundDrawList();
  const ImVec2 a(it->min.x - gap, it->min.y - gap), b(it->max.x + gap, it->max.y + gap);
  // A dark inner edge keeps the ring visible on light and dark buttons.
  dl->AddRect(a, b, ImGui::GetColorU32(palette().focus), 0.0f, 0, t);
  dl->AddRect(ImVec2(a.x + t, a.y + t), ImVec2(b.x - t, b.y - t), IM_COL32(0, 0, 0, 255), 0.0f, 0, 1.0f);
}

}  // namespace hocso::ui
