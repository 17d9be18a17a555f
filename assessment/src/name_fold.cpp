// foldName: a small table of the precomposed letters Vietnamese (and Latin-1)
// names use, and the combining marks U+0300..U+036F for decomposed input.
#include "assessment/name_fold.hpp"

#include <string_view>
#include <unordered_map>

#include "base/text.hpp"

namespace hocso::assessment {
namespace {

// Every precomposed letter with marks → its plain lower-case letter.
const std::unordered_map<char32_t, char>& plainLetters() {
  static const std::unordered_map<char32_t, char> table = [] {
    static constexpr std::pair<std::string_view, char> kMarked[] = {
        {"àáảãạăằắẳẵặâầấẩẫậäåÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÄÅ", 'a'},
        {"èéẻẽẹêềếểễệëÈÉẺẼẸÊỀẾỂỄỆË", 'e'},
        {"ìíỉĩịîïÌÍỈĨỊÎÏ", 'i'},
        {"òóỏõọôồốổỗộơờớởỡợöÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÖ", 'o'},
        {"ùúủũụưừứửữựûüÙÚỦŨỤƯỪỨỬỮỰÛÜ", 'u'},
        {"ỳýỷỹỵÿỲÝỶỸỴ", 'y'},
        {"đĐ", 'd'},
        {"çÇ", 'c'},
        {"ñÑ", 'n'}};
    std::unordered_map<char32_t, char> t;
    for (const auto& [letters, plain] : kMarked)
      for (size_t i = 0; i < letters.size();) t[decodeUtf8(letters, i)] = plain;
    return t;
  }();
  return table;
}

bool isSpace(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200B) || c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

bool isCombiningMark(char32_t c) { return c >= 0x300 && c <= 0x36F; }

}  // namespace

std::string foldName(const std::string& value) {
  const auto& plain = plainLetters();
  std::string out;
  bool pendingSpace = false;
  for (size_t i = 0; i < value.size();) {
    const char32_t c = decodeUtf8(value, i);
    if (c == 0 || isCombiningMark(c)) continue;
    if (isSpace(c)) {
      pendingSpace = !out.empty();
      continue;
    }
    if (pendingSpace) out += ' ';
    pendingSpace = false;
    if (c < 0x80) {
      out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : static_cast<char>(c);
    } else if (auto it = plain.find(c); it != plain.end()) {
      out += it->second;
    } else {
      appendUtf8(out, c);
    }
  }
  return out;
}

}  // namespace hocso::assessment
