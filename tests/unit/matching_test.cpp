// Touch-first matching questions: the tap-to-pair rules (MatchingPairs) and
// the fixed shuffle of the right-hand items.
#include <gtest/gtest.h>

#include <set>

#include "assessment/grading.hpp"
#include "matching.hpp"
#include "sync/xapi.hpp"

namespace hocso::ui {
namespace {

using Side = MatchingPairs::Side;

TEST(MatchingPairs, TapLeftThenRightPairsThem) {
  MatchingPairs m(4);
  EXPECT_FALSE(m.any());
  m.tap(Side::Left, 1);
  EXPECT_TRUE(m.isWaiting(Side::Left, 1));
  EXPECT_EQ(m.rightOf(1), -1);
  m.tap(Side::Right, 3);
  EXPECT_FALSE(m.waiting());
  EXPECT_EQ(m.rightOf(1), 3);
  EXPECT_EQ(m.leftOf(3), 1);
  EXPECT_EQ(m.response(), (std::vector<int>{-1, 3, -1, -1}));
  EXPECT_EQ(m.pairCount(), 1u);
  EXPECT_FALSE(m.complete());
}

TEST(MatchingPairs, RightThenLeftPairsThemToo) {
  MatchingPairs m(3);
  m.tap(Side::Right, 0);
  EXPECT_TRUE(m.isWaiting(Side::Right, 0));
  m.tap(Side::Left, 2);
  EXPECT_EQ(m.response(), (std::vector<int>{-1, -1, 0}));
}

TEST(MatchingPairs, TappingTheWaitingItemAgainLetsItGo) {
  MatchingPairs m(3);
  m.tap(Side::Left, 0);
  m.tap(Side::Left, 0);
  EXPECT_FALSE(m.waiting());
  m.tap(Side::Right, 1);
  EXPECT_FALSE(m.any()) << "a right item alone pairs nothing";
  EXPECT_TRUE(m.isWaiting(Side::Right, 1));
}

TEST(MatchingPairs, AnotherItemOnTheSameSideTakesOverTheWait) {
  MatchingPairs m(3);
  m.tap(Side::Left, 0);
  m.tap(Side::Left, 2);
  EXPECT_TRUE(m.isWaiting(Side::Left, 2));
  m.tap(Side::Right, 1);
  EXPECT_EQ(m.response(), (std::vector<int>{-1, -1, 1}));
}

TEST(MatchingPairs, TappingAPairedItemUndoesThePairFromEitherSide) {
  MatchingPairs m(3);
  m.tap(Side::Left, 0);
  m.tap(Side::Right, 2);
  m.tap(Side::Left, 1);
  m.tap(Side::Right, 0);
  m.tap(Side::Left, 0);  // undo from the left
  EXPECT_EQ(m.response(), (std::vector<int>{-1, 0, -1}));
  EXPECT_FALSE(m.waiting()) << "undoing does not also start a new pair";
  m.tap(Side::Right, 0);  // undo from the right
  EXPECT_FALSE(m.any());
  EXPECT_FALSE(m.waiting());
}

TEST(MatchingPairs, PairingTakesAnItemAwayFromItsOldPartner) {
  MatchingPairs m(3);
  m.tap(Side::Left, 0);
  m.tap(Side::Right, 0);
  m.tap(Side::Left, 1);
  m.tap(Side::Right, 1);
  // Left 2 waits, then takes right 0 from left 0.
  m.tap(Side::Left, 2);
  m.tap(Side::Right, 0);
  EXPECT_EQ(m.response(), (std::vector<int>{-1, 1, 0}));
  // Right 2 waits, then takes left 1 from right 1.
  m.tap(Side::Right, 2);
  m.tap(Side::Left, 1);
  EXPECT_EQ(m.response(), (std::vector<int>{-1, 2, 0}));
  std::set<int> used;
  for (int r : m.response())
    if (r >= 0) {
      EXPECT_TRUE(used.insert(r).second) << "a right item in two pairs";
    }
}

TEST(MatchingPairs, CompleteWhenEveryLeftItemHasAPair) {
  MatchingPairs m(2);
  m.tap(Side::Left, 0);
  m.tap(Side::Right, 1);
  EXPECT_FALSE(m.complete());
  m.tap(Side::Left, 1);
  m.tap(Side::Right, 0);
  EXPECT_TRUE(m.complete());
  EXPECT_EQ(m.response(), (std::vector<int>{1, 0}));
  m.tap(Side::Right, 0);
  EXPECT_FALSE(m.complete());
  EXPECT_FALSE(MatchingPairs(0).complete());
}

TEST(MatchingPairs, TapsOutOfRangeChangeNothing) {
  MatchingPairs m(2);
  m.tap(Side::Left, 2);
  m.tap(Side::Right, -1);
  EXPECT_FALSE(m.waiting());
  EXPECT_FALSE(m.any());
}

TEST(MatchingPairs, LoadsAStoredAnswerAndDropsWhatCannotBe) {
  MatchingPairs m(4);
  m.tap(Side::Left, 0);
  m.load({2, -1, 0, 3});
  EXPECT_EQ(m.response(), (std::vector<int>{2, -1, 0, 3}));
  EXPECT_FALSE(m.waiting()) << "loading forgets a waiting item";
  m.load({1, 1, 7, -5});  // right 1 twice, 7 out of range
  EXPECT_EQ(m.response(), (std::vector<int>{1, -1, -1, -1}));
  m.load({3});  // too short: the rest have no pair
  EXPECT_EQ(m.response(), (std::vector<int>{3, -1, -1, -1}));
}

TEST(MatchingDisplayOrder, AFixedShuffleWithNoItemStraightAcross) {
  for (size_t n = 2; n <= 8; ++n)
    for (const char* id : {"q-0-05", "q-0-20", "q-4-52", "x", ""}) {
      const auto order = matchingDisplayOrder(n, id);
      ASSERT_EQ(order.size(), n);
      EXPECT_EQ(std::set<int>(order.begin(), order.end()).size(), n) << "a permutation";
      for (size_t i = 0; i < n; ++i) EXPECT_NE(order[i], static_cast<int>(i)) << id << " n=" << n;
      EXPECT_EQ(order, matchingDisplayOrder(n, id)) << "the same every time";
    }
  EXPECT_EQ(matchingDisplayOrder(1, "q"), (std::vector<int>{0}));
  EXPECT_TRUE(matchingDisplayOrder(0, "q").empty());
  // Not one rotation for every question.
  std::set<std::vector<int>> seen;
  for (const char* id : {"q-0-05", "q-0-20", "q-0-38", "q-2-74", "q-3-31", "q-4-42", "q-4-52", "q-5-15"})
    seen.insert(matchingDisplayOrder(4, id));
  EXPECT_GE(seen.size(), 3u);
}

// A part answer (a left item with no pair: -1) is graded on its pairs and
// reported to the LRS without the item that has no pair.
TEST(MatchingAnswer, APartAnswerIsGradedAndReportedWithoutTheItemWithNoPair) {
  content::Question q;
  q.id = "q-m";
  q.type = content::QuestionType::Matching;
  for (const char* l : {"a", "b", "c", "d"}) q.pairs.push_back({l, std::string(l) + "'"});
  const assessment::Response part = {0, -1, 3, 2};
  const auto g = assessment::grade(q, part);
  EXPECT_DOUBLE_EQ(g.score, 0.25);
  EXPECT_FALSE(g.correct);
  EXPECT_EQ(assessment::responseFromJson(assessment::responseToJson(part)), part) << "stored as it was given";
  sync::XapiContext x{"https://hocso.invalid/xapi/", "https://hocso.invalid", "kiosk-test-1", "local", "p", "1"};
  assessment::Attempt attempt;
  attempt.id = "att-1";
  attempt.learner_id = "learner-1";
  attempt.kind = assessment::AttemptKind::Exam;
  attempt.pack_id = "p";
  attempt.question_ids = {"q-m"};
  const assessment::AnswerRecord a{"att-1", "q-m", 0, assessment::responseToJson(part), g.score, g.correct, "2026-01-01T00:00:00Z"};
  const auto st = sync::answeredStatement(x, attempt, q, a);
  EXPECT_EQ(st["result"]["response"], "l0[.]r0[,]l2[.]r3[,]l3[.]r2");
}

}  // namespace
}  // namespace hocso::ui
