// One question's answer area, shared by the practice quiz and the exam:
// choices, true/false, ordering with arrows, matching, and the drawn
// scenario mock-ups. It holds the learner's current response; after a
// practice check it shows which options were right (the exam never does).
#pragma once

#include <imgui.h>

#include <optional>
#include <string>
#include <vector>

#include "assessment/grading.hpp"
#include "content/model.hpp"
#include "matching.hpp"

namespace hocso::ui {

struct Platform;

class QuestionView {
 public:
  // Starts a question afresh, or from a response given before (exam resume).
  void reset(const content::Question& q, const std::optional<assessment::Response>& prior = std::nullopt);
  // Draws the answer area. With `revealed`, right options are marked and
  // nothing can change any more.
  // `platform`: the probe and the picture cache.
  void draw(Platform& platform, const content::Question& q, bool revealed, const content::Pack& pack);
  bool answered() const;
  // Something is chosen, even if the question is not whole yet (a matching
  // question with some of its pairs): what the exam keeps.
  bool started() const;
  // The learner has changed something since reset() (or a prior answer was loaded).
  bool touched() const { return touched_; }
  assessment::Response response() const;
  // What read-aloud says for this question: the prompt, then each option.
  static std::string spokenText(const content::Question& q);

 private:
  enum class Verdict { None, Right, WrongChoice };
  bool choiceButton(const std::string& text, bool selected, int id, bool square, Verdict verdict);
  Verdict verdictFor(bool correct, bool chosen) const;
  bool answerButton(const char* id, ImVec2 size, bool chosen, float borderSize, const ImVec4& border, Verdict verdict);
  // Matching: what each item is doing, in words, and the left items' verdicts.
  struct MatchTags {
    std::vector<std::string> left, right;
    std::vector<Verdict> verdict;
  };
  struct MatchLayout {
    MatchTags tags;
    float colW, gap;
  };
  void drawMatching(const content::Question& q);
  MatchTags matchTags(const content::Question& q) const;
  void drawMatchLeft(const content::Question& q, const MatchLayout& m, size_t i, float h);
  void drawMatchRight(const content::Question& q, const MatchLayout& m, size_t row, float h);
  void drawMatchingColumns(const content::Question& q, const MatchLayout& m, float avail);
  bool matchCell(const std::string& text, const std::string& tag, int badge, bool paired, bool waiting, Verdict verdict,
                 const std::string& id, float width, float height);
  static float matchCellHeight(const std::string& text, const std::string& tag, float width);
  void drawScenario(const content::Question& q);
  void drawPictureScenario(const content::Question& q, const content::Pack& pack);

  Platform* platform_ = nullptr;  // of the draw() under way
  content::QuestionType type_ = content::QuestionType::Single;
  bool revealed_ = false;
  bool touched_ = false;
  int choice_ = -1;
  std::vector<bool> multi_;
  std::vector<int> order_;
  MatchingPairs match_;
  std::vector<int> matchOrder_;  // display row -> right item
};

}  // namespace hocso::ui
