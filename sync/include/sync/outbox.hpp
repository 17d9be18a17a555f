// The transactional outbox: rows written in the same transaction as the
// records they describe, delivered later by the sync worker, exactly once.
#pragma once

#include <SQLiteCpp/Database.h>

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
  std::string payload;    // JSON text, sent as is
  int tries = 0;
};

struct EndpointStatus {
  long long pending = 0, delivered = 0, quarantined = 0;
  std::string last_success;   // ISO 8601, empty if never
  std::string last_error;     // empty if the last attempt succeeded
  std::string last_error_at;
  std::string next_attempt;
};

class OutboxRepository {
 public:
  explicit OutboxRepository(SQLite::Database& db) : db_(db) {}
  // Adds a row; a row with the same record_id already queued is left alone
  // (ids are deterministic, so re-adding the same fact is harmless).
  Result<void> enqueue(const std::string& endpoint, const std::string& record_id, const std::string& payload);
  Result<std::vector<OutboxRow>> pending(const std::string& endpoint, int limit);
  Result<void> markDelivered(const std::vector<long long>& seqs);
  Result<void> markQuarantined(long long seq, const std::string& reason);
  Result<void> noteTry(const std::vector<long long>& seqs);
  Result<void> recordSuccess(const std::string& endpoint);
  Result<void> recordError(const std::string& endpoint, const std::string& message, const std::string& next_attempt);
  Result<EndpointStatus> status(const std::string& endpoint);

 private:
  SQLite::Database& db_;
};

}  // namespace hocso::sync
