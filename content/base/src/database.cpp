// kiosk.db: open with durable pragmas, run per-module migrations.
#include "base/database.hpp"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <algorithm>

namespace hocso {

Result<std::unique_ptr<SQLite::Database>> openDatabase(const std::string& path) {
  try {
    auto db = std::make_unique<SQLite::Database>(
        path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_FULLMUTEX);
    db->exec("PRAGMA busy_timeout = 5000");
    if (path != ":memory:") {
      std::string mode = db->execAndGet("PRAGMA journal_mode = WAL").getString();
      if (mode != "wal") {
        return fail(ErrorCode::Database, "could not switch " + path + " to WAL mode (got '" + mode + "')");
      }
    }
    db->exec("PRAGMA synchronous = FULL");
    db->exec("PRAGMA foreign_keys = ON");
    db->exec("PRAGMA secure_delete = ON");
    db->exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " module TEXT NOT NULL, version INTEGER NOT NULL, applied_at TEXT NOT NULL,"
        " PRIMARY KEY (module, version))");
    return db;
  } catch (const SQLite::Exception& e) {
    return fail(ErrorCode::Database, "cannot open database " + path + ": " + e.what());
  }
}

Result<void> truncateWal(SQLite::Database& db, std::chrono::milliseconds max_wait) {
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + max_wait;
  try {
    const int timeout = db.execAndGet("PRAGMA busy_timeout").getInt();
    struct RestoreTimeout {
      SQLite::Database& db;
      int ms;
      ~RestoreTimeout() {
        try {
          db.setBusyTimeout(ms);
        } catch (const SQLite::Exception&) {
        }
      }
    } restore{db, timeout};
    while (true) {
      // Each try waits under busy_timeout (at most what is left, at most 1 s)
      // for a writer to commit and for readers to finish.
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
      db.setBusyTimeout(static_cast<int>(std::clamp<long long>(left, 1, 1000)));
      SQLite::Statement q(db, "PRAGMA wal_checkpoint(TRUNCATE)");
      if (!q.executeStep() || q.getColumn(0).getInt() == 0) return {};  // done (or not a WAL database)
      q.reset();
      if (Clock::now() >= deadline)
        return fail(ErrorCode::Database,
                    "another connection keeps reading an old state of the database, so its write-ahead log "
                    "(-wal file) could not be emptied");
    }
  } catch (const SQLite::Exception& e) {
    return fail(ErrorCode::Database, std::string("emptying the write-ahead log failed: ") + e.what());
  }
}

int schemaVersion(SQLite::Database& db, const std::string& module) {
  SQLite::Statement q(db, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations WHERE module = ?");
  q.bind(1, module);
  q.executeStep();
  return q.getColumn(0).getInt();
}

Result<void> migrate(SQLite::Database& db, const ModuleSchema& schema) {
  try {
    const int known = schema.migrations.empty() ? 0 : schema.migrations.back().version;
    const int current = schemaVersion(db, schema.module);
    if (current > known) {
      return fail(ErrorCode::SchemaTooNew,
                  "the database's '" + schema.module + "' schema is at version " + std::to_string(current) +
                      " but this HọcSố knows only up to " + std::to_string(known) +
                      "; it was written by a newer version — install that version (the data is untouched)");
    }
    for (const Migration& m : schema.migrations) {
      if (m.version <= current) continue;
      SQLite::Transaction tx(db);
      db.exec(m.sql);
      SQLite::Statement rec(db,
                            "INSERT INTO schema_migrations(module, version, applied_at) "
                            "VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))");
      rec.bind(1, schema.module);
      rec.bind(2, m.version);
      rec.exec();
      tx.commit();
    }
    return {};
  } catch (const SQLite::Exception& e) {
    return fail(ErrorCode::Database, "migrating '" + schema.module + "' failed: " + e.what());
  }
}

}  // namespace hocso
