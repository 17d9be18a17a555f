// TOML → Config with a declared schema: every known key has one type and a
// place to go; anything else is reported with its line.
#include "base/config.hpp"

#include <cmath>
#include <functional>
#include <map>
#include <toml++/toml.h>

#include "base/files.hpp"
#include "base/toml_guard.hpp"

namespace hocso {
namespace {

enum class Kind { String, Int, Float, Bool, StringArray, Table, IntTable };

struct Key {
  Kind kind;
  std::function<void(Config&, const toml::node&)> apply;
  // Keys under a named table ("exam.*.pass_percent"): also given the name.
  std::function<void(Config&, const std::string&, const toml::node&)> applyNamed = nullptr;
};

const char* kindName(Kind k) {
  switch (k) {
    case Kind::String: return "a string";
    case Kind::Int: return "an integer";
    case Kind::Float: return "a number";
    case Kind::Bool: return "true or false";
    case Kind::StringArray: return "a list of strings";
    case Kind::Table: return "a table";
    case Kind::IntTable: return "a table of whole numbers like { \"0\" = 5 }";
  }
  return "?";
}

template <typename T>
std::function<void(Config&, const toml::node&)> set(T Config::*field) {
  return [field](Config& c, const toml::node& n) { c.*field = *n.value<T>(); };
}

// [exam.<target_group>] integer keys.
std::function<void(Config&, const std::string&, const toml::node&)> examInt(std::optional<int> ExamOverride::*field) {
  return [field](Config& c, const std::string& group, const toml::node& n) {
    c.exam[group].*field = static_cast<int>(*n.value<int64_t>());
  };
}

const std::map<std::string, Key>& schema() {
  static const std::map<std::string, Key> keys = {
      {"site", {Kind::Table, nullptr}},
      {"site.id", {Kind::String, set(&Config::site_id)}},
      {"site.name", {Kind::String, set(&Config::site_name)}},
      {"kiosk", {Kind::Table, nullptr}},
      {"kiosk.id", {Kind::String, set(&Config::kiosk_id)}},
      {"kiosk.language", {Kind::String, set(&Config::language)}},
      {"kiosk.text_scale", {Kind::Float, set(&Config::text_scale)}},
      {"kiosk.high_contrast", {Kind::Bool, set(&Config::high_contrast)}},
      {"kiosk.idle_minutes", {Kind::Int, [](Config& c, const toml::node& n) { c.idle_minutes = static_cast<int>(*n.value<int64_t>()); }}},
      {"kiosk.voice", {Kind::String, set(&Config::voice)}},
      {"sync", {Kind::Table, nullptr}},
      {"sync.interval_seconds", {Kind::Int, [](Config& c, const toml::node& n) { c.sync_interval_seconds = static_cast<int>(*n.value<int64_t>()); }}},
      {"sync.ca_bundle", {Kind::String, set(&Config::ca_bundle)}},
      {"sync.bundle_public_key", {Kind::String, set(&Config::bundle_public_key)}},
      {"sync.activity_base", {Kind::String, set(&Config::activity_base)}},
      {"sync.account_home_page", {Kind::String, set(&Config::account_home_page)}},
      {"sync.lrs", {Kind::Table, nullptr}},
      {"sync.lrs.endpoint", {Kind::String, [](Config& c, const toml::node& n) { c.lrs.endpoint = *n.value<std::string>(); }}},
      {"sync.lrs.auth", {Kind::String, [](Config& c, const toml::node& n) { c.lrs.auth = *n.value<std::string>(); }}},
      {"sync.lrs.username", {Kind::String, [](Config& c, const toml::node& n) { c.lrs.username = *n.value<std::string>(); }}},
      {"sync.lrs.password", {Kind::String, [](Config& c, const toml::node& n) { c.lrs.password = *n.value<std::string>(); }}},
      {"sync.lrs.password_file", {Kind::String, [](Config& c, const toml::node& n) { c.lrs.password_file = *n.value<std::string>(); }}},
      {"sync.lrs.token_file", {Kind::String, [](Config& c, const toml::node& n) { c.lrs.token_file = *n.value<std::string>(); }}},
      {"sync.lrs.batch_size", {Kind::Int, [](Config& c, const toml::node& n) { c.lrs.batch_size = static_cast<int>(*n.value<int64_t>()); }}},
      {"sync.lrs.timeout_seconds", {Kind::Int, [](Config& c, const toml::node& n) { c.lrs.timeout_seconds = static_cast<int>(*n.value<int64_t>()); }}},
      {"sync.certification", {Kind::Table, nullptr}},
      {"sync.certification.endpoint", {Kind::String, [](Config& c, const toml::node& n) { c.certification.endpoint = *n.value<std::string>(); }}},
      {"sync.certification.token_file", {Kind::String, [](Config& c, const toml::node& n) { c.certification.token_file = *n.value<std::string>(); }}},
      {"content", {Kind::Table, nullptr}},
      {"content.pack", {Kind::String, set(&Config::pack)}},
      {"content.channel", {Kind::String, set(&Config::channel)}},
      {"content.check_minutes", {Kind::Int, [](Config& c, const toml::node& n) { c.channel_check_minutes = static_cast<int>(*n.value<int64_t>()); }}},
      {"content.trusted_keys", {Kind::StringArray, [](Config& c, const toml::node& n) {
         c.trusted_keys.clear();
         for (const auto& item : *n.as_array()) c.trusted_keys.push_back(*item.value<std::string>());
       }}},
      {"exam", {Kind::Table, nullptr}},
      {"exam.*", {Kind::Table, nullptr, [](Config& c, const std::string& group, const toml::node& n) {
         c.exam[group].origin = std::string(n.source().path ? *n.source().path : "") + ":" +
                                std::to_string(n.source().begin.line);
       }}},
      {"exam.*.time_limit_minutes", {Kind::Int, nullptr, examInt(&ExamOverride::time_limit_minutes)}},
      {"exam.*.pass_percent", {Kind::Int, nullptr, examInt(&ExamOverride::pass_percent)}},
      {"exam.*.group_min_percent", {Kind::Int, nullptr, examInt(&ExamOverride::group_min_percent)}},
      {"exam.*.group_min_questions", {Kind::Int, nullptr, examInt(&ExamOverride::group_min_questions)}},
      {"exam.*.questions", {Kind::IntTable, nullptr, [](Config& c, const std::string& group, const toml::node& n) {
         for (const auto& [k, v] : *n.as_table()) c.exam[group].questions[std::string(k.str())] = static_cast<int>(*v.value<int64_t>());
       }}},
  };
  return keys;
}

bool hasKind(const toml::node& n, Kind k) {
  switch (k) {
    case Kind::String: return n.is_string();
    case Kind::Int: return n.is_integer();
    case Kind::Float: return n.is_floating_point() || n.is_integer();
    case Kind::Bool: return n.is_boolean();
    case Kind::Table: return n.is_table();
    case Kind::IntTable: {
      if (!n.is_table()) return false;
      for (const auto& entry : *n.as_table())
        if (!entry.second.is_integer()) return false;
      return true;
    }
    case Kind::StringArray: {
      if (!n.is_array()) return false;
      for (const auto& item : *n.as_array())
        if (!item.is_string()) return false;
      return true;
    }
  }
  return false;
}

std::string typeName(const toml::node& n) {
  if (n.is_string()) return "a string";
  if (n.is_integer()) return "an integer";
  if (n.is_floating_point()) return "a number";
  if (n.is_boolean()) return "a boolean";
  if (n.is_array()) return "a list";
  if (n.is_table()) return "a table";
  return "a date or time";
}

std::string lineOf(const toml::node& n) {
  return std::to_string(n.source().begin.line);
}

// The schema entry for `key`; a key under a named table ("exam.citizen.x")
// matches "exam.*.x", and `name` receives "citizen".
std::map<std::string, Key>::const_iterator findKey(const std::string& key, std::string& name) {
  auto it = schema().find(key);
  const size_t dot = key.find('.');
  if (it != schema().end() || dot == std::string::npos) return it;
  const size_t end = key.find('.', dot + 1);
  name = key.substr(dot + 1, end == std::string::npos ? std::string::npos : end - dot - 1);
  return schema().find(key.substr(0, dot + 1) + "*" + (end == std::string::npos ? "" : key.substr(end)));
}

Result<void> walk(const toml::table& table, const std::string& prefix, Config& config,
                  std::vector<ConfigWarning>* warnings, const std::string& source_name) {
  for (const auto& [k, node] : table) {
    const std::string key = prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
    std::string name;
    auto it = findKey(key, name);
    if (it == schema().end()) {
      if (warnings)
        warnings->push_back({source_name + ":" + lineOf(node) + ": unknown key '" + key +
                             "' is ignored (a typo?)"});
      continue;
    }
    if (!hasKind(node, it->second.kind)) {
      return fail(ErrorCode::Config, source_name + ":" + lineOf(node) + ": '" + key + "' must be " +
                                         kindName(it->second.kind) + ", not " +
                                         typeName(node));
    }
    // TOML allows nan and inf; no setting means either (and a NaN passes
    // every range check below).
    if (node.is_floating_point() && !std::isfinite(*node.value<double>())) {
      return fail(ErrorCode::Config, source_name + ":" + lineOf(node) + ": '" + key +
                                         "' must be a finite number, not " +
                                         std::string(std::isnan(*node.value<double>()) ? "nan" : "inf"));
    }
    if (it->second.applyNamed) it->second.applyNamed(config, name, node);
    if (it->second.kind == Kind::Table) {
      auto r = walk(*node.as_table(), key, config, warnings, source_name);
      if (!r) return r;
    } else if (it->second.apply) {
      if (it->second.kind == Kind::Float && node.is_integer()) {
        toml::value<double> asDouble(static_cast<double>(*node.value<int64_t>()));
        it->second.apply(config, asDouble);
      } else {
        it->second.apply(config, node);
      }
    }
  }
  return {};
}

Result<void> validate(const Config& c, const std::string& source_name) {
  auto bad = [&](const std::string& what) { return fail(ErrorCode::Config, source_name + ": " + what); };
  if (c.lrs.auth != "basic" && c.lrs.auth != "bearer")
    return bad("sync.lrs.auth must be \"basic\" or \"bearer\", not \"" + c.lrs.auth + "\"");
  if (c.lrs.batch_size < 1 || c.lrs.batch_size > 1000)
    return bad("sync.lrs.batch_size must be between 1 and 1000");
  if (c.lrs.timeout_seconds < 1) return bad("sync.lrs.timeout_seconds must be at least 1");
  if (c.sync_interval_seconds < 1) return bad("sync.interval_seconds must be at least 1");
  if (!(c.text_scale >= 1.0 && c.text_scale <= 2.0)) return bad("kiosk.text_scale must be between 1.0 and 2.0");
  if (c.language != "vi" && c.language != "en") return bad("kiosk.language must be \"vi\" or \"en\"");
  if (c.idle_minutes < 1 || c.idle_minutes > 240) return bad("kiosk.idle_minutes must be between 1 and 240");
  if (c.voice != "vi" && c.voice != "vi-vn-x-central" && c.voice != "vi-vn-x-south")
    return bad("kiosk.voice must be \"vi\", \"vi-vn-x-central\" or \"vi-vn-x-south\"");
  if (c.site_id.empty()) return bad("site.id must not be empty");
  if (c.channel_check_minutes < 1 || c.channel_check_minutes > 10080)
    return bad("content.check_minutes must be between 1 and 10080 (a week)");
  if (!c.channel.empty() && c.channel.rfind("https://", 0) != 0 && c.channel.rfind("http://", 0) != 0)
    return bad("content.channel must be an http:// or https:// URL, not \"" + c.channel + "\"");
  for (const auto& [group, e] : c.exam) {
    const std::string where = "exam." + group + ".";
    for (auto [name, v] : {std::pair{"pass_percent", e.pass_percent}, {"group_min_percent", e.group_min_percent}})
      if (v && (*v < 0 || *v > 100)) return bad(where + name + " must be between 0 and 100");
    if (e.group_min_questions && (*e.group_min_questions < 0 || *e.group_min_questions > 500))
      return bad(where + "group_min_questions must be between 0 and 500");
    if (e.time_limit_minutes && (*e.time_limit_minutes < 1 || *e.time_limit_minutes > 600))
      return bad(where + "time_limit_minutes must be between 1 and 600");
    for (const auto& [g, n] : e.questions)
      if (n < 0 || n > 500) return bad(where + "questions." + g + " must be between 0 and 500");
  }
  return {};
}

}  // namespace

Result<Config> parseConfig(std::string_view text, const std::string& source_name,
                           std::vector<ConfigWarning>* warnings) {
  Config config;
  if (auto line = bareNonAsciiLine(text))
    return fail(ErrorCode::Config, source_name + ":" + std::to_string(*line) + ": " + kBareNonAsciiMessage);
  toml::table parsed;
  try {
    parsed = toml::parse(text, source_name);
  } catch (const toml::parse_error& err) {
    return fail(ErrorCode::Config, source_name + ":" + std::to_string(err.source().begin.line) + ": " +
                                       std::string(err.description()));
  }
  auto r = walk(parsed, "", config, warnings, source_name);
  if (!r) return tl::unexpected(r.error());
  auto v = validate(config, source_name);
  if (!v) return tl::unexpected(v.error());
  return config;
}

Result<Config> loadConfig(const std::filesystem::path& path, bool required,
                          std::vector<ConfigWarning>* warnings) {
  std::error_code ec;
  if (path.empty() || !std::filesystem::exists(path, ec)) {
    if (required) return fail(ErrorCode::Config, "config file " + path.string() + " does not exist");
    return Config{};
  }
  auto text = readFileBounded(path, kSmallFileLimit);
  if (!text) return fail(ErrorCode::Config, "config file " + text.error().message);
  auto c = parseConfig(*text, path.string(), warnings);
  if (c) c->source = path;
  return c;
}

}  // namespace hocso
