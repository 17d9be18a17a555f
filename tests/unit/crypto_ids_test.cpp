// Field encryption and identifiers.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <fstream>

#include "base/crypto.hpp"
#include "base/ids.hpp"
#include "test_support.hpp"

namespace hocso {
namespace {

TEST(Ids, Uuid5MatchesTheRfcExample) {
  // RFC 4122 namespace DNS, name "www.example.com" → 2ed6657d-e927-568b-95e1-2665a8aea6a2
  EXPECT_EQ(uuid5("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "www.example.com"), "2ed6657d-e927-568b-95e1-2665a8aea6a2");
}

TEST(Ids, Uuid4IsVersion4AndUnique) {
  auto a = uuid4(), b = uuid4();
  EXPECT_NE(a, b);
  EXPECT_EQ(a.size(), 36u);
  EXPECT_EQ(a[14], '4');
}

TEST(FieldCipher, RoundTripAndTamperDetection) {
  auto c = FieldCipher::fromKey(std::vector<unsigned char>(32, 7));
  auto blob = c.encrypt("Trần Văn Bình", "learners.full_name").value();
  auto back = c.decrypt(blob, "learners.full_name");
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, "Trần Văn Bình");
  EXPECT_FALSE(c.decrypt(blob, "learners.phone")) << "context must be authenticated";
  blob[blob.size() / 2] ^= 1;
  EXPECT_FALSE(c.decrypt(blob, "learners.full_name"));
  auto other = FieldCipher::fromKey(std::vector<unsigned char>(32, 8));
  EXPECT_FALSE(other.decrypt(c.encrypt("x", "k").value(), "k"));
}

TEST(FieldCipher, KeyFileIsCreatedPrivateAndReused) {
  test::TempDir dir;
  auto path = dir.path() / "keys" / "data.key";
  auto a = FieldCipher::loadOrCreate(path);
  ASSERT_TRUE(a);
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600);
  auto b = FieldCipher::loadOrCreate(path);
  ASSERT_TRUE(b);
  auto back = b->decrypt(a->encrypt("Hà", "c").value(), "c");
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, "Hà");
  EXPECT_EQ(a->blindIndex("001234567890"), b->blindIndex("001234567890"));
}

TEST(FieldCipher, DamagedKeyFileIsAClearError) {
  test::TempDir dir;
  auto path = dir.path() / "data.key";
  std::ofstream(path) << "short";
  auto c = FieldCipher::loadOrCreate(path);
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find("damaged"), std::string::npos);
}

}  // namespace
}  // namespace hocso
