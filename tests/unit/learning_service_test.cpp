// Answer recording and the one-transaction outbox write, on a real on-disk
// database, checked through a second connection.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "learning_service.hpp"
#include "sync/outbox.hpp"
#include "sync/xapi.hpp"
#include "test_support.hpp"

namespace hocso {
namespace {

class LearningServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ctx = test::openTestKiosk(dir.path());
    ASSERT_NE(ctx, nullptr);
    service = std::make_unique<app::LearningService>(*ctx);
    auto l = service->registerLearner("Nguyễn Thị Hồng", 1962);
    ASSERT_TRUE(l) << l.error().message;
    learner = *l;
  }

  // A separate connection, like another process reading the file.
  SQLite::Database reader() { return SQLite::Database((dir.path() / "kiosk.db").string(), SQLite::OPEN_READONLY); }

  assessment::Attempt startQuiz() {
    auto a = service->startLessonQuiz(learner.id, "l-0-1-cham-vuot");
    EXPECT_TRUE(a) << (a ? "" : a.error().message);
    return *a;
  }

  // The right response for each starter question, by id.
  assessment::Response rightAnswer(const std::string& qid) {
    const content::Question* q = ctx->pack.findQuestion(qid);
    if (q->type == content::QuestionType::TrueFalse) return {q->answer ? 1 : 0};
    assessment::Response r;
    for (size_t i = 0; i < q->options.size(); ++i)
      if (q->options[i].correct) r.push_back(static_cast<int>(i));
    return r;
  }

  test::TempDir dir;
  std::unique_ptr<app::KioskContext> ctx;
  std::unique_ptr<app::LearningService> service;
  assessment::Learner learner;
};

TEST_F(LearningServiceTest, RegistrationValidatesFields) {
  EXPECT_FALSE(service->registerLearner("   ", 1960));
  EXPECT_FALSE(service->registerLearner("Lê Văn Tám", 1800));
  EXPECT_FALSE(service->registerLearner("Lê Văn Tám", 2100));
  auto errors = app::LearningService::validateRegistration("", 0);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].field, "name");
  EXPECT_EQ(errors[1].field, "birth_year");
}

TEST_F(LearningServiceTest, NameIsEncryptedAtRestAndReadBack) {
  assessment::LearnerRepository repo(*ctx->db, ctx->cipher);
  auto back = repo.find(learner.id);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->full_name, "Nguyễn Thị Hồng");
  ctx->db->exec("PRAGMA wal_checkpoint(FULL)");
  for (const char* file : {"kiosk.db", "kiosk.db-wal"}) {
    std::ifstream in(dir.path() / file, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(bytes.find("Nguyễn Thị Hồng"), std::string::npos) << file;
    EXPECT_EQ(bytes.find("Hồng"), std::string::npos) << file;
  }
}

TEST_F(LearningServiceTest, EachAnswerIsCommittedWhenSubmitReturns) {
  auto attempt = startQuiz();
  ASSERT_EQ(attempt.question_ids.size(), 5u);
  auto db = reader();
  for (size_t i = 0; i < attempt.question_ids.size(); ++i) {
    const auto& qid = attempt.question_ids[i];
    auto g = service->submitAnswer(attempt, qid, rightAnswer(qid));
    ASSERT_TRUE(g) << g.error().message;
    EXPECT_TRUE(g->correct) << qid;
    SQLite::Statement q(db, "SELECT COUNT(*) FROM answers WHERE attempt_id = ?");
    q.bind(1, attempt.id);
    ASSERT_TRUE(q.executeStep());
    EXPECT_EQ(q.getColumn(0).getInt(), static_cast<int>(i + 1)) << "answer " << i << " not visible to another connection";
  }
}

TEST_F(LearningServiceTest, ChangingAnAnswerReplacesItAndIsGradedAgain) {
  auto attempt = startQuiz();
  const std::string qid = attempt.question_ids[0];  // single choice, option 0 correct
  ASSERT_TRUE(service->submitAnswer(attempt, qid, {1}));
  auto g = service->submitAnswer(attempt, qid, {0});
  ASSERT_TRUE(g);
  EXPECT_TRUE(g->correct);
  auto db = reader();
  SQLite::Statement q(db, "SELECT COUNT(*), MAX(correct), MAX(response) FROM answers WHERE attempt_id = ?");
  q.bind(1, attempt.id);
  ASSERT_TRUE(q.executeStep());
  EXPECT_EQ(q.getColumn(0).getInt(), 1);
  EXPECT_EQ(q.getColumn(1).getInt(), 1);
  EXPECT_EQ(q.getColumn(2).getString(), "[0]");
}

TEST_F(LearningServiceTest, AnswerToAQuestionOutsideTheAttemptIsRefused) {
  auto attempt = startQuiz();
  auto g = service->submitAnswer(attempt, "q-does-not-exist", {0});
  ASSERT_FALSE(g);
  EXPECT_EQ(reader().execAndGet("SELECT COUNT(*) FROM answers").getInt(), 0);
}

TEST_F(LearningServiceTest, FinishWritesResultAndStatementsInOneTransaction) {
  auto attempt = startQuiz();
  for (size_t i = 0; i < attempt.question_ids.size(); ++i) {
    const auto& qid = attempt.question_ids[i];
    // Four right, the last one wrong: 4/5 = 80% passes.
    auto r = i + 1 < attempt.question_ids.size() ? rightAnswer(qid) : assessment::Response{1 - rightAnswer(qid)[0]};
    ASSERT_TRUE(service->submitAnswer(attempt, qid, r));
  }
  auto result = service->finishQuiz(attempt.id);
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_DOUBLE_EQ(result->score, 4.0);
  EXPECT_DOUBLE_EQ(result->scaled, 0.8);
  EXPECT_TRUE(result->passed);

  auto db = reader();
  EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM results").getInt(), 1);
  // 5 answered + 1 completed, all pending, each a JSON statement with its id.
  SQLite::Statement q(db, "SELECT record_id, payload, state FROM outbox ORDER BY seq");
  int n = 0;
  while (q.executeStep()) {
    ++n;
    auto st = nlohmann::json::parse(q.getColumn(1).getString());
    EXPECT_EQ(st["id"], q.getColumn(0).getString());
    EXPECT_EQ(q.getColumn(2).getString(), "pending");
    EXPECT_EQ(st["actor"]["account"]["name"], learner.id);
    EXPECT_EQ(st["context"]["registration"], attempt.id);
    EXPECT_EQ(st.dump().find("Hồng"), std::string::npos);
    if (n == 6) {
      EXPECT_EQ(st["verb"]["id"], "http://adlnet.gov/expapi/verbs/completed");
      EXPECT_DOUBLE_EQ(st["result"]["score"]["scaled"].get<double>(), 0.8);
      EXPECT_EQ(st["result"]["success"], true);
    } else {
      EXPECT_EQ(st["verb"]["id"], "http://adlnet.gov/expapi/verbs/answered");
    }
  }
  EXPECT_EQ(n, 6);
  // The learner's name never goes into a statement.
  EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM outbox WHERE payload LIKE '%Hồng%'").getInt(), 0);
}

TEST_F(LearningServiceTest, IfTheOutboxWriteFailsTheResultIsNotRecordedEither) {
  auto attempt = startQuiz();
  for (const auto& qid : attempt.question_ids) ASSERT_TRUE(service->submitAnswer(attempt, qid, rightAnswer(qid)));
  // Make the 3rd outbox insert fail, as a full disk would mid-transaction.
  ctx->db->exec(
      "CREATE TEMP TRIGGER fail_outbox BEFORE INSERT ON outbox "
      "WHEN (SELECT COUNT(*) FROM outbox) >= 2 BEGIN SELECT RAISE(ABORT, 'disk full'); END");
  auto result = service->finishQuiz(attempt.id);
  ASSERT_FALSE(result);
  auto db = reader();
  EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM results").getInt(), 0);
  EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM outbox").getInt(), 0);
  EXPECT_TRUE(db.execAndGet("SELECT finished_at FROM attempts").isNull());
  EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM answers").getInt(), 5) << "answers must survive";
  // Once the fault is gone the same attempt finishes normally.
  ctx->db->exec("DROP TRIGGER fail_outbox");
  auto retry = service->finishQuiz(attempt.id);
  ASSERT_TRUE(retry) << retry.error().message;
  EXPECT_EQ(reader().execAndGet("SELECT COUNT(*) FROM outbox").getInt(), 6);
}

TEST_F(LearningServiceTest, AFinishedAttemptCannotBeFinishedTwice) {
  auto attempt = startQuiz();
  for (const auto& qid : attempt.question_ids) ASSERT_TRUE(service->submitAnswer(attempt, qid, rightAnswer(qid)));
  ASSERT_TRUE(service->finishQuiz(attempt.id));
  EXPECT_FALSE(service->finishQuiz(attempt.id));
  EXPECT_EQ(reader().execAndGet("SELECT COUNT(*) FROM outbox").getInt(), 6);
}

TEST_F(LearningServiceTest, StatementIdsAreDeterministicPerKioskAndRecord) {
  auto attempt = startQuiz();
  for (const auto& qid : attempt.question_ids) ASSERT_TRUE(service->submitAnswer(attempt, qid, rightAnswer(qid)));
  ASSERT_TRUE(service->finishQuiz(attempt.id));
  SQLite::Statement q(*ctx->db, "SELECT record_id FROM outbox ORDER BY seq LIMIT 1");
  ASSERT_TRUE(q.executeStep());
  sync::XapiContext x{"https://hocso.invalid/xapi/", "https://hocso.invalid", "kiosk-test-1", "local", "", ""};
  EXPECT_EQ(q.getColumn(0).getString(), sync::statementId(x, "answer/" + attempt.id + "/" + attempt.question_ids[0]));
  x.kiosk_id = "another-kiosk";
  EXPECT_NE(q.getColumn(0).getString(), sync::statementId(x, "answer/" + attempt.id + "/" + attempt.question_ids[0]));
}

}  // namespace
}  // namespace hocso
