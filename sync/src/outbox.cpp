// SQL of the outbox and of the per-endpoint sync state.
#include "sync/outbox.hpp"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include "base/ids.hpp"

namespace hocso::sync {

const ModuleSchema& schema() {
  static const ModuleSchema s{"sync",
                              {
                                  {1, R"sql(
CREATE TABLE outbox (
  seq          INTEGER PRIMARY KEY AUTOINCREMENT,
  endpoint     TEXT NOT NULL CHECK (endpoint IN ('lrs', 'certification')),
  record_id    TEXT NOT NULL UNIQUE,
  payload      TEXT NOT NULL,
  state        TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'quarantined')),
  tries        INTEGER NOT NULL DEFAULT 0,
  last_error   TEXT,
  created_at   TEXT NOT NULL,
  delivered_at TEXT
);
CREATE INDEX outbox_by_state ON outbox(endpoint, state, seq);
CREATE TABLE sync_state (
  endpoint      TEXT PRIMARY KEY,
  last_success  TEXT,
  last_error    TEXT,
  last_error_at TEXT,
  next_attempt  TEXT
);
)sql"},
                              }};
  return s;
}

namespace {
template <typename F>
auto guarded(const char* what, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const SQLite::Exception& e) {
    return fail(ErrorCode::Database, std::string(what) + ": " + e.what());
  }
}
}  // namespace

Result<void> OutboxRepository::enqueue(const std::string& endpoint, const std::string& record_id,
                                       const std::string& payload) {
  return guarded("queueing for sync failed", [&]() -> Result<void> {
    SQLite::Statement q(db_,
                        "INSERT INTO outbox(endpoint, record_id, payload, created_at) VALUES (?, ?, ?, ?) "
                        "ON CONFLICT(record_id) DO NOTHING");
    q.bind(1, endpoint);
    q.bind(2, record_id);
    q.bind(3, payload);
    q.bind(4, nowIso8601());
    q.exec();
    return {};
  });
}

Result<std::vector<OutboxRow>> OutboxRepository::pending(const std::string& endpoint, int limit) {
  return guarded("reading the outbox failed", [&]() -> Result<std::vector<OutboxRow>> {
    SQLite::Statement q(db_,
                        "SELECT seq, endpoint, record_id, payload, tries FROM outbox "
                        "WHERE endpoint = ? AND state = 'pending' ORDER BY seq LIMIT ?");
    q.bind(1, endpoint);
    q.bind(2, limit);
    std::vector<OutboxRow> out;
    while (q.executeStep())
      out.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                     q.getColumn(3).getString(), q.getColumn(4).getInt()});
    return out;
  });
}

Result<void> OutboxRepository::markDelivered(const std::vector<long long>& seqs) {
  return guarded("marking delivered failed", [&]() -> Result<void> {
    SQLite::Transaction tx(db_);
    SQLite::Statement q(db_, "UPDATE outbox SET state = 'delivered', delivered_at = ?, last_error = NULL WHERE seq = ?");
    const std::string now = nowIso8601();
    for (long long s : seqs) {
      q.bind(1, now);
      q.bind(2, static_cast<int64_t>(s));
      q.exec();
      q.reset();
    }
    tx.commit();
    return {};
  });
}

Result<void> OutboxRepository::markQuarantined(long long seq, const std::string& reason) {
  return guarded("quarantining failed", [&]() -> Result<void> {
    SQLite::Statement q(db_, "UPDATE outbox SET state = 'quarantined', last_error = ? WHERE seq = ?");
    q.bind(1, reason);
    q.bind(2, static_cast<int64_t>(seq));
    q.exec();
    return {};
  });
}

Result<void> OutboxRepository::noteTry(const std::vector<long long>& seqs) {
  return guarded("updating the outbox failed", [&]() -> Result<void> {
    SQLite::Transaction tx(db_);
    SQLite::Statement q(db_, "UPDATE outbox SET tries = tries + 1 WHERE seq = ?");
    for (long long s : seqs) {
      q.bind(1, static_cast<int64_t>(s));
      q.exec();
      q.reset();
    }
    tx.commit();
    return {};
  });
}

Result<void> OutboxRepository::recordSuccess(const std::string& endpoint) {
  return guarded("saving sync state failed", [&]() -> Result<void> {
    SQLite::Statement q(db_,
                        "INSERT INTO sync_state(endpoint, last_success, last_error, last_error_at, next_attempt) "
                        "VALUES (?, ?, NULL, NULL, NULL) ON CONFLICT(endpoint) DO UPDATE SET "
                        "last_success = excluded.last_success, last_error = NULL, next_attempt = NULL");
    q.bind(1, endpoint);
    q.bind(2, nowIso8601());
    q.exec();
    return {};
  });
}

Result<void> OutboxRepository::recordError(const std::string& endpoint, const std::string& message,
                                           const std::string& next_attempt) {
  return guarded("saving sync state failed", [&]() -> Result<void> {
    SQLite::Statement q(db_,
                        "INSERT INTO sync_state(endpoint, last_error, last_error_at, next_attempt) VALUES (?, ?, ?, ?) "
                        "ON CONFLICT(endpoint) DO UPDATE SET last_error = excluded.last_error, "
                        "last_error_at = excluded.last_error_at, next_attempt = excluded.next_attempt");
    q.bind(1, endpoint);
    q.bind(2, message);
    q.bind(3, nowIso8601());
    if (next_attempt.empty())
      q.bind(4);
    else
      q.bind(4, next_attempt);
    q.exec();
    return {};
  });
}

Result<EndpointStatus> OutboxRepository::status(const std::string& endpoint) {
  return guarded("reading sync status failed", [&]() -> Result<EndpointStatus> {
    EndpointStatus s;
    SQLite::Statement q(db_, "SELECT state, COUNT(*) FROM outbox WHERE endpoint = ? GROUP BY state");
    q.bind(1, endpoint);
    while (q.executeStep()) {
      const std::string state = q.getColumn(0).getString();
      const long long n = q.getColumn(1).getInt64();
      if (state == "pending") s.pending = n;
      if (state == "delivered") s.delivered = n;
      if (state == "quarantined") s.quarantined = n;
    }
    SQLite::Statement st(db_,
                         "SELECT COALESCE(last_success, ''), COALESCE(last_error, ''), COALESCE(last_error_at, ''), "
                         "COALESCE(next_attempt, '') FROM sync_state WHERE endpoint = ?");
    st.bind(1, endpoint);
    if (st.executeStep()) {
      s.last_success = st.getColumn(0).getString();
      s.last_error = st.getColumn(1).getString();
      s.last_error_at = st.getColumn(2).getString();
      s.next_attempt = st.getColumn(3).getString();
    }
    return s;
  });
}

}  // namespace hocso::sync
