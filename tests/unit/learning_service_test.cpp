// Answer recording and the one-transaction outbox write, on a real on-disk
// database, checked through a second connection.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <set>
#include <nlohmann/json.hpp>

#include "learning_service.hpp"
#include "sync/outbox.hpp"
#include "sync/retry.hpp"
#include "sync/xapi.hpp"
#include "test_support.hpp"
#include "xapi_checks.hpp"

namespace hocso {
namespace {

class LearningServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ctx = test::openTestKiosk(dir.path());
    ASSERT_NE(ctx, nullptr);
    service = std::make_unique<app::LearningService>(*ctx);
    auto l = test::registerWithConsent(*ctx, "Nguyễn Thị Hồng", 1962);
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
  EXPECT_FALSE(test::registerWithConsent(*ctx, "   ", 1960));
  EXPECT_FALSE(test::registerWithConsent(*ctx, "Lê Văn Tám", 1800));
  EXPECT_FALSE(test::registerWithConsent(*ctx, "Lê Văn Tám", 2100));
  auto errors = app::LearnerService::validate(test::consentedRegistration("", 0, "2580"));
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

// ---- lessons read: experienced / completed ----------------------------------

class LessonViewTest : public LearningServiceTest {
 protected:
  void SetUp() override {
    LearningServiceTest::SetUp();
    setenv("TZ", "ICT-7", 1);  // UTC+7: the kiosk-local day
    tzset();
    // 2026-11-22 09:00 local.
    now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                 sync::parseIso8601("2026-11-22T02:00:00.000Z")->time_since_epoch())
                 .count();
    lessons = std::make_unique<app::LearningService>(*ctx, [this] { return now_ms; });
    lesson = ctx->pack.findLesson(kLesson);
    ASSERT_NE(lesson, nullptr);
    pages = static_cast<int>(lesson->pages.size());
    ASSERT_GE(pages, 2) << "the tests need a lesson of two pages or more";
  }
  void TearDown() override {
    unsetenv("TZ");
    tzset();
  }

  std::vector<nlohmann::json> statements(const std::string& verb_suffix) {
    std::vector<nlohmann::json> out;
    auto db = reader();
    SQLite::Statement q(db, "SELECT payload FROM outbox WHERE endpoint = 'lrs' ORDER BY seq");
    while (q.executeStep()) {
      auto st = nlohmann::json::parse(q.getColumn(0).getString());
      const std::string verb = st["verb"]["id"];
      if (verb.size() >= verb_suffix.size() && verb.compare(verb.size() - verb_suffix.size(), verb_suffix.size(), verb_suffix) == 0)
        out.push_back(st);
    }
    return out;
  }
  int outboxRows() { return reader().execAndGet("SELECT COUNT(*) FROM outbox").getInt(); }
  sync::XapiContext xapi() const {
    return {ctx->config.activity_base, ctx->config.account_home_page, ctx->kiosk_id, ctx->config.site_id,
            ctx->pack.info.id,         ctx->pack.info.version};
  }

  static constexpr const char* kLesson = "l-0-1-cham-vuot";
  static constexpr long long kDay = 24LL * 3600 * 1000;
  long long now_ms = 0;
  std::unique_ptr<app::LearningService> lessons;
  const content::Lesson* lesson = nullptr;
  int pages = 0;
};

TEST_F(LessonViewTest, TheFirstViewOfTheDayQueuesOneExperiencedStatement) {
  auto first = lessons->recordLessonViewed(learner.id, kLesson, 0, pages);  // the goal page
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_TRUE(first->first_view_today);
  EXPECT_FALSE(first->completed_now);
  EXPECT_EQ(first->view.day, "2026-11-22");
  EXPECT_EQ(first->view.views, 1);
  now_ms += 60'000;
  auto second = lessons->recordLessonViewed(learner.id, kLesson, 1, pages);  // turning a page
  ASSERT_TRUE(second);
  EXPECT_FALSE(second->first_view_today);
  EXPECT_EQ(second->view.views, 2);
  EXPECT_EQ(second->view.pages_seen, 1);
  // Going back a page never lowers what was seen.
  auto back = lessons->recordLessonViewed(learner.id, kLesson, 0, pages);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->view.pages_seen, 1);

  auto experienced = statements("/verbs/experienced");
  ASSERT_EQ(experienced.size(), 1u) << "one per learner, lesson and day";
  EXPECT_EQ(outboxRows(), 1);
  const auto& st = experienced[0];
  const auto x = xapi();
  test::expectValidKioskStatement(st, x.activity_base);
  EXPECT_EQ(st["id"], sync::lessonExperiencedId(x, learner.id, kLesson, "2026-11-22"));
  EXPECT_EQ(st["verb"]["id"], "http://adlnet.gov/expapi/verbs/experienced");
  EXPECT_EQ(st["verb"]["display"]["vi-VN"], "đã xem");
  EXPECT_EQ(st["actor"]["account"]["name"], learner.id);
  EXPECT_EQ(st["actor"]["account"]["homePage"], x.home_page);
  EXPECT_EQ(st["object"]["id"], x.activity_base + "lesson/" + x.pack_id + "/" + kLesson);
  EXPECT_EQ(st["object"]["definition"]["type"], "http://adlnet.gov/expapi/activities/lesson");
  EXPECT_EQ(st["object"]["definition"]["name"]["vi-VN"], lesson->title);
  EXPECT_EQ(st["timestamp"], "2026-11-22T02:00:00.000Z") << "the first view of the day";
  EXPECT_FALSE(st["context"].contains("registration")) << "a lesson view is not an attempt";
  const auto& ext = st["context"]["extensions"];
  EXPECT_EQ(ext[x.activity_base + "ext/kiosk-id"], x.kiosk_id);
  EXPECT_EQ(ext[x.activity_base + "ext/site-id"], x.site_id);
  EXPECT_EQ(ext[x.activity_base + "ext/pack"], x.pack_id + "@" + x.pack_version);
  ASSERT_FALSE(lesson->competencies.empty());
  ASSERT_EQ(st["context"]["contextActivities"]["grouping"].size(), lesson->competencies.size());
  EXPECT_EQ(st["context"]["contextActivities"]["grouping"][0]["id"],
            x.activity_base + "competency/qd757/" + lesson->competencies[0]);
  EXPECT_EQ(st.dump().find("Hồng"), std::string::npos) << "no name in statements";

  // The next (local) day: another experienced, with another id.
  now_ms += kDay;
  auto tomorrow = lessons->recordLessonViewed(learner.id, kLesson, 0, pages);
  ASSERT_TRUE(tomorrow);
  EXPECT_TRUE(tomorrow->first_view_today);
  EXPECT_EQ(tomorrow->view.day, "2026-11-23");
  experienced = statements("/verbs/experienced");
  ASSERT_EQ(experienced.size(), 2u);
  EXPECT_NE(experienced[0]["id"], experienced[1]["id"]);
  EXPECT_EQ(reader().execAndGet("SELECT COUNT(*) FROM lesson_views").getInt(), 2);
}

TEST_F(LessonViewTest, TheDayIsTheKiosksLocalDay) {
  now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
               sync::parseIso8601("2026-11-22T16:59:00.000Z")->time_since_epoch())
               .count();  // 23:59 local
  ASSERT_TRUE(lessons->recordLessonViewed(learner.id, kLesson, 0, pages));
  now_ms += 2 * 60'000;  // 00:01 local the next day, still 2026-11-22 in UTC
  auto next = lessons->recordLessonViewed(learner.id, kLesson, 0, pages);
  ASSERT_TRUE(next);
  EXPECT_TRUE(next->first_view_today);
  EXPECT_EQ(next->view.day, "2026-11-23");
  EXPECT_EQ(statements("/verbs/experienced").size(), 2u);
}

TEST_F(LessonViewTest, ReachingTheLastPageQueuesCompletedOnceEver) {
  ASSERT_TRUE(lessons->recordLessonViewed(learner.id, kLesson, 0, pages));
  EXPECT_TRUE(statements("/verbs/completed").empty());
  now_ms += 90'000;
  auto done = lessons->recordLessonViewed(learner.id, kLesson, pages, pages);
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_TRUE(done->completed_now);
  ASSERT_TRUE(done->view.completed_at);
  EXPECT_EQ(*done->view.completed_at, "2026-11-22T02:01:30.000Z");
  // Again the same day, and on another day: no second completed.
  EXPECT_FALSE(lessons->recordLessonViewed(learner.id, kLesson, pages, pages)->completed_now);
  now_ms += 3 * kDay;
  auto later = lessons->recordLessonViewed(learner.id, kLesson, pages, pages);
  ASSERT_TRUE(later);
  EXPECT_TRUE(later->first_view_today);
  EXPECT_FALSE(later->completed_now);

  auto completed = statements("/verbs/completed");
  ASSERT_EQ(completed.size(), 1u);
  const auto& st = completed[0];
  const auto x = xapi();
  test::expectValidKioskStatement(st, x.activity_base);
  EXPECT_EQ(st["id"], sync::lessonCompletedId(x, learner.id, kLesson));
  EXPECT_EQ(st["verb"]["display"]["vi-VN"], "đã hoàn thành");
  EXPECT_EQ(st["object"]["id"], x.activity_base + "lesson/" + x.pack_id + "/" + kLesson);
  EXPECT_EQ(st["result"]["completion"], true);
  EXPECT_EQ(st["timestamp"], "2026-11-22T02:01:30.000Z");
  EXPECT_EQ(statements("/verbs/experienced").size(), 2u);
}

TEST_F(LessonViewTest, LessonCompletedIsNotTheQuizCompleted) {
  ASSERT_TRUE(lessons->recordLessonViewed(learner.id, kLesson, pages, pages));
  auto attempt = startQuiz();
  for (const auto& qid : attempt.question_ids) ASSERT_TRUE(service->submitAnswer(attempt, qid, rightAnswer(qid)));
  ASSERT_TRUE(service->finishQuiz(attempt.id));
  auto completed = statements("/verbs/completed");
  ASSERT_EQ(completed.size(), 2u);
  const auto x = xapi();
  std::set<std::string> objects{completed[0]["object"]["id"], completed[1]["object"]["id"]};
  EXPECT_EQ(objects, (std::set<std::string>{x.activity_base + "lesson/" + x.pack_id + "/" + kLesson,
                                            x.activity_base + "quiz/" + x.pack_id + "/" + kLesson}));
  EXPECT_NE(completed[0]["id"], completed[1]["id"]);
}

TEST_F(LessonViewTest, WrongArgumentsAreRefusedAndRecordNothing) {
  EXPECT_EQ(lessons->recordLessonViewed(learner.id, "no-such-lesson", 0, 1).error().code, ErrorCode::NotFound);
  EXPECT_EQ(lessons->recordLessonViewed(learner.id, kLesson, 0, pages + 1).error().code, ErrorCode::Invalid);
  EXPECT_EQ(lessons->recordLessonViewed(learner.id, kLesson, pages + 1, pages).error().code, ErrorCode::Invalid);
  EXPECT_EQ(lessons->recordLessonViewed(learner.id, kLesson, -1, pages).error().code, ErrorCode::Invalid);
  EXPECT_FALSE(lessons->recordLessonViewed("00000000-0000-4000-8000-000000000000", kLesson, 0, pages));
  EXPECT_EQ(reader().execAndGet("SELECT COUNT(*) FROM lesson_views").getInt(), 0);
  EXPECT_EQ(outboxRows(), 0);
}

TEST_F(LessonViewTest, TheViewAndItsStatementsAreOneTransaction) {
  ctx->db->exec(
      "CREATE TEMP TRIGGER fail_outbox BEFORE INSERT ON outbox "
      "WHEN (SELECT COUNT(*) FROM outbox) >= 1 BEGIN SELECT RAISE(ABORT, 'disk full'); END");
  // experienced goes in, completed fails: nothing at all is kept.
  EXPECT_FALSE(lessons->recordLessonViewed(learner.id, kLesson, pages, pages));
  EXPECT_EQ(reader().execAndGet("SELECT COUNT(*) FROM lesson_views").getInt(), 0);
  EXPECT_EQ(outboxRows(), 0);
  ctx->db->exec("DROP TRIGGER fail_outbox");
  auto ok = lessons->recordLessonViewed(learner.id, kLesson, pages, pages);
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_TRUE(ok->first_view_today);
  EXPECT_TRUE(ok->completed_now);
  EXPECT_EQ(outboxRows(), 2);
}

}  // namespace
}  // namespace hocso
