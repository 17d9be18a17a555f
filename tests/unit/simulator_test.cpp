// The simulator: deterministic for a seed, learners who pass and who fail,
// the identities file, one ACK per committed answer, and interrupted
// attempts (a crash) resumed and finished on the next run.
#include <SQLiteCpp/Database.h>

#include <fstream>
#include <sstream>

#include "exam_service.hpp"
#include "exam_support.hpp"
#include "learning_service.hpp"
#include "simulator.hpp"

namespace hocso {
namespace {

std::string runSimulation(const std::filesystem::path& dir, app::SimulationOptions options,
                          app::SimulationSummary* summary = nullptr) {
  auto ctx = test::openCitizenKiosk(dir);
  if (!ctx) return "";
  app::LearningService learning(*ctx);
  std::ostringstream out;
  auto s = app::simulate(learning, options, out);
  EXPECT_TRUE(s) << (s ? "" : s.error().message);
  if (s && summary) *summary = *s;
  return out.str();
}

size_t lines(const std::filesystem::path& p) {
  std::ifstream in(p);
  size_t n = 0;
  std::string l;
  while (std::getline(in, l)) ++n;
  return n;
}

TEST(Simulator, SameSeedSameOutputWithPassesAndFailures) {
  test::TempDir a, b;
  app::SimulationOptions o;
  o.learners = 10;
  o.seed = 2026;
  o.ack_log = (a.path() / "acks.txt").string();
  o.identities_out = (a.path() / "ids.csv").string();
  app::SimulationSummary summary;
  const std::string first = runSimulation(a.path() / "data", o, &summary);
  o.ack_log.clear();
  o.identities_out.clear();
  EXPECT_EQ(runSimulation(b.path() / "data", o), first);
  EXPECT_EQ(summary.learners, 10);
  EXPECT_GT(summary.exams, 0);
  EXPECT_GT(summary.exams_passed, 0) << first;
  EXPECT_LT(summary.exams_passed, summary.exams) << first;
  EXPECT_EQ(lines(a.path() / "acks.txt"), static_cast<size_t>(summary.answers));
  EXPECT_EQ(lines(a.path() / "ids.csv"), 10u);
  std::ifstream ids(a.path() / "ids.csv");
  std::string line;
  std::getline(ids, line);
  const auto comma = line.find(',');
  ASSERT_NE(comma, std::string::npos);
  if (comma > 0) {
    EXPECT_EQ(comma, 12u) << line;
  }
  SQLite::Database db((a.path() / "data" / "kiosk.db").string(), SQLite::OPEN_READONLY);
  EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM consents").getInt(), 10);
  EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM answers").getInt(), summary.answers);
  EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM certificates").getInt(), summary.exams_passed);
  EXPECT_GT(db.execAndGet("SELECT COUNT(*) FROM learners WHERE mentor_id IS NOT NULL").getInt(), 4);
}

TEST(Simulator, InterruptedAttemptsAreResumedAndFinished) {
  test::TempDir dir;
  {
    auto ctx = test::openCitizenKiosk(dir.path());
    ASSERT_NE(ctx, nullptr);
    app::LearningService learning(*ctx);
    app::ExamService exams(*ctx);
    auto l = test::registerWithConsent(*ctx, "Bị Gián Đoạn", 1970);
    ASSERT_TRUE(l);
    auto quiz = learning.startLessonQuiz(l->id, ctx->pack.lessons.front().id);
    ASSERT_TRUE(quiz);
    ASSERT_TRUE(learning.submitAnswer(*quiz, quiz->question_ids[0], {0}));
    auto f = app::FacilitatorService(*ctx).addFacilitator("Giám sát", "1212");
    ASSERT_TRUE(f);
    auto exam = exams.startExam({l->id, f->id, "1212", true, 1});
    ASSERT_TRUE(exam && exam->status == app::ExamStartStatus::Started);
    ASSERT_TRUE(exams.submitAnswer(exam->exam.attempt_id, exam->exam.questions[0].question_id, {0}));
  }  // the process "dies" here
  app::SimulationOptions o;
  o.learners = 0;
  app::SimulationSummary summary;
  const std::string out = runSimulation(dir.path(), o, &summary);
  EXPECT_EQ(summary.resumed, 2);
  EXPECT_NE(out.find("resumed 2 interrupted attempts"), std::string::npos);
  SQLite::Database db((dir.path() / "kiosk.db").string(), SQLite::OPEN_READONLY);
  EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM attempts WHERE finished_at IS NULL").getInt(), 0);
  EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM results").getInt(), 2);
}

TEST(Simulator, PracticeOnlyKeepsTheThinPath) {
  test::TempDir dir;
  app::SimulationOptions o;
  o.learners = 2;
  o.seed = 61;
  o.practice_only = true;
  app::SimulationSummary summary;
  runSimulation(dir.path(), o, &summary);
  SQLite::Database db((dir.path() / "kiosk.db").string(), SQLite::OPEN_READONLY);
  EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM outbox").getInt(), 12);
  EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM attempts WHERE kind = 'exam'").getInt(), 0);
}

}  // namespace
}  // namespace hocso
