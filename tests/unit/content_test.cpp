// Pack sources: the starter pack loads; authoring mistakes are reported with
// file and line; lesson Markdown becomes blocks.
#include <gtest/gtest.h>

#include <fstream>

#include "content/loader.hpp"
#include "content/markdown.hpp"
#include "source_fixtures.hpp"
#include "test_support.hpp"

namespace hocso::content {
namespace {

TEST(PackSources, StarterPackLoads) {
  auto pack = loadPackSources(test::starterPack());
  ASSERT_TRUE(pack) << pack.error().message;
  EXPECT_EQ(pack->info.id, "vn.hocso.starter");
  ASSERT_EQ(pack->lessons.size(), 1u);
  EXPECT_GE(pack->lessons[0].pages.size(), 3u);
  EXPECT_EQ(pack->questionsForLesson(pack->lessons[0].id).size(), 5u);
}

TEST(PackSources, QuestionWithoutCorrectAnswerIsReportedWithLine) {
  std::vector<SourceProblem> problems;
  std::vector<Question> qs;
  parseQuestions(test::questionToml("q1", "single", {"0.1"}, "?", R"(options = [ { text = "a" }, { text = "b" } ])"),
                 "g0.toml", qs, problems);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].str(), "g0.toml:1: question 'q1' has no correct answer");
}

TEST(PackSources, MalformedTomlIsReportedWithLine) {
  std::vector<SourceProblem> problems;
  std::vector<Question> qs;
  parseQuestions("[[question]]\nid = \"q1\"\ntype = \n", "g1.toml", qs, problems);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].file, "g1.toml");
  EXPECT_EQ(problems[0].line, 3);
  EXPECT_NE(problems[0].message.find("malformed TOML"), std::string::npos);
}

TEST(PackSources, LessonPagesSplitAtLevelTwoHeadings) {
  std::vector<SourceProblem> problems;
  auto l = parseLesson("+++\nid = \"l1\"\ntitle = \"T\"\ngroup = \"0\"\ncompetencies = [\"0.1\"]\n+++\nGoal line.\n\n## One\nA\n## Two\nB\n",
                       "l1.md", problems);
  ASSERT_TRUE(l);
  EXPECT_TRUE(problems.empty());
  EXPECT_EQ(l->goal, "Goal line.");
  ASSERT_EQ(l->pages.size(), 2u);
  EXPECT_EQ(l->pages[1].title, "Two");
  EXPECT_EQ(l->pages[1].markdown, "B\n");
}

TEST(PackSources, LessonWithoutFrontMatterIsRefused) {
  std::vector<SourceProblem> problems;
  EXPECT_FALSE(parseLesson("# Just markdown\n", "x.md", problems));
  ASSERT_FALSE(problems.empty());
  EXPECT_EQ(problems[0].line, 1);
}

TEST(PackSources, DuplicateIdsAndUnknownLessonsAreReported) {
  test::TempDir dir;
  std::filesystem::copy(test::starterPack(), dir.path(), std::filesystem::copy_options::recursive);
  std::ofstream(dir.path() / "questions" / "zz-extra.toml")
      << test::questionToml("q-0-s01", "true_false", {"0.1"}, "?", "lesson = \"no-such-lesson\"\nanswer = true");
  std::vector<SourceProblem> problems;
  auto pack = loadPackSources(dir.path(), &problems);
  ASSERT_FALSE(pack);
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_NE(problems[0].message.find("duplicate id 'q-0-s01'"), std::string::npos) << problems[0].str();
  EXPECT_EQ(problems[0].line, 1);
  EXPECT_NE(problems[1].message.find("unknown lesson 'no-such-lesson'"), std::string::npos) << problems[1].str();
}

TEST(Markdown, BlocksCarryListsCalloutsAndBold) {
  auto blocks = parseMarkdown("Chạm **nhẹ** thôi.\n\n1. Một\n2. Hai\n\n> **Lưu ý:** cẩn thận.\n\n> **Mẹo:** thử lại.\n");
  ASSERT_EQ(blocks.size(), 5u);
  EXPECT_EQ(blocks[0].kind, BlockKind::Paragraph);
  ASSERT_EQ(blocks[0].runs.size(), 3u);
  EXPECT_TRUE(blocks[0].runs[1].bold);
  EXPECT_EQ(blocks[0].runs[1].text, "nhẹ");
  EXPECT_EQ(blocks[1].kind, BlockKind::ListItem);
  EXPECT_TRUE(blocks[1].ordered);
  EXPECT_EQ(blocks[2].number, 2);
  EXPECT_EQ(blocks[3].kind, BlockKind::Callout);
  EXPECT_EQ(blocks[3].callout, "warning");
  EXPECT_EQ(blocks[4].callout, "tip");
}

}  // namespace
}  // namespace hocso::content
