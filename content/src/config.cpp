// [content] and [exam.<target_group>]: keys, types and the rules on values.
#include "content/config.hpp"

namespace hocso::content {

namespace {

void describeExamOverrides(ConfigSchema& schema, std::map<std::string, ExamOverride>& exam) {
  schema.section("exam", {});
  schema.namedTable("exam.*", [&exam](const std::string& group, const std::string& origin) {
    exam[group].origin = origin;
  });
  for (auto [key, field] : {std::pair{"time_limit_minutes", &ExamOverride::time_limit_minutes},
                            {"pass_percent", &ExamOverride::pass_percent},
                            {"group_min_percent", &ExamOverride::group_min_percent},
                            {"group_min_questions", &ExamOverride::group_min_questions}}) {
    const auto member = field;
    schema.namedInteger(std::string("exam.*.") + key,
                        [&exam, member](const std::string& group, int v) { exam[group].*member = v; });
  }
  schema.namedIntTable("exam.*.questions", [&exam](const std::string& group, const std::map<std::string, int>& counts) {
    for (const auto& [g, n] : counts) exam[group].questions[g] = n;
  });
  schema.check([&exam]() -> std::optional<std::string> {
    for (const auto& [group, e] : exam) {
      const std::string where = "exam." + group + ".";
      for (auto [name, v] : {std::pair{"pass_percent", e.pass_percent}, {"group_min_percent", e.group_min_percent}})
        if (v && (*v < 0 || *v > 100)) return where + name + " must be between 0 and 100";
      if (e.group_min_questions && (*e.group_min_questions < 0 || *e.group_min_questions > 500))
        return where + "group_min_questions must be between 0 and 500";
      if (e.time_limit_minutes && (*e.time_limit_minutes < 1 || *e.time_limit_minutes > 600))
        return where + "time_limit_minutes must be between 1 and 600";
      for (const auto& [g, n] : e.questions)
        if (n < 0 || n > 500) return where + "questions." + g + " must be between 0 and 500";
    }
    return std::nullopt;
  });
}

}  // namespace

void describeConfig(ConfigSchema& schema, ContentConfig& c) {
  schema.section("content", {{"pack", c.pack}, {"channel", c.channel}, {"check_minutes", c.channel_check_minutes},
                             {"trusted_keys", c.trusted_keys}});
  schema.check([&c]() -> std::optional<std::string> {
    if (c.channel_check_minutes < 1 || c.channel_check_minutes > 10080)
      return "content.check_minutes must be between 1 and 10080 (a week)";
    if (!c.channel.empty() && c.channel.rfind("https://", 0) != 0 && c.channel.rfind("http://", 0) != 0)
      return "content.channel must be an http:// or https:// URL, not \"" + c.channel + "\"";
    return std::nullopt;
  });
  describeExamOverrides(schema, c.exam);
}

}  // namespace hocso::content
