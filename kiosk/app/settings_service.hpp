// Kiosk settings a facilitator changes on screen (site name, language, idle
// timeout, read-aloud voice), kept in kiosk.db (table kiosk_settings) so they
// survive a restart; openKiosk applies them over hocso.toml's values.
#pragma once

#include <SQLiteCpp/Database.h>

#include <optional>
#include <string>
#include <vector>

#include "kiosk_config.hpp"
#include "base/error.hpp"
#include "kiosk_context.hpp"

namespace hocso::app {

// What was changed on the kiosk; an empty field keeps hocso.toml's value.
struct KioskSettings {
  std::optional<std::string> site_name;
  std::optional<std::string> language;   // "vi" | "en"
  std::optional<int> idle_minutes;       // 1 – 240
  std::optional<std::string> voice;      // "vi" | "vi-vn-x-central" | "vi-vn-x-south"
};

inline const std::vector<std::string> kLanguages = {"vi", "en"};
inline const std::vector<std::string> kVoices = {"vi", "vi-vn-x-central", "vi-vn-x-south"};
inline constexpr int kMinIdleMinutes = 1, kMaxIdleMinutes = 240;

// The saved settings (read-only, no transaction). A row that is not valid
// (hand-edited, a newer version's) is ignored field by field, with a warning.
Result<KioskSettings> loadSavedSettings(SQLite::Database& db);
// Whether a facilitator left the kiosk paused (read-only; see SettingsService).
Result<bool> readPaused(SQLite::Database& db);
// Overwrites the fields of `config` that `settings` holds.
void applySettings(const KioskSettings& settings, Config& config);
// English message for the first invalid field, or nullopt.
std::optional<std::string> validateSettings(const KioskSettings& settings);

class SettingsService {
 public:
  explicit SettingsService(KioskContext& ctx) : ctx_(ctx) {}
  // Validates and stores the given fields in one transaction (who changed
  // them is recorded), then applies them to the running kiosk's config.
  Result<void> save(const KioskSettings& changes, const std::string& facilitator_id);

  // The kiosk paused by a facilitator (row "paused" = "1"): kept so that a
  // power cut or a crash brings the kiosk back paused, until a facilitator
  // resumes it with their PIN ("0", recording who resumed it).
  Result<void> setPaused(bool paused, const std::string& facilitator_id);
  // Whether the kiosk was left paused (false when never paused).
  Result<bool> paused();

 private:
  KioskContext& ctx_;
};

}  // namespace hocso::app
