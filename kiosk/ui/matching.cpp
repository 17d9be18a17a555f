// MatchingPairs: the tap-to-pair rules of a matching question.
#include "matching.hpp"

#include <algorithm>
#include <numeric>

namespace hocso::ui {

MatchingPairs::MatchingPairs(size_t count) : right_of_(count, -1) {}

void MatchingPairs::load(const std::vector<int>& response) {
  std::fill(right_of_.begin(), right_of_.end(), -1);
  waiting_.reset();
  for (size_t i = 0; i < std::min(response.size(), right_of_.size()); ++i) {
    const int r = response[i];
    if (valid(r) && leftOf(r) < 0) right_of_[i] = r;
  }
}

int MatchingPairs::rightOf(int left) const { return valid(left) ? right_of_[static_cast<size_t>(left)] : -1; }

int MatchingPairs::leftOf(int right) const {
  if (!valid(right)) return -1;
  const auto it = std::find(right_of_.begin(), right_of_.end(), right);
  return it == right_of_.end() ? -1 : static_cast<int>(it - right_of_.begin());
}

void MatchingPairs::unpairLeft(int left) {
  if (valid(left)) right_of_[static_cast<size_t>(left)] = -1;
}

void MatchingPairs::unpairRight(int right) { unpairLeft(leftOf(right)); }

void MatchingPairs::tap(Side side, int index) {
  if (!valid(index)) return;
  if (isWaiting(side, index)) {
    waiting_.reset();
    return;
  }
  if (waiting_ && waiting_->side != side) {
    const int left = side == Side::Left ? index : waiting_->index;
    const int right = side == Side::Right ? index : waiting_->index;
    unpairLeft(left);
    unpairRight(right);
    right_of_[static_cast<size_t>(left)] = right;
    waiting_.reset();
    return;
  }
  const bool paired = side == Side::Left ? rightOf(index) >= 0 : leftOf(index) >= 0;
  if (paired) {
    if (side == Side::Left) unpairLeft(index);
    else unpairRight(index);
    waiting_.reset();
    return;
  }
  waiting_ = Pick{side, index};
}

bool MatchingPairs::complete() const {
  return !right_of_.empty() && std::none_of(right_of_.begin(), right_of_.end(), [](int r) { return r < 0; });
}

bool MatchingPairs::any() const {
  return std::any_of(right_of_.begin(), right_of_.end(), [](int r) { return r >= 0; });
}

size_t MatchingPairs::pairCount() const {
  return static_cast<size_t>(std::count_if(right_of_.begin(), right_of_.end(), [](int r) { return r >= 0; }));
}

std::vector<int> matchingDisplayOrder(size_t count, const std::string& key) {
  std::vector<int> order(count);
  std::iota(order.begin(), order.end(), 0);
  if (count < 2) return order;
  // FNV-1a of the key seeds a small xorshift generator: the same on every
  // machine and every run (std::shuffle's algorithm is not specified).
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : key) h = (h ^ c) * 1099511628211ull;
  auto next = [&h] {
    h ^= h << 13;
    h ^= h >> 7;
    h ^= h << 17;
    return h;
  };
  for (size_t i = count - 1; i > 0; --i) std::swap(order[i], order[static_cast<size_t>(next() % (i + 1))]);
  // No right item straight across from its partner (so never the pack's
  // order): an item in its own row swaps with the next row's.
  for (size_t i = 0; i < count; ++i)
    if (order[i] == static_cast<int>(i)) std::swap(order[i], order[(i + 1) % count]);
  return order;
}

}  // namespace hocso::ui
