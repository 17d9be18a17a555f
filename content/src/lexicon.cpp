// lexicon.toml → Lexicon, every problem at its file:line; and the written
// Vietnamese syllable test (initial + rhyme + tone) used to check `say`.
#include "content/lexicon.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <map>
#include <set>

#include "base/toml_guard.hpp"
#include "toml_source.hpp"

namespace hocso::content {
namespace {

// Precomposed vowels (NFC): the vowel without its tone, and the tone
// (1 huyền, 2 sắc, 3 hỏi, 4 ngã, 5 nặng; 0 none).
struct VowelForm {
  const char* letter;
  const char* base;
  int tone;
};
constexpr VowelForm kVowels[] = {
    {"à", "a", 1}, {"À", "a", 1}, {"á", "a", 2}, {"Á", "a", 2}, {"ả", "a", 3}, {"Ả", "a", 3}, {"ã", "a", 4},
    {"Ã", "a", 4}, {"ạ", "a", 5}, {"Ạ", "a", 5}, {"ă", "ă", 0}, {"Ă", "ă", 0}, {"ằ", "ă", 1}, {"Ằ", "ă", 1},
    {"ắ", "ă", 2}, {"Ắ", "ă", 2}, {"ẳ", "ă", 3}, {"Ẳ", "ă", 3}, {"ẵ", "ă", 4}, {"Ẵ", "ă", 4}, {"ặ", "ă", 5},
    {"Ặ", "ă", 5}, {"â", "â", 0}, {"Â", "â", 0}, {"ầ", "â", 1}, {"Ầ", "â", 1}, {"ấ", "â", 2}, {"Ấ", "â", 2},
    {"ẩ", "â", 3}, {"Ẩ", "â", 3}, {"ẫ", "â", 4}, {"Ẫ", "â", 4}, {"ậ", "â", 5}, {"Ậ", "â", 5}, {"è", "e", 1},
    {"È", "e", 1}, {"é", "e", 2}, {"É", "e", 2}, {"ẻ", "e", 3}, {"Ẻ", "e", 3}, {"ẽ", "e", 4}, {"Ẽ", "e", 4},
    {"ẹ", "e", 5}, {"Ẹ", "e", 5}, {"ê", "ê", 0}, {"Ê", "ê", 0}, {"ề", "ê", 1}, {"Ề", "ê", 1}, {"ế", "ê", 2},
    {"Ế", "ê", 2}, {"ể", "ê", 3}, {"Ể", "ê", 3}, {"ễ", "ê", 4}, {"Ễ", "ê", 4}, {"ệ", "ê", 5}, {"Ệ", "ê", 5},
    {"ì", "i", 1}, {"Ì", "i", 1}, {"í", "i", 2}, {"Í", "i", 2}, {"ỉ", "i", 3}, {"Ỉ", "i", 3}, {"ĩ", "i", 4},
    {"Ĩ", "i", 4}, {"ị", "i", 5}, {"Ị", "i", 5}, {"ò", "o", 1}, {"Ò", "o", 1}, {"ó", "o", 2}, {"Ó", "o", 2},
    {"ỏ", "o", 3}, {"Ỏ", "o", 3}, {"õ", "o", 4}, {"Õ", "o", 4}, {"ọ", "o", 5}, {"Ọ", "o", 5}, {"ô", "ô", 0},
    {"Ô", "ô", 0}, {"ồ", "ô", 1}, {"Ồ", "ô", 1}, {"ố", "ô", 2}, {"Ố", "ô", 2}, {"ổ", "ô", 3}, {"Ổ", "ô", 3},
    {"ỗ", "ô", 4}, {"Ỗ", "ô", 4}, {"ộ", "ô", 5}, {"Ộ", "ô", 5}, {"ơ", "ơ", 0}, {"Ơ", "ơ", 0}, {"ờ", "ơ", 1},
    {"Ờ", "ơ", 1}, {"ớ", "ơ", 2}, {"Ớ", "ơ", 2}, {"ở", "ơ", 3}, {"Ở", "ơ", 3}, {"ỡ", "ơ", 4}, {"Ỡ", "ơ", 4},
    {"ợ", "ơ", 5}, {"Ợ", "ơ", 5}, {"ù", "u", 1}, {"Ù", "u", 1}, {"ú", "u", 2}, {"Ú", "u", 2}, {"ủ", "u", 3},
    {"Ủ", "u", 3}, {"ũ", "u", 4}, {"Ũ", "u", 4}, {"ụ", "u", 5}, {"Ụ", "u", 5}, {"ư", "ư", 0}, {"Ư", "ư", 0},
    {"ừ", "ư", 1}, {"Ừ", "ư", 1}, {"ứ", "ư", 2}, {"Ứ", "ư", 2}, {"ử", "ư", 3}, {"Ử", "ư", 3}, {"ữ", "ư", 4},
    {"Ữ", "ư", 4}, {"ự", "ư", 5}, {"Ự", "ư", 5}, {"ỳ", "y", 1}, {"Ỳ", "y", 1}, {"ý", "y", 2}, {"Ý", "y", 2},
    {"ỷ", "y", 3}, {"Ỷ", "y", 3}, {"ỹ", "y", 4}, {"Ỹ", "y", 4}, {"ỵ", "y", 5}, {"Ỵ", "y", 5},
    {"đ", "đ", 0}, {"Đ", "đ", 0}};

// Initial consonants, longest first, then none.
constexpr const char* kInitials[] = {"ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", "b", "c",
                                     "d",   "đ",  "g",  "h",  "k",  "l",  "m",  "n",  "p",  "r",  "s",  "t", "v",
                                     "x",   ""};

const std::set<std::string>& rhymes() {
  static const std::set<std::string> all = {
      "a",    "e",    "ê",    "i",    "y",    "o",    "ô",    "ơ",    "u",    "ư",    "ai",   "ao",   "au",
      "ay",   "âu",   "ây",   "eo",   "êu",   "ia",   "iu",   "oa",   "oe",   "oi",   "ôi",   "ơi",   "ua",
      "uê",   "ui",   "uy",   "ưa",   "ưi",   "ưu",   "iêu",  "yêu",  "oai",  "oay",  "oao",  "oeo",  "uây",
      "uôi",  "ươi",  "ươu",  "uya",  "uyu",  "uơ",   "ac",   "ach",  "am",   "an",   "ang",  "anh",  "ap",
      "at",   "ăc",   "ăm",   "ăn",   "ăng",  "ăp",   "ăt",   "âc",   "âm",   "ân",   "âng",  "âp",   "ât",
      "ec",   "em",   "en",   "eng",  "ep",   "et",   "êch",  "êm",   "ên",   "ênh",  "êp",   "êt",   "ich",
      "im",   "in",   "inh",  "ip",   "it",   "oc",   "om",   "on",   "ong",  "op",   "ot",   "ooc",  "oong",
      "ôc",   "ôm",   "ôn",   "ông",  "ôp",   "ôt",   "ơm",   "ơn",   "ơp",   "ơt",   "uc",   "um",   "un",
      "ung",  "up",   "ut",   "ưc",   "ưng",  "ưt",   "ưm",   "ưn",   "iêc",  "iêm",  "iên",  "iêng", "iêp",
      "iêt",  "yêm",  "yên",  "yêt",  "uôc",  "uôm",  "uôn",  "uông", "uôt",  "ươc",  "ươm",  "ươn",  "ương",
      "ươp",  "ươt",  "oac",  "oach", "oam",  "oan",  "oang", "oanh", "oap",  "oat",  "oăc",  "oăm",  "oăn",
      "oăng", "oăt",  "oen",  "oep",  "oet",  "uân",  "uâng", "uât",  "uêch", "uênh", "uych", "uyn",  "uynh", "uyp",
      "uyt",  "uyên", "uyêt"};
  return all;
}

bool endsWith(const std::string& s, std::string_view tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

bool validRhyme(const std::string& rhyme, int tone) {
  if (!rhymes().count(rhyme)) return false;
  // A rhyme closed by a stop consonant takes only the sắc or nặng tone.
  const bool stop = endsWith(rhyme, "p") || endsWith(rhyme, "t") || endsWith(rhyme, "c") || endsWith(rhyme, "ch");
  return !stop || tone == 2 || tone == 5;
}

std::string asciiLower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

}  // namespace

bool isVietnameseSyllable(std::string_view word) {
  std::string base;
  int tone = 0, tones = 0;
  for (size_t i = 0; i < word.size();) {
    const char c = word[i];
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      if (c == 'f' || c == 'j' || c == 'w' || c == 'z' || c == 'F' || c == 'J' || c == 'W' || c == 'Z') return false;
      base += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
      ++i;
      continue;
    }
    const VowelForm* form = nullptr;
    for (const auto& v : kVowels)
      if (word.substr(i).rfind(v.letter, 0) == 0) {
        form = &v;
        break;
      }
    if (!form) return false;
    base += form->base;
    if (form->tone != 0) tone = form->tone, ++tones;
    i += std::string_view(form->letter).size();
  }
  if (base.empty() || tones > 1) return false;
  for (const char* initial : kInitials) {
    const std::string_view ini(initial);
    if (base.rfind(ini, 0) != 0) continue;
    const std::string rhyme = base.substr(ini.size());
    if (ini == "gi" && (rhyme.empty() || validRhyme("i" + rhyme, tone))) return true;  // gì, giếng
    if (validRhyme(rhyme, tone)) return true;
  }
  return false;
}

std::string lexiconKey(const LexiconEntry& entry) { return entry.match_case ? entry.text : asciiLower(entry.text); }

namespace {

// The fields of one [[word]]; unknown keys and wrong types are problems.
LexiconEntry readWordFields(const toml::table& t, int line, const std::string& file,
                            std::vector<SourceProblem>& problems) {
  LexiconEntry e;
  e.source_line = line;
  for (const auto& [k, v] : t) {
    const std::string key(k.str());
    if (key == "text" || key == "say" || key == "note") {
      if (!v.is_string()) {
        problems.push_back({file, lineOf(v), "'" + key + "' must be text in quotes"});
        continue;
      }
      std::string value = *v.value<std::string>();
      (key == "text" ? e.text : key == "say" ? e.say : e.note) = std::move(value);
    } else if (key == "match_case") {
      if (!v.is_boolean()) problems.push_back({file, lineOf(v), "'match_case' must be true or false"});
      else e.match_case = *v.value<bool>();
    } else {
      problems.push_back({file, lineOf(v), "unknown key '" + key +
                                               "' in a [[word]] (text, say, match_case and note are known; a typo?)"});
    }
  }
  return e;
}

bool blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

// `text`: present, not blank, no spaces at its ends and no line break. A
// `text` of the wrong type is already a problem.
void checkText(const toml::table& t, const LexiconEntry& e, int line, const std::string& file,
               std::vector<SourceProblem>& problems) {
  const toml::node* text = t.get("text");
  const int textLine = text ? lineOf(*text) : line;
  if (!text || !text->is_string() || blank(e.text)) {
    if (!text || text->is_string())
      problems.push_back({file, textLine, "a [[word]] needs a non-empty 'text' (the word as written in the course)"});
  } else if (e.text.front() == ' ' || e.text.back() == ' ' || e.text.find_first_of("\t\r\n") != std::string::npos) {
    problems.push_back({file, textLine, "'text' \"" + e.text + "\" has spaces at its ends or a line break"});
  }
}

// `say` is spoken as written: Vietnamese syllables only, so that it never
// goes through English rules itself.
void checkSay(const toml::table& t, const LexiconEntry& e, int line, const std::string& file,
              std::vector<SourceProblem>& problems) {
  const toml::node* say = t.get("say");
  const int sayLine = say ? lineOf(*say) : line;
  if (!say || !say->is_string() || blank(e.say)) {
    if (!say || say->is_string())
      problems.push_back({file, sayLine, "the [[word]] '" + e.text + "' needs a non-empty 'say' (how to say it)"});
    return;
  }
  std::string word;
  auto check = [&] {
    if (!word.empty() && !isVietnameseSyllable(word))
      problems.push_back({file, sayLine, "'say' of '" + e.text + "' must be Vietnamese syllables; '" + word +
                                             "' is not one (write it as it sounds, like \"oai phai\")"});
    word.clear();
  };
  for (char c : e.say) {
    if (c == ' ' || c == ',' || c == '-' || c == '.') check();
    else word += c;
  }
  check();
}

// Keys already seen (see lexiconKey), and the line of each: a case-blind
// entry clashes with any entry of the same letters, whatever their case.
struct SeenWords {
  std::map<std::string, int> exact, folded;
  std::map<std::string, bool> foldedBlind;  // folded key → some entry with it ignores case

  // The line of an earlier entry `e` clashes with; 0 if none.
  int clash(const LexiconEntry& e) {
    const std::string key = lexiconKey(e), low = asciiLower(e.text);
    int line = 0;
    if (auto it = exact.find(key); it != exact.end() && e.match_case) line = it->second;
    if (auto it = folded.find(low); it != folded.end() && (!e.match_case || foldedBlind[low])) line = it->second;
    return line;
  }

  void add(const LexiconEntry& e, int line) {
    const std::string low = asciiLower(e.text);
    exact.emplace(e.text, line);
    folded.emplace(low, line);
    foldedBlind[low] = foldedBlind[low] || !e.match_case;
  }
};

// The [[word]] list, or nullptr (problems recorded) when there is none to read.
const toml::array* wordList(const toml::table& parsed, const std::string& file, std::vector<SourceProblem>& problems) {
  for (const auto& [k, v] : parsed)
    if (k.str() != "word")
      problems.push_back({file, lineOf(v), "unknown key '" + std::string(k.str()) +
                                               "' in the lexicon (only [[word]] entries belong here)"});
  const toml::node* words = parsed.get("word");
  if (!words) return nullptr;  // an empty lexicon is allowed
  const toml::array* list = words->as_array();
  if (!list) problems.push_back({file, lineOf(*words), "'word' must be a list of [[word]] entries"});
  return list;
}

}  // namespace

Lexicon parseLexicon(std::string_view text, const std::string& file, std::vector<SourceProblem>& problems) {
  Lexicon out;
  const auto parsed = parseTomlSource(text, file, "malformed TOML", problems);
  if (!parsed) return out;
  const toml::array* list = wordList(*parsed, file, problems);
  if (!list) return out;
  SeenWords seen;
  for (const auto& node : *list) {
    const int line = lineOf(node);
    const toml::table* t = node.as_table();
    if (!t) {
      problems.push_back({file, line, "each [[word]] must be a table with text = \"...\" and say = \"...\""});
      continue;
    }
    const size_t before = problems.size();
    LexiconEntry e = readWordFields(*t, line, file, problems);
    checkText(*t, e, line, file, problems);
    checkSay(*t, e, line, file, problems);
    if (problems.size() != before) continue;
    if (const int clash = seen.clash(e)) {
      problems.push_back({file, line, "duplicate word '" + e.text + "' (also at line " + std::to_string(clash) +
                                          (e.match_case ? "" : "; without match_case, case is ignored") + ")"});
      continue;
    }
    seen.add(e, line);
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace hocso::content
