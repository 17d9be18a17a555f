// Configuration: defaults, overrides, unknown keys (warnings with line),
// wrong types and bad values (errors naming the key).
#include <gtest/gtest.h>

#include <fstream>

#include "content/config.hpp"
#include "content/pack_store.hpp"
#include "kiosk_config.hpp"
#include "sync/config.hpp"
#include "test_support.hpp"

namespace hocso {
namespace {

TEST(Config, MissingOptionalFileGivesDefaults) {
  std::vector<ConfigWarning> w;
  auto c = loadConfig("/nonexistent/hocso.toml", false, &w);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->lrs.batch_size, 100);
  EXPECT_EQ(c->lrs.auth, "basic");
  EXPECT_TRUE(c->lrs.endpoint.empty());
  EXPECT_TRUE(w.empty());
}

TEST(Config, MissingRequiredFileIsAnError) {
  auto c = loadConfig("/nonexistent/hocso.toml", true, nullptr);
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find("/nonexistent/hocso.toml"), std::string::npos);
}

TEST(Config, ValuesOverrideDefaults) {
  auto c = parseConfig(R"(
[site]
id = "tien-minh"
[sync]
interval_seconds = 60
[sync.lrs]
endpoint = "https://lrs.example/xAPI/"
username = "kiosk"
password = "secret"
batch_size = 25
[content]
trusted_keys = ["/etc/hocso/keys/publisher.pub"]
)",
                       "t.toml", nullptr);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->site_id, "tien-minh");
  EXPECT_EQ(c->sync_interval_seconds, 60);
  EXPECT_EQ(c->lrs.endpoint, "https://lrs.example/xAPI/");
  EXPECT_EQ(c->lrs.batch_size, 25);
  ASSERT_EQ(c->trusted_keys.size(), 1u);
}

TEST(Config, UnknownKeyIsAWarningWithItsLine) {
  std::vector<ConfigWarning> w;
  auto c = parseConfig("[sync.lrs]\nendpoint = \"http://x/\"\nedpoint = \"typo\"\n", "hocso.toml", &w);
  ASSERT_TRUE(c);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_NE(w[0].message.find("sync.lrs.edpoint"), std::string::npos) << w[0].message;
  EXPECT_NE(w[0].message.find("hocso.toml:3"), std::string::npos) << w[0].message;
  EXPECT_EQ(c->lrs.endpoint, "http://x/");
}

TEST(Config, WrongTypeIsAnErrorNamingKeyAndType) {
  auto c = parseConfig("[sync.lrs]\nbatch_size = \"many\"\n", "hocso.toml", nullptr);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, ErrorCode::Config);
  EXPECT_NE(c.error().message.find("sync.lrs.batch_size"), std::string::npos) << c.error().message;
  EXPECT_NE(c.error().message.find("integer"), std::string::npos) << c.error().message;
  EXPECT_NE(c.error().message.find("string"), std::string::npos) << c.error().message;
  EXPECT_NE(c.error().message.find(":2"), std::string::npos) << c.error().message;
}

TEST(Config, MalformedTomlNamesTheLine) {
  auto c = parseConfig("[site]\nid = \"a\"\nname = \n", "bad.toml", nullptr);
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find("bad.toml:3"), std::string::npos) << c.error().message;
}

TEST(Config, OutOfRangeValuesAreRefused) {
  EXPECT_FALSE(parseConfig("[sync.lrs]\nbatch_size = 0\n", "t", nullptr));
  EXPECT_FALSE(parseConfig("[sync.lrs]\nauth = \"digest\"\n", "t", nullptr));
  EXPECT_FALSE(parseConfig("[kiosk]\ntext_scale = 3.0\n", "t", nullptr));
  auto ok = parseConfig("[kiosk]\ntext_scale = 2\n", "t", nullptr);
  ASSERT_TRUE(ok);
  EXPECT_DOUBLE_EQ(ok->text_scale, 2.0);
}

TEST(Config, TheShippedExampleParsesWithoutWarnings) {
  std::vector<ConfigWarning> w;
  auto c = loadConfig(std::filesystem::path(HOCSO_TEST_SOURCE_DIR) / "deploy" / "config" / "hocso.example.toml", true, &w);
  ASSERT_TRUE(c) << c.error().message;
  for (const auto& x : w) ADD_FAILURE() << x.message;
}

// TOML allows nan and inf; a NaN text size passed the range check and
// aborted hocso-kiosk in Dear ImGui.
TEST(Config, NanAndInfinityAreRefusedNamingTheKey) {
  for (const char* value : {"nan", "+nan", "-nan", "inf", "+inf", "-inf"}) {
    auto c = parseConfig(std::string("[kiosk]\ntext_scale = ") + value + "\n", "hocso.toml", nullptr);
    ASSERT_FALSE(c) << value;
    EXPECT_EQ(c.error().code, ErrorCode::Config);
    EXPECT_NE(c.error().message.find("kiosk.text_scale"), std::string::npos) << c.error().message;
    EXPECT_NE(c.error().message.find("hocso.toml:2"), std::string::npos) << c.error().message;
    EXPECT_NE(c.error().message.find("finite"), std::string::npos) << c.error().message;
  }
}

TEST(Config, AFolderIsRefusedNotTakenAsDefaults) {
  test::TempDir dir;
  for (bool required : {true, false}) {
    auto c = loadConfig(dir.path(), required, nullptr);
    ASSERT_FALSE(c);
    EXPECT_EQ(c.error().code, ErrorCode::Config);
    EXPECT_NE(c.error().message.find("is a folder"), std::string::npos) << c.error().message;
  }
}

// /dev/zero was read until memory ran out; it is refused at once.
TEST(Config, ADeviceIsRefused) {
  auto c = loadConfig("/dev/zero", true, nullptr);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, ErrorCode::Config);
  EXPECT_NE(c.error().message.find("/dev/zero"), std::string::npos) << c.error().message;
  EXPECT_NE(c.error().message.find("not a regular file"), std::string::npos) << c.error().message;
}

// Each module reads its own section: sync's schema alone knows [sync] and
// checks its values, and knows nothing of the kiosk's keys.
TEST(Config, AModuleReadsItsOwnSection) {
  sync::SyncConfig sync;
  ConfigSchema schema;
  sync::describeConfig(schema, sync);
  std::vector<ConfigWarning> w;
  ASSERT_TRUE(schema.parse("[sync.lrs]\nbatch_size = 7\n[kiosk]\nvoice = \"vi\"\n", "s.toml", &w));
  EXPECT_EQ(sync.lrs.batch_size, 7);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_NE(w[0].message.find("unknown key 'kiosk'"), std::string::npos) << w[0].message;

  sync::SyncConfig bad;
  ConfigSchema badSchema;
  sync::describeConfig(badSchema, bad);
  auto r = badSchema.parse("[sync.lrs]\nbatch_size = 0\n", "s.toml", nullptr);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("sync.lrs.batch_size must be between 1 and 1000"), std::string::npos)
      << r.error().message;

  content::ContentConfig content;
  ConfigSchema contentSchema;
  content::describeConfig(contentSchema, content);
  ASSERT_TRUE(contentSchema.parse("[exam.citizen]\npass_percent = 60\nquestions = { \"1\" = 4 }\n", "c.toml", nullptr));
  ASSERT_EQ(content.exam.count("citizen"), 1u);
  EXPECT_EQ(content.exam["citizen"].pass_percent, 60);
  EXPECT_EQ(content.exam["citizen"].questions["1"], 4);
  EXPECT_EQ(content.exam["citizen"].origin, "c.toml:1");
}

// Two modules declaring one key is a programming error, caught at start.
TEST(Config, AKeyDeclaredTwiceIsRefused) {
  ConfigSchema schema;
  std::string a, b;
  schema.section("sync", {{"ca_bundle", a}});
  EXPECT_THROW(schema.section("sync", {{"ca_bundle", b}}), std::logic_error);
}

// Relative trusted_keys are read from the config file's folder; the whole
// file's Config is each module's section.
TEST(Config, RelativeTrustedKeysAreInTheConfigFilesFolder) {
  test::TempDir dir;
  const auto file = dir.path() / "etc" / "hocso.toml";
  std::filesystem::create_directories(file.parent_path());
  std::ofstream(file) << "[content]\ntrusted_keys = [\"keys/publisher.pub\", \"/abs/other.pub\"]\n";
  auto c = loadConfig(file, true, nullptr);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->source, file);
  const content::ContentConfig& section = *c;
  const auto keys = content::trustedKeyFiles(section);
  ASSERT_GE(keys.size(), 2u);
  EXPECT_EQ(keys[0], file.parent_path() / "keys" / "publisher.pub");
  EXPECT_EQ(keys[1], std::filesystem::path("/abs/other.pub"));
}

}  // namespace
}  // namespace hocso
