// Delivering the outbox to an xAPI LRS: batches, response handling, status.
#pragma once

#include <SQLiteCpp/Database.h>

#include <string>

#include "base/config.hpp"
#include "base/error.hpp"

namespace hocso::sync {

enum class SyncOutcome {
  Drained,        // nothing configured-and-pending is left
  TryLater,       // network or server trouble: some rows remain for a later try
  Credentials,    // the LRS refused our credentials: a person must act
  NotConfigured,  // no endpoint: rows wait, nothing failed
};

struct SyncReport {
  SyncOutcome outcome = SyncOutcome::Drained;
  long long delivered = 0;     // statements delivered in this run
  long long quarantined = 0;   // statements set aside in this run
  long long remaining = 0;     // still pending afterwards
  std::string message;         // one line for the operator when not drained
};

// Sends every pending LRS row in batches of config.lrs.batch_size.
SyncReport syncLrsOnce(SQLite::Database& db, const Config& config);

}  // namespace hocso::sync
