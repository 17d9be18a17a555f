// Test helpers for the exam: a kiosk with the full citizen pack (read from
// its sources) and right/wrong responses for every question type.
#pragma once

#include <chrono>

#include "assessment/grading.hpp"
#include "exam_service.hpp"
#include "learning_service.hpp"
#include "test_support.hpp"

namespace hocso::test {

// One citizen kiosk shared by the tests of a suite (opening it builds the
// pack from its sources, which is slow): derive from it and use ctx.
class SharedCitizenKioskTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir = new TempDir;
    ctx = openCitizenKiosk(dir->path()).release();
  }
  static void TearDownTestSuite() {
    delete ctx;
    ctx = nullptr;
    delete dir;
    dir = nullptr;
  }
  static inline TempDir* dir = nullptr;
  static inline app::KioskContext* ctx = nullptr;
};

inline assessment::Response rightResponse(const content::Question& q) {
  using content::QuestionType;
  assessment::Response r;
  switch (q.type) {
    case QuestionType::Single:
    case QuestionType::Multiple:
      for (size_t i = 0; i < q.options.size(); ++i)
        if (q.options[i].correct) r.push_back(static_cast<int>(i));
      break;
    case QuestionType::Scenario:
      for (size_t i = 0; i < q.targets.size(); ++i)
        if (q.targets[i].correct) {
          r.push_back(static_cast<int>(i));
          break;
        }
      break;
    case QuestionType::TrueFalse:
      r.push_back(q.answer ? 1 : 0);
      break;
    case QuestionType::Ordering:
      for (size_t i = 0; i < q.items.size(); ++i) r.push_back(static_cast<int>(i));
      break;
    case QuestionType::Matching:
      for (size_t i = 0; i < q.pairs.size(); ++i) r.push_back(static_cast<int>(i));
      break;
  }
  return r;
}

// A response that scores 0 for every type.
inline assessment::Response wrongResponse(const content::Question&) { return {}; }

// A citizen kiosk with a LearnerService and an ExamService on clocks the test
// moves (mono, wall_ms). open() is a restart of the app on the same data.
class ExamKioskTest : public CitizenKioskTest {
 protected:
  void SetUp() override { open(); }
  void open() {
    exams.reset();
    learners.reset();
    ASSERT_NO_FATAL_FAILURE(openKiosk());
    learners = std::make_unique<app::LearnerService>(*ctx, [this] { return wall_ms; });
    exams = std::make_unique<app::ExamService>(*ctx, [this] { return mono; }, [this] { return wall_ms; });
  }

  std::unique_ptr<app::LearnerService> learners;
  std::unique_ptr<app::ExamService> exams;
  std::chrono::steady_clock::time_point mono{std::chrono::hours(1000)};
  long long wall_ms = 1'800'000'000'000;
};

// A citizen kiosk with a LearnerService, an ExamService and one facilitator
// (the name and PIN the fixture gives).
class FacilitatedKioskTest : public CitizenKioskTest {
 protected:
  FacilitatedKioskTest(std::string name, std::string pin) : name_(std::move(name)), pin_(std::move(pin)) {}
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(openKiosk());
    learners = std::make_unique<app::LearnerService>(*ctx);
    exams = std::make_unique<app::ExamService>(*ctx);
    auto f = app::FacilitatorService(*ctx).addFacilitator(name_, pin_);
    ASSERT_TRUE(f) << f.error().message;
    facilitator = *f;
  }

  std::unique_ptr<app::LearnerService> learners;
  std::unique_ptr<app::ExamService> exams;
  assessment::Facilitator facilitator;

 private:
  std::string name_, pin_;
};

// Answers every question of the exam right (each answer must be accepted);
// call it inside ASSERT_NO_FATAL_FAILURE.
inline void answerExamRight(app::ExamService& exams, const app::KioskContext& ctx, const app::ExamView& exam) {
  for (const auto& q : exam.questions)
    ASSERT_TRUE(exams.submitAnswer(exam.attempt_id, q.question_id, rightResponse(*ctx.pack.findQuestion(q.question_id))));
}

// Starts an exam for `learner_id` with a new facilitator (name, PIN) who saw
// the identity document, answers every question right and finishes it; `out`
// gets the outcome (and `facilitator_id` the new facilitator's id). Call it
// inside ASSERT_NO_FATAL_FAILURE.
inline void passExam(app::ExamService& exams, app::KioskContext& ctx, const std::string& learner_id,
                     const std::string& facilitator, const std::string& pin, uint64_t seed, app::ExamOutcome& out,
                     std::string* facilitator_id = nullptr) {
  auto f = app::FacilitatorService(ctx).addFacilitator(facilitator, pin);
  ASSERT_TRUE(f) << f.error().message;
  if (facilitator_id) *facilitator_id = f->id;
  auto s = exams.startExam({learner_id, f->id, pin, true, seed});
  ASSERT_TRUE(s && s->status == app::ExamStartStatus::Started);
  ASSERT_NO_FATAL_FAILURE(answerExamRight(exams, ctx, s->exam));
  auto done = exams.finishExam(s->exam.attempt_id);
  ASSERT_TRUE(done) << done.error().message;
  out = *done;
}

// Answers every question of the practice quiz right (each answer must be
// accepted); call it inside ASSERT_NO_FATAL_FAILURE.
inline void answerQuizRight(app::LearningService& learning, const app::KioskContext& ctx,
                            const assessment::Attempt& quiz) {
  for (const auto& qid : quiz.question_ids)
    ASSERT_TRUE(learning.submitAnswer(quiz, qid, rightResponse(*ctx.pack.findQuestion(qid))));
}

}  // namespace hocso::test
