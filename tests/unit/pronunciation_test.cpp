// The read-aloud's text transformation (tts::Pronunciation): lexicon words
// matched whole, case-blind unless match_case, longest first, symbols; and
// the digit rules (codes digit by digit, years and amounts as numbers).
#include <gtest/gtest.h>

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

std::string say(std::string_view text) {
  static const Pronunciation p(sample());
  return p.apply(text);
}

TEST(Pronunciation, ReplacesWholeWordsIgnoringCase) {
  EXPECT_EQ(say("Quét mã QR để trả tiền."), "Quét mã kiu a để trả tiền.");
  EXPECT_EQ(say("quét mã qr"), "quét mã kiu a");
  EXPECT_EQ(say("Mã OTP là mã dùng một lần"), "Mã ô tê pê là mã dùng một lần");
  EXPECT_EQ(say("Bấm vào link lạ"), "Bấm vào linh lạ");
  EXPECT_EQ(say("Link đuôi lạ"), "linh đuôi lạ");
  EXPECT_EQ(say("LINK"), "linh");
  EXPECT_EQ(say("Gọi qua Zalo, rồi nhắn Zalo."), "Gọi qua da lô, rồi nhắn da lô.");
}

TEST(Pronunciation, LeavesWordsThatOnlyContainAnEntry) {
  EXPECT_EQ(say("linked links clink"), "linked links clink");
  EXPECT_EQ(say("QRS"), "QRS");
  EXPECT_EQ(say("ZaloPay"), "ZaloPay");
  EXPECT_EQ(say("happy"), "happy");
  // A Vietnamese letter next to it makes it part of a word too.
  EXPECT_EQ(say("linkđ"), "linkđ");
}

TEST(Pronunciation, LettersAndDigitsSeparateWords) {
  EXPECT_EQ(say("link2"), "linh 2");
  EXPECT_EQ(say("zalo123456"), "da lô một hai ba bốn năm sáu");
  EXPECT_EQ(say("B3G"), "B ba giê");
  EXPECT_EQ(say("13G"), "13G");  // a digit next to its first digit
  EXPECT_EQ(say("50.000đ"), "50.000 đồng");
}

TEST(Pronunciation, MatchCaseKeepsVietnameseWords) {
  EXPECT_EQ(say("Dùng AI có trách nhiệm"), "Dùng ây ai có trách nhiệm");
  EXPECT_EQ(say("Ai gọi cho bạn? ai cũng vậy"), "Ai gọi cho bạn? ai cũng vậy");
  EXPECT_EQ(say("Số tiền 2.400.000 đ."), "Số tiền 2.400.000 đồng.");
  EXPECT_EQ(say("Đ là một chữ"), "Đ là một chữ");
  EXPECT_EQ(say("đi"), "đi");
}

TEST(Pronunciation, LongestMatchFirst) {
  EXPECT_EQ(say("Tải từ App Store"), "Tải từ áp xờ to");
  EXPECT_EQ(say("Mở app"), "Mở áp");
  EXPECT_EQ(say("Tải từ CH Play"), "Tải từ xê hát pờ lây");
  EXPECT_EQ(say("lan@gmail.com"), "lan a còng gờ meo chấm com");
  EXPECT_EQ(say("lan@yahoo"), "lan a còng yahoo");
  EXPECT_EQ(say("vneid.gov.vn"), "vneid chấm gốp chấm vê en");
  EXPECT_EQ(say("gov.vn"), "gốp chấm vê en");
}

TEST(Pronunciation, SymbolsAndDottedEndings) {
  EXPECT_EQ(say("Tệp nganhang.apk là tệp cài"), "Tệp nganhang chấm a pê ca là tệp cài");
  EXPECT_EQ(say("đuôi “.apk”"), "đuôi “chấm a pê ca”");
  EXPECT_EQ(say("tệp apk"), "tệp a pê ca");
  EXPECT_EQ(say("http://mo-khoa.xyz"), "hát tê tê pê mo-khoa chấm ích xì i dét");
  EXPECT_EQ(say("https://vneid.gov.vn"), "hát tê tê pê ét vneid chấm gốp chấm vê en");
  EXPECT_EQ(say("site.xyzw"), "site.xyzw");  // not the ending .xyz
  EXPECT_EQ(say("Tắt Wi-Fi rồi bật lại"), "Tắt oai phai rồi bật lại");
  EXPECT_EQ(say("wi-fi"), "oai phai");
  EXPECT_EQ(say("Mạng “Wifi-Mien-Phi”"), "Mạng “oai phai-Mien-Phi”");
  EXPECT_EQ(say("lãi 10%"), "lãi 10 phần trăm");
  EXPECT_EQ(say("Ctrl + C"), "Ctrl cộng C");
  EXPECT_EQ(say("+120.000 đồng"), "cộng 120.000 đồng");
}

TEST(Pronunciation, ReplacementsAreNotMatchedAgain) {
  const Pronunciation p(content::Lexicon{{"A", "ây", true, "", 0}, {"ây", "A", false, "", 0}});
  EXPECT_EQ(p.apply("A"), "ây");
  EXPECT_EQ(p.apply("ây"), "A");
}

TEST(Pronunciation, LettersAndDigitsEntries) {
  EXPECT_EQ(say("mạng 3G"), "mạng ba giê");
  EXPECT_EQ(say("3Gx"), "3Gx");
  EXPECT_EQ(say("micrô và camera"), "mi cờ rô và camera");
  EXPECT_EQ(say("Micrô: tìm bằng giọng nói"), "mi cờ rô: tìm bằng giọng nói");
}

TEST(Pronunciation, SpellsDigitWords) {
  EXPECT_EQ(spellDigits("0123456789"), "không một hai ba bốn năm sáu bảy tám chín");
  EXPECT_EQ(spellDigits(""), "");
}

TEST(Pronunciation, CodesAreReadDigitByDigit) {
  const Pronunciation p;
  EXPECT_EQ(p.apply("Mã OTP của bạn là 482913."), "Mã OTP của bạn là bốn tám hai chín một ba.");
  EXPECT_EQ(p.apply("Dãy 123456 dễ đoán"), "Dãy một hai ba bốn năm sáu dễ đoán");
  EXPECT_EQ(p.apply("“123456”"), "“một hai ba bốn năm sáu”");
  EXPECT_EQ(p.apply("Mật mã 1111 cho dễ nhớ"), "Mật mã một một một một cho dễ nhớ");
  EXPECT_EQ(p.apply("PIN 0000"), "PIN không không không không");
  EXPECT_EQ(p.apply("Gọi 0912345678"), "Gọi không chín một hai ba bốn năm sáu bảy tám");
  EXPECT_EQ(p.apply("Mã hồ sơ: HS-123456"), "Mã hồ sơ: HS-một hai ba bốn năm sáu");
  EXPECT_EQ(p.apply("số 012345678901"), "số không một hai ba bốn năm sáu bảy tám chín không một");
}

TEST(Pronunciation, EmergencyNumbersDigitByDigit) {
  const Pronunciation p;
  EXPECT_EQ(p.apply("Gọi 113 hay 115"), "Gọi một một ba hay một một năm");
  EXPECT_EQ(p.apply("113, 114, 115 và 111."), "một một ba, một một bốn, một một năm và một một một.");
  EXPECT_EQ(p.apply("**114 — Cứu hỏa"), "**một một bốn — Cứu hỏa");
}

TEST(Pronunciation, PhoneNumbersInGroups) {
  const Pronunciation p;
  EXPECT_EQ(p.apply("Gọi 0912 345 678 nhé"), "Gọi không chín một hai, ba bốn năm, sáu bảy tám nhé");
  EXPECT_EQ(p.apply("Tổng đài 1900 1234"), "Tổng đài một chín không không, một hai ba bốn");
  EXPECT_EQ(p.apply("lớp 5 có 30 người"), "lớp 5 có 30 người");
}

TEST(Pronunciation, NumbersStayNumbers) {
  const Pronunciation p;
  EXPECT_EQ(p.apply("Năm 2026 và năm 1975"), "Năm 2026 và năm 1975");
  EXPECT_EQ(p.apply("một nghị định năm 2019."), "một nghị định năm 2019.");
  EXPECT_EQ(p.apply("Từ ngày 1/7/2024, khi"), "Từ ngày 1/7/2024, khi");
  EXPECT_EQ(p.apply("ngày 01/07/2024"), "ngày 01/07/2024");
  EXPECT_EQ(p.apply("Số tiền: 10.000.000 đồng"), "Số tiền: 10.000.000 đồng");
  EXPECT_EQ(p.apply("0,5 lít"), "0,5 lít");
  EXPECT_EQ(p.apply("lúc 13:45"), "lúc 13:45");
  EXPECT_EQ(p.apply("500 nghìn, 1 lần, 12 tháng, 120 nghìn"), "500 nghìn, 1 lần, 12 tháng, 120 nghìn");
  EXPECT_EQ(p.apply("1. Mở máy\n2. Chạm"), "1. Mở máy\n2. Chạm");
  EXPECT_EQ(p.apply("Nghị định 13/2023/NĐ-CP"), "Nghị định 13/2023/NĐ-CP");
}

TEST(Pronunciation, EnDashBetweenNumbersIsTo) {
  const Pronunciation p;
  EXPECT_EQ(p.apply("lãi 2–3% mỗi ngày"), "lãi 2 đến 3% mỗi ngày");
  EXPECT_EQ(p.apply("Hà Nội – Huế"), "Hà Nội – Huế");
  EXPECT_EQ(p.apply("2025-03-12"), "2025-không ba-12");
}

TEST(Pronunciation, CodesGluedToLettersGetSpaces) {
  const Pronunciation p;
  EXPECT_EQ(p.apply("mã123456xong"), "mã một hai ba bốn năm sáu xong");
  EXPECT_EQ(p.apply("lan1975"), "lan1975");
}

TEST(Pronunciation, EmptyAndUnusualText) {
  const Pronunciation p(sample());
  EXPECT_EQ(p.apply(""), "");
  EXPECT_EQ(p.apply("QR"), "kiu a");
  EXPECT_EQ(p.apply("\xff\xfeQR"), "\xff\xfe" "kiu a");  // bytes that are not UTF-8 stay as they are
  EXPECT_EQ(p.size(), sample().size());
}

}  // namespace
}  // namespace hocso::tts
