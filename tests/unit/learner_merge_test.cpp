// The same person registered twice (assessment/learner_merge.hpp): found by
// citizen ID or folded name and birth year, merged by a facilitator after
// checking the identity document, with both histories counting for the one
// kept, on every kiosk of the site; groups stay one level deep whatever
// order merges arrive in; erasing the person erases both registrations.
#include <SQLiteCpp/Database.h>

#include "assessment/learner_merge.hpp"
#include "assessment/mastery.hpp"
#include "assessment/records.hpp"
#include "assessment/report.hpp"
#include "dashboard_service.hpp"
#include "learner_help_service.hpp"
#include "learning_service.hpp"
#include "site_fixture.hpp"

namespace hocso {
namespace {
namespace fs = std::filesystem;
using assessment::DuplicateReason;
using assessment::LearnerMergeRepository;
using assessment::MergeRefusal;
using test::count;

// Answers one practice quiz of the first lesson; returns how many answers.
size_t practise(app::KioskContext& ctx, const std::string& learner_id) {
  app::LearningService learning(ctx);
  auto attempt = learning.startLessonQuiz(learner_id, "l-0-1-cham-vuot");
  EXPECT_TRUE(attempt) << attempt.error().message;
  if (!attempt) return 0;
  for (const auto& qid : attempt->question_ids) EXPECT_TRUE(learning.submitAnswer(*attempt, qid, {0}));
  EXPECT_TRUE(learning.finishQuiz(attempt->id));
  return attempt->question_ids.size();
}

size_t practiceAnswers(app::KioskContext& ctx, const std::string& learner_id) {
  auto answers = assessment::PracticeHistoryRepository(*ctx.db).answers(learner_id);
  EXPECT_TRUE(answers) << answers.error().message;
  return answers ? answers->size() : 0;
}

TEST(LearnerMergeRepo, GroupsStayOneLevelDeepWhateverOrderMergesArriveIn) {
  for (bool forward : {true, false}) {
    test::TempDir dir;
    auto k = test::openTestKiosk(dir.path());
    ASSERT_TRUE(k);
    LearnerMergeRepository merges(*k->db);
    // x was merged into y, and y into z (on two kiosks, arriving either way).
    const assessment::LearnerMerge xy{"x", "y", "f1", "2026-12-01T08:00:00.000Z", "kiosk-a"};
    const assessment::LearnerMerge yz{"y", "z", "f2", "2026-12-02T08:00:00.000Z", "kiosk-b"};
    for (const auto& m : forward ? std::vector{xy, yz} : std::vector{yz, xy}) {
      auto r = merges.record(m);
      ASSERT_TRUE(r) << r.error().message;
      EXPECT_EQ(*r, MergeRefusal::None);
    }
    auto x = merges.mergedInto("x");
    ASSERT_TRUE(x && *x);
    EXPECT_EQ(**x, "z") << (forward ? "forward" : "reverse");
    auto group = merges.group("z");
    ASSERT_TRUE(group);
    EXPECT_EQ(std::set<std::string>(group->begin(), group->end()), (std::set<std::string>{"x", "y", "z"}));
    // A merge back into a learner of the group would make a loop; a second
    // merge of x changes nothing.
    EXPECT_EQ(*merges.record({"z", "x", "f3", "2026-12-03T08:00:00.000Z", ""}), MergeRefusal::WouldLoop);
    EXPECT_EQ(*merges.record({"x", "w", "f3", "2026-12-03T08:00:00.000Z", ""}), MergeRefusal::AlreadyMerged);
    EXPECT_EQ(count(*k, "SELECT COUNT(*) FROM learner_merges"), 2);
    // The journal carries what each facilitator chose, made here only.
    auto here = merges.madeHere();
    ASSERT_TRUE(here);
    EXPECT_TRUE(here->empty());
  }
}

class LearnerMergeTest : public test::TwoKioskSite {};

TEST_F(LearnerMergeTest, APersonRegisteredOnBothKiosksIsMergedOnceAndBothHistoriesCountEverywhere) {
  // Offline, the same week: Bà Hồng registers on A, and again on B.
  const auto onA = registerOn(*a, "Nguyễn Thị Hồng", 1962, "036162004321");
  const size_t answeredOnA = practise(*a, onA.id);
  const auto onB = registerOn(*b, "Nguyen Thi Hong", 1962, "036162004321");
  const size_t answeredOnB = practise(*b, onB.id);
  const int queuedOnB = count(*b, "SELECT COUNT(*) FROM outbox");
  ASSERT_TRUE(app::exportSite(*a, stick()));
  auto imported = app::importSite(*b, stick());
  ASSERT_TRUE(imported) << imported.error().message;
  EXPECT_TRUE(imported->conflicts.empty()) << imported->conflicts.front();
  EXPECT_EQ(count(*b, "SELECT COUNT(*) FROM learners"), 2);

  app::LearnerHelpService help(*b);
  auto dups = help.duplicates();
  ASSERT_TRUE(dups) << dups.error().message;
  ASSERT_EQ(dups->size(), 1u);
  EXPECT_EQ(dups->front().reason, DuplicateReason::SameCitizenId);
  EXPECT_EQ(dups->front().first.found.learner.id, onA.id);  // the older registration first
  EXPECT_EQ(dups->front().first.kiosk, "kiosk-a");
  EXPECT_EQ(dups->front().second.kiosk, "");
  EXPECT_EQ(dups->front().first.practice_answers, static_cast<int>(answeredOnA));

  // Only after the identity document was checked; B's registration is kept.
  auto unchecked = help.mergeLearners(onA.id, onB.id, "fac-1", false);
  ASSERT_TRUE(unchecked);
  EXPECT_EQ(*unchecked, app::MergeStatus::IdentityNotChecked);
  EXPECT_EQ(count(*b, "SELECT COUNT(*) FROM learner_merges"), 0);
  auto merged = help.mergeLearners(onA.id, onB.id, "fac-1", true);
  ASSERT_TRUE(merged) << merged.error().message;
  ASSERT_EQ(*merged, app::MergeStatus::Done);
  EXPECT_EQ(count(*b, "SELECT COUNT(*) FROM learner_merges WHERE merged_by = 'fac-1' AND origin_kiosk IS NULL"), 1);

  // On a kiosk that knows the merge, one learner signs in, with both histories.
  auto signsInMerged = [&](auto& kiosk) {
    auto signIn = app::LearnerService(kiosk).signInByName("Nguyễn Thị Hồng", 1962, "2468");
    ASSERT_TRUE(signIn) << signIn.error().message;
    ASSERT_EQ(signIn->status, app::SignInStatus::SignedIn);
    EXPECT_EQ(signIn->learner.id, onB.id);
    EXPECT_EQ(practiceAnswers(kiosk, onB.id), answeredOnA + answeredOnB);
  };
  // On B, nothing new to send.
  ASSERT_NO_FATAL_FAILURE(signsInMerged(*b));
  auto today = app::DashboardService(*b).today();
  ASSERT_TRUE(today) << today.error().message;
  ASSERT_EQ(today->size(), 1u);
  EXPECT_EQ(today->front().learner.id, onB.id);
  auto after = help.duplicates();
  ASSERT_TRUE(after);
  EXPECT_TRUE(after->empty());
  EXPECT_EQ(count(*b, "SELECT COUNT(*) FROM outbox"), queuedOnB);
  auto again = help.mergeLearners(onA.id, onB.id, "fac-1", true);
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, app::MergeStatus::Refused);

  // The merge travels: on A, its own registration is merged away too.
  ASSERT_TRUE(app::exportSite(*b, work.path() / "stick-b"));
  auto back = app::importSite(*a, work.path() / "stick-b");
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_TRUE(back->conflicts.empty()) << back->conflicts.front();
  EXPECT_EQ(count(*a, "SELECT COUNT(*) FROM learner_merges WHERE origin_kiosk = 'kiosk-b'"), 1);
  ASSERT_NO_FATAL_FAILURE(signsInMerged(*a));
  auto onAdups = app::LearnerHelpService(*a).duplicates();
  ASSERT_TRUE(onAdups);
  EXPECT_TRUE(onAdups->empty());
  // District totals count her once: where the registration kept was made.
  auto reportA = assessment::buildReport(*a->db, a->pack, {});
  auto reportB = assessment::buildReport(*b->db, b->pack, {});
  ASSERT_TRUE(reportA && reportB);
  EXPECT_EQ(reportA->learners_registered + reportB->learners_registered, 1);
  EXPECT_EQ(reportB->learners_registered, 1);
  // A does not announce B's merge again: its next journal holds none.
  auto records = app::writeJournal(*a);
  ASSERT_TRUE(records);
  EXPECT_EQ(count(*a, "SELECT COUNT(*) FROM learner_merges WHERE origin_kiosk IS NULL"), 0);
}

TEST_F(LearnerMergeTest, NamesalikeAreOfferedAndCanBeDeclaredTwoPeople) {
  const auto first = registerOn(*a, "Lê Văn Tám", 1958);
  const auto second = registerOn(*a, "le van  TAM", 1958);
  registerOn(*a, "Lê Văn Tám", 1959);  // another year: not offered
  app::LearnerHelpService help(*a);
  auto dups = help.duplicates();
  ASSERT_TRUE(dups) << dups.error().message;
  ASSERT_EQ(dups->size(), 1u);
  EXPECT_EQ(dups->front().reason, DuplicateReason::SameNameAndBirthYear);
  ASSERT_TRUE(help.markDistinct(second.id, first.id, "fac-1"));
  auto after = help.duplicates();
  ASSERT_TRUE(after);
  EXPECT_TRUE(after->empty());
  // Both still sign in (asked for a hint, as homonyms always are).
  auto both = app::LearnerService(*a).signInByName("Lê Văn Tám", 1958, "2468");
  ASSERT_TRUE(both);
  EXPECT_EQ(both->status, app::SignInStatus::NeedsHint);
}

TEST_F(LearnerMergeTest, NoMergeWhileAnExamIsUnderWay) {
  const auto first = registerOn(*a, "Phạm Thị Lan", 1970);
  const auto second = registerOn(*a, "Pham Thi Lan", 1970);
  const std::string attemptId = "exam-under-way";
  a->db->exec("INSERT INTO attempts(id, learner_id, kind, lesson_id, pack_id, pack_version, question_ids, started_at) "
              "VALUES ('" + attemptId + "', '" + second.id + "', 'exam', '', 'starter', '1', '[]', '2026-12-05T01:00:00.000Z')");
  auto refused = app::LearnerHelpService(*a).mergeLearners(first.id, second.id, "fac-1", true);
  ASSERT_TRUE(refused) << refused.error().message;
  EXPECT_EQ(*refused, app::MergeStatus::ExamUnderWay);
  EXPECT_EQ(count(*a, "SELECT COUNT(*) FROM learner_merges"), 0);
}

TEST_F(LearnerMergeTest, ErasingThePersonErasesBothRegistrations) {
  const auto first = registerOn(*a, "Đỗ Văn Hùng", 1955);
  const auto second = registerOn(*a, "Do Van Hung", 1955);
  practise(*a, first.id);
  ASSERT_EQ(*app::LearnerHelpService(*a).mergeLearners(first.id, second.id, "fac-1", true), app::MergeStatus::Done);
  auto erased = app::LearnerService(*a).deleteLearner(second.id);
  ASSERT_TRUE(erased) << erased.error().message;
  EXPECT_GT(erased->voiding_statements, 0);  // the merged-away registration's practice was voided too
  EXPECT_EQ(count(*a, "SELECT COUNT(*) FROM learners WHERE erased_at IS NULL"), 0);
  EXPECT_EQ(count(*a, "SELECT COUNT(*) FROM learners WHERE length(full_name_enc) > 0"), 0);
}

}  // namespace
}  // namespace hocso
