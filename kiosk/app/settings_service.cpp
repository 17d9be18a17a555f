// kiosk_settings rows: one per changed setting, key → text value.
#include "settings_service.hpp"

#include <SQLiteCpp/Statement.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>

#include "assessment/identity.hpp"
#include "base/ids.hpp"
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
  try {
    KioskSettings s;
    SQLite::Statement q(db, "SELECT key, value FROM kiosk_settings");
    while (q.executeStep()) {
      const std::string key = q.getColumn(0).getString(), value = q.getColumn(1).getString();
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
  } catch (const SQLite::Exception& e) {
    return fail(ErrorCode::Database, std::string("reading the kiosk settings failed: ") + e.what());
  }
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
  auto ok = writeTransaction(*ctx_.db, "saving the kiosk settings failed", [&]() -> Result<void> {
    SQLite::Statement q(*ctx_.db,
                        "INSERT INTO kiosk_settings(key, value, changed_at, changed_by) VALUES (?, ?, ?, ?) "
                        "ON CONFLICT(key) DO UPDATE SET value = excluded.value, changed_at = excluded.changed_at, "
                        "changed_by = excluded.changed_by");
    auto put = [&](const char* key, const std::string& value) {
      q.bind(1, key);
      q.bind(2, value);
      q.bind(3, at);
      q.bind(4, facilitator_id);
      q.exec();
      q.reset();
    };
    if (clean.site_name) put("site_name", *clean.site_name);
    if (clean.language) put("language", *clean.language);
    if (clean.idle_minutes) put("idle_minutes", std::to_string(*clean.idle_minutes));
    if (clean.voice) put("voice", *clean.voice);
    return {};
  });
  if (!ok) return ok;
  applySettings(clean, ctx_.config);
  return {};
}

Result<void> SettingsService::setPaused(bool paused, const std::string& facilitator_id) {
  return writeTransaction(*ctx_.db, "saving the pause failed", [&]() -> Result<void> {
    SQLite::Statement q(*ctx_.db,
                        "INSERT INTO kiosk_settings(key, value, changed_at, changed_by) VALUES ('paused', ?, ?, ?) "
                        "ON CONFLICT(key) DO UPDATE SET value = excluded.value, changed_at = excluded.changed_at, "
                        "changed_by = excluded.changed_by");
    q.bind(1, paused ? "1" : "0");
    q.bind(2, nowIso8601());
    q.bind(3, facilitator_id);
    q.exec();
    return {};
  });
}

Result<bool> SettingsService::paused() { return readPaused(*ctx_.db); }

Result<bool> readPaused(SQLite::Database& db) {
  try {
    SQLite::Statement q(db, "SELECT value FROM kiosk_settings WHERE key = 'paused'");
    // Anything but "0" (a row edited by hand) keeps the kiosk paused: only
    // a facilitator's PIN lifts a pause.
    return q.executeStep() && q.getColumn(0).getString() != "0";
  } catch (const SQLite::Exception& e) {
    return fail(ErrorCode::Database, std::string("reading the pause failed: ") + e.what());
  }
}

}  // namespace hocso::app
