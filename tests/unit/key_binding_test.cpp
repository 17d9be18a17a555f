// Keys bound to their kiosk.db: a lost key is never replaced in silence, a
// foreign key (copied, or restored from another kiosk's backup) is refused,
// and an emptied or missing database next to the keys is refused instead of
// starting a new kiosk there.
#include <SQLiteCpp/Database.h>

#include <fstream>
#include <thread>

#include "exam_support.hpp"
#include "key_binding.hpp"
#include "key_service.hpp"
#include "learner_service.hpp"
#include "records_service.hpp"

namespace hocso {
namespace {

namespace fs = std::filesystem;

class KeyBindingTest : public test::CitizenKioskTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(openKiosk());
    app::LearnerService learners(*ctx);
    learner_id = test::registerConsented(learners, "Lò Văn Pọm", 1961, "3691").id;
    ASSERT_FALSE(learner_id.empty());
  }

  Result<std::unique_ptr<app::KioskContext>> reopen(const fs::path& where) {
    ctx.reset();
    Config config;
    config.pack = test::starterPack().string();
    return app::openKiosk(config, where);
  }
  fs::path keys() const { return dir.path() / "keys"; }
  static std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  std::string learner_id;
};

TEST_F(KeyBindingTest, TheKeyIdsAreRecordedInTheDatabaseAndTheAnchor) {
  const std::string dataId = ctx->db->execAndGet("SELECT value FROM kiosk_meta WHERE key = 'data_key_id'").getString();
  EXPECT_EQ(dataId, app::dataKeyId(ctx->cipher));
  EXPECT_EQ(ctx->db->execAndGet("SELECT value FROM kiosk_meta WHERE key = 'signing_key_id'").getString(),
            ctx->signer->keyId());
  auto anchor = app::readAnchor(dir.path());
  ASSERT_TRUE(anchor && *anchor);
  EXPECT_EQ((*anchor)->database_id,
            ctx->db->execAndGet("SELECT value FROM kiosk_meta WHERE key = 'database_id'").getString());
  EXPECT_EQ((*anchor)->data_key_id, dataId);
  EXPECT_EQ((*anchor)->kiosk_id, ctx->kiosk_id);
  // The data key id says nothing of the key: it is not a prefix of its hex.
  const std::string raw = slurp(keys() / "data.key");
  EXPECT_EQ(toHex(reinterpret_cast<const unsigned char*>(raw.data()), raw.size()).find(dataId), std::string::npos);
}

TEST_F(KeyBindingTest, AMissingDataKeyStopsTheKioskInsteadOfMakingANewOne) {
  fs::remove(keys() / "data.key");
  auto opened = reopen(dir.path());
  ASSERT_FALSE(opened);
  EXPECT_NE(opened.error().message.find("data.key is missing"), std::string::npos) << opened.error().message;
  EXPECT_NE(opened.error().message.find("hocso keys restore"), std::string::npos) << opened.error().message;
  EXPECT_FALSE(fs::exists(keys() / "data.key")) << "no new key made in silence";
  // `keys init` does not make one either.
  auto init = app::initKeys(dir.path());
  EXPECT_FALSE(init);
  EXPECT_FALSE(fs::exists(keys() / "data.key"));
}

TEST_F(KeyBindingTest, AMissingSigningKeyStopsTheKiosk) {
  fs::remove(assessment::KioskSigner::privateKeyFile(dir.path()));
  fs::remove(assessment::KioskSigner::publicKeyFile(dir.path()));
  auto opened = reopen(dir.path());
  ASSERT_FALSE(opened);
  EXPECT_NE(opened.error().message.find("signing key"), std::string::npos) << opened.error().message;
  EXPECT_FALSE(fs::exists(assessment::KioskSigner::privateKeyFile(dir.path())));
}

TEST_F(KeyBindingTest, AnotherKiosksDataKeyIsRefused) {
  test::TempDir other;
  ASSERT_TRUE(app::initKeys(other.path()));
  fs::copy_file(other.path() / "keys" / "data.key", keys() / "data.key", fs::copy_options::overwrite_existing);
  auto opened = reopen(dir.path());
  ASSERT_FALSE(opened);
  EXPECT_NE(opened.error().message.find("is not the key of this kiosk.db"), std::string::npos) << opened.error().message;
}

TEST_F(KeyBindingTest, RestoringAnotherKiosksBackupIsRefusedEvenWithForce) {
  const std::string passphrase = "mật khẩu sao lưu";
  ASSERT_TRUE(app::backupKeys(dir.path(), dir.path() / "own.backup", passphrase));
  test::TempDir other;
  ASSERT_TRUE(app::initKeys(other.path()));
  ASSERT_TRUE(app::backupKeys(other.path(), other.path() / "other.backup", passphrase));
  ctx.reset();
  fs::remove_all(keys());  // the keys folder is lost
  for (bool force : {false, true}) {
    auto restored = app::restoreKeys(dir.path(), other.path() / "other.backup", passphrase, force);
    ASSERT_FALSE(restored) << "force " << force;
    EXPECT_NE(restored.error().message.find("are not the keys of"), std::string::npos) << restored.error().message;
  }
  EXPECT_FALSE(fs::exists(keys() / "data.key"));
  // The kiosk's own backup restores, and the learner's name opens again.
  auto restored = app::restoreKeys(dir.path(), dir.path() / "own.backup", passphrase, false);
  ASSERT_TRUE(restored) << restored.error().message;
  auto opened = reopen(dir.path());
  ASSERT_TRUE(opened) << opened.error().message;
  auto learner = assessment::LearnerRepository(*(*opened)->db, (*opened)->cipher).find(learner_id);
  ASSERT_TRUE(learner) << learner.error().message;
  EXPECT_EQ(learner->full_name, "Lò Văn Pọm");
}

TEST_F(KeyBindingTest, ADeletedDatabaseNextToItsKeysIsNotStartedAfresh) {
  ctx.reset();
  for (const char* name : {"kiosk.db", "kiosk.db-wal", "kiosk.db-shm"}) fs::remove(dir.path() / name);
  auto opened = reopen(dir.path());
  ASSERT_FALSE(opened);
  EXPECT_NE(opened.error().message.find("kiosk.db is missing"), std::string::npos) << opened.error().message;
  EXPECT_FALSE(fs::exists(dir.path() / "kiosk.db")) << "nothing re-initialised";
  // `records verify` names the wipe too, rather than "no database here".
  auto report = app::verifyRecords(dir.path());
  ASSERT_FALSE(report);
  EXPECT_NE(report.error().message.find("kiosk.db is missing"), std::string::npos) << report.error().message;
}

TEST_F(KeyBindingTest, AnEmptiedDatabaseNextToItsKeysIsRefused) {
  const std::string kioskId = ctx->kiosk_id;
  ctx.reset();
  for (const char* name : {"kiosk.db-wal", "kiosk.db-shm"}) fs::remove(dir.path() / name);
  { std::ofstream(dir.path() / "kiosk.db", std::ios::trunc); }
  auto opened = reopen(dir.path());
  ASSERT_FALSE(opened);
  EXPECT_NE(opened.error().message.find("is empty or new"), std::string::npos) << opened.error().message;
  EXPECT_NE(opened.error().message.find(kioskId), std::string::npos) << opened.error().message;
  // No migration ran on it: it did not become a new kiosk.
  SQLite::Database db((dir.path() / "kiosk.db").string(), SQLite::OPEN_READONLY);
  EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM sqlite_master WHERE name IN ('kiosk_meta', 'learners', 'results')").getInt(), 0);
}

TEST_F(KeyBindingTest, AnotherKiosksDatabaseNextToTheKeysIsRefused) {
  test::TempDir other;
  auto second = test::openCitizenKiosk(other.path());
  ASSERT_NE(second, nullptr);
  second->db->exec("PRAGMA wal_checkpoint(TRUNCATE)");
  second.reset();
  ctx.reset();
  for (const char* name : {"kiosk.db-wal", "kiosk.db-shm"}) fs::remove(dir.path() / name);
  fs::copy_file(other.path() / "kiosk.db", dir.path() / "kiosk.db", fs::copy_options::overwrite_existing);
  auto opened = reopen(dir.path());
  ASSERT_FALSE(opened);
  EXPECT_NE(opened.error().message.find("is not the database"), std::string::npos) << opened.error().message;
}

TEST(KeyBinding, KeysMadeBeforeTheDatabaseAreBoundAtTheFirstStart) {
  test::TempDir dir;
  auto made = app::initKeys(dir.path());
  ASSERT_TRUE(made) << made.error().message;
  auto anchor = app::readAnchor(dir.path());
  ASSERT_TRUE(anchor && *anchor);
  EXPECT_TRUE((*anchor)->database_id.empty());
  auto ctx = test::openCitizenKiosk(dir.path());
  ASSERT_NE(ctx, nullptr);
  EXPECT_EQ(ctx->signer->keyId(), made->signing_key_id);
  anchor = app::readAnchor(dir.path());
  ASSERT_TRUE(anchor && *anchor);
  EXPECT_FALSE((*anchor)->database_id.empty());
}

TEST(KeyBinding, TwoProcessesStartingOnANewDataDirAgreeOnOneKey) {
  for (int round = 0; round < 5; ++round) {
    test::TempDir dir;
    std::unique_ptr<app::KioskContext> a, b;
    std::thread t1([&] { a = test::openCitizenKiosk(dir.path()); });
    std::thread t2([&] { b = test::openCitizenKiosk(dir.path()); });
    t1.join();
    t2.join();
    ASSERT_NE(a, nullptr);
    ASSERT_NE(b, nullptr);
    EXPECT_EQ(app::dataKeyId(a->cipher), app::dataKeyId(b->cipher)) << "round " << round;
    EXPECT_EQ(a->signer->keyId(), b->signer->keyId()) << "round " << round;
    EXPECT_EQ(a->kiosk_id, b->kiosk_id);
  }
}

TEST(KeyBinding, ADamagedAnchorIsReportedNotIgnored) {
  test::TempDir dir;
  ASSERT_NE(test::openCitizenKiosk(dir.path()), nullptr);
  { std::ofstream(dir.path() / "keys" / "anchor.json", std::ios::trunc) << R"({"format":"hocso-anchor-v1","chain":{"seq":"x"}})"; }
  Config config;
  config.pack = test::starterPack().string();
  auto opened = app::openKiosk(config, dir.path());
  ASSERT_FALSE(opened);
  EXPECT_NE(opened.error().message.find("anchor.json is damaged"), std::string::npos) << opened.error().message;
}

}  // namespace
}  // namespace hocso
