// Pack source validation against the framework: every authoring mistake is
// reported as "file:line: what is wrong" at the line that holds it.
#include <gtest/gtest.h>

#include <algorithm>

#include "base/toml_guard.hpp"
#include "content/framework.hpp"
#include "content/loader.hpp"
#include "pack_test_support.hpp"
#include "source_fixtures.hpp"

namespace hocso::content {
namespace {
namespace fs = std::filesystem;

using test::joinedLines;
using test::sourceProblemsOf;

void replaceIn(const fs::path& file, const std::string& from, const std::string& to) {
  std::string t = test::readText(file);
  const auto at = t.find(from);
  ASSERT_NE(at, std::string::npos) << from;
  t.replace(at, from.size(), to);
  test::writeText(file, t);
}

class PackValidation : public ::testing::Test {
 protected:
  test::TempDir dir;
  fs::path src = test::copyStarter(dir.path());
  fs::path lesson = src / "lessons" / "0" / "man-hinh-cam-ung.md";
  fs::path bank = src / "questions" / "g0.toml";

  // The sources' one problem (a test fails when there are none or more).
  std::string onlyProblem() {
    const auto p = sourceProblemsOf(src);
    EXPECT_EQ(p.size(), 1u) << joinedLines(p);
    return p.empty() ? std::string() : p.front();
  }
};

TEST_F(PackValidation, StarterAndCitizenPacksAreValid) {
  auto starter = loadPackSources(src);
  ASSERT_TRUE(starter) << starter.error().message;
  EXPECT_EQ(starter->framework.id, "qd757");
  auto citizen = loadPackSources(fs::path(HOCSO_TEST_SOURCE_DIR) / "content" / "packs" / "citizen");
  if (!citizen) GTEST_SKIP() << "content/packs/citizen is still being written:\n" << citizen.error().message;
}

TEST_F(PackValidation, UnknownCompetencyCodeInAQuestion) {
  replaceIn(bank, "competencies = [\"0.1\"]", "competencies = [\"0.9\"]");
  EXPECT_EQ(sourceProblemsOf(src), std::vector<std::string>{bank.string() + ":4: unknown competency code '0.9'"});
}

TEST_F(PackValidation, UnknownCompetencyCodeInALesson) {
  replaceIn(lesson, "competencies = [\"0.1\"]", "competencies = [\"0.1\", \"x.y\"]");
  EXPECT_EQ(sourceProblemsOf(src), std::vector<std::string>{lesson.string() + ":5: unknown competency code 'x.y'"});
}

TEST_F(PackValidation, UnknownSkillGroupInALesson) {
  replaceIn(lesson, "group = \"0\"", "group = \"9\"");
  EXPECT_EQ(onlyProblem(), lesson.string() + ":2: lesson 'l-0-1-cham-vuot' names unknown skill group '9'");
}

TEST_F(PackValidation, QuestionsWithoutACorrectAnswer) {
  const fs::path extra = src / "questions" / "zz.toml";
  test::writeText(
      extra,
      test::tomlTables(
          {test::questionToml("q-none-1", "multiple", {"0.1"}, "?", R"(options = [ { text = "a" }, { text = "b" } ])"),  // line 1
           test::questionToml("q-none-2", "true_false", {"0.1"}, "?"),  // line 9
           test::questionToml("q-none-3", "scenario", {"4.1"}, "?",     // line 16
                              "[question.screen]\nkind = \"phone\"\n"
                              R"(elements = [ { type = "text", text = "a" }, { type = "button", text = "b" } ])")}));
  auto p = sourceProblemsOf(src);
  ASSERT_EQ(p.size(), 3u) << joinedLines(p);
  EXPECT_EQ(p[0], extra.string() + ":1: question 'q-none-1' has no correct answer");
  EXPECT_EQ(p[1], extra.string() + ":9: true/false question 'q-none-2' has no correct answer ('answer = true' or false)");
  EXPECT_EQ(p[2], extra.string() + ":16: question 'q-none-3' has no correct answer");
}

TEST_F(PackValidation, MissingImages) {
  replaceIn(lesson, "## Vuốt để xem thêm\n", "## Vuốt để xem thêm\n![Màn hình dài](images/vuot.png)\n");
  test::writeText(src / "questions" / "zz.toml",
                  test::questionToml("q-img", "scenario", {"4.1"}, "?",
                                     "image = \"images/sms.png\"\n"
                                     R"(regions = [ { x = 0.1, y = 0.1, w = 0.5, h = 0.2, label = "link", correct = true } ])"));
  auto p = sourceProblemsOf(src);
  ASSERT_EQ(p.size(), 2u) << joinedLines(p);
  EXPECT_EQ(p[0], lesson.string() + ":21: image 'images/vuot.png' is missing");
  EXPECT_EQ(p[1], (src / "questions" / "zz.toml").string() + ":1: image 'images/sms.png' is missing");
  // Present files are accepted; pictures outside the pack are not.
  test::writeText(src / "images" / "vuot.png", "png");
  test::writeText(src / "images" / "sms.png", "png");
  EXPECT_TRUE(loadPackSources(src));
  replaceIn(lesson, "images/vuot.png", "../secret.png");
  p = sourceProblemsOf(src);
  ASSERT_EQ(p.size(), 1u) << joinedLines(p);
  EXPECT_NE(p[0].find(lesson.string() + ":21: picture '../secret.png' must be a path inside the pack"), std::string::npos) << p[0];
}

TEST_F(PackValidation, DuplicateIds) {
  fs::copy_file(lesson, src / "lessons" / "0" / "zz-copy.md");
  EXPECT_EQ(onlyProblem(), (src / "lessons" / "0" / "zz-copy.md").string() +
                               ":2: duplicate id 'l-0-1-cham-vuot' (also in " + lesson.string() + ")");
}

TEST_F(PackValidation, MalformedToml) {
  replaceIn(bank, "difficulty = 2\n", "difficulty = = 2\n");
  auto p = sourceProblemsOf(src);
  ASSERT_EQ(p.size(), 1u) << joinedLines(p);
  EXPECT_EQ(p[0].rfind(bank.string() + ":29: malformed TOML", 0), 0u) << p[0];
  test::writeText(src / "pack.toml", "id = \"x\"\nversion = \n");
  p = sourceProblemsOf(src);
  ASSERT_FALSE(p.empty());
  EXPECT_EQ(p[0].rfind((src / "pack.toml").string() + ":2: malformed TOML", 0), 0u) << p[0];
}

TEST_F(PackValidation, UnquotedVietnameseTextIsMalformedToml) {
  replaceIn(bank, "prompt = \"Bà Hoa", "prompt = Bà Hoa \"");
  EXPECT_EQ(onlyProblem(), bank.string() + ":7: malformed TOML: text with accents must be inside quotes, like title = \"Điện thoại\"");
}

TEST(TomlGuard, AccentsAreFineInStringsAndComments) {
  EXPECT_FALSE(bareNonAsciiLine(R"toml(# Nhóm 0
a = "Điện \" thoại" # ghi chú
b = 'tiền'
c = """
đa
dòng \""" """
d = '''
chữ'''
"khoá có dấu" = 1
)toml"));
  EXPECT_EQ(bareNonAsciiLine("a = 1\nb = điện\n"), 2);
  EXPECT_EQ(bareNonAsciiLine("a = \"\"\"x\n\"\"\"\nb = ô\n"), 3);
  EXPECT_EQ(bareNonAsciiLine("â"), 1);
  EXPECT_EQ(bareNonAsciiLine("a = \"x\\\"\" é"), 1);
}

TEST_F(PackValidation, MalformedFrontMatterNamesItsLine) {
  replaceIn(lesson, "order = 1\n", "order = \n");
  auto p = sourceProblemsOf(src);
  ASSERT_FALSE(p.empty());
  EXPECT_EQ(p[0].rfind(lesson.string() + ":6: malformed front matter", 0), 0u) << p[0];
}

TEST_F(PackValidation, MalformedMarkdown) {
  // An unfinished picture, an unclosed code block, no front matter, bad UTF-8.
  replaceIn(lesson, "## Tóm tắt\n", "## Tóm tắt\n![Ảnh thiếu ngoặc(images/a.png\n```\n");
  auto p = sourceProblemsOf(src);
  ASSERT_EQ(p.size(), 2u) << joinedLines(p);
  EXPECT_EQ(p[0], lesson.string() + ":37: a ``` code block is never closed");
  EXPECT_EQ(p[1], lesson.string() + ":36: unfinished picture: write ![caption](images/name.png) on one line");

  test::writeText(src / "lessons" / "0" / "plain.md", "# Chỉ có Markdown\n");
  test::writeText(src / "lessons" / "0" / "latin1.md", "+++\nid = \"l\"\n+++\nGo\xe0 \xe9t\n");
  fs::copy_file(test::starterPack() / "lessons" / "0" / "man-hinh-cam-ung.md", lesson, fs::copy_options::overwrite_existing);
  p = sourceProblemsOf(src);
  ASSERT_EQ(p.size(), 2u) << joinedLines(p);
  EXPECT_EQ(p[0], (src / "lessons" / "0" / "latin1.md").string() + ":4: the text is not valid UTF-8 (save the file as UTF-8)");
  EXPECT_EQ(p[1], (src / "lessons" / "0" / "plain.md").string() + ":1: a lesson must start with a '+++' front matter block");
}

TEST_F(PackValidation, BlueprintAskingForMoreQuestionsThanTheGroupHas) {
  // Without practice_only, the starter pack must satisfy the citizen exam.
  replaceIn(src / "pack.toml", "practice_only = true", "practice_only = false");
  auto p = sourceProblemsOf(src);
  ASSERT_EQ(p.size(), 7u) << joinedLines(p);  // groups 1..6 have no questions, group 0 none kept for exams
  EXPECT_NE(joinedLines(p).find("needs at least 30% of skill group 0's 5 questions kept for exams, but only 0 are"),
            std::string::npos) << joinedLines(p);
  const std::string where = (src / "pack.toml").string() + ":6: the 'citizen' exam (blueprint at ";
  EXPECT_EQ(p[0].rfind(where, 0), 0u) << p[0];
  EXPECT_NE(p[0].find("qd757.toml:"), std::string::npos) << p[0];
  EXPECT_NE(p[0].find("asks for 4 questions of skill group 1, but the pack has only 0"), std::string::npos) << p[0];

  // A framework whose blueprint wants 6 questions of group 0 (the pack has 5).
  auto fw = loadFramework(frameworkFile("qd757"));
  ASSERT_TRUE(fw) << fw.error().message;
  fw->blueprints["citizen"].questions = {{"0", 6}};
  fw->blueprints["citizen"].reserved_min_percent = 0;  // the count alone
  p = sourceProblemsOf(src, &*fw);
  ASSERT_EQ(p.size(), 1u) << joinedLines(p);
  EXPECT_NE(p[0].find("asks for 6 questions of skill group 0, but the pack has only 5"), std::string::npos) << p[0];
  fw->blueprints["citizen"].questions = {{"0", 5}};
  EXPECT_TRUE(loadPackSources(src, nullptr, &*fw));
}

TEST_F(PackValidation, UnknownFrameworkAndTargetGroup) {
  replaceIn(src / "pack.toml", "framework = \"qd757\"", "framework = \"qd999\"");
  auto p = sourceProblemsOf(src);
  ASSERT_EQ(p.size(), 1u) << joinedLines(p);
  EXPECT_EQ(p[0].rfind((src / "pack.toml").string() + ":7: unknown framework 'qd999'", 0), 0u) << p[0];
  replaceIn(src / "pack.toml", "framework = \"qd999\"", "framework = \"qd757\"");
  replaceIn(src / "pack.toml", "[\"citizen\"]", "[\"citizen\", \"farmer\"]");
  p = sourceProblemsOf(src);
  ASSERT_EQ(p.size(), 1u) << joinedLines(p);
  EXPECT_EQ(p[0], (src / "pack.toml").string() + ":6: unknown target group 'farmer' (framework 'qd757')");
}

}  // namespace
}  // namespace hocso::content
