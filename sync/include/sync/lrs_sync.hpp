// Delivering the outbox to an xAPI 1.0.3 LRS: batches, response handling,
// clock measurement and retry scheduling (see sync/README.md).
#pragma once

#include <SQLiteCpp/Database.h>

#include <optional>
#include <string>

#include "sync/config.hpp"
#include "sync/http.hpp"
#include "sync/outbox.hpp"
#include "sync/report.hpp"

namespace hocso::sync {

// Sends every pending LRS row in batches of config.lrs.batch_size, oldest
// first, until none is left or something stops it; records the outcome
// (success, or error + next_attempt with backoff) in sync_state. Does not
// look at next_attempt itself: callers decide whether it is time.
SyncReport syncLrsOnce(SQLite::Database& db, const SyncConfig& config, const SyncOptions& options = {});

// The statement exactly as it goes on the wire: the stored payload with the
// row's fixed clock correction applied (see sync/README.md, Wrong clocks).
std::string wireStatement(const OutboxRow& row, const std::string& activity_base);

// What one request to an endpoint showed (hocso doctor).
struct EndpointProbe {
  bool configured = false;   // the endpoint is set in the config
  bool config_problem = false;  // its password or token file cannot be read: nothing was sent
  bool reachable = false;    // an HTTP answer came back
  bool accepted = false;     // a 2xx (or, for the certification endpoint, 404 to an unknown id): credentials work
  long status = 0;           // HTTP status, 0 when none
  std::optional<long long> clock_offset_ms;  // server minus kiosk, from its Date header
  std::string detail;        // what happened, in words
};

// One authenticated GET of statements?limit=1 (credentials from password_file,
// password or token_file), at most ~20 s. Nothing is recorded.
EndpointProbe probeLrs(const SyncConfig& config, HttpClient* client = nullptr);

}  // namespace hocso::sync
