// The kiosk's own tables through their repositories (kiosk_tables.hpp):
// round trips, missing rows, upserts and insert-once rows.
#include <SQLiteCpp/Database.h>

#include "kiosk_tables.hpp"
#include "test_support.hpp"

namespace hocso {
namespace {

using KioskTablesTest = test::KioskDatabaseTest;

TEST_F(KioskTablesTest, MetaValuesRoundTripAndAreReplaced) {
  app::KioskMetaRepository meta(*db);
  auto missing = meta.get("machine_id");
  ASSERT_TRUE(missing) << missing.error().message;
  EXPECT_FALSE(*missing);
  ASSERT_TRUE(meta.put("machine_id", "abc"));
  ASSERT_TRUE(meta.put("machine_id", "def"));  // a replacement PC: the new id wins
  ASSERT_TRUE(meta.put("kiosk_id", "k-1"));
  EXPECT_EQ(meta.get("machine_id")->value_or(""), "def");
  EXPECT_EQ(meta.get("kiosk_id")->value_or(""), "k-1");
  EXPECT_EQ(db->execAndGet("SELECT COUNT(*) FROM kiosk_meta WHERE key = 'machine_id'").getInt(), 1);
}

TEST(KioskMetaRepository, ADatabaseBeforeTheKioskSchemaHasNoValues) {
  SQLite::Database db(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  auto id = app::KioskMetaRepository(db).get("database_id");
  ASSERT_TRUE(id) << id.error().message;  // the key checks read it before the migrations
  EXPECT_FALSE(*id);
  auto put = app::KioskMetaRepository(db).put("database_id", "x");
  ASSERT_FALSE(put);
  EXPECT_EQ(put.error().code, ErrorCode::Database);
}

TEST_F(KioskTablesTest, SettingsAreUpsertedWithWhoChangedThem) {
  app::SettingsRepository settings(*db);
  EXPECT_TRUE(settings.all()->empty());
  EXPECT_FALSE(*settings.get("paused"));
  ASSERT_TRUE(settings.put("voice", "vi", "2026-01-01T00:00:00.000Z", "fac-1"));
  ASSERT_TRUE(settings.put("paused", "1", "2026-01-01T00:00:00.000Z", "fac-1"));
  ASSERT_TRUE(settings.put("voice", "vi-vn-x-south", "2026-01-02T00:00:00.000Z", "fac-2"));
  const auto all = settings.all();
  ASSERT_TRUE(all);
  EXPECT_EQ(*all, (std::map<std::string, std::string>{{"paused", "1"}, {"voice", "vi-vn-x-south"}}));
  EXPECT_EQ(settings.get("voice")->value_or(""), "vi-vn-x-south");
  EXPECT_EQ(db->execAndGet("SELECT changed_by || ' ' || changed_at FROM kiosk_settings WHERE key = 'voice'").getString(),
            "fac-2 2026-01-02T00:00:00.000Z");
}

TEST_F(KioskTablesTest, AMentorListedTwiceKeepsTheFirstListing) {
  // kiosk_mentors.learner_id references no table: plain ids do here.
  app::MentorRepository mentors(*db);
  ASSERT_TRUE(mentors.list("l-1", "2026-01-01T00:00:00.000Z", "fac-1"));
  ASSERT_TRUE(mentors.list("l-1", "2026-02-01T00:00:00.000Z", "fac-2"));
  ASSERT_TRUE(mentors.list("l-2", "2026-02-01T00:00:00.000Z", "fac-2"));
  auto ids = mentors.listedIds();
  ASSERT_TRUE(ids);
  std::sort(ids->begin(), ids->end());
  EXPECT_EQ(*ids, (std::vector<std::string>{"l-1", "l-2"}));
  EXPECT_EQ(db->execAndGet("SELECT listed_by FROM kiosk_mentors WHERE learner_id = 'l-1'").getString(), "fac-1");
  ASSERT_TRUE(mentors.unlist("l-1"));
  ASSERT_TRUE(mentors.unlist("l-1"));  // not listed: nothing to do
  EXPECT_EQ(*mentors.listedIds(), std::vector<std::string>{"l-2"});
}

TEST_F(KioskTablesTest, ASimulatedFacilitatorIsFlaggedOnce) {
  app::SimulatedFacilitatorRepository simulated(*db);
  EXPECT_TRUE(simulated.ids()->empty());
  ASSERT_TRUE(simulated.flag("f-1", "2026-01-01T00:00:00.000Z"));
  ASSERT_TRUE(simulated.flag("f-1", "2026-03-01T00:00:00.000Z"));
  EXPECT_EQ(*simulated.ids(), std::set<std::string>{"f-1"});
  EXPECT_EQ(db->execAndGet("SELECT flagged_at FROM kiosk_simulated_facilitators").getString(), "2026-01-01T00:00:00.000Z");
}

TEST_F(KioskTablesTest, TheAuditOfALearnerIsTheirRowsOldestFirst) {
  app::AuditRepository audit(*db);
  ASSERT_TRUE(audit.record({"2026-01-02T00:00:00.000Z", "fac-1", "pin_reset", "l-1"}));
  ASSERT_TRUE(audit.record({"2026-01-01T00:00:00.000Z", "fac-2", "pin_reset", "l-2"}));
  ASSERT_TRUE(audit.record({"2026-01-03T00:00:00.000Z", "fac-2", "learner_erased", "l-1"}));
  auto rows = audit.ofLearner("l-1");
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].action, "pin_reset");
  EXPECT_EQ((*rows)[0].facilitator_id, "fac-1");
  EXPECT_EQ((*rows)[1].action, "learner_erased");
  EXPECT_EQ((*rows)[1].at, "2026-01-03T00:00:00.000Z");
  EXPECT_TRUE(audit.ofLearner("l-3")->empty());
  // The schema refuses an action it does not know: an error, not an exception.
  EXPECT_FALSE(audit.record({"2026-01-04T00:00:00.000Z", "fac-1", "renamed", "l-1"}));
}

}  // namespace
}  // namespace hocso
