// Every loanword and symbol of the citizen course is in its lexicon: the text
// the kiosk reads aloud (lesson pages as plain text, questions, options,
// mock-up screens) is passed through the pack's lexicon and digit rules, and
// what is left must be Vietnamese syllables, single letters or numbers.
// HOCSO_COURSE_DIR=<pack source folder> checks another copy of the course.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>

#include "content/lexicon.hpp"
#include "content/loader.hpp"
#include "content/markdown.hpp"
#include "pronunciation.hpp"

namespace hocso::content {
namespace {
namespace fs = std::filesystem;

// Written on purpose to be read as written, letter by letter or as sounds,
// never as a word: reviewed one by one.
const std::map<std::string, std::string>& allowList() {
  static const std::map<std::string, std::string> words = {
      {"Tr", "the start of the example password “Tr@u7Cay!Ruong” (lesson 4/02): spelled as written"},
      {"ee", "Telex keystrokes (“ee” gives “ê”), read as the letters typed"},
      {"Vieejt", "Telex keystrokes for “Việt”, read as the letters typed"},
      {"Viêt", "a wrongly accented “Việt” that the question asks the learner to spot"},
      {"Viẹt", "a wrongly accented “Việt” that the question asks the learner to spot"},
  };
  return words;
}

fs::path courseDir() {
  if (const char* dir = std::getenv("HOCSO_COURSE_DIR"); dir && *dir) return dir;
  return fs::path(HOCSO_TEST_SOURCE_DIR) / "content" / "packs" / "citizen";
}

struct SpokenText {
  std::string where;  // lesson or question id
  std::string text;
};

// What the kiosk reads aloud, as the screens put it together.
std::vector<SpokenText> courseTexts(const Pack& pack) {
  std::vector<SpokenText> out;
  for (const auto& l : pack.lessons) {
    out.push_back({l.id, l.title});
    out.push_back({l.id, l.goal});
    for (const auto& p : l.pages) {
      out.push_back({l.id, p.title});
      for (const auto& b : parseMarkdown(p.markdown)) out.push_back({l.id, b.plainText()});
    }
  }
  for (const auto& q : pack.questions) {
    for (const auto* t : {&q.prompt, &q.explanation, &q.screen_title}) out.push_back({q.id, *t});
    for (const auto& o : q.options) out.push_back({q.id, o.text});
    for (const auto& i : q.items) out.push_back({q.id, i});
    for (const auto& p : q.pairs) out.push_back({q.id, p.left + " " + p.right});
    for (const auto& t : q.targets) out.push_back({q.id, t.text});
  }
  return out;
}

bool isLetter(char32_t cp) {
  return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) ||
         (cp >= 0x1E00 && cp <= 0x1EFF) || (cp >= 0x300 && cp <= 0x36F);
}

// Symbols espeak-ng reads in English or skips, so the lexicon must say them.
bool isSymbol(char32_t cp) {
  static const std::u32string symbols = U"@%+=_&#$~^<>|\\`*€";
  return symbols.find(cp) != std::u32string::npos;
}

// Splits UTF-8 into code points (broken bytes become U+FFFD).
std::vector<std::pair<char32_t, size_t>> codePoints(const std::string& s) {
  std::vector<std::pair<char32_t, size_t>> out;
  for (size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    const size_t len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 1;
    char32_t cp = len == 1 ? (b < 0x80 ? b : 0xFFFD) : b & (0x7F >> len);
    for (size_t k = 1; k < len && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    out.push_back({cp, i});
    i += len;
  }
  return out;
}

bool allAsciiCapitals(const std::string& w) {
  return w.size() >= 2 && std::all_of(w.begin(), w.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

// A word espeak-ng's Vietnamese voice says right without help: one written
// syllable (not an all-capitals abbreviation like "SIM" or "AI") or a single letter.
bool saidRight(const std::string& word) {
  if (codePoints(word).size() == 1) return true;
  return isVietnameseSyllable(word) && !allAsciiCapitals(word);
}

// Every word and symbol left after the lexicon that espeak-ng would not say
// in Vietnamese, with where it was first seen.
std::map<std::string, std::string> unsaid(const Pack& pack) {
  const tts::Pronunciation pronunciation(pack.lexicon ? *pack.lexicon : Lexicon{});
  std::map<std::string, std::string> out;
  for (const auto& [where, text] : courseTexts(pack)) {
    const std::string spoken = pronunciation.apply(text);
    const auto cps = codePoints(spoken);
    auto note = [&](const std::string& what) {
      if (!out.count(what)) out[what] = where + ": " + text.substr(0, 160);
    };
    for (size_t i = 0; i < cps.size();) {
      if (isSymbol(cps[i].first)) {
        note(spoken.substr(cps[i].second, (i + 1 < cps.size() ? cps[i + 1].second : spoken.size()) - cps[i].second));
        ++i;
        continue;
      }
      if (!isLetter(cps[i].first)) {
        ++i;
        continue;
      }
      size_t j = i;
      while (j < cps.size() && isLetter(cps[j].first)) ++j;
      const size_t from = cps[i].second, to = j < cps.size() ? cps[j].second : spoken.size();
      const std::string word = spoken.substr(from, to - from);
      if (!saidRight(word) && !allowList().count(word)) note(word);
      i = j;
    }
  }
  return out;
}

TEST(CourseLexicon, EveryLoanwordAndSymbolOfTheCourseIsInTheLexicon) {
  std::vector<SourceProblem> problems;
  auto pack = loadPackSources(courseDir(), &problems);
  ASSERT_TRUE(pack) << pack.error().message;
  ASSERT_TRUE(pack->lexicon) << courseDir() << " has no lexicon.toml";
  const auto missing = unsaid(*pack);
  std::string report;
  for (const auto& [word, where] : missing) report += "  '" + word + "'  (" + where + ")\n";
  EXPECT_TRUE(missing.empty()) << missing.size()
                               << " words or symbols of the course would be read with English rules or skipped; add "
                                  "them to lexicon.toml (or, if they must be read as written, to the allow-list in "
                                  "this test with a reason):\n"
                               << report;
}

TEST(CourseLexicon, TheScanFindsWhatTheLexiconDoesNotCover) {
  // The check itself: without the lexicon, the course's loanwords are found.
  auto pack = loadPackSources(courseDir());
  ASSERT_TRUE(pack) << pack.error().message;
  pack->lexicon.reset();
  const auto missing = unsaid(*pack);
  for (const char* word : {"QR", "OTP", "link", "Zalo", "Wi", "Fi", "VNeID", "AI", "SIM"})
    EXPECT_TRUE(missing.count(word)) << word;
  // And what is not a loanword is never reported.
  for (const char* word : {"điện", "thoại", "Bạn", "gì", "a", "B"}) EXPECT_FALSE(missing.count(word)) << word;
}

TEST(CourseLexicon, EveryAllowListedWordIsStillInTheCourse) {
  // A stale exception would hide a word added later; keep the list exact.
  auto pack = loadPackSources(courseDir());
  ASSERT_TRUE(pack) << pack.error().message;
  std::set<std::string> seen;
  for (const auto& t : courseTexts(*pack))
    for (const auto& [word, why] : allowList())
      if (t.text.find(word) != std::string::npos) seen.insert(word);
  for (const auto& [word, why] : allowList()) EXPECT_TRUE(seen.count(word)) << word << " (" << why << ")";
}

}  // namespace
}  // namespace hocso::content
