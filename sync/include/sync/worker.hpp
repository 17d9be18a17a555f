// The background sync worker: its own thread and its own SQLite connection;
// it wakes on notify() (new rows), every [sync] interval_seconds, and when
// another process commits to kiosk.db; it respects each endpoint's backoff
// (next_attempt), checks the content channel every [content] check_minutes,
// and publishes a status snapshot after every change. Used by hocso-kiosk
// (the UI only reads snapshots) and by `hocso sync run`.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "content/config.hpp"
#include "sync/config.hpp"
#include "base/crypto.hpp"
#include "base/error.hpp"
#include "sync/report.hpp"
#include "sync/status.hpp"

namespace hocso::sync {

class HttpClient;

struct SyncSnapshot {
  SyncStatus status;
  bool running = false;     // the worker thread is alive
  bool sending = false;     // a pass is under way
  long long delivered_since_start = 0;
  std::string last_message; // the last pass's one English line ("" when it drained)
  std::string content_installed;  // "id version" the worker installed from the channel since it
                                  // started ("" if none): the kiosk uses it from its next start
};

class SyncWorker {
 public:
  // Called on the worker thread: the UI must copy and marshal to its own thread.
  using Publish = std::function<void(const SyncSnapshot&)>;

  struct Options {
    std::filesystem::path database;             // kiosk.db (already migrated by the app)
    std::filesystem::path data_dir;             // DATA_DIR (content packs); empty: the folder of `database`
    SyncConfig sync;                            // where and how often to send
    content::ContentConfig content;             // the channel of content updates and the keys that sign it
    std::string kiosk_id;                       // [kiosk] id (chain-head header); empty: kiosk.db's
    std::optional<FieldCipher> cipher;          // unseals certificate identity; none: certificates wait
    Publish publish;                            // may be empty
    std::chrono::milliseconds change_poll{2000};  // look for other processes' commits this often
  };

  explicit SyncWorker(Options options);
  ~SyncWorker();  // stop()
  SyncWorker(const SyncWorker&) = delete;
  SyncWorker& operator=(const SyncWorker&) = delete;

  // Opens the worker's own connection and starts the thread.
  Result<void> start();
  // New rows were committed: send them soon (unless an endpoint is backing off).
  void notify();
  // Asks the thread to stop (an HTTP transfer in flight is aborted within
  // about a second) and joins it. Safe to call twice.
  void stop();
  // The latest snapshot (thread-safe).
  SyncSnapshot snapshot() const;

 private:
  void run();
  void publish(bool sending);
  bool passDue(const std::string& endpoint, bool configured, std::chrono::system_clock::time_point now,
               std::chrono::system_clock::time_point* wake);
  // One content channel check; returns when the next one is due.
  std::chrono::system_clock::time_point checkContent(HttpClient& http);

  Options options_;
  std::unique_ptr<SQLite::Database> db_;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool notified_ = false;
  SyncSnapshot snapshot_;
};

}  // namespace hocso::sync
