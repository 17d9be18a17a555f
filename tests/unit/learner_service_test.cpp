// Learners with consent: registration, field validation, encryption at rest
// (bytes of kiosk.db and its WAL), PIN sign-in with the stored lockout, and
// erasure with xAPI voiding statements.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <fstream>
#include <iterator>
#include <sstream>
#include <nlohmann/json.hpp>

#include "learner_service.hpp"
#include "learning_service.hpp"
#include "sync/outbox.hpp"
#include "sync/xapi.hpp"
#include "test_support.hpp"

namespace hocso {
namespace {

app::Registration sampleRegistration() {
  app::Registration r = test::consentedRegistration("Trần Thị Bích Ngọc", 1971, "2468");
  r.citizen_id = "036171004321";
  r.phone = "0912 345 678";
  return r;
}

std::string fileBytes(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

class LearnerServiceTest : public test::LearnerServiceFixture {
 protected:
  SQLite::Database reader() { return SQLite::Database((dir.path() / "kiosk.db").string(), SQLite::OPEN_READONLY); }
};

TEST_F(LearnerServiceTest, RegistrationRecordsAnExplicitVersionedConsent) {
  auto l = service->registerLearner(sampleRegistration());
  ASSERT_TRUE(l) << l.error().message;
  auto c = service->consentOf(l->id);
  ASSERT_TRUE(c && *c);
  EXPECT_EQ((*c)->text_version, app::currentConsentText().version);
  EXPECT_FALSE((*c)->given_at.empty());
  EXPECT_NE(std::find((*c)->fields.begin(), (*c)->fields.end(), "citizen_id"), (*c)->fields.end());
  EXPECT_NE(std::find((*c)->fields.begin(), (*c)->fields.end(), "phone"), (*c)->fields.end());
  EXPECT_TRUE((*c)->covers("certification_endpoint"));
  EXPECT_FALSE((*c)->purposes.empty());
  auto back = service->find(l->id);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->full_name, "Trần Thị Bích Ngọc");
  EXPECT_EQ(back->citizen_id, "036171004321");
  EXPECT_EQ(back->phone, "0912345678");
}

TEST_F(LearnerServiceTest, RegistrationWithoutConsentIsRefusedAndStoresNothing) {
  auto r = sampleRegistration();
  r.consent_given = false;
  EXPECT_FALSE(service->registerLearner(r));
  r.consent_given = true;
  r.consent_version = "1999.0";
  EXPECT_FALSE(service->registerLearner(r));
  EXPECT_EQ(reader().execAndGet("SELECT COUNT(*) FROM learners").getInt(), 0);
  EXPECT_EQ(reader().execAndGet("SELECT COUNT(*) FROM consents").getInt(), 0);
}

TEST_F(LearnerServiceTest, ConsentCanExcludeTheCertificationEndpoint) {
  auto r = sampleRegistration();
  r.share_identity_for_certificate = false;
  auto l = service->registerLearner(r);
  ASSERT_TRUE(l);
  auto c = service->consentOf(l->id);
  ASSERT_TRUE(c && *c);
  EXPECT_FALSE((*c)->covers("certification_endpoint"));
  EXPECT_TRUE((*c)->covers("lrs"));
}

TEST_F(LearnerServiceTest, FieldValidatorsForTheUi) {
  using app::LearnerService;
  EXPECT_FALSE(LearnerService::validateField("citizen_id", ""));
  EXPECT_FALSE(LearnerService::validateField("citizen_id", "001203004005"));
  EXPECT_TRUE(LearnerService::validateField("citizen_id", "00120300400"));     // 11 digits
  EXPECT_TRUE(LearnerService::validateField("citizen_id", "0012030040051"));   // 13 digits
  EXPECT_TRUE(LearnerService::validateField("citizen_id", "00120300400a"));    // a letter
  EXPECT_TRUE(LearnerService::validateField("citizen_id", "001 20300400"));    // a space inside
  EXPECT_EQ(LearnerService::validateField("citizen_id", "1")->field, "citizen_id");
  EXPECT_FALSE(LearnerService::validateField("phone", "+84 912 345 678"));
  EXPECT_FALSE(LearnerService::validateField("phone", "0912.345.678"));
  EXPECT_TRUE(LearnerService::validateField("phone", "12345"));
  EXPECT_TRUE(LearnerService::validateField("pin", "123"));
  EXPECT_TRUE(LearnerService::validateField("pin", "12a4"));
  EXPECT_FALSE(LearnerService::validateField("pin", "0007"));
  EXPECT_TRUE(LearnerService::validateField("target_group", "farmer"));
  for (const auto& g : app::kTargetGroups) EXPECT_FALSE(LearnerService::validateField("target_group", g));
  EXPECT_TRUE(LearnerService::validateField("birth_year", "18"));
  EXPECT_TRUE(LearnerService::validateField("name", "  "));
  auto r = sampleRegistration();
  r.citizen_id = "12";
  r.pin = "";
  auto errors = LearnerService::validate(r);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].field, "citizen_id");
  EXPECT_EQ(errors[1].field, "pin");
}

TEST_F(LearnerServiceTest, ACitizenIdCanBeRegisteredOnlyOnce) {
  ASSERT_TRUE(service->registerLearner(sampleRegistration()));
  auto again = sampleRegistration();
  again.full_name = "Someone Else";
  auto refused = service->registerLearner(again);
  ASSERT_FALSE(refused);
  // The register screen and the simulator decide on the kind, not the text.
  EXPECT_EQ(refused.error().code, ErrorCode::Exists);
}

TEST_F(LearnerServiceTest, MentorMustBeARegisteredLearner) {
  auto mentor = service->registerLearner(sampleRegistration());
  ASSERT_TRUE(mentor);
  auto r = sampleRegistration();
  r.full_name = "Lê Văn Học";
  r.citizen_id = "";
  r.mentor_id = "no-such-learner";
  EXPECT_FALSE(service->registerLearner(r));
  r.mentor_id = mentor->id;
  auto mentee = service->registerLearner(r);
  ASSERT_TRUE(mentee) << mentee.error().message;
  EXPECT_EQ(service->find(mentee->id)->mentor_id, mentor->id);
}

// Privacy: registration offers only the Đại sứ số a facilitator listed, by
// name; the others at the site are never listed. Erasure takes a name off.
TEST_F(LearnerServiceTest, OnlyListedMentorsAreOfferedAndErasureTakesThemOff) {
  auto empty = service->listedMentors();
  ASSERT_TRUE(empty) << empty.error().message;
  EXPECT_TRUE(empty->empty());
  auto r = sampleRegistration();
  r.citizen_id = "";
  r.full_name = "Vũ Văn Toàn";
  auto toan = service->registerLearner(r);
  r.full_name = "Đỗ Thị Mai";
  auto mai = service->registerLearner(r);
  r.full_name = "Lý Văn Khách";
  auto other = service->registerLearner(r);
  ASSERT_TRUE(toan && mai && other);

  ASSERT_TRUE(service->setListedMentor(toan->id, true, "fac-1"));
  ASSERT_TRUE(service->setListedMentor(mai->id, true, "fac-2"));
  ASSERT_TRUE(service->setListedMentor(mai->id, true, "fac-3"));  // twice: harmless, the first is kept
  EXPECT_FALSE(service->setListedMentor("no-such-learner", true, "fac-1"));
  auto listed = service->listedMentors();
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 2u);  // in the order of the alphabet; Lý Văn Khách is not offered
  EXPECT_EQ((*listed)[0].full_name, "Đỗ Thị Mai");
  EXPECT_EQ((*listed)[1].full_name, "Vũ Văn Toàn");
  EXPECT_EQ((*listed)[0].learner_id, mai->id);
  EXPECT_EQ(ctx->db->execAndGet("SELECT listed_by FROM kiosk_mentors WHERE learner_id = '" + mai->id + "'").getString(),
            "fac-2");

  // A listed mentor chosen at registration.
  r.full_name = "Hoàng Thị Lan";
  r.mentor_id = (*listed)[0].learner_id;
  auto lan = service->registerLearner(r);
  ASSERT_TRUE(lan) << lan.error().message;
  EXPECT_EQ(service->find(lan->id)->mentor_id, mai->id);

  // Taken off the list by a facilitator, or erased: no longer offered.
  ASSERT_TRUE(service->setListedMentor(toan->id, false, "fac-1"));
  ASSERT_TRUE(service->deleteLearner(mai->id));
  EXPECT_TRUE(service->listedMentors()->empty());
  EXPECT_EQ(ctx->db->execAndGet("SELECT COUNT(*) FROM kiosk_mentors").getInt(), 0);
  EXPECT_FALSE(service->setListedMentor(mai->id, true, "fac-1"));  // an erased learner cannot be listed
}

// Cells of `db` that hold `value` as a value: the whole cell, or a JSON
// string or number in it. (Four digits such as a PIN also turn up by chance
// in hex hashes, UUIDs and timestamps, so a PIN is looked for as a value,
// not as bytes anywhere in the file.)
long long cellsHolding(SQLite::Database& db, const std::string& value) {
  std::vector<std::string> tables;
  SQLite::Statement t(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
  while (t.executeStep()) tables.push_back(t.getColumn(0).getString());
  long long n = 0;
  for (const auto& table : tables) {
    SQLite::Statement cols(db, "SELECT name FROM pragma_table_info(?)");
    cols.bind(1, table);
    while (cols.executeStep()) {
      const std::string c = "CAST(\"" + cols.getColumn(0).getString() + "\" AS TEXT)";
      SQLite::Statement q(db, "SELECT COUNT(*) FROM \"" + table + "\" WHERE " + c + " = ?1 OR instr(" + c +
                                  ", '\"' || ?1 || '\"') > 0 OR instr(" + c + ", ':' || ?1 || ',') > 0 OR instr(" + c +
                                  ", ':' || ?1 || '}') > 0");
      q.bind(1, value);
      if (q.executeStep()) n += q.getColumn(0).getInt64();
    }
  }
  return n;
}

TEST_F(LearnerServiceTest, NoPersonalFieldIsStoredInPlaintextInAnyDatabaseFile) {
  auto l = service->registerLearner(sampleRegistration());
  ASSERT_TRUE(l);
  ASSERT_TRUE(service->signInByCitizenId("036171004321", "2468"));
  ASSERT_TRUE(service->signInByName("trần thị bích ngọc", 1971, "1111"));  // a failure row too
  const std::vector<std::string> secrets = {"Trần Thị Bích Ngọc", "Bích Ngọc", "036171004321", "0912345678",
                                            "912345678",          "0912 345 678"};
  const std::string pin = "2468";
  auto scan = [&](const char* when) {
    for (const char* file : {"kiosk.db", "kiosk.db-wal", "kiosk.db-journal"}) {
      const auto path = dir.path() / file;
      if (!std::filesystem::exists(path)) continue;
      const std::string bytes = fileBytes(path);
      for (const auto& s : secrets) EXPECT_EQ(bytes.find(s), std::string::npos) << s << " in " << file << " " << when;
    }
    EXPECT_EQ(cellsHolding(*ctx->db, pin), 0) << "the PIN is stored as a value " << when;
  };
  scan("before checkpoint");
  ctx->db->exec("PRAGMA wal_checkpoint(FULL)");
  scan("after checkpoint");
  // A backup made with SQLite's own backup (what an operator would copy).
  ctx->db->backup((dir.path() / "backup.db").string().c_str(), SQLite::Database::Save);
  const std::string backup = fileBytes(dir.path() / "backup.db");
  for (const auto& s : secrets) EXPECT_EQ(backup.find(s), std::string::npos) << s << " in the backup";
  SQLite::Database copy((dir.path() / "backup.db").string());
  EXPECT_EQ(cellsHolding(copy, pin), 0) << "the PIN is stored as a value in the backup";
  // The check can fail: a cell that holds the PIN is found.
  SQLite::Database probe((dir.path() / "probe.db").string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  probe.exec("CREATE TABLE t(a TEXT, b TEXT); INSERT INTO t VALUES ('x', '{\"pin\":\"2468\"}'), ('2468', 'y')");
  EXPECT_EQ(cellsHolding(probe, pin), 2);
  // And nothing in the logs: not the fields, and not the PIN after any
  // word such as "pin" (log lines hold timestamps and ids with digits).
  std::error_code ec;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir.path() / "logs", ec)) {
    const std::string bytes = fileBytes(e.path());
    for (const auto& s : secrets) EXPECT_EQ(bytes.find(s), std::string::npos) << s << " in " << e.path();
    for (const std::string& around : std::vector<std::string>{" " + pin + " ", "=" + pin, ": " + pin, "'" + pin + "'", "\"" + pin + "\""})
      EXPECT_EQ(bytes.find(around), std::string::npos) << around << " in " << e.path();
  }
}

TEST_F(LearnerServiceTest, SignInByNameAndBirthYearOrByCitizenId) {
  auto l = service->registerLearner(sampleRegistration());
  ASSERT_TRUE(l);
  auto byName = service->signInByName("  TRẦN  thị BÍCH ngọc ", 1971, "2468");
  ASSERT_TRUE(byName);
  EXPECT_EQ(byName->status, app::SignInStatus::SignedIn);
  EXPECT_EQ(byName->learner.id, l->id);
  auto byId = service->signInByCitizenId("036171004321", "2468");
  ASSERT_TRUE(byId);
  EXPECT_EQ(byId->status, app::SignInStatus::SignedIn);
  EXPECT_EQ(service->signInByName("Trần Thị Bích Ngọc", 1972, "2468")->status, app::SignInStatus::WrongCredentials);
  EXPECT_EQ(service->signInByName("Nobody", 1971, "2468")->status, app::SignInStatus::WrongCredentials);
  EXPECT_EQ(service->signInByCitizenId("036171004322", "2468")->status, app::SignInStatus::WrongCredentials);
}

TEST_F(LearnerServiceTest, PinsAreHashedWithSaltAndNeverStoredInClear) {
  auto a = service->registerLearner(sampleRegistration());
  auto r = sampleRegistration();
  r.full_name = "Phạm Văn Đồng";
  r.citizen_id = "";
  auto b = service->registerLearner(r);  // same PIN
  ASSERT_TRUE(a && b);
  SQLite::Statement q(*ctx->db, "SELECT pin_hash FROM learners ORDER BY created_at");
  std::vector<std::string> hashes;
  while (q.executeStep()) hashes.push_back(q.getColumn(0).getString());
  ASSERT_EQ(hashes.size(), 2u);
  EXPECT_NE(hashes[0], hashes[1]) << "per-learner salt";
  EXPECT_EQ(hashes[0].rfind("pbkdf2-sha256$", 0), 0u);
  // No part of the stored value is the PIN itself (a substring check would
  // fail by chance on random salt/hash text), and it checks only that PIN.
  std::stringstream parts(hashes[0]);
  for (std::string part; std::getline(parts, part, '$');) EXPECT_NE(part, "2468");
  EXPECT_TRUE(assessment::verifyPin("2468", hashes[0], ctx->cipher));
  EXPECT_FALSE(assessment::verifyPin("2469", hashes[0], ctx->cipher));
}

TEST_F(LearnerServiceTest, FiveWrongPinsLockWithAGrowingDelayThatSurvivesARestart) {
  auto l = service->registerLearner(sampleRegistration());
  ASSERT_TRUE(l);
  const std::string before = reader().execAndGet("SELECT full_name_enc || pin_hash || created_at FROM learners").getString();
  for (int i = 0; i < 4; ++i) {
    auto o = service->signInByCitizenId("036171004321", "0000");
    ASSERT_TRUE(o);
    EXPECT_EQ(o->status, app::SignInStatus::WrongCredentials);
    EXPECT_EQ(o->retry_after_ms, 0);
  }
  auto fifth = service->signInByName("Trần Thị Bích Ngọc", 1971, "0000");  // both ways count for the learner
  ASSERT_TRUE(fifth);
  EXPECT_EQ(fifth->retry_after_ms, 30'000);
  // Even the right PIN is refused while locked, and that refusal is not counted.
  auto locked = service->signInByCitizenId("036171004321", "2468");
  EXPECT_EQ(locked->status, app::SignInStatus::Locked);
  EXPECT_EQ(locked->retry_after_ms, 30'000);

  // A restart does not reset the count.
  open();
  EXPECT_EQ(service->signInByCitizenId("036171004321", "2468")->status, app::SignInStatus::Locked);
  now_ms += 30'000;
  auto sixth = service->signInByCitizenId("036171004321", "9999");
  EXPECT_EQ(sixth->status, app::SignInStatus::WrongCredentials);
  EXPECT_EQ(sixth->retry_after_ms, 60'000) << "the delay doubles";
  now_ms += 60'000;
  EXPECT_EQ(service->signInByCitizenId("036171004321", "9999")->retry_after_ms, 120'000);
  now_ms += 120'000;
  auto ok = service->signInByCitizenId("036171004321", "2468");
  EXPECT_EQ(ok->status, app::SignInStatus::SignedIn);
  // The right PIN clears the count: a new wrong PIN does not lock.
  EXPECT_EQ(service->signInByCitizenId("036171004321", "9999")->retry_after_ms, 0);
  // Nothing else about the learner changed.
  EXPECT_EQ(reader().execAndGet("SELECT full_name_enc || pin_hash || created_at FROM learners").getString(), before);
}

TEST_F(LearnerServiceTest, UnknownIdentifiersAreRateLimitedToo) {
  for (int i = 0; i < 5; ++i) (void)service->signInByCitizenId("999999999999", "0000");
  EXPECT_EQ(service->signInByCitizenId("999999999999", "0000")->status, app::SignInStatus::Locked);
}

TEST_F(LearnerServiceTest, DeletingALearnerErasesPersonalDataAndVoidsWhatWasSent) {
  auto l = service->registerLearner(sampleRegistration());
  ASSERT_TRUE(l);
  app::LearningService learning(*ctx);
  auto attempt = learning.startLessonQuiz(l->id, "l-0-1-cham-vuot");
  ASSERT_TRUE(attempt);
  for (const auto& qid : attempt->question_ids) ASSERT_TRUE(learning.submitAnswer(*attempt, qid, {0}));
  ASSERT_TRUE(learning.finishQuiz(attempt->id));
  // The LRS got them.
  ctx->db->exec("UPDATE outbox SET state = 'delivered'");
  std::vector<std::string> sent;
  {
    SQLite::Statement q(*ctx->db, "SELECT record_id FROM outbox ORDER BY seq");
    while (q.executeStep()) sent.push_back(q.getColumn(0).getString());
  }
  ASSERT_EQ(sent.size(), 6u);

  ASSERT_TRUE(service->deleteLearner(l->id));
  auto gone = service->find(l->id);
  ASSERT_TRUE(gone);
  EXPECT_TRUE(gone->erased);
  EXPECT_TRUE(gone->full_name.empty());
  EXPECT_TRUE(gone->citizen_id.empty());
  auto db = reader();
  EXPECT_EQ(db.execAndGet("SELECT length(full_name_enc) FROM learners").getInt(), 0);
  EXPECT_TRUE(db.execAndGet("SELECT citizen_id_enc FROM learners").isNull());
  EXPECT_TRUE(db.execAndGet("SELECT phone_enc FROM learners").isNull());
  EXPECT_TRUE(db.execAndGet("SELECT pin_hash FROM learners").isNull());
  EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM consents WHERE withdrawn_at IS NULL").getInt(), 0);
  EXPECT_EQ(service->signInByCitizenId("036171004321", "2468")->status, app::SignInStatus::WrongCredentials);

  // One voiding statement per statement sent, queued after them.
  SQLite::Statement q(db, "SELECT payload FROM outbox WHERE state = 'pending' ORDER BY seq");
  std::vector<std::string> voided;
  while (q.executeStep()) {
    auto st = nlohmann::json::parse(q.getColumn(0).getString());
    EXPECT_EQ(st["verb"]["id"], "http://adlnet.gov/expapi/verbs/voided");
    EXPECT_EQ(st["object"]["objectType"], "StatementRef");
    voided.push_back(st["object"]["id"].get<std::string>());
  }
  std::sort(sent.begin(), sent.end());
  std::sort(voided.begin(), voided.end());
  EXPECT_EQ(voided, sent);
  EXPECT_FALSE(service->deleteLearner(l->id)) << "already deleted";
}

TEST_F(LearnerServiceTest, DeletingALearnerVoidsTheLessonsTheyRead) {
  auto l = service->registerLearner(sampleRegistration());
  ASSERT_TRUE(l);
  long long now = 1'790'000'000'000;  // a fixed day
  app::LearningService learning(*ctx, [&] { return now; });
  const content::Lesson* lesson = ctx->pack.findLesson("l-0-1-cham-vuot");
  ASSERT_NE(lesson, nullptr);
  const int pages = static_cast<int>(lesson->pages.size());
  ASSERT_TRUE(learning.recordLessonViewed(l->id, lesson->id, 0, pages));
  ASSERT_TRUE(learning.recordLessonViewed(l->id, lesson->id, pages, pages));
  now += 2LL * 24 * 3600 * 1000;
  ASSERT_TRUE(learning.recordLessonViewed(l->id, lesson->id, 1, pages));
  ctx->db->exec("UPDATE outbox SET state = 'delivered'");
  std::vector<std::string> sent;
  {
    SQLite::Statement q(*ctx->db, "SELECT record_id FROM outbox ORDER BY seq");
    while (q.executeStep()) sent.push_back(q.getColumn(0).getString());
  }
  ASSERT_EQ(sent.size(), 3u) << "two days' experienced and one completed";

  ASSERT_TRUE(service->deleteLearner(l->id));
  auto db = reader();
  SQLite::Statement q(db, "SELECT payload FROM outbox WHERE state = 'pending' ORDER BY seq");
  std::vector<std::string> voided;
  while (q.executeStep()) {
    auto st = nlohmann::json::parse(q.getColumn(0).getString());
    EXPECT_EQ(st["verb"]["id"], "http://adlnet.gov/expapi/verbs/voided");
    voided.push_back(st["object"]["id"].get<std::string>());
  }
  std::sort(sent.begin(), sent.end());
  std::sort(voided.begin(), voided.end());
  EXPECT_EQ(voided, sent);
  // The pseudonymous lesson views stay (no personal data), like results.
  EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM lesson_views").getInt(), 2);
  // A deleted learner's later views are refused.
  EXPECT_FALSE(learning.recordLessonViewed(l->id, lesson->id, 0, pages));
}

}  // namespace
}  // namespace hocso
