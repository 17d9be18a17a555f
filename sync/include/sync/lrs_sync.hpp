// Delivering the outbox to an xAPI 1.0.3 LRS: batches, response handling,
// clock measurement and retry scheduling (see sync/README.md).
#pragma once

#include <SQLiteCpp/Database.h>

#include "base/config.hpp"
#include "sync/outbox.hpp"
#include "sync/report.hpp"

namespace hocso::sync {

// Sends every pending LRS row in batches of config.lrs.batch_size, oldest
// first, until none is left or something stops it; records the outcome
// (success, or error + next_attempt with backoff) in sync_state. Does not
// look at next_attempt itself: callers decide whether it is time.
SyncReport syncLrsOnce(SQLite::Database& db, const Config& config, const SyncOptions& options = {});

// The statement exactly as it goes on the wire: the stored payload with the
// row's fixed clock correction applied (see sync/README.md, Wrong clocks).
std::string wireStatement(const OutboxRow& row, const std::string& activity_base);

}  // namespace hocso::sync
