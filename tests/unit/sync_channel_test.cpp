// Downstream content: the channel manifest (valid, every kind of malformed,
// random damage), choosing the version to install, the [content] channel
// config keys, the content_state record behind `sync status --json`, and a
// check against an unreachable channel leaving the installed pack alone.
#include <SQLiteCpp/Database.h>

#include <nlohmann/json.hpp>
#include <random>

#include "kiosk_config.hpp"
#include "content/pack_store.hpp"
#include "pack_test_support.hpp"
#include "sync/channel.hpp"
#include "sync/content_update.hpp"
#include "sync/retry.hpp"
#include "sync/status.hpp"
#include "sync/status_text.hpp"
#include "test_support.hpp"

namespace hocso::sync {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

const std::string kUrl = "https://content.example.vn/hocso/channel.json";
const std::string kSha(64, 'a');

json entry(const std::string& id = "vn.hocso.starter", const std::string& version = "0.2.0") {
  return {{"id", id}, {"version", version}, {"url", "packs/starter-" + version + ".hocsopack"}, {"size", 4096},
          {"sha256", kSha}};
}

// The error message of a manifest that must be refused.
std::string refusal(const std::string& text) {
  auto m = parseChannelManifest(text, kUrl);
  if (m) {
    ADD_FAILURE() << "accepted: " << text;
    return "";
  }
  EXPECT_EQ(m.error().code, ErrorCode::Invalid) << text;
  EXPECT_EQ(m.error().message.find('\n'), std::string::npos) << "one line: " << m.error().message;
  EXPECT_EQ(m.error().message.rfind("the channel manifest " + kUrl + ": ", 0), 0u) << m.error().message;
  return m.error().message;
}

std::string withEntry(const json& e) { return json{{"packs", json::array({e})}}.dump(); }

TEST(ChannelManifest, ReadsEntriesResolvesRelativeUrlsAndIgnoresExtraFields) {
  json e1 = entry();
  e1["sha256"] = std::string(64, 'A');           // upper-case hex is accepted, kept lower-case
  e1["title"] = "Gói khởi đầu";                   // unknown fields are ignored
  json e2 = entry("vn.hocso.other", "3.1");
  e2["url"] = "https://cdn.example.vn/x/other.hocsopack?sig=1";
  e2["size"] = 1;
  json e3 = entry("vn.hocso.third", "1.0");
  e3["url"] = "/abs/third.hocsopack";
  auto m = parseChannelManifest(json{{"format", 1}, {"generated", "2026-11-01"}, {"packs", {e1, e2, e3}}}.dump(), kUrl);
  ASSERT_TRUE(m) << m.error().message;
  ASSERT_EQ(m->packs.size(), 3u);
  EXPECT_EQ(m->packs[0].id, "vn.hocso.starter");
  EXPECT_EQ(m->packs[0].version, "0.2.0");
  EXPECT_EQ(m->packs[0].url, "https://content.example.vn/hocso/packs/starter-0.2.0.hocsopack");
  EXPECT_EQ(m->packs[0].size, 4096u);
  EXPECT_EQ(m->packs[0].sha256, kSha);
  EXPECT_EQ(m->packs[1].url, "https://cdn.example.vn/x/other.hocsopack?sig=1");
  EXPECT_EQ(m->packs[1].size, 1u);
  EXPECT_EQ(m->packs[2].url, "https://content.example.vn/abs/third.hocsopack");
  auto empty = parseChannelManifest(R"({"packs": []})", kUrl);
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->packs.empty());
}

TEST(ChannelManifest, MalformedJsonIsOneClearError) {
  for (const char* text : {"", " ", "{", "{\"packs\": [", "not json", "<html><body>Login</body></html>",
                           "{\"packs\": [{\"id\": \"a\",}]}", "\xff\xfe{}", "{\"packs\": []} trailing"})
    EXPECT_NE(refusal(text).find("not valid JSON"), std::string::npos) << text;
}

TEST(ChannelManifest, WrongShapesNameThePlace) {
  EXPECT_NE(refusal("[]").find("must be a JSON object"), std::string::npos);
  EXPECT_NE(refusal("\"packs\"").find("must be a JSON object"), std::string::npos);
  EXPECT_NE(refusal("{}").find("\"packs\" is missing"), std::string::npos);
  EXPECT_NE(refusal(R"({"packs": {}})").find("\"packs\" must be a list"), std::string::npos);
  EXPECT_NE(refusal(R"({"packs": null})").find("\"packs\" must be a list"), std::string::npos);
  EXPECT_NE(refusal(R"({"packs": [1]})").find("packs[0] must be an object"), std::string::npos);
  EXPECT_NE(refusal(json{{"packs", {entry(), "x"}}}.dump()).find("packs[1] must be an object"), std::string::npos);
  EXPECT_NE(refusal(R"({"format": 2, "packs": []})").find("format 2 is not one this kiosk reads"), std::string::npos);
  EXPECT_NE(refusal(R"({"format": 0, "packs": []})").find("format 0"), std::string::npos);
  EXPECT_NE(refusal(R"({"format": "1", "packs": []})").find("\"format\" must be a whole number"), std::string::npos);
}

TEST(ChannelManifest, EveryFieldIsChecked) {
  struct Case {
    const char* field;
    json value;        // null: the field is removed
    const char* says;
  };
  const Case cases[] = {
      {"id", nullptr, "packs[0].id is missing"},
      {"id", 7, "packs[0].id must be a string"},
      {"id", "", "packs[0].id is empty"},
      {"version", nullptr, "packs[0].version is missing"},
      {"version", 2, "packs[0].version must be a string"},
      {"version", "abc", "is not a version number"},
      {"version", " 1.0", "is not a version number"},
      {"version", "1.0 beta", "is not a version number"},
      {"url", nullptr, "packs[0].url is missing"},
      {"url", json::array(), "packs[0].url must be a string"},
      {"url", "ftp://example.vn/p.hocsopack", "is not an http(s) URL"},
      {"url", "file:///etc/passwd", "is not an http(s) URL"},
      {"url", "http://", "is not an http(s) URL"},
      {"sha256", nullptr, "packs[0].sha256 is missing"},
      {"sha256", std::string(63, 'a'), "64 hexadecimal digits"},
      {"sha256", std::string(65, 'a'), "64 hexadecimal digits"},
      {"sha256", std::string(63, 'a') + "g", "64 hexadecimal digits"},
      {"size", nullptr, "packs[0].size is missing"},
      {"size", 0, "positive whole number"},
      {"size", -5, "positive whole number"},
      {"size", 12.5, "positive whole number"},
      {"size", "4096", "positive whole number"},
      {"size", 18446744073709551615ull, "positive whole number"},
      {"size", (1ll << 30) + 1, "larger than a pack can be"},
  };
  for (const auto& c : cases) {
    json e = entry();
    if (c.value.is_null())
      e.erase(c.field);
    else
      e[c.field] = c.value;
    const std::string why = refusal(withEntry(e));
    EXPECT_NE(why.find(c.says), std::string::npos) << c.field << "=" << c.value.dump() << ": " << why;
  }
  // The exact maximum is still a pack.
  json e = entry();
  e["size"] = 1ll << 30;
  EXPECT_TRUE(parseChannelManifest(withEntry(e), kUrl));
}

TEST(ChannelManifest, TooLargeIsRefusedBeforeParsing) {
  std::string text = withEntry(entry());
  text.insert(text.size() - 1, std::string(kMaxManifestBytes, ' '));
  EXPECT_NE(refusal(text).find("larger than 1024 KiB"), std::string::npos);
}

TEST(ChannelManifest, RandomDamageNeverCrashes) {
  const std::string good = json{{"packs", {entry(), entry("vn.hocso.other", "1.2.3")}}}.dump();
  std::mt19937 rng(757);
  int accepted = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string t = good;
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int k = 0; k < edits; ++k) {
      const size_t at = rng() % t.size();
      switch (rng() % 3) {
        case 0: t[at] = static_cast<char>(rng() % 256); break;
        case 1: t.erase(at, 1 + rng() % 8); break;
        default: t.insert(at, 1, "{}[]\",:0-e\\"[rng() % 11]);
      }
      if (t.empty()) t = "x";
    }
    auto m = parseChannelManifest(t, kUrl);
    if (m) {
      ++accepted;
      for (const auto& p : m->packs) {  // whatever is accepted is usable
        EXPECT_FALSE(p.id.empty());
        EXPECT_EQ(p.sha256.size(), 64u);
        EXPECT_GT(p.size, 0u);
        EXPECT_EQ(p.url.rfind("http", 0), 0u);
      }
    } else {
      EXPECT_EQ(m.error().message.find('\n'), std::string::npos);
    }
  }
  EXPECT_LT(accepted, 3000);  // the damage did reach the parser
}

TEST(ChannelManifest, NewestEntryComparesVersionsNumerically) {
  auto m = parseChannelManifest(json{{"packs",
                                      {entry("vn.hocso.starter", "1.9"), entry("vn.hocso.starter", "1.10.0"),
                                       entry("vn.hocso.other", "9.0"), entry("vn.hocso.starter", "1.2")}}}
                                    .dump(),
                                kUrl);
  ASSERT_TRUE(m) << m.error().message;
  auto best = newestEntry(*m, "vn.hocso.starter");
  ASSERT_TRUE(best);
  EXPECT_EQ(best->version, "1.10.0");
  EXPECT_EQ(newestEntry(*m, "vn.hocso.other")->version, "9.0");
  EXPECT_FALSE(newestEntry(*m, "vn.hocso.missing"));

  ChannelEntry e;
  e.version = "0.2.0";
  EXPECT_TRUE(shouldInstall(e, "0.1.0", false));
  EXPECT_TRUE(shouldInstall(e, "0.1.9", false));
  EXPECT_FALSE(shouldInstall(e, "0.2.0", false));
  EXPECT_FALSE(shouldInstall(e, "0.2", false));        // equal numerically
  EXPECT_FALSE(shouldInstall(e, "0.2.0", true));       // the same version is never fetched again
  EXPECT_FALSE(shouldInstall(e, "0.10.0", false));     // older: not without --allow-downgrade
  EXPECT_TRUE(shouldInstall(e, "0.10.0", true));
}

TEST(ChannelConfig, KeysDefaultsAndValidation) {
  std::vector<ConfigWarning> w;
  auto c = parseConfig("", "t.toml", &w);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->channel, "");
  EXPECT_EQ(c->channel_check_minutes, 60);
  c = parseConfig("[content]\nchannel = \"https://c.example.vn/channel.json\"\ncheck_minutes = 15\n", "t.toml", &w);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_TRUE(w.empty());
  EXPECT_EQ(c->channel, "https://c.example.vn/channel.json");
  EXPECT_EQ(c->channel_check_minutes, 15);
  for (const char* bad : {"[content]\ncheck_minutes = 0\n", "[content]\ncheck_minutes = 20000\n",
                          "[content]\nchannel = \"ftp://c.example.vn/channel.json\"\n",
                          "[content]\nchannel = 5\n", "[content]\ncheck_minutes = \"60\"\n"}) {
    auto r = parseConfig(bad, "t.toml", &w);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::Config);
    EXPECT_NE(r.error().message.find("content."), std::string::npos) << r.error().message;
  }
  w.clear();
  ASSERT_TRUE(parseConfig("[content]\nchanel = \"x\"\n", "t.toml", &w));
  ASSERT_EQ(w.size(), 1u);
  EXPECT_NE(w[0].message.find("unknown key 'content.chanel'"), std::string::npos);
}

// What a check of the starter pack's channel reports.
UpdateReport starterReport(UpdateOutcome outcome, const std::string& kind, const std::string& message,
                           const std::string& installed, const std::string& available,
                           const std::string& new_version = "") {
  UpdateReport r;
  r.outcome = outcome;
  r.kind = kind;
  r.message = message;
  r.pack_id = "vn.hocso.starter";
  r.installed_version = installed;
  r.available_version = available;
  r.new_version = new_version;
  return r;
}

class ContentStateTest : public test::KioskDatabaseTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(KioskDatabaseTest::SetUp());
    config.channel = kUrl;
    config.channel_check_minutes = 30;
  }
  Config config;
};

TEST_F(ContentStateTest, RecordsChecksForStatusJson) {
  auto st = readContentStatus(*db, config);
  ASSERT_TRUE(st) << st.error().message;
  EXPECT_TRUE(st->configured);
  EXPECT_EQ(st->last_check, "");
  EXPECT_EQ(st->next_check, "");
  EXPECT_TRUE(contentCheckDue(*st, Clock::now()));

  UpdateReport r = starterReport(UpdateOutcome::Updated, "", "installed vn.hocso.starter 0.2.0 from the channel",
                                 "0.1.0", "0.2.0", "0.2.0");
  ASSERT_TRUE(recordContentCheck(*db, r, "2026-11-22T05:00:00.000Z"));
  r = starterReport(UpdateOutcome::TryLater, "network", "the connection to the content server broke (x)", "0.2.0",
                    "0.3.0");
  ASSERT_TRUE(recordContentCheck(*db, r, "2026-11-22T06:00:00.000Z"));
  ASSERT_TRUE(recordContentCheck(*db, r, "2026-11-22T07:00:00.000Z"));
  r.outcome = UpdateOutcome::Cancelled;  // not recorded
  ASSERT_TRUE(recordContentCheck(*db, r, "2026-11-22T08:00:00.000Z"));

  st = readContentStatus(*db, config);
  ASSERT_TRUE(st);
  EXPECT_EQ(st->last_check, "2026-11-22T07:00:00.000Z");
  EXPECT_EQ(st->next_check, "2026-11-22T07:30:00.000Z");
  EXPECT_EQ(st->result, "try_later");
  EXPECT_EQ(st->last_error_kind, "network");
  EXPECT_EQ(st->failures, 2);
  EXPECT_EQ(st->installed_version, "0.2.0");
  EXPECT_EQ(st->available_version, "0.3.0");
  EXPECT_EQ(st->last_update, "2026-11-22T05:00:00.000Z");  // kept from the update
  const auto last = *parseIso8601(st->last_check);
  EXPECT_FALSE(contentCheckDue(*st, last + 29min));
  EXPECT_TRUE(contentCheckDue(*st, last + 30min));
  EXPECT_TRUE(contentCheckDue(*st, last - 1h));  // the clock went back: do not wait for it

  r.outcome = UpdateOutcome::Current;
  ASSERT_TRUE(recordContentCheck(*db, r, "2026-11-22T09:00:00.000Z"));
  auto status = readSyncStatus(*db, config, config);
  ASSERT_TRUE(status);
  const json j = statusJson(*status)["content"];
  for (const char* key : {"configured", "channel", "check_minutes", "last_check", "result", "last_error",
                          "last_error_kind", "pack_id", "installed_version", "available_version", "last_update",
                          "next_check", "failures"})
    EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_EQ(j["result"], "current");
  EXPECT_EQ(j["last_error"], "");
  EXPECT_EQ(j["failures"], 0);
  EXPECT_EQ(j["channel"], kUrl);

  st = readContentStatus(*db, config);
  EXPECT_EQ(contentSummaryVi(*st), "Nội dung đã mới nhất (vn.hocso.starter 0.2.0)");
  ContentStatus shown = *st;
  shown.result = "try_later";
  EXPECT_EQ(contentSummaryVi(shown).rfind("Chưa tải được nội dung mới — sẽ thử lại lúc ", 0), 0u) << contentSummaryVi(shown);
  shown.result = "refused";
  EXPECT_NE(contentSummaryVi(shown).find("máy giữ nội dung cũ"), std::string::npos);
  shown.result = "updated";
  EXPECT_EQ(contentSummaryVi(shown).rfind("Đã cập nhật nội dung 0.2.0 lúc ", 0), 0u) << contentSummaryVi(shown);

  Config off;
  st = readContentStatus(*db, off);
  EXPECT_FALSE(st->configured);
  EXPECT_EQ(st->next_check, "");
  EXPECT_FALSE(contentCheckDue(*st, Clock::now()));
  EXPECT_EQ(contentSummaryVi(*st), "");
}

TEST_F(ContentStateTest, UnreachableChannelKeepsTheInstalledPack) {
  const auto keys = test::makeKeys(dir.path());
  const auto src = test::copyStarter(dir.path());
  const auto pack = dir.path() / "v1.hocsopack";
  ASSERT_TRUE(content::buildPackFile(src, pack, keys.private_pem));
  content::PackStore store(dir.path());
  ASSERT_TRUE(store.install(pack, test::trust(keys)));
  const std::string before = test::readText(store.current());

  config.trusted_keys = {keys.public_pem.string()};
  config.channel = "http://127.0.0.1:1/channel.json";  // nothing listens on port 1
  config.lrs.timeout_seconds = 5;
  const auto r = updateContent(config, config, dir.path());
  EXPECT_EQ(r.outcome, UpdateOutcome::TryLater) << r.message;
  EXPECT_EQ(r.kind, "network");
  EXPECT_EQ(r.pack_id, "vn.hocso.starter");
  EXPECT_NE(r.message.find("no connection to the content server"), std::string::npos) << r.message;
  EXPECT_EQ(test::readText(store.current()), before);
  EXPECT_FALSE(std::filesystem::exists(store.previous()));

  Config none;
  EXPECT_EQ(updateContent(none, none, dir.path()).outcome, UpdateOutcome::NotConfigured);
}

}  // namespace
}  // namespace hocso::sync
