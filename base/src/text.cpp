// Text helpers: trimming and counting UTF-8 characters.
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

}  // namespace hocso
