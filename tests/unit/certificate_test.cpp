// Certificates: the kiosk key (0600, created once), sign/verify of the compact
// payload, forgeries of every kind named precisely, the certificate written
// with a passed exam (and its certification outbox row), QR and PDF output,
// and the key backup/restore round trip.
#include <SQLiteCpp/Database.h>
#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "assessment/certificate.hpp"
#include "content/signing.hpp"
#include "certificate_service.hpp"
#include "exam_service.hpp"
#include "exam_support.hpp"
#include "key_service.hpp"
#include "learner_service.hpp"

namespace hocso {
namespace {

using assessment::Certificate;

Certificate sample() {
  Certificate c;
  c.id = "c0ffee00-0000-5000-8000-000000000001";
  c.learner_id = "2f1d9a8e-1111-4222-8333-444455556666";
  c.target_group = "citizen";
  c.framework = "qd757";
  c.framework_version = "1.0";
  c.score = 86.7;
  c.date = "2026-11-22";
  c.site_id = "xa-tien-minh";
  c.kiosk_id = "kiosk-7";
  return c;
}

std::string flipChar(std::string s, size_t at) {
  s[at] = s[at] == 'A' ? 'B' : 'A';
  return s;
}

class CertificateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = assessment::KioskSigner::loadOrCreate(dir.path());
    ASSERT_TRUE(s) << s.error().message;
    signer = *s;
  }
  test::TempDir dir;
  std::shared_ptr<assessment::KioskSigner> signer;
};

TEST_F(CertificateTest, TheKioskKeyIsPrivateAndCreatedOnlyOnce) {
  struct stat st {};
  ASSERT_EQ(::stat(assessment::KioskSigner::privateKeyFile(dir.path()).c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto again = assessment::KioskSigner::loadOrCreate(dir.path());
  ASSERT_TRUE(again);
  EXPECT_EQ((*again)->keyId(), signer->keyId());
  EXPECT_EQ((*again)->publicKey(), signer->publicKey());
}

TEST_F(CertificateTest, ASignedPayloadVerifiesAndReadsBack) {
  auto c = sample();
  ASSERT_TRUE(assessment::signCertificate(c, *signer));
  EXPECT_EQ(c.key_id, signer->keyId());
  EXPECT_EQ(std::count(c.payload.begin(), c.payload.end(), '.'), 1);
  EXPECT_EQ(c.payload.find_first_of("+/= "), std::string::npos) << "base64url, no padding";
  auto check = assessment::verifyCertificatePayload(c.payload, {signer->publicKey()});
  ASSERT_TRUE(check.valid) << check.problem;
  EXPECT_EQ(check.certificate.id, c.id);
  EXPECT_EQ(check.certificate.learner_id, c.learner_id);
  EXPECT_DOUBLE_EQ(check.certificate.score, 86.7);
  EXPECT_EQ(check.certificate.site_id, "xa-tien-minh");
  // Whitespace around a scanned payload is harmless.
  EXPECT_TRUE(assessment::verifyCertificatePayload("  " + c.payload + "\n", {signer->publicKey()}).valid);
}

TEST_F(CertificateTest, ForgeriesAreRejectedSayingWhatIsWrong) {
  auto c = sample();
  ASSERT_TRUE(assessment::signCertificate(c, *signer));
  const std::vector<assessment::Ed25519PublicKey> trusted{signer->publicKey()};
  const size_t dot = c.payload.find('.');

  // A better score, re-encoded with the old signature.
  auto claims = c.claims();
  claims["score"] = 100.0;
  auto forged = assessment::base64url(claims.dump()) + c.payload.substr(dot);
  auto check = assessment::verifyCertificatePayload(forged, trusted);
  EXPECT_FALSE(check.valid);
  EXPECT_NE(check.problem.find("signature does not match"), std::string::npos) << check.problem;

  // A flipped signature byte.
  check = assessment::verifyCertificatePayload(flipChar(c.payload, dot + 5), trusted);
  EXPECT_FALSE(check.valid);
  EXPECT_NE(check.problem.find("signature does not match"), std::string::npos) << check.problem;

  // Signed by another kiosk's key, claiming ours.
  test::TempDir other;
  auto otherSigner = assessment::KioskSigner::loadOrCreate(other.path());
  ASSERT_TRUE(otherSigner);
  auto impostor = sample();
  ASSERT_TRUE(assessment::signCertificate(impostor, **otherSigner));
  check = assessment::verifyCertificatePayload(impostor.payload, trusted);
  EXPECT_FALSE(check.valid);
  EXPECT_NE(check.problem.find("not a trusted kiosk key"), std::string::npos) << check.problem;
  // ... and a forger who writes our key id into the claims.
  auto claimsOurs = impostor.claims();
  claimsOurs["key"] = signer->keyId();
  const auto body = assessment::base64url(claimsOurs.dump());
  const auto sig = (*otherSigner)->sign(body);
  ASSERT_TRUE(sig);
  check = assessment::verifyCertificatePayload(
      body + "." + assessment::base64url(std::string(reinterpret_cast<const char*>(sig->data()), sig->size())), trusted);
  EXPECT_FALSE(check.valid);
  EXPECT_NE(check.problem.find("signature does not match"), std::string::npos) << check.problem;

  // Malformed inputs.
  EXPECT_NE(assessment::verifyCertificatePayload("hello", trusted).problem.find("not a certificate payload"), std::string::npos);
  EXPECT_NE(assessment::verifyCertificatePayload("a.b.c", trusted).problem.find("not a certificate payload"), std::string::npos);
  EXPECT_NE(assessment::verifyCertificatePayload("@@@.###", trusted).problem.find("base64url"), std::string::npos);
  EXPECT_NE(assessment::verifyCertificatePayload(c.payload.substr(0, c.payload.size() - 4), trusted).problem.find("damaged"),
            std::string::npos);
  auto noScore = c.claims();
  noScore.erase("score");
  EXPECT_NE(assessment::verifyCertificatePayload(assessment::base64url(noScore.dump()) + c.payload.substr(dot), trusted)
                .problem.find("'score'"),
            std::string::npos);
}

// A signature text whose last character differs only in its unused low bits
// decodes to the same bytes: only the canonical text may verify.
TEST_F(CertificateTest, ANonCanonicalLastSignatureCharacterIsRefused) {
  auto c = sample();
  ASSERT_TRUE(assessment::signCertificate(c, *signer));
  ASSERT_TRUE(assessment::verifyCertificatePayload(c.payload, {signer->publicKey()}).valid);
  // The signature's 86th character carries 4 unused bits: flip one of them.
  static const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string odd = c.payload;
  odd.back() = alphabet[alphabet.find(odd.back()) ^ 1];
  auto check = assessment::verifyCertificatePayload(odd, {signer->publicKey()});
  EXPECT_FALSE(check.valid) << "a second text for the same signature was accepted";
  EXPECT_NE(check.problem.find("base64url"), std::string::npos) << check.problem;
}

// Signs arbitrary claims with a key, as signCertificate does.
std::string signClaims(const nlohmann::json& claims, const assessment::KioskSigner& signer) {
  const std::string body = assessment::base64url(claims.dump());
  const auto sig = signer.sign(body).value();
  return body + "." + assessment::base64url(std::string(reinterpret_cast<const char*>(sig.data()), sig.size()));
}

TEST_F(CertificateTest, VersionTwoCarriesTheFacilitatorAndVersionOneStillVerifies) {
  const std::vector<assessment::Ed25519PublicKey> trusted{signer->publicKey()};
  auto c = sample();
  c.facilitator_id = "9d0c3a51-2b7e-4f6a-8c1d-0e2f3a4b5c6d";
  ASSERT_TRUE(assessment::signCertificate(c, *signer));
  EXPECT_EQ(c.version(), 2);
  EXPECT_EQ(c.claims()["v"], 2);
  auto check = assessment::verifyCertificatePayload(c.payload, trusted);
  ASSERT_TRUE(check.valid) << check.problem;
  EXPECT_EQ(check.certificate.facilitator_id, c.facilitator_id);
  EXPECT_EQ(check.certificate.version(), 2);

  // A certificate without a facilitator is still written as version 1...
  auto old = sample();
  ASSERT_TRUE(assessment::signCertificate(old, *signer));
  EXPECT_EQ(old.claims()["v"], 1);
  EXPECT_FALSE(old.claims().contains("facilitator"));
  // ... and a payload exactly as the version-1 code wrote it verifies.
  const nlohmann::json v1 = {{"v", 1}, {"id", "c0ffee00-0000-5000-8000-000000000009"}, {"learner", "l-1"},
                             {"target_group", "citizen"}, {"framework", "qd757"}, {"framework_version", "1.0"},
                             {"score", 75.0}, {"date", "2026-10-01"}, {"site", "xa-a"}, {"kiosk", "k-1"},
                             {"key", signer->keyId()}};
  const std::string legacy = signClaims(v1, *signer);
  check = assessment::verifyCertificatePayload(legacy, trusted);
  ASSERT_TRUE(check.valid) << check.problem;
  EXPECT_TRUE(check.certificate.facilitator_id.empty());
  EXPECT_EQ(check.certificate.version(), 1);
  EXPECT_DOUBLE_EQ(check.certificate.score, 75.0);
  // The CLI path (a file holding the payload) reads it too.
  const auto file = dir.path() / "legacy.txt";
  std::ofstream(file) << legacy << "\n";
  EXPECT_TRUE(app::verifyCertificateInput(file.string(), {assessment::KioskSigner::publicKeyFile(dir.path())}).valid);
}

TEST_F(CertificateTest, TheFacilitatorCannotBeChangedOrDropped) {
  const std::vector<assessment::Ed25519PublicKey> trusted{signer->publicKey()};
  auto c = sample();
  c.facilitator_id = "9d0c3a51-2b7e-4f6a-8c1d-0e2f3a4b5c6d";
  ASSERT_TRUE(assessment::signCertificate(c, *signer));
  const std::string sig = c.payload.substr(c.payload.find('.'));
  // Another facilitator, with the original signature.
  auto claims = c.claims();
  claims["facilitator"] = "00000000-0000-4000-8000-000000000001";
  auto check = assessment::verifyCertificatePayload(assessment::base64url(claims.dump()) + sig, trusted);
  EXPECT_FALSE(check.valid);
  EXPECT_NE(check.problem.find("signature does not match"), std::string::npos) << check.problem;
  // Passed off as a version-1 payload without it.
  claims = c.claims();
  claims.erase("facilitator");
  claims["v"] = 1;
  check = assessment::verifyCertificatePayload(assessment::base64url(claims.dump()) + sig, trusted);
  EXPECT_FALSE(check.valid);
  EXPECT_NE(check.problem.find("signature does not match"), std::string::npos) << check.problem;
  // Version 2 without a facilitator is malformed, whoever signed it.
  claims = c.claims();
  claims.erase("facilitator");
  check = assessment::verifyCertificatePayload(signClaims(claims, *signer), trusted);
  EXPECT_FALSE(check.valid);
  EXPECT_NE(check.problem.find("'facilitator'"), std::string::npos) << check.problem;
  claims["facilitator"] = "";
  EXPECT_NE(assessment::verifyCertificatePayload(signClaims(claims, *signer), trusted).problem.find("'facilitator'"),
            std::string::npos);
  // A version this code does not know, or no usable version.
  claims = c.claims();
  claims["v"] = 3;
  EXPECT_NE(assessment::verifyCertificatePayload(signClaims(claims, *signer), trusted).problem.find("newer"),
            std::string::npos);
  claims["v"] = "2";
  EXPECT_NE(assessment::verifyCertificatePayload(signClaims(claims, *signer), trusted).problem.find("'v'"),
            std::string::npos);
}

TEST_F(CertificateTest, VerifyingFromAFileUsesThePublicKeyPem) {
  auto c = sample();
  ASSERT_TRUE(assessment::signCertificate(c, *signer));
  const auto file = dir.path() / "cert.txt";
  std::ofstream(file) << c.payload << "\n";
  auto check = app::verifyCertificateInput(file.string(), {assessment::KioskSigner::publicKeyFile(dir.path())});
  EXPECT_TRUE(check.valid) << check.problem;
  const auto json = dir.path() / "cert.json";
  std::ofstream(json) << nlohmann::json{{"payload", c.payload}}.dump();
  EXPECT_TRUE(app::verifyCertificateInput(json.string(), {assessment::KioskSigner::publicKeyFile(dir.path())}).valid);
  EXPECT_TRUE(app::verifyCertificateInput(c.payload, {assessment::KioskSigner::publicKeyFile(dir.path())}).valid);
}

TEST_F(CertificateTest, QrCodeHoldsThePayload) {
  auto c = sample();
  c.facilitator_id = "9d0c3a51-2b7e-4f6a-8c1d-0e2f3a4b5c6d";  // version 2: the longer payload
  ASSERT_TRUE(assessment::signCertificate(c, *signer));
  auto qr = app::encodeQr(c.payload);
  ASSERT_TRUE(qr) << qr.error().message;
  EXPECT_GE(qr->width, 21);
  EXPECT_LE(qr->width, 97) << "small enough to print and scan (" << c.payload.size() << " bytes)";
  EXPECT_TRUE(qr->at(0, 0)) << "finder pattern corner";
}

class CertificateIssue : public test::CitizenKioskTest {};

TEST_F(CertificateIssue, APassedExamWritesASignedCertificateAndItsSealedIdentity) {
  app::LearnerService learners(*ctx);
  app::ExamService exams(*ctx);
  const auto learner = test::registerConsented(learners, "Khổng Văn Tuấn", 1980, "1234", [](app::Registration& r) {
    r.citizen_id = "001080009999";
    r.phone = "0987654321";
  });
  ASSERT_FALSE(learner.id.empty());
  app::ExamOutcome done;
  std::string facilitator_id;
  ASSERT_NO_FATAL_FAILURE(
      test::passExam(exams, *ctx, learner.id, "Tổ công nghệ số", "4321", 77, done, &facilitator_id));
  ASSERT_TRUE(done.certificate_id);
  auto check = assessment::verifyCertificatePayload(done.certificate_payload, {ctx->signer->publicKey()});
  ASSERT_TRUE(check.valid) << check.problem;
  EXPECT_EQ(check.certificate.learner_id, learner.id);
  EXPECT_EQ(check.certificate.target_group, "citizen");
  EXPECT_EQ(check.certificate.framework, "qd757");
  EXPECT_DOUBLE_EQ(check.certificate.score, 100);
  EXPECT_EQ(check.certificate.site_id, "xa-tien-minh");
  EXPECT_EQ(check.certificate.kiosk_id, "kiosk-test-1");

  SQLite::Database db((dir.path() / "kiosk.db").string(), SQLite::OPEN_READONLY);
  EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM certificates").getInt(), 1);
  EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM outbox WHERE endpoint = 'certification'").getInt(), 1);
  const std::string payload = db.execAndGet("SELECT payload FROM outbox WHERE endpoint = 'certification'").getString();
  EXPECT_NE(payload.find("identity_sealed"), std::string::npos) << "consent covers the certification endpoint";
  for (const char* secret : {"Khổng", "001080009999", "0987654321"})
    EXPECT_EQ(payload.find(secret), std::string::npos) << secret;
  EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM outbox WHERE payload LIKE '%certificate-id%'").getInt(), 4)
      << "the attempted/passed/completed/satisfied statements name the certificate";
  EXPECT_EQ(check.certificate.facilitator_id, facilitator_id);
  EXPECT_EQ(db.execAndGet("SELECT facilitator_id FROM certificates").getString(), facilitator_id);

  // Printable: a PDF with the fonts embedded.
  app::CertificateService certs(*ctx);
  const auto pdf = dir.path() / "cert.pdf";
  auto ok = certs.writePdf(*done.certificate_id, pdf);
  ASSERT_TRUE(ok) << ok.error().message;
  std::ifstream in(pdf, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(bytes.rfind("%PDF-", 0), 0u);
  if (const char* keep = std::getenv("HOCSO_CERT_PDF_OUT")) std::filesystem::copy_file(pdf, keep, std::filesystem::copy_options::overwrite_existing);
  EXPECT_NE(bytes.find("NotoSans"), std::string::npos);
  auto print = certs.printable(*done.certificate_id);
  ASSERT_TRUE(print);
  EXPECT_EQ(print->full_name, "Khổng Văn Tuấn");
  EXPECT_EQ(print->target_group_title, "Người dân");
  // The facilitator's name: on the print only, never in the payload (QR) or the outbox.
  EXPECT_EQ(print->facilitator_name, "Tổ công nghệ số");
  auto claims = assessment::unbase64url(print->payload.substr(0, print->payload.find('.')));
  ASSERT_TRUE(claims);
  EXPECT_EQ(claims->find("Tổ công nghệ số"), std::string::npos);
  EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM outbox WHERE payload LIKE '%công nghệ số%'").getInt(), 0);
}

TEST(KeyBackup, BackupAndRestoreRoundTripWithAPassphrase) {
  test::TempDir a, b;
  auto st = app::initKeys(a.path());
  ASSERT_TRUE(st) << st.error().message;
  EXPECT_TRUE(st->created);
  for (const auto& c : app::selftestKeys(a.path())) EXPECT_TRUE(c.ok) << c.name << ": " << c.detail;
  const auto file = a.path() / "keys.backup";
  ASSERT_TRUE(app::backupKeys(a.path(), file, "mật khẩu dài đủ"));
  struct stat s {};
  ASSERT_EQ(::stat(file.c_str(), &s), 0);
  EXPECT_EQ(s.st_mode & 0777, 0600u);
  EXPECT_FALSE(app::restoreKeys(b.path(), file, "wrong passphrase", false));
  auto restored = app::restoreKeys(b.path(), file, "mật khẩu dài đủ", false);
  ASSERT_TRUE(restored) << restored.error().message;
  EXPECT_EQ(restored->signing_key_id, st->signing_key_id);
  for (const auto& c : app::selftestKeys(b.path())) EXPECT_TRUE(c.ok) << c.name << ": " << c.detail;
  // A kiosk with different keys is not overwritten by accident.
  test::TempDir c;
  ASSERT_TRUE(app::initKeys(c.path()));
  EXPECT_FALSE(app::restoreKeys(c.path(), file, "mật khẩu dài đủ", false));
  EXPECT_TRUE(app::restoreKeys(c.path(), file, "mật khẩu dài đủ", true));
  EXPECT_FALSE(app::backupKeys(a.path(), file, "short"));
}

TEST(KeyBackup, CarriesTheUsbBundleKeyOnceItExists) {
  test::TempDir a, b;
  ASSERT_TRUE(app::initKeys(a.path()));
  // The first `sync export` makes the bundle key pair.
  ASSERT_TRUE(content::generateKeyPair(app::bundleSigningKeyFile(a.path()), app::bundlePublicKeyFile(a.path())));
  const auto file = a.path() / "keys.backup";
  ASSERT_TRUE(app::backupKeys(a.path(), file, "mật khẩu dài đủ"));
  auto restored = app::restoreKeys(b.path(), file, "mật khẩu dài đủ", false);
  ASSERT_TRUE(restored) << restored.error().message;
  auto read = [](const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  ASSERT_FALSE(read(app::bundleSigningKeyFile(a.path())).empty());
  EXPECT_EQ(read(app::bundleSigningKeyFile(b.path())), read(app::bundleSigningKeyFile(a.path())));
  EXPECT_EQ(read(app::bundlePublicKeyFile(b.path())), read(app::bundlePublicKeyFile(a.path())));
  struct stat s {};
  ASSERT_EQ(::stat(app::bundleSigningKeyFile(b.path()).c_str(), &s), 0);
  EXPECT_EQ(s.st_mode & 0777, 0600u);
  // A kiosk with its own, different bundle key is not overwritten by accident.
  // Same data and signing keys (restored), then a bundle key of its own.
  test::TempDir c;
  ASSERT_TRUE(app::restoreKeys(c.path(), file, "mật khẩu dài đủ", false));
  std::filesystem::remove(app::bundleSigningKeyFile(c.path()));
  std::filesystem::remove(app::bundlePublicKeyFile(c.path()));
  ASSERT_TRUE(content::generateKeyPair(app::bundleSigningKeyFile(c.path()), app::bundlePublicKeyFile(c.path())));
  auto refused = app::restoreKeys(c.path(), file, "mật khẩu dài đủ", false);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("USB bundle key"), std::string::npos) << refused.error().message;
  ASSERT_TRUE(app::restoreKeys(c.path(), file, "mật khẩu dài đủ", true));
  EXPECT_EQ(read(app::bundleSigningKeyFile(c.path())), read(app::bundleSigningKeyFile(a.path())));
  // A backup of a kiosk that never exported still restores (no bundle key).
  test::TempDir d, e;
  ASSERT_TRUE(app::initKeys(d.path()));
  ASSERT_TRUE(app::backupKeys(d.path(), d.path() / "k.backup", "mật khẩu dài đủ"));
  ASSERT_TRUE(app::restoreKeys(e.path(), d.path() / "k.backup", "mật khẩu dài đủ", false));
  EXPECT_FALSE(std::filesystem::exists(app::bundleSigningKeyFile(e.path())));
}

TEST(KeyBackup, SelftestNoticesALooseKeyFile) {
  test::TempDir a;
  ASSERT_TRUE(app::initKeys(a.path()));
  ::chmod((a.path() / "keys" / "data.key").c_str(), 0644);
  bool sawFailure = false;
  for (const auto& c : app::selftestKeys(a.path()))
    if (!c.ok) sawFailure = true;
  EXPECT_TRUE(sawFailure);
}

}  // namespace
}  // namespace hocso
