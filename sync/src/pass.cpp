// Ending a delivery pass in sync_state; shared by the LRS and certification clients.
#include "pass.hpp"

#include <spdlog/spdlog.h>

#include "base/files.hpp"

namespace hocso::sync::detail {

Result<std::string> readBearerToken(const std::string& file, const std::string& key) {
  if (file.empty()) return fail(ErrorCode::Config, key + " is empty: bearer auth needs a token file");
  auto token = readSecretFile(file);  // the file itself, or its systemd credential copy
  if (!token) return fail(ErrorCode::Config, "bearer token file " + token.error().message + " (" + key + ")");
  return token;
}

void stopOn(const HttpResponse& response, const std::string& server_name, SyncReport& report,
            std::optional<std::chrono::seconds>& retry_after) {
  if (response.status == 0 && response.error == TransportError::Cancelled) {
    report.outcome = SyncOutcome::Cancelled;
    report.kind = ErrorKind::None;
    report.message = "stopped";
    return;
  }
  report.kind = errorKindOf(response);
  report.message = describeResponse(response, server_name);
  switch (report.kind) {
    case ErrorKind::Credentials:
      report.outcome = SyncOutcome::Credentials;
      report.message = "the " + server_name + " refused our credentials (" + report.message + ")";
      break;
    case ErrorKind::Config:
      report.outcome = SyncOutcome::ConfigProblem;
      break;
    default:
      report.outcome = SyncOutcome::TryLater;
  }
  if (response.status == 429 || response.status == 503) {
    auto it = response.headers.find("retry-after");
    if (it != response.headers.end()) retry_after = parseRetryAfter(it->second, Clock::now());
    if (retry_after) report.kind = ErrorKind::Busy;
  }
}

void finishPass(SQLite::Database& db, const std::string& endpoint, const SyncConfig& config, SyncReport& report,
                std::optional<std::chrono::seconds> retry_after) {
  OutboxRepository outbox(db);
  const auto now = Clock::now();
  Result<void> saved;
  switch (report.outcome) {
    case SyncOutcome::Drained:
      saved = outbox.recordSuccess(endpoint, formatIso8601(now));
      break;
    case SyncOutcome::Cancelled:
    case SyncOutcome::NotConfigured:
      break;
    case SyncOutcome::TryLater:
    case SyncOutcome::Credentials:
    case SyncOutcome::ConfigProblem:
      saved = writeTransaction(db, "kiosk.db", [&]() -> Result<void> {
        auto st = outbox.state(endpoint);
        if (!st) return tl::unexpected(st.error());
        // Progress in this pass means the way to the server works: start the backoff over.
        const int failures = report.delivered + report.quarantined > 0 ? 1 : st->failures + 1;
        const RetryPolicy policy = RetryPolicy::fromInterval(config.sync_interval_seconds);
        std::chrono::milliseconds delay = backoffDelay(failures, policy, jitterUnit());
        if (retry_after)
          delay = std::clamp<std::chrono::milliseconds>(*retry_after, std::chrono::seconds(1), policy.retry_after_cap);
        report.next_attempt = formatIso8601(now + delay);
        return outbox.recordFailure(endpoint, errorKindName(report.kind), report.message, formatIso8601(now),
                                    report.next_attempt, failures);
      });
      break;
  }
  if (!saved) spdlog::error("sync {}: {}", endpoint, saved.error().message);
  if (auto st = outbox.status(endpoint)) report.remaining = st->pending;
}

}  // namespace hocso::sync::detail
