// Bounded whole-file reads (base/files.hpp): devices, folders and files over
// the limit are refused quickly with a message naming the file; pipes are
// read up to the limit. And the data dir's permissions are tightened.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <fstream>
#include <thread>

#include "base/files.hpp"
#include "test_support.hpp"

namespace hocso {
namespace {
namespace fs = std::filesystem;

void writeFile(const fs::path& p, const std::string& bytes) {
  std::ofstream(p, std::ios::binary) << bytes;
}

mode_t modeOf(const fs::path& p) {
  struct stat st {};
  EXPECT_EQ(::stat(p.c_str(), &st), 0) << p;
  return st.st_mode & 07777;
}

TEST(ReadFileBounded, ReadsARegularFileWhole) {
  test::TempDir dir;
  const std::string bytes("a\0b\nc", 5);
  writeFile(dir.path() / "f", bytes);
  auto r = readFileBounded(dir.path() / "f", 5);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(*r, bytes);
}

TEST(ReadFileBounded, RefusesAFileOverTheLimit) {
  test::TempDir dir;
  writeFile(dir.path() / "big", std::string(2048, 'x'));
  auto r = readFileBounded(dir.path() / "big", 2047);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::Invalid);
  EXPECT_NE(r.error().message.find((dir.path() / "big").string()), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("larger than 2047 bytes"), std::string::npos) << r.error().message;
}

TEST(ReadFileBounded, RefusesDevicesAndFolders) {
  test::TempDir dir;
  for (const char* device : {"/dev/zero", "/dev/urandom", "/dev/null"}) {
    auto r = readFileBounded(device, kLargeFileLimit);
    ASSERT_FALSE(r) << device;
    EXPECT_EQ(r.error().code, ErrorCode::Invalid);
    EXPECT_NE(r.error().message.find("not a regular file"), std::string::npos) << r.error().message;
  }
  auto r = readFileBounded(dir.path(), kSmallFileLimit);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("is a folder"), std::string::npos) << r.error().message;
}

TEST(ReadFileBounded, MissingFileIsNotFound) {
  auto r = readFileBounded("/nonexistent/file", kSmallFileLimit);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::NotFound);
}

// A pipe (/dev/stdin of `cmd | hocso ...`) is read, but never past the limit.
TEST(ReadFileBounded, ReadsAPipeUpToTheLimit) {
  test::TempDir dir;
  const fs::path fifo = dir.path() / "fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::thread writer([&] {
    std::ofstream out(fifo, std::ios::binary);
    out << std::string(100, 'p');
  });
  auto small = readFileBounded(fifo, 1000);
  writer.join();
  ASSERT_TRUE(small) << small.error().message;
  EXPECT_EQ(small->size(), 100u);

  const auto previous = std::signal(SIGPIPE, SIG_IGN);  // the reader hangs up early
  std::thread flood([&] {
    std::ofstream out(fifo, std::ios::binary);
    out << std::string(200000, 'p');  // the reader stops early: the write then fails, which is fine
  });
  auto big = readFileBounded(fifo, 1000);
  flood.join();
  std::signal(SIGPIPE, previous);
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error().code, ErrorCode::Invalid);
}

// kiosk.db, its logs and keys were created 0644 in a 0755 folder: readable
// by every user of the PC. Opening the kiosk makes them private.
TEST(DataDirPermissions, OpeningTheKioskMakesItsFilesPrivate) {
  test::TempDir dir;
  const fs::path data = dir.path() / "data";
  const mode_t old = ::umask(022);  // what a shell gives; the binaries set 027 themselves
  { auto ctx = test::openTestKiosk(data); ASSERT_TRUE(ctx); }
  fs::create_directories(data / "logs");
  writeFile(data / "logs" / "hocso.log", "x");
  // As an older version (or a copy with cp -r) left them.
  fs::permissions(data, fs::perms(0755));
  fs::permissions(data / "kiosk.db", fs::perms(0644));
  fs::permissions(data / "keys", fs::perms(0755));
  fs::permissions(data / "logs" / "hocso.log", fs::perms(0666));
  { auto ctx = test::openTestKiosk(data); ASSERT_TRUE(ctx); }
  ::umask(old);
  EXPECT_EQ(modeOf(data), 0750u);
  EXPECT_EQ(modeOf(data / "kiosk.db"), 0640u);
  EXPECT_EQ(modeOf(data / "logs"), 0750u);
  EXPECT_EQ(modeOf(data / "logs" / "hocso.log"), 0640u);
  EXPECT_EQ(modeOf(data / "keys"), 0700u);
  for (const auto& key : fs::directory_iterator(data / "keys"))
    EXPECT_EQ(modeOf(key.path()) & 077, 0u) << key.path();
}

}  // namespace
}  // namespace hocso
