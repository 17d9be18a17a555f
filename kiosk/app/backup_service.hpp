// Whole-kiosk backups (`hocso backup` / `hocso restore`): kiosk.db copied with
// SQLite's online backup while the kiosk runs, the keys, hocso.toml and the
// files it names, in one archive sealed with a passphrase (scrypt + AES-256-GCM).
// A restore checks the archive, then the database, the records chain and the
// keys on a copy, before anything in the data dir is replaced.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "kiosk_config.hpp"
#include "base/error.hpp"
#include "service_support.hpp"
#include "worker_job.hpp"

namespace hocso::app {

// The passphrase rule for backups (as for key backups): at least 8 characters.
Result<void> checkBackupPassphrase(const std::string& passphrase);

struct BackupSummary {
  long long bytes = 0;            // archive size
  long long results = 0;          // results in the copied kiosk.db
  std::vector<std::string> files; // what is inside ("data/kiosk.db", "data/keys/data.key", "config:/etc/hocso/hocso.toml", ...)
};

// Writes the archive to `out` (mode 0600, atomically). The database is copied
// in one read transaction: a consistent snapshot, writers not held up.
Result<BackupSummary> backupKiosk(const Config& config, const std::filesystem::path& data_dir,
                                  const std::filesystem::path& out, const std::string& passphrase);

struct RestoreSummary {
  std::string kiosk_id;
  long long results = 0;
  std::filesystem::path replaced;            // where the data it replaced was moved ("" when there was none)
  std::vector<std::filesystem::path> config_written, config_kept;  // config files put back / left as they were
};

// Opens and checks `archive` (Crypto: wrong passphrase or changed; Invalid:
// not a backup), restores it into a staging folder inside `data_dir` and checks
// it there (quick_check, records verify, keys selftest); only then moves the
// current kiosk.db and keys aside (DATA_DIR/replaced-<time>/) and the restored
// ones into place. Refused (Invalid) while a process has kiosk.db open (the
// kiosk or the sync service: stop them first). Config files are written only
// where none exists, unless `overwrite_config`. This machine is recorded as
// the kiosk's (machine_identity.hpp).
Result<RestoreSummary> restoreKiosk(const std::filesystem::path& archive, const std::string& passphrase,
                                    const std::filesystem::path& data_dir, bool overwrite_config);

// A passphrase for a backup made from the screen, which nobody has to type
// on a touch screen: 16 letters and digits that are hard to misread (no 0/O,
// 1/I/L, no U), in four groups ("7KQ4-M9TX-2HWP-R6DN", about 78 random bits). The
// facilitator writes it down; `hocso restore` asks for it as it is shown.
Result<std::string> makeBackupCode();

struct UsbBackupOutcome {
  std::filesystem::path file;
  BackupSummary summary;
};

// Facilitator mode's "Back up to USB": backupKiosk onto a drive, as
// hocso-sao-luu-<site>-<YYYYMMDD-HHMMSS>.hocso-backup (a WorkerJob; it reads
// the settings and the data dir).
class UsbBackupJob : private WorkerJob {
 public:
  using WorkerJob::WorkerJob;
  Result<UsbBackupOutcome> run(const std::filesystem::path& drive, const std::string& code);
};

// The pid of a process other than this one holding `file` open, 0 when none is seen.
int processHolding(const std::filesystem::path& file);

}  // namespace hocso::app
