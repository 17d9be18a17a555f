// Facilitator mode's figures: learners per target group, exam pass rate per
// skill group, the week-by-week trend and today's learners with how far
// each has come — over a real kiosk.db with the citizen pack.
#include <SQLiteCpp/Database.h>

#include "dashboard_service.hpp"
#include "exam_service.hpp"
#include "exam_support.hpp"
#include "learner_service.hpp"

namespace hocso {
namespace {

class DashboardTest : public test::FacilitatedKioskTest {
 protected:
  DashboardTest() : FacilitatedKioskTest("Hà Thị Lan", "1357") {}
  assessment::Learner enrol(const std::string& name, const std::string& group) {
    return test::registerConsented(*learners, name, 1970, "2468", [&](app::Registration& r) { r.target_group = group; });
  }
  std::string startExam(const assessment::Learner& l) {
    auto o = exams->startExam({l.id, facilitator.id, "1357", true, 5});
    EXPECT_TRUE(o && o->status == app::ExamStartStatus::Started);
    return o->exam.attempt_id;
  }
  void takeExam(const assessment::Learner& l, bool right) {
    const std::string id = startExam(l);
    auto view = exams->view(id);
    if (right) {
      ASSERT_NO_FATAL_FAILURE(test::answerExamRight(*exams, *ctx, *view));
    }
    ASSERT_TRUE(exams->finishExam(id));
  }

};

TEST_F(DashboardTest, CountsLearnersPerTargetGroupAndPassRatePerSkillGroup) {
  auto a = enrol("Nguyễn Văn An", "citizen");
  auto b = enrol("Trần Thị Bé", "citizen");
  enrol("Lê Minh Châu", "student");
  takeExam(a, true);
  takeExam(b, false);
  auto d = app::DashboardService(*ctx).dashboard(8);
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_EQ(d->learners, 3);
  EXPECT_EQ(d->exams_taken, 2);
  EXPECT_EQ(d->exams_passed, 1);
  std::map<std::string, long long> perGroup;
  for (const auto& g : d->target_groups) perGroup[g.code] = g.learners;
  EXPECT_EQ(perGroup["citizen"], 2);
  EXPECT_EQ(perGroup["student"], 1);
  EXPECT_EQ(perGroup["worker"], 0);
  ASSERT_EQ(d->target_groups.size(), ctx->pack.framework.target_groups.size());
  EXPECT_EQ(d->target_groups.front().title, ctx->pack.framework.target_groups.front().title);
  ASSERT_EQ(d->skill_groups.size(), ctx->pack.framework.groups.size());
  for (const auto& s : d->skill_groups) {
    EXPECT_EQ(s.exams, 2) << s.code;   // each exam has questions from every group of the citizen blueprint
    EXPECT_EQ(s.passed, 1) << s.code;  // the right answers pass every group, no answers pass none
    EXPECT_DOUBLE_EQ(s.rate(), 0.5);
    EXPECT_FALSE(s.title.empty());
  }
}

TEST_F(DashboardTest, TheWeeklyTrendPutsEachFactInItsWeek) {
  auto a = enrol("Nguyễn Văn An", "citizen");
  auto b = enrol("Trần Thị Bé", "worker");
  takeExam(a, true);
  app::DashboardService service(*ctx);
  auto d = service.dashboard(8);
  ASSERT_TRUE(d);
  ASSERT_EQ(d->weeks.size(), 8u);
  // Move learner B's registration to the middle of the week three weeks ago.
  const std::string monday = d->weeks[4].week_start;
  ctx->db->exec("UPDATE learners SET created_at = date('" + monday + "', '+2 days') || 'T12:00:00.000Z' WHERE id = '" +
                b.id + "'");
  // And one very old learner, outside the eight weeks.
  ctx->db->exec("UPDATE learners SET created_at = '2001-01-03T12:00:00.000Z' WHERE id = '" + a.id + "'");
  d = service.dashboard(8);
  ASSERT_TRUE(d);
  for (size_t i = 1; i < d->weeks.size(); ++i) EXPECT_LT(d->weeks[i - 1].week_start, d->weeks[i].week_start);
  EXPECT_EQ(d->weeks[4].new_learners, 1);
  EXPECT_EQ(d->weeks[7].new_learners, 0);
  EXPECT_EQ(d->weeks[7].exams_taken, 1);
  EXPECT_EQ(d->weeks[7].exams_passed, 1);
  long long all = 0;
  for (const auto& w : d->weeks) all += w.new_learners;
  EXPECT_EQ(all, 1);
  EXPECT_EQ(d->learners, 2);  // the totals are all time
}

TEST_F(DashboardTest, TodayListsWhoIsHereAndHowFarEachHasCome) {
  auto a = enrol("Nguyễn Văn An", "citizen");
  auto b = enrol("Trần Thị Bé", "student");
  auto c = enrol("Lê Minh Châu", "citizen");
  // C came last week and not today.
  ctx->db->exec("UPDATE learners SET created_at = '2001-01-03T12:00:00.000Z' WHERE id = '" + c.id + "'");
  // A passed a practice quiz and is doing the exam now.
  app::LearningService learning(*ctx);
  const auto& lesson = ctx->pack.lessons.front();
  auto quiz = learning.startLessonQuiz(a.id, lesson.id);
  ASSERT_TRUE(quiz) << quiz.error().message;
  ASSERT_NO_FATAL_FAILURE(test::answerQuizRight(learning, *ctx, *quiz));
  ASSERT_TRUE(learning.finishQuiz(quiz->id));
  const std::string exam = startExam(a);
  // B failed an exam today.
  takeExam(b, false);

  auto today = app::DashboardService(*ctx).today();
  ASSERT_TRUE(today) << today.error().message;
  ASSERT_EQ(today->size(), 2u);
  std::map<std::string, app::TodayLearner> byId;
  for (const auto& t : *today) byId[t.learner.id] = t;
  ASSERT_TRUE(byId.count(a.id));
  ASSERT_TRUE(byId.count(b.id));
  EXPECT_EQ(byId[a.id].learner.full_name, "Nguyễn Văn An");
  EXPECT_EQ(byId[a.id].lessons_passed, 1);
  EXPECT_EQ(byId[a.id].lessons_total, static_cast<int>(ctx->pack.lessons.size()));
  EXPECT_GT(byId[a.id].competencies, 0);
  EXPECT_EQ(byId[a.id].exam_in_progress, exam);
  EXPECT_FALSE(byId[a.id].exam_passed_today);
  EXPECT_EQ(byId[b.id].lessons_passed, 0);
  EXPECT_FALSE(byId[b.id].exam_in_progress);
  ASSERT_TRUE(byId[b.id].exam_passed_today);
  EXPECT_FALSE(*byId[b.id].exam_passed_today);
  // An erased learner is not listed.
  ASSERT_TRUE(learners->deleteLearner(b.id));
  today = app::DashboardService(*ctx).today();
  ASSERT_TRUE(today);
  EXPECT_EQ(today->size(), 1u);
}

TEST(DashboardClock, TodayStartsAtLocalMidnight) {
  test::TempDir dir;
  auto ctx = test::openTestKiosk(dir.path());
  ASSERT_NE(ctx, nullptr);
  const long long noon = 1'800'000'000'000;  // some instant
  app::DashboardService service(*ctx, [&] { return noon; });
  const std::string start = service.startOfToday();
  ASSERT_EQ(start.size(), 24u) << start;
  // Midnight is before now and less than a day before.
  std::tm tm{};
  strptime(start.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  const long long startMs = static_cast<long long>(timegm(&tm)) * 1000;
  EXPECT_LE(startMs, noon);
  EXPECT_GT(startMs, noon - 86'400'000);
}

}  // namespace
}  // namespace hocso
