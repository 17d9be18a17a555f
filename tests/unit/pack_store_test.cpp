// Installing packs on a kiosk: verified against the trusted keys, atomic,
// the previous pack kept for rollback; a failed install changes nothing and
// the kiosk keeps loading its old pack.
#include <gtest/gtest.h>

#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "base/crypto.hpp"
#include "content/pack_store.hpp"
#include "kiosk_context.hpp"
#include "pack_test_support.hpp"

namespace hocso::content {
namespace {
namespace fs = std::filesystem;

class PackInstall : public test::StarterPackTest {
 protected:
  fs::path data = dir.path() / "data";
  PackStore store{data};

  fs::path build(const std::string& version, const test::KeyPair& k) {
    test::setVersion(src, version);
    const fs::path out = dir.path() / ("starter-" + version + ".hocsopack");
    auto r = buildPackFile(src, out, k.private_pem);
    EXPECT_TRUE(r) << (r ? "" : r.error().message);
    return out;
  }
  // What the kiosk would load from this data dir with `keys` trusted.
  std::string kioskPackVersion() {
    Config config;
    config.trusted_keys = {keys.public_pem.string()};
    std::string source;
    auto pack = app::loadConfiguredPack(config, data, &source);
    EXPECT_TRUE(pack) << (pack ? "" : pack.error().message);
    return pack ? pack->info.version + " from " + fs::path(source).filename().string() : "";
  }
};

TEST_F(PackInstall, InstallThenUpgradeKeepsThePreviousForRollback) {
  auto r = store.install(build("1.0.0", keys), test::trust(keys));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->version, "1.0.0");
  EXPECT_TRUE(r->replaced.empty());
  EXPECT_EQ(kioskPackVersion(), "1.0.0 from current.hocsopack");

  r = store.install(build("1.1.0", keys), test::trust(keys));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->replaced, "vn.hocso.starter 1.0.0");
  EXPECT_EQ(kioskPackVersion(), "1.1.0 from current.hocsopack");
  EXPECT_TRUE(fs::exists(store.previous()));

  r = store.rollback(test::trust(keys));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->version, "1.0.0");
  EXPECT_EQ(kioskPackVersion(), "1.0.0 from current.hocsopack");
  r = store.rollback(test::trust(keys));  // and forward again
  ASSERT_TRUE(r);
  EXPECT_EQ(kioskPackVersion(), "1.1.0 from current.hocsopack");
  // No temporary files are left behind (the lock file stays, empty).
  for (const auto& e : fs::directory_iterator(store.dir()))
    EXPECT_TRUE(e.path().extension() == ".hocsopack" || e.path().filename() == ".lock") << e.path();
}

// The kiosk can install from two places at once (facilitator mode's USB
// install on its worker and the sync worker's channel update), and
// `hocso content install` from a shell: installs and rollbacks take turns.
TEST_F(PackInstall, InstallsFromTwoThreadsAtOnceLeaveGoodPacks) {
  // A pack is installed first, so that every rollback has a previous pack to
  // go back to. Without it the test counted a rightful refusal as a failure
  // whenever the second thread took the lock twice in a row at the start
  // (its first install into the empty store, then its rollback: "no previous
  // pack"), which flock's wake-up order allows: one run in four on one CPU.
  ASSERT_TRUE(store.install(build("1.0.0", keys), test::trust(keys)));
  const fs::path a = build("2.0.0", keys), b = build("2.1.0", keys);
  std::mutex m;
  std::vector<std::string> failures;
  auto note = [&](const char* what, const Result<InstallReport>& r) {
    if (r) return;
    std::lock_guard<std::mutex> hold(m);
    failures.push_back(std::string(what) + ": " + r.error().message);
  };
  auto worker = [&](const fs::path& pack, bool rollbackToo) {
    PackStore own{data};  // each installer has its own store object
    for (int i = 0; i < 12; ++i) {
      note("install", own.install(pack, test::trust(keys), true));
      if (rollbackToo) note("rollback", own.rollback(test::trust(keys)));
    }
  };
  std::thread t1(worker, a, false), t2(worker, b, true);
  t1.join();
  t2.join();
  EXPECT_TRUE(failures.empty()) << failures.size() << " failed, the first: " << failures.front();
  for (const fs::path& f : {store.current(), store.previous()}) {
    auto bytes = readWholeFile(f);
    ASSERT_TRUE(bytes) << f;
    auto v = verifyPackBytes(*bytes, test::trust(keys), f.string());
    EXPECT_TRUE(v) << f << ": " << (v ? "" : v.error().message);
  }
  const std::string loaded = kioskPackVersion();
  EXPECT_TRUE(loaded == "2.0.0 from current.hocsopack" || loaded == "2.1.0 from current.hocsopack") << loaded;
  for (const auto& e : fs::directory_iterator(store.dir()))
    EXPECT_TRUE(e.path().extension() == ".hocsopack" || e.path().filename() == ".lock") << e.path();
}

TEST_F(PackInstall, FailedInstallsKeepTheOldPack) {
  ASSERT_TRUE(store.install(build("1.0.0", keys), test::trust(keys)));
  const std::string before = test::readText(store.current());
  const std::string beforeSha = sha256Hex(before);

  // A changed byte.
  const fs::path damaged = build("2.0.0", keys);
  test::flipByte(damaged, 5000);
  auto r = store.install(damaged, test::trust(keys));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("signature does not match"), std::string::npos) << r.error().message;
  EXPECT_EQ(r.error().code, ErrorCode::Damaged);

  // An untrusted key.
  const auto stranger = test::makeKeys(dir.path(), "stranger");
  r = store.install(build("2.0.0", stranger), test::trust(keys));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("not a trusted key"), std::string::npos) << r.error().message;
  EXPECT_EQ(r.error().code, ErrorCode::Untrusted);

  // An older version, unless asked for.
  r = store.install(build("0.9.0", keys), test::trust(keys));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("older than the installed 1.0.0"), std::string::npos) << r.error().message;
  EXPECT_EQ(r.error().code, ErrorCode::TooOld);

  // A disk failure at each step of an otherwise good install.
  const fs::path good = build("2.0.0", keys);
  for (const char* failing : {"write", "fsync", "keep-previous", "rename"}) {
    store.fault_injection = [&](const std::string& step) { return step != failing; };
    r = store.install(good, test::trust(keys));
    ASSERT_FALSE(r) << failing;
    EXPECT_NE(r.error().message.find("keeps its current pack"), std::string::npos) << r.error().message;
  }
  store.fault_injection = nullptr;

  EXPECT_EQ(sha256Hex(test::readText(store.current())), beforeSha);
  EXPECT_EQ(kioskPackVersion(), "1.0.0 from current.hocsopack");
  for (const auto& e : fs::directory_iterator(store.dir()))
    EXPECT_TRUE(e.path().extension() == ".hocsopack" || e.path().filename() == ".lock") << "left behind: " << e.path();

  // And the good one still installs afterwards.
  ASSERT_TRUE(store.install(good, test::trust(keys)));
  EXPECT_EQ(kioskPackVersion(), "2.0.0 from current.hocsopack");
  ASSERT_TRUE(store.install(build("1.5.0", keys), test::trust(keys), /*allow_downgrade=*/true));
}

TEST_F(PackInstall, ADamagedCurrentPackFallsBackToThePreviousOne) {
  ASSERT_TRUE(store.install(build("1.0.0", keys), test::trust(keys)));
  ASSERT_TRUE(store.install(build("1.1.0", keys), test::trust(keys)));
  test::flipByte(store.current(), 200);
  EXPECT_EQ(kioskPackVersion(), "1.0.0 from previous.hocsopack");
}

TEST_F(PackInstall, AnUntrustedInstalledPackIsNotLoaded) {
  const auto stranger = test::makeKeys(dir.path(), "stranger");
  ASSERT_TRUE(store.install(build("3.0.0", stranger), test::trust(stranger)));
  // The kiosk trusts only `keys`: it ignores the installed pack and uses the default one.
  Config config;
  config.trusted_keys = {keys.public_pem.string()};
  std::string source;
  auto pack = app::loadConfiguredPack(config, data, &source);
  ASSERT_TRUE(pack) << pack.error().message;
  EXPECT_NE(pack->info.version, "3.0.0");
  EXPECT_NE(source, store.current().string());
}

TEST_F(PackInstall, RollbackWithoutAPreviousPackIsAnError) {
  auto r = store.rollback(test::trust(keys));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("no previous pack"), std::string::npos);
  // Nor right after the first install: it replaced nothing.
  ASSERT_TRUE(store.install(build("1.0.0", keys), test::trust(keys)));
  r = store.rollback(test::trust(keys));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::NotFound) << r.error().message;
  EXPECT_EQ(kioskPackVersion(), "1.0.0 from current.hocsopack");
}

TEST_F(PackInstall, ConfigPackMayNameASourceFolderOrASignedFile) {
  Config config;
  config.pack = src.string();
  auto fromSources = app::loadConfiguredPack(config, data, nullptr);
  ASSERT_TRUE(fromSources) << fromSources.error().message;
  EXPECT_EQ(fromSources->info.id, "vn.hocso.starter");
  config.pack = build("1.0.0", keys).string();
  EXPECT_FALSE(app::loadConfiguredPack(config, data, nullptr));  // not trusted yet
  config.trusted_keys = {keys.public_pem.string()};
  auto fromFile = app::loadConfiguredPack(config, data, nullptr);
  ASSERT_TRUE(fromFile) << fromFile.error().message;
  EXPECT_EQ(fromFile->info.version, "1.0.0");
}

TEST_F(PackInstall, TheBuildsDefaultPackIsSignedAndTrusted) {
  const ShippedPack shipped = shippedPack();
  if (!fs::exists(shipped.file)) GTEST_SKIP() << "the default pack is not built yet: " << shipped.file;
  auto keysShipped = readTrustedKeys({shipped.public_key});
  ASSERT_TRUE(keysShipped) << keysShipped.error().message;
  auto opened = openPackFile(shipped.file, *keysShipped);
  ASSERT_TRUE(opened) << opened.error().message;
  EXPECT_FALSE(opened->pack.lessons.empty());
  // A developer run trusts the build's key without configuration.
  const auto trusted = trustedKeyFiles(Config{});
  EXPECT_NE(std::find(trusted.begin(), trusted.end(), shipped.public_key), trusted.end());
  std::string source;
  auto pack = app::loadConfiguredPack(Config{}, data, &source);
  ASSERT_TRUE(pack) << pack.error().message;
  EXPECT_EQ(source, shipped.file.string());
}

TEST(Versions, CompareNumerically) {
  EXPECT_EQ(compareVersions("1.10.0", "1.9.9"), 1);
  EXPECT_EQ(compareVersions("1.0", "1.0.0"), 0);
  EXPECT_EQ(compareVersions("0.9.0", "1.0.0"), -1);
  EXPECT_EQ(compareVersions("2.0.0-rc1", "2.0.0"), 0);
}

}  // namespace
}  // namespace hocso::content
