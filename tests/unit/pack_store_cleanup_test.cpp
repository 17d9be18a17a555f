// Temporary files an interrupted `content install` left in DATA_DIR/packs
// (each as big as a pack) are removed by the next install or rollback, and
// when the kiosk opens; a live installer's file is left alone.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>

#include "content/pack_store.hpp"
#include "pack_test_support.hpp"

namespace hocso::content {
namespace {
namespace fs = std::filesystem;

// A PID that belonged to a process that has ended.
pid_t deadPid() {
  const pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  ::waitpid(child, nullptr, 0);
  return child;
}

class PackStoreLeftovers : public ::testing::Test {
 protected:
  test::TempDir dir;
  test::KeyPair keys = test::makeKeys(dir.path());
  fs::path data = dir.path() / "data";
  PackStore store{data};

  fs::path pack() {
    const fs::path out = dir.path() / "starter.hocsopack";
    if (!fs::exists(out)) {
      auto r = buildPackFile(test::copyStarter(dir.path()), out, keys.private_pem);
      EXPECT_TRUE(r) << (r ? "" : r.error().message);
    }
    return out;
  }
  // Leftovers of an installer with this PID, changed `age` ago.
  std::vector<fs::path> leave(pid_t pid, std::chrono::minutes age = std::chrono::minutes(0)) {
    std::vector<fs::path> files;
    for (const char* prefix : {".incoming-", ".previous-", ".rollback-"}) {
      const fs::path f = store.dir() / (prefix + std::to_string(pid) + ".tmp");
      test::writeText(f, std::string(4096, 'x'));
      fs::last_write_time(f, fs::file_time_type::clock::now() - age);
      files.push_back(f);
    }
    return files;
  }
};

TEST_F(PackStoreLeftovers, AnInstallRemovesThoseOfADeadInstaller) {
  ASSERT_TRUE(store.install(pack(), test::trust(keys)));
  const auto left = leave(deadPid());
  test::writeText(store.dir() / "notes.txt", "not ours");
  auto r = store.install(pack(), test::trust(keys), true);
  ASSERT_TRUE(r) << r.error().message;
  for (const auto& f : left) EXPECT_FALSE(fs::exists(f)) << f;
  EXPECT_TRUE(fs::exists(store.dir() / "notes.txt"));
  EXPECT_TRUE(fs::exists(store.current()));
}

TEST_F(PackStoreLeftovers, AnInstallRemovesTheTemporariesOfAnInterruptedWrite) {
  ASSERT_TRUE(store.install(pack(), test::trust(keys)));
  const pid_t dead = deadPid();
  std::vector<fs::path> left;
  for (const char* name : {"current.hocsopack", "previous.hocsopack"}) {
    left.push_back(store.dir() / (std::string(name) + ".tmp-" + std::to_string(dead) + "-0"));
    test::writeText(left.back(), std::string(4096, 'x'));
  }
  const fs::path notOurs = store.dir() / "current.hocsopack.tmp-x";
  test::writeText(notOurs, "not ours");
  ASSERT_TRUE(store.install(pack(), test::trust(keys), true));
  for (const auto& f : left) EXPECT_FALSE(fs::exists(f)) << f;
  EXPECT_TRUE(fs::exists(notOurs));
}

TEST_F(PackStoreLeftovers, ARollbackRemovesThemToo) {
  ASSERT_TRUE(store.install(pack(), test::trust(keys)));
  ASSERT_TRUE(store.install(pack(), test::trust(keys), true));
  const auto left = leave(deadPid());
  ASSERT_TRUE(store.rollback(test::trust(keys)));
  for (const auto& f : left) EXPECT_FALSE(fs::exists(f)) << f;
}

// A process that is alive and wrote its file minutes ago may still be
// installing (an older hocso that takes no lock): its file stays. One that
// has not touched it for long is stale all the same.
TEST_F(PackStoreLeftovers, ALiveInstallersRecentFileStays) {
  fs::create_directories(store.dir());
  const pid_t alive = ::getppid();
  const auto recent = leave(alive);
  EXPECT_EQ(store.removeStaleTemporaries(), 0);
  for (const auto& f : recent) EXPECT_TRUE(fs::exists(f)) << f;
  const auto old = leave(alive, std::chrono::minutes(30));
  EXPECT_EQ(store.removeStaleTemporaries(), 3);
  for (const auto& f : old) EXPECT_FALSE(fs::exists(f)) << f;
}

TEST_F(PackStoreLeftovers, OpeningTheKioskRemovesThem) {
  fs::create_directories(store.dir());
  const auto left = leave(deadPid());
  Config config;
  config.pack = test::starterPack().string();
  auto ctx = app::openKiosk(config, data);
  ASSERT_TRUE(ctx) << ctx.error().message;
  for (const auto& f : left) EXPECT_FALSE(fs::exists(f)) << f;
}

}  // namespace
}  // namespace hocso::content
