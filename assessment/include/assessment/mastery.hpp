// Practice mastery per competency: "k of the last n practice answers
// correct". The rule is stored with each practice attempt, and every answer
// is judged by its own attempt's rule, so changing the rule later never
// rewrites what a learner already mastered.
#pragma once

#include <SQLiteCpp/Database.h>

#include <optional>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "content/model.hpp"

namespace hocso::assessment {

struct MasteryRule {
  int k = 4;   // correct answers needed ...
  int n = 5;   // ... among the last n answers to the competency's questions
  std::string str() const { return std::to_string(k) + "/" + std::to_string(n); }  // "4/5"
  static std::optional<MasteryRule> parse(const std::string& text);
};
inline const MasteryRule kDefaultMasteryRule{4, 5};

// One practice answer as mastery sees it.
struct PracticeAnswer {
  std::string question_id;
  bool correct = false;
  std::string answered_at;
  MasteryRule rule;        // the rule stored with the answer's attempt
};

struct CompetencyProgress {
  std::string code, title, group;
  int answered = 0;            // practice answers to its questions
  int recent_correct = 0;      // correct among the last `recent_window` answers
  int recent_window = 0;       // min(answered, n of the newest answer's rule)
  bool mastered = false;
  std::string mastered_at;     // when the answer that reached mastery was given
  std::string mastered_rule;   // the rule it was reached under ("4/5")
  bool has_content = false;    // the pack has questions for it
  double recentAccuracy() const { return recent_window ? double(recent_correct) / recent_window : 0.0; }
};

struct SkillGroupProgress {
  std::string code, title;
  std::vector<CompetencyProgress> competencies;
  int mastered = 0, total = 0;   // competencies (with content in the pack)
  double share() const { return total ? double(mastered) / total : 0.0; }
};

struct NextStep {
  std::string competency, title, group;
  std::string reason;          // "never_practised" | "not_mastered"
  double recent_accuracy = 0;
  std::string lesson_id, lesson_title;   // a lesson that teaches it (may be empty)
};

// Pure evaluation over the learner's practice answers in the order given.
std::vector<SkillGroupProgress> evaluateProgress(const content::Pack& pack,
                                                 const std::vector<PracticeAnswer>& answers);
// The weakest competency not yet mastered: the lowest recent accuracy among
// those practised, else the first never practised (framework order).
std::optional<NextStep> weakestCompetency(const content::Pack& pack, const std::vector<SkillGroupProgress>& progress);

class PracticeHistoryRepository {
 public:
  explicit PracticeHistoryRepository(SQLite::Database& db) : db_(db) {}
  // Every practice answer of the learner, oldest first, with its attempt's rule.
  Result<std::vector<PracticeAnswer>> answers(const std::string& learner_id);

 private:
  SQLite::Database& db_;
};

}  // namespace hocso::assessment
