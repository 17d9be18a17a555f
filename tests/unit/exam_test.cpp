// The certification exam: assembly from the blueprint (counts met, seeds
// reproducible, no repeats, previous items avoided), thresholds, facilitator
// start, durable answers without feedback, review flags, resume after a
// crash, the monotonic time limit under wall-clock changes, and the finish
// writing result and outbox rows in one transaction.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <set>

#include "assessment/certificate.hpp"
#include "assessment/exam.hpp"
#include "exam_service.hpp"
#include "exam_support.hpp"
#include "learner_service.hpp"
#include "sync/xapi.hpp"
#include "xapi_checks.hpp"

namespace hocso {
namespace {

using namespace std::chrono_literals;
using assessment::DrawnQuestion;

content::Blueprint citizenBlueprint(const content::Pack& pack) { return *pack.framework.blueprint("citizen"); }

// ---- assembly ------------------------------------------------------------------

class ExamAssembly : public test::SharedCitizenKioskTest {};

std::vector<std::string> idsOf(const std::vector<DrawnQuestion>& d) {
  std::vector<std::string> out;
  for (const auto& q : d) out.push_back(q.id);
  return out;
}

TEST_F(ExamAssembly, MeetsTheBlueprintWithoutRepeats) {
  ASSERT_NE(ctx, nullptr);
  const auto bp = citizenBlueprint(ctx->pack);
  for (uint64_t seed : {1ULL, 2ULL, 42ULL, 0xFFFFFFFFFFFFFFFFULL}) {
    auto exam = assessment::assembleExam(ctx->pack, bp, seed, {});
    ASSERT_TRUE(exam) << exam.error().message;
    EXPECT_EQ(static_cast<int>(exam->size()), bp.totalQuestions());
    std::map<std::string, int> perGroup;
    std::set<std::string> unique;
    for (const auto& q : *exam) {
      ++perGroup[q.group];
      unique.insert(q.id);
      ASSERT_NE(ctx->pack.findQuestion(q.id), nullptr);
      EXPECT_EQ(ctx->pack.findQuestion(q.id)->group(), q.group);
    }
    EXPECT_EQ(perGroup, bp.questions);
    EXPECT_EQ(unique.size(), exam->size()) << "a question repeated";
  }
}

TEST_F(ExamAssembly, SameSeedSameExamOtherSeedOtherExam) {
  const auto bp = citizenBlueprint(ctx->pack);
  auto a = assessment::assembleExam(ctx->pack, bp, 20260501, {});
  auto b = assessment::assembleExam(ctx->pack, bp, 20260501, {});
  auto c = assessment::assembleExam(ctx->pack, bp, 20260502, {});
  ASSERT_TRUE(a && b && c);
  EXPECT_EQ(idsOf(*a), idsOf(*b));
  EXPECT_NE(idsOf(*a), idsOf(*c));
  // The pack's internal order does not matter, only its content.
  content::Pack shuffled = ctx->pack;
  std::reverse(shuffled.questions.begin(), shuffled.questions.end());
  EXPECT_EQ(idsOf(*assessment::assembleExam(shuffled, bp, 20260501, {})), idsOf(*a));
}

TEST_F(ExamAssembly, AvoidsThePreviousAttemptsQuestions) {
  const auto bp = citizenBlueprint(ctx->pack);
  auto first = assessment::assembleExam(ctx->pack, bp, 7, {});
  ASSERT_TRUE(first);
  const auto before = idsOf(*first);
  auto second = assessment::assembleExam(ctx->pack, bp, 7, {before.begin(), before.end()});
  ASSERT_TRUE(second);
  for (const auto& id : idsOf(*second)) EXPECT_EQ(std::count(before.begin(), before.end(), id), 0) << id;
}

TEST_F(ExamAssembly, ReusesPreviousQuestionsOnlyWhenAGroupHasTooFew) {
  content::Blueprint bp;
  bp.target_group = "citizen";
  bp.questions = {{"0", 3}};
  content::Pack pack;
  for (const char* id : {"a", "b", "c", "d"}) {
    content::Question q;
    q.id = id;
    q.competencies = {"0.1"};
    pack.questions.push_back(q);
  }
  auto exam = assessment::assembleExam(pack, bp, 3, {"a", "b", "c"});
  ASSERT_TRUE(exam);
  auto ids = idsOf(*exam);
  ASSERT_EQ(ids.size(), 3u);
  EXPECT_EQ(ids[0], "d") << "the new question comes first";
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), 3u);
  bp.questions = {{"0", 5}};
  auto tooFew = assessment::assembleExam(pack, bp, 3, {});
  ASSERT_FALSE(tooFew);
  EXPECT_NE(tooFew.error().message.find("skill group 0"), std::string::npos);
}

// ---- thresholds -----------------------------------------------------------------

TEST(ExamVerdict, OverallAndEveryGroupMustReachTheirThresholds) {
  content::Blueprint bp;
  bp.pass_percent = 70;
  bp.group_min_percent = 50;
  auto q = [](const char* g, double s) { return assessment::ScoredQuestion{g, s, s == 1.0}; };
  // 7/10 overall (exactly the threshold) but group 6 at 1/3.
  auto v = assessment::judgeExam({q("0", 1), q("0", 1), q("0", 1), q("0", 1), q("0", 1), q("4", 1), q("4", 0),
                                  q("6", 1), q("6", 0), q("6", 0)},
                                 bp);
  EXPECT_DOUBLE_EQ(v.percent(), 70);
  EXPECT_TRUE(v.passed_overall);
  EXPECT_EQ(v.correct, 7);
  EXPECT_DOUBLE_EQ(v.groups["6"].percent(), 100.0 / 3);
  EXPECT_FALSE(v.groups_below_minimum.empty()) << "group 6 is at 33%";
  EXPECT_FALSE(v.passed) << "must fail: group 6 below 50%";
}

TEST(ExamVerdict, ExactThresholdsPassAndPartialCreditCounts) {
  content::Blueprint bp;
  bp.pass_percent = 70;
  bp.group_min_percent = 50;
  auto v = assessment::judgeExam({{"0", 1, true}, {"0", 0.5, false}, {"4", 0.6, false}, {"4", 0.7, false}}, bp);
  EXPECT_NEAR(v.percent(), 70, 1e-9);
  EXPECT_TRUE(v.passed_overall);
  EXPECT_TRUE(v.passed);
  EXPECT_EQ(v.correct, 1);
  auto low = assessment::judgeExam({{"0", 1, true}, {"0", 1, true}, {"4", 0.49, false}, {"4", 0.5, false}}, bp);
  EXPECT_TRUE(low.passed_overall);
  EXPECT_EQ(low.groups_below_minimum, std::vector<std::string>{"4"});
  EXPECT_FALSE(low.passed);
  auto fail = assessment::judgeExam({{"0", 1, true}, {"0", 0, false}, {"4", 1, true}, {"4", 0.5, false}}, bp);
  EXPECT_FALSE(fail.passed_overall);
  EXPECT_FALSE(fail.passed);
}

// ---- the service ---------------------------------------------------------------

class ExamServiceTest : public test::ExamKioskTest {
 protected:
  void registerPeople() {
    learner = test::registerConsented(*learners, "Khổng Thị Mận", 1965, "1357",
                                      [](app::Registration& r) { r.citizen_id = "001165000111"; });
    ASSERT_FALSE(learner.id.empty());
    auto f = app::FacilitatorService(*ctx).addFacilitator("Cán bộ Vũ Văn Dũng", "8642");
    ASSERT_TRUE(f) << f.error().message;
    facilitator = *f;
  }
  app::ExamView start(uint64_t seed = 99) {
    auto o = exams->startExam({learner.id, facilitator.id, "8642", true, seed});
    EXPECT_TRUE(o) << (o ? "" : o.error().message);
    EXPECT_EQ(o->status, app::ExamStartStatus::Started);
    return o->exam;
  }
  SQLite::Database reader() { return SQLite::Database((dir.path() / "kiosk.db").string(), SQLite::OPEN_READONLY); }
  int count(const std::string& sql) { return reader().execAndGet(sql).getInt(); }
  const content::Question& question(const std::string& id) { return *ctx->pack.findQuestion(id); }

  assessment::Learner learner;
  assessment::Facilitator facilitator;
};

TEST_F(ExamServiceTest, AFacilitatorWithTheRightPinWhoCheckedTheIdStartsIt) {
  registerPeople();
  auto noCheck = exams->startExam({learner.id, facilitator.id, "8642", false, 1});
  ASSERT_FALSE(noCheck);
  auto wrong = exams->startExam({learner.id, facilitator.id, "0000", true, 1});
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, app::ExamStartStatus::WrongFacilitatorPin);
  EXPECT_EQ(count("SELECT COUNT(*) FROM attempts"), 0);
  auto exam = start();
  EXPECT_EQ(static_cast<int>(exam.questions.size()), citizenBlueprint(ctx->pack).totalQuestions());
  EXPECT_EQ(exam.time_limit_ms, 40 * 60'000);
  EXPECT_EQ(exam.remaining_ms, 40 * 60'000);
  auto db = reader();
  SQLite::Statement q(db, "SELECT facilitator_id, identity_checked, seed FROM exam_sessions");
  ASSERT_TRUE(q.executeStep());
  EXPECT_EQ(q.getColumn(0).getString(), facilitator.id);
  EXPECT_EQ(q.getColumn(1).getInt(), 1);
  EXPECT_EQ(q.getColumn(2).getString(), "99");
  // One open exam per learner.
  EXPECT_FALSE(exams->startExam({learner.id, facilitator.id, "8642", true, 2}));
  // The facilitator's name is personal data too.
  ctx->db->exec("PRAGMA wal_checkpoint(FULL)");
  std::ifstream in(dir.path() / "kiosk.db", std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(bytes.find("Vũ Văn Dũng"), std::string::npos);
}

TEST_F(ExamServiceTest, FacilitatorPinHasTheSameLockout) {
  registerPeople();
  for (int i = 0; i < 4; ++i)
    EXPECT_EQ(exams->startExam({learner.id, facilitator.id, "1111", true, 1})->retry_after_ms, 0);
  EXPECT_EQ(exams->startExam({learner.id, facilitator.id, "1111", true, 1})->retry_after_ms, 30'000);
  auto locked = exams->startExam({learner.id, facilitator.id, "8642", true, 1});
  EXPECT_EQ(locked->status, app::ExamStartStatus::FacilitatorLocked);
  open();  // a restart keeps it
  EXPECT_EQ(exams->startExam({learner.id, facilitator.id, "8642", true, 1})->status, app::ExamStartStatus::FacilitatorLocked);
  wall_ms += 30'000;
  EXPECT_EQ(exams->startExam({learner.id, facilitator.id, "8642", true, 1})->status, app::ExamStartStatus::Started);
}

TEST_F(ExamServiceTest, EachAnswerIsDurableWhenTheCallReturnsAndGivesNoFeedback) {
  registerPeople();
  auto exam = start();
  auto db = reader();
  for (size_t i = 0; i < 5; ++i) {
    const auto& qid = exam.questions[i].question_id;
    mono += 10s;
    auto remaining = exams->submitAnswer(exam.attempt_id, qid, test::rightResponse(question(qid)));
    ASSERT_TRUE(remaining) << remaining.error().message;
    EXPECT_EQ(*remaining, 40 * 60'000 - static_cast<long long>(i + 1) * 10'000);
    SQLite::Statement q(db, "SELECT COUNT(*) FROM answers WHERE attempt_id = ?");
    q.bind(1, exam.attempt_id);
    ASSERT_TRUE(q.executeStep());
    EXPECT_EQ(q.getColumn(0).getInt(), static_cast<int>(i + 1));
    SQLite::Statement t(db, "SELECT elapsed_ms FROM exam_sessions");
    ASSERT_TRUE(t.executeStep());
    EXPECT_EQ(t.getColumn(0).getInt64(), static_cast<long long>(i + 1) * 10'000) << "time committed with the answer";
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM results"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox"), 0) << "nothing leaves before the end";
  EXPECT_FALSE(exams->submitAnswer(exam.attempt_id, "q-not-in-exam", {0}));
}

TEST_F(ExamServiceTest, FlagsForReviewAreKept) {
  registerPeople();
  auto exam = start();
  const auto& q3 = exam.questions[3].question_id;
  ASSERT_TRUE(exams->setFlag(exam.attempt_id, q3, true));
  ASSERT_TRUE(exams->setFlag(exam.attempt_id, exam.questions[4].question_id, true));
  ASSERT_TRUE(exams->setFlag(exam.attempt_id, exam.questions[4].question_id, false));
  auto v = exams->view(exam.attempt_id);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->flagged, 1);
  EXPECT_TRUE(v->questions[3].flagged);
  EXPECT_FALSE(v->questions[4].flagged);
}

TEST_F(ExamServiceTest, AfterACrashItResumesWithTheSameQuestionsAnswersFlagsAndRemainingTime) {
  registerPeople();
  auto exam = start(12345);
  for (size_t i = 0; i < 7; ++i) {
    mono += 30s;
    const auto& qid = exam.questions[i].question_id;
    ASSERT_TRUE(exams->submitAnswer(exam.attempt_id, qid, test::rightResponse(question(qid))));
  }
  ASSERT_TRUE(exams->setFlag(exam.attempt_id, exam.questions[2].question_id, true));
  mono += 20s;  // answered nothing more, then the power went out: these 20 s were never committed
  open();       // a new process: new service, new context
  mono += 5min; // the kiosk was off: not counted
  auto again = exams->unfinishedExam(learner.id);
  ASSERT_TRUE(again && *again);
  EXPECT_EQ(**again, exam.attempt_id);
  auto v = exams->resume(exam.attempt_id);
  ASSERT_TRUE(v) << v.error().message;
  ASSERT_EQ(v->questions.size(), exam.questions.size());
  for (size_t i = 0; i < exam.questions.size(); ++i) EXPECT_EQ(v->questions[i].question_id, exam.questions[i].question_id);
  EXPECT_EQ(v->answered, 7);
  EXPECT_TRUE(v->questions[2].flagged);
  EXPECT_EQ(v->questions[0].response, test::rightResponse(question(exam.questions[0].question_id)));
  EXPECT_EQ(v->remaining_ms, 40 * 60'000 - 7 * 30'000);
  // It can be finished.
  for (size_t i = 7; i < v->questions.size(); ++i) {
    const auto& qid = v->questions[i].question_id;
    ASSERT_TRUE(exams->submitAnswer(exam.attempt_id, qid, test::rightResponse(question(qid))));
  }
  auto done = exams->finishExam(exam.attempt_id);
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_TRUE(done->result.passed);
  EXPECT_EQ(done->result.duration_ms, 7 * 30'000);
}

TEST_F(ExamServiceTest, ChangingTheSystemTimeNeitherExtendsNorEndsTheAttempt) {
  registerPeople();
  auto exam = start();
  mono += 10min;
  const auto& q0 = exam.questions[0].question_id;
  ASSERT_EQ(*exams->submitAnswer(exam.attempt_id, q0, {0}), 30 * 60'000);
  wall_ms -= 24LL * 3600 * 1000;  // clock set back a day: no extra time
  EXPECT_EQ(exams->view(exam.attempt_id)->remaining_ms, 30 * 60'000);
  wall_ms += 48LL * 3600 * 1000;  // clock jumps forward two days: not over
  const auto& q1 = exam.questions[1].question_id;
  auto r = exams->submitAnswer(exam.attempt_id, q1, {0});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(*r, 30 * 60'000);
  EXPECT_EQ(*exams->checkpoint(exam.attempt_id), 30 * 60'000);
  // Only monotonic time ends it.
  mono += 30min;
  auto late = exams->submitAnswer(exam.attempt_id, exam.questions[2].question_id, {0});
  ASSERT_FALSE(late);
  EXPECT_NE(late.error().message.find("time is up"), std::string::npos);
  EXPECT_EQ(late.error().code, ErrorCode::Expired);  // the exam screen decides on the kind, not the text
  EXPECT_TRUE(exams->view(exam.attempt_id)->time_up);
  EXPECT_EQ(count("SELECT COUNT(*) FROM answers"), 2);
  EXPECT_EQ(count("SELECT elapsed_ms FROM exam_sessions"), 40 * 60'000);
  auto done = exams->finishExam(exam.attempt_id);
  ASSERT_TRUE(done);
  EXPECT_EQ(done->result.duration_ms, 40 * 60'000);
  EXPECT_FALSE(done->result.passed);
}

TEST_F(ExamServiceTest, ExtraTimeGrantedAtTheStartExtendsTheLimitAndIsRecordedWithTheResult) {
  registerPeople();
  app::ExamStartRequest req{learner.id, facilitator.id, "8642", true, 99};
  req.extra_minutes = assessment::kMaxExtraMinutes + 1;
  auto tooMuch = exams->startExam(req);
  ASSERT_FALSE(tooMuch);
  EXPECT_EQ(tooMuch.error().code, ErrorCode::Invalid);
  req.extra_minutes = -5;
  EXPECT_FALSE(exams->startExam(req));
  EXPECT_EQ(count("SELECT COUNT(*) FROM attempts"), 0);
  req.extra_minutes = 20;
  auto started = exams->startExam(req);
  ASSERT_TRUE(started) << started.error().message;
  const auto exam = started->exam;
  EXPECT_EQ(exam.extra_minutes, 20);
  EXPECT_EQ(exam.time_limit_ms, 60 * 60'000);  // the blueprint's 40 minutes + 20
  EXPECT_EQ(count("SELECT extra_minutes FROM exam_sessions"), 20);
  // Past the blueprint's 40 minutes the learner may still answer...
  mono += 45min;
  auto r = exams->submitAnswer(exam.attempt_id, exam.questions[0].question_id,
                               test::rightResponse(question(exam.questions[0].question_id)));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(*r, 15 * 60'000);
  // ...and it survives a restart (the limit is stored, not recomputed).
  open();
  EXPECT_EQ(exams->resume(exam.attempt_id)->extra_minutes, 20);
  EXPECT_EQ(exams->resume(exam.attempt_id)->remaining_ms, 15 * 60'000);
  mono += 16min;
  EXPECT_TRUE(exams->view(exam.attempt_id)->time_up);
  auto done = exams->finishExam(exam.attempt_id);
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_EQ(done->result.duration_ms, 60 * 60'000);
  auto details = nlohmann::json::parse(reader().execAndGet("SELECT details FROM results").getString());
  EXPECT_EQ(details["extra_minutes"], 20);
  // Every exam statement says so in its context; an exam without extra time does not.
  auto db = reader();
  SQLite::Statement q(db, "SELECT payload FROM outbox WHERE endpoint = 'lrs'");
  int withExtra = 0;
  while (q.executeStep()) {
    auto st = nlohmann::json::parse(q.getColumn(0).getString());
    const std::string verb = st["verb"]["id"];
    for (const auto& [key, value] : st["context"]["extensions"].items())
      if (key.size() >= 22 && key.substr(key.size() - 22) == "ext/extra-time-minutes") {
        EXPECT_EQ(value, 20) << verb;
        ++withExtra;
      }
  }
  EXPECT_EQ(withExtra, 3) << "attempted, failed/passed and completed";
}

TEST_F(ExamServiceTest, WithoutExtraTimeTheBlueprintsLimitStands) {
  registerPeople();
  auto exam = start();
  EXPECT_EQ(exam.extra_minutes, 0);
  EXPECT_EQ(exam.time_limit_ms, 40 * 60'000);
  mono += 41min;
  EXPECT_TRUE(exams->view(exam.attempt_id)->time_up);
  ASSERT_TRUE(exams->finishExam(exam.attempt_id));
  auto details = nlohmann::json::parse(reader().execAndGet("SELECT details FROM results").getString());
  EXPECT_EQ(details["extra_minutes"], 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE payload LIKE '%extra-time-minutes%'"), 0);
}

TEST_F(ExamServiceTest, PeriodicCheckpointsKeepTheTimeAcrossACrash) {
  registerPeople();
  auto exam = start();
  for (int i = 0; i < 12; ++i) {  // two minutes reading one question, checkpoint every 10 s
    mono += 10s;
    ASSERT_TRUE(exams->checkpoint(exam.attempt_id));
  }
  mono += 7s;
  open();
  EXPECT_EQ(exams->resume(exam.attempt_id)->remaining_ms, 38 * 60'000);
}

TEST_F(ExamServiceTest, FinishWritesTheResultAndItsStatementsInOneTransaction) {
  registerPeople();
  auto exam = start();
  ASSERT_NO_FATAL_FAILURE(test::answerExamRight(*exams, *ctx, exam));
  ctx->db->exec(
      "CREATE TEMP TRIGGER fail_outbox BEFORE INSERT ON outbox "
      "WHEN (SELECT COUNT(*) FROM outbox) >= 3 BEGIN SELECT RAISE(ABORT, 'disk full'); END");
  EXPECT_FALSE(exams->finishExam(exam.attempt_id));
  EXPECT_EQ(count("SELECT COUNT(*) FROM results"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox"), 0);
  ctx->db->exec("DROP TRIGGER fail_outbox");
  auto done = exams->finishExam(exam.attempt_id);
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_TRUE(done->result.passed);
  EXPECT_DOUBLE_EQ(done->verdict.percent(), 100);
  auto details = nlohmann::json::parse(reader().execAndGet("SELECT details FROM results").getString());
  EXPECT_EQ(details["pass_percent"], 70);
  EXPECT_EQ(details["groups"].size(), 7u);

  std::map<std::string, int> verbs;
  auto db = reader();
  SQLite::Statement q(db, "SELECT payload FROM outbox WHERE endpoint = 'lrs'");
  while (q.executeStep()) {
    auto st = nlohmann::json::parse(q.getColumn(0).getString());
    ++verbs[st["verb"]["id"].get<std::string>().substr(std::string("http://adlnet.gov/expapi/verbs/").size())];
    EXPECT_EQ(st["actor"]["account"]["name"], learner.id);
    EXPECT_EQ(st.dump().find("Khổng"), std::string::npos);
  }
  EXPECT_EQ(verbs["attempted"], 1);
  EXPECT_EQ(verbs["passed"], 1);
  EXPECT_EQ(verbs["failed"], 0);
  EXPECT_EQ(verbs["completed"], 1);
  EXPECT_EQ(verbs["answered"], static_cast<int>(exam.questions.size()));
  EXPECT_FALSE(exams->finishExam(exam.attempt_id)) << "finished once only";
}

TEST_F(ExamServiceTest, AFailedExamQueuesFailedNotPassed) {
  registerPeople();
  auto exam = start();
  auto done = exams->finishExam(exam.attempt_id);  // nothing answered
  ASSERT_TRUE(done);
  EXPECT_FALSE(done->result.passed);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE payload LIKE '%verbs/failed%'"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE payload LIKE '%verbs/passed%'"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE payload LIKE '%verbs/satisfied%'"), 0) << "no certificate, no satisfied";
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE payload LIKE '%/certification/%'"), 0);
  EXPECT_FALSE(done->certificate_id);
}

TEST_F(ExamServiceTest, APassedExamQueuesExactlyOneSatisfiedForItsCertification) {
  registerPeople();
  auto exam = start();
  ASSERT_NO_FATAL_FAILURE(test::answerExamRight(*exams, *ctx, exam));
  auto done = exams->finishExam(exam.attempt_id);
  ASSERT_TRUE(done) << done.error().message;
  ASSERT_TRUE(done->certificate_id);
  EXPECT_FALSE(exams->finishExam(exam.attempt_id));

  std::vector<nlohmann::json> satisfied;
  auto db = reader();
  SQLite::Statement q(db, "SELECT payload FROM outbox WHERE endpoint = 'lrs' ORDER BY seq");
  const std::string base = ctx->config.activity_base;
  while (q.executeStep()) {
    auto st = nlohmann::json::parse(q.getColumn(0).getString());
    test::expectValidKioskStatement(st, base);  // every statement of the exam
    if (st["verb"]["id"] == "https://w3id.org/xapi/adl/verbs/satisfied") satisfied.push_back(st);
  }
  ASSERT_EQ(satisfied.size(), 1u);
  const auto& st = satisfied[0];
  const std::string version = ctx->pack.framework.version.empty() ? ctx->pack.info.framework_version
                                                                  : ctx->pack.framework.version;
  sync::XapiContext x{base, ctx->config.account_home_page, ctx->kiosk_id, ctx->config.site_id, ctx->pack.info.id,
                      ctx->pack.info.version};
  EXPECT_EQ(st["id"], sync::statementId(x, "result/" + done->result.id + "/satisfied"));
  EXPECT_EQ(st["verb"]["display"]["vi-VN"], "đã đạt yêu cầu");
  EXPECT_EQ(st["actor"]["account"]["name"], learner.id);
  EXPECT_EQ(st["object"]["id"], base + "certification/qd757/citizen/" + version);
  EXPECT_EQ(st["object"]["definition"]["type"], "http://adlnet.gov/expapi/activities/objective");
  EXPECT_EQ(st["result"]["success"], true);
  EXPECT_EQ(st["result"]["completion"], true);
  EXPECT_EQ(st["result"]["extensions"][base + "ext/certificate-id"], *done->certificate_id);
  const auto& c = st["context"];
  EXPECT_EQ(c["registration"], exam.attempt_id);
  EXPECT_EQ(c["extensions"][base + "ext/certificate-id"], *done->certificate_id);
  EXPECT_EQ(c["extensions"][base + "ext/target-group"], "citizen");
  EXPECT_EQ(c["extensions"][base + "ext/framework"], "qd757@" + version);
  EXPECT_EQ(c["extensions"][base + "ext/kiosk-id"], ctx->kiosk_id);
  EXPECT_EQ(c["contextActivities"]["parent"][0]["id"], base + "exam/qd757/citizen");
  EXPECT_FALSE(c["contextActivities"]["grouping"].empty()) << "the exam's competencies";
  EXPECT_EQ(st["timestamp"], done->result.completed_at);
  EXPECT_EQ(st.dump().find("Khổng"), std::string::npos);
  EXPECT_EQ(st.dump().find("Vũ Văn Dũng"), std::string::npos) << "no facilitator name either";
}

TEST_F(ExamServiceTest, TheCertificateNamesTheFacilitatorWhoUnlockedTheExam) {
  registerPeople();
  auto exam = start();
  ASSERT_NO_FATAL_FAILURE(test::answerExamRight(*exams, *ctx, exam));
  auto done = exams->finishExam(exam.attempt_id);
  ASSERT_TRUE(done && done->certificate_id);
  auto check = assessment::verifyCertificatePayload(done->certificate_payload, {ctx->signer->publicKey()});
  ASSERT_TRUE(check.valid) << check.problem;
  EXPECT_EQ(check.certificate.facilitator_id, facilitator.id);
  EXPECT_EQ(check.certificate.version(), 2);
  auto body = assessment::unbase64url(done->certificate_payload.substr(0, done->certificate_payload.find('.')));
  ASSERT_TRUE(body);
  EXPECT_EQ(nlohmann::json::parse(*body)["facilitator"], facilitator.id);
  EXPECT_EQ(body->find("Vũ Văn Dũng"), std::string::npos) << "the facilitator's name is not in the signed payload";
  auto db = reader();
  SQLite::Statement row(db, "SELECT facilitator_id FROM certificates");
  ASSERT_TRUE(row.executeStep());
  EXPECT_EQ(row.getColumn(0).getString(), facilitator.id);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE payload LIKE '%Vũ Văn Dũng%'"), 0) << "nor in anything sent";
}

TEST_F(ExamServiceTest, ASecondAttemptAvoidsTheFirstAttemptsQuestions) {
  registerPeople();
  auto first = start(5);
  ASSERT_TRUE(exams->finishExam(first.attempt_id));
  auto second = start(5);
  std::set<std::string> before;
  for (const auto& q : first.questions) before.insert(q.question_id);
  for (const auto& q : second.questions) EXPECT_EQ(before.count(q.question_id), 0u) << q.question_id;
}

}  // namespace
}  // namespace hocso
