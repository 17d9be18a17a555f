// The report: totals, by target group and skill group, mentors with their
// mentee counts, the quarterly summary, date ranges and the CSV form.
#include <algorithm>
#include <SQLiteCpp/Database.h>

#include <nlohmann/json.hpp>

#include "assessment/report.hpp"
#include "exam_service.hpp"
#include "exam_support.hpp"
#include "learner_service.hpp"
#include "learning_service.hpp"

namespace hocso {
namespace {

class ReportTest : public test::FacilitatedKioskTest {
 protected:
  ReportTest() : FacilitatedKioskTest("Giám sát", "1111") {}
  std::string add(const std::string& name, const std::string& group, const std::string& mentor = "") {
    return test::registerConsented(*learners, name, 1990, "1234", [&](app::Registration& r) {
             r.target_group = group;
             r.mentor_id = mentor;
           }).id;
  }
  void practise(const std::string& learner) {
    app::LearningService learning(*ctx);
    auto a = learning.startLessonQuiz(learner, ctx->pack.lessons.front().id);
    ASSERT_TRUE(a);
    ASSERT_NO_FATAL_FAILURE(test::answerQuizRight(learning, *ctx, *a));
    ASSERT_TRUE(learning.finishQuiz(a->id));
  }
  // Reads the first lesson up to `pages` of its pages.
  void read(const std::string& learner, int pages) {
    app::LearningService learning(*ctx);
    const auto& lesson = ctx->pack.lessons.front();
    const int total = static_cast<int>(lesson.pages.size());
    ASSERT_TRUE(learning.recordLessonViewed(learner, lesson.id, std::min(pages, total), total));
  }
  int pagesOfFirstLesson() const { return static_cast<int>(ctx->pack.lessons.front().pages.size()); }
  void examine(const std::string& learner, bool pass) {
    auto s = exams->startExam({learner, facilitator.id, "1111", true, 11});
    ASSERT_TRUE(s && s->status == app::ExamStartStatus::Started);
    if (pass) {
      ASSERT_NO_FATAL_FAILURE(test::answerExamRight(*exams, *ctx, s->exam));
    }
    auto done = exams->finishExam(s->exam.attempt_id);
    ASSERT_TRUE(done);
    EXPECT_EQ(done->result.passed, pass);
  }
  assessment::Report report(assessment::ReportRange range = {}) {
    auto r = assessment::buildReport(*ctx->db, ctx->pack, range);
    EXPECT_TRUE(r) << (r ? "" : r.error().message);
    return *r;
  }

};

TEST_F(ReportTest, CountsByGroupMentorsAndQuarter) {
  const std::string mentor = add("Đại Sứ Một", "civil_servant");
  std::vector<std::string> mentees;
  for (int i = 0; i < 5; ++i) mentees.push_back(add("Học Viên " + std::to_string(i), "citizen", mentor));
  const std::string small = add("Đại Sứ Hai", "student");
  const std::string lone = add("Học Viên Lẻ", "worker", small);
  practise(mentees[0]);
  practise(mentees[0]);
  practise(mentees[1]);
  // Lessons completed: read to the last page, once per learner and lesson.
  ASSERT_GT(pagesOfFirstLesson(), 1);
  read(mentees[0], 99);
  read(mentees[0], 99);
  read(mentees[1], 1);
  read(lone, 99);
  examine(mentees[0], true);
  examine(mentees[1], false);
  examine(lone, true);

  auto j = report().toJson();
  EXPECT_EQ(j["learners_registered"], 8);
  EXPECT_EQ(j["lessons_completed"], 2) << "read to the end: mentee 0 (twice, counted once) and the lone learner";
  EXPECT_EQ(j["practice_completed"], 3);
  EXPECT_EQ(j["exams_taken"], 3);
  EXPECT_EQ(j["exams_passed"], 2);
  EXPECT_NEAR(j["pass_rate"].get<double>(), 2.0 / 3, 1e-9);
  EXPECT_EQ(j["certificates_issued"], 2);
  EXPECT_EQ(j["by_target_group"]["citizen"]["learners_registered"], 5);
  EXPECT_EQ(j["by_target_group"]["citizen"]["trained"], 2);
  EXPECT_EQ(j["by_target_group"]["citizen"]["exams_taken"], 2);
  EXPECT_EQ(j["by_target_group"]["citizen"]["certified"], 1);
  EXPECT_EQ(j["by_target_group"]["worker"]["certified"], 1);
  EXPECT_EQ(j["by_target_group"]["civil_servant"]["learners_registered"], 1);
  EXPECT_EQ(j["by_skill_group"].size(), 7u);
  EXPECT_GT(j["by_skill_group"]["0"]["answers"].get<long long>(), 0);
  // Two exams all right (a citizen's and the worker's), one all wrong (a
  // citizen's): each weighs by its own blueprint's group-4 count.
  const double c = exams->blueprintFor("citizen")->questions.at("4");
  const double w = exams->blueprintFor("worker")->questions.at("4");
  EXPECT_NEAR(j["by_skill_group"]["4"]["exam_percent"].get<double>(), 100.0 * (c + w) / (2 * c + w), 1e-9)
      << "two exams all right, one all wrong";
  ASSERT_EQ(j["mentors"].size(), 2u);
  EXPECT_EQ(j["mentors"][0]["mentor_id"], mentor);
  EXPECT_EQ(j["mentors"][0]["mentees"], 5);
  EXPECT_EQ(j["mentors"][0]["meets_target"], true);
  EXPECT_EQ(j["mentors"][0]["mentees_trained"], 2);
  EXPECT_EQ(j["mentors"][0]["mentees_certified"], 1);
  EXPECT_EQ(j["mentors"][1]["mentees"], 1);
  EXPECT_EQ(j["mentors"][1]["meets_target"], false);
  EXPECT_EQ(j["mentor_summary"]["mentors_meeting_target"], 1);
  ASSERT_EQ(j["quarterly"].size(), 1u);
  const auto& q = j["quarterly"][0];
  EXPECT_EQ(q["quarter"].get<std::string>().size(), 7u);  // 2026-Q4
  EXPECT_EQ(q["by_target_group"]["citizen"]["trained"], 2);
  EXPECT_EQ(q["by_target_group"]["citizen"]["certified"], 1);
  EXPECT_EQ(j.dump().find("Học Viên"), std::string::npos) << "no names in a report";

  auto csv = report().toCsv();
  EXPECT_EQ(csv.rfind("section,key,metric,value\n", 0), 0u);
  EXPECT_NE(csv.find("summary,,exams_passed,2\n"), std::string::npos);
  EXPECT_NE(csv.find("target_group,citizen,certified,1\n"), std::string::npos);
  EXPECT_NE(csv.find("mentor," + mentor + ",mentees,5\n"), std::string::npos);
}

TEST_F(ReportTest, DateRangesAndQuartersFollowTheTimestamps) {
  const std::string a = add("Một", "citizen"), b = add("Hai", "citizen");
  practise(a);
  practise(b);
  read(a, 99);
  read(b, 99);
  // Move a's records into the first quarter of 2025 (reports read timestamps only).
  ctx->db->exec("UPDATE learners SET created_at = '2025-02-10T03:00:00.000Z' WHERE id = '" + a + "'");
  ctx->db->exec("UPDATE results SET completed_at = '2025-03-31T23:59:59.000Z' WHERE learner_id = '" + a + "'");
  ctx->db->exec("UPDATE lesson_views SET completed_at = '2025-03-31T23:59:59.000Z' WHERE learner_id = '" + a + "'");
  auto all = report().toJson();
  EXPECT_EQ(all["quarterly"].size(), 2u);
  EXPECT_EQ(all["quarterly"][0]["quarter"], "2025-Q1");
  EXPECT_EQ(all["quarterly"][0]["by_target_group"]["citizen"]["trained"], 1);
  auto q1 = report({"2025-01-01", "2025-03-31"}).toJson();
  EXPECT_EQ(q1["learners_registered"], 1);
  EXPECT_EQ(q1["lessons_completed"], 1) << "the last second of the 'to' day is included";
  EXPECT_EQ(q1["practice_completed"], 1);
  EXPECT_EQ(q1["from"], "2025-01-01");
  auto later = report({"2025-04-01", ""}).toJson();
  EXPECT_EQ(later["learners_registered"], 1);
  EXPECT_EQ(later["lessons_completed"], 1);
  EXPECT_EQ(later["practice_completed"], 1);
}

TEST(ReportDates, OnlyRealDatesAreAccepted) {
  EXPECT_TRUE(assessment::isValidDate("2024-02-29"));
  EXPECT_FALSE(assessment::isValidDate("2025-02-29"));
  EXPECT_FALSE(assessment::isValidDate("2025-13-01"));
  EXPECT_FALSE(assessment::isValidDate("2025-1-01"));
  EXPECT_FALSE(assessment::isValidDate("01/04/2025"));
}

}  // namespace
}  // namespace hocso
