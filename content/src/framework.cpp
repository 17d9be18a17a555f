// Framework TOML → Framework, and the kiosk config's exam overrides on top.
// Problems are collected with their line, like the pack source loader does.
#include "content/framework.hpp"

#include <set>
#include <toml++/toml.h>

#include "base/files.hpp"
#include "base/paths.hpp"
#include "base/toml_guard.hpp"
#include "toml_source.hpp"

namespace hocso::content {
namespace fs = std::filesystem;

namespace {

std::string text(const toml::table& t, const char* key, const std::string& file, int line,
                 std::vector<SourceProblem>& problems) {
  const toml::node* n = t.get(key);
  if (!n || !n->is_string()) {
    problems.push_back({file, n ? lineOf(*n) : line, std::string("'") + key + "' must be text in quotes"});
    return "";
  }
  return *n->value<std::string>();
}

int percentOrCount(const toml::table& t, const char* key, int max, const std::string& file, int line,
                   std::vector<SourceProblem>& problems) {
  const toml::node* n = t.get(key);
  if (!n || !n->is_integer()) {
    problems.push_back({file, n ? lineOf(*n) : line, std::string("'") + key + "' must be a whole number"});
    return 0;
  }
  const auto v = *n->value<int64_t>();
  if (v < 0 || v > max) {
    problems.push_back({file, lineOf(*n), std::string("'") + key + "' must be between 0 and " + std::to_string(max)});
    return 0;
  }
  return static_cast<int>(v);
}

void parseGroups(const toml::table& root, Framework& fw, const std::string& file, std::vector<SourceProblem>& problems) {
  const toml::array* groups = root["group"].as_array();
  if (!groups || groups->empty()) {
    problems.push_back({file, 1, "no [[group]] entries"});
    return;
  }
  std::set<std::string> codes;
  for (const auto& g : *groups) {
    const toml::table* gt = g.as_table();
    if (!gt) continue;
    SkillGroup group;
    group.code = text(*gt, "code", file, lineOf(g), problems);
    group.title = text(*gt, "title", file, lineOf(g), problems);
    if (auto e = (*gt)["everyday"].value<std::string>()) group.everyday = *e;
    if (!codes.insert(group.code).second)
      problems.push_back({file, lineOf(g), "duplicate group code '" + group.code + "'"});
    const toml::array* comps = (*gt)["competencies"].as_array();
    if (!comps) {
      problems.push_back({file, lineOf(g), "group '" + group.code + "' needs 'competencies'"});
      continue;
    }
    for (const auto& c : *comps) {
      const toml::table* ct = c.as_table();
      if (!ct) {
        problems.push_back({file, lineOf(c), "each competency must be { code = \"x.y\", title = \"...\" }"});
        continue;
      }
      Competency comp{text(*ct, "code", file, lineOf(c), problems), text(*ct, "title", file, lineOf(c), problems)};
      if (comp.code.rfind(group.code + ".", 0) != 0)
        problems.push_back({file, lineOf(c), "competency '" + comp.code + "' does not start with its group code '" +
                                                 group.code + ".'"});
      if (!codes.insert(comp.code).second)
        problems.push_back({file, lineOf(c), "duplicate competency code '" + comp.code + "'"});
      group.competencies.push_back(std::move(comp));
    }
    fw.groups.push_back(std::move(group));
  }
}

void parseBlueprints(const toml::table& root, Framework& fw, const std::string& file,
                     std::vector<SourceProblem>& problems) {
  if (const toml::array* tgs = root["target_group"].as_array()) {
    for (const auto& t : *tgs) {
      if (const toml::table* tt = t.as_table())
        fw.target_groups.push_back({text(*tt, "code", file, lineOf(t), problems),
                                    text(*tt, "title", file, lineOf(t), problems)});
    }
  }
  const toml::table* bps = root["blueprint"].as_table();
  if (!bps) return;
  for (const auto& [name, node] : *bps) {
    const toml::table* bt = node.as_table();
    const std::string tg(name.str());
    if (!bt) {
      problems.push_back({file, lineOf(node), "[blueprint." + tg + "] must be a table"});
      continue;
    }
    if (!fw.hasTargetGroup(tg))
      problems.push_back({file, lineOf(node), "blueprint for unknown target group '" + tg + "'"});
    Blueprint bp;
    bp.target_group = tg;
    bp.origin = file + ":" + std::to_string(lineOf(node));
    bp.time_limit_minutes = percentOrCount(*bt, "time_limit_minutes", 600, file, lineOf(node), problems);
    bp.pass_percent = percentOrCount(*bt, "pass_percent", 100, file, lineOf(node), problems);
    bp.group_min_percent = percentOrCount(*bt, "group_min_percent", 100, file, lineOf(node), problems);
    if (bt->get("group_min_questions"))
      bp.group_min_questions = percentOrCount(*bt, "group_min_questions", 500, file, lineOf(node), problems);
    if (bt->get("reserved_min_percent"))
      bp.reserved_min_percent = percentOrCount(*bt, "reserved_min_percent", 100, file, lineOf(node), problems);
    const toml::table* qs = (*bt)["questions"].as_table();
    if (!qs) {
      problems.push_back({file, lineOf(node), "blueprint '" + tg + "' needs questions = { \"0\" = 5, ... }"});
      continue;
    }
    for (const auto& [g, n] : *qs) {
      const std::string group(g.str());
      if (!fw.findGroup(group)) problems.push_back({file, lineOf(n), "blueprint '" + tg + "' names unknown group '" + group + "'"});
      if (!n.is_integer() || *n.value<int64_t>() < 0 || *n.value<int64_t>() > 500) {
        problems.push_back({file, lineOf(n), "blueprint '" + tg + "': questions of group '" + group +
                                                 "' must be a whole number between 0 and 500"});
        continue;
      }
      bp.questions[group] = static_cast<int>(*n.value<int64_t>());
    }
    if (bp.totalQuestions() == 0) problems.push_back({file, lineOf(node), "blueprint '" + tg + "' asks for no questions"});
    fw.blueprints[tg] = std::move(bp);
  }
}

}  // namespace

int Blueprint::totalQuestions() const {
  int n = 0;
  for (const auto& [g, count] : questions) n += count;
  return n;
}

const SkillGroup* Framework::findGroup(const std::string& code) const {
  for (const auto& g : groups)
    if (g.code == code) return &g;
  return nullptr;
}

const Competency* Framework::findCompetency(const std::string& code) const {
  for (const auto& g : groups)
    for (const auto& c : g.competencies)
      if (c.code == code) return &c;
  return nullptr;
}

bool Framework::hasTargetGroup(const std::string& code) const {
  for (const auto& t : target_groups)
    if (t.code == code) return true;
  return false;
}

const Blueprint* Framework::blueprint(const std::string& target_group) const {
  auto it = blueprints.find(target_group);
  return it == blueprints.end() ? nullptr : &it->second;
}

Result<Framework> parseFramework(std::string_view source, const std::string& file,
                                 std::vector<SourceProblem>* problemsOut) {
  std::vector<SourceProblem> problems;
  Framework fw;
  fw.source_file = file;
  fw.source_text = std::string(source);
  if (const auto root = parseTomlSource(source, file, "malformed TOML", problems)) {
    fw.id = text(*root, "id", file, 1, problems);
    fw.version = text(*root, "version", file, 1, problems);
    fw.title = text(*root, "title", file, 1, problems);
    parseGroups(*root, fw, file, problems);
    parseBlueprints(*root, fw, file, problems);
  }
  if (problemsOut) *problemsOut = problems;
  if (!problems.empty()) {
    std::string msg;
    for (const auto& p : problems) msg += (msg.empty() ? "" : "\n") + p.str();
    return fail(ErrorCode::Invalid, msg);
  }
  return fw;
}

Result<Framework> loadFramework(const fs::path& file) {
  auto text = readFileBounded(file, kSmallFileLimit);
  if (!text) {
    if (text.error().code == ErrorCode::NotFound) return fail(ErrorCode::NotFound, file.string() + ": framework file not found");
    return tl::unexpected(text.error());
  }
  return parseFramework(*text, file.string());
}

fs::path frameworkFile(const std::string& id) { return shareDir() / "content" / "frameworks" / (id + ".toml"); }

std::vector<std::string> applyExamOverrides(Framework& fw, const ContentConfig& config) {
  std::vector<std::string> warnings;
  for (const auto& [tg, o] : config.exam) {
    if (!fw.hasTargetGroup(tg)) {
      warnings.push_back(o.origin + ": [exam." + tg + "] names no target group of framework '" + fw.id +
                         "' and is ignored");
      continue;
    }
    Blueprint& bp = fw.blueprints[tg];
    if (bp.target_group.empty()) bp.target_group = tg;
    bp.origin = o.origin;
    if (o.time_limit_minutes) bp.time_limit_minutes = *o.time_limit_minutes;
    if (o.pass_percent) bp.pass_percent = *o.pass_percent;
    if (o.group_min_percent) bp.group_min_percent = *o.group_min_percent;
    if (o.group_min_questions) bp.group_min_questions = *o.group_min_questions;
    for (const auto& [g, n] : o.questions) {
      if (!fw.findGroup(g)) {
        warnings.push_back(o.origin + ": [exam." + tg + "] questions names unknown skill group '" + g +
                           "' and it is ignored");
        continue;
      }
      if (n == 0)
        bp.questions.erase(g);
      else
        bp.questions[g] = n;
    }
  }
  return warnings;
}

}  // namespace hocso::content
