// The composition shared by hocso-kiosk and hocso: configuration, the data
// dir, kiosk.db (migrated), the data key and the loaded content pack.
#pragma once

#include <SQLiteCpp/Database.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "assessment/certificate.hpp"
#include "kiosk_config.hpp"
#include "base/crypto.hpp"
#include "base/database.hpp"
#include "base/error.hpp"
#include "content/model.hpp"

namespace hocso::app {

struct KioskContext {
  Config config;
  std::filesystem::path data_dir;
  std::unique_ptr<SQLite::Database> db;
  FieldCipher cipher;
  content::Pack pack;
  std::string pack_source;   // where the pack came from (for messages)
  std::string kiosk_id;
  std::shared_ptr<assessment::KioskSigner> signer;  // DATA_DIR/keys/kiosk-signing.pem, created on first run
  // The site key (DATA_DIR/keys/site.key) when this kiosk is in a site of
  // several kiosks (site_service.hpp): learners' PINs are peppered with it so
  // every kiosk of the site can check them.
  std::optional<FieldCipher> site_cipher;
  // Set when kiosk.db records a site but its key is missing or another key.
  // The CLI still opens (to restore the key or join again); the kiosk app
  // shows a notice instead of letting the site's learners fail "wrong PIN".
  std::optional<Error> site_key_error;
};

// The kiosk module's own tables (kiosk identity and settings).
const ModuleSchema& kioskSchema();

// Opens <data_dir>/kiosk.db, applies every module's migrations, loads the
// data key and the content pack. Fails with one clear message.
Result<std::unique_ptr<KioskContext>> openKiosk(const Config& config, const std::filesystem::path& data_dir);

// Opens and migrates kiosk.db alone (sync status, tests). Creates the data
// dir and kiosk.db when missing, and makes them private (restrictDataDirPermissions).
Result<std::unique_ptr<SQLite::Database>> openKioskDatabase(const std::filesystem::path& data_dir);

// Opens an existing kiosk.db read-only for commands that only look (status,
// reports, record checks): nothing is created, migrated or written, so a
// mistyped --data-dir fails (NotFound: "no kiosk database at DIR; check
// --data-dir") and a read-only copy works. A database at an older or newer
// schema than this code is refused with what to do.
Result<std::unique_ptr<SQLite::Database>> openKioskDatabaseReadOnly(const std::filesystem::path& data_dir);

// For a background job on a worker thread (a report, an erasure, a USB
// export): a copy of `ctx` with the settings, the data and site keys, the kiosk id and
// the pack's lessons, questions and framework, but no database connection
// and no pack store, so the job never shares the UI thread's connections.
std::shared_ptr<KioskContext> jobContext(const KioskContext& ctx);
// Opens the job's own connection to <data_dir>/kiosk.db, which the kiosk
// has already migrated (only the usual pragmas), into job.db.
Result<void> openJobDatabase(KioskContext& job);

// The one line read-only commands print when DATA_DIR holds no kiosk.db.
std::string noKioskDatabaseMessage(const std::filesystem::path& data_dir);

// The pack named by config ([content] pack: a source folder or a pack file);
// else the signed pack installed in <data_dir>/packs (current, then previous);
// else the default pack shipped with the kiosk. Exam overrides are applied.
Result<content::Pack> loadConfiguredPack(const Config& config, const std::filesystem::path& data_dir,
                                         std::string* source);

}  // namespace hocso::app
