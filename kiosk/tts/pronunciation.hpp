// What the read-aloud says for a text shown on screen: the pack's lexicon
// (loanwords, abbreviations, symbols said in Vietnamese) and digit strings
// read digit by digit. A pure function of the text; never shown on screen.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "content/lexicon.hpp"

namespace hocso::tts {

// The Vietnamese words for the digits 0-9, space-separated ("một một ba").
std::string spellDigits(std::string_view digits);

class Pronunciation {
 public:
  Pronunciation() = default;  // no lexicon: the number rules only
  explicit Pronunciation(const content::Lexicon& lexicon);

  // The text with every lexicon word replaced by how to say it and digit
  // strings spelled, for espeak-ng. Rules (content/FORMAT.md, "Read-aloud lexicon"):
  // - a lexicon word matches whole words only (a letter next to its first or
  //   last letter blocks it, a digit next to its first or last digit; so
  //   "link" is not found in "links" but is in "link2", and ".apk" and "@"
  //   need no space before them), ASCII case ignored unless match_case, the
  //   longest word at a position first; the replacement is not looked at again;
  // - a digit string alone (not part of 10.000, 1/7/2024, 0,5 or 13:45) is
  //   spelled when it has 5 digits or more (OTP, phone, citizen ID), starts
  //   with 0, is a 4-digit code outside 1800-2099 (a PIN; 2026 stays a year),
  //   or is 111-119 (emergency numbers: "một một ba"); groups of digits
  //   separated by single spaces that make a phone number (7 digits or more,
  //   or starting with 0) are spelled group by group with a pause between;
  // - an en dash between two numbers ("2–3%") is said "đến".
  std::string apply(std::string_view text) const;

  size_t size() const { return count_; }

 private:
  struct Entry {
    std::string key;  // the written form; ASCII lowered unless match_case
    std::string say;
    bool match_case = false;
    int first_class = 0, last_class = 0;  // what it begins / ends with: 1 a letter, 2 a digit, 0 a symbol
  };
  const Entry* match(std::string_view text, size_t at) const;

  std::array<std::vector<Entry>, 256> byFirstByte_;  // each list longest first
  size_t count_ = 0;
};

}  // namespace hocso::tts
