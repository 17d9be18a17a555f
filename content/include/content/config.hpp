// The content module's part of the configuration file: [content] (the pack,
// the keys trusted to sign packs, the channel of updates) and
// [exam.<target_group>] (overrides of the framework's exam blueprints, which
// applyExamOverrides puts on top of the framework).
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/config.hpp"

namespace hocso::content {

// [exam.<target_group>]: what is not set keeps the framework's value.
struct ExamOverride {
  std::optional<int> time_limit_minutes;
  std::optional<int> pass_percent;
  std::optional<int> group_min_percent;
  std::optional<int> group_min_questions;  // the group minimum applies to groups with at least this many questions
  std::map<std::string, int> questions;    // skill group code → count, merged over the framework's
  std::string origin;                      // "file:line" of the [exam.<group>] table (messages)
};

struct ContentConfig {
  // [content]
  std::vector<std::string> trusted_keys;
  std::string pack;                // a pack source dir or file; empty = the installed default
  std::string channel;             // URL of the channel manifest (sync/README.md); empty = no downstream updates
  int channel_check_minutes = 60;  // the sync worker looks at the channel at most this often
  std::filesystem::path key_folder; // relative trusted_keys are read from here: the config file's folder
  // [exam.<target_group>]
  std::map<std::string, ExamOverride> exam;
};

// Declares [content] and [exam.*] with their rules into `schema`; values go to `config`.
void describeConfig(ConfigSchema& schema, ContentConfig& config);

}  // namespace hocso::content
