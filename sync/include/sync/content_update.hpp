// Downstream content: read the channel manifest ([content] channel), and when
// it lists a newer version of the installed pack, download it with resume,
// verify it against [content] trusted_keys and install it atomically through
// the pack store (the replaced pack is kept for rollback). The last check is
// kept in kiosk.db (content_state) for `hocso sync status`. See sync/README.md.
#pragma once

#include <SQLiteCpp/Database.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "content/config.hpp"
#include "sync/config.hpp"
#include "base/error.hpp"

namespace hocso::sync {

class HttpClient;

// The pack the kiosk has: DATA_DIR/packs/current.hocsopack, else the default
// pack shipped with the kiosk. Read without trusting it: only its id and
// version are used, to choose from the channel.
struct InstalledPack {
  std::string id, version;
  std::filesystem::path file;
  bool shipped = false;  // the default pack (nothing installed yet)
};
Result<InstalledPack> installedPack(const std::filesystem::path& data_dir);

enum class UpdateOutcome {
  Updated,        // a newer pack was downloaded, verified and installed
  Current,        // the channel has nothing newer for the installed pack
  NotConfigured,  // [content] channel is empty
  TryLater,       // network or server trouble; a partial download is kept and resumed next time
  Refused,        // the manifest or the pack is not acceptable (malformed, unsigned, older than installed,
                  // mismatch, signature, HTTP 4xx)
  Credentials,    // the server answered 401 / 403
  ConfigProblem,  // our configuration cannot work (trusted keys, CA bundle)
  Failed,         // local trouble (disk full, I/O); the current pack is untouched
  Cancelled,      // stop was requested
};

// "updated", "current", "not_configured", "try_later", "refused",
// "credentials", "config", "failed", "cancelled".
std::string outcomeName(UpdateOutcome outcome);

struct UpdateOptions {
  bool allow_downgrade = false;               // install an older version the channel lists (else refused)
  const std::atomic<bool>* cancel = nullptr;  // set → stops within about a second
  HttpClient* http = nullptr;                 // reuse a connection (worker)
  int max_attempts = 5;                       // download requests in one check, while each brings bytes
  std::chrono::milliseconds retry_pause{1000};
  std::string refused_sha256;                 // a pack file refused before (refusedPackSha256): not fetched again
};

struct UpdateReport {
  UpdateOutcome outcome = UpdateOutcome::Current;
  std::string kind;               // last_error_kind: network | tls | server | busy | credentials | config |
                                  // unexpected | invalid | signature (manifest unsigned, untrusted key,
                                  // changed) | downgrade (the channel offers an older version) | io
                                  // ("" when updated or current)
  std::string message;            // one English line
  std::string pack_id;            // the installed pack's id
  std::string installed_version;  // its version before the check
  std::string available_version;  // the newest version the channel lists for it ("" if none)
  std::string new_version;        // installed by this check ("" if none)
  std::string previous;           // "id version" kept as the previous pack
  std::uint64_t downloaded = 0;   // bytes received in this check
  std::vector<std::uint64_t> offsets;  // where each download request started (> 0: resumed)
  std::string refused_sha256;     // the channel's SHA-256 of a pack file this check downloaded and refused
};

// One check of the channel (and, when there is something newer, one
// download and install). Never changes the current pack unless the new one
// was verified and installed completely. Two checks never run at once (a
// lock file in DATA_DIR/packs): the second one is TryLater.
UpdateReport updateContent(const content::ContentConfig& content_config, const SyncConfig& sync_config,
                           const std::filesystem::path& data_dir,
                           const UpdateOptions& options = {});

// The last check, from kiosk.db (content_state), with the configuration.
struct ContentStatus {
  bool configured = false;   // [content] channel is set
  std::string channel;
  int check_minutes = 60;
  std::string last_check;    // ISO 8601 UTC; "" never
  std::string result;        // outcomeName() of the last check; "" never
  std::string last_error;    // "" after updated / current
  std::string last_error_kind;
  std::string pack_id, installed_version, available_version;
  std::string last_update;   // when a pack was last installed from the channel
  std::string next_check;    // when the sync worker looks again ("" if not configured)
  int failures = 0;          // consecutive checks that were neither updated nor current
};

// Records the outcome of a check at `at` (Cancelled and NotConfigured are not
// recorded), with the SHA-256 of a pack it refused (kept until an update succeeds).
Result<void> recordContentCheck(SQLite::Database& db, const UpdateReport& report, const std::string& at);
// The SHA-256 of the pack file refused last ("" if none): pass it as
// UpdateOptions::refused_sha256 so a refused file is not downloaded at every check.
Result<std::string> refusedPackSha256(SQLite::Database& db);
Result<ContentStatus> readContentStatus(SQLite::Database& db, const content::ContentConfig& config);

// True when the sync worker should check the channel now: configured, and
// never checked or the last check is check_minutes old (or in the future: a
// clock that jumped back).
bool contentCheckDue(const ContentStatus& status, std::chrono::system_clock::time_point now);

// The "content" object of `hocso sync status --json` (documented in sync/README.md).
nlohmann::json contentJson(const ContentStatus& status);

}  // namespace hocso::sync
