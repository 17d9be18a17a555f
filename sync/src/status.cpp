// Reading and presenting the sync status.
#include "sync/status.hpp"

#include <SQLiteCpp/Statement.h>

#include <cmath>

#include "base/transaction.hpp"
#include "sync/status_text.hpp"

namespace hocso::sync {

// Results: statements passed, failed or completed (a quiz, an exam, a lesson
// read to its end); people: the learners named by any pending row.
Result<PendingSummary> pendingSummary(SQLite::Database& db) {
  return guardedSql("counting what waits to be sent failed", [&]() -> Result<PendingSummary> {
    PendingSummary s;
    SQLite::Statement q(db,
                        "SELECT "
                        " (SELECT COUNT(*) FROM outbox WHERE state = 'pending'),"
                        " (SELECT COUNT(*) FROM outbox WHERE state = 'pending' AND endpoint = 'lrs' AND"
                        "   json_extract(payload, '$.verb.id') IN ('http://adlnet.gov/expapi/verbs/passed',"
                        "     'http://adlnet.gov/expapi/verbs/failed', 'http://adlnet.gov/expapi/verbs/completed')),"
                        " (SELECT COUNT(*) FROM outbox WHERE state = 'pending' AND endpoint = 'certification' AND"
                        "   json_extract(payload, '$.certificate_id') IS NOT NULL),"
                        " (SELECT COUNT(DISTINCT who) FROM ("
                        "   SELECT json_extract(payload, '$.actor.account.name') AS who FROM outbox"
                        "     WHERE state = 'pending' AND endpoint = 'lrs'"
                        "   UNION ALL SELECT json_extract(payload, '$.learner_id') FROM outbox"
                        "     WHERE state = 'pending' AND endpoint = 'certification') WHERE who IS NOT NULL)");
    if (q.executeStep()) {
      s.records = q.getColumn(0).getInt64();
      s.results = q.getColumn(1).getInt64();
      s.certificates = q.getColumn(2).getInt64();
      s.people = q.getColumn(3).getInt64();
    }
    return s;
  });
}

EndpointStatus applyConfigured(EndpointStatus status, bool configured) {
  status.configured = configured;
  if (!configured) {
    status.waiting = status.pending;
    status.pending = 0;
  } else {
    status.waiting = 0;
  }
  return status;
}

Result<SyncStatus> readSyncStatus(SQLite::Database& db, const SyncConfig& config, const content::ContentConfig& content_config) {
  OutboxRepository outbox(db);
  auto lrs = outbox.status(kLrs);
  if (!lrs) return tl::unexpected(lrs.error());
  auto cert = outbox.status(kCertification);
  if (!cert) return tl::unexpected(cert.error());
  auto content = readContentStatus(db, content_config);
  if (!content) return tl::unexpected(content.error());
  SyncStatus out;
  out.lrs = applyConfigured(*lrs, !config.lrs.endpoint.empty());
  out.certification = applyConfigured(*cert, !config.certification.endpoint.empty());
  out.content = std::move(*content);
  return out;
}

nlohmann::json endpointJson(const EndpointStatus& s) {
  nlohmann::json j = {{"pending", s.pending},
                      {"delivered", s.delivered},
                      {"quarantined", s.quarantined},
                      {"last_success", s.last_success},
                      {"last_error", s.last_error},
                      {"last_error_kind", s.last_error_kind},
                      {"next_attempt", s.next_attempt},
                      {"configured", s.configured},
                      {"waiting", s.waiting},
                      {"failures", s.failures},
                      {"clock_offset_seconds", nullptr},
                      {"clock_checked_at", s.clock_checked_at},
                      {"clock_warning", clockWarningVi(s.clock_offset_ms)}};
  if (s.clock_offset_ms) j["clock_offset_seconds"] = std::llround(static_cast<double>(*s.clock_offset_ms) / 1000.0);
  return j;
}

nlohmann::json statusJson(const SyncStatus& status) {
  nlohmann::json j = endpointJson(status.lrs);
  j["lrs_configured"] = status.lrs.configured;
  // The kiosk's clock, by the latest measurement of either server (the
  // top-level clock_offset_seconds is the LRS's own).
  j["clock_warning"] = clockWarningVi(status);
  j["certification"] = endpointJson(status.certification);
  j["content"] = contentJson(status.content);
  return j;
}

}  // namespace hocso::sync
