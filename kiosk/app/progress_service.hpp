// A learner's practice progress as the UI renders it: mastery per
// competency, progress per skill group, and "what to learn next".
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "assessment/mastery.hpp"
#include "kiosk_context.hpp"

namespace hocso::app {

struct LearnerProgress {
  std::vector<assessment::SkillGroupProgress> groups;   // framework order
  int mastered = 0, total = 0;                          // competencies with content
  std::optional<assessment::NextStep> next;             // nullopt: everything mastered
};

class ProgressService {
 public:
  explicit ProgressService(KioskContext& ctx) : ctx_(ctx) {}
  // Read-only: no transaction needed (one consistent SELECT).
  Result<LearnerProgress> progress(const std::string& learner_id);
  Result<std::optional<assessment::NextStep>> nextStep(const std::string& learner_id);

 private:
  KioskContext& ctx_;
};

}  // namespace hocso::app
