// foldName: a small table of the precomposed letters Vietnamese (and Latin-1)
// names use, and the combining marks U+0300..U+036F for decomposed input.
#include "assessment/name_fold.hpp"

#include <string_view>
#include <unordered_map>

namespace hocso::assessment {
namespace {

// Decodes one UTF-8 sequence at s[i]; returns 0 and advances by one byte on
// an invalid sequence (dropped by the caller).
char32_t decode(std::string_view s, size_t& i) {
  const auto b = static_cast<unsigned char>(s[i]);
  size_t len = 1;
  char32_t c = b;
  if (b >= 0xF8) {
    ++i;
    return 0;
  }
  if (b >= 0xF0) {
    len = 4;
    c = b & 0x07;
  } else if (b >= 0xE0) {
    len = 3;
    c = b & 0x0F;
  } else if (b >= 0xC0) {
    len = 2;
    c = b & 0x1F;
  } else if (b >= 0x80) {
    ++i;
    return 0;
  }
  if (i + len > s.size()) {
    i = s.size();
    return 0;
  }
  for (size_t k = 1; k < len; ++k) {
    const auto cb = static_cast<unsigned char>(s[i + k]);
    if ((cb & 0xC0) != 0x80) {
      ++i;
      return 0;
    }
    c = (c << 6) | (cb & 0x3F);
  }
  i += len;
  return c;
}

void appendUtf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

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
      for (size_t i = 0; i < letters.size();) t[decode(letters, i)] = plain;
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
    const char32_t c = decode(value, i);
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
