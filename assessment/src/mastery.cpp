// Mastery evaluation (pure) and the query that feeds it.
#include "assessment/mastery.hpp"

#include <SQLiteCpp/Statement.h>

#include <deque>
#include <map>

#include "sql_util.hpp"

namespace hocso::assessment {

std::optional<MasteryRule> MasteryRule::parse(const std::string& text) {
  int k = 0, n = 0;
  char slash = 0;
  if (std::sscanf(text.c_str(), "%d%c%d", &k, &slash, &n) != 3 || slash != '/' || k < 1 || n < k || n > 100)
    return std::nullopt;
  return MasteryRule{k, n};
}

std::vector<SkillGroupProgress> evaluateProgress(const content::Pack& pack, const std::vector<PracticeAnswer>& answers) {
  // Each competency's answers in order (a question may train several).
  std::map<std::string, std::vector<const PracticeAnswer*>> byCompetency;
  std::map<std::string, bool> hasContent;
  std::map<std::string, const content::Question*> questions;
  for (const auto& q : pack.questions) {
    questions[q.id] = &q;
    for (const auto& c : q.competencies) hasContent[c] = true;
  }
  for (const auto& a : answers) {
    auto it = questions.find(a.question_id);
    if (it == questions.end()) continue;  // a question no longer in the pack
    for (const auto& c : it->second->competencies) byCompetency[c].push_back(&a);
  }
  std::vector<SkillGroupProgress> out;
  for (const auto& g : pack.framework.groups) {
    SkillGroupProgress gp{g.code, g.title, {}, 0, 0};
    for (const auto& c : g.competencies) {
      CompetencyProgress cp;
      cp.code = c.code;
      cp.title = c.title;
      cp.group = g.code;
      cp.has_content = hasContent.count(c.code) > 0;
      const auto& seq = byCompetency[c.code];
      cp.answered = static_cast<int>(seq.size());
      for (size_t i = 0; i < seq.size(); ++i) {
        const MasteryRule& rule = seq[i]->rule;  // judged by its own attempt's rule
        const size_t from = i + 1 >= static_cast<size_t>(rule.n) ? i + 1 - static_cast<size_t>(rule.n) : 0;
        int correct = 0;
        for (size_t j = from; j <= i; ++j) correct += seq[j]->correct;
        if (!cp.mastered && correct >= rule.k) {
          cp.mastered = true;
          cp.mastered_at = seq[i]->answered_at;
          cp.mastered_rule = rule.str();
        }
        if (i + 1 == seq.size()) {
          cp.recent_correct = correct;
          cp.recent_window = static_cast<int>(i + 1 - from);
        }
      }
      if (cp.has_content) {
        ++gp.total;
        gp.mastered += cp.mastered;
      }
      gp.competencies.push_back(cp);
    }
    out.push_back(std::move(gp));
  }
  return out;
}

std::optional<NextStep> weakestCompetency(const content::Pack& pack, const std::vector<SkillGroupProgress>& progress) {
  const CompetencyProgress* weakest = nullptr;
  const CompetencyProgress* firstUntried = nullptr;
  for (const auto& g : progress)
    for (const auto& c : g.competencies) {
      if (c.mastered || !c.has_content) continue;
      if (c.answered == 0) {
        if (!firstUntried) firstUntried = &c;
      } else if (!weakest || c.recentAccuracy() < weakest->recentAccuracy()) {
        weakest = &c;
      }
    }
  const CompetencyProgress* pick = weakest ? weakest : firstUntried;
  if (!pick) return std::nullopt;
  NextStep step{pick->code, pick->title, pick->group, weakest ? "not_mastered" : "never_practised",
                pick->recentAccuracy(), "", ""};
  for (const auto& l : pack.lessons) {
    if (std::find(l.competencies.begin(), l.competencies.end(), pick->code) != l.competencies.end() &&
        !pack.questionsForLesson(l.id).empty()) {
      step.lesson_id = l.id;
      step.lesson_title = l.title;
      break;
    }
  }
  return step;
}

Result<std::vector<PracticeAnswer>> PracticeHistoryRepository::answers(const std::string& learner_id) {
  return guardedSql("reading practice answers failed", [&]() -> Result<std::vector<PracticeAnswer>> {
    SQLite::Statement q(db_,
                        "SELECT an.question_id, an.correct, an.answered_at, at.mastery_rule FROM answers an "
                        "JOIN attempts at ON at.id = an.attempt_id "
                        "WHERE at.learner_id IN (SELECT id FROM learner_group WHERE root = ?) AND at.kind = 'practice' "
                        "ORDER BY an.answered_at, at.rowid, an.position");
    q.bind(1, learner_id);
    return allRows(q, [](const SQLite::Statement& row) {
      PracticeAnswer a;
      std::optional<std::string> rule;
      readColumns(row, a.question_id, a.correct, a.answered_at, rule);
      // Attempts from before rules were stored were judged at 4 of 5.
      a.rule = rule ? MasteryRule::parse(*rule).value_or(kDefaultMasteryRule) : kDefaultMasteryRule;
      return a;
    });
  });
}

}  // namespace hocso::assessment
