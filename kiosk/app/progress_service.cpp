// Progress per skill group and the weakest competency, from practice answers.
#include "progress_service.hpp"

namespace hocso::app {

Result<LearnerProgress> ProgressService::progress(const std::string& learner_id) {
  auto answers = assessment::PracticeHistoryRepository(*ctx_.db).answers(learner_id);
  if (!answers) return tl::unexpected(answers.error());
  LearnerProgress p;
  p.groups = assessment::evaluateProgress(ctx_.pack, *answers);
  for (const auto& g : p.groups) {
    p.mastered += g.mastered;
    p.total += g.total;
  }
  p.next = assessment::weakestCompetency(ctx_.pack, p.groups);
  return p;
}

Result<std::optional<assessment::NextStep>> ProgressService::nextStep(const std::string& learner_id) {
  auto p = progress(learner_id);
  if (!p) return tl::unexpected(p.error());
  return p->next;
}

}  // namespace hocso::app
