// The transactional outbox: rows written in the same transaction as the
// records they describe, delivered later by the sync worker, exactly once;
// and sync_state, what each endpoint's last attempt left behind.
#pragma once

#include <SQLiteCpp/Database.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "base/database.hpp"
#include "base/error.hpp"

namespace hocso::sync {

const ModuleSchema& schema();  // module "sync"

inline constexpr const char* kLrs = "lrs";
inline constexpr const char* kCertification = "certification";

struct OutboxRow {
  long long seq = 0;
  std::string endpoint;   // "lrs" | "certification"
  std::string record_id;  // the xAPI statement id (or certificate id)
  std::string payload;    // JSON text, sent as is (LRS: timestamp may be corrected, see sync/README.md)
  int tries = 0;
  std::optional<long long> time_offset_ms;  // clock correction fixed before the first send
  std::string state;      // "pending" | "delivered" | "quarantined"
};

struct QuarantinedRow {
  std::string record_id;
  std::string reason;     // the server's words
};

// What sync_state holds for one endpoint.
struct EndpointState {
  std::string last_success;     // ISO 8601 UTC, empty if never
  std::string last_error;       // one English line; empty when the last pass succeeded
  std::string last_error_kind;  // errorKindName(), empty when none
  std::string last_error_at;
  std::string next_attempt;     // empty: no backoff in force
  int failures = 0;             // consecutive failed passes (drives the backoff)
  std::optional<long long> clock_offset_ms;  // server clock minus kiosk clock
  std::string clock_checked_at;
};

// Counts and state together, as `hocso sync status` shows them.
struct EndpointStatus {
  bool configured = true;
  long long pending = 0;       // waiting for a configured endpoint
  long long waiting = 0;       // waiting because the endpoint is not configured
  long long delivered = 0, quarantined = 0;
  std::string last_success;
  std::string last_error;
  std::string last_error_kind;
  std::string last_error_at;
  std::string next_attempt;
  int failures = 0;
  std::optional<long long> clock_offset_ms;
  std::string clock_checked_at;
};

// SQL of the outbox and sync_state. Never opens a transaction: the sync
// services (lrs_sync, certification) do, around the calls that belong together.
class OutboxRepository {
 public:
  explicit OutboxRepository(SQLite::Database& db) : db_(db) {}
  // Adds a row; a row with the same record_id already queued is left alone
  // (ids are deterministic, so re-adding the same fact is harmless).
  Result<void> enqueue(const std::string& endpoint, const std::string& record_id, const std::string& payload);
  // Adds a row brought in from elsewhere (a USB bundle), its payload already
  // final (clock correction 0); false when the record_id was already known.
  Result<bool> enqueueFinal(const std::string& endpoint, const std::string& record_id, const std::string& payload);
  // Whether a row with this record_id was ever queued (any state).
  Result<bool> contains(const std::string& record_id);
  // The record_id of the oldest pending row of the endpoint whose clock
  // correction is not fixed yet, if any.
  Result<std::optional<std::string>> firstUnpinned(const std::string& endpoint);
  // Pending rows in order, oldest first; only those after `after_seq`.
  Result<std::vector<OutboxRow>> pending(const std::string& endpoint, int limit, long long after_seq = 0);
  // Fixes the clock correction of every pending row that has none yet.
  Result<void> pinTimeOffset(const std::string& endpoint, long long offset_ms);
  // The same, only for pending rows already tried without one (queued and
  // sent by an older version, which sent them as they were: 0 keeps a resend
  // identical to what the server may already hold).
  Result<void> pinTriedTimeOffset(const std::string& endpoint, long long offset_ms);
  // Every certification row (any state) whose payload names this
  // pseudonymous learner (`learner_id`), oldest first.
  Result<std::vector<OutboxRow>> certificationRowsOf(const std::string& learner_id);
  // Replaces a row's payload in place (erasure: identity taken out of it).
  Result<void> replacePayload(long long seq, const std::string& payload);
  Result<void> markDelivered(const std::vector<long long>& seqs);
  Result<void> markQuarantined(long long seq, const std::string& reason);
  Result<void> noteTry(const std::vector<long long>& seqs);
  Result<std::vector<QuarantinedRow>> quarantined(const std::string& endpoint, int limit);

  Result<EndpointState> state(const std::string& endpoint);
  Result<void> recordSuccess(const std::string& endpoint, const std::string& at);
  Result<void> recordFailure(const std::string& endpoint, const std::string& kind, const std::string& message,
                             const std::string& at, const std::string& next_attempt, int failures);
  Result<void> recordClock(const std::string& endpoint, long long offset_ms, const std::string& at);

  // Counts by state plus the endpoint's state row (configured = true, waiting = 0).
  Result<EndpointStatus> status(const std::string& endpoint);
  // SQLite's data_version: changes when another connection commits.
  Result<long long> dataVersion();

 private:
  SQLite::Database& db_;
};

// Queues xAPI statements for the LRS, each under its own "id" as the record
// id, in the caller's transaction. A statement already queued is left as it
// is (statement ids are deterministic).
Result<void> enqueueStatement(OutboxRepository& outbox, const nlohmann::json& statement);
Result<void> enqueueStatements(OutboxRepository& outbox, const std::vector<nlohmann::json>& statements);


}  // namespace hocso::sync
