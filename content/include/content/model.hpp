// The content model: what a pack holds (lessons, questions) as the kiosk and
// the exam see it, independent of how it was stored.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "content/framework.hpp"
#include "content/lexicon.hpp"

namespace SQLite {
class Database;
}

namespace hocso::content {

enum class QuestionType { Single, Multiple, TrueFalse, Ordering, Matching, Scenario };

const char* toString(QuestionType t);                       // "single", "true_false", ...
std::optional<QuestionType> questionTypeFromString(const std::string& s);

struct Option {
  std::string text;
  bool correct = false;
};

struct MatchPair {
  std::string left, right;
};

// One tappable part of a scenario: an element of a drawn mock-up screen, or
// a rectangle (0..1 coordinates) on a PNG picture.
struct ScenarioTarget {
  std::string type;     // header, text, bubble, link, button, input, image; "region" for PNG regions
  std::string text;     // what the element says (or the region's label)
  bool correct = false;
  double x = 0, y = 0, w = 0, h = 0;  // PNG regions only
};

struct Question {
  std::string id;
  QuestionType type = QuestionType::Single;
  std::vector<std::string> competencies;
  int difficulty = 1;
  std::string lesson;        // optional lesson id
  bool exam_only = false;    // reserved for exams: practice never shows it
  std::string prompt;
  std::string explanation;
  std::vector<Option> options;          // single, multiple
  bool answer = false;                  // true_false
  std::vector<std::string> items;       // ordering, in the correct order
  std::vector<MatchPair> pairs;         // matching
  std::string screen_kind, screen_title, image;  // scenario
  std::vector<ScenarioTarget> targets;           // scenario
  int source_line = 0;                           // where it was written (validation messages)
  std::string source_file;                       // sources only; empty when read from a built pack
  int competencies_line = 0;                     // line of its 'competencies' (sources only)
  // The target groups (framework codes) it is written for; empty: every
  // target group. From its own 'target_groups', else its bank's default.
  std::vector<std::string> target_groups;
  int target_groups_line = 0;                    // where they were written (sources only)

  // Whether an exam for `target_group` may draw it: untagged questions serve
  // every target group, tagged ones only the groups they name.
  bool servesTargetGroup(const std::string& target_group) const;

  // Whether practice may show it: linked to a lesson and not exam_only.
  // The others are the reserved exam bank.
  bool inPractice() const { return !lesson.empty() && !exam_only; }

  // The skill group ("0".."6"): the part of the first competency code before the dot.
  std::string group() const;
};

struct LessonPage {
  std::string title;
  std::string markdown;
};

struct Lesson {
  std::string id;
  std::string title;
  std::string group;
  std::vector<std::string> competencies;
  int order = 0;
  int minutes = 0;
  std::string goal;                // the line before the first page
  std::vector<LessonPage> pages;
  std::string source_file;         // sources only: where it was written (validation messages)
  int source_line = 0;             // line of its 'id'
  int competencies_line = 0;       // line of its 'competencies'
};

struct PackInfo {
  std::string id;
  std::string version;
  std::string title;
  std::string language;
  std::vector<std::string> target_groups;
  std::string framework;
  std::string framework_version;
  std::string publisher;
  bool practice_only = false;      // no exam is drawn from it: blueprints are not checked
};

struct Pack {
  PackInfo info;
  std::vector<Lesson> lessons;      // sorted by group, then order
  std::vector<Question> questions;
  Framework framework;              // the framework it was validated against (+ config overrides)
  // The pack's SQLite store (lessons FTS index, images): the verified pack
  // file opened read-only in memory, or compiled in memory from sources.
  std::shared_ptr<SQLite::Database> store;
  // How the read-aloud says loanwords and symbols (lexicon.toml); null or
  // empty when the pack has none. Shared: read-aloud requests hold it.
  std::shared_ptr<const Lexicon> lexicon;

  const Lesson* findLesson(const std::string& id) const;
  const Question* findQuestion(const std::string& id) const;
  // The practice questions of a lesson (never an exam_only one).
  std::vector<const Question*> questionsForLesson(const std::string& lesson_id) const;
};

}  // namespace hocso::content
