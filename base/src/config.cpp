// TOML → the declared targets: every known key has one type and a place to
// go; anything else is reported with its line.
#include "base/config.hpp"

#include <cmath>
#include <stdexcept>
#include <toml++/toml.h>

#include "base/files.hpp"
#include "base/toml_guard.hpp"

namespace hocso {

void ConfigSchema::add(const std::string& key, Key entry) {
  if (!keys_.emplace(key, std::move(entry)).second)
    throw std::logic_error("configuration key '" + key + "' is declared twice");
}

void ConfigSchema::section(const std::string& table, std::initializer_list<Field> fields) {
  if (auto it = keys_.find(table); it == keys_.end() || it->second.kind != Kind::Table)
    add(table, Key{.kind = Kind::Table});
  for (const auto& f : fields) add(table + "." + f.name_, Key{.kind = f.kind_, .target = f.target_});
}
void ConfigSchema::namedTable(const std::string& key, NamedTable apply) {
  add(key, Key{.kind = Kind::Table, .named_table = std::move(apply)});
}
void ConfigSchema::namedInteger(const std::string& key, NamedInteger apply) {
  add(key, Key{.kind = Kind::Int, .named_integer = std::move(apply)});
}
void ConfigSchema::namedIntTable(const std::string& key, NamedIntTable apply) {
  add(key, Key{.kind = Kind::IntTable, .named_int_table = std::move(apply)});
}
void ConfigSchema::check(Check rule) { checks_.push_back(std::move(rule)); }

namespace {

std::string typeName(const toml::node& n) {
  if (n.is_string()) return "a string";
  if (n.is_integer()) return "an integer";
  if (n.is_floating_point()) return "a number";
  if (n.is_boolean()) return "a boolean";
  if (n.is_array()) return "a list";
  if (n.is_table()) return "a table";
  return "a date or time";
}

std::string lineOf(const toml::node& n) { return std::to_string(n.source().begin.line); }

int asInt(const toml::node& n) { return static_cast<int>(*n.value<int64_t>()); }

}  // namespace

// One walk over a parsed file: finds each key's declaration, checks its type
// and stores the value.
class ConfigSchema::Reader {
 public:
  Reader(const std::map<std::string, Key>& keys, const std::string& source, std::vector<ConfigWarning>* warnings)
      : keys_(keys), source_(source), warnings_(warnings) {}

  Result<void> walk(const toml::table& table, const std::string& prefix) {
    for (const auto& [k, node] : table) {
      const std::string key = prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
      std::string name;
      auto it = find(key, name);
      if (it == keys_.end()) {
        if (warnings_)
          warnings_->push_back({source_ + ":" + lineOf(node) + ": unknown key '" + key + "' is ignored (a typo?)"});
        continue;
      }
      if (auto r = read(key, name, it->second, node); !r) return r;
    }
    return {};
  }

 private:
  // The declaration of `key`; a key under a named table ("exam.citizen.x")
  // matches "exam.*.x", and `name` receives "citizen".
  std::map<std::string, Key>::const_iterator find(const std::string& key, std::string& name) const {
    auto it = keys_.find(key);
    const size_t dot = key.find('.');
    if (it != keys_.end() || dot == std::string::npos) return it;
    const size_t end = key.find('.', dot + 1);
    name = key.substr(dot + 1, end == std::string::npos ? std::string::npos : end - dot - 1);
    return keys_.find(key.substr(0, dot + 1) + "*" + (end == std::string::npos ? "" : key.substr(end)));
  }

  Result<void> read(const std::string& key, const std::string& name, const Key& decl, const toml::node& node) {
    if (!hasKind(node, decl.kind))
      return fail(ErrorCode::Config, source_ + ":" + lineOf(node) + ": '" + key + "' must be " + kindName(decl.kind) +
                                         ", not " + typeName(node));
    // TOML allows nan and inf; no setting means either (and a NaN passes
    // every range check).
    if (node.is_floating_point() && !std::isfinite(*node.value<double>()))
      return fail(ErrorCode::Config, source_ + ":" + lineOf(node) + ": '" + key + "' must be a finite number, not " +
                                         std::string(std::isnan(*node.value<double>()) ? "nan" : "inf"));
    if (decl.kind == Kind::Table) {
      if (decl.named_table) decl.named_table(name, std::string(node.source().path ? *node.source().path : "") + ":" + lineOf(node));
      return walk(*node.as_table(), key);
    }
    store(name, decl, node);
    return {};
  }

  static void store(const std::string& name, const Key& decl, const toml::node& node) {
    switch (decl.kind) {
      case Kind::Text: *static_cast<std::string*>(decl.target) = *node.value<std::string>(); break;
      case Kind::Number:
        *static_cast<double*>(decl.target) =
            node.is_integer() ? static_cast<double>(*node.value<int64_t>()) : *node.value<double>();
        break;
      case Kind::Bool: *static_cast<bool*>(decl.target) = *node.value<bool>(); break;
      case Kind::Int:
        if (decl.named_integer) decl.named_integer(name, asInt(node));
        else *static_cast<int*>(decl.target) = asInt(node);
        break;
      case Kind::Texts: {
        auto& out = *static_cast<std::vector<std::string>*>(decl.target);
        out.clear();
        for (const auto& item : *node.as_array()) out.push_back(*item.value<std::string>());
        break;
      }
      case Kind::IntTable: {
        std::map<std::string, int> values;
        for (const auto& [k, v] : *node.as_table()) values[std::string(k.str())] = asInt(v);
        decl.named_int_table(name, values);
        break;
      }
      case Kind::Table: break;
    }
  }

  static bool hasKind(const toml::node& n, Kind k) {
    switch (k) {
      case Kind::Text: return n.is_string();
      case Kind::Int: return n.is_integer();
      case Kind::Number: return n.is_floating_point() || n.is_integer();
      case Kind::Bool: return n.is_boolean();
      case Kind::Table: return n.is_table();
      case Kind::IntTable: {
        if (!n.is_table()) return false;
        for (const auto& entry : *n.as_table())
          if (!entry.second.is_integer()) return false;
        return true;
      }
      case Kind::Texts: {
        if (!n.is_array()) return false;
        for (const auto& item : *n.as_array())
          if (!item.is_string()) return false;
        return true;
      }
    }
    return false;
  }

  static const char* kindName(Kind k) {
    switch (k) {
      case Kind::Text: return "a string";
      case Kind::Int: return "an integer";
      case Kind::Number: return "a number";
      case Kind::Bool: return "true or false";
      case Kind::Texts: return "a list of strings";
      case Kind::Table: return "a table";
      case Kind::IntTable: return "a table of whole numbers like { \"0\" = 5 }";
    }
    return "?";
  }

  const std::map<std::string, Key>& keys_;
  const std::string& source_;
  std::vector<ConfigWarning>* warnings_;
};

Result<void> ConfigSchema::parse(std::string_view text, const std::string& source_name,
                                 std::vector<ConfigWarning>* warnings) const {
  if (auto line = bareNonAsciiLine(text))
    return fail(ErrorCode::Config, source_name + ":" + std::to_string(*line) + ": " + kBareNonAsciiMessage);
  toml::table parsed;
  try {
    parsed = toml::parse(text, source_name);
  } catch (const toml::parse_error& err) {
    return fail(ErrorCode::Config, source_name + ":" + std::to_string(err.source().begin.line) + ": " +
                                       std::string(err.description()));
  }
  Reader reader(keys_, source_name, warnings);
  if (auto r = reader.walk(parsed, ""); !r) return r;
  for (const auto& rule : checks_)
    if (auto problem = rule()) return fail(ErrorCode::Config, source_name + ": " + *problem);
  return {};
}

Result<std::optional<std::string>> readConfigText(const std::filesystem::path& path, bool required) {
  std::error_code ec;
  if (path.empty() || !std::filesystem::exists(path, ec)) {
    if (required) return fail(ErrorCode::Config, "config file " + path.string() + " does not exist");
    return std::optional<std::string>{};
  }
  auto text = readFileBounded(path, kSmallFileLimit);
  if (!text) return fail(ErrorCode::Config, "config file " + text.error().message);
  return std::optional<std::string>{std::move(*text)};
}

}  // namespace hocso
