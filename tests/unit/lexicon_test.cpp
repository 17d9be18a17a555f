// The pack's pronunciation lexicon: lexicon.toml parsed and validated with
// file:line problems, the Vietnamese-syllable test, stored in the built pack
// (table `lexicon`) and read back; packs built before it still open.
#include <gtest/gtest.h>

#include <SQLiteCpp/Database.h>

#include "content/lexicon.hpp"
#include "content/loader.hpp"
#include "content/pack_file.hpp"
#include "pack_test_support.hpp"
#include "source_fixtures.hpp"

namespace hocso::content {
namespace {
namespace fs = std::filesystem;

std::vector<SourceProblem> problemsOf(const std::string& toml, Lexicon* out = nullptr) {
  std::vector<SourceProblem> problems;
  Lexicon lexicon = parseLexicon(toml, "lexicon.toml", problems);
  if (out) *out = lexicon;
  return problems;
}

// One [[word]] table: its text, its say (none when null), then `more` (more
// key lines, no newline at the end): 3 lines and those of `more`.
std::string word(const std::string& text, const char* say = nullptr, const std::string& more = "") {
  std::string t = "[[word]]\ntext = \"" + text + "\"\n";
  if (say) t += std::string("say = \"") + say + "\"\n";
  return t + test::linesOf(more);
}

std::string joined(const std::vector<SourceProblem>& problems) {
  std::string s;
  for (const auto& p : problems) s += p.str() + "\n";
  return s;
}

TEST(LexiconSyllable, VietnameseSyllables) {
  for (const char* w : {"thoại", "điện", "gì", "giếng", "quốc", "nghiêng", "khuya", "pin", "sim", "ai", "ây", "oai",
                        "phai", "Việt", "NGÂN", "hàng", "ô", "tê", "pê", "chấm", "ích", "xì", "dét", "uyển", "thuở"})
    EXPECT_TRUE(isVietnameseSyllable(w)) << w;
}

TEST(LexiconSyllable, NotVietnameseSyllables) {
  for (const char* w : {"link", "Zalo", "Wi", "Fi", "OTP", "QR", "video", "chat", "app", "web", "micrô", "urê",
                        "matkhau", "nganhang", "apk", "xyz", "email", "online", "đ", "b", "thoạii", "hoảã", "",
                        "3G", "vi-a", "gi3"})
    EXPECT_FALSE(isVietnameseSyllable(w)) << w;
}

TEST(LexiconParse, ReadsEntriesInOrder) {
  Lexicon lex;
  const auto problems = problemsOf(test::tomlTables({word("QR", "kiu a"),  // line 1
                                              word("AI", "ây ai", "match_case = true\nnote = \"trí tuệ nhân tạo\""),
                                              word(".apk", "chấm a pê ca")}),  // line 11
                                   &lex);
  ASSERT_TRUE(problems.empty()) << joined(problems);
  ASSERT_EQ(lex.size(), 3u);
  EXPECT_EQ(lex[0].text, "QR");
  EXPECT_EQ(lex[0].say, "kiu a");
  EXPECT_FALSE(lex[0].match_case);
  EXPECT_EQ(lex[0].source_line, 1);
  EXPECT_TRUE(lex[1].match_case);
  EXPECT_EQ(lex[1].note, "trí tuệ nhân tạo");
  EXPECT_EQ(lex[2].text, ".apk");
  EXPECT_EQ(lex[2].source_line, 11);
}

TEST(LexiconParse, AnEmptyLexiconIsFine) {
  EXPECT_TRUE(problemsOf("# nothing yet\n").empty());
}

TEST(LexiconParse, EveryProblemHasItsLine) {
  Lexicon lex;
  const auto problems = problemsOf(test::tomlTables({word("", "kiu a"),                                // lines 1-3
                                              word("OTP"),                                      // 5-6
                                              word("link", "linh"),                             // 8-10
                                              word("Link", "linh"),                             // 12-14
                                              word("Zalo", "Zalo"),                             // 16-18
                                              word("SIM ", "sim"),                              // 20-22
                                              word("VIP", "víp", "sai = \"typo\""),             // 24-27
                                              word("USB", "u ét bê", "match_case = \"yes\"")}),  // 29-32
                                   &lex);
  const std::string all = joined(problems);
  EXPECT_NE(all.find("lexicon.toml:2: a [[word]] needs a non-empty 'text'"), std::string::npos) << all;
  EXPECT_NE(all.find("lexicon.toml:5: the [[word]] 'OTP' needs a non-empty 'say'"), std::string::npos) << all;
  EXPECT_NE(all.find("lexicon.toml:12: duplicate word 'Link' (also at line 8; without match_case, case is ignored)"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("lexicon.toml:18: 'say' of 'Zalo' must be Vietnamese syllables; 'Zalo' is not one"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("lexicon.toml:21: 'text' \"SIM \" has spaces at its ends"), std::string::npos) << all;
  EXPECT_NE(all.find("lexicon.toml:27: unknown key 'sai'"), std::string::npos) << all;
  EXPECT_NE(all.find("lexicon.toml:32: 'match_case' must be true or false"), std::string::npos) << all;
  EXPECT_EQ(problems.size(), 7u) << all;
  ASSERT_EQ(lex.size(), 1u);  // only "link" is sound
  EXPECT_EQ(lex[0].text, "link");
}

TEST(LexiconParse, MatchCaseEntriesMayDifferInCaseOnly) {
  EXPECT_TRUE(problemsOf(word("AI", "ây ai", "match_case = true") +
                         word("Ai", "ai", "match_case = true"))
                  .empty());
  // A case-blind entry would also apply to the other's words: a clash, either order.
  auto p = problemsOf(word("AI", "ây ai", "match_case = true") +
                      word("ai", "ai"));
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].line, 5);
  p = problemsOf(word("ai", "ai") +
                 word("AI", "ây ai", "match_case = true"));
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].line, 4);
  p = problemsOf(word("AI", "ây ai", "match_case = true") +
                 word("AI", "ai", "match_case = true"));
  ASSERT_EQ(p.size(), 1u);
}

TEST(LexiconParse, MalformedTomlAndStrayKeys) {
  auto p = problemsOf("[[word]]\ntext = \"QR\nsay = \"kiu a\"\n");
  ASSERT_FALSE(p.empty());
  EXPECT_NE(p[0].message.find("malformed TOML"), std::string::npos);
  p = problemsOf("[[word]]\ntext = \"QR\"\nsay = kiu a\n");
  ASSERT_FALSE(p.empty());
  EXPECT_EQ(p[0].line, 3);
  p = problemsOf("version = 1\n[[word]]\ntext = \"QR\"\nsay = \"kiu a\"\n");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_NE(p[0].str().find("lexicon.toml:1: unknown key 'version'"), std::string::npos);
  p = problemsOf("word = \"QR\"\n");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].line, 1);
}

class LexiconPack : public test::StarterPackTest {};

TEST_F(LexiconPack, BuiltPackCarriesTheLexicon) {
  test::writeText(src / "lexicon.toml",
                  word("QR", "kiu a", "note = \"for people\"") +
                  word("AI", "ây ai", "match_case = true"));
  const fs::path out = dir.path() / "p.hocsopack";
  auto built = buildPackFile(src, out, keys.private_pem);
  ASSERT_TRUE(built) << built.error().message;
  auto opened = openPackFile(out, test::trust(keys));
  ASSERT_TRUE(opened) << opened.error().message;
  ASSERT_TRUE(opened->pack.lexicon);
  const Lexicon& lex = *opened->pack.lexicon;
  ASSERT_EQ(lex.size(), 2u);
  EXPECT_EQ(lex[0].text, "QR");
  EXPECT_EQ(lex[0].say, "kiu a");
  EXPECT_FALSE(lex[0].match_case);
  EXPECT_TRUE(lex[0].note.empty());  // notes stay in the sources
  EXPECT_EQ(lex[1].text, "AI");
  EXPECT_TRUE(lex[1].match_case);
  auto summary = inspectPackBytes(test::readText(out));
  ASSERT_TRUE(summary) << summary.error().message;
  EXPECT_EQ(summary->lexicon, 2);
  EXPECT_EQ(summary->format, 1);  // no format change: older kiosks read it and ignore the lexicon

  // A source folder opened by a developer has it too.
  auto fromSources = openPackSources(src);
  ASSERT_TRUE(fromSources) << fromSources.error().message;
  ASSERT_TRUE(fromSources->lexicon);
  EXPECT_EQ(fromSources->lexicon->size(), 2u);
}

TEST_F(LexiconPack, ABadLexiconStopsTheBuildWithFileAndLine) {
  test::writeText(src / "lexicon.toml", word("QR", "kiu a") + word("qr", "cu a"));
  std::vector<SourceProblem> problems;
  auto built = buildPackFile(src, dir.path() / "p.hocsopack", keys.private_pem, &problems);
  ASSERT_FALSE(built);
  ASSERT_EQ(problems.size(), 1u) << built.error().message;
  EXPECT_EQ(problems[0].file, (src / "lexicon.toml").string());
  EXPECT_EQ(problems[0].line, 4);
  EXPECT_NE(built.error().message.find("lexicon.toml:4: duplicate word 'qr'"), std::string::npos);
  EXPECT_FALSE(fs::exists(dir.path() / "p.hocsopack"));
}

TEST_F(LexiconPack, APackWithoutLexiconHasAnEmptyOne) {
  const fs::path out = dir.path() / "p.hocsopack";
  ASSERT_TRUE(buildPackFile(src, out, keys.private_pem));
  auto opened = openPackFile(out, test::trust(keys));
  ASSERT_TRUE(opened) << opened.error().message;
  ASSERT_TRUE(opened->pack.lexicon);
  EXPECT_TRUE(opened->pack.lexicon->empty());
}

TEST_F(LexiconPack, APackBuiltBeforeTheLexiconTableStillOpens) {
  // The same pack as an older HọcSố built it: no `lexicon` table at all.
  test::writeText(src / "lexicon.toml", word("QR", "kiu a"));
  auto pack = loadPackSources(src);
  ASSERT_TRUE(pack) << pack.error().message;
  auto store = compilePackStore(*pack, src);
  ASSERT_TRUE(store) << store.error().message;
  (*store)->exec("DROP TABLE lexicon");
  auto bytes = serializeStore(**store);
  ASSERT_TRUE(bytes) << bytes.error().message;
  auto signedBytes = signPack(std::move(*bytes), keys.private_pem);
  ASSERT_TRUE(signedBytes) << signedBytes.error().message;
  const fs::path out = dir.path() / "old.hocsopack";
  test::writeText(out, *signedBytes);
  auto opened = openPackFile(out, test::trust(keys));
  ASSERT_TRUE(opened) << opened.error().message;
  EXPECT_EQ(opened->pack.lessons.size(), pack->lessons.size());
  ASSERT_TRUE(opened->pack.lexicon);
  EXPECT_TRUE(opened->pack.lexicon->empty());
  auto summary = inspectPackBytes(*signedBytes);
  ASSERT_TRUE(summary) << summary.error().message;
  EXPECT_EQ(summary->lexicon, 0);
}

}  // namespace
}  // namespace hocso::content
