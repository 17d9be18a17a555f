// Provisioning (provision_service.hpp): each answer's rules, what is written
// where (no secret in hocso.toml, secret files 0600), and the clone check
// (machine_identity.hpp): a copied kiosk refuses to open until re-provisioned,
// and re-provisioning over another kiosk's records needs --discard-copied-data.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <fstream>

#include "kiosk_config.hpp"
#include "base/ed25519.hpp"
#include "base/files.hpp"
#include "exam_service.hpp"
#include "key_service.hpp"
#include "learner_service.hpp"
#include "machine_identity.hpp"
#include "provision_service.hpp"
#include "site_service.hpp"
#include "sync/bundle.hpp"
#include "test_support.hpp"

namespace hocso {
namespace {
namespace fs = std::filesystem;

void writeFile(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }

std::string readText(const fs::path& p) {
  auto t = readFileBounded(p, kSmallFileLimit);
  return t ? *t : "";
}

int modeOf(const fs::path& p) {
  struct stat st {};
  return ::stat(p.c_str(), &st) == 0 ? static_cast<int>(st.st_mode & 0777) : -1;
}

long groupOf(const fs::path& p) {
  struct stat st {};
  return ::stat(p.c_str(), &st) == 0 ? static_cast<long>(st.st_gid) : -1;
}

TEST(ProvisionAnswers, SiteIdIsAShortCode) {
  for (const char* ok : {"hn-bavi-tanhong", "ab", "x_1", "0123456789"}) EXPECT_TRUE(app::checkSiteId(ok)) << ok;
  for (const char* bad : {"", "a", "HN-BaVi", "-lead", "_lead", "có-dấu", "a b", "a/b",
                          "a2345678901234567890123456789012345678901"})
    EXPECT_FALSE(app::checkSiteId(bad)) << bad;
}

TEST(ProvisionAnswers, SiteNameIsOneLine) {
  EXPECT_TRUE(app::checkSiteName("Nhà văn hóa xã Tản Hồng"));
  EXPECT_FALSE(app::checkSiteName("   "));
  EXPECT_FALSE(app::checkSiteName("Hai\ndòng"));
  EXPECT_FALSE(app::checkSiteName(std::string(81, 'a')));
}

TEST(ProvisionAnswers, EndpointsAreHttpsExceptLoopback) {
  EXPECT_TRUE(app::checkEndpoint("https://lrs.example.gov.vn/xAPI/", "LRS", false));
  EXPECT_TRUE(app::checkEndpoint("http://127.0.0.1:8081/xAPI/", "LRS", false));
  EXPECT_TRUE(app::checkEndpoint("http://localhost/xAPI/", "LRS", false));
  EXPECT_TRUE(app::checkEndpoint("http://[::1]:80/xAPI/", "LRS", false));
  auto plain = app::checkEndpoint("http://lrs.example.gov.vn/xAPI/", "the LRS endpoint", false);
  ASSERT_FALSE(plain);
  EXPECT_EQ(plain.error().code, ErrorCode::Invalid);
  EXPECT_NE(plain.error().message.find("https://"), std::string::npos) << plain.error().message;
  EXPECT_TRUE(app::checkEndpoint("http://192.168.1.5/xAPI/", "LRS", true));  // --allow-http
  // A loopback-looking user part does not make a remote host local.
  EXPECT_FALSE(app::checkEndpoint("http://127.0.0.1@lrs.example.gov.vn/", "LRS", false));
  for (const char* bad : {"", "lrs.example.gov.vn", "ftp://x/", "https://", "https:///xAPI/", "https://a b/"})
    EXPECT_FALSE(app::checkEndpoint(bad, "LRS", true)) << bad;
}

TEST(ProvisionAnswers, SecretsAreOneLineWithoutEdgeBlanks) {
  EXPECT_TRUE(app::checkSecret("s3cret-pass", "password"));
  EXPECT_FALSE(app::checkSecret("", "password"));
  EXPECT_FALSE(app::checkSecret(" padded", "password"));
  EXPECT_FALSE(app::checkSecret("two\nlines", "password"));
}

TEST(ProvisionAnswers, KeysMustBeTheRightKind) {
  test::TempDir dir;
  const fs::path ed = dir.path() / "publisher.pub.pem", x = dir.path() / "office.pub.pem";
  ASSERT_TRUE(generateEd25519KeyPair(dir.path() / "publisher.pem", ed));
  ASSERT_TRUE(sync::generateRecipientKeyPair(dir.path() / "office.pem", x));
  EXPECT_TRUE(app::checkContentKey(ed));
  EXPECT_FALSE(app::checkContentKey(x));
  EXPECT_FALSE(app::checkContentKey(dir.path() / "missing.pem"));
  EXPECT_TRUE(app::checkOfficeKey(x));
  EXPECT_FALSE(app::checkOfficeKey(ed));
  EXPECT_FALSE(app::checkOfficeKey(dir.path() / "publisher.pem"));  // a private key is not the office's public key
}

TEST(SecretFiles, FirstLineTrimmedAndTheSystemdCredentialCopyWins) {
  test::TempDir dir;
  const fs::path file = dir.path() / "secrets" / "lrs-password";
  fs::create_directories(file.parent_path());
  ASSERT_TRUE(writeFileAtomically(file, "  s3cret \nignored\n", 0600));
  EXPECT_EQ(modeOf(file), 0600);
  ::unsetenv("CREDENTIALS_DIRECTORY");
  auto secret = readSecretFile(file);
  ASSERT_TRUE(secret) << secret.error().message;
  EXPECT_EQ(*secret, "s3cret");
  // A unit with LoadCredential=lrs-password:PATH: its service reads the copy.
  fs::create_directories(dir.path() / "creds");
  writeFile(dir.path() / "creds" / "lrs-password", "from-systemd\n");
  ::setenv("CREDENTIALS_DIRECTORY", (dir.path() / "creds").c_str(), 1);
  secret = readSecretFile(file);
  ::unsetenv("CREDENTIALS_DIRECTORY");
  ASSERT_TRUE(secret);
  EXPECT_EQ(*secret, "from-systemd");
  writeFile(file, "\n");
  secret = readSecretFile(file);
  ASSERT_FALSE(secret);
  EXPECT_EQ(secret.error().code, ErrorCode::Invalid);
  // Rewriting a file gives it the mode asked for, whatever it had.
  ::chmod(file.c_str(), 0644);
  ASSERT_TRUE(writeFileAtomically(file, "new\n", 0600));
  EXPECT_EQ(modeOf(file), 0600);
  EXPECT_FALSE(fs::exists(file.string() + ".tmp"));
}

app::ProvisionAnswers goodAnswers() {
  app::ProvisionAnswers a;
  a.site_id = "hn-bavi-tanhong";
  a.site_name = "Nhà văn hóa xã Tản Hồng";
  a.lrs_endpoint = "https://lrs.example.gov.vn/xAPI/";
  a.lrs_username = "kiosk";
  a.lrs_password = "mật-khẩu-1";
  a.facilitator_name = "Hà Thị Lan";
  a.facilitator_pin = "1357";
  return a;
}

TEST(ProvisionAnswers, PairsAndThePinRulesOfFacilitatorAdd) {
  EXPECT_TRUE(app::checkAnswers(goodAnswers()));
  auto a = goodAnswers();
  a.lrs_password.clear();
  EXPECT_FALSE(app::checkAnswers(a));  // a username needs its password
  a = goodAnswers();
  a.lrs_username.clear();
  EXPECT_FALSE(app::checkAnswers(a));
  a = goodAnswers();
  a.lrs_endpoint.clear();
  EXPECT_FALSE(app::checkAnswers(a));  // credentials without an endpoint: a mistake
  a = goodAnswers();
  a.cert_endpoint = "https://cert.example.gov.vn/api/v1/";
  EXPECT_FALSE(app::checkAnswers(a));  // no token
  a.cert_token = "token";
  EXPECT_TRUE(app::checkAnswers(a));
  for (const char* pin : {"", "123", "12345", "12a4", "１２３４"}) {
    a = goodAnswers();
    a.facilitator_pin = pin;
    auto r = app::checkAnswers(a);
    ASSERT_FALSE(r) << pin;
    EXPECT_NE(r.error().message.find("4 digits"), std::string::npos) << r.error().message;
  }
  a = goodAnswers();
  a.facilitator_name = "  ";
  EXPECT_FALSE(app::checkAnswers(a));
}

// A kiosk provisioned in a temp folder, with its own machine id file.
class ProvisionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    machine_ = dir_.path() / "machine-id";
    writeFile(machine_, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n");
    ::setenv("HOCSO_MACHINE_ID_FILE", machine_.c_str(), 1);
    config_ = dir_.path() / "etc" / "hocso.toml";
    data_ = dir_.path() / "data";
    fs::create_directories(config_.parent_path());
    // A key provisioning does not touch stays.
    writeFile(config_, "[content]\npack = \"" + test::starterPack().string() + "\"\n[sync]\ninterval_seconds = 42\n");
  }
  void TearDown() override { ::unsetenv("HOCSO_MACHINE_ID_FILE"); }

  Result<Config> config() const { return loadConfig(config_, true, nullptr); }
  Result<std::unique_ptr<app::KioskContext>> open() const {
    auto c = config();
    if (!c) return tl::unexpected(c.error());
    return app::openKiosk(*c, data_);
  }
  void cloneTo(const std::string& other_machine) { writeFile(machine_, other_machine + "\n"); }
  void addLearner() {
    auto ctx = open();
    ASSERT_TRUE(ctx) << ctx.error().message;
    app::LearnerService learners(**ctx);
    ASSERT_FALSE(test::registerConsented(learners, "Lò Văn Páo", 1970, "2468").id.empty());
  }

  test::TempDir dir_;
  fs::path machine_, config_, data_;
};

TEST_F(ProvisionTest, SecretsAreOwnerOnlyWhenTheConfigIs) {
  fs::permissions(config_, fs::perms::owner_read | fs::perms::owner_write);
  auto done = app::provisionKiosk(goodAnswers(), config_, data_);
  ASSERT_TRUE(done) << done.error().message;
  ASSERT_FALSE(done->secret_files.empty());
  for (const auto& f : done->secret_files) EXPECT_EQ(modeOf(f), 0600) << f;
  EXPECT_EQ(modeOf(done->secret_files.front().parent_path()), 0700);
}

TEST_F(ProvisionTest, WritesSettingsSecretsApartKeysAndTheFirstFacilitator) {
  auto done = app::provisionKiosk(goodAnswers(), config_, data_);
  ASSERT_TRUE(done) << done.error().message;
  const std::string toml = readText(config_);
  EXPECT_EQ(toml.find("mật-khẩu-1"), std::string::npos) << "the password is in hocso.toml:\n" << toml;
  auto c = config();
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->site_id, "hn-bavi-tanhong");
  EXPECT_EQ(c->site_name, "Nhà văn hóa xã Tản Hồng");
  EXPECT_EQ(c->lrs.endpoint, "https://lrs.example.gov.vn/xAPI/");
  EXPECT_EQ(c->lrs.username, "kiosk");
  EXPECT_TRUE(c->lrs.password.empty());
  EXPECT_EQ(c->sync_interval_seconds, 42);  // other keys kept
  ASSERT_FALSE(c->lrs.password_file.empty());
  // As private as hocso.toml (here group-readable, as the package installs
  // it root:hocso 0640): the services' user reads them through that group.
  EXPECT_EQ(modeOf(c->lrs.password_file), 0640);
  EXPECT_EQ(modeOf(fs::path(c->lrs.password_file).parent_path()), 0750);
  EXPECT_EQ(groupOf(c->lrs.password_file), groupOf(config_));
  auto secret = readSecretFile(c->lrs.password_file);
  ASSERT_TRUE(secret);
  EXPECT_EQ(*secret, "mật-khẩu-1");
  EXPECT_EQ(modeOf(config_) & 077, 040);  // 0640: never world-readable
  // Keys and the public key the office enrols.
  for (const auto& check : app::selftestKeys(data_)) EXPECT_TRUE(check.ok) << check.name << ": " << check.detail;
  auto pub = readEd25519PublicKeyPem(done->public_key_file);
  ASSERT_TRUE(pub);
  EXPECT_EQ(ed25519KeyId(*pub), done->key_id);
  EXPECT_NE(app::enrolmentText(*done).find(done->kiosk_id), std::string::npos);
  EXPECT_TRUE(done->machine_recorded);
  auto ctx = open();
  ASSERT_TRUE(ctx) << ctx.error().message;
  EXPECT_EQ((*ctx)->kiosk_id, done->kiosk_id);
  auto facilitators = app::FacilitatorService(**ctx).facilitators();
  ASSERT_TRUE(facilitators);
  ASSERT_EQ(facilitators->size(), 1u);
  EXPECT_EQ((*facilitators)[0].name, "Hà Thị Lan");
}

TEST_F(ProvisionTest, AWrongAnswerWritesNothing) {
  const std::string before = readText(config_);
  auto a = goodAnswers();
  a.facilitator_pin = "12";
  auto done = app::provisionKiosk(a, config_, data_);
  ASSERT_FALSE(done);
  EXPECT_EQ(done.error().code, ErrorCode::Invalid);
  EXPECT_EQ(readText(config_), before);
  EXPECT_FALSE(fs::exists(config_.parent_path() / "secrets"));
  EXPECT_FALSE(fs::exists(data_ / "kiosk.db"));
}

TEST_F(ProvisionTest, TakesTheSiteInviteAndAWrongInvitePinWritesNothing) {
  // The commune's first kiosk made the site.
  test::TempDir first;
  auto a = test::openTestKiosk(first.path());
  ASSERT_TRUE(a);
  const fs::path invite = dir_.path() / "invite.json";
  ASSERT_TRUE(app::initSite(*a, "Xã Tản Hồng", invite, "482913"));
  const std::string before = readText(config_);
  auto wrong = goodAnswers();
  wrong.site_invite = invite;
  wrong.site_invite_pin = "482914";
  auto refused = app::provisionKiosk(wrong, config_, data_);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::Credentials);
  EXPECT_EQ(readText(config_), before);
  EXPECT_FALSE(fs::exists(data_ / "kiosk.db"));
  auto good = goodAnswers();
  good.site_invite = invite;
  good.site_invite_pin = "482913";
  auto done = app::provisionKiosk(good, config_, data_);
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_EQ(done->site_joined, "Xã Tản Hồng");
  auto ctx = open();
  ASSERT_TRUE(ctx) << ctx.error().message;
  EXPECT_TRUE((*ctx)->site_cipher);
  auto status = app::siteStatus(**ctx);
  ASSERT_TRUE(status && *status);
  EXPECT_EQ((*status)->kiosks.size(), 2u);
  // A PIN without an invite is a mistake, said as such.
  auto alone = goodAnswers();
  alone.site_invite_pin = "482913";
  auto bad = app::checkAnswers(alone);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("--site-invite"), std::string::npos);
}

TEST_F(ProvisionTest, ReprovisioningOnTheSameMachineKeepsTheIdentity) {
  auto first = app::provisionKiosk(goodAnswers(), config_, data_);
  ASSERT_TRUE(first) << first.error().message;
  addLearner();
  auto a = goodAnswers();
  a.facilitator_name.clear();  // one already exists
  a.facilitator_pin.clear();
  a.site_name = "Nhà văn hóa thôn Đông";
  auto again = app::provisionKiosk(a, config_, data_);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_FALSE(again->new_identity);
  EXPECT_EQ(again->kiosk_id, first->kiosk_id);
  EXPECT_EQ(again->key_id, first->key_id);
  EXPECT_EQ(config()->site_name, "Nhà văn hóa thôn Đông");
}

TEST_F(ProvisionTest, TheFirstFacilitatorIsRequired) {
  auto a = goodAnswers();
  a.facilitator_name.clear();
  a.facilitator_pin.clear();
  auto done = app::provisionKiosk(a, config_, data_);
  ASSERT_FALSE(done);
  EXPECT_NE(done.error().message.find("--facilitator-name"), std::string::npos) << done.error().message;
}

TEST_F(ProvisionTest, ACopiedDiskRefusesToOpenUnderTheCopiedIdentity) {
  ASSERT_TRUE(app::provisionKiosk(goodAnswers(), config_, data_));
  ASSERT_TRUE(open());
  cloneTo("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
  auto ctx = open();
  ASSERT_FALSE(ctx);
  EXPECT_EQ(ctx.error().code, ErrorCode::WrongMachine);
  EXPECT_NE(ctx.error().message.find("hocso provision"), std::string::npos) << ctx.error().message;
  EXPECT_EQ(ctx.error().message.find('\n'), std::string::npos);
  // An unreadable machine id is not taken for this machine either.
  fs::remove(machine_);
  ctx = open();
  ASSERT_FALSE(ctx);
  EXPECT_EQ(ctx.error().code, ErrorCode::WrongMachine);
  // Back on the original machine it works again.
  cloneTo("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
  EXPECT_TRUE(open());
}

TEST_F(ProvisionTest, ReprovisioningAnEmptyCloneMakesANewKiosk) {
  auto original = app::provisionKiosk(goodAnswers(), config_, data_);
  ASSERT_TRUE(original) << original.error().message;
  cloneTo("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
  auto clone = app::provisionKiosk(goodAnswers(), config_, data_);
  ASSERT_TRUE(clone) << clone.error().message;
  EXPECT_TRUE(clone->new_identity);
  EXPECT_NE(clone->kiosk_id, original->kiosk_id);
  EXPECT_NE(clone->key_id, original->key_id);
  auto ctx = open();
  ASSERT_TRUE(ctx) << ctx.error().message;
  EXPECT_EQ((*ctx)->kiosk_id, clone->kiosk_id);
  EXPECT_NE((*ctx)->signer->keyId(), "");
}

TEST_F(ProvisionTest, ACloneHoldingTheOtherKiosksRecordsNeedsDiscardCopiedData) {
  auto original = app::provisionKiosk(goodAnswers(), config_, data_);
  ASSERT_TRUE(original) << original.error().message;
  addLearner();
  const std::string configBefore = readText(config_);
  const std::string keyBefore = readText(data_ / "keys" / "data.key");
  cloneTo("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
  auto refused = app::provisionKiosk(goodAnswers(), config_, data_);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::WrongMachine);
  EXPECT_NE(refused.error().message.find("--discard-copied-data"), std::string::npos) << refused.error().message;
  EXPECT_EQ(readText(config_), configBefore);  // nothing touched
  EXPECT_EQ(readText(data_ / "keys" / "data.key"), keyBefore);
  auto a = goodAnswers();
  a.discard_copied_data = true;
  auto clone = app::provisionKiosk(a, config_, data_);
  ASSERT_TRUE(clone) << clone.error().message;
  EXPECT_TRUE(clone->new_identity);
  EXPECT_GE(clone->discarded_records, 1);
  EXPECT_NE(clone->kiosk_id, original->kiosk_id);
  EXPECT_NE(readText(data_ / "keys" / "data.key"), keyBefore);
  auto ctx = open();
  ASSERT_TRUE(ctx) << ctx.error().message;
  auto db = app::countKioskRecords(*(*ctx)->db);
  ASSERT_TRUE(db);
  EXPECT_EQ(*db, 0);
}

}  // namespace
}  // namespace hocso
