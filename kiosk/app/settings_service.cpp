// The kiosk settings: checked, saved and applied (rows: kiosk_tables.hpp).
#include "settings_service.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>

#include "assessment/identity.hpp"
#include "base/ids.hpp"
#include "kiosk_tables.hpp"
#include "service_support.hpp"

namespace hocso::app {

namespace {

bool oneOf(const std::string& v, const std::vector<std::string>& allowed) {
  return std::find(allowed.begin(), allowed.end(), v) != allowed.end();
}

// A whole number written the way save() writes one: digits only (an
// optional minus), nothing before or after, in range. "nan", "inf", "1e3",
// "5 minutes" or an overflowing number are not numbers here.
std::optional<int> wholeNumber(const std::string& text) {
  int v = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, v);
  if (ec != std::errc() || ptr != end || text.empty()) return std::nullopt;
  return v;
}

}  // namespace

Result<KioskSettings> loadSavedSettings(SQLite::Database& db) {
  auto rows = SettingsRepository(db).all();
  if (!rows) return tl::unexpected(rows.error());
  KioskSettings s;
  for (const auto& [key, value] : *rows) {
    if (key == "site_name") s.site_name = value;
    else if (key == "language") s.language = value;
    else if (key == "voice") s.voice = value;
    else if (key == "idle_minutes") {
      s.idle_minutes = wholeNumber(value);
      if (!s.idle_minutes) spdlog::warn("saved kiosk setting idle_minutes = '{}' is not a whole number; ignored", value);
    }
  }
  // A row written by a newer version or by hand that is not valid is ignored
  // field by field rather than stopping the kiosk.
  if (s.language && !oneOf(*s.language, kLanguages)) s.language.reset();
  if (s.voice && !oneOf(*s.voice, kVoices)) s.voice.reset();
  if (s.idle_minutes && (*s.idle_minutes < kMinIdleMinutes || *s.idle_minutes > kMaxIdleMinutes)) s.idle_minutes.reset();
  if (s.site_name && assessment::trimSpaces(*s.site_name).empty()) s.site_name.reset();
  return s;
}

void applySettings(const KioskSettings& s, Config& config) {
  if (s.site_name) config.site_name = *s.site_name;
  if (s.language) config.language = *s.language;
  if (s.idle_minutes) config.idle_minutes = *s.idle_minutes;
  if (s.voice) config.voice = *s.voice;
}

std::optional<std::string> validateSettings(const KioskSettings& s) {
  if (s.site_name) {
    const std::string n = assessment::trimSpaces(*s.site_name);
    if (n.empty() || assessment::utf8Length(n) > 80) return "the site name must be 1 to 80 characters";
  }
  if (s.language && !oneOf(*s.language, kLanguages)) return "the language must be vi or en";
  if (s.voice && !oneOf(*s.voice, kVoices)) return "the voice must be vi, vi-vn-x-central or vi-vn-x-south";
  if (s.idle_minutes && (*s.idle_minutes < kMinIdleMinutes || *s.idle_minutes > kMaxIdleMinutes))
    return "the idle timeout must be 1 to 240 minutes";
  return std::nullopt;
}

Result<void> SettingsService::save(const KioskSettings& changes, const std::string& facilitator_id) {
  if (auto bad = validateSettings(changes)) return fail(ErrorCode::Invalid, *bad);
  KioskSettings clean = changes;
  if (clean.site_name) clean.site_name = assessment::trimSpaces(*clean.site_name);
  const std::string at = nowIso8601();
  std::vector<std::pair<const char*, std::string>> rows;
  if (clean.site_name) rows.emplace_back("site_name", *clean.site_name);
  if (clean.language) rows.emplace_back("language", *clean.language);
  if (clean.idle_minutes) rows.emplace_back("idle_minutes", std::to_string(*clean.idle_minutes));
  if (clean.voice) rows.emplace_back("voice", *clean.voice);
  auto ok = writeTransaction(*ctx_.db, "saving the kiosk settings failed", [&]() -> Result<void> {
    SettingsRepository settings(*ctx_.db);
    for (const auto& [key, value] : rows)
      if (auto put = settings.put(key, value, at, facilitator_id); !put) return put;
    return {};
  });
  if (!ok) return ok;
  applySettings(clean, ctx_.config);
  return {};
}

Result<void> SettingsService::setPaused(bool paused, const std::string& facilitator_id) {
  return writeTransaction(*ctx_.db, "saving the pause failed", [&]() -> Result<void> {
    return SettingsRepository(*ctx_.db).put("paused", paused ? "1" : "0", nowIso8601(), facilitator_id);
  });
}

Result<bool> SettingsService::paused() { return readPaused(*ctx_.db); }

Result<bool> readPaused(SQLite::Database& db) {
  auto value = SettingsRepository(db).get("paused");
  if (!value) return tl::unexpected(value.error());
  // Anything but "0" (a row edited by hand) keeps the kiosk paused: only
  // a facilitator's PIN lifts a pause.
  return value->has_value() && **value != "0";
}

}  // namespace hocso::app
