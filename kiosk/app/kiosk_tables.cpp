// Statements on the kiosk module's own tables (schema in kiosk_context.cpp).
#include "kiosk_tables.hpp"

#include <SQLiteCpp/Statement.h>

#include "base/transaction.hpp"

namespace hocso::app {

// ---- kiosk_meta -------------------------------------------------------------

Result<std::optional<std::string>> KioskMetaRepository::get(const std::string& key) {
  const std::string what = "reading the kiosk's " + key + " failed";
  return guardedSql(what.c_str(), [&]() -> Result<std::optional<std::string>> {
    SQLite::Statement made(db_, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'kiosk_meta'");
    if (!made.executeStep()) return std::optional<std::string>();
    SQLite::Statement q(db_, "SELECT value FROM kiosk_meta WHERE key = ?");
    q.bind(1, key);
    if (q.executeStep()) return std::optional<std::string>(q.getColumn(0).getString());
    return std::optional<std::string>();
  });
}

Result<void> KioskMetaRepository::put(const std::string& key, const std::string& value) {
  const std::string what = "recording the kiosk's " + key + " failed";
  return guardedSql(what.c_str(), [&]() -> Result<void> {
    SQLite::Statement q(db_, "INSERT INTO kiosk_meta(key, value) VALUES (?, ?) "
                             "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    q.bind(1, key);
    q.bind(2, value);
    q.exec();
    return {};
  });
}

// ---- kiosk_settings ---------------------------------------------------------

Result<std::map<std::string, std::string>> SettingsRepository::all() {
  return guardedSql("reading the kiosk settings failed", [&]() -> Result<std::map<std::string, std::string>> {
    std::map<std::string, std::string> out;
    SQLite::Statement q(db_, "SELECT key, value FROM kiosk_settings");
    while (q.executeStep()) out[q.getColumn(0).getString()] = q.getColumn(1).getString();
    return out;
  });
}

Result<std::optional<std::string>> SettingsRepository::get(const std::string& key) {
  const std::string what = "reading the kiosk setting " + key + " failed";
  return guardedSql(what.c_str(), [&]() -> Result<std::optional<std::string>> {
    SQLite::Statement q(db_, "SELECT value FROM kiosk_settings WHERE key = ?");
    q.bind(1, key);
    if (q.executeStep()) return std::optional<std::string>(q.getColumn(0).getString());
    return std::optional<std::string>();
  });
}

Result<void> SettingsRepository::put(const std::string& key, const std::string& value, const std::string& changed_at,
                                     const std::string& changed_by) {
  const std::string what = "saving the kiosk setting " + key + " failed";
  return guardedSql(what.c_str(), [&]() -> Result<void> {
    SQLite::Statement q(db_,
                        "INSERT INTO kiosk_settings(key, value, changed_at, changed_by) VALUES (?, ?, ?, ?) "
                        "ON CONFLICT(key) DO UPDATE SET value = excluded.value, changed_at = excluded.changed_at, "
                        "changed_by = excluded.changed_by");
    q.bind(1, key);
    q.bind(2, value);
    q.bind(3, changed_at);
    q.bind(4, changed_by);
    q.exec();
    return {};
  });
}

// ---- kiosk_mentors ----------------------------------------------------------

Result<std::vector<std::string>> MentorRepository::listedIds() {
  return guardedSql("reading the Đại sứ số list failed", [&]() -> Result<std::vector<std::string>> {
    std::vector<std::string> ids;
    SQLite::Statement q(db_, "SELECT learner_id FROM kiosk_mentors");
    while (q.executeStep()) ids.push_back(q.getColumn(0).getString());
    return ids;
  });
}

Result<void> MentorRepository::list(const std::string& learner_id, const std::string& listed_at,
                                    const std::string& listed_by) {
  return guardedSql("changing the Đại sứ số list failed", [&]() -> Result<void> {
    SQLite::Statement ins(db_,
                          "INSERT INTO kiosk_mentors(learner_id, listed_at, listed_by) VALUES (?, ?, ?) "
                          "ON CONFLICT(learner_id) DO NOTHING");
    ins.bind(1, learner_id);
    ins.bind(2, listed_at);
    ins.bind(3, listed_by);
    ins.exec();
    return {};
  });
}

Result<void> MentorRepository::unlist(const std::string& learner_id) {
  return guardedSql("changing the Đại sứ số list failed", [&]() -> Result<void> {
    SQLite::Statement del(db_, "DELETE FROM kiosk_mentors WHERE learner_id = ?");
    del.bind(1, learner_id);
    del.exec();
    return {};
  });
}

// ---- kiosk_simulated_facilitators -------------------------------------------

Result<std::set<std::string>> SimulatedFacilitatorRepository::ids() {
  return guardedSql("reading the simulated facilitators failed", [&]() -> Result<std::set<std::string>> {
    std::set<std::string> out;
    SQLite::Statement q(db_, "SELECT facilitator_id FROM kiosk_simulated_facilitators");
    while (q.executeStep()) out.insert(q.getColumn(0).getString());
    return out;
  });
}

Result<void> SimulatedFacilitatorRepository::flag(const std::string& facilitator_id, const std::string& flagged_at) {
  return guardedSql("flagging the simulated facilitator failed", [&]() -> Result<void> {
    SQLite::Statement ins(db_,
                          "INSERT INTO kiosk_simulated_facilitators(facilitator_id, flagged_at) VALUES (?, ?) "
                          "ON CONFLICT(facilitator_id) DO NOTHING");
    ins.bind(1, facilitator_id);
    ins.bind(2, flagged_at);
    ins.exec();
    return {};
  });
}

// ---- kiosk_audit ------------------------------------------------------------

Result<void> AuditRepository::record(const AuditEntry& e) {
  return guardedSql("recording who did it failed", [&]() -> Result<void> {
    SQLite::Statement ins(db_, "INSERT INTO kiosk_audit(at, facilitator_id, action, learner_id) VALUES (?, ?, ?, ?)");
    ins.bind(1, e.at);
    ins.bind(2, e.facilitator_id);
    ins.bind(3, e.action);
    ins.bind(4, e.learner_id);
    ins.exec();
    return {};
  });
}

Result<std::vector<AuditEntry>> AuditRepository::ofLearner(const std::string& learner_id) {
  return guardedSql("reading the audit failed", [&]() -> Result<std::vector<AuditEntry>> {
    std::vector<AuditEntry> out;
    SQLite::Statement q(db_,
                        "SELECT at, facilitator_id, action, learner_id FROM kiosk_audit WHERE learner_id = ? ORDER BY id");
    q.bind(1, learner_id);
    while (q.executeStep())
      out.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                     q.getColumn(3).getString()});
    return out;
  });
}

}  // namespace hocso::app
