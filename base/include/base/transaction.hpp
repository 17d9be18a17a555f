// The one way to write to kiosk.db: a transaction that begins IMMEDIATE, so
// it takes the write lock (waiting its turn under busy_timeout) before it
// reads anything. A deferred transaction that reads and then writes cannot
// wait: SQLite answers "database is locked" at once when another connection
// wrote in between. SQLite exceptions become Errors at this boundary
// (guardedSql, the one wrapper every module uses).
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Transaction.h>

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "base/error.hpp"

namespace hocso {

// Runs `body` and turns the exceptions of SQL work into a Database Error
// that starts with `what`: SQLite's, and those of a row that does not parse
// (JSON in a TEXT column, a number stored as text: damaged outside this
// code, by a hand edit or a broken disk). The one such wrapper for reads,
// repositories and writes of one statement.
template <typename F>
auto guardedSql(const char* what, F&& body) -> decltype(body()) {
  try {
    return body();
  } catch (const SQLite::Exception& e) {
    return fail(ErrorCode::Database, std::string(what) + ": " + e.what());
  } catch (const nlohmann::json::exception& e) {
    return fail(ErrorCode::Database, std::string(what) + ": a stored row is damaged (" + e.what() + ")");
  } catch (const std::logic_error& e) {  // std::stoi and friends: invalid_argument, out_of_range
    return fail(ErrorCode::Database, std::string(what) + ": a stored row is damaged (" + e.what() + ")");
  }
}

// Runs `body` (returning a Result) in one IMMEDIATE transaction, committed
// only when it returns a value; rolled back on an error or an exception.
// `what` names the work in the error message ("saving the answer").
template <typename F>
auto writeTransaction(SQLite::Database& db, const char* what, F&& body) -> decltype(body()) {
  return guardedSql(what, [&]() -> decltype(body()) {
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    auto r = body();
    if (r) tx.commit();
    return r;
  });
}

}  // namespace hocso
