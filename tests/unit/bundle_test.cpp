// USB bundle import trust: only enrolled kiosks (or a key given for one
// import) are accepted, a bundle whose signer is not the enrolled key of the
// kiosk it names is refused, identical re-imports are idempotent, and a
// record id that comes back with other content is a reported conflict.
#include <gtest/gtest.h>

#include <SQLiteCpp/Database.h>

#include <chrono>
#include <thread>

#include "base/ed25519.hpp"
#include "sync/bundle.hpp"
#include "sync/kiosk_registry.hpp"
#include "sync/outbox.hpp"
#include "test_support.hpp"

namespace hocso {
namespace {
namespace fs = std::filesystem;

FieldCipher cipherOf(unsigned char fill) { return FieldCipher::fromKey(std::vector<unsigned char>(32, fill)); }

std::string statement(const std::string& id, const std::string& verb) {
  return R"({"id":")" + id + R"(","verb":{"id":")" + verb + R"("},"actor":{"name":"x"}})";
}

class Bundle : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(sync::generateRecipientKeyPair(dir.path() / "office.pem", dir.path() / "office.pub.pem"));
    config.bundle_public_key = (dir.path() / "office.pub.pem").string();
    genuine = exportFrom("kiosk", {{"r1", "answered"}, {"r2", "passed"}});
    // A forger who knows kiosk-a's record ids: its own key, kiosk-a's name, r1 altered.
    forged = exportFrom("forger", {{"r1", "failed"}, {"r2", "passed"}});
  }

  fs::path exportFrom(const std::string& name, const std::vector<std::pair<std::string, std::string>>& rows) {
    auto db = app::openKioskDatabase(dir.path() / name);
    EXPECT_TRUE(db);
    sync::OutboxRepository outbox(**db);
    for (const auto& [id, verb] : rows) EXPECT_TRUE(outbox.enqueue(sync::kLrs, id, statement(id, verb)));
    const fs::path out = dir.path() / (name + ".hocso");
    auto s = sync::exportBundle(**db, config, cipherOf(1), {"kiosk-a", "site", dir.path() / name / "keys" / "sign.pem"}, out);
    EXPECT_TRUE(s) << s.error().message;
    return out;
  }

  Ed25519PublicKey publicKeyOf(const std::string& name) {
    return readEd25519PublicKeyPem(dir.path() / name / "keys" / "sign.pub.pem").value();
  }

  Result<sync::ImportSummary> import(SQLite::Database& db, const fs::path& bundle, std::vector<fs::path> keys = {}) {
    return sync::importBundle(db, central, bundle, dir.path() / "office.pem", keys);
  }

  long long count(SQLite::Database& db, const std::string& table) {
    return db.execAndGet("SELECT COUNT(*) FROM " + table).getInt64();
  }

  test::TempDir dir;
  Config config;
  FieldCipher central = cipherOf(2);
  fs::path genuine, forged;
};

TEST_F(Bundle, AnUnknownSignerIsRefusedByDefault) {
  auto db = app::openKioskDatabase(dir.path() / "office");
  ASSERT_TRUE(db);
  for (const auto& bundle : {forged, genuine}) {
    auto r = import(**db, bundle);
    ASSERT_FALSE(r) << "an unenrolled kiosk's bundle was imported";
    EXPECT_EQ(r.error().code, ErrorCode::Credentials);
    EXPECT_NE(r.error().message.find("trust-kiosk"), std::string::npos) << r.error().message;
  }
  EXPECT_EQ(count(**db, "outbox"), 0);
}

TEST_F(Bundle, OnlyTheEnrolledKeyOfTheNamedKioskIsAccepted) {
  auto db = app::openKioskDatabase(dir.path() / "office");
  ASSERT_TRUE(db);
  sync::KioskRegistry registry(**db);
  ASSERT_TRUE(registry.enroll("kiosk-a", publicKeyOf("kiosk"), "tester"));
  EXPECT_TRUE(registry.enroll("kiosk-a", publicKeyOf("kiosk"), "tester")) << "enrolling again is a no-op";
  EXPECT_FALSE(registry.enroll("kiosk-a", publicKeyOf("forger"), "tester")) << "a second key for one kiosk";
  EXPECT_FALSE(registry.enroll("kiosk-b", publicKeyOf("kiosk"), "tester")) << "one key for two kiosks";
  auto listed = registry.all();
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].enrolled_by, "tester");

  // The forger names kiosk-a: refused, even when its key is given explicitly.
  for (const std::vector<fs::path>& keys : {std::vector<fs::path>{}, {dir.path() / "forger" / "keys" / "sign.pub.pem"}}) {
    auto r = import(**db, forged, keys);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::Credentials);
    EXPECT_NE(r.error().message.find("not its enrolled key"), std::string::npos) << r.error().message;
  }
  EXPECT_EQ(count(**db, "outbox"), 0);

  auto first = import(**db, genuine);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_TRUE(first->enrolled);
  EXPECT_EQ(first->added, 2);
  auto again = import(**db, genuine);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->added, 0);
  EXPECT_TRUE(again->conflicts.empty());

  ASSERT_TRUE(registry.remove("kiosk-a").value());
  EXPECT_FALSE(import(**db, genuine)) << "an untrusted kiosk is refused again";
}

TEST_F(Bundle, AGenuineBundleAfterAForgedRecordIsAReportedConflict) {
  auto db = app::openKioskDatabase(dir.path() / "office");
  ASSERT_TRUE(db);
  // Someone trusted the forger's key for one import before kiosk-a was enrolled.
  auto tricked = import(**db, forged, {dir.path() / "forger" / "keys" / "sign.pub.pem"});
  ASSERT_TRUE(tricked) << tricked.error().message;
  EXPECT_FALSE(tricked->enrolled);
  EXPECT_EQ(tricked->added, 2);
  ASSERT_TRUE(sync::KioskRegistry(**db).enroll("kiosk-a", publicKeyOf("kiosk"), "tester"));
  auto r = import(**db, genuine);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->added, 0);
  ASSERT_EQ(r->conflicts.size(), 1u) << "r1 came with other content and was silently kept";
  EXPECT_EQ(r->conflicts[0].record_id, "r1");
  EXPECT_EQ(count(**db, "import_conflicts"), 1);
  // The row already queued is kept as it was (an operator decides), not overwritten.
  EXPECT_NE((**db).execAndGet("SELECT payload FROM outbox WHERE record_id = 'r1'").getString().find("failed"),
            std::string::npos);
  // Seeing the same conflict again reports it again but records it once.
  auto twice = import(**db, genuine);
  ASSERT_TRUE(twice);
  EXPECT_EQ(twice->conflicts.size(), 1u);
  EXPECT_EQ(count(**db, "import_conflicts"), 1);
}

// A bundle carries its kiosk's record-chain head (as online deliveries carry
// X-HocSo-Chain-Head). The office keeps the highest head per kiosk; a bundle
// made later that shows a shorter chain (records wiped, an old copy restored)
// is reported and recorded; one made earlier but carried late is not.
TEST_F(Bundle, CarriesTheChainHeadAndReportsAChainThatWentBack) {
  auto kiosk = app::openKioskDatabase(dir.path() / "chained");
  ASSERT_TRUE(kiosk);
  sync::OutboxRepository outbox(**kiosk);
  auto exportAt = [&](long long seq, const std::string& row) {
    (*kiosk)->exec("INSERT INTO record_chain_head(id, seq, hash, key_id, signature, signed_at) VALUES (1, " +
                   std::to_string(seq) + ", 'h" + std::to_string(seq) +
                   "', 'k', 's', 'now') ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash");
    EXPECT_TRUE(outbox.enqueue(sync::kLrs, row, statement(row, "answered")));
    const fs::path out = dir.path() / (row + ".hocso");
    auto s = sync::exportBundle(**kiosk, config, cipherOf(1),
                                {"kiosk-c", "site", dir.path() / "chained" / "keys" / "sign.pem"}, out);
    EXPECT_TRUE(s) << s.error().message;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));  // created_at has millisecond steps
    return out;
  };
  const fs::path early = exportAt(5, "c1"), later = exportAt(7, "c2"), afterWipe = exportAt(3, "c3");

  auto office = app::openKioskDatabase(dir.path() / "office");
  ASSERT_TRUE(office);
  ASSERT_TRUE(sync::KioskRegistry(**office).enroll("kiosk-c", publicKeyOf("chained"), "tester"));
  auto seen = [&] { return (*office)->execAndGet("SELECT seq FROM received_chain_heads WHERE kiosk_id = 'kiosk-c'").getInt64(); };

  auto r = import(**office, later);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_NE(r->chain_head.find("kiosk=kiosk-c; seq=7; hash=h7"), std::string::npos) << r->chain_head;
  EXPECT_FALSE(r->chain_went_back);
  EXPECT_EQ(seen(), 7);

  r = import(**office, early);  // made before: carried late, not a rollback
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_FALSE(r->chain_went_back);
  EXPECT_EQ(seen(), 7);
  EXPECT_EQ(count(**office, "chain_rollbacks"), 0);

  for (int i = 0; i < 2; ++i) {
    r = import(**office, afterWipe);
    ASSERT_TRUE(r) << r.error().message;
    ASSERT_TRUE(r->chain_went_back);
    EXPECT_EQ(r->chain_went_back->from_seq, 7);
    EXPECT_EQ(r->chain_went_back->to_seq, 3);
  }
  EXPECT_EQ(count(**office, "chain_rollbacks"), 1) << "one rollback, however often its bundle is imported";
  EXPECT_EQ(seen(), 7) << "the highest head stays the mark";
  EXPECT_EQ(count(**office, "outbox"), 3) << "the rows themselves are genuine and queued";
}

}  // namespace
}  // namespace hocso
