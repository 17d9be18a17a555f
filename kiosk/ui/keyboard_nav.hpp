// Keyboard use without a mouse, for learners who find a mouse hard: Tab and
// Shift+Tab move a thick, high-visibility focus ring through every control
// on the screen in reading order (Dear ImGui 1.86 only moves between
// windows on Tab, and only with the arrow keys inside one); Enter or Space
// presses the focused control; the arrow keys keep ImGui's own directional
// moves. The ring shows only once the keyboard is used, and a mouse or a
// finger hides it again.
#pragma once

#include <imgui.h>

#include "probe.hpp"

namespace hocso::ui {

class KeyboardNav {
 public:
  // After the platform backend's NewFrame (and the script's input), before
  // ImGui::NewFrame: Enter presses the focused control as Space does.
  void beforeFrame(ImGuiIO& io);
  // After ImGui::NewFrame: Tab / Shift+Tab, over the controls `last` saw.
  void update(const Probe& last);
  // After the screen is drawn, over this frame's controls.
  void drawFocusRing(const Probe& current, float scale);
  // The focused control's probe entry in `frame`, or null.
  static const ProbeItem* focused(const Probe& frame);
};

}  // namespace hocso::ui
