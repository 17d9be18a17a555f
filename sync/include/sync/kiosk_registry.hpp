// The kiosks this machine accepts USB bundles from: each enrolled kiosk id
// with its Ed25519 bundle-signing public key, who enrolled it and when
// (table trusted_kiosks, sync migration 4). Filled by `hocso sync
// trust-kiosk`; read by bundle import and usable by provisioning.
#pragma once

#include <SQLiteCpp/Database.h>

#include <optional>
#include <string>
#include <vector>

#include "base/ed25519.hpp"
#include "base/error.hpp"

namespace hocso::sync {

struct TrustedKiosk {
  std::string kiosk_id;
  Ed25519PublicKey public_key{};
  std::string key_id;            // ed25519KeyId(public_key)
  std::string enrolled_by;       // who ran the enrolment (operator, user name)
  std::string enrolled_at;       // ISO 8601 UTC
};

// Repository over trusted_kiosks; never opens transactions.
class KioskRegistry {
 public:
  explicit KioskRegistry(SQLite::Database& db) : db_(db) {}
  // Enrols `kiosk_id` with `key`. Enrolling the same pair again is a no-op;
  // a kiosk id already enrolled with another key, or a key already enrolled
  // for another kiosk, is refused (ErrorCode::Invalid): untrust it first.
  Result<void> enroll(const std::string& kiosk_id, const Ed25519PublicKey& key, const std::string& enrolled_by);
  // False when the kiosk was not enrolled.
  Result<bool> remove(const std::string& kiosk_id);
  Result<std::optional<TrustedKiosk>> find(const std::string& kiosk_id);
  Result<std::vector<TrustedKiosk>> all();

 private:
  SQLite::Database& db_;
};

}  // namespace hocso::sync
