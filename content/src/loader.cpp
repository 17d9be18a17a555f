// Pack sources → Pack. Every problem is collected with its file and line so
// an author can fix them all in one pass.
#include "content/loader.hpp"

#include <algorithm>
#include <optional>
#include <set>
#include <sstream>
#include <toml++/toml.h>

#include "base/files.hpp"
#include "base/toml_guard.hpp"
#include "toml_source.hpp"

namespace hocso::content {
namespace fs = std::filesystem;

namespace {

// A source file (Markdown, TOML) is text of a few kilobytes; far more is not one.
constexpr size_t kSourceFileLimit = 16 * kSmallFileLimit;

// The text of a source file, or nullopt with the reason recorded as a problem.
std::optional<std::string> readSource(const fs::path& p, std::vector<SourceProblem>& problems) {
  auto text = readFileBounded(p, kSourceFileLimit);
  if (!text) {
    problems.push_back({p.string(), 1, text.error().message});
    return std::nullopt;
  }
  return std::move(*text);
}

// Typed field access that records a problem instead of throwing.
struct Fields {
  const toml::table& t;
  const std::string& file;
  std::vector<SourceProblem>& problems;
  int line;

  std::string str(const char* key, bool required = true) {
    const toml::node* n = t.get(key);
    if (!n) {
      if (required) problems.push_back({file, line, std::string("missing '") + key + "'"});
      return "";
    }
    if (!n->is_string()) {
      problems.push_back({file, lineOf(*n), std::string("'") + key + "' must be text in quotes"});
      return "";
    }
    return *n->value<std::string>();
  }
  std::vector<std::string> strList(const char* key, bool required = true) {
    std::vector<std::string> out;
    const toml::node* n = t.get(key);
    if (!n) {
      if (required) problems.push_back({file, line, std::string("missing '") + key + "'"});
      return out;
    }
    const toml::array* a = n->as_array();
    if (!a) {
      problems.push_back({file, lineOf(*n), std::string("'") + key + "' must be a list like [\"a\", \"b\"]"});
      return out;
    }
    for (const auto& item : *a) {
      if (!item.is_string()) {
        problems.push_back({file, lineOf(item), std::string("'") + key + "' must hold only text"});
        continue;
      }
      out.push_back(*item.value<std::string>());
    }
    return out;
  }
  int integer(const char* key, int fallback) {
    const toml::node* n = t.get(key);
    if (!n) return fallback;
    if (!n->is_integer()) {
      problems.push_back({file, lineOf(*n), std::string("'") + key + "' must be a whole number"});
      return fallback;
    }
    return static_cast<int>(*n->value<int64_t>());
  }
  bool boolean(const char* key, bool fallback) {
    const toml::node* n = t.get(key);
    if (!n) return fallback;
    if (!n->is_boolean()) {
      problems.push_back({file, lineOf(*n), std::string("'") + key + "' must be true or false"});
      return fallback;
    }
    return *n->value<bool>();
  }
};

void parseTargets(const toml::table& q, Question& out, const std::string& file, int line,
                  std::vector<SourceProblem>& problems) {
  if (const toml::table* screen = q["screen"].as_table()) {
    Fields f{*screen, file, problems, lineOf(*screen)};
    out.screen_kind = f.str("kind", false);
    if (out.screen_kind.empty()) out.screen_kind = "phone";
    if (out.screen_kind != "phone" && out.screen_kind != "computer")
      problems.push_back({file, lineOf(*screen), "screen kind must be \"phone\" or \"computer\""});
    out.screen_title = f.str("title", false);
    const toml::array* els = (*screen)["elements"].as_array();
    if (!els || els->empty()) {
      problems.push_back({file, lineOf(*screen), "a scenario screen needs 'elements'"});
      return;
    }
    static const std::set<std::string> kinds = {"header", "text", "bubble", "link", "button", "input", "image"};
    for (const auto& el : *els) {
      const toml::table* et = el.as_table();
      if (!et) {
        problems.push_back({file, lineOf(el), "each element must be { type = ..., text = ... }"});
        continue;
      }
      Fields ef{*et, file, problems, lineOf(el)};
      ScenarioTarget t;
      t.type = ef.str("type");
      t.text = ef.str("text");
      t.correct = ef.boolean("correct", false);
      if (!t.type.empty() && !kinds.count(t.type))
        problems.push_back({file, lineOf(el), "unknown element type '" + t.type + "'"});
      out.targets.push_back(t);
    }
    return;
  }
  Fields f{q, file, problems, line};
  out.image = f.str("image", false);
  const toml::array* regions = q["regions"].as_array();
  if (out.image.empty() || !regions) {
    problems.push_back({file, line, "a scenario needs either [question.screen] or 'image' with 'regions'"});
    return;
  }
  for (const auto& r : *regions) {
    const toml::table* rt = r.as_table();
    if (!rt) {
      problems.push_back({file, lineOf(r), "each region must be { x, y, w, h, label }"});
      continue;
    }
    ScenarioTarget t;
    t.type = "region";
    Fields rf{*rt, file, problems, lineOf(r)};
    t.text = rf.str("label");
    t.correct = rf.boolean("correct", false);
    auto num = [&](const char* k) {
      const toml::node* n = rt->get(k);
      if (!n || !(n->is_number())) {
        problems.push_back({file, lineOf(r), std::string("region needs a number '") + k + "' between 0 and 1"});
        return 0.0;
      }
      double v = n->is_integer() ? static_cast<double>(*n->value<int64_t>()) : *n->value<double>();
      if (v < 0 || v > 1) problems.push_back({file, lineOf(r), std::string("region '") + k + "' must be between 0 and 1"});
      return v;
    };
    t.x = num("x"), t.y = num("y"), t.w = num("w"), t.h = num("h");
    out.targets.push_back(t);
  }
}

// A `target_groups` list (of a question or a bank): codes, no repeats. An
// empty list is refused: leaving the key out already means every group.
std::vector<std::string> targetGroupList(Fields& f, int line) {
  std::vector<std::string> out;
  for (auto& code : f.strList("target_groups")) {
    if (code.empty()) {
      f.problems.push_back({f.file, line, "'target_groups' holds an empty code"});
      continue;
    }
    if (std::find(out.begin(), out.end(), code) == out.end()) out.push_back(std::move(code));
  }
  if (out.empty() && f.t.get("target_groups") && f.t.get("target_groups")->is_array())
    f.problems.push_back({f.file, line, "'target_groups' is empty: leave it out for a question that serves every "
                                        "target group"});
  return out;
}

void checkAnswerable(const Question& q, const std::string& file, int line, std::vector<SourceProblem>& problems) {
  auto correctCount = [](const auto& v) {
    return std::count_if(v.begin(), v.end(), [](const auto& o) { return o.correct; });
  };
  switch (q.type) {
    case QuestionType::Single:
      if (q.options.size() < 2) problems.push_back({file, line, "question '" + q.id + "' needs at least 2 options"});
      if (correctCount(q.options) == 0)
        problems.push_back({file, line, "question '" + q.id + "' has no correct answer"});
      else if (correctCount(q.options) > 1)
        problems.push_back({file, line, "single-choice question '" + q.id + "' has more than one correct option"});
      break;
    case QuestionType::Multiple:
      if (q.options.size() < 2) problems.push_back({file, line, "question '" + q.id + "' needs at least 2 options"});
      if (correctCount(q.options) == 0)
        problems.push_back({file, line, "question '" + q.id + "' has no correct answer"});
      break;
    case QuestionType::TrueFalse:
      break;
    case QuestionType::Ordering:
      if (q.items.size() < 2) problems.push_back({file, line, "ordering question '" + q.id + "' needs at least 2 items"});
      break;
    case QuestionType::Matching:
      if (q.pairs.size() < 2) problems.push_back({file, line, "matching question '" + q.id + "' needs at least 2 pairs"});
      break;
    case QuestionType::Scenario:
      if (!q.targets.empty() && correctCount(q.targets) == 0)
        problems.push_back({file, line, "question '" + q.id + "' has no correct answer"});
      break;
  }
}

// A bank's top level: the [[question]] list and an optional bank-wide
// default `target_groups` (a question's own list replaces it).
struct BankDefaults {
  std::vector<std::string> target_groups;
  int target_groups_line = 0;
};

BankDefaults readBankTop(const toml::table& parsed, const std::string& file, std::vector<SourceProblem>& problems) {
  BankDefaults bank;
  for (const auto& [k, v] : parsed) {
    const std::string key(k.str());
    if (key == "target_groups") {
      Fields bf{parsed, file, problems, lineOf(v)};
      bank.target_groups = targetGroupList(bf, lineOf(v));
      bank.target_groups_line = lineOf(v);
    } else if (key != "question") {
      problems.push_back({file, lineOf(v), "unknown key '" + key +
                                               "' in a question bank (a typo? only [[question]] entries and "
                                               "'target_groups' belong here)"});
    }
  }
  return bank;
}

void checkQuestionKeys(const toml::table& t, const std::string& id, const std::string& file,
                       std::vector<SourceProblem>& problems) {
  static const std::set<std::string> knownKeys = {
      "id",      "type",   "competencies", "difficulty", "lesson", "prompt",  "explanation",  "options",
      "answer",  "items",  "pairs",        "screen",     "image",  "regions", "target_groups", "exam_only"};
  for (const auto& [k, v] : t)
    if (!knownKeys.count(std::string(k.str())))
      problems.push_back({file, lineOf(v), "unknown key '" + std::string(k.str()) + "' in question '" + id +
                                               "' (a typo?)"});
}

// What every question has, whatever its type: id, groups, type, competencies,
// difficulty, lesson, prompt and explanation.
void readQuestionCommon(const toml::table& t, const BankDefaults& bank, Fields& f, Question& q) {
  q.id = f.str("id");
  checkQuestionKeys(t, q.id, f.file, f.problems);
  if (const toml::node* tg = t.get("target_groups")) {
    q.target_groups = targetGroupList(f, lineOf(*tg));
    q.target_groups_line = lineOf(*tg);
  } else {
    q.target_groups = bank.target_groups;
    q.target_groups_line = bank.target_groups_line;
  }
  const std::string type = f.str("type");
  if (auto qt = questionTypeFromString(type)) {
    q.type = *qt;
  } else if (!type.empty()) {
    f.problems.push_back({f.file, f.line, "unknown question type '" + type +
                                              "' (single, multiple, true_false, ordering, matching, scenario)"});
  }
  q.competencies = f.strList("competencies");
  if (q.competencies.empty()) f.problems.push_back({f.file, f.line, "question '" + q.id + "' has no competency code"});
  q.difficulty = f.integer("difficulty", 1);
  if (q.difficulty < 1 || q.difficulty > 3) f.problems.push_back({f.file, f.line, "difficulty must be 1, 2 or 3"});
  q.lesson = f.str("lesson", false);
  q.exam_only = f.boolean("exam_only", false);
  q.prompt = f.str("prompt");
  q.explanation = f.str("explanation");
}

void readOptions(const toml::table& t, Fields& f, Question& q) {
  const toml::array* opts = t["options"].as_array();
  if (!opts) {
    f.problems.push_back({f.file, f.line, "question '" + q.id + "' needs 'options'"});
    return;
  }
  for (const auto& o : *opts) {
    const toml::table* ot = o.as_table();
    if (!ot) {
      f.problems.push_back({f.file, lineOf(o), "each option must be { text = \"...\", correct = true/false }"});
      continue;
    }
    Fields of{*ot, f.file, f.problems, lineOf(o)};
    q.options.push_back({of.str("text"), of.boolean("correct", false)});
  }
}

void readTrueFalse(const toml::table& t, Fields& f, Question& q) {
  const toml::node* a = t.get("answer");
  if (!a || !a->is_boolean())
    f.problems.push_back(
        {f.file, f.line, "true/false question '" + q.id + "' has no correct answer ('answer = true' or false)"});
  else
    q.answer = *a->value<bool>();
}

void readPairs(const toml::table& t, Fields& f, Question& q) {
  const toml::array* pairs = t["pairs"].as_array();
  if (!pairs) {
    f.problems.push_back({f.file, f.line, "matching question '" + q.id + "' needs 'pairs'"});
    return;
  }
  for (const auto& p : *pairs) {
    const toml::table* pt = p.as_table();
    if (!pt) continue;
    Fields pf{*pt, f.file, f.problems, lineOf(p)};
    q.pairs.push_back({pf.str("left"), pf.str("right")});
  }
}

// The answer part of the question's type: options, the true/false answer,
// items to order, pairs to match, or a scenario's targets.
void readAnswerParts(const toml::table& t, Fields& f, Question& q) {
  switch (q.type) {
    case QuestionType::Single:
    case QuestionType::Multiple: readOptions(t, f, q); break;
    case QuestionType::TrueFalse: readTrueFalse(t, f, q); break;
    case QuestionType::Ordering: q.items = f.strList("items"); break;
    case QuestionType::Matching: readPairs(t, f, q); break;
    case QuestionType::Scenario: parseTargets(t, q, f.file, f.line, f.problems); break;
  }
}

Question readQuestion(const toml::table& t, int line, const BankDefaults& bank, const std::string& file,
                      std::vector<SourceProblem>& problems) {
  Fields f{t, file, problems, line};
  Question q;
  q.source_line = line;
  q.source_file = file;
  q.competencies_line = t.get("competencies") ? lineOf(*t.get("competencies")) : line;
  readQuestionCommon(t, bank, f, q);
  readAnswerParts(t, f, q);
  checkAnswerable(q, file, line, problems);
  return q;
}

}  // namespace

void parseQuestions(std::string_view text, const std::string& file, std::vector<Question>& out,
                    std::vector<SourceProblem>& problems) {
  const auto parsed = parseTomlSource(text, file, "malformed TOML", problems);
  if (!parsed) return;
  const BankDefaults bank = readBankTop(*parsed, file, problems);
  const toml::array* list = (*parsed)["question"].as_array();
  if (!list) {
    problems.push_back({file, 1, "no [[question]] entries"});
    return;
  }
  for (const auto& node : *list)
    if (const toml::table* t = node.as_table()) out.push_back(readQuestion(*t, lineOf(node), bank, file, problems));
}

namespace {

// A lesson file: TOML front matter between two "+++" lines, then Markdown.
struct LessonParts {
  std::string_view front;  // starts right after the opening "+++", so its lines are the file's lines
  std::string_view body;
  int body_line = 0;
};

Result<LessonParts> splitFrontMatter(std::string_view text, const std::string& file,
                                     std::vector<SourceProblem>& problems) {
  if (text.rfind("+++", 0) != 0) {
    problems.push_back({file, 1, "a lesson must start with a '+++' front matter block"});
    return fail(ErrorCode::Invalid, file + ":1: no front matter");
  }
  const size_t close = text.find("\n+++", 3);
  if (close == std::string_view::npos) {
    problems.push_back({file, 1, "front matter is not closed with '+++'"});
    return fail(ErrorCode::Invalid, file + ":1: front matter not closed");
  }
  LessonParts parts;
  parts.front = text.substr(3, close - 3);
  const size_t bodyStart = text.find('\n', close + 1);
  parts.body = bodyStart == std::string_view::npos ? std::string_view{} : text.substr(bodyStart + 1);
  parts.body_line = static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(close) + 4, '\n')) + 1;
  return parts;
}

Lesson readLessonFront(const toml::table& parsed, const std::string& file, std::vector<SourceProblem>& problems) {
  Fields f{parsed, file, problems, 1};
  Lesson lesson;
  lesson.source_file = file;
  lesson.source_line = parsed.get("id") ? lineOf(*parsed.get("id")) : 1;
  lesson.competencies_line = parsed.get("competencies") ? lineOf(*parsed.get("competencies")) : 1;
  lesson.id = f.str("id");
  lesson.title = f.str("title");
  lesson.group = f.str("group");
  lesson.competencies = f.strList("competencies");
  lesson.order = f.integer("order", 0);
  lesson.minutes = f.integer("minutes", 0);
  return lesson;
}

// Splits the body into pages at "## " headings (outside ``` blocks); text
// before the first is the goal.
void splitPages(const LessonParts& parts, const std::string& file, Lesson& lesson,
                std::vector<SourceProblem>& problems) {
  std::string current;
  std::string title;
  bool inPage = false;
  bool inFence = false;
  std::istringstream lines{std::string(parts.body)};
  std::string ln;
  int lineNo = parts.body_line;
  std::string goal;
  auto flush = [&] {
    if (inPage) lesson.pages.push_back({title, current});
    current.clear();
  };
  int fenceLine = 0;
  while (std::getline(lines, ln)) {
    ++lineNo;
    if (ln.rfind("```", 0) == 0) {
      inFence = !inFence;
      fenceLine = lineNo;
    }
    if (!inFence && ln.rfind("## ", 0) == 0) {
      flush();
      title = ln.substr(3);
      inPage = true;
      continue;
    }
    if (inPage)
      current += ln + "\n";
    else
      goal += ln + "\n";
  }
  flush();
  if (inFence) problems.push_back({file, fenceLine, "a ``` code block is never closed"});
  while (!goal.empty() && (goal.back() == '\n' || goal.back() == ' ')) goal.pop_back();
  while (!goal.empty() && goal.front() == '\n') goal.erase(goal.begin());
  lesson.goal = goal;
}

}  // namespace

Result<Lesson> parseLesson(std::string_view text, const std::string& file, std::vector<SourceProblem>& problems) {
  if (!checkUtf8(text, file, problems)) return fail(ErrorCode::Invalid, file + ": not UTF-8");
  const auto parts = splitFrontMatter(text, file, problems);
  if (!parts) return tl::unexpected(parts.error());
  const auto parsed = parseTomlSource(parts->front, file, "malformed front matter", problems);
  if (!parsed) return fail(ErrorCode::Invalid, "bad front matter");
  Lesson lesson = readLessonFront(*parsed, file, problems);
  splitPages(*parts, file, lesson, problems);
  if (lesson.pages.empty()) problems.push_back({file, parts->body_line, "a lesson needs at least one '## ' page"});
  return lesson;
}

bool checkUtf8(std::string_view text, const std::string& file, std::vector<SourceProblem>& problems) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  int line = 1;
  for (size_t i = 0; i < n;) {
    const unsigned char c = p[i];
    size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    bool ok = len > 0 && i + len <= n;
    for (size_t k = 1; ok && k < len; ++k) ok = (p[i + k] & 0xC0) == 0x80;
    if (ok && len == 2) ok = c >= 0xC2;                                       // overlong
    if (ok && len == 3) ok = !(c == 0xE0 && p[i + 1] < 0xA0) && !(c == 0xED && p[i + 1] >= 0xA0);
    if (ok && len == 4) ok = c <= 0xF4 && !(c == 0xF0 && p[i + 1] < 0x90) && !(c == 0xF4 && p[i + 1] >= 0x90);
    if (!ok) {
      problems.push_back({file, line, "the text is not valid UTF-8 (save the file as UTF-8)"});
      return false;
    }
    if (c == '\n') ++line;
    i += len;
  }
  return true;
}

std::vector<ImageRef> findImageRefs(std::string_view markdown, const std::string& file, int first_line,
                                    std::vector<SourceProblem>& problems) {
  std::vector<ImageRef> refs;
  int line = first_line;
  bool inFence = false;
  size_t start = 0;
  while (start <= markdown.size()) {
    size_t end = markdown.find('\n', start);
    if (end == std::string_view::npos) end = markdown.size();
    const std::string_view ln = markdown.substr(start, end - start);
    if (ln.rfind("```", 0) == 0) inFence = !inFence;
    for (size_t at = ln.find("!["); !inFence && at != std::string_view::npos; at = ln.find("![", at + 2)) {
      const size_t mid = ln.find("](", at);
      const size_t close = mid == std::string_view::npos ? mid : ln.find(')', mid);
      if (close == std::string_view::npos) {
        problems.push_back({file, line, "unfinished picture: write ![caption](images/name.png) on one line"});
        break;
      }
      std::string target(ln.substr(mid + 2, close - mid - 2));
      if (const size_t sp = target.find(' '); sp != std::string::npos) target.resize(sp);  // drop a "title"
      if (target.empty())
        problems.push_back({file, line, "a picture needs a file: ![caption](images/name.png)"});
      else
        refs.push_back({line, target});
      at = close;
    }
    ++line;
    start = end + 1;
  }
  return refs;
}

void checkAgainstFramework(const Pack& pack, const Framework& fw, const std::string& packToml, int targetGroupsLine,
                           std::vector<SourceProblem>& problems) {
  auto codes = [&](const std::vector<std::string>& list, const std::string& file, int line) {
    for (const auto& code : list)
      if (!fw.findCompetency(code)) problems.push_back({file, line, "unknown competency code '" + code + "'"});
  };
  for (const auto& l : pack.lessons) {
    if (!l.group.empty() && !fw.findGroup(l.group))
      problems.push_back({l.source_file, l.source_line, "lesson '" + l.id + "' names unknown skill group '" + l.group + "'"});
    codes(l.competencies, l.source_file, l.competencies_line);
  }
  for (const auto& q : pack.questions) codes(q.competencies, q.source_file, q.competencies_line);
  std::string known;
  for (const auto& tg : fw.target_groups) known += (known.empty() ? "" : ", ") + tg.code;
  for (const auto& q : pack.questions)
    for (const auto& tg : q.target_groups) {
      if (!fw.hasTargetGroup(tg))
        problems.push_back({q.source_file, q.target_groups_line, "question '" + q.id + "' names unknown target group '" +
                                                                     tg + "' (framework '" + fw.id + "' has " + known +
                                                                     ")"});
      else if (std::find(pack.info.target_groups.begin(), pack.info.target_groups.end(), tg) ==
               pack.info.target_groups.end())
        problems.push_back({q.source_file, q.target_groups_line,
                            "question '" + q.id + "' is for target group '" + tg +
                                "', which is not in pack.toml's target_groups (add it there, or no exam draws it)"});
    }
  for (const auto& tg : pack.info.target_groups)
    if (!fw.hasTargetGroup(tg))
      problems.push_back({packToml, targetGroupsLine, "unknown target group '" + tg + "' (framework '" + fw.id + "')"});
}

std::vector<SourceProblem> checkBlueprints(const Pack& pack, const Framework& fw, const std::string& file, int line) {
  std::vector<SourceProblem> problems;
  if (pack.info.practice_only) return problems;
  const bool tagged = std::any_of(pack.questions.begin(), pack.questions.end(),
                                  [](const Question& q) { return !q.target_groups.empty(); });
  for (const auto& tg : pack.info.target_groups) {
    const Blueprint* bp = fw.blueprint(tg);
    if (!bp) continue;
    // Only the questions an exam for this group may draw: untagged, or tagged with it.
    std::map<std::string, int> have;
    for (const auto& q : pack.questions)
      if (q.servesTargetGroup(tg)) ++have[q.group()];
    for (const auto& [group, wanted] : bp->questions)
      if (have[group] < wanted)
        problems.push_back({file, line, "the '" + tg + "' exam (blueprint at " + bp->origin + ") asks for " +
                                            std::to_string(wanted) + " questions of skill group " + group +
                                            ", but the pack has only " + std::to_string(have[group]) +
                                            (tagged ? " (untagged or tagged '" + tg + "')" : "")});
    // The reserved exam bank: questions practice never shows.
    if (bp->reserved_min_percent > 0) {
      std::map<std::string, int> reserved;
      for (const auto& q : pack.questions)
        if (q.servesTargetGroup(tg) && !q.inPractice()) ++reserved[q.group()];
      for (const auto& [group, wanted] : bp->questions) {
        if (wanted <= 0 || have[group] == 0) continue;
        if (100 * reserved[group] < bp->reserved_min_percent * have[group]) {
          const int short_by = (bp->reserved_min_percent * have[group] + 99) / 100 - reserved[group];
          problems.push_back({file, line, "the '" + tg + "' exam (blueprint at " + bp->origin + ") needs at least " +
                                              std::to_string(bp->reserved_min_percent) +
                                              "% of skill group " + group + "'s " + std::to_string(have[group]) +
                                              " questions kept for exams, but only " + std::to_string(reserved[group]) +
                                              " are (mark " + std::to_string(short_by) +
                                              " more with exam_only = true)"});
        }
      }
    }
  }
  return problems;
}

namespace {

// A picture path must name a PNG or JPEG file inside the pack folder.
void checkImage(const fs::path& dir, const std::string& path, const std::string& file, int line,
                std::vector<SourceProblem>& problems) {
  const fs::path p(path);
  std::error_code ec;
  if (path.find("://") != std::string::npos)
    problems.push_back({file, line, "picture '" + path + "' must be a file inside the pack (images/...), not a web address"});
  else if (p.is_absolute() || std::any_of(p.begin(), p.end(), [](const fs::path& part) { return part == ".."; }))
    problems.push_back({file, line, "picture '" + path + "' must be a path inside the pack, like images/name.png"});
  else if (!fs::is_regular_file(dir / p, ec))
    problems.push_back({file, line, "image '" + path + "' is missing"});
  else if (p.extension() != ".png" && p.extension() != ".jpg" && p.extension() != ".jpeg")
    problems.push_back({file, line, "picture '" + path + "' must be a .png or .jpg file"});
}

// Where pack.toml names its framework and target groups, for messages.
struct PackTomlLines {
  int framework = 1, target_groups = 1;
};

// pack.toml → pack.info; unknown keys are problems.
PackTomlLines readPackToml(const fs::path& packToml, PackInfo& info, std::vector<SourceProblem>& problems) {
  PackTomlLines lines;
  const auto text = readSource(packToml, problems);
  if (!text) return lines;  // the problem is recorded
  const auto parsed = parseTomlSource(*text, packToml.string(), "malformed TOML", problems);
  if (!parsed) return lines;
  Fields f{*parsed, packToml.string(), problems, 1};
  info.id = f.str("id");
  info.version = f.str("version");
  info.title = f.str("title");
  info.language = f.str("language");
  info.target_groups = f.strList("target_groups");
  info.framework = f.str("framework");
  info.framework_version = f.str("framework_version");
  info.publisher = f.str("publisher");
  info.practice_only = f.boolean("practice_only", false);
  if (const toml::node* n = parsed->get("framework")) lines.framework = lineOf(*n);
  if (const toml::node* n = parsed->get("target_groups")) lines.target_groups = lineOf(*n);
  static const std::set<std::string> known = {"id", "version", "title", "language", "target_groups", "framework",
                                              "framework_version", "publisher", "practice_only"};
  for (const auto& [k, v] : *parsed)
    if (!known.count(std::string(k.str())))
      problems.push_back({packToml.string(), lineOf(v), "unknown key '" + std::string(k.str()) + "' (a typo?)"});
  return lines;
}

// The files with `extension` under `folder` (if it exists), sorted.
std::vector<fs::path> sourceFiles(const fs::path& folder, const char* extension) {
  std::vector<fs::path> files;
  std::error_code ec;
  if (fs::exists(folder, ec))
    for (const auto& e : fs::recursive_directory_iterator(folder))
      if (e.is_regular_file() && e.path().extension() == extension) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

using SeenIds = std::map<std::string, std::string>;  // id → file

void checkUniqueId(SeenIds& seen, const std::string& id, const std::string& file, int line,
                   std::vector<SourceProblem>& problems) {
  if (auto [it, fresh] = seen.emplace(id, file); !fresh)
    problems.push_back({file, line, "duplicate id '" + id + "' (also in " + it->second + ")"});
}

void loadLessons(const fs::path& dir, SeenIds& seen, Pack& pack, std::vector<SourceProblem>& problems) {
  for (const auto& p : sourceFiles(dir / "lessons", ".md")) {
    const auto read = readSource(p, problems);
    if (!read) continue;
    const std::string& text = *read;
    auto lesson = parseLesson(text, p.string(), problems);
    if (!lesson) continue;
    checkUniqueId(seen, lesson->id, p.string(), lesson->source_line, problems);
    for (const auto& ref : findImageRefs(text, p.string(), 1, problems))
      checkImage(dir, ref.path, p.string(), ref.line, problems);
    pack.lessons.push_back(std::move(*lesson));
  }
}

// After the lessons: a question may name one.
void loadQuestions(const fs::path& dir, SeenIds& seen, Pack& pack, std::vector<SourceProblem>& problems) {
  for (const auto& p : sourceFiles(dir / "questions", ".toml")) {
    std::vector<Question> qs;
    const auto read = readSource(p, problems);
    if (!read) continue;
    parseQuestions(*read, p.string(), qs, problems);
    for (auto& q : qs) {
      checkUniqueId(seen, q.id, p.string(), q.source_line, problems);
      if (!q.lesson.empty() && std::none_of(pack.lessons.begin(), pack.lessons.end(),
                                            [&](const Lesson& l) { return l.id == q.lesson; }))
        problems.push_back({p.string(), q.source_line, "question '" + q.id + "' names unknown lesson '" + q.lesson + "'"});
      if (!q.image.empty()) checkImage(dir, q.image, p.string(), q.source_line, problems);
      pack.questions.push_back(std::move(q));
    }
  }
}

// The framework: the one given, else the one pack.toml names.
void attachFramework(Pack& pack, const Framework* framework, const std::string& packToml, int line,
                     std::vector<SourceProblem>& problems) {
  if (framework) {
    pack.framework = *framework;
    return;
  }
  if (pack.info.framework.empty()) return;
  const fs::path fwFile = frameworkFile(pack.info.framework);
  if (auto fw = loadFramework(fwFile)) {
    pack.framework = std::move(*fw);
  } else if (fw.error().code == ErrorCode::NotFound) {
    problems.push_back({packToml, line, "unknown framework '" + pack.info.framework + "' (no " + fwFile.string() + ")"});
  } else {
    problems.push_back(
        {packToml, line, "framework '" + pack.info.framework + "' is not valid:\n" + fw.error().message});
  }
}

// The pack against its framework: the same one and version, known codes and
// groups, and enough questions for each exam blueprint.
void checkFramework(const Pack& pack, const std::string& packToml, const PackTomlLines& lines,
                    std::vector<SourceProblem>& problems) {
  if (pack.framework.id.empty()) return;
  if (pack.framework.id != pack.info.framework)
    problems.push_back({packToml, lines.framework, "the pack names framework '" + pack.info.framework +
                                                       "' but is checked against '" + pack.framework.id + "'"});
  else if (!pack.info.framework_version.empty() && pack.framework.version != pack.info.framework_version)
    problems.push_back({packToml, lines.framework, "the pack was written for framework version " +
                                                       pack.info.framework_version + " but " +
                                                       pack.framework.source_file + " is version " +
                                                       pack.framework.version});
  checkAgainstFramework(pack, pack.framework, packToml, lines.target_groups, problems);
  for (auto& p : checkBlueprints(pack, pack.framework, packToml, lines.target_groups)) problems.push_back(std::move(p));
}

}  // namespace

Result<Pack> loadPackSources(const fs::path& dir, std::vector<SourceProblem>* problemsOut, const Framework* framework) {
  std::vector<SourceProblem> problems;
  Pack pack;
  const fs::path packToml = dir / "pack.toml";
  std::error_code ec;
  if (!fs::exists(packToml, ec)) {
    return fail(ErrorCode::NotFound, packToml.string() + ": not found (is " + dir.string() + " a pack source folder?)");
  }
  const PackTomlLines lines = readPackToml(packToml, pack.info, problems);
  SeenIds seen;
  loadLessons(dir, seen, pack, problems);
  loadQuestions(dir, seen, pack, problems);
  // The pronunciation lexicon is optional.
  if (const fs::path lexiconToml = dir / "lexicon.toml"; fs::exists(lexiconToml, ec)) {
    if (const auto read = readSource(lexiconToml, problems))
      pack.lexicon = std::make_shared<const Lexicon>(parseLexicon(*read, lexiconToml.string(), problems));
  }
  std::stable_sort(pack.lessons.begin(), pack.lessons.end(), [](const Lesson& a, const Lesson& b) {
    return a.group != b.group ? a.group < b.group : a.order < b.order;
  });
  attachFramework(pack, framework, packToml.string(), lines.framework, problems);
  checkFramework(pack, packToml.string(), lines, problems);

  if (problemsOut) *problemsOut = problems;
  if (!problems.empty()) {
    std::string msg;
    for (const auto& pr : problems) msg += pr.str() + "\n";
    msg.pop_back();
    return fail(ErrorCode::Invalid, msg);
  }
  return pack;
}

}  // namespace hocso::content
