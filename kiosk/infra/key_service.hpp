// The kiosk's keys in DATA_DIR/keys: the data key (data.key, AES-256-GCM for
// personal fields) and the Ed25519 signing key (certificates, record chain).
// init creates what is missing; selftest checks them; backup writes them (and
// the USB bundle key, once made) in one file encrypted under a passphrase (scrypt + AES-256-GCM); restore puts
// them back.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "base/error.hpp"

namespace hocso::app {

struct KeyCheck {
  std::string name;
  bool ok = false;
  std::string detail;
};

struct KeyStatus {
  std::string signing_key_id;
  std::filesystem::path data_key, signing_key, public_key;
  bool created = false;      // init made at least one of them
};

// The key that signs USB bundles (`hocso sync export`), with its public half
// beside it (kiosk-sign.pub.pem, which the central office trusts). Made on
// the first export; a backup carries both halves when it exists, so a kiosk
// rebuilt from a backup keeps the identity its bundles are checked against.
std::filesystem::path bundleSigningKeyFile(const std::filesystem::path& data_dir);
std::filesystem::path bundlePublicKeyFile(const std::filesystem::path& data_dir);

Result<KeyStatus> initKeys(const std::filesystem::path& data_dir);
// Every check, passed or not (the caller prints them and fails on any).
std::vector<KeyCheck> selftestKeys(const std::filesystem::path& data_dir);
Result<void> backupKeys(const std::filesystem::path& data_dir, const std::filesystem::path& out,
                        const std::string& passphrase);
// Refuses to replace existing, different keys unless `force` (data encrypted
// with the current key would become unreadable).
Result<KeyStatus> restoreKeys(const std::filesystem::path& data_dir, const std::filesystem::path& backup,
                              const std::string& passphrase, bool force);

// scrypt(passphrase, salt; N = n, r = 8, p = 1) → a 32-byte AES-256-GCM key:
// the key backup's derivation, shared with the full backup (backup_service).
Result<std::vector<unsigned char>> deriveBackupKey(const std::string& passphrase, const std::string& salt, uint64_t n);

}  // namespace hocso::app
