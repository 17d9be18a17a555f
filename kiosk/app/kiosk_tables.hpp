// The kiosk module's own tables in kiosk.db (created by kioskSchema() in
// kiosk_context.cpp): every statement on them is here, nowhere else.
// Like assessment's repositories, these never open transactions: the
// services that call them own those (writeTransaction, BEGIN IMMEDIATE).
#pragma once

#include <SQLiteCpp/Database.h>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "base/error.hpp"

namespace hocso::app {

// What each repository below holds: the connection its caller's transaction is on.
class KioskTable {
 public:
  explicit KioskTable(SQLite::Database& db) : db_(db) {}

 protected:
  SQLite::Database& db_;
};

// kiosk_meta: the kiosk's identity, key by key ("kiosk_id", "machine_id",
// "database_id", "data_key_id", "signing_key_id"; others kept as found).
class KioskMetaRepository : public KioskTable {
 public:
  using KioskTable::KioskTable;
  // nullopt when the key has no row, or when kiosk_meta is not created yet
  // (the key checks read a database before the kiosk's migrations run).
  Result<std::optional<std::string>> get(const std::string& key);
  // Inserts or replaces the key's value.
  Result<void> put(const std::string& key, const std::string& value);
};

// kiosk_settings: the settings a facilitator changed on the kiosk, key → text
// value, with when and by whom (settings_service.hpp reads and checks them).
class SettingsRepository : public KioskTable {
 public:
  using KioskTable::KioskTable;
  // Every saved row, key → value (unchecked).
  Result<std::map<std::string, std::string>> all();
  Result<std::optional<std::string>> get(const std::string& key);
  // Inserts or replaces the key's value, recording when and who.
  Result<void> put(const std::string& key, const std::string& value, const std::string& changed_at,
                   const std::string& changed_by);
};

// kiosk_mentors: the learners listed as Đại sứ số of this kiosk.
class MentorRepository : public KioskTable {
 public:
  using KioskTable::KioskTable;
  // The listed learners' ids (in no particular order).
  Result<std::vector<std::string>> listedIds();
  // Lists a learner; one already listed keeps when and by whom it was first.
  Result<void> list(const std::string& learner_id, const std::string& listed_at, const std::string& listed_by);
  // No longer listed (nothing to do when they were not).
  Result<void> unlist(const std::string& learner_id);
};

// kiosk_simulated_facilitators: facilitators made by `hocso simulate`.
class SimulatedFacilitatorRepository : public KioskTable {
 public:
  using KioskTable::KioskTable;
  Result<std::set<std::string>> ids();
  // Flags a facilitator; one already flagged keeps its first time.
  Result<void> flag(const std::string& facilitator_id, const std::string& flagged_at);
};

struct AuditEntry {
  std::string at;                   // ISO 8601 UTC
  std::string facilitator_id;
  std::string action;               // "pin_reset" | "learner_erased"
  std::string learner_id;
};

// kiosk_audit: what a facilitator did to a learner's account.
class AuditRepository : public KioskTable {
 public:
  using KioskTable::KioskTable;
  Result<void> record(const AuditEntry& entry);
  // The rows about one learner, oldest first.
  Result<std::vector<AuditEntry>> ofLearner(const std::string& learner_id);
};

}  // namespace hocso::app
