// The one way to write to kiosk.db: a transaction that begins IMMEDIATE, so
// it takes the write lock (waiting its turn under busy_timeout) before it
// reads anything. A deferred transaction that reads and then writes cannot
// wait: SQLite answers "database is locked" at once when another connection
// wrote in between. SQLite exceptions become Errors at this boundary.
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Transaction.h>

#include <string>

#include "base/error.hpp"

namespace hocso {

// Runs `body` (returning a Result) in one IMMEDIATE transaction, committed
// only when it returns a value; rolled back on an error or an exception.
// `what` names the work in the error message ("saving the answer").
template <typename F>
auto writeTransaction(SQLite::Database& db, const char* what, F&& body) -> decltype(body()) {
  try {
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    auto r = body();
    if (r) tx.commit();
    return r;
  } catch (const SQLite::Exception& e) {
    return fail(ErrorCode::Database, std::string(what) + ": " + e.what());
  }
}

// Runs `body` and turns a SQLite exception into an Error (reads, and writes
// made of one statement, which take the write lock at once).
template <typename F>
auto guardedSql(const char* what, F&& body) -> decltype(body()) {
  try {
    return body();
  } catch (const SQLite::Exception& e) {
    return fail(ErrorCode::Database, std::string(what) + ": " + e.what());
  }
}

}  // namespace hocso
