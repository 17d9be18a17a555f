// Questions for some target groups only (`target_groups` in question banks):
// validation at file:line, the tag through a built pack (and old packs
// without it), the blueprint check per target group, and exam assembly on the
// default citizen pack, which holds the civil_servant / student / worker banks.
#include <gtest/gtest.h>

#include <SQLiteCpp/Database.h>

#include <map>
#include <set>

#include "assessment/exam.hpp"
#include "content/loader.hpp"
#include "content/pack_file.hpp"
#include "exam_support.hpp"
#include "pack_test_support.hpp"

namespace hocso {
namespace {
namespace fs = std::filesystem;
using content::Question;

using test::joinedLines;
using test::sourceProblemsOf;

// A bank of two true/false questions in group 0; `head` goes at the top of
// the file and `tag` into the first question (line 5 of the file when `head`
// is one line, the line given to the tests).
std::string bank(const std::string& head, const std::string& tag) {
  return head + "\n" +
         "[[question]]\n"
         "id = \"q-tg-1\"\n"
         "type = \"true_false\"\n" +
         tag + "\n" +
         "competencies = [\"0.1\"]\n"
         "prompt = \"Câu một\"\n"
         "explanation = \"Vì vậy.\"\n"
         "answer = true\n"
         "\n"
         "[[question]]\n"
         "id = \"q-tg-2\"\n"
         "type = \"true_false\"\n"
         "competencies = [\"0.1\"]\n"
         "prompt = \"Câu hai\"\n"
         "explanation = \"Vì vậy.\"\n"
         "answer = false\n";
}

class PackTargetGroups : public ::testing::Test {
 protected:
  test::TempDir dir;
  fs::path src = test::copyStarter(dir.path());
  fs::path extra = src / "questions" / "tg.toml";

  void setPackGroups(const std::string& list) {
    std::string t = test::readText(src / "pack.toml");
    const std::string from = "target_groups = [\"citizen\"]";
    const auto at = t.find(from);
    ASSERT_NE(at, std::string::npos);
    t.replace(at, from.size(), "target_groups = " + list);
    test::writeText(src / "pack.toml", t);
  }
};

TEST_F(PackTargetGroups, UnknownTargetGroupIsReportedAtItsLine) {
  test::writeText(extra, bank("# bank", "target_groups = [\"worker\", \"wroker\"]"));
  setPackGroups("[\"citizen\", \"worker\"]");
  const auto p = sourceProblemsOf(src);
  ASSERT_EQ(p.size(), 1u) << joinedLines(p);
  EXPECT_EQ(p[0], extra.string() +
                      ":5: question 'q-tg-1' names unknown target group 'wroker' (framework 'qd757' has citizen, "
                      "civil_servant, student, worker)");
}

TEST_F(PackTargetGroups, UnknownTargetGroupAsTheBankDefault) {
  test::writeText(extra, bank("target_groups = [\"workers\"]", "difficulty = 1"));
  const auto p = sourceProblemsOf(src);
  ASSERT_EQ(p.size(), 2u) << joinedLines(p);  // both questions inherit it
  EXPECT_EQ(p[0].rfind(extra.string() + ":1: question 'q-tg-1' names unknown target group 'workers'", 0), 0u) << p[0];
  EXPECT_EQ(p[1].rfind(extra.string() + ":1: question 'q-tg-2' names unknown target group 'workers'", 0), 0u) << p[1];
}

TEST_F(PackTargetGroups, AGroupThePackDoesNotListIsReported) {
  test::writeText(extra, bank("# bank", "target_groups = [\"student\"]"));
  const auto p = sourceProblemsOf(src);
  ASSERT_EQ(p.size(), 1u) << joinedLines(p);
  EXPECT_EQ(p[0].rfind(extra.string() + ":5: question 'q-tg-1' is for target group 'student', which is not in "
                                        "pack.toml's target_groups",
                       0),
            0u)
      << p[0];
}

TEST_F(PackTargetGroups, MisspelledOrEmptyKeysCannotBeMissed) {
  test::writeText(extra, bank("target_group = [\"worker\"]", "targets_groups = [\"worker\"]"));
  auto p = sourceProblemsOf(src);
  ASSERT_EQ(p.size(), 2u) << joinedLines(p);
  EXPECT_EQ(p[0].rfind(extra.string() + ":1: unknown key 'target_group' in a question bank (a typo?", 0), 0u) << p[0];
  EXPECT_EQ(p[1], extra.string() + ":5: unknown key 'targets_groups' in question 'q-tg-1' (a typo?)");

  test::writeText(extra, bank("# bank", "target_groups = []"));
  p = sourceProblemsOf(src);
  ASSERT_EQ(p.size(), 1u) << joinedLines(p);
  EXPECT_EQ(p[0].rfind(extra.string() + ":5: 'target_groups' is empty", 0), 0u) << p[0];
}

TEST_F(PackTargetGroups, AQuestionsOwnListReplacesTheBankDefault) {
  test::writeText(extra, bank("target_groups = [\"worker\"]", "target_groups = [\"student\", \"worker\"]"));
  setPackGroups("[\"citizen\", \"student\", \"worker\"]");
  auto pack = content::loadPackSources(src);
  ASSERT_TRUE(pack) << pack.error().message;
  const Question* q1 = pack->findQuestion("q-tg-1");
  const Question* q2 = pack->findQuestion("q-tg-2");
  ASSERT_TRUE(q1 && q2);
  EXPECT_EQ(q1->target_groups, (std::vector<std::string>{"student", "worker"}));
  EXPECT_EQ(q2->target_groups, std::vector<std::string>{"worker"});
  EXPECT_TRUE(q2->servesTargetGroup("worker"));
  EXPECT_FALSE(q2->servesTargetGroup("citizen"));
  EXPECT_FALSE(q2->servesTargetGroup(""));
  EXPECT_TRUE(pack->findQuestion("q-0-s01")->servesTargetGroup("citizen"));
  EXPECT_TRUE(pack->findQuestion("q-0-s01")->servesTargetGroup("worker"));
}

TEST_F(PackTargetGroups, TheTagSurvivesABuiltPack) {
  test::writeText(extra, bank("target_groups = [\"worker\"]", "target_groups = [\"student\", \"worker\"]"));
  setPackGroups("[\"citizen\", \"student\", \"worker\"]");
  const auto keys = test::makeKeys(dir.path());
  const fs::path out = dir.path() / "tagged.hocsopack";
  auto built = content::buildPackFile(src, out, keys.private_pem);
  ASSERT_TRUE(built) << built.error().message;
  auto opened = content::openPackFile(out, test::trust(keys));
  ASSERT_TRUE(opened) << opened.error().message;
  auto sources = content::loadPackSources(src);
  ASSERT_TRUE(sources);
  ASSERT_EQ(opened->pack.questions.size(), sources->questions.size());
  for (size_t i = 0; i < sources->questions.size(); ++i)
    EXPECT_EQ(opened->pack.questions[i].target_groups, sources->questions[i].target_groups)
        << sources->questions[i].id;
  EXPECT_EQ(opened->pack.findQuestion("q-tg-2")->target_groups, std::vector<std::string>{"worker"});
  EXPECT_TRUE(opened->pack.findQuestion("q-0-s01")->target_groups.empty());
  auto summary = content::inspectPackBytes(test::readText(out));
  ASSERT_TRUE(summary);
  EXPECT_EQ(summary->format, 2) << "a reader must know the tags: an older kiosk refuses the pack";
}

TEST_F(PackTargetGroups, AFormat1PackWithoutTheColumnServesEveryone) {
  auto pack = content::loadPackSources(src);
  ASSERT_TRUE(pack) << pack.error().message;
  auto store = content::compilePackStore(*pack, src);
  ASSERT_TRUE(store) << store.error().message;
  // What a kiosk before target groups wrote: no column, format 1.
  (*store)->exec("ALTER TABLE questions DROP COLUMN target_groups");
  (*store)->exec("UPDATE pack_meta SET value = '1' WHERE key = 'format'");
  auto bytes = content::serializeStore(**store);
  ASSERT_TRUE(bytes);
  auto reopened = content::openStoreBytes(*bytes, false);
  ASSERT_TRUE(reopened);
  auto read = content::readPackStore(*reopened);
  ASSERT_TRUE(read) << read.error().message;
  ASSERT_EQ(read->questions.size(), pack->questions.size());
  for (const auto& q : read->questions) {
    EXPECT_TRUE(q.target_groups.empty()) << q.id;
    EXPECT_TRUE(q.servesTargetGroup("worker")) << q.id;
  }
}

// ---- the default citizen pack with the three groups' banks -----------------------

class ExamTargetGroups : public test::SharedCitizenKioskTest {};

bool startsWith(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

TEST_F(ExamTargetGroups, TheCitizenPackHoldsEveryGroupsBankTagged) {
  ASSERT_NE(ctx, nullptr);
  const auto& pack = ctx->pack;
  EXPECT_EQ(pack.info.target_groups, (std::vector<std::string>{"citizen", "civil_servant", "student", "worker"}));
  std::map<std::string, int> tagged;
  for (const auto& q : pack.questions) {
    const std::string want = startsWith(q.id, "civ-") ? "civil_servant"
                             : startsWith(q.id, "stu-") ? "student"
                             : startsWith(q.id, "wrk-") ? "worker"
                                                        : "";
    if (want.empty()) {
      EXPECT_TRUE(q.target_groups.empty()) << q.id;
    } else {
      EXPECT_EQ(q.target_groups, std::vector<std::string>{want}) << q.id;
      ++tagged[want];
    }
  }
  EXPECT_GT(tagged["civil_servant"], 0);
  EXPECT_GT(tagged["student"], 0);
  EXPECT_GT(tagged["worker"], 0);
  EXPECT_TRUE(content::checkBlueprints(pack, pack.framework, "pack.toml", 5).empty());
}

TEST_F(ExamTargetGroups, AWorkerExamDrawsUntaggedAndWorkerQuestionsAndMeetsTheBlueprint) {
  ASSERT_NE(ctx, nullptr);
  const auto& pack = ctx->pack;
  const content::Blueprint bp = *pack.framework.blueprint("worker");
  ASSERT_EQ(bp.target_group, "worker");
  int workerQuestions = 0;
  for (uint64_t seed = 1; seed <= 40; ++seed) {
    auto exam = assessment::assembleExam(pack, bp, seed, {});
    ASSERT_TRUE(exam) << exam.error().message;
    EXPECT_EQ(static_cast<int>(exam->size()), bp.totalQuestions());
    std::map<std::string, int> perGroup;
    std::set<std::string> unique;
    for (const auto& d : *exam) {
      const Question* q = pack.findQuestion(d.id);
      ASSERT_NE(q, nullptr) << d.id;
      EXPECT_TRUE(q->target_groups.empty() || q->target_groups == std::vector<std::string>{"worker"}) << d.id;
      EXPECT_FALSE(startsWith(d.id, "civ-") || startsWith(d.id, "stu-")) << d.id;
      EXPECT_EQ(q->group(), d.group);
      workerQuestions += startsWith(d.id, "wrk-");
      ++perGroup[d.group];
      unique.insert(d.id);
    }
    EXPECT_EQ(perGroup, bp.questions) << "seed " << seed;
    EXPECT_EQ(unique.size(), exam->size()) << "a question repeated (seed " << seed << ")";
  }
  EXPECT_GT(workerQuestions, 0) << "the worker bank is never drawn";
}

TEST_F(ExamTargetGroups, ACitizenExamNeverGetsAnotherGroupsQuestions) {
  ASSERT_NE(ctx, nullptr);
  const auto& pack = ctx->pack;
  const content::Blueprint bp = *pack.framework.blueprint("citizen");
  // Structurally: no prefixed question serves citizens...
  for (const auto& q : pack.questions) {
    if (startsWith(q.id, "civ-") || startsWith(q.id, "stu-") || startsWith(q.id, "wrk-")) {
      EXPECT_FALSE(q.servesTargetGroup("citizen")) << q.id;
    }
  }
  // ...and in practice, over many draws (also when the untagged ones were all just seen).
  std::set<std::string> allUntagged;
  for (const auto& q : pack.questions)
    if (q.target_groups.empty()) allUntagged.insert(q.id);
  for (uint64_t seed = 1; seed <= 200; ++seed) {
    auto exam = assessment::assembleExam(pack, bp, seed, seed % 2 ? std::set<std::string>{} : allUntagged);
    ASSERT_TRUE(exam) << exam.error().message;
    for (const auto& d : *exam)
      EXPECT_FALSE(startsWith(d.id, "civ-") || startsWith(d.id, "stu-") || startsWith(d.id, "wrk-"))
          << d.id << " (seed " << seed << ")";
  }
}

TEST_F(ExamTargetGroups, TheBlueprintCheckCountsOnlyTheQuestionsServingEachGroup) {
  ASSERT_NE(ctx, nullptr);
  content::Pack pack = ctx->pack;
  // Without untagged questions of skill group 5 the other groups' exams still
  // draw from their own banks (worker 6 of 13, civil_servant 3 of 7, student
  // 2 of 5); the citizen exam has none.
  std::erase_if(pack.questions, [](const Question& q) { return q.group() == "5" && q.target_groups.empty(); });
  const auto problems = content::checkBlueprints(pack, pack.framework, "pack.toml", 5);
  std::set<std::string> failing;
  for (const auto& p : problems) {
    EXPECT_NE(p.message.find("questions of skill group 5"), std::string::npos) << p.message;
    for (const char* tg : {"citizen", "civil_servant", "student", "worker"})
      if (p.message.find(std::string("the '") + tg + "' exam") != std::string::npos) failing.insert(tg);
  }
  EXPECT_EQ(failing, std::set<std::string>{"citizen"});
  for (const auto& p : problems) {
    if (p.message.find("'citizen' exam") != std::string::npos) {
      EXPECT_NE(p.message.find("but the pack has only 0 (untagged or tagged 'citizen')"), std::string::npos)
          << p.message;
    }
  }
  // And the exam for a group without enough questions says which group.
  content::Blueprint bp = *pack.framework.blueprint("citizen");
  auto exam = assessment::assembleExam(pack, bp, 1, {});
  ASSERT_FALSE(exam);
  EXPECT_NE(exam.error().message.find("skill group 5 for citizen"), std::string::npos) << exam.error().message;
}

}  // namespace
}  // namespace hocso
