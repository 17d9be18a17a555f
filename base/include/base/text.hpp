// Small text helpers every module uses on what people type.
#pragma once

#include <cstddef>
#include <string>

namespace hocso {

// `value` without spaces, tabs and line breaks at either end.
std::string trimSpaces(const std::string& value);
// The number of characters (code points) of UTF-8 text: what a limit such
// as "at most 80 characters" counts, not bytes.
size_t utf8Length(const std::string& value);

}  // namespace hocso
