// The site journal: the kiosks of one commune share a site key, and each
// writes its own append-only chain of signed segments (sync/README.md,
// "A site of several kiosks"). A segment file is
//
//   "HOCSO-SITE-SEGMENT 1\n" <header JSON, one line> "\n" <sealed body> <Ed25519 signature, 64 bytes>
//
// header: format, site_id, kiosk_id, seq (1, 2, ...), prev (hash of the
// previous segment of the same kiosk, "" for seq 1), signer (the kiosk's
// Ed25519 public key, hex), created_at, records. The body (JSON records) is
// sealed with the site key (AES-256-GCM, the header authenticated with it);
// the signature covers everything before it. A segment's hash is the
// SHA-256 of the whole file.
#pragma once

#include <SQLiteCpp/Database.h>

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "assessment/site_records.hpp"
#include "base/crypto.hpp"
#include "base/ed25519.hpp"
#include "base/error.hpp"

namespace hocso::sync {

inline constexpr const char* kSiteSegmentFormat = "hocso-site-segment/1";

struct SegmentHeader {
  std::string site_id, kiosk_id;
  long long seq = 0;
  std::string prev;        // the previous segment's hash; "" for seq 1
  Ed25519PublicKey signer{};
  std::string created_at;
  long long records = 0;
};

struct Segment {
  SegmentHeader header;
  std::vector<assessment::SiteRecord> records;
  std::string hash;        // SHA-256 of the file, hex
};

using SignFunction = std::function<Result<Ed25519Signature>(const std::string&)>;

// The file bytes of a new segment (header.records is set from `records`).
Result<std::string> sealSegment(SegmentHeader header, const std::vector<assessment::SiteRecord>& records,
                                const FieldCipher& site_key, const SignFunction& sign);

// Opens a segment: its format, its signature by the signer it names, its
// site, and its body under the site key. Damaged (tampered or cut short),
// Untrusted (another site's segment, or a body the site key does not open).
// Whether the signer is the key of the kiosk it names is the caller's check.
Result<Segment> openSegment(const std::string& bytes, const std::string& site_id, const FieldCipher& site_key);

// "seg-000001.hseg"; the seq of such a name, or nullopt for any other name.
std::string segmentFileName(long long seq);
std::optional<long long> segmentSeqOfName(const std::string& name);

// ---- the site tables (sync migration 7) -----------------------------------

struct SiteMembership {
  std::string site_id, name, key_id, joined_at;
};

struct SiteKiosk {
  std::string kiosk_id;
  Ed25519PublicKey public_key{};
  long long last_seq = 0;   // the newest segment written (this kiosk) or imported (a peer)
  std::string last_hash;    // its hash ("" before the first)
  std::string last_seen;    // the created_at of that segment ("" before the first)
};

class SiteRepository {
 public:
  explicit SiteRepository(SQLite::Database& db) : db_(db) {}
  Result<std::optional<SiteMembership>> membership();
  Result<void> setMembership(const SiteMembership& m);
  Result<std::optional<SiteKiosk>> kiosk(const std::string& kiosk_id);
  Result<std::vector<SiteKiosk>> kiosks();
  // Pins a kiosk's signing key (first sight) — never replaces another key.
  Result<void> addKiosk(const std::string& kiosk_id, const Ed25519PublicKey& key);
  // Records segment `seq` of `kiosk_id` (written or imported) and moves the kiosk's head.
  Result<void> recordSegment(const std::string& kiosk_id, long long seq, const std::string& hash,
                             const std::string& created_at, long long records);
  // The hash recorded for segment `seq` of `kiosk_id`, "" when none.
  Result<std::string> segmentHash(const std::string& kiosk_id, long long seq);

  // This kiosk's records as last journaled: kind/id → content hash.
  Result<std::string> journaledHash(const std::string& kind, const std::string& id);
  Result<void> setJournaled(const std::string& kind, const std::string& id, const std::string& hash, long long seq);

  // Records imported from peers: kind/id → origin and content hash.
  struct Imported {
    std::string origin, hash;
  };
  Result<std::optional<Imported>> imported(const std::string& kind, const std::string& id);
  Result<void> setImported(const std::string& kind, const std::string& id, const std::string& origin,
                           const std::string& hash, long long seq);
  // Imported records of `kind` whose id starts with `prefix`: id → origin.
  Result<std::vector<std::pair<std::string, std::string>>> importedWithPrefix(const std::string& kind,
                                                                              const std::string& prefix);
  // A record that arrived with other content than the one here: kept as it
  // was, recorded once for an operator.
  Result<void> recordConflict(const std::string& origin, long long seq, const std::string& kind,
                              const std::string& id, const std::string& reason);
  Result<int> conflictCount();
  Result<bool> isConflict(const std::string& kind, const std::string& id);

 private:
  SQLite::Database& db_;
};

// The content hash of a record (SHA-256 of its canonical JSON).
std::string siteRecordHash(const assessment::SiteRecord& r);

}  // namespace hocso::sync
