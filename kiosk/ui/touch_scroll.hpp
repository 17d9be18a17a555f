// Drag to scroll, for touch screens (and mice): a finger pressed on a page
// and moved up or down scrolls that page, as on a phone. Dear ImGui 1.86
// only scrolls with the wheel or the scrollbar, and elderly learners look
// for neither.
//
// A press that moves further than a small threshold becomes a drag: the
// button under the finger is released without being clicked, so a learner
// who scrolls by pressing on a lesson tile does not open it by accident.
// Every control in the kiosk is a button (text comes from the on-screen
// keyboard), so cancelling the pressed item never loses a text selection.
#pragma once

namespace hocso::ui {

class DragScroller {
 public:
  // Call once per frame after ImGui::NewFrame(), before the screen draws:
  // the scroll applies to this frame's layout.
  void update();
  bool dragging() const { return dragging_; }

 private:
  unsigned window_id_ = 0;  // the scrolled window (0: none)
  float press_y_ = 0.0f, start_scroll_ = 0.0f;
  bool pressed_ = false, dragging_ = false;
};

}  // namespace hocso::ui
