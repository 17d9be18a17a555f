// Opening kiosk.db for commands that only look (records verify/export,
// report, sync status, kiosk status): nothing is created, migrated or
// written, a missing database is one clear error, and a cleanly closed
// database opens even where the folder cannot be written.
#include <SQLiteCpp/Database.h>

#include <fstream>

#include "base/database.hpp"
#include "test_support.hpp"

namespace hocso {
namespace {
namespace fs = std::filesystem;

TEST(ReadOnlyKioskDatabase, AMissingDatabaseIsAnErrorAndNothingIsCreated) {
  test::TempDir dir;
  const fs::path typo = dir.path() / "hocso-typo";
  auto db = app::openKioskDatabaseReadOnly(typo);
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().code, ErrorCode::NotFound);
  EXPECT_EQ(db.error().message, "no kiosk database at " + typo.string() + "; check --data-dir");
  EXPECT_FALSE(fs::exists(typo));
  fs::create_directories(typo);
  EXPECT_FALSE(app::openKioskDatabaseReadOnly(typo));
  EXPECT_TRUE(fs::is_empty(typo)) << "an empty kiosk.db was created";
}

TEST(ReadOnlyKioskDatabase, ReadsAKioskDatabaseAndRefusesToWrite) {
  test::TempDir dir;
  { auto ctx = test::openTestKiosk(dir.path()); ASSERT_NE(ctx, nullptr); }
  auto db = app::openKioskDatabaseReadOnly(dir.path());
  ASSERT_TRUE(db) << db.error().message;
  EXPECT_GT((*db)->execAndGet("SELECT COUNT(*) FROM schema_migrations").getInt(), 0);
  EXPECT_THROW((*db)->exec("INSERT INTO kiosk_meta(key, value) VALUES ('x', 'y')"), SQLite::Exception);
}

// A database not at this code's schema is not migrated by a read-only open.
TEST(ReadOnlyKioskDatabase, AnOlderSchemaIsRefusedWithWhatToDo) {
  test::TempDir dir;
  { auto ctx = test::openTestKiosk(dir.path()); ASSERT_NE(ctx, nullptr); }
  {
    SQLite::Database raw((dir.path() / "kiosk.db").string(), SQLite::OPEN_READWRITE);
    raw.exec("DELETE FROM schema_migrations WHERE module = 'kiosk' AND version = (SELECT MAX(version) FROM "
             "schema_migrations WHERE module = 'kiosk')");
  }
  auto db = app::openKioskDatabaseReadOnly(dir.path());
  ASSERT_FALSE(db);
  EXPECT_NE(db.error().message.find("older"), std::string::npos) << db.error().message;
  EXPECT_NE(db.error().message.find("start hocso-kiosk once"), std::string::npos) << db.error().message;
}

TEST(ReadOnlyDatabase, AFileThatIsNotADatabaseIsAnError) {
  test::TempDir dir;
  std::ofstream(dir.path() / "x.db") << "this is not SQLite, just some text that is long enough to be a header";
  auto db = openDatabaseReadOnly((dir.path() / "x.db").string());
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().code, ErrorCode::Database);
}

}  // namespace
}  // namespace hocso
