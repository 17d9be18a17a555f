// Small text helpers every module uses on what people type.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace hocso {

// `value` without spaces, tabs and line breaks at either end.
std::string trimSpaces(const std::string& value);
// The number of characters (code points) of UTF-8 text: what a limit such
// as "at most 80 characters" counts, not bytes.
size_t utf8Length(const std::string& value);

// Decodes the UTF-8 sequence that starts at s[i] and moves i past it. An
// invalid or cut-off sequence gives 0 and moves i by one byte, so a caller
// that drops the 0s drops exactly the bad bytes.
char32_t decodeUtf8(std::string_view s, size_t& i);
// Appends code point c to out, UTF-8 encoded.
void appendUtf8(std::string& out, char32_t c);

}  // namespace hocso
