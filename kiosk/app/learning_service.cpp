// Transactions of the learning path. Assessment repositories and the sync
// outbox are called together here, never from screens.
#include "learning_service.hpp"

#include <SQLiteCpp/Transaction.h>
#include <spdlog/spdlog.h>

#include <ctime>

#include "key_binding.hpp"
#include "assessment/chain.hpp"
#include "base/ids.hpp"
#include "base/text.hpp"
#include "base/time.hpp"
#include "sync/outbox.hpp"
#include "sync/retry.hpp"
#include "sync/xapi.hpp"

namespace hocso::app {

namespace {

long long millisBetween(const std::string& from_iso, const std::string& to_iso) {
  auto parse = [](const std::string& s) -> long long {
    std::tm tm{};
    int ms = 0;
    if (std::sscanf(s.c_str(), "%d-%d-%dT%d:%d:%d.%dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                    &tm.tm_min, &tm.tm_sec, &ms) < 6)
      return 0;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return static_cast<long long>(timegm(&tm)) * 1000 + ms;
  };
  return parse(to_iso) - parse(from_iso);
}

}  // namespace

Result<LessonViewOutcome> LearningService::recordLessonViewed(const std::string& learner_id,
                                                              const std::string& lesson_id, int pages_seen,
                                                              int total_pages) {
  const content::Lesson* lesson = ctx_.pack.findLesson(lesson_id);
  if (!lesson) return fail(ErrorCode::NotFound, "the pack has no lesson " + lesson_id);
  const int pages = static_cast<int>(lesson->pages.size());
  if (total_pages != pages)
    return fail(ErrorCode::Invalid, "lesson " + lesson_id + " has " + std::to_string(pages) + " pages, not " +
                                        std::to_string(total_pages));
  if (pages_seen < 0 || pages_seen > total_pages)
    return fail(ErrorCode::Invalid, "pages seen must be between 0 and " + std::to_string(total_pages));
  const long long now = wall_ms_();
  const std::string at = sync::formatIso8601(sync::Clock::time_point(std::chrono::milliseconds(now)));
  const std::string day = localDate(now);
  return writeTransaction(*ctx_.db, "saving the lesson view failed", [&]() -> Result<LessonViewOutcome> {
    auto learner = assessment::LearnerRepository(*ctx_.db, ctx_.cipher).find(learner_id);
    if (!learner) return tl::unexpected(learner.error());
    if (learner->erased) return fail(ErrorCode::Invalid, "learner " + learner_id + " was deleted");
    assessment::LessonViewRepository views(*ctx_.db);
    auto before = views.firstCompletion(learner_id, ctx_.pack.info.id, lesson_id);
    if (!before) return tl::unexpected(before.error());
    auto view = views.record({learner_id, ctx_.pack.info.id, ctx_.pack.info.version, lesson_id, day, pages_seen,
                              total_pages, at});
    if (!view) return tl::unexpected(view.error());
    LessonViewOutcome out;
    out.view = *view;
    out.first_view_today = view->views == 1;
    out.completed_now = !*before && view->completed_at.has_value();

    const auto x = xapiContext(ctx_, ctx_.pack.info.id, ctx_.pack.info.version);
    sync::OutboxRepository outbox(*ctx_.db);
    if (out.first_view_today) {
      auto st = sync::lessonExperiencedStatement(x, learner_id, *lesson, day, view->first_viewed_at);
      if (auto ok = sync::enqueueStatement(outbox, st); !ok) return tl::unexpected(ok.error());
    }
    if (out.completed_now) {
      auto st = sync::lessonCompletedStatement(x, learner_id, *lesson, *view->completed_at);
      if (auto ok = sync::enqueueStatement(outbox, st); !ok) return tl::unexpected(ok.error());
    }
    return out;
  });
}

Result<assessment::Attempt> LearningService::startLessonQuiz(const std::string& learner_id,
                                                             const std::string& lesson_id) {
  const content::Lesson* lesson = ctx_.pack.findLesson(lesson_id);
  if (!lesson) return fail(ErrorCode::NotFound, "the pack has no lesson " + lesson_id);
  std::vector<std::string> ids;
  for (const content::Question* q : ctx_.pack.questionsForLesson(lesson_id)) {
    if (ids.size() == kQuizLength) break;
    ids.push_back(q->id);
  }
  if (ids.empty()) return fail(ErrorCode::NotFound, "lesson " + lesson_id + " has no practice questions");
  return writeTransaction(*ctx_.db, "starting the quiz failed", [&] {
    assessment::AttemptRepository attempts(*ctx_.db);
    return attempts.start(learner_id, assessment::AttemptKind::Practice, lesson_id, ctx_.pack.info.id, ctx_.pack.info.version, ids,
                          mastery_rule.str());
  });
}

Result<assessment::Grade> LearningService::submitAnswer(const assessment::Attempt& attempt,
                                                        const std::string& question_id,
                                                        const assessment::Response& response) {
  const content::Question* q = ctx_.pack.findQuestion(question_id);
  auto pos = std::find(attempt.question_ids.begin(), attempt.question_ids.end(), question_id);
  if (!q || pos == attempt.question_ids.end())
    return fail(ErrorCode::Invalid, "question " + question_id + " is not part of attempt " + attempt.id);
  const assessment::Grade g = assessment::grade(*q, response);
  auto saved = writeTransaction(*ctx_.db, "saving the answer failed", [&]() -> Result<void> {
    assessment::AttemptRepository attempts(*ctx_.db);
    return attempts.recordAnswer({attempt.id, question_id,
                                  static_cast<int>(pos - attempt.question_ids.begin()),
                                  assessment::responseToJson(response), g.score, g.correct, nowIso8601()});
  });
  if (!saved) return tl::unexpected(saved.error());
  return g;
}

Result<assessment::ResultRecord> LearningService::finishQuiz(const std::string& attempt_id) {
  auto finished = writeTransaction(*ctx_.db, "saving the quiz result failed", [&]() -> Result<assessment::ResultRecord> {
    assessment::AttemptRepository attempts(*ctx_.db);
    auto attempt = attempts.find(attempt_id);
    if (!attempt) return tl::unexpected(attempt.error());
    auto answers = attempts.answers(attempt_id);
    if (!answers) return tl::unexpected(answers.error());
    double score = 0;
    int correct = 0;
    for (const auto& a : *answers) {
      score += a.score;
      correct += a.correct;
    }
    const double max = static_cast<double>(attempt->question_ids.size());
    const bool passed = max > 0 && score / max >= kPracticePassScaled - 1e-9;
    auto result = attempts.finish(attempt_id, score, max, correct, passed, millisBetween(attempt->started_at, nowIso8601()));
    if (!result) return result;
    if (auto sealed = assessment::RecordChain(*ctx_.db, ctx_.signer.get()).seal(result->id); !sealed)
      return tl::unexpected(sealed.error());

    const auto x = xapiContext(ctx_, attempt->pack_id, attempt->pack_version);
    std::vector<nlohmann::json> statements;
    for (const auto& a : *answers)
      if (const content::Question* q = ctx_.pack.findQuestion(a.question_id))
        statements.push_back(sync::answeredStatement(x, *attempt, *q, a));
    statements.push_back(sync::quizCompletedStatement(x, *attempt, ctx_.pack.findLesson(attempt->lesson_id), *result));
    sync::OutboxRepository outbox(*ctx_.db);
    if (auto ok = sync::enqueueStatements(outbox, statements); !ok) return tl::unexpected(ok.error());
    return result;
  });
  // The anchor beside the keys follows the chain (a wipe or rollback then shows).
  if (finished)
    if (auto a = advanceAnchor(*ctx_.db, ctx_.data_dir); !a) spdlog::error("{}", a.error().message);
  return finished;
}

}  // namespace hocso::app
