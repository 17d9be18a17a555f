// The configuration file's reader, shared by every module: a declared schema
// of dotted keys ("sync.lrs.batch_size"), each with one type and a place to
// go. Each module declares its own section (content/config.hpp,
// sync/config.hpp, the kiosk's kiosk_config.hpp) into one schema; the kiosk
// composes them and reads the file once. Unknown keys are warnings (probably
// typos), wrong types and bad values are errors naming the key and its line.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"

namespace hocso {

struct ConfigWarning {
  std::string message;            // "hocso.toml:12: unknown key 'sync.lrs.edpoint' is ignored (a typo?)"
};

class ConfigSchema {
  enum class Kind { Text, Int, Number, Bool, Texts, Table, IntTable };

 public:
  // One key of a table and where its value goes (the type follows the
  // target's). The target must outlive parse().
  class Field {
   public:
    Field(const char* name, std::string& target) : name_(name), kind_(Kind::Text), target_(&target) {}
    Field(const char* name, int& target) : name_(name), kind_(Kind::Int), target_(&target) {}
    Field(const char* name, double& target) : name_(name), kind_(Kind::Number), target_(&target) {}  // integers too
    Field(const char* name, bool& target) : name_(name), kind_(Kind::Bool), target_(&target) {}
    Field(const char* name, std::vector<std::string>& target) : name_(name), kind_(Kind::Texts), target_(&target) {}

   private:
    friend class ConfigSchema;
    const char* name_;
    Kind kind_;
    void* target_;
  };
  // A table ("sync.lrs") and its keys ({"endpoint", c.lrs.endpoint} is
  // "sync.lrs.endpoint"). A table may be named again with more keys; a key
  // declared twice is a programming error (std::logic_error).
  void section(const std::string& table, std::initializer_list<Field> fields);

  // Tables by name: "exam.*" matches [exam.citizen], and keys under it
  // ("exam.*.pass_percent") are given the name ("citizen").
  using NamedTable = std::function<void(const std::string& name, const std::string& origin)>;
  using NamedInteger = std::function<void(const std::string& name, int value)>;
  using NamedIntTable = std::function<void(const std::string& name, const std::map<std::string, int>& values)>;
  void namedTable(const std::string& key, NamedTable apply);        // origin = "file:line" of the table
  void namedInteger(const std::string& key, NamedInteger apply);
  void namedIntTable(const std::string& key, NamedIntTable apply);  // { "0" = 5, "1" = 3 }

  // A rule over the values read, run after every key is read, in the order
  // declared: it returns the problem ("sync.lrs.batch_size must be between
  // 1 and 1000"), or nothing when the values are fine.
  using Check = std::function<std::optional<std::string>()>;
  void check(Check rule);

  // Reads `toml_text` into the targets, then runs the checks. The source
  // name prefixes every message ("hocso.toml:12: ...").
  Result<void> parse(std::string_view toml_text, const std::string& source_name,
                     std::vector<ConfigWarning>* warnings) const;

 private:
  struct Key {
    Kind kind = Kind::Table;
    void* target = nullptr;          // std::string*, int*, double*, bool*, std::vector<std::string>*
    NamedTable named_table = nullptr;  // or one of these, for a key under a named table
    NamedInteger named_integer = nullptr;
    NamedIntTable named_int_table = nullptr;
  };
  class Reader;
  void add(const std::string& key, Key entry);
  std::map<std::string, Key> keys_;
  std::vector<Check> checks_;
};

// The text of a configuration file, read with a small bound. A missing file
// is an error only when `required` (the user named it with --config);
// otherwise the result is empty (defaults apply).
Result<std::optional<std::string>> readConfigText(const std::filesystem::path& path, bool required);

}  // namespace hocso
