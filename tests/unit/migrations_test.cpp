// Migrations: fresh database, re-run, and refusal of a newer schema.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "assessment/records.hpp"
#include "base/database.hpp"
#include "sync/outbox.hpp"
#include "test_support.hpp"

namespace hocso {
namespace {

// Creates kiosk.db in `dir` (every migration applied), runs `sql` on it and
// closes it, so that the next open starts from that state.
void seedKioskDatabase(const std::filesystem::path& dir, const std::string& sql) {
  auto db = app::openKioskDatabase(dir);
  ASSERT_TRUE(db);
  (*db)->exec(sql);
}

TEST(Migrations, FreshDatabaseReachesEveryModulesLatestVersion) {
  test::TempDir dir;
  auto db = app::openKioskDatabase(dir.path());
  ASSERT_TRUE(db) << db.error().message;
  EXPECT_EQ(schemaVersion(**db, "assessment"), assessment::schema().migrations.back().version);
  EXPECT_EQ(schemaVersion(**db, "sync"), sync::schema().migrations.back().version);
  EXPECT_EQ(schemaVersion(**db, "kiosk"), app::kioskSchema().migrations.back().version);
  EXPECT_TRUE((*db)->tableExists("learners"));
  EXPECT_TRUE((*db)->tableExists("outbox"));
  EXPECT_EQ((*db)->execAndGet("PRAGMA journal_mode").getString(), "wal");
  EXPECT_EQ((*db)->execAndGet("PRAGMA synchronous").getInt(), 2);  // FULL
  EXPECT_GT((*db)->execAndGet("PRAGMA busy_timeout").getInt(), 0);
}

TEST(Migrations, RerunIsANoOpAndKeepsData) {
  test::TempDir dir;
  ASSERT_NO_FATAL_FAILURE(seedKioskDatabase(dir.path(), "INSERT INTO kiosk_meta(key, value) VALUES ('probe', 'kept')"));
  auto db = app::openKioskDatabase(dir.path());
  ASSERT_TRUE(db) << db.error().message;
  EXPECT_EQ((*db)->execAndGet("SELECT value FROM kiosk_meta WHERE key = 'probe'").getString(), "kept");
  EXPECT_EQ((*db)->execAndGet("SELECT COUNT(*) FROM schema_migrations WHERE module = 'assessment'").getInt(),
            static_cast<int>(assessment::schema().migrations.size()));
}

TEST(Migrations, StepsApplyInOrderAndOnlyOnce) {
  test::TempDir dir;
  auto db = openDatabase((dir.path() / "t.db").string());
  ASSERT_TRUE(db);
  ModuleSchema v1{"demo", {{1, "CREATE TABLE t(a INTEGER);"}}};
  ASSERT_TRUE(migrate(**db, v1));
  (*db)->exec("INSERT INTO t(a) VALUES (1)");
  ModuleSchema v2{"demo", {{1, "CREATE TABLE t(a INTEGER);"}, {2, "ALTER TABLE t ADD COLUMN b TEXT DEFAULT 'x';"}}};
  ASSERT_TRUE(migrate(**db, v2));
  ASSERT_TRUE(migrate(**db, v2));
  EXPECT_EQ(schemaVersion(**db, "demo"), 2);
  EXPECT_EQ((*db)->execAndGet("SELECT b FROM t WHERE a = 1").getString(), "x");
}

TEST(Migrations, FailedStepRollsBackAndIsNotRecorded) {
  test::TempDir dir;
  auto db = openDatabase((dir.path() / "t.db").string());
  ASSERT_TRUE(db);
  ModuleSchema bad{"demo", {{1, "CREATE TABLE t(a INTEGER); INSERT INTO nowhere VALUES (1);"}}};
  auto r = migrate(**db, bad);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::Database);
  EXPECT_EQ(schemaVersion(**db, "demo"), 0);
  EXPECT_FALSE((*db)->tableExists("t"));
}

TEST(Migrations, DatabaseFromANewerVersionIsRefusedUntouched) {
  test::TempDir dir;
  ASSERT_NO_FATAL_FAILURE(seedKioskDatabase(
      dir.path(), "INSERT INTO schema_migrations(module, version, applied_at) VALUES ('assessment', 99, 'future')"));
  auto db = app::openKioskDatabase(dir.path());
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().code, ErrorCode::SchemaTooNew);
  EXPECT_NE(db.error().message.find("newer"), std::string::npos) << db.error().message;
  EXPECT_NE(db.error().message.find("99"), std::string::npos);
  // Nothing was changed: the future row is still there, nothing was added.
  SQLite::Database raw((dir.path() / "kiosk.db").string());
  EXPECT_EQ(raw.execAndGet("SELECT MAX(version) FROM schema_migrations WHERE module = 'assessment'").getInt(), 99);
}

}  // namespace
}  // namespace hocso
