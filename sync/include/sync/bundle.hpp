// USB bundles for kiosks that never get online: everything not yet
// delivered, encrypted with a fresh AES-256-GCM key that is sealed to the
// central office's X25519 public key (the kiosk cannot read back what it
// exported), in a small SQLite container signed with the kiosk's Ed25519 key
// (content/signing.hpp's trailer). Importing accepts only enrolled kiosks
// (sync/kiosk_registry.hpp) and queues the rows on a connected machine; ids
// are the kiosk's, so a second import, or the kiosk going online later,
// delivers nothing twice, and a known id with other content is a conflict.
// Format: sync/README.md, "USB bundles".
#pragma once

#include <SQLiteCpp/Database.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "sync/config.hpp"
#include "base/crypto.hpp"
#include "base/error.hpp"

namespace hocso::sync {

inline constexpr const char* kBundleFormat = "hocso-usb-bundle/1";

struct BundleIdentity {
  std::string kiosk_id;
  std::string site_id;
  std::filesystem::path signing_key;       // Ed25519 private PEM, created with its .pub.pem on first export
};

struct ExportSummary {
  long long statements = 0, certificates = 0;
  std::string signer_key_id;               // content::keyId of the kiosk's key
};

// Writes every pending row (both endpoints) to `out` (atomically), sealed to
// config.bundle_public_key. Certificate identity is unsealed from the data
// key into the encrypted bundle. The outbox is not changed, except that LRS
// rows get their clock correction fixed so both routes send the same bytes.
Result<ExportSummary> exportBundle(SQLite::Database& db, const SyncConfig& config, const FieldCipher& cipher,
                                   const BundleIdentity& kiosk, const std::filesystem::path& out);

// A record id that arrived with other content than the row already here.
struct ImportConflict {
  std::string endpoint, record_id;
};

// A bundle whose kiosk's record chain is shorter than one an earlier-made
// bundle (or delivery) showed: its records were wiped or an old copy was
// restored on the kiosk.
struct ChainRollback {
  long long from_seq = 0, to_seq = 0;
};

struct ImportSummary {
  std::string kiosk_id, site_id, created_at;
  std::string signer_key_id;
  bool enrolled = false;                   // signer is the enrolled key of kiosk_id (else: a --kiosk-key)
  long long rows = 0, added = 0;           // in the bundle / new to this outbox
  std::vector<ImportConflict> conflicts;   // neither queued nor overwritten; recorded in import_conflicts
  std::string chain_head;                  // the kiosk's X-HocSo-Chain-Head value when exported ("" if none)
  std::optional<ChainRollback> chain_went_back;  // recorded in chain_rollbacks
};

// Verifies the signature, then trusts the signer only when it is the
// enrolled key of the kiosk id the bundle claims (KioskRegistry) or one of
// `kiosk_keys` (an explicit one-off trust; still refused when the claimed
// kiosk is enrolled with another key). An unknown signer or a key mismatch
// is refused (ErrorCode::Credentials). Then unseals with the central office's
// X25519 private key and queues the rows in one transaction: rows already
// imported with the same content are skipped; a known record id with other
// content is a conflict (kept as it was, listed in the summary and recorded).
// Anything wrong (tampered, untrusted, other recipient, damaged) → nothing is queued.
Result<ImportSummary> importBundle(SQLite::Database& db, const FieldCipher& cipher, const std::filesystem::path& file,
                                   const std::filesystem::path& recipient_private_key,
                                   const std::vector<std::filesystem::path>& kiosk_keys);

// A central office key pair (X25519, PEM); the same as
// `openssl genpkey -algorithm X25519` and `openssl pkey -pubout`.
Result<void> generateRecipientKeyPair(const std::filesystem::path& private_pem, const std::filesystem::path& public_pem);

}  // namespace hocso::sync
