// Opening kiosk.db the one right way (WAL, synchronous=FULL, busy_timeout)
// and applying each module's numbered migrations, recorded in the database.
#pragma once

#include <SQLiteCpp/Database.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "base/error.hpp"

namespace hocso {

struct Migration {
  int version;          // 1, 2, 3 ... in order, never renumbered
  const char* sql;      // one or more statements
};

// A module's schema: its name (the key in schema_migrations) and its steps.
struct ModuleSchema {
  std::string module;
  std::vector<Migration> migrations;
};

// Opens (creating if needed) a database file with the kiosk's pragmas
// (also secure_delete: what a connection deletes or overwrites is zeroed,
// so no stale copy of personal data stays in a page's free space).
// ":memory:" is accepted for tests.
Result<std::unique_ptr<SQLite::Database>> openDatabase(const std::string& path);

// Opens an existing database file for reading only: nothing is created or
// written, so it works on a read-only copy or mount, or as a user who may
// not write the folder. A WAL database whose folder cannot be written is
// opened immutable when no -wal file holds changes (a cleanly closed
// kiosk.db); with pending changes in -wal it fails, saying so. NotFound when
// the file does not exist.
Result<std::unique_ptr<SQLite::Database>> openDatabaseReadOnly(const std::string& path);

// Applies the pending migrations of `schema`, each in its own transaction.
// Refuses (SchemaTooNew) when the database records a version the code does
// not know: a newer HọcSố wrote it and this one must not touch it.
Result<void> migrate(SQLite::Database& db, const ModuleSchema& schema);

// Copies every page of the WAL into the database file and truncates the WAL
// to zero bytes (PRAGMA wal_checkpoint(TRUNCATE)), so what the last
// transactions overwrote is nowhere in the data dir any more. Waits for
// other connections' read transactions for at most `max_wait` (retrying
// under busy_timeout); fails with Database when a reader still holds an old
// snapshot then. A database that is not in WAL mode succeeds at once.
Result<void> truncateWal(SQLite::Database& db, std::chrono::milliseconds max_wait);

// The version a module is at in this database (0 when never migrated).
int schemaVersion(SQLite::Database& db, const std::string& module);

}  // namespace hocso
