// The skills framework as data (content/frameworks/<id>.toml): skill groups,
// competency codes, target groups and the default exam blueprint of each
// target group, which the kiosk's [exam.<target_group>] config may override.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "content/config.hpp"
#include "base/error.hpp"
#include "content/problem.hpp"

namespace hocso::content {

struct Competency {
  std::string code;    // "4.2"
  std::string title;
};

struct SkillGroup {
  std::string code;    // "4"
  std::string title;
  std::string everyday;  // one line in everyday words, shown under the title (optional)
  std::vector<Competency> competencies;
};

struct TargetGroup {
  std::string code;    // "citizen"
  std::string title;
};

// How an exam for one target group is assembled and passed.
struct Blueprint {
  std::string target_group;
  int time_limit_minutes = 0;
  int pass_percent = 0;          // overall score needed, 0..100
  int group_min_percent = 0;     // score needed in every skill group, 0..100 ...
  int group_min_questions = 0;   // ... that has at least this many questions (0: every group)
  // Pack validation: the share (0..100) of each skill group's questions for
  // this target group that practice never shows (exam_only, or no lesson).
  int reserved_min_percent = 0;
  std::map<std::string, int> questions;  // skill group code → number of questions
  std::string origin;            // "file:line" of the definition it came from (messages)

  int totalQuestions() const;
};

struct Framework {
  std::string id;
  std::string version;
  std::string title;
  std::vector<SkillGroup> groups;
  std::vector<TargetGroup> target_groups;
  std::map<std::string, Blueprint> blueprints;  // by target group code
  std::string source_file;       // where it was read from (messages)
  std::string source_text;       // the TOML it was parsed from (embedded in built packs)

  const SkillGroup* findGroup(const std::string& code) const;
  const Competency* findCompetency(const std::string& code) const;
  bool hasTargetGroup(const std::string& code) const;
  const Blueprint* blueprint(const std::string& target_group) const;
};

// Parses a framework file. Every problem is collected with its line; the
// Result's error lists them one per line.
Result<Framework> parseFramework(std::string_view text, const std::string& file,
                                 std::vector<SourceProblem>* problems = nullptr);
Result<Framework> loadFramework(const std::filesystem::path& file);

// content/frameworks/<id>.toml under the share dir (the source tree for a
// developer build).
std::filesystem::path frameworkFile(const std::string& id);

// Applies the config's [exam.<target_group>] keys on top of the framework's
// blueprints. Returns warnings (an unknown target group or skill group).
std::vector<std::string> applyExamOverrides(Framework& framework, const ContentConfig& config);

}  // namespace hocso::content
