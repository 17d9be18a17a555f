// The site folder watcher run by `hocso sync run` (sync/README.md, "A site
// of several kiosks", "The LAN"): every pass it writes this kiosk's journal
// when kiosk.db changed, imports the peers' new segments that Syncthing (or a
// person) put into DATA_DIR/site, and keeps Syncthing's devices and folders
// in step with the site (site_syncthing.hpp). A pass that has nothing to do
// costs a directory listing and one SQLite pragma.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "base/error.hpp"
#include "kiosk_context.hpp"
#include "site_service.hpp"
#include "site_syncthing.hpp"

namespace hocso::app {

struct WatchPassSummary {
  JournalSummary journal;        // journal.seq > 0: a segment was written
  int imported_segments = 0;     // peers' segments imported in this pass
  int held_back = 0;             // segments present but not importable yet (a gap, a part, a refusal)
  SyncthingReconcileSummary syncthing;
};

// Imports, from the live folder DATA_DIR/site, each peer's segments up to its
// first gap or first segment that does not open (still arriving, or bad):
// the rest waits for a later pass. The strict all-or-nothing check of
// importSite (the USB path) then runs over that prefix. A peer whose prefix
// is refused does not hold back the others. Refusals go to `log_once`
// (each message once) and the log.
Result<WatchPassSummary> importLiveSiteFolder(KioskContext& ctx, std::set<std::string>& logged);

class SiteWatcher {
 public:
  // ctx must stay alive; the watcher uses its connection from one thread.
  explicit SiteWatcher(KioskContext& ctx) : ctx_(ctx) {}

  // One pass: never throws; what went wrong is logged once and retried later.
  WatchPassSummary pass();

  std::chrono::milliseconds syncthing_every{5000};  // how often Syncthing's pending devices/folders are checked

 private:
  struct FileStamp {
    long long size = 0;
    long long mtime = 0;
    bool operator==(const FileStamp&) const = default;
  };
  using Listing = std::map<std::string, FileStamp>;  // "<kiosk>/<file>" → stamp
  Listing listPeers() const;
  void logOnce(const std::string& message);

  KioskContext& ctx_;
  std::optional<long long> data_version_;
  std::optional<Listing> listing_;
  std::chrono::steady_clock::time_point retry_at_{};      // a held-back import is retried then even unchanged
  std::chrono::steady_clock::time_point syncthing_at_{};
  std::set<std::string> logged_;
};

}  // namespace hocso::app
