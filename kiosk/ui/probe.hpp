// What the last frame showed: the visible text and id of each labelled item
// with its rectangle. Scripts (--script) find widgets here to click them and
// to assert that a label is visible.
#pragma once

#include <imgui.h>

#include <string>
#include <vector>

namespace hocso::ui {

struct ProbeItem {
  std::string text;   // visible text (a button's label before "###")
  std::string id;     // the part after "###", or a field name
  ImVec2 min, max;
  bool clickable = false;
  ImGuiID imgui_id = 0;       // Dear ImGui's id of the item (0: drawn by hand)
  void* window = nullptr;     // its ImGuiWindow, for keyboard focus
  bool disabled = false;      // shown greyed out (cannot be pressed now)
  bool in_header = false;     // drawn outside the screen's content area
  ImVec2 shown_min, shown_max;  // the part not scrolled out of its window (where a finger can tap)
};

class Probe {
 public:
  void beginFrame() { current_.clear(); }
  void endFrame() { last_.swap(current_); }
  // Records the last ImGui item under `text`/`id`.
  void noteLastItem(const std::string& text, const std::string& id, bool clickable);
  void note(const std::string& text, const std::string& id, ImVec2 min, ImVec2 max, bool clickable) {
    current_.push_back({text, id, min, max, clickable, 0, nullptr, false, false, min, max});
  }
  // Finds an item by "#id" or by its exact visible text, in the last frame.
  const ProbeItem* find(const std::string& key) const;
  // True when some item's text contains `needle`.
  bool showsText(const std::string& needle) const;
  const std::vector<ProbeItem>& items() const { return last_; }

 private:
  std::vector<ProbeItem> current_, last_;
};

// "Label###id" → {"Label", "id"}
std::pair<std::string, std::string> splitLabel(const char* label);

}  // namespace hocso::ui
