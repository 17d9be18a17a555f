// kiosk.db: open with durable pragmas, run per-module migrations.
#include "base/database.hpp"

#include <SQLiteCpp/Transaction.h>

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
    db->exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " module TEXT NOT NULL, version INTEGER NOT NULL, applied_at TEXT NOT NULL,"
        " PRIMARY KEY (module, version))");
    return db;
  } catch (const SQLite::Exception& e) {
    return fail(ErrorCode::Database, "cannot open database " + path + ": " + e.what());
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
    int current = schemaVersion(db, schema.module);
    if (current > known) {
      return fail(ErrorCode::SchemaTooNew,
                  "the database's '" + schema.module + "' schema is at version " + std::to_string(current) +
                      " but this HọcSố knows only up to " + std::to_string(known) +
                      "; it was written by a newer version — install that version (the data is untouched)");
    }
    for (const Migration& m : schema.migrations) {
      if (m.version <= current) continue;
      // IMMEDIATE: two processes opening a fresh kiosk.db at once take turns;
      // the second sees the step already applied and skips it.
      SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
      current = schemaVersion(db, schema.module);
      if (m.version <= current) continue;
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
