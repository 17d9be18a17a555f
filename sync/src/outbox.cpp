// SQL of the outbox and of the per-endpoint sync state (and, migration 3,
// the last content channel check; migration 4, the kiosks whose USB bundles
// this machine accepts and what it imported from them). Migration 1 is
// frozen; later steps only add.
#include "sync/outbox.hpp"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/VariadicBind.h>

#include "base/database.hpp"
#include "base/ids.hpp"
#include "pass.hpp"

namespace hocso::sync {

// Long by design: the schema's migration SQL is data, one frozen step after another.
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
                                  // Backoff, error kinds for people, the server clock, and the clock
                                  // correction each statement is sent with (fixed once, so a resend is
                                  // byte-for-byte the same statement).
                                  {2, R"sql(
ALTER TABLE sync_state ADD COLUMN last_error_kind TEXT;
ALTER TABLE sync_state ADD COLUMN failures INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sync_state ADD COLUMN clock_offset_ms INTEGER;
ALTER TABLE sync_state ADD COLUMN clock_checked_at TEXT;
ALTER TABLE outbox ADD COLUMN time_offset_ms INTEGER;
)sql"},
                                  // Downstream content: the last check of the channel (one row).
                                  {3, R"sql(
CREATE TABLE content_state (
  id                INTEGER PRIMARY KEY CHECK (id = 1),
  checked_at        TEXT NOT NULL,
  result            TEXT NOT NULL,
  last_error        TEXT,
  last_error_kind   TEXT,
  pack_id           TEXT,
  installed_version TEXT,
  available_version TEXT,
  updated_at        TEXT,
  failures          INTEGER NOT NULL DEFAULT 0
);
)sql"},
                                  // The SHA-256 of the last pack file refused after its download
                                  // (signature, identity or digest): not downloaded again until the
                                  // channel offers another file.
                                  {4, R"sql(
ALTER TABLE content_state ADD COLUMN refused_sha256 TEXT;
)sql"},
                                  // USB bundles: the enrolled kiosks (kiosk id → Ed25519 public key;
                                  // sync/kiosk_registry.hpp), a keyed MAC of each imported row so a
                                  // record id that comes back with other content is seen, and those
                                  // conflicts (sync/bundle.hpp).
                                  {5, R"sql(
CREATE TABLE trusted_kiosks (
  kiosk_id    TEXT PRIMARY KEY,
  public_key  TEXT NOT NULL UNIQUE,
  key_id      TEXT NOT NULL,
  enrolled_by TEXT NOT NULL,
  enrolled_at TEXT NOT NULL
);
CREATE TABLE imported_records (
  record_id    TEXT PRIMARY KEY,
  endpoint     TEXT NOT NULL,
  kiosk_id     TEXT NOT NULL,
  content_mac  TEXT NOT NULL,
  imported_at  TEXT NOT NULL
);
CREATE TABLE import_conflicts (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  record_id    TEXT NOT NULL,
  endpoint     TEXT NOT NULL,
  kiosk_id     TEXT NOT NULL,
  signer_key_id TEXT NOT NULL,
  bundle_created_at TEXT NOT NULL,
  content_mac  TEXT NOT NULL,
  seen_at      TEXT NOT NULL,
  UNIQUE (record_id, content_mac)
);
)sql"},
                                  // USB bundles carry their kiosk's record-chain head (as the
                                  // X-HocSo-Chain-Head header does online): the highest head seen per
                                  // kiosk, and every later bundle whose chain went back (a wipe, or an
                                  // old copy restored on the kiosk).
                                  {6, R"sql(
CREATE TABLE received_chain_heads (
  kiosk_id          TEXT PRIMARY KEY,
  seq               INTEGER NOT NULL,
  head              TEXT NOT NULL,
  bundle_created_at TEXT NOT NULL,
  received_at       TEXT NOT NULL
);
CREATE TABLE chain_rollbacks (
  id                INTEGER PRIMARY KEY AUTOINCREMENT,
  kiosk_id          TEXT NOT NULL,
  from_seq          INTEGER NOT NULL,
  to_seq            INTEGER NOT NULL,
  bundle_created_at TEXT NOT NULL,
  seen_at           TEXT NOT NULL,
  UNIQUE (kiosk_id, from_seq, to_seq, bundle_created_at)
);
)sql"},
                                  // A site of several kiosks (sync/site.hpp): the site this kiosk is in,
                                  // its kiosks with their pinned signing keys and chain heads, every
                                  // segment written or imported, this kiosk's records as last journaled,
                                  // the records imported from peers (origin and content hash), and the
                                  // records that came back with other content (kept as they were).
                                  {7, R"sql(
CREATE TABLE site_membership (
  id        INTEGER PRIMARY KEY CHECK (id = 1),
  site_id   TEXT NOT NULL,
  name      TEXT NOT NULL,
  key_id    TEXT NOT NULL,
  joined_at TEXT NOT NULL
);
CREATE TABLE site_kiosks (
  kiosk_id   TEXT PRIMARY KEY,
  public_key TEXT NOT NULL,
  key_id     TEXT NOT NULL,
  first_seen TEXT NOT NULL,
  last_seq   INTEGER NOT NULL DEFAULT 0,
  last_hash  TEXT NOT NULL DEFAULT '',
  last_seen  TEXT NOT NULL DEFAULT ''
);
CREATE TABLE site_segments (
  kiosk_id    TEXT NOT NULL,
  seq         INTEGER NOT NULL,
  hash        TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  records     INTEGER NOT NULL,
  recorded_at TEXT NOT NULL,
  PRIMARY KEY (kiosk_id, seq)
);
CREATE TABLE site_journaled (
  kind      TEXT NOT NULL,
  record_id TEXT NOT NULL,
  hash      TEXT NOT NULL,
  seq       INTEGER NOT NULL,
  PRIMARY KEY (kind, record_id)
);
CREATE TABLE site_imported (
  kind         TEXT NOT NULL,
  record_id    TEXT NOT NULL,
  origin_kiosk TEXT NOT NULL,
  hash         TEXT NOT NULL,
  seq          INTEGER NOT NULL,
  imported_at  TEXT NOT NULL,
  PRIMARY KEY (kind, record_id)
);
CREATE TABLE site_conflicts (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  origin_kiosk TEXT NOT NULL,
  seq          INTEGER NOT NULL,
  kind         TEXT NOT NULL,
  record_id    TEXT NOT NULL,
  reason       TEXT NOT NULL,
  seen_at      TEXT NOT NULL,
  UNIQUE (origin_kiosk, seq, kind, record_id)
);
)sql"},
                              }};
  return s;
}

namespace {


void bindOrNull(SQLite::Statement& q, int index, const std::string& value) {
  if (value.empty())
    q.bind(index);
  else
    q.bind(index, value);
}

// Ensures the endpoint has a sync_state row to update.
void ensureState(SQLite::Database& db, const std::string& endpoint) {
  SQLite::Statement q(db, "INSERT INTO sync_state(endpoint) VALUES (?) ON CONFLICT(endpoint) DO NOTHING");
  q.bind(1, endpoint);
  q.exec();
}

// Queues a row unless its record_id is queued already (true when it was
// added), with its clock correction fixed (`time_offset_ms`) or not (NULL).
Result<bool> insertRow(SQLite::Database& db, const std::string& endpoint, const std::string& record_id,
                       const std::string& payload, std::optional<long long> time_offset_ms) {
  return guardedSql("queueing for sync failed", [&]() -> Result<bool> {
    SQLite::Statement q(db,
                        "INSERT INTO outbox(endpoint, record_id, payload, created_at, time_offset_ms) "
                        "VALUES (?, ?, ?, ?, ?) ON CONFLICT(record_id) DO NOTHING");
    SQLite::bind(q, endpoint, record_id, payload, nowIso8601());
    if (time_offset_ms) q.bind(5, static_cast<int64_t>(*time_offset_ms));
    return q.exec() > 0;
  });
}

}  // namespace

Result<void> OutboxRepository::enqueue(const std::string& endpoint, const std::string& record_id,
                                       const std::string& payload) {
  auto added = insertRow(db_, endpoint, record_id, payload, std::nullopt);
  if (!added) return tl::unexpected(added.error());
  return {};
}

Result<void> enqueueStatement(OutboxRepository& outbox, const nlohmann::json& statement) {
  return outbox.enqueue(kLrs, statement.at("id").get<std::string>(), statement.dump());
}

Result<void> enqueueStatements(OutboxRepository& outbox, const std::vector<nlohmann::json>& statements) {
  for (const auto& st : statements)
    if (auto ok = enqueueStatement(outbox, st); !ok) return ok;
  return {};
}

Result<bool> OutboxRepository::enqueueFinal(const std::string& endpoint, const std::string& record_id,
                                           const std::string& payload) {
  return insertRow(db_, endpoint, record_id, payload, 0);
}

Result<bool> OutboxRepository::contains(const std::string& record_id) {
  return guardedSql("reading the outbox failed", [&]() -> Result<bool> {
    SQLite::Statement q(db_, "SELECT 1 FROM outbox WHERE record_id = ?");
    q.bind(1, record_id);
    return q.executeStep();
  });
}

Result<std::optional<std::string>> OutboxRepository::firstUnpinned(const std::string& endpoint) {
  return guardedSql("reading the outbox failed", [&]() -> Result<std::optional<std::string>> {
    SQLite::Statement q(db_,
                        "SELECT record_id FROM outbox WHERE endpoint = ? AND state = 'pending' "
                        "AND time_offset_ms IS NULL ORDER BY seq LIMIT 1");
    q.bind(1, endpoint);
    return firstValue<std::string>(q);
  });
}

namespace {

constexpr const char* kOutboxCols = "seq, endpoint, record_id, payload, tries, time_offset_ms, state";

OutboxRow rowToOutboxRow(const SQLite::Statement& q) {
  OutboxRow r;
  readColumns(q, r.seq, r.endpoint, r.record_id, r.payload, r.tries, r.time_offset_ms, r.state);  // kOutboxCols
  return r;
}

}  // namespace

Result<std::vector<OutboxRow>> OutboxRepository::pending(const std::string& endpoint, int limit, long long after_seq) {
  return guardedSql("reading the outbox failed", [&]() -> Result<std::vector<OutboxRow>> {
    SQLite::Statement q(db_, std::string("SELECT ") + kOutboxCols +
                                 " FROM outbox WHERE endpoint = ? AND state = 'pending' AND seq > ? ORDER BY seq LIMIT ?");
    SQLite::bind(q, endpoint, static_cast<int64_t>(after_seq), limit);
    return allRows(q, rowToOutboxRow);
  });
}

namespace {

// Fixes the clock correction of the endpoint's pending rows that have none
// yet and meet `also` (more SQL conditions, "" for none).
Result<void> pinPendingOffsets(SQLite::Database& db, const std::string& endpoint, long long offset_ms,
                               const std::string& also) {
  return guardedSql("fixing the clock correction failed", [&]() -> Result<void> {
    SQLite::Statement q(db, "UPDATE outbox SET time_offset_ms = ? "
                            "WHERE endpoint = ? AND state = 'pending' AND time_offset_ms IS NULL" + also);
    SQLite::bind(q, static_cast<int64_t>(offset_ms), endpoint);
    q.exec();
    return {};
  });
}

}  // namespace

Result<void> OutboxRepository::pinTimeOffset(const std::string& endpoint, long long offset_ms) {
  return pinPendingOffsets(db_, endpoint, offset_ms, "");
}

Result<void> OutboxRepository::pinTriedTimeOffset(const std::string& endpoint, long long offset_ms) {
  return pinPendingOffsets(db_, endpoint, offset_ms, " AND tries > 0");
}

Result<std::vector<OutboxRow>> OutboxRepository::certificationRowsOf(const std::string& learner_id) {
  return guardedSql("reading the outbox failed", [&]() -> Result<std::vector<OutboxRow>> {
    SQLite::Statement q(db_, std::string("SELECT ") + kOutboxCols +
                                 " FROM outbox WHERE endpoint = 'certification' AND CASE WHEN json_valid(payload) "
                                 "THEN json_extract(payload, '$.learner_id') END = ? ORDER BY seq");
    q.bind(1, learner_id);
    return allRows(q, rowToOutboxRow);
  });
}

Result<void> OutboxRepository::replacePayload(long long seq, const std::string& payload) {
  return guardedSql("updating the outbox failed", [&]() -> Result<void> {
    SQLite::Statement q(db_, "UPDATE outbox SET payload = ? WHERE seq = ?");
    q.bind(1, payload);
    q.bind(2, static_cast<int64_t>(seq));
    if (q.exec() != 1) return fail(ErrorCode::NotFound, "no outbox row " + std::to_string(seq));
    return {};
  });
}

Result<void> OutboxRepository::markDelivered(const std::vector<long long>& seqs) {
  return guardedSql("marking delivered failed", [&]() -> Result<void> {
    SQLite::Statement q(db_,
                        "UPDATE outbox SET state = 'delivered', delivered_at = ?, tries = tries + 1, "
                        "last_error = NULL WHERE seq = ? AND state = 'pending'");
    const std::string now = nowIso8601();
    for (long long s : seqs) {
      q.bind(1, now);
      q.bind(2, static_cast<int64_t>(s));
      q.exec();
      q.reset();
    }
    return {};
  });
}

Result<void> OutboxRepository::markQuarantined(long long seq, const std::string& reason) {
  return guardedSql("quarantining failed", [&]() -> Result<void> {
    SQLite::Statement q(db_,
                        "UPDATE outbox SET state = 'quarantined', tries = tries + 1, last_error = ? "
                        "WHERE seq = ? AND state = 'pending'");
    q.bind(1, reason);
    q.bind(2, static_cast<int64_t>(seq));
    q.exec();
    return {};
  });
}

Result<void> OutboxRepository::noteTry(const std::vector<long long>& seqs) {
  return guardedSql("updating the outbox failed", [&]() -> Result<void> {
    SQLite::Statement q(db_, "UPDATE outbox SET tries = tries + 1 WHERE seq = ?");
    for (long long s : seqs) {
      q.bind(1, static_cast<int64_t>(s));
      q.exec();
      q.reset();
    }
    return {};
  });
}

Result<std::vector<QuarantinedRow>> OutboxRepository::quarantined(const std::string& endpoint, int limit) {
  return guardedSql("reading the quarantine failed", [&]() -> Result<std::vector<QuarantinedRow>> {
    SQLite::Statement q(db_,
                        "SELECT record_id, COALESCE(last_error, '') FROM outbox "
                        "WHERE endpoint = ? AND state = 'quarantined' ORDER BY seq LIMIT ?");
    q.bind(1, endpoint);
    q.bind(2, limit);
    std::vector<QuarantinedRow> out;
    while (q.executeStep()) out.push_back({q.getColumn(0).getString(), q.getColumn(1).getString()});
    return out;
  });
}

Result<EndpointState> OutboxRepository::state(const std::string& endpoint) {
  return guardedSql("reading sync state failed", [&]() -> Result<EndpointState> {
    EndpointState s;
    SQLite::Statement q(db_,
                        "SELECT COALESCE(last_success, ''), COALESCE(last_error, ''), COALESCE(last_error_kind, ''), "
                        "COALESCE(last_error_at, ''), COALESCE(next_attempt, ''), failures, clock_offset_ms, "
                        "COALESCE(clock_checked_at, '') FROM sync_state WHERE endpoint = ?");
    q.bind(1, endpoint);
    if (q.executeStep())
      readColumns(q, s.last_success, s.last_error, s.last_error_kind, s.last_error_at, s.next_attempt, s.failures,
                  s.clock_offset_ms, s.clock_checked_at);
    return s;
  });
}

Result<void> OutboxRepository::recordSuccess(const std::string& endpoint, const std::string& at) {
  return guardedSql("saving sync state failed", [&]() -> Result<void> {
    ensureState(db_, endpoint);
    SQLite::Statement q(db_,
                        "UPDATE sync_state SET last_success = ?, last_error = NULL, last_error_kind = NULL, "
                        "next_attempt = NULL, failures = 0 WHERE endpoint = ?");
    SQLite::bind(q, at, endpoint);
    q.exec();
    return {};
  });
}

Result<void> OutboxRepository::recordFailure(const std::string& endpoint, const std::string& kind,
                                             const std::string& message, const std::string& at,
                                             const std::string& next_attempt, int failures) {
  return guardedSql("saving sync state failed", [&]() -> Result<void> {
    ensureState(db_, endpoint);
    SQLite::Statement q(db_,
                        "UPDATE sync_state SET last_error = ?, last_error_kind = ?, last_error_at = ?, "
                        "next_attempt = ?, failures = ? WHERE endpoint = ?");
    q.bind(1, message);
    bindOrNull(q, 2, kind);
    q.bind(3, at);
    bindOrNull(q, 4, next_attempt);
    q.bind(5, failures);
    q.bind(6, endpoint);
    q.exec();
    return {};
  });
}

Result<void> OutboxRepository::recordClock(const std::string& endpoint, long long offset_ms, const std::string& at) {
  return guardedSql("saving the clock offset failed", [&]() -> Result<void> {
    ensureState(db_, endpoint);
    SQLite::Statement q(db_, "UPDATE sync_state SET clock_offset_ms = ?, clock_checked_at = ? WHERE endpoint = ?");
    SQLite::bind(q, static_cast<int64_t>(offset_ms), at, endpoint);
    q.exec();
    return {};
  });
}

Result<EndpointStatus> OutboxRepository::status(const std::string& endpoint) {
  auto st = state(endpoint);
  if (!st) return tl::unexpected(st.error());
  return guardedSql("reading sync status failed", [&]() -> Result<EndpointStatus> {
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
    s.last_success = st->last_success;
    s.last_error = st->last_error;
    s.last_error_kind = st->last_error_kind;
    s.last_error_at = st->last_error_at;
    s.next_attempt = st->next_attempt;
    s.failures = st->failures;
    s.clock_offset_ms = st->clock_offset_ms;
    s.clock_checked_at = st->clock_checked_at;
    return s;
  });
}

Result<long long> OutboxRepository::dataVersion() {
  return guardedSql("reading data_version failed",
                 [&]() -> Result<long long> { return db_.execAndGet("PRAGMA data_version").getInt64(); });
}

}  // namespace hocso::sync
