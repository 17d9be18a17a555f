// Telex and VNI composition: letters with their marks, then the tone placed
// by the usual ("classic") rules: on the vowel carrying a mark (ơ in ươ);
// else on the last vowel when a consonant follows; else on the first of two
// vowels, the middle of three. "qu" and "gi" count as consonants.
#include "vietnamese_input.hpp"

#include <cctype>
#include <vector>

namespace hocso::input {
namespace {

enum Mod { None = 0, Circumflex, Breve, Horn, Stroke };
enum Tone { NoTone = 0, Acute, Grave, Hook, Tilde, Dot };

struct Letter {
  char base;    // lower-case ASCII letter, or any other character as typed
  bool upper;
  Mod mod = None;
};

bool isVowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y'; }

// Precomposed forms: [vowel][tone], lower then upper case.
const char* vowelRow(char base, Mod mod, bool upper) {
  struct Row { char base; Mod mod; const char* lower; const char* upper; };
  static const Row rows[] = {
      {'a', None, "a á à ả ã ạ", "A Á À Ả Ã Ạ"},       {'a', Breve, "ă ắ ằ ẳ ẵ ặ", "Ă Ắ Ằ Ẳ Ẵ Ặ"},
      {'a', Circumflex, "â ấ ầ ẩ ẫ ậ", "Â Ấ Ầ Ẩ Ẫ Ậ"}, {'e', None, "e é è ẻ ẽ ẹ", "E É È Ẻ Ẽ Ẹ"},
      {'e', Circumflex, "ê ế ề ể ễ ệ", "Ê Ế Ề Ể Ễ Ệ"}, {'i', None, "i í ì ỉ ĩ ị", "I Í Ì Ỉ Ĩ Ị"},
      {'o', None, "o ó ò ỏ õ ọ", "O Ó Ò Ỏ Õ Ọ"},       {'o', Circumflex, "ô ố ồ ổ ỗ ộ", "Ô Ố Ồ Ổ Ỗ Ộ"},
      {'o', Horn, "ơ ớ ờ ở ỡ ợ", "Ơ Ớ Ờ Ở Ỡ Ợ"},       {'u', None, "u ú ù ủ ũ ụ", "U Ú Ù Ủ Ũ Ụ"},
      {'u', Horn, "ư ứ ừ ử ữ ự", "Ư Ứ Ừ Ử Ữ Ự"},       {'y', None, "y ý ỳ ỷ ỹ ỵ", "Y Ý Ỳ Ỷ Ỹ Ỵ"},
  };
  for (const auto& r : rows)
    if (r.base == base && r.mod == mod) return upper ? r.upper : r.lower;
  return nullptr;
}

// The n-th space-separated entry of a row.
std::string entry(const char* row, int n) {
  std::string s(row);
  size_t start = 0;
  for (int i = 0; i < n; ++i) start = s.find(' ', start) + 1;
  const size_t end = s.find(' ', start);
  return s.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

bool canTake(const Letter& l, Mod m) {
  if (m == Circumflex) return l.base == 'a' || l.base == 'e' || l.base == 'o';
  if (m == Breve) return l.base == 'a';
  if (m == Horn) return l.base == 'o' || l.base == 'u';
  if (m == Stroke) return l.base == 'd';
  return false;
}

// Index range [first, last] of the vowel nucleus, skipping the u of "qu" and
// the i of "gi" when another vowel follows. -1 when there is none.
std::pair<int, int> nucleus(const std::vector<Letter>& w) {
  int first = -1, last = -1;
  for (int i = 0; i < static_cast<int>(w.size()); ++i) {
    if (!isVowel(w[static_cast<size_t>(i)].base)) {
      if (first >= 0) break;
      continue;
    }
    const bool nextIsVowel = i + 1 < static_cast<int>(w.size()) && isVowel(w[static_cast<size_t>(i + 1)].base);
    if (first < 0 && i > 0 && nextIsVowel &&
        ((w[static_cast<size_t>(i)].base == 'u' && w[static_cast<size_t>(i - 1)].base == 'q') ||
         (w[static_cast<size_t>(i)].base == 'i' && w[static_cast<size_t>(i - 1)].base == 'g' && i == 1)))
      continue;
    if (first < 0) first = i;
    last = i;
  }
  return {first, last};
}

int tonePosition(const std::vector<Letter>& w) {
  auto [first, last] = nucleus(w);
  if (first < 0) return -1;
  for (int i = last; i >= first; --i)
    if (w[static_cast<size_t>(i)].mod == Circumflex || w[static_cast<size_t>(i)].mod == Breve ||
        w[static_cast<size_t>(i)].mod == Horn)
      return i;
  const bool consonantAfter = last + 1 < static_cast<int>(w.size());
  const int n = last - first + 1;
  if (consonantAfter || n == 1) return last;
  if (n == 2) return first;
  return first + 1;
}

// Applies a mark key to the word: returns false when it does not apply (the
// key is then a plain letter). Pressing the same mark again removes it.
bool applyMod(std::vector<Letter>& w, Mod m, char onlyBase, bool& undone) {
  undone = false;
  if (m == Stroke) {
    for (auto& l : w)
      if (l.base == 'd') {
        if (l.mod == Stroke) { l.mod = None; undone = true; } else { l.mod = Stroke; }
        return true;
      }
    return false;
  }
  // "uo" + horn → "ươ"
  if (m == Horn) {
    for (size_t i = 0; i + 1 < w.size(); ++i)
      if (w[i].base == 'u' && w[i + 1].base == 'o') {
        if (w[i].mod == Horn && w[i + 1].mod == Horn) {
          w[i].mod = w[i + 1].mod = None;
          undone = true;
        } else {
          w[i].mod = w[i + 1].mod = Horn;
        }
        return true;
      }
  }
  for (int i = static_cast<int>(w.size()) - 1; i >= 0; --i) {
    Letter& l = w[static_cast<size_t>(i)];
    if (!isVowel(l.base)) continue;
    if (onlyBase && l.base != onlyBase) continue;
    if (!canTake(l, m)) continue;
    if (l.mod == m) { l.mod = None; undone = true; } else { l.mod = m; }
    return true;
  }
  return false;
}

}  // namespace

std::string composeWord(const std::string& raw, Method method) {
  std::vector<Letter> w;
  Tone tone = NoTone;
  for (char rc : raw) {
    const unsigned char uc = static_cast<unsigned char>(rc);
    const char c = static_cast<char>(std::tolower(uc));
    const bool upper = std::isupper(uc) != 0;
    const bool hasVowel = nucleus(w).first >= 0;
    auto literal = [&] { w.push_back({c, upper}); };
    auto setTone = [&](Tone t) {
      if (!hasVowel) return false;
      if (tone == t) {  // pressed twice: take the tone off and type the key
        tone = NoTone;
        literal();
      } else {
        tone = t;
      }
      return true;
    };
    bool undone = false;
    if (method == Method::Telex) {
      Tone t = c == 's' ? Acute : c == 'f' ? Grave : c == 'r' ? Hook : c == 'x' ? Tilde : c == 'j' ? Dot : NoTone;
      if (t != NoTone && setTone(t)) continue;
      if (c == 'z' && tone != NoTone) { tone = NoTone; continue; }
      if ((c == 'a' || c == 'e' || c == 'o') && !w.empty()) {
        if (applyMod(w, Circumflex, c, undone)) { if (undone) literal(); continue; }
      }
      if (c == 'w' && applyMod(w, Breve, 0, undone)) { if (undone) literal(); continue; }
      if (c == 'w' && applyMod(w, Horn, 0, undone)) { if (undone) literal(); continue; }
      if (c == 'd' && !w.empty() && w.back().base == 'd' && applyMod(w, Stroke, 0, undone)) {
        if (undone) literal();
        continue;
      }
    } else {
      static const Tone vniTones[] = {NoTone, Acute, Grave, Hook, Tilde, Dot};
      if (c >= '1' && c <= '5' && setTone(vniTones[c - '0'])) continue;
      if (c == '0' && tone != NoTone) { tone = NoTone; continue; }
      if (c == '6' && applyMod(w, Circumflex, 0, undone)) { if (undone) literal(); continue; }
      if (c == '7' && applyMod(w, Horn, 0, undone)) { if (undone) literal(); continue; }
      if (c == '8' && applyMod(w, Breve, 0, undone)) { if (undone) literal(); continue; }
      if (c == '9' && applyMod(w, Stroke, 0, undone)) { if (undone) literal(); continue; }
    }
    literal();
  }
  const int tonePos = tone == NoTone ? -1 : tonePosition(w);
  std::string out;
  for (int i = 0; i < static_cast<int>(w.size()); ++i) {
    const Letter& l = w[static_cast<size_t>(i)];
    if (l.base == 'd' && l.mod == Stroke) {
      out += l.upper ? "Đ" : "đ";
      continue;
    }
    if (const char* row = isVowel(l.base) ? vowelRow(l.base, l.mod, l.upper) : nullptr) {
      out += entry(row, i == tonePos ? static_cast<int>(tone) : 0);
      continue;
    }
    out += l.upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(l.base))) : l.base;
  }
  return out;
}

void Composer::key(char c) {
  const bool wordChar = std::isalnum(static_cast<unsigned char>(c)) != 0;
  if (wordChar) {
    raw_ += c;
    return;
  }
  committed_ += composeWord(raw_, method_);
  raw_.clear();
  committed_ += c;
}

void Composer::backspace() {
  if (!raw_.empty()) {
    raw_.pop_back();
    return;
  }
  // Remove the last UTF-8 character of the committed text.
  while (!committed_.empty()) {
    const unsigned char c = static_cast<unsigned char>(committed_.back());
    committed_.pop_back();
    if ((c & 0xC0) != 0x80) break;
  }
}

void Composer::clear() {
  committed_.clear();
  raw_.clear();
}

void Composer::setText(const std::string& text) {
  committed_ = text;
  raw_.clear();
}

}  // namespace hocso::input
