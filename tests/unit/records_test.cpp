// Tamper-evident records: the hash chain over results is intact after normal
// use, and changing one score (or an answer, or removing or adding a record,
// or touching the signed head) directly in SQLite is detected and named.
// Also the JSON-lines export, with personal fields only on request.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "assessment/chain.hpp"
#include "exam_service.hpp"
#include "exam_support.hpp"
#include "learner_service.hpp"
#include "learning_service.hpp"
#include "records_service.hpp"

namespace hocso {
namespace {

class RecordsTest : public test::CitizenKioskTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(openKiosk());
    app::LearnerService learners(*ctx);
    app::LearningService learning(*ctx);
    app::ExamService exams(*ctx);
    learner = test::registerConsented(learners, "Quách Thị Hoa", 1958, "2580",
                                      [](app::Registration& r) { r.citizen_id = "030158001234"; });
    ASSERT_FALSE(learner.id.empty());
    // Three practice quizzes and one exam: four results in the chain.
    int n = 0;
    for (const auto& lesson : ctx->pack.lessons) {
      if (n == 3) break;
      auto a = learning.startLessonQuiz(learner.id, lesson.id);
      if (!a) continue;
      ASSERT_NO_FATAL_FAILURE(test::answerQuizRight(learning, *ctx, *a));
      auto res = learning.finishQuiz(a->id);
      ASSERT_TRUE(res) << res.error().message;
      results.push_back(res->id);
      ++n;
    }
    app::ExamOutcome done;
    ASSERT_NO_FATAL_FAILURE(test::passExam(exams, *ctx, learner.id, "Người giám sát", "1470", 3, done));
    results.push_back(done.result.id);
    exam_attempt = done.result.attempt_id;
  }

  assessment::ChainReport verify() {
    auto r = app::verifyRecords(dir.path());
    EXPECT_TRUE(r) << (r ? "" : r.error().message);
    return *r;
  }
  // Another process with plain SQL (what someone tampering would use).
  void sql(const std::string& statement) {
    SQLite::Database db((dir.path() / "kiosk.db").string(), SQLite::OPEN_READWRITE);
    db.exec(statement);
  }

  assessment::Learner learner;
  std::vector<std::string> results;
  std::string exam_attempt;
};

TEST_F(RecordsTest, TheChainIsIntactAfterNormalUse) {
  auto r = verify();
  EXPECT_TRUE(r.intact) << r.problem;
  EXPECT_EQ(r.records, 4);
  EXPECT_EQ(r.head_seq, 4);
  SQLite::Database db((dir.path() / "kiosk.db").string(), SQLite::OPEN_READONLY);
  EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM results WHERE row_hash IS NULL").getInt(), 0);
  EXPECT_EQ(db.execAndGet("SELECT prev_hash FROM results WHERE chain_seq = 1").getString(), assessment::kGenesisHash);
}

TEST_F(RecordsTest, ChangingOneScoreInSqliteIsDetectedAndNamed) {
  sql("UPDATE results SET score = score + 1 WHERE id = '" + results[1] + "'");
  auto r = verify();
  EXPECT_FALSE(r.intact);
  EXPECT_EQ(r.first_broken_result_id, results[1]);
  EXPECT_EQ(r.first_broken_seq, 2);
  EXPECT_NE(r.problem.find("no longer matches its hash"), std::string::npos) << r.problem;
}

TEST_F(RecordsTest, ChangingAnAnswerOfAFinishedAttemptIsDetected) {
  sql("UPDATE answers SET correct = 0, score = 0 WHERE attempt_id = '" + exam_attempt + "' AND position = 3");
  auto r = verify();
  EXPECT_FALSE(r.intact);
  EXPECT_EQ(r.first_broken_result_id, results[3]);
}

TEST_F(RecordsTest, ChangingWhoStartedTheExamOrTheCertificateIsDetected) {
  sql("UPDATE exam_sessions SET facilitator_id = 'someone-else'");
  EXPECT_EQ(verify().first_broken_result_id, results[3]);
  sql("UPDATE exam_sessions SET facilitator_id = (SELECT id FROM facilitators)");
  EXPECT_TRUE(verify().intact);
  sql("UPDATE certificates SET score = 99.9");
  EXPECT_EQ(verify().first_broken_result_id, results[3]);
}

TEST_F(RecordsTest, TheCertificatesFacilitatorIsSealedButOldCertificatesKeepTheirHash) {
  SQLite::Database db((dir.path() / "kiosk.db").string(), SQLite::OPEN_READONLY);
  const std::string fid = db.execAndGet("SELECT facilitator_id FROM certificates").getString();
  ASSERT_FALSE(fid.empty());
  sql("UPDATE certificates SET facilitator_id = (SELECT id FROM learners LIMIT 1)");
  EXPECT_EQ(verify().first_broken_result_id, results[3]);
  sql("UPDATE certificates SET facilitator_id = NULL");
  EXPECT_EQ(verify().first_broken_result_id, results[3]);
  // A certificate from before assessment migration 7 (no facilitator_id)
  // hashes exactly as it did then: no facilitator_id key at all.
  auto canonical = assessment::RecordChain(*ctx->db, nullptr).canonicalRecord(results[3], 4, "x");
  ASSERT_TRUE(canonical);
  auto rec = nlohmann::json::parse(*canonical);
  ASSERT_TRUE(rec["certificate"].is_object());
  EXPECT_FALSE(rec["certificate"].contains("facilitator_id"));
  sql("UPDATE certificates SET facilitator_id = '" + fid + "'");
  EXPECT_TRUE(verify().intact);
}

TEST_F(RecordsTest, RemovingRecordsIsDetected) {
  sql("PRAGMA foreign_keys = OFF; DELETE FROM results WHERE id = '" + results[1] + "'");
  auto r = verify();
  EXPECT_FALSE(r.intact);
  EXPECT_EQ(r.first_broken_result_id, results[2]) << r.problem;
  EXPECT_NE(r.problem.find("#2) is missing"), std::string::npos) << r.problem;
}

TEST_F(RecordsTest, RemovingTheLastRecordIsDetectedByTheSignedHead) {
  sql("PRAGMA foreign_keys = OFF; DELETE FROM certificates; DELETE FROM results WHERE id = '" + results[3] + "'");
  auto r = verify();
  EXPECT_FALSE(r.intact);
  EXPECT_NE(r.problem.find("last record(s) were removed"), std::string::npos) << r.problem;
}

TEST_F(RecordsTest, RehashingAChangedRecordWithoutTheKeyIsDetected) {
  // A careful forger changes the last score and recomputes its hash...
  sql("UPDATE results SET score = 0, passed = 0 WHERE id = '" + results[3] + "'");
  SQLite::Database db((dir.path() / "kiosk.db").string(), SQLite::OPEN_READWRITE);
  const std::string prev = db.execAndGet("SELECT prev_hash FROM results WHERE chain_seq = 4").getString();
  auto canonical = assessment::RecordChain(db, nullptr).canonicalRecord(results[3], 4, prev);
  ASSERT_TRUE(canonical);
  db.exec("UPDATE results SET row_hash = '" + sha256Hex(*canonical) + "' WHERE chain_seq = 4");
  auto r = verify();
  EXPECT_FALSE(r.intact);
  EXPECT_NE(r.problem.find("chain head"), std::string::npos) << r.problem;
  // ... and even updates the head's hash: the signature no longer matches.
  db.exec("UPDATE record_chain_head SET hash = '" + sha256Hex(*canonical) + "'");
  r = verify();
  EXPECT_FALSE(r.intact);
  EXPECT_NE(r.problem.find("signature of the chain head does not match"), std::string::npos) << r.problem;
}

TEST_F(RecordsTest, AResultAddedOutsideHocsoIsDetected) {
  sql("PRAGMA foreign_keys = OFF; INSERT INTO results(id, attempt_id, learner_id, score, max_score, scaled, correct, "
      "passed, duration_ms, completed_at) VALUES ('forged', 'x', '" + learner.id + "', 30, 30, 1, 30, 1, 1000, "
      "strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+1 minute'))");
  auto r = verify();
  EXPECT_FALSE(r.intact);
  EXPECT_EQ(r.first_broken_result_id, "forged");
  EXPECT_NE(r.problem.find("not in the chain"), std::string::npos);
}

TEST_F(RecordsTest, ABackdatedRowWrittenWithSqliteIsNeverSealed) {
  // Dated years before the chain existed: it used to pass as "legacy" and be
  // sealed with the next finished quiz.
  sql("PRAGMA foreign_keys = OFF; INSERT INTO results(id, attempt_id, learner_id, score, max_score, scaled, correct, "
      "passed, duration_ms, completed_at) VALUES ('backdated', 'x', '" + learner.id + "', 30, 30, 1, 30, 1, 1000, "
      "'2020-01-01T08:00:00.000Z')");
  auto r = verify();
  EXPECT_FALSE(r.intact);
  EXPECT_EQ(r.first_broken_result_id, "backdated") << r.problem;
  // The service finishes another quiz: only its own result joins the chain.
  app::LearningService learning(*ctx);
  auto a = learning.startLessonQuiz(learner.id, ctx->pack.lessons.front().id);
  ASSERT_TRUE(a) << a.error().message;
  ASSERT_NO_FATAL_FAILURE(test::answerQuizRight(learning, *ctx, *a));
  auto res = learning.finishQuiz(a->id);
  ASSERT_TRUE(res) << res.error().message;
  EXPECT_TRUE(ctx->db->execAndGet("SELECT chain_seq IS NULL FROM results WHERE id = 'backdated'").getInt());
  EXPECT_EQ(ctx->db->execAndGet("SELECT chain_seq FROM results WHERE id = '" + res->id + "'").getInt(), 5);
  r = verify();
  EXPECT_FALSE(r.intact);
  EXPECT_EQ(r.first_broken_result_id, "backdated") << r.problem;
  // Without the forged row, the chain of real results is whole.
  sql("DELETE FROM results WHERE id = 'backdated'");
  EXPECT_TRUE(verify().intact);
}

TEST_F(RecordsTest, ResultsFromBeforeTheChainAreCountedApartNotSealed) {
  // The upgrade listed them (results_before_chain); they stay outside the chain.
  sql("PRAGMA foreign_keys = OFF; INSERT INTO results(id, attempt_id, learner_id, score, max_score, scaled, correct, "
      "passed, duration_ms, completed_at) VALUES ('old', 'x', '" + learner.id + "', 3, 5, 0.6, 3, 0, 1000, "
      "'2024-01-01T08:00:00.000Z'); INSERT INTO results_before_chain(result_id) VALUES ('old')");
  auto r = verify();
  EXPECT_TRUE(r.intact) << r.problem;
  EXPECT_EQ(r.unsealed_legacy, 1);
  EXPECT_EQ(r.records, 4);
}

TEST_F(RecordsTest, WipingEveryResultAndTheHeadIsReported) {
  sql("PRAGMA foreign_keys = OFF; DELETE FROM certificates; DELETE FROM results; DELETE FROM record_chain_head");
  auto r = verify();
  EXPECT_FALSE(r.intact) << "an empty chain next to an anchor at #4 is a wipe";
  EXPECT_NE(r.problem.find("reached #4"), std::string::npos) << r.problem;
  EXPECT_NE(r.problem.find("wiped"), std::string::npos) << r.problem;
}

TEST_F(RecordsTest, AnOlderCopyOfTheDatabaseIsARollback) {
  // A copy of kiosk.db taken now (4 results)...
  ctx->db->exec("PRAGMA wal_checkpoint(TRUNCATE)");
  const auto db = dir.path() / "kiosk.db";
  const auto copy = dir.path() / "kiosk.db.copy";
  std::filesystem::copy_file(db, copy);
  // ... then one more quiz (the anchor beside the keys moves to #5) ...
  app::LearningService learning(*ctx);
  auto finishOne = [&](app::LearningService& l, app::KioskContext& c) {
    auto a = l.startLessonQuiz(learner.id, c.pack.lessons.front().id);
    ASSERT_TRUE(a) << a.error().message;
    for (const auto& qid : a->question_ids)
      ASSERT_TRUE(l.submitAnswer(*a, qid, test::rightResponse(*c.pack.findQuestion(qid))));
    ASSERT_TRUE(l.finishQuiz(a->id));
  };
  finishOne(learning, *ctx);
  EXPECT_TRUE(verify().intact);
  // ... and the copy put back: its own chain is intact, but shorter than the anchor.
  ctx.reset();
  for (const char* suffix : {"-wal", "-shm"}) std::filesystem::remove(db.string() + suffix);
  std::filesystem::rename(copy, db);
  auto r = verify();
  EXPECT_FALSE(r.intact);
  EXPECT_NE(r.problem.find("older copy of kiosk.db"), std::string::npos) << r.problem;
  // The kiosk still works on it, and writing past #5 does not hide the rollback.
  ctx = test::openCitizenKiosk(dir.path());
  ASSERT_NE(ctx, nullptr);
  app::LearningService again(*ctx);
  finishOne(again, *ctx);
  finishOne(again, *ctx);
  r = verify();
  EXPECT_FALSE(r.intact);
  EXPECT_NE(r.problem.find("rolled back"), std::string::npos) << r.problem;
}

TEST_F(RecordsTest, AnswersOfAFinishedAttemptAreFinal) {
  app::LearningService learning(*ctx);
  auto attempt = assessment::AttemptRepository(*ctx->db).find(exam_attempt);
  ASSERT_TRUE(attempt);
  EXPECT_FALSE(learning.submitAnswer(*attempt, attempt->question_ids[0], {0}));
  EXPECT_TRUE(verify().intact);
}

TEST_F(RecordsTest, ExportHasEveryRecordAndPersonalFieldsOnlyOnRequest) {
  // Two lessons looked at: one read to the end, one only opened.
  app::LearningService learning(*ctx);
  const auto& first = ctx->pack.lessons.at(0);
  const auto& second = ctx->pack.lessons.at(1);
  const int pages = static_cast<int>(first.pages.size());
  ASSERT_TRUE(learning.recordLessonViewed(learner.id, first.id, pages, pages));
  ASSERT_TRUE(learning.recordLessonViewed(learner.id, second.id, 0, static_cast<int>(second.pages.size())));
  std::stringstream plain, personal;
  auto n = app::exportRecords(dir.path(), plain, false);
  ASSERT_TRUE(n) << n.error().message;
  std::map<std::string, int> types;
  std::string line;
  int answersOfExam = 0;
  while (std::getline(plain, line)) {
    auto j = nlohmann::json::parse(line);
    ++types[j["type"].get<std::string>()];
    if (j["type"] == "answer") {
      EXPECT_TRUE(j.contains("attempt_id") && j.contains("question_id") && j.contains("response"));
      answersOfExam += j["attempt_id"] == exam_attempt;
    }
    if (j["type"] == "learner") {
      EXPECT_FALSE(j.contains("full_name"));
    }
    if (j["type"] == "lesson_view") {
      EXPECT_EQ(j["learner_id"], learner.id);
      if (j["lesson_id"] == first.id) {
        EXPECT_EQ(j["pages_seen"], pages);
        EXPECT_TRUE(j["completed_at"].is_string());
      } else {
        EXPECT_EQ(j["lesson_id"], second.id);
        EXPECT_TRUE(j["completed_at"].is_null());
      }
    }
  }
  EXPECT_EQ(types["learner"], 1);
  EXPECT_EQ(types["consent"], 1);
  EXPECT_EQ(types["attempt"], 4);
  EXPECT_EQ(types["result"], 4);
  EXPECT_EQ(types["certificate"], 1);
  EXPECT_EQ(types["lesson_view"], 2);
  EXPECT_EQ(answersOfExam, 30);
  EXPECT_EQ(plain.str().find("Quách"), std::string::npos);
  EXPECT_EQ(plain.str().find("030158001234"), std::string::npos);
  ASSERT_TRUE(app::exportRecords(dir.path(), personal, true));
  EXPECT_NE(personal.str().find("\"full_name\":\"Quách Thị Hoa\""), std::string::npos);
  EXPECT_NE(personal.str().find("030158001234"), std::string::npos);
}

}  // namespace
}  // namespace hocso
