// A check run before toml++ parses text written by people: toml++ 3.3 has
// undefined behaviour on a non-ASCII character outside quotes and comments
// (found by fuzzing). Such text is malformed TOML anyway; report it plainly.
#pragma once

#include <optional>
#include <string_view>

namespace hocso {

// The line of the first non-ASCII byte outside strings and comments, if any.
std::optional<int> bareNonAsciiLine(std::string_view toml);

inline constexpr const char* kBareNonAsciiMessage =
    "text with accents must be inside quotes, like title = \"Điện thoại\"";

}  // namespace hocso
