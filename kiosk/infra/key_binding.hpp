// The keys in DATA_DIR/keys belong to one kiosk.db: their ids are recorded in
// kiosk_meta, and keys/anchor.json (beside the keys, outside the database)
// records which database they belong to and how far its record chain reached.
// So a lost key, a foreign key, a wiped or replaced database and a chain
// rolled back to an older copy are refused or reported, never papered over.
#pragma once

#include <SQLiteCpp/Database.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "assessment/certificate.hpp"
#include "base/crypto.hpp"
#include "base/error.hpp"

namespace hocso::app {

struct Anchor {
  std::string database_id;   // kiosk_meta.database_id; empty: keys made before their database
  std::string kiosk_id;
  std::string data_key_id, signing_key_id;
  long long chain_seq = 0;   // the record chain's head when last seen (0: empty chain)
  std::string chain_hash;
  std::string updated_at;
};

std::filesystem::path anchorFile(const std::filesystem::path& data_dir);
// nullopt when there is no anchor file; an error when it is damaged.
Result<std::optional<Anchor>> readAnchor(const std::filesystem::path& data_dir);

// The id recorded for a data key (16 hex digits of a keyed hash; reveals nothing of the key).
std::string dataKeyId(const FieldCipher& cipher);

// Before kiosk.db is created: refuses when the keys belong to a database that
// is missing (a wipe), instead of starting a new kiosk next to them.
Result<void> checkKeysHaveTheirDatabase(const std::filesystem::path& data_dir);
// After kiosk.db is opened, before any migration writes to it: refuses a
// database that is not the one the anchor names (emptied, replaced, another kiosk's).
Result<void> checkDatabaseIsAnchored(SQLite::Database& db, const std::filesystem::path& data_dir);

// After kiosk.db is opened and migrated: loads the data key and the signing
// key, creating them only for a database that has none yet (under the write
// lock, so two processes starting at once agree on one key), and refusing a
// missing key when the database holds data it protected and a key whose id
// differs from the one recorded. Records the key ids and the anchor.
struct BoundKeys {
  FieldCipher cipher;
  std::shared_ptr<assessment::KioskSigner> signer;
};
Result<BoundKeys> bindKeys(SQLite::Database& db, const std::filesystem::path& data_dir, const std::string& kiosk_id);

// The data key for reading (never created): refused when missing or not the
// key recorded in kiosk.db.
Result<FieldCipher> loadBoundDataKey(SQLite::Database& db, const std::filesystem::path& data_dir);

// Refuses keys that are not the ones kiosk.db in `data_dir` records (if any),
// e.g. another kiosk's backup about to be restored here.
Result<void> checkKeysFitDatabase(const std::filesystem::path& data_dir, const FieldCipher& cipher,
                                  const std::string& signing_key_id);

// Records keys made before their database (`hocso keys init`) in an anchor
// with no database yet, unless an anchor exists.
Result<void> anchorUnboundKeys(const std::filesystem::path& data_dir, const std::string& data_key_id,
                               const std::string& signing_key_id);

// Moves the anchor forward to the database's signed chain head, only when the
// chain extends the anchored one (a rolled-back chain leaves the anchor as it
// is, so `records verify` reports it). Call after the sealing transaction
// committed; an error is worth logging, never fatal to the answer.
Result<void> advanceAnchor(SQLite::Database& db, const std::filesystem::path& data_dir);

// What the anchor says about the database's chain: "" when they agree, else
// one line naming the wipe or rollback.
Result<std::string> compareWithAnchor(SQLite::Database& db, const std::filesystem::path& data_dir);

}  // namespace hocso::app
