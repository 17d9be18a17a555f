// The read-aloud's text transformation (tts::Pronunciation): lexicon words
// matched whole, case-blind unless match_case, longest first, symbols; and
// the digit rules (codes digit by digit, years and amounts as numbers).
#include <gtest/gtest.h>

#include <string_view>
#include <utility>
#include <vector>

#include "pronunciation.hpp"

namespace hocso::tts {
namespace {

content::Lexicon sample() {
  return {
      {"QR", "kiu a", false, "", 0},
      {"OTP", "ô tê pê", false, "", 0},
      {"AI", "ây ai", true, "", 0},
      {"link", "linh", false, "", 0},
      {"Zalo", "da lô", false, "", 0},
      {"Wi-Fi", "oai phai", false, "", 0},
      {"Wifi", "oai phai", false, "", 0},
      {".apk", "chấm a pê ca", false, "", 0},
      {"apk", "a pê ca", false, "", 0},
      {".xyz", "chấm ích xì i dét", false, "", 0},
      {".gov.vn", "chấm gốp chấm vê en", false, "", 0},
      {"gov.vn", "gốp chấm vê en", false, "", 0},
      {"http://", "hát tê tê pê", false, "", 0},
      {"https://", "hát tê tê pê ét", false, "", 0},
      {"@gmail.com", "a còng gờ meo chấm com", false, "", 0},
      {"@", "a còng", false, "", 0},
      {"App Store", "áp xờ to", false, "", 0},
      {"app", "áp", false, "", 0},
      {"CH Play", "xê hát pờ lây", false, "", 0},
      {"3G", "ba giê", false, "", 0},
      {"đ", "đồng", true, "", 0},
      {"micrô", "mi cờ rô", false, "", 0},
      {"%", "phần trăm", false, "", 0},
      {"+", "cộng", false, "", 0},
  };
}

// The pronunciation with sample()'s lexicon (built once).
const Pronunciation& withSample() {
  static const Pronunciation p(sample());
  return p;
}

// Each case: the text and how `p` must say it.
using Cases = std::vector<std::pair<std::string_view, std::string_view>>;
void expectSaid(const Pronunciation& p, const Cases& cases) {
  for (const auto& [text, spoken] : cases) EXPECT_EQ(p.apply(text), spoken) << text;
}

TEST(Pronunciation, ReplacesWholeWordsIgnoringCase) {
  expectSaid(withSample(), {{"Quét mã QR để trả tiền.", "Quét mã kiu a để trả tiền."},
                            {"quét mã qr", "quét mã kiu a"},
                            {"Mã OTP là mã dùng một lần", "Mã ô tê pê là mã dùng một lần"},
                            {"Bấm vào link lạ", "Bấm vào linh lạ"},
                            {"Link đuôi lạ", "linh đuôi lạ"},
                            {"LINK", "linh"},
                            {"Gọi qua Zalo, rồi nhắn Zalo.", "Gọi qua da lô, rồi nhắn da lô."}});
}

TEST(Pronunciation, LeavesWordsThatOnlyContainAnEntry) {
  expectSaid(withSample(), {{"linked links clink", "linked links clink"},
                            {"QRS", "QRS"},
                            {"ZaloPay", "ZaloPay"},
                            {"happy", "happy"},
                            {"linkđ", "linkđ"}});  // A Vietnamese letter next to it makes it part of a word too.
}

TEST(Pronunciation, LettersAndDigitsSeparateWords) {
  expectSaid(withSample(), {{"link2", "linh 2"},
                            {"zalo123456", "da lô một hai ba bốn năm sáu"},
                            {"B3G", "B ba giê"},
                            {"13G", "13G"},  // a digit next to its first digit
                            {"50.000đ", "50.000 đồng"}});
}

TEST(Pronunciation, MatchCaseKeepsVietnameseWords) {
  expectSaid(withSample(), {{"Dùng AI có trách nhiệm", "Dùng ây ai có trách nhiệm"},
                            {"Ai gọi cho bạn? ai cũng vậy", "Ai gọi cho bạn? ai cũng vậy"},
                            {"Số tiền 2.400.000 đ.", "Số tiền 2.400.000 đồng."},
                            {"Đ là một chữ", "Đ là một chữ"},
                            {"đi", "đi"}});
}

TEST(Pronunciation, LongestMatchFirst) {
  expectSaid(withSample(), {{"Tải từ App Store", "Tải từ áp xờ to"},
                            {"Mở app", "Mở áp"},
                            {"Tải từ CH Play", "Tải từ xê hát pờ lây"},
                            {"lan@gmail.com", "lan a còng gờ meo chấm com"},
                            {"lan@yahoo", "lan a còng yahoo"},
                            {"vneid.gov.vn", "vneid chấm gốp chấm vê en"},
                            {"gov.vn", "gốp chấm vê en"}});
}

TEST(Pronunciation, SymbolsAndDottedEndings) {
  expectSaid(withSample(), {{"Tệp nganhang.apk là tệp cài", "Tệp nganhang chấm a pê ca là tệp cài"},
                            {"đuôi “.apk”", "đuôi “chấm a pê ca”"},
                            {"tệp apk", "tệp a pê ca"},
                            {"http://mo-khoa.xyz", "hát tê tê pê mo-khoa chấm ích xì i dét"},
                            {"https://vneid.gov.vn", "hát tê tê pê ét vneid chấm gốp chấm vê en"},
                            {"site.xyzw", "site.xyzw"},  // not the ending .xyz
                            {"Tắt Wi-Fi rồi bật lại", "Tắt oai phai rồi bật lại"},
                            {"wi-fi", "oai phai"},
                            {"Mạng “Wifi-Mien-Phi”", "Mạng “oai phai-Mien-Phi”"},
                            {"lãi 10%", "lãi 10 phần trăm"},
                            {"Ctrl + C", "Ctrl cộng C"},
                            {"+120.000 đồng", "cộng 120.000 đồng"}});
}

TEST(Pronunciation, ReplacementsAreNotMatchedAgain) {
  const Pronunciation p(content::Lexicon{{"A", "ây", true, "", 0}, {"ây", "A", false, "", 0}});
  expectSaid(p, {{"A", "ây"},
                 {"ây", "A"}});
}

TEST(Pronunciation, LettersAndDigitsEntries) {
  expectSaid(withSample(), {{"mạng 3G", "mạng ba giê"},
                            {"3Gx", "3Gx"},
                            {"micrô và camera", "mi cờ rô và camera"},
                            {"Micrô: tìm bằng giọng nói", "mi cờ rô: tìm bằng giọng nói"}});
}

TEST(Pronunciation, SpellsDigitWords) {
  EXPECT_EQ(spellDigits("0123456789"), "không một hai ba bốn năm sáu bảy tám chín");
  EXPECT_EQ(spellDigits(""), "");
}

TEST(Pronunciation, CodesAreReadDigitByDigit) {
  const Pronunciation p;
  expectSaid(p, {{"Mã OTP của bạn là 482913.", "Mã OTP của bạn là bốn tám hai chín một ba."},
                 {"Dãy 123456 dễ đoán", "Dãy một hai ba bốn năm sáu dễ đoán"},
                 {"“123456”", "“một hai ba bốn năm sáu”"},
                 {"Mật mã 1111 cho dễ nhớ", "Mật mã một một một một cho dễ nhớ"},
                 {"PIN 0000", "PIN không không không không"},
                 {"Gọi 0912345678", "Gọi không chín một hai ba bốn năm sáu bảy tám"},
                 {"Mã hồ sơ: HS-123456", "Mã hồ sơ: HS-một hai ba bốn năm sáu"},
                 {"số 012345678901", "số không một hai ba bốn năm sáu bảy tám chín không một"}});
}

TEST(Pronunciation, EmergencyNumbersDigitByDigit) {
  const Pronunciation p;
  expectSaid(p, {{"Gọi 113 hay 115", "Gọi một một ba hay một một năm"},
                 {"113, 114, 115 và 111.", "một một ba, một một bốn, một một năm và một một một."},
                 {"**114 — Cứu hỏa", "**một một bốn — Cứu hỏa"}});
}

TEST(Pronunciation, PhoneNumbersInGroups) {
  const Pronunciation p;
  expectSaid(p, {{"Gọi 0912 345 678 nhé", "Gọi không chín một hai, ba bốn năm, sáu bảy tám nhé"},
                 {"Tổng đài 1900 1234", "Tổng đài một chín không không, một hai ba bốn"},
                 {"lớp 5 có 30 người", "lớp 5 có 30 người"}});
}

TEST(Pronunciation, NumbersStayNumbers) {
  const Pronunciation p;
  expectSaid(p, {{"Năm 2026 và năm 1975", "Năm 2026 và năm 1975"},
                 {"một nghị định năm 2019.", "một nghị định năm 2019."},
                 {"Từ ngày 1/7/2024, khi", "Từ ngày 1/7/2024, khi"},
                 {"ngày 01/07/2024", "ngày 01/07/2024"},
                 {"Số tiền: 10.000.000 đồng", "Số tiền: 10.000.000 đồng"},
                 {"0,5 lít", "0,5 lít"},
                 {"lúc 13:45", "lúc 13:45"},
                 {"500 nghìn, 1 lần, 12 tháng, 120 nghìn", "500 nghìn, 1 lần, 12 tháng, 120 nghìn"},
                 {"1. Mở máy\n2. Chạm", "1. Mở máy\n2. Chạm"},
                 {"Nghị định 13/2023/NĐ-CP", "Nghị định 13/2023/NĐ-CP"}});
}

TEST(Pronunciation, EnDashBetweenNumbersIsTo) {
  const Pronunciation p;
  expectSaid(p, {{"lãi 2–3% mỗi ngày", "lãi 2 đến 3% mỗi ngày"},
                 {"Hà Nội – Huế", "Hà Nội – Huế"},
                 {"2025-03-12", "2025-không ba-12"}});
}

TEST(Pronunciation, CodesGluedToLettersGetSpaces) {
  const Pronunciation p;
  expectSaid(p, {{"mã123456xong", "mã một hai ba bốn năm sáu xong"},
                 {"lan1975", "lan1975"}});
}

TEST(Pronunciation, EmptyAndUnusualText) {
  const Pronunciation p(sample());
  expectSaid(p, {{"", ""},
                 {"QR", "kiu a"},
                 {"\xff\xfeQR", "\xff\xfe" "kiu a"}});  // bytes that are not UTF-8 stay as they are
  EXPECT_EQ(p.size(), sample().size());
}

}  // namespace
}  // namespace hocso::tts
