// Telex and VNI composition, including the names the kiosk must accept.
#include <gtest/gtest.h>

#include "vietnamese_input.hpp"

namespace hocso::input {
namespace {

std::string telex(const std::string& keys) {
  Composer c(Method::Telex);
  for (char k : keys) c.key(k);
  return c.text();
}

std::string vni(const std::string& keys) {
  Composer c(Method::Vni);
  for (char k : keys) c.key(k);
  return c.text();
}

TEST(Telex, FullNameFromTheIssue) { EXPECT_EQ(telex("Nguyeenx Thij Hoongf"), "Nguyễn Thị Hồng"); }

TEST(Telex, MarksAndTones) {
  EXPECT_EQ(telex("ddaay"), "đây");
  EXPECT_EQ(telex("DDoox"), "Đỗ");
  EXPECT_EQ(telex("tieengs"), "tiếng");
  EXPECT_EQ(telex("Vieetj Nam"), "Việt Nam");
  EXPECT_EQ(telex("nguwowif"), "người");
  EXPECT_EQ(telex("truwowngf"), "trường");
  EXPECT_EQ(telex("awn"), "ăn");
  EXPECT_EQ(telex("Traanf"), "Trần");
  EXPECT_EQ(telex("Huyeenf"), "Huyền");
  EXPECT_EQ(telex("Phuowng"), "Phương");
  EXPECT_EQ(telex("Quaang"), "Quâng");
}

TEST(Telex, TonePlacement) {
  EXPECT_EQ(telex("hoaf"), "hòa");      // two vowels, open: the first (classic style)
  EXPECT_EQ(telex("hoangf"), "hoàng");  // a consonant follows: the last
  EXPECT_EQ(telex("quas"), "quá");      // qu is a consonant
  EXPECT_EQ(telex("gior"), "giỏ");      // gi is a consonant
  EXPECT_EQ(telex("gif"), "gì");
  EXPECT_EQ(telex("khoais"), "khoái");  // three vowels: the middle
  EXPECT_EQ(telex("thuyeenf"), "thuyền");
  EXPECT_EQ(telex("tooi"), "tôi");
  EXPECT_EQ(telex("muaf"), "mùa");
}

TEST(Telex, TypingAMarkTwiceUndoesIt) {
  EXPECT_EQ(telex("ass"), "as");
  EXPECT_EQ(telex("aaa"), "aa");
  EXPECT_EQ(telex("asz"), "a");
  EXPECT_EQ(telex("s"), "s");  // no vowel yet: a plain letter
}

TEST(Telex, BackspaceRemovesTheLastKeyOfTheWord) {
  Composer c;
  for (char k : std::string("Hoongf")) c.key(k);
  c.backspace();
  EXPECT_EQ(c.text(), "Hông");
  c.key(' ');
  c.backspace();
  EXPECT_EQ(c.text(), "Hông");
  c.backspace();
  EXPECT_EQ(c.text(), "Hôn");
}

TEST(Vni, Basics) {
  EXPECT_EQ(vni("Nguye6n4 Thi5 Ho6ng2"), "Nguyễn Thị Hồng");
  EXPECT_EQ(vni("d9a6y"), "đây");
  EXPECT_EQ(vni("nguoi72"), "người");
  EXPECT_EQ(vni("a8n"), "ăn");
}

}  // namespace
}  // namespace hocso::input
