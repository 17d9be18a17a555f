// Statements on the kiosk module's own tables (schema in kiosk_context.cpp).
#include "kiosk_tables.hpp"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/VariadicBind.h>

#include "base/transaction.hpp"

namespace hocso::app {

namespace {

// Runs `sql` with `values` bound in order, calling `row` on each row.
template <typename Row, typename... Values>
Result<void> query(SQLite::Database& db, const std::string& what, const char* sql, Row&& row, const Values&... values) {
  return guardedSql(what.c_str(), [&]() -> Result<void> {
    SQLite::Statement q(db, sql);
    SQLite::bind(q, values...);
    while (q.executeStep()) row(q);
    return {};
  });
}

// Runs a statement that returns no rows.
template <typename... Values>
Result<void> run(SQLite::Database& db, const std::string& what, const char* sql, const Values&... values) {
  return query(db, what, sql, [](SQLite::Statement&) {}, values...);
}

// The text of the first column of each row.
template <typename... Values>
Result<std::vector<std::string>> texts(SQLite::Database& db, const std::string& what, const char* sql,
                                       const Values&... values) {
  std::vector<std::string> out;
  auto ok = query(db, what, sql, [&](SQLite::Statement& q) { out.push_back(q.getColumn(0).getString()); }, values...);
  if (!ok) return tl::unexpected(ok.error());
  return out;
}

// The text of the first row's first column; nullopt when there is no row.
template <typename... Values>
Result<std::optional<std::string>> text(SQLite::Database& db, const std::string& what, const char* sql,
                                        const Values&... values) {
  auto all = texts(db, what, sql, values...);
  if (!all) return tl::unexpected(all.error());
  return all->empty() ? std::nullopt : std::optional<std::string>(all->front());
}

}  // namespace

// ---- kiosk_meta -------------------------------------------------------------

Result<std::optional<std::string>> KioskMetaRepository::get(const std::string& key) {
  const std::string what = "reading the kiosk's " + key + " failed";
  auto made = text(db_, what, "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'kiosk_meta'");
  if (!made || !*made) return made;
  return text(db_, what, "SELECT value FROM kiosk_meta WHERE key = ?", key);
}

Result<void> KioskMetaRepository::put(const std::string& key, const std::string& value) {
  return run(db_, "recording the kiosk's " + key + " failed",
             "INSERT INTO kiosk_meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
             key, value);
}

// ---- kiosk_settings ---------------------------------------------------------

Result<std::map<std::string, std::string>> SettingsRepository::all() {
  std::map<std::string, std::string> out;
  auto ok = query(db_, "reading the kiosk settings failed", "SELECT key, value FROM kiosk_settings",
                  [&](SQLite::Statement& q) { out[q.getColumn(0).getString()] = q.getColumn(1).getString(); });
  if (!ok) return tl::unexpected(ok.error());
  return out;
}

Result<std::optional<std::string>> SettingsRepository::get(const std::string& key) {
  return text(db_, "reading the kiosk setting " + key + " failed", "SELECT value FROM kiosk_settings WHERE key = ?", key);
}

Result<void> SettingsRepository::put(const std::string& key, const std::string& value, const std::string& changed_at,
                                     const std::string& changed_by) {
  return run(db_, "saving the kiosk setting " + key + " failed",
             "INSERT INTO kiosk_settings(key, value, changed_at, changed_by) VALUES (?, ?, ?, ?) "
             "ON CONFLICT(key) DO UPDATE SET value = excluded.value, changed_at = excluded.changed_at, "
             "changed_by = excluded.changed_by",
             key, value, changed_at, changed_by);
}

// ---- kiosk_mentors ----------------------------------------------------------

Result<std::vector<std::string>> MentorRepository::listedIds() {
  return texts(db_, "reading the Đại sứ số list failed", "SELECT learner_id FROM kiosk_mentors");
}

Result<void> MentorRepository::list(const std::string& learner_id, const std::string& listed_at,
                                    const std::string& listed_by) {
  return run(db_, "changing the Đại sứ số list failed",
             "INSERT INTO kiosk_mentors(learner_id, listed_at, listed_by) VALUES (?, ?, ?) "
             "ON CONFLICT(learner_id) DO NOTHING",
             learner_id, listed_at, listed_by);
}

Result<void> MentorRepository::unlist(const std::string& learner_id) {
  return run(db_, "changing the Đại sứ số list failed", "DELETE FROM kiosk_mentors WHERE learner_id = ?", learner_id);
}

// ---- kiosk_simulated_facilitators -------------------------------------------

Result<std::set<std::string>> SimulatedFacilitatorRepository::ids() {
  auto all = texts(db_, "reading the simulated facilitators failed",
                   "SELECT facilitator_id FROM kiosk_simulated_facilitators");
  if (!all) return tl::unexpected(all.error());
  return std::set<std::string>(all->begin(), all->end());
}

Result<void> SimulatedFacilitatorRepository::flag(const std::string& facilitator_id, const std::string& flagged_at) {
  return run(db_, "flagging the simulated facilitator failed",
             "INSERT INTO kiosk_simulated_facilitators(facilitator_id, flagged_at) VALUES (?, ?) "
             "ON CONFLICT(facilitator_id) DO NOTHING",
             facilitator_id, flagged_at);
}

// ---- kiosk_audit ------------------------------------------------------------

Result<void> AuditRepository::record(const AuditEntry& e) {
  return run(db_, "recording who did it failed",
             "INSERT INTO kiosk_audit(at, facilitator_id, action, learner_id) VALUES (?, ?, ?, ?)", e.at,
             e.facilitator_id, e.action, e.learner_id);
}

Result<std::vector<AuditEntry>> AuditRepository::ofLearner(const std::string& learner_id) {
  std::vector<AuditEntry> out;
  auto ok = query(
      db_, "reading the audit failed",
      "SELECT at, facilitator_id, action, learner_id FROM kiosk_audit WHERE learner_id = ? ORDER BY id",
      [&](SQLite::Statement& q) {
        out.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                       q.getColumn(3).getString()});
      },
      learner_id);
  if (!ok) return tl::unexpected(ok.error());
  return out;
}

}  // namespace hocso::app
