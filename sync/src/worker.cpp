// The sync worker thread: decides when a pass is due, runs it on its own
// connection, and publishes snapshots. Never touches the caller's connection.
#include "sync/worker.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "base/database.hpp"
#include "sync/certification.hpp"
#include "sync/content_update.hpp"
#include "sync/http.hpp"
#include "sync/lrs_sync.hpp"
#include "sync/outbox.hpp"
#include "sync/retry.hpp"

namespace hocso::sync {

SyncWorker::SyncWorker(Options options) : options_(std::move(options)) {}

SyncWorker::~SyncWorker() { stop(); }

Result<void> SyncWorker::start() {
  if (thread_.joinable()) return {};
  auto db = openDatabase(options_.database.string());
  if (!db) return tl::unexpected(db.error());
  if (auto m = migrate(**db, schema()); !m) return tl::unexpected(m.error());
  db_ = std::move(*db);
  stop_ = false;
  {
    std::lock_guard lock(mutex_);
    snapshot_.running = true;
  }
  thread_ = std::thread([this] {
    try {
      run();
    } catch (const std::exception& e) {  // never let the thread take the kiosk down
      spdlog::error("the sync worker stopped: {}", e.what());
      std::lock_guard lock(mutex_);
      snapshot_.running = false;
      snapshot_.last_message = std::string("the sync worker stopped: ") + e.what();
    }
  });
  return {};
}

void SyncWorker::notify() {
  {
    std::lock_guard lock(mutex_);
    notified_ = true;
  }
  wake_.notify_one();
}

void SyncWorker::stop() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

SyncSnapshot SyncWorker::snapshot() const {
  std::lock_guard lock(mutex_);
  return snapshot_;
}

void SyncWorker::publish(bool sending) {
  SyncSnapshot copy;
  auto status = readSyncStatus(*db_, options_.sync, options_.content);
  {
    std::lock_guard lock(mutex_);
    if (status) snapshot_.status = *status;
    snapshot_.sending = sending;
    snapshot_.running = !stop_ || sending;
    copy = snapshot_;
  }
  if (options_.publish) options_.publish(copy);
}

// True when `endpoint` has rows to send and no backoff in force; otherwise
// moves `wake` earlier to the end of its backoff, if any.
bool SyncWorker::passDue(const std::string& endpoint, bool configured, Clock::time_point now,
                         Clock::time_point* wake) {
  if (!configured) return false;
  auto st = OutboxRepository(*db_).status(endpoint);
  if (!st || st->pending == 0) return false;
  if (auto next = parseIso8601(st->next_attempt); next && *next > now) {
    *wake = std::min(*wake, *next);
    return false;
  }
  return true;
}

Clock::time_point SyncWorker::checkContent(HttpClient& http) {
  const auto minutes = std::chrono::minutes(options_.content.channel_check_minutes);
  publish(true);
  const std::filesystem::path dataDir =
      options_.data_dir.empty() ? options_.database.parent_path() : options_.data_dir;
  UpdateOptions o;
  o.cancel = &stop_;
  o.http = &http;
  if (auto refused = refusedPackSha256(*db_)) o.refused_sha256 = *refused;
  const UpdateReport r = updateContent(options_.content, options_.sync, dataDir, o);
  if (r.outcome == UpdateOutcome::Updated)
    spdlog::info("content: {}; the kiosk uses it from its next start", r.message);
  else if (r.outcome != UpdateOutcome::Current && r.outcome != UpdateOutcome::Cancelled)
    spdlog::warn("content: {}", r.message);
  if (auto saved = recordContentCheck(*db_, r, formatIso8601(Clock::now())); !saved)
    spdlog::error("content: {}", saved.error().message);
  if (r.outcome == UpdateOutcome::Updated) {
    std::lock_guard lock(mutex_);
    snapshot_.content_installed = r.pack_id + " " + r.new_version;
  }
  publish(false);
  return Clock::now() + minutes;
}

void SyncWorker::run() {
  HttpClient http;
  OutboxRepository outbox(*db_);
  const auto interval = std::chrono::seconds(options_.sync.sync_interval_seconds);
  long long version = outbox.dataVersion().value_or(-1);
  Clock::time_point lastCheck = Clock::now();
  Clock::time_point nextDue = Clock::time_point::max();
  // The content channel: the last check is kept in kiosk.db, so a restart does not check again early.
  Clock::time_point nextContent = Clock::time_point::max();
  if (!options_.content.channel.empty()) {
    nextContent = Clock::now();
    if (auto cs = readContentStatus(*db_, options_.content); cs && !contentCheckDue(*cs, Clock::now()))
      if (auto last = parseIso8601(cs->last_check))
        nextContent = *last + std::chrono::minutes(options_.content.channel_check_minutes);
  }
  bool evaluate = true;
  publish(false);
  while (!stop_) {
    if (evaluate) {
      lastCheck = Clock::now();
      nextDue = Clock::time_point::max();
      const SyncOptions passOptions{&stop_, &http, options_.kiosk_id};
      struct Target {
        const char* endpoint;
        bool configured;
      };
      const Target targets[] = {
          {kLrs, !options_.sync.lrs.endpoint.empty()},
          // Without the data key certificates cannot be unsealed: they wait.
          {kCertification, !options_.sync.certification.endpoint.empty() && options_.cipher.has_value()},
      };
      for (const auto& t : targets) {
        if (stop_) break;
        if (!passDue(t.endpoint, t.configured, Clock::now(), &nextDue)) continue;
        publish(true);
        const SyncReport r = t.endpoint == std::string(kLrs)
                                 ? syncLrsOnce(*db_, options_.sync, passOptions)
                                 : syncCertificationOnce(*db_, options_.sync, *options_.cipher, passOptions);
        if (r.outcome != SyncOutcome::Drained && r.outcome != SyncOutcome::Cancelled)
          spdlog::warn("sync {}: {}{}", t.endpoint, r.message,
                       r.next_attempt.empty() ? "" : " (next attempt " + r.next_attempt + ")");
        else if (r.delivered + r.quarantined > 0)
          spdlog::info("sync {}: delivered {}, quarantined {}", t.endpoint, r.delivered, r.quarantined);
        if (auto next = parseIso8601(r.next_attempt)) nextDue = std::min(nextDue, *next);
        std::lock_guard lock(mutex_);
        snapshot_.delivered_since_start += r.delivered;
        snapshot_.last_message = r.outcome == SyncOutcome::Drained ? "" : r.message;
      }
      publish(false);
    }
    // After the results: a download must not hold back what learners did.
    if (!stop_ && Clock::now() >= nextContent) nextContent = checkContent(http);
    const auto now = Clock::now();
    const auto wakeAt = std::min({nextDue, nextContent, lastCheck + interval, now + options_.change_poll});
    {
      std::unique_lock lock(mutex_);
      wake_.wait_for(lock, std::max(wakeAt - now, Clock::duration::zero()),
                     [this] { return stop_.load() || notified_; });
      evaluate = notified_;
      notified_ = false;
    }
    if (stop_) break;
    const auto later = Clock::now();
    if (later >= lastCheck + interval || later >= nextDue) evaluate = true;
    if (auto v = outbox.dataVersion(); v && *v != version) {
      version = *v;
      evaluate = true;  // another process committed (new rows from the kiosk UI, an import)
    }
  }
  {
    std::lock_guard lock(mutex_);
    snapshot_.running = false;
  }
  publish(false);
}

}  // namespace hocso::sync
