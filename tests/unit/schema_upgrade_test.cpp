// Upgrades of a populated kiosk.db. Each module's tables are built at an
// older schema version (the migrations as they were then) and filled with
// real rows, then the kiosk opens the data dir as after a software update
// (openKiosk: every module's pending migrations, the key binding, the name
// re-index). The rows must come through unchanged and the columns and tables
// the newer migrations added must work on them. A migration that rebuilt a
// table without its rows, or reset a column, fails here.
#include <SQLiteCpp/Database.h>

#include <algorithm>

#include "assessment/records.hpp"
#include "base/crypto.hpp"
#include "base/database.hpp"
#include "base/ed25519.hpp"
#include "learner_service.hpp"
#include "records_service.hpp"
#include "settings_service.hpp"
#include "sync/content_update.hpp"
#include "sync/kiosk_registry.hpp"
#include "sync/outbox.hpp"
#include "test_support.hpp"

namespace hocso {
namespace {

// `schema` as it was at `version`: its migrations up to that one.
ModuleSchema upTo(const ModuleSchema& schema, int version) {
  ModuleSchema old = schema;
  std::erase_if(old.migrations, [&](const Migration& m) { return m.version > version; });
  return old;
}

class SchemaUpgrade : public ::testing::Test {
 protected:
  // kiosk.db in the data dir with each module at the given version; `old`
  // is open on it to add rows.
  void buildOld(int kiosk, int assessment, int sync) {
    auto db = openDatabase((dir.path() / "kiosk.db").string());
    ASSERT_TRUE(db) << db.error().message;
    ASSERT_TRUE(migrate(**db, upTo(app::kioskSchema(), kiosk)));
    ASSERT_TRUE(migrate(**db, upTo(assessment::schema(), assessment)));
    ASSERT_TRUE(migrate(**db, upTo(sync::schema(), sync)));
    ASSERT_EQ(schemaVersion(**db, "assessment"), assessment);
    old = std::move(*db);
  }
  // Closes the old database and opens the data dir with the current code.
  void upgrade() {
    old.reset();
    ctx = test::openTestKiosk(dir.path());
    ASSERT_NE(ctx, nullptr);
    EXPECT_EQ(schemaVersion(*ctx->db, "kiosk"), app::kioskSchema().migrations.back().version);
    EXPECT_EQ(schemaVersion(*ctx->db, "assessment"), assessment::schema().migrations.back().version);
    EXPECT_EQ(schemaVersion(*ctx->db, "sync"), sync::schema().migrations.back().version);
  }
  int count(const std::string& sql) { return ctx->db->execAndGet(sql).getInt(); }

  test::TempDir dir;
  std::unique_ptr<SQLite::Database> old;
  std::unique_ptr<app::KioskContext> ctx;
};

// The first release's tables: a learner (name encrypted with the data key
// already in keys/), a finished practice attempt with its answers and result.
TEST_F(SchemaUpgrade, AssessmentFromVersionOneKeepsLearnersAttemptsAndResults) {
  ASSERT_NO_FATAL_FAILURE(buildOld(1, 1, 1));
  std::filesystem::create_directories(dir.path() / "keys");
  auto cipher = FieldCipher::loadOrCreate(dir.path() / "keys" / "data.key");  // where the kiosk keeps it
  ASSERT_TRUE(cipher) << cipher.error().message;
  auto name = cipher->encrypt("Nguyễn Văn Cừ", "learners.full_name");
  ASSERT_TRUE(name);
  {
    SQLite::Statement learner(*old, "INSERT INTO learners(id, full_name_enc, birth_year, target_group, created_at) "
                                    "VALUES ('old-1', ?, 1948, 'elderly', '2025-03-01T07:00:00Z')");
    learner.bind(1, name->data(), static_cast<int>(name->size()));
    learner.exec();
  }
  old->exec(
      "INSERT INTO attempts(id, learner_id, kind, lesson_id, pack_id, pack_version, question_ids, started_at, "
      "finished_at) VALUES ('att-1', 'old-1', 'practice', 'l1', 'vn.hocso.starter', '0.9.0', '[\"q1\",\"q2\"]', "
      "'2025-03-01T08:00:00Z', '2025-03-01T08:05:00Z');"
      "INSERT INTO answers VALUES ('att-1', 'q1', 0, '[1]', 1.0, 1, '2025-03-01T08:01:00Z');"
      "INSERT INTO answers VALUES ('att-1', 'q2', 1, '[0]', 0.5, 0, '2025-03-01T08:02:00Z');"
      "INSERT INTO results(id, attempt_id, learner_id, score, max_score, scaled, correct, passed, duration_ms, "
      "completed_at) VALUES ('res-1', 'att-1', 'old-1', 1.5, 2.0, 0.75, 1, 1, 300000, '2025-03-01T08:05:00Z')");
  ASSERT_NO_FATAL_FAILURE(upgrade());

  // The learner, readable with the same key, found by name with or without accents (re-indexed at open).
  app::LearnerService learners(*ctx);
  auto l = learners.find("old-1");
  ASSERT_TRUE(l) << l.error().message;
  EXPECT_EQ(l->full_name, "Nguyễn Văn Cừ");
  EXPECT_EQ(l->birth_year, 1948);
  EXPECT_EQ(l->target_group, "elderly");
  EXPECT_EQ(l->created_at, "2025-03-01T07:00:00Z");
  EXPECT_FALSE(l->erased);
  EXPECT_TRUE(l->citizen_id.empty() && l->phone.empty() && l->mentor_id.empty() && l->picture_id.empty());
  assessment::LearnerRepository repo(*ctx->db, ctx->cipher);
  for (const char* typed : {"Nguyễn Văn Cừ", "nguyen van cu"}) {
    auto found = repo.findByName(typed, 1948);
    ASSERT_TRUE(found) << found.error().message;
    ASSERT_EQ(found->size(), 1u) << typed;
    EXPECT_EQ(found->front().id, "old-1");
  }
  EXPECT_EQ(count("SELECT name_index_scheme FROM learners WHERE id = 'old-1'"), assessment::kNameIndexScheme);
  EXPECT_EQ(count("SELECT COUNT(*) FROM learners WHERE id = 'old-1' AND origin_kiosk IS NULL AND pin_hash IS NULL"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM learner_group WHERE root = 'old-1' AND id = 'old-1'"), 1);

  // The attempt, its answers and its result, value for value.
  assessment::AttemptRepository attempts(*ctx->db);
  auto a = attempts.find("att-1");
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_EQ(a->learner_id, "old-1");
  EXPECT_EQ(a->kind, assessment::AttemptKind::Practice);
  EXPECT_EQ(a->lesson_id, "l1");
  EXPECT_EQ(a->pack_version, "0.9.0");
  EXPECT_EQ(a->question_ids, (std::vector<std::string>{"q1", "q2"}));
  EXPECT_EQ(a->finished_at, "2025-03-01T08:05:00Z");
  auto answers = attempts.answers("att-1");
  ASSERT_TRUE(answers);
  ASSERT_EQ(answers->size(), 2u);
  EXPECT_EQ((*answers)[0].response, "[1]");
  EXPECT_TRUE((*answers)[0].correct);
  EXPECT_DOUBLE_EQ((*answers)[1].score, 0.5);
  auto r = attempts.resultFor("att-1");
  ASSERT_TRUE(r && *r);
  EXPECT_EQ((*r)->id, "res-1");
  EXPECT_DOUBLE_EQ((*r)->score, 1.5);
  EXPECT_DOUBLE_EQ((*r)->scaled, 0.75);
  EXPECT_TRUE((*r)->passed);
  EXPECT_EQ((*r)->duration_ms, 300000);
  EXPECT_TRUE((*r)->details.empty());

  // Migration 9: the old result is listed as from before the chain, and the chain verifies with it apart.
  EXPECT_EQ(count("SELECT COUNT(*) FROM results_before_chain WHERE result_id = 'res-1'"), 1);
  auto report = app::verifyRecords(dir.path());
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_TRUE(report->intact) << report->problem;
  EXPECT_EQ(report->unsealed_legacy, 1);

  // What came later works beside the old rows: a registration with consent, a citizen ID and a picture.
  auto r2 = test::consentedRegistration("Trần Thị Lụa", 1960, "2468");
  r2.citizen_id = "036160001234";
  r2.picture_id = "trau";
  auto added = learners.registerLearner(r2);
  ASSERT_TRUE(added) << added.error().message;
  EXPECT_EQ(count("SELECT COUNT(*) FROM learners"), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM consents"), 1);
}

// The kiosk's own tables from its first two versions: the meta row and the
// settings a facilitator saved come through; the mentor list, the audit and
// the pause work after the upgrade.
TEST_F(SchemaUpgrade, KioskTablesFromVersionTwoKeepTheirSettings) {
  ASSERT_NO_FATAL_FAILURE(buildOld(2, assessment::schema().migrations.back().version,
                                   sync::schema().migrations.back().version));
  old->exec(
      "INSERT INTO kiosk_meta(key, value) VALUES ('installed_by', 'tổ công nghệ số');"
      "INSERT INTO kiosk_settings VALUES ('site_name', 'Nhà văn hóa thôn Đông', '2025-05-02T09:00:00Z', 'fac-1');"
      "INSERT INTO kiosk_settings VALUES ('idle_minutes', '7', '2025-05-02T09:00:00Z', 'fac-1');"
      "INSERT INTO kiosk_settings VALUES ('voice', 'vi-vn-x-south', '2025-05-02T09:00:00Z', 'fac-1')");
  ASSERT_NO_FATAL_FAILURE(upgrade());

  EXPECT_EQ(ctx->db->execAndGet("SELECT value FROM kiosk_meta WHERE key = 'installed_by'").getString(),
            "tổ công nghệ số");
  EXPECT_EQ(ctx->config.site_name, "Nhà văn hóa thôn Đông");  // the saved settings still win over hocso.toml
  EXPECT_EQ(ctx->config.idle_minutes, 7);
  EXPECT_EQ(ctx->config.voice, "vi-vn-x-south");
  EXPECT_EQ(count("SELECT COUNT(*) FROM kiosk_settings WHERE changed_by = 'fac-1'"), 3);

  app::SettingsService settings(*ctx);
  ASSERT_TRUE(settings.setPaused(true, "fac-2"));
  auto paused = app::readPaused(*ctx->db);
  ASSERT_TRUE(paused);
  EXPECT_TRUE(*paused);
  app::LearnerService learners(*ctx);
  auto l = learners.registerLearner(test::consentedRegistration("Lò Thị Xuân", 1975, "2468"));
  ASSERT_TRUE(l) << l.error().message;
  ASSERT_TRUE(learners.setListedMentor(l->id, true, "fac-2"));  // migration 3
  auto mentors = learners.listedMentors();
  ASSERT_TRUE(mentors);
  ASSERT_EQ(mentors->size(), 1u);
  EXPECT_EQ(mentors->front().full_name, "Lò Thị Xuân");
  EXPECT_EQ(count("SELECT COUNT(*) FROM kiosk_audit"), 0);  // migration 4: there, and empty
  EXPECT_EQ(count("SELECT COUNT(*) FROM kiosk_simulated_facilitators"), 0);  // migration 5
}

// The outbox and the content channel's state as sync version 3 left them:
// pending and delivered statements, a failing endpoint, the last content
// check. Later versions add the refused-file digest and the USB bundle tables.
TEST_F(SchemaUpgrade, SyncFromVersionThreeKeepsTheOutboxAndTheContentState) {
  ASSERT_NO_FATAL_FAILURE(buildOld(app::kioskSchema().migrations.back().version,
                                   assessment::schema().migrations.back().version, 3));
  old->exec(
      "INSERT INTO outbox(endpoint, record_id, payload, created_at, time_offset_ms) "
      "VALUES ('lrs', 'st-1', '{\"id\":\"st-1\"}', '2025-06-01T08:00:00Z', 1500);"
      "INSERT INTO outbox(endpoint, record_id, payload, state, tries, created_at, delivered_at) "
      "VALUES ('lrs', 'st-2', '{\"id\":\"st-2\"}', 'delivered', 2, '2025-06-01T08:00:01Z', '2025-06-01T09:00:00Z');"
      "INSERT INTO outbox(endpoint, record_id, payload, created_at) "
      "VALUES ('certification', 'cert-1', '{\"id\":\"cert-1\"}', '2025-06-01T08:00:02Z');"
      "INSERT INTO sync_state(endpoint, last_success, last_error, last_error_at, last_error_kind, failures) "
      "VALUES ('lrs', '2025-06-01T09:00:00Z', 'connection refused', '2025-06-02T09:00:00Z', 'network', 4);"
      "INSERT INTO content_state(id, checked_at, result, pack_id, installed_version, available_version, failures) "
      "VALUES (1, '2025-06-02T10:00:00Z', 'current', 'vn.hocso.starter', '1.0.0', '1.0.0', 0)");
  ASSERT_NO_FATAL_FAILURE(upgrade());

  sync::OutboxRepository outbox(*ctx->db);
  auto st = outbox.status("lrs");
  ASSERT_TRUE(st) << st.error().message;
  EXPECT_EQ(st->pending, 1);
  EXPECT_EQ(st->delivered, 1);
  EXPECT_EQ(st->last_error, "connection refused");
  EXPECT_EQ(st->failures, 4);
  auto rows = outbox.pending("lrs", 10);
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(rows->front().record_id, "st-1");
  EXPECT_EQ(rows->front().payload, "{\"id\":\"st-1\"}");
  EXPECT_EQ(rows->front().time_offset_ms, 1500);
  auto cert = outbox.contains("cert-1");
  ASSERT_TRUE(cert);
  EXPECT_TRUE(*cert);

  Config config;
  auto content = sync::readContentStatus(*ctx->db, config);
  ASSERT_TRUE(content) << content.error().message;
  EXPECT_EQ(content->last_check, "2025-06-02T10:00:00Z");
  EXPECT_EQ(content->result, "current");
  EXPECT_EQ(content->pack_id, "vn.hocso.starter");
  EXPECT_EQ(content->installed_version, "1.0.0");
  auto refused = sync::refusedPackSha256(*ctx->db);  // migration 4, on the old row
  ASSERT_TRUE(refused) << refused.error().message;
  EXPECT_EQ(*refused, "");

  // Migration 5: a kiosk can be enrolled for USB bundles.
  sync::KioskRegistry registry(*ctx->db);
  Ed25519PublicKey key{};
  key.fill(7);
  ASSERT_TRUE(registry.enroll("kiosk-b", key, "operator"));
  auto found = registry.find("kiosk-b");
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->key_id, ed25519KeyId(key));
  EXPECT_EQ(count("SELECT COUNT(*) FROM received_chain_heads"), 0);  // migration 6: there, and empty
}

}  // namespace
}  // namespace hocso
