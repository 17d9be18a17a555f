// Touch-first matching questions: the learner taps an item on one side, then
// an item on the other side, and the two are paired; tapping a paired item
// again undoes its pair. Pure logic (no ImGui), unit-tested; QuestionView
// draws it. The answer keeps the stored format of a matching response: for
// each left item i, the index of the right item paired with it, or -1.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hocso::ui {

class MatchingPairs {
 public:
  enum class Side { Left, Right };
  struct Pick {
    Side side;
    int index;
    bool operator==(const Pick&) const = default;
  };

  explicit MatchingPairs(size_t count = 0);
  // Starts from a response given before (exam resume). Entries out of range
  // and a right item given to two left items (the second one) are dropped.
  void load(const std::vector<int>& response);

  // One tap on an item:
  // - the item waiting for its partner: it stops waiting;
  // - an item on the other side is waiting: the two are paired (each loses
  //   any pair it had before);
  // - an item that has a pair: the pair is undone;
  // - otherwise the item waits for its partner (replacing any item waiting
  //   on the same side).
  void tap(Side side, int index);

  size_t size() const { return right_of_.size(); }
  int rightOf(int left) const;   // -1: none
  int leftOf(int right) const;   // -1: none
  const std::optional<Pick>& waiting() const { return waiting_; }
  bool isWaiting(Side side, int index) const { return waiting_ && *waiting_ == Pick{side, index}; }
  bool complete() const;         // every left item has a pair
  bool any() const;              // at least one pair
  size_t pairCount() const;
  const std::vector<int>& response() const { return right_of_; }

 private:
  bool valid(int index) const { return index >= 0 && static_cast<size_t>(index) < right_of_.size(); }
  void unpairLeft(int left);
  void unpairRight(int right);

  std::vector<int> right_of_;
  std::optional<Pick> waiting_;
};

// The order the right items are shown in: a shuffle fixed by `key` (the
// question's id), so it is the same every time the question is shown, and
// never the pack's own order when there are two items or more (the answer
// would otherwise read straight across).
std::vector<int> matchingDisplayOrder(size_t count, const std::string& key);

}  // namespace hocso::ui
