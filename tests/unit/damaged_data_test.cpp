// Rows damaged outside the code (a hand edit with sqlite3, a broken disk)
// and numbers that are not numbers: each becomes an error (or is ignored, for
// a kiosk setting) instead of an exception that ends the kiosk.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "assessment/exam.hpp"
#include "assessment/records.hpp"
#include "settings_service.hpp"
#include "test_support.hpp"

namespace hocso {
namespace {

class DamagedRows : public ::testing::Test {
 protected:
  void SetUp() override {
    ctx = test::openTestKiosk(dir.path());
    ASSERT_NE(ctx, nullptr);
    auto learner = assessment::LearnerRepository(*ctx->db, ctx->cipher).create("Lê Thị Mai", 1958, "citizen");
    ASSERT_TRUE(learner) << learner.error().message;
    learnerId = learner->id;
    auto attempt = assessment::AttemptRepository(*ctx->db).start(learnerId, assessment::AttemptKind::Exam, "", "p", "1", {"q1", "q2"});
    ASSERT_TRUE(attempt) << attempt.error().message;
    attemptId = attempt->id;
  }
  void setColumn(const char* table, const char* column, const std::string& value) {
    SQLite::Statement q(*ctx->db, std::string("UPDATE ") + table + " SET " + column + " = ?");
    q.bind(1, value);
    q.exec();
  }
  test::TempDir dir;
  std::unique_ptr<app::KioskContext> ctx;
  std::string learnerId, attemptId;
};

// attempts.question_ids is JSON; a damaged one threw nlohmann's parse_error
// out of AttemptRepository and aborted hocso-kiosk (resuming the exam).
TEST_F(DamagedRows, MalformedQuestionIdsAreAnError) {
  for (const char* damaged : {"[\"q1\", ", "not json", "{\"a\": 1}", "[1, 2]", ""}) {
    setColumn("attempts", "question_ids", damaged);
    assessment::AttemptRepository attempts(*ctx->db);
    auto one = attempts.find(attemptId);
    ASSERT_FALSE(one) << damaged;
    EXPECT_EQ(one.error().code, ErrorCode::Database);
    EXPECT_NE(one.error().message.find("damaged"), std::string::npos) << one.error().message;
    EXPECT_FALSE(attempts.unfinished(learnerId)) << damaged;
    EXPECT_FALSE(attempts.ofLearner(learnerId)) << damaged;
    EXPECT_FALSE(attempts.allUnfinished()) << damaged;
  }
  setColumn("attempts", "question_ids", "[\"q1\",\"q2\"]");
  auto repaired = assessment::AttemptRepository(*ctx->db).find(attemptId);
  ASSERT_TRUE(repaired) << repaired.error().message;
  EXPECT_EQ(repaired->question_ids, (std::vector<std::string>{"q1", "q2"}));
}

// exam_sessions keeps the seed as text and the blueprint and questions as JSON.
TEST_F(DamagedRows, AMalformedExamSessionIsAnError) {
  auto facilitator = assessment::FacilitatorRepository(*ctx->db, ctx->cipher).create("Trần Văn Bình", "not-a-pin-hash");
  ASSERT_TRUE(facilitator) << facilitator.error().message;
  assessment::ExamSession s;
  s.attempt_id = attemptId;
  s.facilitator_id = facilitator->id;
  s.identity_checked = true;
  s.target_group = "citizen";
  s.seed = 42;
  s.questions = {{"q1", "g1"}, {"q2", "g2"}};
  s.time_limit_ms = 60000;
  auto created = assessment::ExamRepository(*ctx->db).create(s);
  ASSERT_TRUE(created) << created.error().message;
  for (auto [column, value] : {std::pair{"seed", "forty-two"}, {"seed", "99999999999999999999999"},
                               {"blueprint", "[1]"}, {"questions", "[1, 2]"}}) {
    SQLite::Statement restore(*ctx->db, "SAVEPOINT damage");
    restore.exec();
    setColumn("exam_sessions", column, value);
    auto found = assessment::ExamRepository(*ctx->db).find(attemptId);
    EXPECT_FALSE(found) << column << " = " << value;
    if (!found) {
      EXPECT_EQ(found.error().code, ErrorCode::Database) << found.error().message;
    }
    ctx->db->exec("ROLLBACK TO damage");
    ctx->db->exec("RELEASE damage");
  }
  EXPECT_TRUE(assessment::ExamRepository(*ctx->db).find(attemptId));
}

// kiosk_settings values are text. "nan" made loadSavedSettings fail (the
// kiosk did not start) and "5 minutes" or "1e9" were read as 5 and 1.
TEST(KioskSettingsDamaged, ANonNumberIsIgnoredAndTheRestApplies) {
  test::TempDir dir;
  auto ctx = test::openTestKiosk(dir.path());
  ASSERT_NE(ctx, nullptr);
  for (const char* damaged : {"nan", "inf", "-inf", "1e9", "5 minutes", "5.5", " 7", "", "99999999999999999999"}) {
    ctx->db->exec("DELETE FROM kiosk_settings");
    SQLite::Statement q(*ctx->db,
                        "INSERT INTO kiosk_settings(key, value, changed_at, changed_by) VALUES "
                        "('idle_minutes', ?, 'now', 'test'), ('language', 'en', 'now', 'test')");
    q.bind(1, std::string(damaged));
    q.exec();
    auto saved = app::loadSavedSettings(*ctx->db);
    ASSERT_TRUE(saved) << damaged << ": " << saved.error().message;
    EXPECT_FALSE(saved->idle_minutes) << damaged << " read as " << *saved->idle_minutes;
    EXPECT_EQ(saved->language, std::optional<std::string>("en")) << damaged;
  }
  ctx->db->exec("UPDATE kiosk_settings SET value = '12' WHERE key = 'idle_minutes'");
  auto saved = app::loadSavedSettings(*ctx->db);
  ASSERT_TRUE(saved && saved->idle_minutes);
  EXPECT_EQ(*saved->idle_minutes, 12);
}

}  // namespace
}  // namespace hocso
