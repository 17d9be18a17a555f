#include "touch_scroll.hpp"

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cmath>

namespace hocso::ui {
namespace {

// The window under the pointer that can scroll vertically: the hovered one
// or the nearest parent that can.
ImGuiWindow* scrollableAt(ImGuiWindow* w) {
  while (w) {
    if (w->ScrollMax.y > 0.0f) return w;
    if (!(w->Flags & ImGuiWindowFlags_ChildWindow)) return nullptr;
    w = w->ParentWindow;
  }
  return nullptr;
}

}  // namespace

void DragScroller::update() {
  ImGuiContext& g = *GImGui;
  const ImGuiIO& io = g.IO;
  if (io.MouseClicked[0]) {
    pressed_ = false;
    dragging_ = false;
    ImGuiWindow* w = scrollableAt(g.HoveredWindow);
    // The scrollbar keeps its own dragging.
    const bool onScrollbar = w && w->ScrollbarY && io.MousePos.x >= w->Rect().Max.x - g.Style.ScrollbarSize;
    if (w && !onScrollbar) {
      pressed_ = true;
      window_id_ = w->ID;
      press_y_ = io.MousePos.y;
      start_scroll_ = w->Scroll.y;
    }
    return;
  }
  if (!pressed_) return;
  if (!io.MouseDown[0]) {
    pressed_ = dragging_ = false;
    return;
  }
  ImGuiWindow* w = ImGui::FindWindowByID(window_id_);
  if (!w) {
    pressed_ = dragging_ = false;
    return;
  }
  const float dy = io.MousePos.y - press_y_;
  const float threshold = std::max(10.0f, ImGui::GetFontSize() * 0.5f);
  if (!dragging_ && std::fabs(dy) >= threshold) {
    dragging_ = true;
    ImGui::ClearActiveID();  // the pressed button is not clicked on release
  }
  if (!dragging_) return;
  if (g.ActiveId != 0) ImGui::ClearActiveID();
  ImGui::SetScrollY(w, std::clamp(start_scroll_ - dy, 0.0f, w->ScrollMax.y));
}

}  // namespace hocso::ui
