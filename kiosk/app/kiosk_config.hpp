// The kiosk's configuration: its own [site] and [kiosk] sections, composed
// with the sections each module declares (content/config.hpp,
// sync/config.hpp) and read from one TOML file (base/config.hpp). Built-in
// defaults apply to what the file does not set.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "base/config.hpp"
#include "content/config.hpp"
#include "sync/config.hpp"

namespace hocso {

struct KioskConfig {
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
};

// Declares [site] and [kiosk] with their rules into `schema`.
void describeConfig(ConfigSchema& schema, KioskConfig& config);

// The whole file: each module's section. A `const Config&` is also each
// module's own section (`const sync::SyncConfig&`, ...), which is all a
// module's functions take.
struct Config : KioskConfig, sync::SyncConfig, content::ContentConfig {
  std::filesystem::path source;   // the file it came from (empty: defaults only)
  // Records the file the values came from (relative trusted_keys are in its folder).
  void cameFrom(const std::filesystem::path& file) {
    source = file;
    key_folder = file.parent_path();
  }
};

// Loads `path`. A missing file is an error only when `required` (the user
// named it with --config); otherwise the defaults are returned.
Result<Config> loadConfig(const std::filesystem::path& path, bool required,
                          std::vector<ConfigWarning>* warnings);

Result<Config> parseConfig(std::string_view toml_text, const std::string& source_name,
                           std::vector<ConfigWarning>* warnings);

}  // namespace hocso
