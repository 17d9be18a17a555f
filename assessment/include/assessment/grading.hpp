// Grading one response to one question, for every question type.
//
// A response is a list of integers whose meaning depends on the type:
//   single, true_false(1 = true, 0 = false), scenario: the chosen index
//   multiple: the chosen option indices (any order)
//   ordering: the item indices in the order the learner placed them
//   matching: for each left item i, the index of the right item chosen
// Partial credit (documented in assessment/README.md): multiple gives
// max(0, (right picks − wrong picks) / correct options); ordering and
// matching give the share of positions/pairs placed right; the rest are 0 or 1.
#pragma once

#include <string>
#include <vector>

#include "content/model.hpp"

namespace hocso::assessment {

using Response = std::vector<int>;

struct Grade {
  double score = 0;     // 0..1
  bool correct = false; // full marks
};

Grade grade(const content::Question& q, const Response& r);

std::string responseToJson(const Response& r);
Response responseFromJson(const std::string& json);

}  // namespace hocso::assessment
