// The sync status people and screens read: counts and last outcome per
// endpoint, with unconfigured endpoints' rows shown as waiting, and the
// stable JSON of `hocso sync status --json` (documented in sync/README.md).
#pragma once

#include <SQLiteCpp/Database.h>

#include <nlohmann/json.hpp>

#include "content/config.hpp"
#include "sync/config.hpp"
#include "base/error.hpp"
#include "sync/content_update.hpp"
#include "sync/outbox.hpp"

namespace hocso::sync {

struct SyncStatus {
  EndpointStatus lrs;
  EndpointStatus certification;
  ContentStatus content;  // downstream content updates ([content] channel)
};

// An endpoint's counts as seen with its configuration: when it is not
// configured, its pending rows are reported as `waiting` and `pending` is 0.
EndpointStatus applyConfigured(EndpointStatus status, bool configured);

// Both endpoints and the content channel, read from kiosk.db.
Result<SyncStatus> readSyncStatus(SQLite::Database& db, const SyncConfig& config,
                                  const content::ContentConfig& content_config);

// What waits to be sent (pending rows of the outbox), in a volunteer's words.
struct PendingSummary {
  long long people = 0;        // learners with anything waiting
  long long results = 0;       // quiz and exam results, lessons finished
  long long certificates = 0;  // certificates for the certification office
  long long records = 0;       // every pending row (what the technician sees)
};
Result<PendingSummary> pendingSummary(SQLite::Database& db);

// {"pending", "delivered", "quarantined", "last_success", "last_error",
//  "last_error_kind", "next_attempt", "configured", "waiting", "failures",
//  "clock_offset_seconds", "clock_checked_at", "clock_warning"} — strings are
// "" when unknown, clock_offset_seconds is null until measured, clock_warning
// is clockWarningVi() of this endpoint's offset.
nlohmann::json endpointJson(const EndpointStatus& status);
// endpointJson(lrs) plus "lrs_configured", "certification": endpointJson(certification)
// and "content": contentJson(content); the top-level "clock_warning" is the
// kiosk's (the latest measurement of either server).
nlohmann::json statusJson(const SyncStatus& status);

}  // namespace hocso::sync
