// The lexicon matcher and the digit rules of the read-aloud. Works on UTF-8
// bytes; "a letter" is an ASCII letter or digit or a Latin letter with marks
// (Vietnamese included), so "điện" is one word and "–" or "“" is not part of one.
#include "pronunciation.hpp"

#include <algorithm>
#include <cstring>

namespace hocso::tts {
namespace {

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
bool isDigit(char c) { return c >= '0' && c <= '9'; }

// The code point starting at `at` (U+FFFD for a broken sequence).
char32_t codePointAt(std::string_view s, size_t at) {
  const auto b = static_cast<unsigned char>(s[at]);
  if (b < 0x80) return b;
  const int len = (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
  if (len == 0 || at + static_cast<size_t>(len) > s.size()) return 0xFFFD;
  char32_t cp = b & (0x7F >> len);
  for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[at + static_cast<size_t>(k)]) & 0x3F);
  return cp;
}

// The code point that ends just before `at`.
char32_t codePointBefore(std::string_view s, size_t at) {
  size_t start = at - 1;
  while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
  return codePointAt(s, start);
}

// 1: a letter (ASCII, or Latin with marks as Vietnamese uses), 2: a digit, 0: anything else.
int charClass(char32_t cp) {
  if (cp >= '0' && cp <= '9') return 2;
  if (cp < 0x80) return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ? 1 : 0;
  return (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) || (cp >= 0x300 && cp <= 0x36F) ||
                 (cp >= 0x1E00 && cp <= 0x1EFF)
             ? 1
             : 0;
}

bool isWordChar(char32_t cp) { return charClass(cp) != 0; }

constexpr std::string_view kEnDash = "\xE2\x80\x93";  // –

// Whether the digit run [from, to) belongs to a written number: 10.000,
// 1/7/2024, 0,5, 13:45 (the separator touches another digit).
bool partOfNumber(std::string_view s, size_t from, size_t to) {
  auto sep = [](char c) { return c == '.' || c == ',' || c == '/' || c == ':'; };
  return (from >= 2 && sep(s[from - 1]) && isDigit(s[from - 2])) ||
         (to + 1 < s.size() && sep(s[to]) && isDigit(s[to + 1]));
}

size_t digitRunEnd(std::string_view s, size_t at) {
  while (at < s.size() && isDigit(s[at])) ++at;
  return at;
}

// A lone digit string that is a code, read digit by digit (see apply()).
bool isCode(std::string_view run) {
  if (run.size() >= 5) return true;
  if (run.size() >= 2 && run[0] == '0') return true;
  if (run.size() == 3 && run[0] == '1' && run[1] == '1') return true;  // 111-119
  if (run.size() == 4) {
    const int v = std::stoi(std::string(run));
    return v < 1800 || v > 2099;
  }
  return false;
}

// Adds `words` to `out` as separate words: a space before unless `out`
// already ends in a space or something that is not part of a word.
void appendWords(std::string& out, std::string_view words) {
  if (!out.empty() && out.back() != ' ' && isWordChar(codePointBefore(out, out.size()))) out += ' ';
  out += words;
}

}  // namespace

std::string spellDigits(std::string_view digits) {
  static constexpr const char* kWords[] = {"không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"};
  std::string out;
  for (char c : digits) {
    if (!isDigit(c)) continue;
    if (!out.empty()) out += ' ';
    out += kWords[c - '0'];
  }
  return out;
}

Pronunciation::Pronunciation(const content::Lexicon& lexicon) {
  for (const auto& e : lexicon) {
    if (e.text.empty() || e.say.empty()) continue;
    Entry entry;
    entry.match_case = e.match_case;
    entry.key = e.text;
    if (!e.match_case) std::transform(entry.key.begin(), entry.key.end(), entry.key.begin(), lower);
    entry.say = e.say;
    entry.first_class = charClass(codePointAt(e.text, 0));
    entry.last_class = charClass(codePointBefore(e.text, e.text.size()));
    byFirstByte_[static_cast<unsigned char>(lower(entry.key[0]))].push_back(std::move(entry));  // looked up case-blind
    ++count_;
  }
  for (auto& list : byFirstByte_)
    std::stable_sort(list.begin(), list.end(), [](const Entry& a, const Entry& b) {
      return a.key.size() != b.key.size() ? a.key.size() > b.key.size() : a.match_case > b.match_case;
    });
}

const Pronunciation::Entry* Pronunciation::match(std::string_view text, size_t at) const {
  for (const auto& e : byFirstByte_[static_cast<unsigned char>(lower(text[at]))]) {
    if (at + e.key.size() > text.size()) continue;
    bool same = true;
    for (size_t k = 0; same && k < e.key.size(); ++k)
      same = (e.match_case ? text[at + k] : lower(text[at + k])) == e.key[k];
    if (!same) continue;
    const size_t end = at + e.key.size();
    // Inside a word: a letter next to a letter, or a digit next to a digit.
    if (e.first_class != 0 && at > 0 && charClass(codePointBefore(text, at)) == e.first_class) continue;
    if (e.last_class != 0 && end < text.size() && charClass(codePointAt(text, end)) == e.last_class) continue;
    return &e;
  }
  return nullptr;
}

std::string Pronunciation::apply(std::string_view text) const {
  std::string out;
  out.reserve(text.size() + text.size() / 4);
  // After a replacement, a word that follows directly gets a space.
  auto spaceBeforeNext = [&](size_t next) {
    if (next < text.size() && isWordChar(codePointAt(text, next))) out += ' ';
  };
  size_t i = 0;
  while (i < text.size()) {
    if (const Entry* e = match(text, i)) {
      appendWords(out, e->say);
      i += e->key.size();
      spaceBeforeNext(i);
      continue;
    }
    if (isDigit(text[i]) && (i == 0 || !isDigit(text[i - 1]))) {
      const size_t end = digitRunEnd(text, i);
      if (!partOfNumber(text, i, end)) {
        // A phone number written in groups: 0912 345 678, 1900 1234.
        std::vector<std::string_view> groups{text.substr(i, end - i)};
        size_t groupsEnd = end, digits = end - i;
        while (groupsEnd + 1 < text.size() && text[groupsEnd] == ' ' && isDigit(text[groupsEnd + 1])) {
          const size_t next = digitRunEnd(text, groupsEnd + 1);
          if (partOfNumber(text, groupsEnd + 1, next) || (next < text.size() && isWordChar(codePointAt(text, next))))
            break;
          groups.push_back(text.substr(groupsEnd + 1, next - groupsEnd - 1));
          digits += next - groupsEnd - 1;
          groupsEnd = next;
        }
        if (groups.size() >= 2 && (digits >= 7 || groups[0][0] == '0')) {
          std::string spoken;
          for (const auto& g : groups) spoken += (spoken.empty() ? "" : ", ") + spellDigits(g);
          appendWords(out, spoken);
          i = groupsEnd;
          spaceBeforeNext(i);
          continue;
        }
        if (isCode(groups[0])) {
          appendWords(out, spellDigits(groups[0]));
          i = end;
          spaceBeforeNext(i);
          continue;
        }
      }
      out.append(text.substr(i, end - i));
      i = end;
      continue;
    }
    if (text.substr(i, kEnDash.size()) == kEnDash && i > 0 && isDigit(text[i - 1]) &&
        i + kEnDash.size() < text.size() && isDigit(text[i + kEnDash.size()])) {
      out += " đến ";
      i += kEnDash.size();
      continue;
    }
    out += text[i++];
  }
  return out;
}

}  // namespace hocso::tts
