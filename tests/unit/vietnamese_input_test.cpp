// Telex and VNI composition, including the names the kiosk must accept.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "vietnamese_input.hpp"

namespace hocso::input {
namespace {

std::string type(Method method, const std::string& keys) {
  Composer c(method);
  for (char k : keys) c.key(k);
  return c.text();
}

// Each case: the keys typed and the text they must make.
using Cases = std::vector<std::pair<std::string, std::string>>;
void expectTyped(Method method, const Cases& cases) {
  for (const auto& [keys, text] : cases) EXPECT_EQ(type(method, keys), text) << keys;
}

TEST(Telex, FullNameFromTheIssue) { EXPECT_EQ(type(Method::Telex, "Nguyeenx Thij Hoongf"), "Nguyễn Thị Hồng"); }

TEST(Telex, MarksAndTones) {
  expectTyped(Method::Telex, {{"ddaay", "đây"},
                              {"DDoox", "Đỗ"},
                              {"tieengs", "tiếng"},
                              {"Vieetj Nam", "Việt Nam"},
                              {"nguwowif", "người"},
                              {"truwowngf", "trường"},
                              {"awn", "ăn"},
                              {"Traanf", "Trần"},
                              {"Huyeenf", "Huyền"},
                              {"Phuowng", "Phương"},
                              {"Quaang", "Quâng"}});
}

TEST(Telex, TonePlacement) {
  expectTyped(Method::Telex, {{"hoaf", "hòa"},  // two vowels, open: the first (classic style)
                              {"hoangf", "hoàng"},  // a consonant follows: the last
                              {"quas", "quá"},  // qu is a consonant
                              {"gior", "giỏ"},  // gi is a consonant
                              {"gif", "gì"},
                              {"khoais", "khoái"},  // three vowels: the middle
                              {"thuyeenf", "thuyền"},
                              {"tooi", "tôi"},
                              {"muaf", "mùa"}});
}

TEST(Telex, TypingAMarkTwiceUndoesIt) {
  expectTyped(Method::Telex, {{"ass", "as"},
                              {"aaa", "aa"},
                              {"asz", "a"},
                              {"s", "s"}});  // no vowel yet: a plain letter
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
  expectTyped(Method::Vni, {{"Nguye6n4 Thi5 Ho6ng2", "Nguyễn Thị Hồng"},
                            {"d9a6y", "đây"},
                            {"nguoi72", "người"},
                            {"a8n", "ăn"}});
}

}  // namespace
}  // namespace hocso::input
