// Kiosk configuration: built-in defaults, overridden by a TOML file.
// Unknown keys are warnings (probably typos), wrong types are errors.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/error.hpp"

namespace hocso {

struct LrsConfig {
  std::string endpoint;           // e.g. http://127.0.0.1:8081/xAPI/ ; empty = not configured
  std::string auth = "basic";     // basic | bearer
  std::string username;
  std::string password;           // inline (older configs); password_file wins when set
  std::string password_file;      // basic auth password in a root-only file, read at send time
  std::string token_file;         // bearer token, read at send time
  int batch_size = 100;
  int timeout_seconds = 30;
};

struct CertificationConfig {
  std::string endpoint;
  std::string token_file;
};

// [exam.<target_group>]: overrides of the framework's exam blueprint for one
// target group; what is not set keeps the framework's value.
struct ExamOverride {
  std::optional<int> time_limit_minutes;
  std::optional<int> pass_percent;
  std::optional<int> group_min_percent;
  std::optional<int> group_min_questions;   // the group minimum applies to groups with at least this many questions
  std::map<std::string, int> questions;   // skill group code → count, merged over the framework's
  std::string origin;                     // "file:line" of the [exam.<group>] table (messages)
};

struct Config {
  // [site]
  std::string site_id = "local";
  std::string site_name = "Nhà văn hóa";
  // [kiosk]
  std::string kiosk_id;           // empty: generated once and kept in kiosk.db
  std::string language = "vi";    // vi | en
  double text_scale = 1.0;        // 1.0 – 2.0
  bool high_contrast = false;
  int idle_minutes = 5;           // a signed-in learner idle this long is signed out (warning first)
  std::string voice = "vi";       // read-aloud voice: vi (Northern) | vi-vn-x-central | vi-vn-x-south
  // [sync]
  int sync_interval_seconds = 300;
  std::string ca_bundle;
  std::string bundle_public_key;  // X25519 public key (PEM) of the central office: USB bundles are sealed to it
  std::string activity_base = "https://hocso.invalid/xapi/";  // IRI prefix for activity ids
  std::string account_home_page = "https://hocso.invalid";    // xAPI account homePage
  LrsConfig lrs;
  CertificationConfig certification;
  // [content]
  std::vector<std::string> trusted_keys;
  std::string pack;               // a pack source dir or file; empty = the installed default
  std::string channel;            // URL of the channel manifest (sync/README.md); empty = no downstream updates
  int channel_check_minutes = 60; // the sync worker looks at the channel at most this often
  // [exam.<target_group>]
  std::map<std::string, ExamOverride> exam;

  std::filesystem::path source;   // the file it came from (empty: defaults only)
};

struct ConfigWarning {
  std::string message;            // "unknown key 'sync.lrs.edpoint' at line 12 (typo?)"
};

// Loads `path`. A missing file is an error only when `required` (the user
// named it with --config); otherwise the defaults are returned.
Result<Config> loadConfig(const std::filesystem::path& path, bool required,
                          std::vector<ConfigWarning>* warnings);

Result<Config> parseConfig(std::string_view toml_text, const std::string& source_name,
                           std::vector<ConfigWarning>* warnings);

}  // namespace hocso
