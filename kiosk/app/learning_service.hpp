// Application services shared by the UI and the CLI: register a learner,
// run a lesson's practice quiz, record answers, finish with a result. Each
// call that changes data is one transaction, committed before it returns.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "assessment/grading.hpp"
#include "assessment/lessons.hpp"
#include "assessment/mastery.hpp"
#include "assessment/records.hpp"
#include "kiosk_context.hpp"
#include "service_support.hpp"

namespace hocso::app {

// A practice quiz is passed at 80% (4 of 5). Stored with nothing yet: the
// mastery rule per competency arrives with the practice feature.
inline constexpr double kPracticePassScaled = 0.8;
inline constexpr size_t kQuizLength = 5;

struct FieldError {
  std::string field;     // "name" | "birth_year"
  std::string message;   // English; the UI shows its own Vietnamese text per field
};

// What recordLessonViewed did.
struct LessonViewOutcome {
  assessment::LessonView view;      // the day's row after this view
  bool first_view_today = false;    // `experienced` was queued by this call
  bool completed_now = false;       // `completed` was queued by this call (first time the last page was reached)
};

class LearningService {
 public:
  explicit LearningService(KioskContext& ctx, WallClock wall_ms = systemNowMs)
      : ctx_(ctx), wall_ms_(std::move(wall_ms)) {}

  // The learner has seen `pages_seen` of the lesson's `total_pages` content
  // pages (the goal page not counted; total_pages must be the pack's page
  // count, pages_seen 0..total_pages). In one transaction: the day's
  // lesson_views row (furthest page, view count), an xAPI `experienced`
  // for the first view of this lesson today (kiosk local day), and a
  // `completed` the first time ever the learner reached the last page.
  // Repeats are harmless (deterministic statement ids): call it whenever
  // the page changes.
  Result<LessonViewOutcome> recordLessonViewed(const std::string& learner_id, const std::string& lesson_id,
                                               int pages_seen, int total_pages);

  // Starts the practice quiz of a lesson: up to kQuizLength of its questions.
  Result<assessment::Attempt> startLessonQuiz(const std::string& learner_id, const std::string& lesson_id);

  // Grades and durably records one answer. When this returns, the answer is
  // on disk (synchronous=FULL) and the UI may move on.
  Result<assessment::Grade> submitAnswer(const assessment::Attempt& attempt, const std::string& question_id,
                                         const assessment::Response& response);

  // Closes the attempt: its result row and every xAPI statement about it go
  // into kiosk.db in one transaction (transactional outbox).
  Result<assessment::ResultRecord> finishQuiz(const std::string& attempt_id);

  const content::Pack& pack() const { return ctx_.pack; }
  KioskContext& context() { return ctx_; }

  // The mastery rule stored with each practice quiz started from now on.
  assessment::MasteryRule mastery_rule = assessment::kDefaultMasteryRule;

 private:
  KioskContext& ctx_;
  WallClock wall_ms_;
};

}  // namespace hocso::app
