// Sync status and bookkeeping on a real kiosk.db: migration 2 over data,
// unconfigured endpoints (waiting, not failing), status JSON keys, failure
// recording with backoff, Vietnamese texts, sealed certificate identity,
// xAPI comparison and clock correction, USB bundles, and the worker's
// start/notify/stop.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <condition_variable>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <optional>
#include <nlohmann/json.hpp>

#include "base/database.hpp"
#include "sync/bundle.hpp"
#include "sync/kiosk_registry.hpp"
#include "sync/certification.hpp"
#include "sync/lrs_sync.hpp"
#include "sync/outbox.hpp"
#include "sync/status.hpp"
#include "sync/status_text.hpp"
#include "sync/worker.hpp"
#include "sync/xapi.hpp"
#include "test_support.hpp"

namespace hocso::sync {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

class SyncStatusTest : public test::KioskDatabaseTest {
 protected:
  // A certificate of "learner-uuid" issued 2026-11-22 05:00 UTC.
  static CertificateSubmission submission(const std::string& id, json certificate) {
    CertificateSubmission sub;
    sub.certificate_id = id;
    sub.learner_id = "learner-uuid";
    sub.issued_at = "2026-11-22T05:00:00.000Z";
    sub.certificate = std::move(certificate);
    return sub;
  }
  void enqueueStatements(int n, const std::string& prefix = "s") {
    OutboxRepository outbox(*db);
    for (int i = 0; i < n; ++i) {
      const std::string id = prefix + std::to_string(i);
      ASSERT_TRUE(outbox.enqueue(kLrs, id, json{{"id", id}}.dump()));
    }
  }
};

TEST_F(SyncStatusTest, MigrationTwoKeepsRowsAndAddsColumns) {
  test::TempDir other;
  auto raw = openDatabase((other.path() / "kiosk.db").string());
  ASSERT_TRUE(raw);
  ModuleSchema v1{"sync", {schema().migrations.front()}};
  ASSERT_TRUE(migrate(**raw, v1));
  (*raw)->exec("INSERT INTO outbox(endpoint, record_id, payload, created_at) VALUES ('lrs', 'a', '{}', 'now')");
  (*raw)->exec("INSERT INTO sync_state(endpoint, last_error) VALUES ('lrs', 'old error')");
  ASSERT_TRUE(migrate(**raw, schema()));
  EXPECT_EQ(schemaVersion(**raw, "sync"), schema().migrations.back().version);
  OutboxRepository outbox(**raw);
  auto st = outbox.status(kLrs);
  ASSERT_TRUE(st) << st.error().message;
  EXPECT_EQ(st->pending, 1);
  EXPECT_EQ(st->last_error, "old error");
  EXPECT_EQ(st->failures, 0);
  EXPECT_FALSE(st->clock_offset_ms);
  auto rows = outbox.pending(kLrs, 10);
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_FALSE(rows->front().time_offset_ms);
}

TEST_F(SyncStatusTest, UnconfiguredEndpointRowsWaitAndDoNotFail) {
  enqueueStatements(3);
  Config config;  // no endpoints
  auto report = syncLrsOnce(*db, config);
  EXPECT_EQ(report.outcome, SyncOutcome::NotConfigured);
  EXPECT_EQ(report.remaining, 3);
  auto st = readSyncStatus(*db, config, config);
  ASSERT_TRUE(st);
  EXPECT_FALSE(st->lrs.configured);
  EXPECT_EQ(st->lrs.pending, 0);
  EXPECT_EQ(st->lrs.waiting, 3);
  EXPECT_TRUE(st->lrs.last_error.empty());  // nothing recorded as an error
  config.lrs.endpoint = "http://127.0.0.1:9/xAPI/";
  st = readSyncStatus(*db, config, config);
  ASSERT_TRUE(st);
  EXPECT_TRUE(st->lrs.configured);
  EXPECT_EQ(st->lrs.pending, 3);
  EXPECT_EQ(st->lrs.waiting, 0);
  EXPECT_FALSE(st->certification.configured);
}

TEST_F(SyncStatusTest, StatusJsonHasTheDocumentedKeys) {
  enqueueStatements(2);
  Config config;
  config.certification.endpoint = "https://cert.example/api/";
  auto st = readSyncStatus(*db, config, config);
  ASSERT_TRUE(st);
  json j = statusJson(*st);
  for (const char* key : {"pending", "delivered", "quarantined", "last_success", "last_error", "last_error_kind",
                          "next_attempt", "configured", "waiting", "failures", "clock_offset_seconds",
                          "clock_checked_at", "lrs_configured", "certification"})
    EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_EQ(j["pending"], 0);
  EXPECT_EQ(j["waiting"], 2);
  EXPECT_EQ(j["configured"], false);
  EXPECT_EQ(j["lrs_configured"], false);
  EXPECT_TRUE(j["clock_offset_seconds"].is_null());
  EXPECT_EQ(j["certification"]["configured"], true);
  EXPECT_EQ(j["certification"]["pending"], 0);
  EXPECT_FALSE(j["certification"].contains("certification"));
  OutboxRepository outbox(*db);
  ASSERT_TRUE(outbox.recordClock(kLrs, -7201400, "2026-11-22T05:00:00.000Z"));
  st = readSyncStatus(*db, config, config);
  EXPECT_EQ(statusJson(*st)["clock_offset_seconds"], -7201);
}

TEST_F(SyncStatusTest, RefusedConnectionRecordsNetworkErrorWithGrowingBackoff) {
  enqueueStatements(2);
  Config config;
  config.lrs.endpoint = "http://127.0.0.1:1/xAPI/";  // nothing listens on port 1
  config.sync_interval_seconds = 100;                 // backoff base 10 s, cap 1200 s
  const auto before = Clock::now();
  auto r1 = syncLrsOnce(*db, config);
  EXPECT_EQ(r1.outcome, SyncOutcome::TryLater);
  EXPECT_EQ(r1.kind, ErrorKind::Network);
  EXPECT_EQ(r1.remaining, 2);
  auto next1 = parseIso8601(r1.next_attempt);
  ASSERT_TRUE(next1) << r1.next_attempt;
  EXPECT_GE(*next1, before + 5s);
  EXPECT_LE(*next1, Clock::now() + 10s);
  auto r2 = syncLrsOnce(*db, config);
  auto st = OutboxRepository(*db).status(kLrs);
  ASSERT_TRUE(st);
  EXPECT_EQ(st->failures, 2);
  EXPECT_EQ(st->last_error_kind, "network");
  EXPECT_EQ(st->next_attempt, r2.next_attempt);
  EXPECT_GE(*parseIso8601(r2.next_attempt), before + 10s);
  EXPECT_EQ(st->pending, 2);
}

TEST_F(SyncStatusTest, MissingTokenFileOrCaBundleIsAConfigProblem) {
  enqueueStatements(1);
  Config config;
  config.lrs.endpoint = "http://127.0.0.1:1/xAPI/";
  config.lrs.auth = "bearer";
  config.lrs.token_file = (dir.path() / "missing-token").string();
  auto r = syncLrsOnce(*db, config);
  EXPECT_EQ(r.outcome, SyncOutcome::ConfigProblem);
  EXPECT_NE(r.message.find("token_file"), std::string::npos) << r.message;
  std::ofstream(dir.path() / "token") << "  secret-token \n";
  config.lrs.token_file = (dir.path() / "token").string();
  config.ca_bundle = (dir.path() / "missing-ca.pem").string();
  r = syncLrsOnce(*db, config);
  EXPECT_EQ(r.outcome, SyncOutcome::ConfigProblem);
  EXPECT_NE(r.message.find("ca_bundle"), std::string::npos) << r.message;
  EXPECT_EQ(OutboxRepository(*db).status(kLrs)->last_error_kind, "config");
}

TEST(SyncStatusText, VietnameseSentences) {
  setenv("TZ", "ICT-7", 1);  // UTC+7 without needing tzdata
  tzset();
  const std::time_t now = Clock::to_time_t(*parseIso8601("2026-11-22T06:00:00Z"));  // 13:00 local
  EndpointStatus s;
  s.last_error_kind = "network";
  s.last_error = "no connection";
  s.next_attempt = "2026-11-22T07:05:00.000Z";
  EXPECT_EQ(lastErrorVi(s, now), "Không có Internet — sẽ thử lại lúc 14:05");
  s.last_error_kind = "credentials";
  EXPECT_EQ(lastErrorVi(s, now), "Máy chủ từ chối tài khoản — báo kỹ thuật viên");
  s.last_error_kind = "busy";
  s.next_attempt = "2026-11-23T01:30:00.000Z";
  EXPECT_EQ(lastErrorVi(s, now), "Máy chủ đang bận — sẽ thử lại lúc 08:30 ngày 23/11");
  s.last_error_kind = "server";
  s.next_attempt.clear();
  EXPECT_EQ(lastErrorVi(s, now), "Máy chủ đang gặp sự cố — sẽ thử lại sau");
  s.last_error_kind = "tls";
  EXPECT_NE(lastErrorVi(s, now).find("chứng chỉ"), std::string::npos);

  EndpointStatus ok;
  EXPECT_EQ(lastErrorVi(ok, now), "");
  ok.last_success = "2026-11-22T05:45:00.000Z";
  EXPECT_EQ(summaryVi(ok, now), "Đã gửi hết kết quả (lần cuối lúc 12:45)");
  ok.pending = 4;
  EXPECT_EQ(summaryVi(ok, now), "Đang chờ gửi 4 kết quả");
  ok.quarantined = 1;
  EXPECT_NE(summaryVi(ok, now).find("1 kết quả bị máy chủ từ chối"), std::string::npos);

  EndpointStatus off = applyConfigured(EndpointStatus{}, false);
  off.waiting = 7;
  EXPECT_EQ(summaryVi(off, now), "Chưa cài đặt máy chủ — 7 kết quả đang chờ trên máy");
  EXPECT_NE(lastErrorVi(off, now).find("Chưa cài đặt"), std::string::npos);
  unsetenv("TZ");
  tzset();
}

TEST(SyncStatusText, ClockWarningSaysHowFarOffInPlainWords) {
  constexpr long long kMinute = 60'000, kHour = 60 * kMinute, kDayMs = 24 * kHour;
  EXPECT_EQ(clockWarningVi(std::nullopt), "") << "never measured";
  EXPECT_EQ(clockWarningVi(0LL), "");
  EXPECT_EQ(clockWarningVi(4 * kMinute + 59'000), "") << "below five minutes: left alone";
  EXPECT_EQ(clockWarningVi(-4 * kMinute), "");
  EXPECT_EQ(clockWarningVi(5 * kMinute),
            "Đồng hồ máy lệch khoảng 5 phút so với máy chủ — báo kỹ thuật viên chỉnh giờ");
  EXPECT_EQ(clockWarningVi(-3 * kHour - 20 * kMinute),
            "Đồng hồ máy lệch khoảng 3 giờ so với máy chủ — báo kỹ thuật viên chỉnh giờ");
  // Three years slow (a kiosk that boots at its firmware date).
  EXPECT_EQ(clockWarningVi(static_cast<long long>(3 * 365.25 * kDayMs)),
            "Đồng hồ máy lệch khoảng 3 năm so với máy chủ — báo kỹ thuật viên chỉnh giờ");
  EXPECT_EQ(clockOffsetAmountVi(59 * kMinute), "59 phút");
  EXPECT_EQ(clockOffsetAmountVi(-23 * kHour), "23 giờ");
  EXPECT_EQ(clockOffsetAmountVi(10 * kDayMs + 3 * kHour), "10 ngày");
  EXPECT_EQ(clockOffsetAmountVi(-122 * kDayMs), "4 tháng");
  EXPECT_EQ(clockOffsetAmountVi(360 * kDayMs), "1 năm");
}

TEST_F(SyncStatusTest, StatusJsonCarriesTheClockWarningOfTheLatestMeasurement) {
  Config config;
  config.lrs.endpoint = "https://lrs.example/xAPI/";
  config.certification.endpoint = "https://cert.example/api/";
  OutboxRepository outbox(*db);
  auto st = readSyncStatus(*db, config, config);
  ASSERT_TRUE(st);
  json j = statusJson(*st);
  EXPECT_EQ(j["clock_warning"], "");
  EXPECT_EQ(j["certification"]["clock_warning"], "");
  EXPECT_FALSE(kioskClockOffsetMs(*st));

  const long long threeYears = static_cast<long long>(3 * 365.25 * 24 * 3600 * 1000);
  ASSERT_TRUE(outbox.recordClock(kLrs, 1500, "2026-11-22T05:00:00.000Z"));
  ASSERT_TRUE(outbox.recordClock(kCertification, threeYears, "2026-11-22T06:00:00.000Z"));
  st = readSyncStatus(*db, config, config);
  j = statusJson(*st);
  EXPECT_EQ(j["clock_offset_seconds"], 2) << "the LRS's own offset";
  EXPECT_EQ(j["certification"]["clock_offset_seconds"], threeYears / 1000);
  EXPECT_EQ(j["certification"]["clock_warning"],
            "Đồng hồ máy lệch khoảng 3 năm so với máy chủ — báo kỹ thuật viên chỉnh giờ");
  EXPECT_EQ(j["clock_warning"], j["certification"]["clock_warning"]) << "the later measurement counts";
  EXPECT_EQ(kioskClockOffsetMs(*st), threeYears);
  // The clock was fixed and the LRS measured it since: no warning.
  ASSERT_TRUE(outbox.recordClock(kLrs, -800, "2026-11-22T07:00:00.000Z"));
  st = readSyncStatus(*db, config, config);
  EXPECT_EQ(statusJson(*st)["clock_warning"], "");
  EXPECT_EQ(clockWarningVi(*st), "");
  EXPECT_EQ(lastKnownClockOffset(outbox), -800);
}

TEST(SyncCertification, AWrongClockIsSentAlongsideTheKiosksOwnTime) {
  setenv("TZ", "ICT-7", 1);
  tzset();
  const json body = {{"certificate_id", "c-1"},
                     {"issued_at", "2023-01-01T20:30:00.000Z"},  // the kiosk's clock: 2023-01-02 03:30 local
                     {"certificate", {{"payload", "p.s"}, {"claims", {{"date", "2023-01-02"}}}}}};
  EXPECT_EQ(withClockCorrection(body, 0), body);
  const long long threeYears = static_cast<long long>(3 * 365.25 * 24 * 3600 * 1000);
  json sent = withClockCorrection(body, threeYears);
  EXPECT_EQ(sent.dump(), withClockCorrection(body, threeYears).dump()) << "deterministic: resends are identical";
  EXPECT_EQ(sent["issued_at"], body["issued_at"]) << "the kiosk's own time is kept";
  EXPECT_EQ(sent["certificate"], body["certificate"]) << "the signed certificate is never altered";
  EXPECT_EQ(sent["clock_correction"]["offset_ms"], threeYears);
  EXPECT_EQ(sent["clock_correction"]["issued_at"], "2026-01-01T14:30:00.000Z");
  EXPECT_EQ(sent["clock_correction"]["date"], "2026-01-01");
  json bad = body;
  bad["issued_at"] = "not a time";
  EXPECT_EQ(withClockCorrection(bad, threeYears)["clock_correction"], (json{{"offset_ms", threeYears}}));
  unsetenv("TZ");
  tzset();
}

TEST_F(SyncStatusTest, CertificatesWaitUnpinnedWhenTheServerCannotBeAskedTheTime) {
  const FieldCipher cipher = FieldCipher::fromKey(std::vector<unsigned char>(32, 5));
  CertificateSubmission sub = submission("cert-clock", {{"payload", "p.s"}});
  OutboxRepository outbox(*db);
  ASSERT_TRUE(enqueueCertificate(outbox, sub, cipher));
  // One queued and tried by the version before clock corrections: it was
  // sent as it was, so it must stay so (else the endpoint sees a conflict).
  sub.certificate_id = "cert-old";
  ASSERT_TRUE(enqueueCertificate(outbox, sub, cipher));
  db->exec("UPDATE outbox SET tries = 1 WHERE record_id = 'cert-old'");
  ASSERT_TRUE(outbox.recordClock(kCertification, 7'200'000, "2026-11-22T05:00:00.000Z"));  // an old measurement
  std::ofstream(dir.path() / "token") << "t\n";
  Config config;
  config.certification.endpoint = "http://127.0.0.1:1/api/";  // nothing listens
  config.certification.token_file = (dir.path() / "token").string();
  auto r = syncCertificationOnce(*db, config, cipher);
  EXPECT_EQ(r.outcome, SyncOutcome::TryLater);
  EXPECT_EQ(r.kind, ErrorKind::Network);
  auto rows = outbox.pending(kCertification, 10);
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_FALSE(rows->front().time_offset_ms) << "the correction is fixed only once the server's time is known";
  EXPECT_EQ(outbox.firstUnpinned(kCertification)->value_or(""), "cert-clock");
  ASSERT_TRUE(rows->back().time_offset_ms);
  EXPECT_EQ(*rows->back().time_offset_ms, 0) << "an already-tried row keeps the body it was sent with";
}

TEST_F(SyncStatusTest, CertificateIdentityIsSealedInTheOutbox) {
  const FieldCipher cipher = FieldCipher::fromKey(std::vector<unsigned char>(32, 7));
  CertificateSubmission sub = submission("cert-001", {{"payload", "abc"}, {"signature", "sig"}});
  sub.kiosk_id = "kiosk-1";
  sub.site_id = "site";
  sub.identity = ConsentedIdentity{"Nguyễn Thị Hồng", "001234567890", "0912345678", 1962,
                                   "2026-11-22T04:59:00.000Z", "consent-v1"};
  OutboxRepository outbox(*db);
  ASSERT_TRUE(enqueueCertificate(outbox, sub, cipher));
  auto rows = outbox.pending(kCertification, 10);
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(rows->front().record_id, "cert-001");
  EXPECT_EQ(rows->front().payload.find("001234567890"), std::string::npos);
  EXPECT_EQ(rows->front().payload.find("Hồng"), std::string::npos);
  auto body = certificationRequestBody(rows->front().payload, cipher);
  ASSERT_TRUE(body) << body.error().message;
  EXPECT_EQ((*body)["identity"]["citizen_id"], "001234567890");
  EXPECT_EQ((*body)["identity"]["full_name"], "Nguyễn Thị Hồng");
  EXPECT_EQ((*body)["consent"]["version"], "consent-v1");
  EXPECT_EQ((*body)["certificate"]["signature"], "sig");
  EXPECT_FALSE(body->contains("identity_sealed"));
  // Another key cannot open it; without consent no identity is accepted.
  EXPECT_FALSE(certificationRequestBody(rows->front().payload, FieldCipher::fromKey(std::vector<unsigned char>(32, 8))));
  sub.certificate_id = "cert-002";
  sub.identity->consent_given_at.clear();
  EXPECT_FALSE(enqueueCertificate(outbox, sub, cipher));
  sub.identity.reset();
  ASSERT_TRUE(enqueueCertificate(outbox, sub, cipher));
  auto plain = certificationRequestBody(outbox.pending(kCertification, 10)->back().payload, cipher);
  ASSERT_TRUE(plain);
  EXPECT_FALSE(plain->contains("identity"));
}

TEST(SyncXapi, CorrectedTimestampIsDeterministicAndKeepsTheOriginal) {
  json st = {{"id", "x"}, {"timestamp", "2000-01-01T00:00:05.000Z"}, {"context", {{"registration", "r"}}}};
  const std::string base = "https://hocso.invalid/xapi/";
  json a = withCorrectedTimestamp(st, 3600000, base);
  json b = withCorrectedTimestamp(st, 3600000, base);
  EXPECT_EQ(a.dump(), b.dump());
  EXPECT_EQ(a["timestamp"], "2000-01-01T01:00:05.000Z");
  EXPECT_EQ(a["context"]["extensions"][base + "ext/kiosk-timestamp"], "2000-01-01T00:00:05.000Z");
  EXPECT_EQ(a["context"]["extensions"][base + "ext/clock-offset-ms"], 3600000);
  EXPECT_EQ(a["context"]["registration"], "r");
  EXPECT_EQ(withCorrectedTimestamp(st, 0, base), st);
}

TEST(SyncXapi, StatementComparisonIgnoresWhatTheLrsAdds) {
  json sent = {{"id", "x"},
               {"verb", {{"id", "v"}}},
               {"result", {{"score", {{"scaled", 1}}}}},
               {"timestamp", "2026-11-22T05:00:00.000Z"}};
  json stored = sent;
  stored["stored"] = "2026-11-22T05:00:01.000Z";
  stored["authority"] = {{"objectType", "Agent"}};
  stored["version"] = "1.0.0";
  stored["result"]["score"]["scaled"] = 1.0;
  stored["timestamp"] = "2026-11-22T12:00:00+07:00";
  EXPECT_TRUE(sameStatement(sent, stored));
  stored["result"]["score"]["scaled"] = 0.5;
  EXPECT_FALSE(sameStatement(sent, stored));
  stored["result"]["score"]["scaled"] = 1;
  stored["timestamp"] = "2026-11-22T05:00:01.000Z";
  EXPECT_FALSE(sameStatement(sent, stored));
  stored.erase("timestamp");
  EXPECT_FALSE(sameStatement(sent, stored));
}

TEST_F(SyncStatusTest, UsbBundleRoundTripIsIdempotentAndRefusesTampering) {
  enqueueStatements(4, "b");
  const FieldCipher cipher = FieldCipher::fromKey(std::vector<unsigned char>(32, 3));
  ASSERT_TRUE(generateRecipientKeyPair(dir.path() / "central.pem", dir.path() / "central.pub.pem"));
  ASSERT_TRUE(generateRecipientKeyPair(dir.path() / "other.pem", dir.path() / "other.pub.pem"));
  Config config;
  config.bundle_public_key = (dir.path() / "central.pub.pem").string();
  const BundleIdentity kiosk{"kiosk-b", "site-b", dir.path() / "keys" / "sign.pem"};
  auto exported = exportBundle(*db, config, cipher, kiosk, dir.path() / "b.hocso");
  ASSERT_TRUE(exported) << exported.error().message;
  EXPECT_EQ(exported->statements, 4);
  EXPECT_EQ(OutboxRepository(*db).status(kLrs)->pending, 4);  // exporting delivers nothing

  test::TempDir central;
  auto cdb = app::openKioskDatabase(central.path());
  ASSERT_TRUE(cdb);
  auto wrong = importBundle(**cdb, cipher, dir.path() / "b.hocso", dir.path() / "other.pem",
                            {dir.path() / "keys" / "sign.pub.pem"});
  EXPECT_FALSE(wrong);
  auto first = importBundle(**cdb, cipher, dir.path() / "b.hocso", dir.path() / "central.pem",
                            {dir.path() / "keys" / "sign.pub.pem"});
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_FALSE(first->enrolled);  // trusted for this import by the key given
  EXPECT_EQ(first->kiosk_id, "kiosk-b");
  EXPECT_EQ(first->added, 4);
  ASSERT_TRUE(KioskRegistry(**cdb).enroll("kiosk-b", readEd25519PublicKeyPem(dir.path() / "keys" / "sign.pub.pem").value(), "t"));
  auto again = importBundle(**cdb, cipher, dir.path() / "b.hocso", dir.path() / "central.pem", {});
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_TRUE(again->enrolled);
  EXPECT_EQ(again->added, 0);

  std::string bytes;
  {
    std::ifstream in(dir.path() / "b.hocso", std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  bytes[bytes.size() / 3] ^= 0x01;
  std::ofstream(dir.path() / "t.hocso", std::ios::binary) << bytes;
  auto tampered = importBundle(**cdb, cipher, dir.path() / "t.hocso", dir.path() / "central.pem", {});
  ASSERT_FALSE(tampered);
  EXPECT_NE(tampered.error().message.find("refused"), std::string::npos) << tampered.error().message;
  config.bundle_public_key.clear();
  EXPECT_EQ(exportBundle(*db, config, cipher, kiosk, dir.path() / "c.hocso").error().code, ErrorCode::Config);
}

TEST_F(SyncStatusTest, ABundleCarriesTheCertificatesClockCorrectionFixedOnTheKiosk) {
  const FieldCipher cipher = FieldCipher::fromKey(std::vector<unsigned char>(32, 4));
  ASSERT_TRUE(generateRecipientKeyPair(dir.path() / "central.pem", dir.path() / "central.pub.pem"));
  OutboxRepository outbox(*db);
  const long long offset = 2LL * 24 * 3600 * 1000;  // the kiosk is two days slow
  ASSERT_TRUE(outbox.recordClock(kCertification, offset, "2026-11-22T05:00:00.000Z"));
  CertificateSubmission sub = submission("cert-usb", {{"payload", "p.s"}});
  sub.kiosk_id = "kiosk-b";
  sub.site_id = "site-b";
  sub.issued_at = "2026-11-20T05:00:00.000Z";
  ASSERT_TRUE(enqueueCertificate(outbox, sub, cipher));
  Config config;
  config.bundle_public_key = (dir.path() / "central.pub.pem").string();
  const BundleIdentity kiosk{"kiosk-b", "site-b", dir.path() / "keys" / "sign.pem"};
  ASSERT_TRUE(exportBundle(*db, config, cipher, kiosk, dir.path() / "b.hocso"));
  auto row = outbox.pending(kCertification, 10);
  ASSERT_TRUE(row && row->size() == 1u);
  ASSERT_TRUE(row->front().time_offset_ms);
  EXPECT_EQ(*row->front().time_offset_ms, offset) << "fixed on export, like LRS statements";
  auto onKiosk = certificationRequestBody(row->front().payload, cipher, *row->front().time_offset_ms);
  ASSERT_TRUE(onKiosk);
  EXPECT_EQ((*onKiosk)["clock_correction"]["issued_at"], "2026-11-22T05:00:00.000Z");

  test::TempDir central;
  auto cdb = app::openKioskDatabase(central.path());
  ASSERT_TRUE(cdb);
  ASSERT_TRUE(importBundle(**cdb, cipher, dir.path() / "b.hocso", dir.path() / "central.pem",
                           {dir.path() / "keys" / "sign.pub.pem"}));
  auto imported = OutboxRepository(**cdb).pending(kCertification, 10);
  ASSERT_TRUE(imported && imported->size() == 1u);
  EXPECT_EQ(imported->front().time_offset_ms.value_or(-1), 0) << "final as it came";
  auto fromCentral = certificationRequestBody(imported->front().payload, cipher, 0);
  ASSERT_TRUE(fromCentral);
  EXPECT_EQ(fromCentral->dump(), onKiosk->dump()) << "either way the endpoint gets the same body";
}

TEST_F(SyncStatusTest, WorkerPublishesOnNotifyAndStopsPromptly) {
  Config config;  // nothing configured: the worker must not touch the network
  config.sync_interval_seconds = 3600;
  std::mutex m;
  std::condition_variable cv;
  std::vector<SyncSnapshot> seen;
  SyncWorker::Options options;
  options.database = dir.path() / "kiosk.db";
  options.sync = config;
  options.content = config;
  options.publish = [&](const SyncSnapshot& s) {
    std::lock_guard lock(m);
    seen.push_back(s);
    cv.notify_all();
  };
  SyncWorker worker(options);
  ASSERT_TRUE(worker.start());
  {
    std::unique_lock lock(m);
    ASSERT_TRUE(cv.wait_for(lock, 10s, [&] { return !seen.empty(); }));
  }
  enqueueStatements(5);  // through the test's own connection, like the UI's services
  worker.notify();
  {
    std::unique_lock lock(m);
    ASSERT_TRUE(cv.wait_for(lock, 10s, [&] { return seen.back().status.lrs.waiting == 5; }));
    EXPECT_TRUE(seen.back().running);
    EXPECT_FALSE(seen.back().status.lrs.configured);
  }
  const auto t0 = std::chrono::steady_clock::now();
  worker.stop();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 2s);
  EXPECT_FALSE(worker.snapshot().running);
  worker.stop();  // twice is fine
}

}  // namespace
}  // namespace hocso::sync
