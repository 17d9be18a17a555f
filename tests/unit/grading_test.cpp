// Grading of every question type, including partial credit.
#include <gtest/gtest.h>

#include "assessment/grading.hpp"

namespace hocso::assessment {
namespace {

using content::Question;
using content::QuestionType;

Question multiple() {
  Question q;
  q.type = QuestionType::Multiple;
  q.options = {{"a", true}, {"b", true}, {"c", false}, {"d", false}};
  return q;
}

TEST(Grading, SingleChoice) {
  Question q;
  q.type = QuestionType::Single;
  q.options = {{"a", false}, {"b", true}};
  EXPECT_TRUE(grade(q, {1}).correct);
  EXPECT_FALSE(grade(q, {0}).correct);
  EXPECT_FALSE(grade(q, {}).correct);
  EXPECT_FALSE(grade(q, {7}).correct);
  EXPECT_FALSE(grade(q, {1, 0}).correct);
}

TEST(Grading, MultipleGivesPartialCreditAndPenalisesWrongPicks) {
  auto q = multiple();
  EXPECT_DOUBLE_EQ(grade(q, {0, 1}).score, 1.0);
  EXPECT_TRUE(grade(q, {1, 0}).correct);
  EXPECT_DOUBLE_EQ(grade(q, {0}).score, 0.5);
  EXPECT_FALSE(grade(q, {0}).correct);
  EXPECT_DOUBLE_EQ(grade(q, {0, 1, 2}).score, 0.5);
  EXPECT_DOUBLE_EQ(grade(q, {2, 3}).score, 0.0);
  EXPECT_DOUBLE_EQ(grade(q, {0, 1, 2, 3}).score, 0.0);
}

TEST(Grading, TrueFalse) {
  Question q;
  q.type = QuestionType::TrueFalse;
  q.answer = false;
  EXPECT_TRUE(grade(q, {0}).correct);
  EXPECT_FALSE(grade(q, {1}).correct);
  EXPECT_FALSE(grade(q, {2}).correct);
}

TEST(Grading, OrderingCountsPositions) {
  Question q;
  q.type = QuestionType::Ordering;
  q.items = {"1", "2", "3", "4"};
  EXPECT_TRUE(grade(q, {0, 1, 2, 3}).correct);
  EXPECT_DOUBLE_EQ(grade(q, {1, 0, 2, 3}).score, 0.5);
  EXPECT_DOUBLE_EQ(grade(q, {3, 2, 1, 0}).score, 0.0);
  EXPECT_DOUBLE_EQ(grade(q, {0, 1}).score, 0.0);
}

TEST(Grading, MatchingCountsPairs) {
  Question q;
  q.type = QuestionType::Matching;
  q.pairs = {{"a", "1"}, {"b", "2"}, {"c", "3"}};
  EXPECT_TRUE(grade(q, {0, 1, 2}).correct);
  EXPECT_NEAR(grade(q, {0, 2, 1}).score, 1.0 / 3, 1e-9);
}

TEST(Grading, ScenarioNeedsACorrectTarget) {
  Question q;
  q.type = QuestionType::Scenario;
  q.targets = {{"header", "Từ: X"}, {"link", "http://a.xyz", true}};
  EXPECT_TRUE(grade(q, {1}).correct);
  EXPECT_FALSE(grade(q, {0}).correct);
}

TEST(Grading, ResponseJsonRoundTripsAndToleratesGarbage) {
  EXPECT_EQ(responseFromJson(responseToJson({3, 1})), (Response{3, 1}));
  EXPECT_TRUE(responseFromJson("not json").empty());
  EXPECT_TRUE(responseFromJson("{\"a\":1}").empty());
}

}  // namespace
}  // namespace hocso::assessment
