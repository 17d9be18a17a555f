// The skills framework as data, and its exam blueprints overridden from the
// kiosk config ([exam.<target_group>]) without rebuilding anything.
#include <gtest/gtest.h>

#include <fstream>

#include "kiosk_config.hpp"
#include "content/framework.hpp"
#include "test_support.hpp"

namespace hocso::content {
namespace {

TEST(Framework, Qd757LoadsWithGroupsCompetenciesAndBlueprint) {
  auto fw = loadFramework(frameworkFile("qd757"));
  ASSERT_TRUE(fw) << fw.error().message;
  EXPECT_EQ(fw->id, "qd757");
  EXPECT_EQ(fw->groups.size(), 7u);
  ASSERT_NE(fw->findCompetency("4.2"), nullptr);
  EXPECT_EQ(fw->findCompetency("4.9"), nullptr);
  EXPECT_TRUE(fw->hasTargetGroup("civil_servant"));
  const Blueprint* bp = fw->blueprint("citizen");
  ASSERT_NE(bp, nullptr);
  EXPECT_EQ(bp->totalQuestions(), 30);
  EXPECT_EQ(bp->pass_percent, 70);
  EXPECT_EQ(bp->questions.at("4"), 6);
  EXPECT_NE(bp->origin.find("qd757.toml:"), std::string::npos);
}

TEST(Framework, ProblemsCarryTheirLine) {
  std::vector<SourceProblem> problems;
  auto fw = parseFramework(R"(id = "f"
version = "1"
title = "F"
[[group]]
code = "0"
title = "G"
competencies = [ { code = "1.1", title = "wrong group" } ]
[[target_group]]
code = "citizen"
title = "C"
[blueprint.citizen]
time_limit_minutes = 40
pass_percent = 170
group_min_percent = 50
questions = { "0" = 2, "7" = 1 }
)",
                           "f.toml", &problems);
  ASSERT_FALSE(fw);
  ASSERT_EQ(problems.size(), 3u) << fw.error().message;
  EXPECT_EQ(problems[0].str(), "f.toml:7: competency '1.1' does not start with its group code '0.'");
  EXPECT_EQ(problems[1].str(), "f.toml:13: 'pass_percent' must be between 0 and 100");
  EXPECT_EQ(problems[2].str(), "f.toml:15: blueprint 'citizen' names unknown group '7'");
}

TEST(ExamConfig, OverridesParseAndApplyOverTheFramework) {
  std::vector<ConfigWarning> warnings;
  auto c = parseConfig(R"([exam.citizen]
time_limit_minutes = 45
pass_percent = 80
questions = { "4" = 8, "6" = 0 }

[exam.farmer]
pass_percent = 50
)",
                       "hocso.toml", &warnings);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_TRUE(warnings.empty());
  ASSERT_EQ(c->exam.count("citizen"), 1u);
  EXPECT_EQ(c->exam["citizen"].pass_percent, 80);
  EXPECT_FALSE(c->exam["citizen"].group_min_percent.has_value());
  EXPECT_EQ(c->exam["citizen"].origin, "hocso.toml:1");

  auto fw = loadFramework(frameworkFile("qd757"));
  ASSERT_TRUE(fw);
  auto w = applyExamOverrides(*fw, *c);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_NE(w[0].find("hocso.toml:6: [exam.farmer]"), std::string::npos) << w[0];
  const Blueprint* bp = fw->blueprint("citizen");
  EXPECT_EQ(bp->time_limit_minutes, 45);
  EXPECT_EQ(bp->pass_percent, 80);
  EXPECT_EQ(bp->group_min_percent, 50);       // kept from the framework
  EXPECT_EQ(bp->questions.at("4"), 8);        // changed
  EXPECT_EQ(bp->questions.at("0"), 5);        // kept
  EXPECT_EQ(bp->questions.count("6"), 0u);    // 0 removes the group
  EXPECT_EQ(bp->origin, "hocso.toml:1");
}

TEST(ExamConfig, TheDocumentedExampleParses) {
  // deploy/config/hocso.example.toml shows [exam.citizen] commented out: uncommented, it must parse cleanly.
  std::ifstream in(std::filesystem::path(HOCSO_TEST_SOURCE_DIR) / "deploy" / "config" / "hocso.example.toml");
  std::string line, toml;
  bool inExam = false;
  while (std::getline(in, line)) {
    if (line.rfind("# [exam.", 0) == 0) inExam = true;
    if (inExam && line.rfind("# ", 0) == 0) toml += line.substr(2) + "\n";
    else if (inExam) break;
  }
  ASSERT_NE(toml.find("[exam.citizen]"), std::string::npos);
  std::vector<ConfigWarning> warnings;
  auto c = parseConfig(toml, "example", &warnings);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_TRUE(warnings.empty());
  EXPECT_EQ(c->exam["citizen"].questions.size(), 7u);
}

TEST(ExamConfig, WrongTypesAreErrorsAndUnknownKeysWarnings) {
  auto bad = parseConfig("[exam.citizen]\npass_percent = \"high\"\n", "hocso.toml", nullptr);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("hocso.toml:2: 'exam.citizen.pass_percent' must be an integer"), std::string::npos)
      << bad.error().message;
  bad = parseConfig("[exam.citizen]\nquestions = { \"0\" = \"five\" }\n", "hocso.toml", nullptr);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("'exam.citizen.questions' must be a table of whole numbers"), std::string::npos)
      << bad.error().message;
  EXPECT_FALSE(parseConfig("[exam.citizen]\npass_percent = 101\n", "t", nullptr));
  EXPECT_FALSE(parseConfig("[exam.citizen]\nquestions = { \"0\" = -1 }\n", "t", nullptr));

  std::vector<ConfigWarning> warnings;
  auto c = parseConfig("[exam.citizen]\npass_pecent = 80\n", "hocso.toml", &warnings);
  ASSERT_TRUE(c);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].message.find("hocso.toml:2: unknown key 'exam.citizen.pass_pecent'"), std::string::npos)
      << warnings[0].message;
}

}  // namespace
}  // namespace hocso::content
