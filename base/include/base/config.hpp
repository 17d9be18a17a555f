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
 public:
  // A table that may appear ("sync", "sync.lrs").
  void table(const std::string& key);
  // Keys with a fixed place; `target` must outlive parse().
  void text(const std::string& key, std::string& target);
  void integer(const std::string& key, int& target);
  void number(const std::string& key, double& target);   // an integer is accepted too
  void boolean(const std::string& key, bool& target);
  void texts(const std::string& key, std::vector<std::string>& target);

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
  enum class Kind { Text, Int, Number, Bool, Texts, Table, IntTable };
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
