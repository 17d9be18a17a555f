// Text helpers: trimming, counting UTF-8 characters, and the UTF-8 codec.
#include "base/text.hpp"

namespace hocso {

std::string trimSpaces(const std::string& s) {
  const size_t b = s.find_first_not_of(" \t\r\n");
  const size_t e = s.find_last_not_of(" \t\r\n");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

size_t utf8Length(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;  // every byte but a continuation byte starts a character
  return n;
}

char32_t decodeUtf8(std::string_view s, size_t& i) {
  const auto b = static_cast<unsigned char>(s[i]);
  if (b < 0x80) {
    ++i;
    return b;
  }
  size_t len = 0;
  char32_t c = 0;
  if (b >= 0xF8 || b < 0xC0) {  // not a lead byte (a stray continuation byte, or 5+ bytes)
    ++i;
    return 0;
  }
  if (b >= 0xF0) {
    len = 4;
    c = b & 0x07;
  } else if (b >= 0xE0) {
    len = 3;
    c = b & 0x0F;
  } else {
    len = 2;
    c = b & 0x1F;
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

}  // namespace hocso
