// What one delivery pass to one endpoint did, and how it ended. Shared by the
// LRS and certification clients, the worker and `hocso sync once`.
#pragma once

#include <atomic>
#include <string>

#include "sync/retry.hpp"

namespace hocso::sync {

class HttpClient;

enum class SyncOutcome {
  Drained,        // nothing pending is left for this endpoint
  TryLater,       // network or server trouble: some rows remain for a later try
  Credentials,    // the server refused our credentials: a person must act
  NotConfigured,  // no endpoint: rows wait, nothing failed
  ConfigProblem,  // our configuration cannot work (token file, CA bundle, URL)
  Cancelled,      // stop was requested; nothing recorded as an error
};

struct SyncReport {
  SyncOutcome outcome = SyncOutcome::Drained;
  ErrorKind kind = ErrorKind::None;
  long long delivered = 0;     // rows delivered in this pass
  long long quarantined = 0;   // rows set aside in this pass
  long long remaining = 0;     // still pending afterwards
  std::string message;         // one English line for the operator when not drained
  std::string next_attempt;    // ISO 8601 UTC when a retry is scheduled, else empty
};

struct SyncOptions {
  const std::atomic<bool>* cancel = nullptr;  // set → the pass stops within about a second
  HttpClient* http = nullptr;                 // reuse a connection across passes (worker)
  std::string kiosk_id;                       // [kiosk] id, for the chain-head header; empty: kiosk.db's
};

}  // namespace hocso::sync
