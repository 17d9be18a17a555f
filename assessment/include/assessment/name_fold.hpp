// Folding of Vietnamese names for look-ups: "Lê Thị Thu Hà", "LE THI THU HA"
// and "le  thi thu ha" (typed without accents) are one key. Used for the
// keyed blind indexes of learners' names (records.hpp), never for display.
#pragma once

#include <string>

namespace hocso::assessment {

// Trims, collapses runs of white space (ASCII and Unicode spaces) to one
// space, lower-cases, removes Vietnamese tone and vowel marks, in both
// precomposed (NFC) and decomposed (NFD: base letter + combining marks)
// input, and maps đ/Đ to d. Other characters are kept, lower-cased when
// ASCII. Invalid UTF-8 bytes are dropped.
std::string foldName(const std::string& value);

}  // namespace hocso::assessment
