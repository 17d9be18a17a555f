// A pack's pronunciation lexicon (lexicon.toml): written forms and how the
// read-aloud should say them in Vietnamese. Parsing and validation with
// file:line problems, and the Vietnamese-syllable test the lexicon relies on.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "content/problem.hpp"

namespace hocso::content {

struct LexiconEntry {
  std::string text;         // the written form, as it appears in the course ("QR", ".apk", "Wi-Fi")
  std::string say;          // how to say it, in Vietnamese syllables ("kiu a")
  bool match_case = false;  // true: only this exact case ("AI", not the Vietnamese word "ai")
  std::string note;         // for people; never spoken, not stored in the built pack
  int source_line = 0;      // sources only
};

// In file order.
using Lexicon = std::vector<LexiconEntry>;

// Parses lexicon.toml: [[word]] entries with `text`, `say`, optional
// `match_case` and `note`. Problems (malformed TOML, empty text or say, a
// `say` that is not Vietnamese syllables, duplicates, unknown keys) are added
// to `problems` as file:line; entries with a problem are left out.
Lexicon parseLexicon(std::string_view toml, const std::string& file, std::vector<SourceProblem>& problems);

// The key two entries clash on: the text, ASCII letters lowered unless match_case.
std::string lexiconKey(const LexiconEntry& entry);

// Whether `word` (UTF-8, NFC, letters only) is one written Vietnamese
// syllable: initial consonant + rhyme, at most one tone mark, and a sắc or
// nặng tone on a rhyme ending in p, t, c or ch. "thoại", "gì", "pin" are;
// "link", "Zalo", "chat" (no tone), "micrô" (two syllables) are not.
bool isVietnameseSyllable(std::string_view word);

}  // namespace hocso::content
