// Opening kiosk.db the one right way (WAL, synchronous=FULL, busy_timeout),
// applying each module's numbered migrations, recorded in the database, and
// reading the rows of a query into typed values.
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
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

// ---- reading rows ------------------------------------------------------------
// The counterpart of SQLite::bind(q, a, b, c): readColumns(q, a, b, c) reads
// the current row's columns 0, 1, 2 ... into its arguments, each by its type:
// std::string (NULL reads as ""), bool (non-zero), any other integer, double,
// a byte vector (a BLOB), or std::optional of one of those (NULL: nullopt).
// The order of the arguments is the order of the SELECT's columns.

namespace detail {

template <typename T>
struct IsOptional : std::false_type {};
template <typename T>
struct IsOptional<std::optional<T>> : std::true_type {};

template <typename T>
void readColumn(const SQLite::Column& c, T& out) {
  if constexpr (IsOptional<T>::value) {
    if (c.isNull()) {
      out.reset();
    } else {
      typename T::value_type v{};
      readColumn(c, v);
      out = std::move(v);
    }
  } else if constexpr (std::is_same_v<T, std::string>) {
    out = c.getString();
  } else if constexpr (std::is_same_v<T, bool>) {
    out = c.getInt64() != 0;
  } else if constexpr (std::is_integral_v<T>) {
    out = static_cast<T>(c.getInt64());
  } else if constexpr (std::is_floating_point_v<T>) {
    out = static_cast<T>(c.getDouble());
  } else if constexpr (std::is_same_v<T, std::vector<unsigned char>>) {
    const auto* p = static_cast<const unsigned char*>(c.getBlob());
    out = p ? T(p, p + c.getBytes()) : T{};
  } else {
    static_assert(!sizeof(T), "readColumns: no reader for this type");
  }
}

template <typename T>
struct IsResult : std::false_type {};
template <typename T>
struct IsResult<Result<T>> : std::true_type {};

}  // namespace detail

template <typename... T>
void readColumns(const SQLite::Statement& q, T&... out) {
  int i = 0;
  (detail::readColumn(q.getColumn(i++), out), ...);
}

// The first column of the current row as a T (as readColumns reads it).
template <typename T>
T columnValue(const SQLite::Statement& q, int index = 0) {
  T v{};
  detail::readColumn(q.getColumn(index), v);
  return v;
}

// Steps `q` once: its first row as `row(q)` makes it, or nullopt when the
// query has no row. With a `row` that returns Result<T>: Result<optional<T>>,
// failing with the row's error.
template <typename F>
auto firstRow(SQLite::Statement& q, F&& row) {
  using R = std::decay_t<std::invoke_result_t<F&, SQLite::Statement&>>;
  if constexpr (detail::IsResult<R>::value) {
    using T = typename R::value_type;
    if (!q.executeStep()) return Result<std::optional<T>>(std::optional<T>{});
    auto v = row(q);
    if (!v) return Result<std::optional<T>>(tl::unexpected(v.error()));
    return Result<std::optional<T>>(std::optional<T>(std::move(*v)));
  } else {
    if (!q.executeStep()) return std::optional<R>{};
    return std::optional<R>(row(q));
  }
}

// The first column of the first row as a T, or nullopt when there is no row.
template <typename T>
std::optional<T> firstValue(SQLite::Statement& q) {
  return firstRow(q, [](const SQLite::Statement& s) { return columnValue<T>(s); });
}

// Steps `q` to its end: every row as `row(q)` makes it, in order. With a
// `row` that returns Result<T>: Result<vector<T>>, failing with the first
// row's error.
template <typename F>
auto allRows(SQLite::Statement& q, F&& row) {
  using R = std::decay_t<std::invoke_result_t<F&, SQLite::Statement&>>;
  if constexpr (detail::IsResult<R>::value) {
    std::vector<typename R::value_type> out;
    while (q.executeStep()) {
      auto v = row(q);
      if (!v) return Result<decltype(out)>(tl::unexpected(v.error()));
      out.push_back(std::move(*v));
    }
    return Result<decltype(out)>(std::move(out));
  } else {
    std::vector<R> out;
    while (q.executeStep()) out.push_back(row(q));
    return out;
  }
}

}  // namespace hocso
