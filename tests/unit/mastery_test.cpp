// Practice mastery: k of the last n per competency, the rule stored with the
// attempt (a later change does not rewrite history), progress per skill
// group and "what to learn next".
#include <gtest/gtest.h>

#include "assessment/mastery.hpp"
#include "learning_service.hpp"
#include "progress_service.hpp"
#include "test_support.hpp"

namespace hocso {
namespace {

using assessment::MasteryRule;
using assessment::PracticeAnswer;

content::Pack tinyPack() {
  content::Pack p;
  p.framework.groups = {{"0", "Thiết bị", "", {{"0.1", "Dùng thiết bị"}, {"0.2", "Phần mềm"}}},
                        {"4", "An toàn", "", {{"4.1", "Bảo vệ thiết bị"}, {"4.2", "Dữ liệu cá nhân"}, {"4.4", "Môi trường"}}}};
  for (const char* c : {"0.1", "0.2", "4.1", "4.2"}) {
    content::Question q;
    q.id = std::string("q") + c;
    q.competencies = {c};
    p.questions.push_back(q);
  }
  content::Lesson l;
  l.id = "l-4-2";
  l.title = "Bảo vệ dữ liệu";
  l.competencies = {"4.2"};
  p.lessons.push_back(l);
  content::Question lq;
  lq.id = "q4.2b";
  lq.competencies = {"4.2"};
  lq.lesson = "l-4-2";
  p.questions.push_back(lq);
  return p;
}

std::vector<PracticeAnswer> seq(const std::string& qid, const std::string& pattern, MasteryRule rule = {4, 5}) {
  std::vector<PracticeAnswer> out;
  int t = 0;
  for (char c : pattern) out.push_back({qid, c == '1', "2026-01-01T00:00:" + std::to_string(10 + t++) + ".000Z", rule});
  return out;
}

const assessment::CompetencyProgress& find(const std::vector<assessment::SkillGroupProgress>& g, const std::string& code) {
  for (const auto& gr : g)
    for (const auto& c : gr.competencies)
      if (c.code == code) return c;
  throw std::runtime_error("no " + code);
}

TEST(Mastery, RuleParsesAndPrints) {
  EXPECT_EQ(MasteryRule::parse("4/5")->k, 4);
  EXPECT_EQ(MasteryRule::parse("3/3")->str(), "3/3");
  EXPECT_FALSE(MasteryRule::parse("5/4"));
  EXPECT_FALSE(MasteryRule::parse("x"));
  EXPECT_FALSE(MasteryRule::parse("0/5"));
}

TEST(Mastery, FourOfTheLastFiveCorrect) {
  auto pack = tinyPack();
  EXPECT_FALSE(find(assessment::evaluateProgress(pack, seq("q0.1", "111")), "0.1").mastered);
  EXPECT_FALSE(find(assessment::evaluateProgress(pack, seq("q0.1", "10101")), "0.1").mastered);
  auto p = assessment::evaluateProgress(pack, seq("q0.1", "0010111"));
  const auto& c = find(p, "0.1");
  EXPECT_TRUE(c.mastered);
  EXPECT_EQ(c.mastered_rule, "4/5");
  EXPECT_EQ(c.mastered_at, "2026-01-01T00:00:16.000Z");
  EXPECT_EQ(c.answered, 7);
  EXPECT_EQ(c.recent_window, 5);
  EXPECT_EQ(c.recent_correct, 4);
  // Once mastered it stays mastered, even after later mistakes.
  EXPECT_TRUE(find(assessment::evaluateProgress(pack, seq("q0.1", "111100000")), "0.1").mastered);
}

TEST(Mastery, EachAnswerIsJudgedByTheRuleOfItsOwnAttempt) {
  auto pack = tinyPack();
  auto answers = seq("q0.1", "11110", {4, 5});        // mastered under 4/5 ...
  auto later = seq("q0.1", "0", {5, 5});              // ... then the rule became 5/5
  answers.insert(answers.end(), later.begin(), later.end());
  EXPECT_TRUE(find(assessment::evaluateProgress(pack, answers), "0.1").mastered);
  // The same answers all under 5/5 would not master it.
  EXPECT_FALSE(find(assessment::evaluateProgress(pack, seq("q0.1", "111101", {5, 5})), "0.1").mastered);
}

TEST(Mastery, ProgressPerSkillGroupCountsCompetenciesWithContent) {
  auto pack = tinyPack();
  auto p = assessment::evaluateProgress(pack, seq("q4.1", "1111"));
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[1].code, "4");
  EXPECT_EQ(p[1].total, 2) << "4.4 has no questions in the pack";
  EXPECT_EQ(p[1].mastered, 1);
  EXPECT_DOUBLE_EQ(p[1].share(), 0.5);
  EXPECT_EQ(p[0].mastered, 0);
}

TEST(Mastery, WhatToLearnNextIsTheWeakestPractisedCompetency) {
  auto pack = tinyPack();
  auto answers = seq("q0.1", "1100");
  auto weak = seq("q4.2", "1000");
  answers.insert(answers.end(), weak.begin(), weak.end());
  auto next = assessment::weakestCompetency(pack, assessment::evaluateProgress(pack, answers));
  ASSERT_TRUE(next);
  EXPECT_EQ(next->competency, "4.2");
  EXPECT_EQ(next->reason, "not_mastered");
  EXPECT_DOUBLE_EQ(next->recent_accuracy, 0.25);
  EXPECT_EQ(next->lesson_id, "l-4-2");
  // A fresh learner starts with the first competency of the framework.
  auto first = assessment::weakestCompetency(pack, assessment::evaluateProgress(pack, {}));
  ASSERT_TRUE(first);
  EXPECT_EQ(first->competency, "0.1");
  EXPECT_EQ(first->reason, "never_practised");
  // Everything mastered: nothing next.
  std::vector<PracticeAnswer> all;
  for (const char* q : {"q0.1", "q0.2", "q4.1", "q4.2"}) {
    auto s = seq(q, "1111");
    all.insert(all.end(), s.begin(), s.end());
  }
  EXPECT_FALSE(assessment::weakestCompetency(pack, assessment::evaluateProgress(pack, all)));
}

class MasteryService : public test::KioskTest {};

TEST_F(MasteryService, StoresTheRuleWithTheAttemptAndReportsProgress) {
  app::LearningService learning(*ctx);
  app::ProgressService progress(*ctx);
  auto learner = test::registerWithConsent(*ctx, "Đỗ Văn Lâm", 1960);
  ASSERT_TRUE(learner);
  auto before = progress.progress(learner->id);
  ASSERT_TRUE(before);
  EXPECT_EQ(before->mastered, 0);
  ASSERT_TRUE(before->next);
  EXPECT_EQ(before->next->competency, "0.1");
  EXPECT_EQ(before->next->lesson_id, "l-0-1-cham-vuot");

  learning.mastery_rule = {5, 5};
  auto attempt = learning.startLessonQuiz(learner->id, "l-0-1-cham-vuot");
  ASSERT_TRUE(attempt);
  EXPECT_EQ(ctx->db->execAndGet("SELECT mastery_rule FROM attempts").getString(), "5/5");
  // Four right, one wrong: not mastered under 5/5.
  for (size_t i = 0; i < attempt->question_ids.size(); ++i) {
    const auto* q = ctx->pack.findQuestion(attempt->question_ids[i]);
    assessment::Response r;
    if (q->type == content::QuestionType::TrueFalse) r = {q->answer ? 1 : 0};
    else
      for (size_t k = 0; k < q->options.size(); ++k)
        if (q->options[k].correct) r.push_back(static_cast<int>(k));
    if (i == 0) r = {static_cast<int>(q->options.size()) + 5};
    ASSERT_TRUE(learning.submitAnswer(*attempt, attempt->question_ids[i], r));
  }
  ASSERT_TRUE(learning.finishQuiz(attempt->id));
  auto after = progress.progress(learner->id);
  ASSERT_TRUE(after);
  EXPECT_EQ(after->mastered, 0);
  // Relaxing the rule later does not rewrite that attempt's verdict.
  learning.mastery_rule = {1, 5};
  EXPECT_EQ(progress.progress(learner->id)->mastered, 0);
  ASSERT_TRUE(progress.nextStep(learner->id));
}

}  // namespace
}  // namespace hocso
