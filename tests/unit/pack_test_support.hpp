// Helpers for content pack tests: throw-away signing keys, editable copies of
// the starter pack, small source files and byte flips.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "content/loader.hpp"
#include "content/pack_file.hpp"
#include "content/signing.hpp"
#include "test_support.hpp"

namespace hocso::test {

struct KeyPair {
  std::filesystem::path private_pem, public_pem;
};

inline KeyPair makeKeys(const std::filesystem::path& dir, const std::string& name = "publisher") {
  KeyPair k{dir / (name + ".pem"), dir / (name + ".pub")};
  auto r = content::generateKeyPair(k.private_pem, k.public_pem);
  if (!r) ADD_FAILURE() << r.error().message;
  return k;
}

inline std::vector<content::TrustedKey> trust(const KeyPair& k) {
  auto keys = content::readTrustedKeys({k.public_pem});
  if (!keys) ADD_FAILURE() << keys.error().message;
  return keys ? *keys : std::vector<content::TrustedKey>{};
}

inline void writeText(const std::filesystem::path& file, const std::string& text) {
  std::filesystem::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << text;
}

inline std::string readText(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// A copy of the starter pack at dir/name that a test may edit.
inline std::filesystem::path copyStarter(const std::filesystem::path& dir, const std::string& name = "src") {
  const auto to = dir / name;
  std::filesystem::copy(starterPack(), to, std::filesystem::copy_options::recursive);
  return to;
}

// Sets pack.toml's version line.
inline void setVersion(const std::filesystem::path& src, const std::string& version) {
  std::string t = readText(src / "pack.toml");
  const auto at = t.find("version = \"");
  t.replace(at, t.find('\n', at) - at, "version = \"" + version + "\"");
  writeText(src / "pack.toml", t);
}

// A temporary folder with a publisher key pair and an editable copy of the
// starter pack: the set-up of most pack tests.
class StarterPackTest : public ::testing::Test {
 protected:
  TempDir dir;
  KeyPair keys = makeKeys(dir.path());
  std::filesystem::path src = copyStarter(dir.path());
};

// Loads pack sources expecting failure; the problems as "file:line: message".
inline std::vector<std::string> sourceProblemsOf(const std::filesystem::path& src,
                                                 const content::Framework* framework = nullptr) {
  std::vector<content::SourceProblem> problems;
  auto pack = content::loadPackSources(src, &problems, framework);
  EXPECT_FALSE(pack) << "the pack was accepted";
  std::vector<std::string> out;
  for (const auto& p : problems) out.push_back(p.str());
  return out;
}

// One line each, for assertion messages.
inline std::string joinedLines(const std::vector<std::string>& lines) {
  std::string s;
  for (const auto& x : lines) s += x + "\n";
  return s;
}

inline void flipByte(const std::filesystem::path& file, size_t offset, unsigned char mask = 0x01) {
  std::string bytes = readText(file);
  ASSERT_LT(offset, bytes.size());
  bytes[offset] = static_cast<char>(static_cast<unsigned char>(bytes[offset]) ^ mask);
  std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes;
}

}  // namespace hocso::test
