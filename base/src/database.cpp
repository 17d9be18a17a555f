// kiosk.db: open with durable pragmas, run per-module migrations.
#include "base/database.hpp"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <unistd.h>

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>

namespace hocso {
namespace {

constexpr int kBusyTimeoutMs = 5000;

// "file:" URI of a path: characters with a meaning in URIs are escaped.
std::string fileUri(const std::string& path) {
  std::string uri = "file:";
  for (unsigned char c : path) {
    if (c == '%' || c == '?' || c == '#' || c < 0x20 || c == 0x7f) {
      char esc[4];
      std::snprintf(esc, sizeof esc, "%%%02X", c);
      uri += esc;
    } else {
      uri += static_cast<char>(c);
    }
  }
  return uri;
}

}  // namespace

Result<std::unique_ptr<SQLite::Database>> openDatabase(const std::string& path) {
  // Two processes opening a new kiosk.db at the same moment (the kiosk and
  // the sync service at first boot, two CLI commands) can both try to switch
  // it to WAL. SQLite then answers one of them SQLITE_BUSY at once, without
  // calling the busy handler (waiting could deadlock in rollback mode). The
  // steps below are all idempotent, so a busy answer is retried, for as long
  // as busy_timeout would have waited.
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + std::chrono::milliseconds(kBusyTimeoutMs);
  auto pause = std::chrono::milliseconds(5);
  for (;;) {
    try {
      auto db = std::make_unique<SQLite::Database>(
          path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_FULLMUTEX);
      db->exec("PRAGMA busy_timeout = " + std::to_string(kBusyTimeoutMs));
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
      const int primary = e.getErrorCode() & 0xff;
      if ((primary == SQLITE_BUSY || primary == SQLITE_LOCKED) && Clock::now() + pause < deadline) {
        std::this_thread::sleep_for(pause);
        pause = std::min(pause * 2, std::chrono::milliseconds(200));
        continue;
      }
      return fail(ErrorCode::Database, "cannot open database " + path + ": " + e.what());
    }
  }
}

Result<std::unique_ptr<SQLite::Database>> openDatabaseReadOnly(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return fail(ErrorCode::NotFound, "no database at " + path);
  // SQLite reads a WAL database without writing only when its -wal and
  // -shm files exist, or when it may create them, or when told the file
  // is immutable (then -wal is not looked at: only right when it is empty).
  fs::path folder = fs::path(path).parent_path();
  if (folder.empty()) folder = ".";
  const bool canCreate = ::access(folder.c_str(), W_OK) == 0;
  const bool walFiles = fs::exists(path + "-wal", ec) && fs::exists(path + "-shm", ec);
  bool immutable = false;
  if (!canCreate && !walFiles) {
    if (fs::exists(path + "-wal", ec) && fs::file_size(path + "-wal", ec) > 0 && !ec)
      return fail(ErrorCode::Database, path + "-wal holds changes not yet in " + path +
                                           " and the folder is read-only; open it once where it can be written "
                                           "(or copy the folder somewhere writable)");
    immutable = true;
  }
  try {
    const std::string uri = fileUri(path) + "?mode=ro" + (immutable ? "&immutable=1" : "");
    auto db = std::make_unique<SQLite::Database>(uri, SQLite::OPEN_READONLY | SQLite::OPEN_URI | SQLite::OPEN_FULLMUTEX);
    db->exec("PRAGMA busy_timeout = " + std::to_string(kBusyTimeoutMs));
    db->exec("PRAGMA query_only = ON");
    // Read something now, so that a file that is not a database fails here.
    db->execAndGet("SELECT COUNT(*) FROM sqlite_master");
    return db;
  } catch (const SQLite::Exception& e) {
    return fail(ErrorCode::Database, "cannot open database " + path + " for reading: " + e.what());
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
