// Key files: creation, checks, passphrase-encrypted backup and restore.
#include "key_service.hpp"
#include "site_service.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "assessment/certificate.hpp"
#include "base/crypto.hpp"
#include "base/files.hpp"
#include "base/ids.hpp"
#include "base/ed25519.hpp"
#include "key_binding.hpp"
#include "kiosk_context.hpp"

namespace hocso::app {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

fs::path dataKeyFile(const fs::path& data_dir) { return data_dir / "keys" / "data.key"; }

Result<std::string> readFile(const fs::path& p) { return readFileBounded(p, kSmallFileLimit); }

Result<void> writePrivate(const fs::path& p, const std::string& bytes) { return hocso::writeFileDurably(p, bytes, 0600); }


// scrypt(passphrase, salt) → 32 bytes.
Result<std::vector<unsigned char>> deriveKey(const std::string& passphrase, const std::string& salt, uint64_t n) {
  std::vector<unsigned char> key(32);
  if (EVP_PBE_scrypt(passphrase.data(), passphrase.size(), reinterpret_cast<const unsigned char*>(salt.data()),
                     salt.size(), n, 8, 1, 64ULL * 1024 * 1024, key.data(), key.size()) != 1)
    return fail(ErrorCode::Crypto, "deriving the backup key failed");
  return key;
}

int fileMode(const fs::path& p) {
  struct stat st {};
  return ::stat(p.c_str(), &st) == 0 ? static_cast<int>(st.st_mode & 0777) : -1;
}

std::string octal(int mode) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04o", mode & 07777);
  return buf;
}

}  // namespace

Result<KeyStatus> initKeys(const fs::path& data_dir) {
  KeyStatus s;
  s.data_key = dataKeyFile(data_dir);
  s.signing_key = assessment::KioskSigner::privateKeyFile(data_dir);
  s.public_key = assessment::KioskSigner::publicKeyFile(data_dir);
  std::error_code ec;
  s.created = !fs::exists(s.data_key, ec) || !fs::exists(s.signing_key, ec);
  if (fs::exists(data_dir / "kiosk.db", ec)) {
    // Keys for an existing database: the binding decides (a missing key of a
    // database that holds data is refused, never replaced by a new one).
    auto db = openKioskDatabase(data_dir);
    if (!db) return tl::unexpected(db.error());
    auto keys = bindKeys(**db, data_dir, "");
    if (!keys) return tl::unexpected(keys.error());
    s.signing_key_id = keys->signer->keyId();
  } else {
    auto cipher = FieldCipher::loadOrCreate(s.data_key);
    if (!cipher) return tl::unexpected(cipher.error());
    auto signer = assessment::KioskSigner::loadOrCreate(data_dir);
    if (!signer) return tl::unexpected(signer.error());
    s.signing_key_id = (*signer)->keyId();
    // Made before their database: the first start binds them to it.
    if (auto a = anchorUnboundKeys(data_dir, dataKeyId(*cipher), s.signing_key_id); !a) return tl::unexpected(a.error());
  }
  ::chmod((data_dir / "keys").c_str(), 0700);
  return s;
}

std::vector<KeyCheck> selftestKeys(const fs::path& data_dir) {
  std::vector<KeyCheck> checks;
  const fs::path dataKey = dataKeyFile(data_dir);
  const fs::path priv = assessment::KioskSigner::privateKeyFile(data_dir);
  const fs::path pub = assessment::KioskSigner::publicKeyFile(data_dir);
  std::error_code ec;
  for (const auto& [name, path] : {std::pair{"data key file", dataKey}, std::pair{"signing key file", priv}}) {
    if (!fs::exists(path, ec)) {
      checks.push_back({name, false, path.string() + " is missing (run hocso keys init, or restore a backup)"});
      continue;
    }
    const int mode = fileMode(path);
    checks.push_back({std::string(name) + " permissions", (mode & 077) == 0,
                      path.string() + " mode " + octal(mode) + ((mode & 077) == 0 ? "" : " (must be 0600)")});
  }
  // Data key: right length, encrypts and decrypts.
  if (fs::exists(dataKey, ec)) {
    auto size = fs::file_size(dataKey, ec);
    if (size != 32) {
      checks.push_back({"data key", false, dataKey.string() + " is " + std::to_string(size) + " bytes, not 32"});
    } else if (auto cipher = FieldCipher::loadOrCreate(dataKey)) {
      auto sealed = cipher->encrypt("Nguyễn Văn Thử", "selftest");
      auto back = sealed ? cipher->decrypt(*sealed, "selftest") : Result<std::string>(tl::unexpected(sealed.error()));
      checks.push_back({"data key round trip", back && *back == "Nguyễn Văn Thử", "AES-256-GCM encrypt/decrypt"});
      // The key opens the personal data already in kiosk.db.
      const fs::path db = data_dir / "kiosk.db";
      if (fs::exists(db, ec)) {
        try {
          SQLite::Database d(db.string(), SQLite::OPEN_READONLY);
          SQLite::Statement q(d, "SELECT full_name_enc FROM learners WHERE length(full_name_enc) > 0 LIMIT 1");
          if (q.executeStep()) {
            const auto* p = static_cast<const unsigned char*>(q.getColumn(0).getBlob());
            auto name = cipher->decrypt(std::vector<unsigned char>(p, p + q.getColumn(0).getBytes()), "learners.full_name");
            checks.push_back({"data key matches kiosk.db", bool(name),
                              name ? "a learner's name decrypts" : "the learners in kiosk.db were encrypted with another key"});
          }
        } catch (const SQLite::Exception& e) {
          checks.push_back({"data key matches kiosk.db", false, std::string("cannot read kiosk.db: ") + e.what()});
        }
      }
    }
  }
  // Signing key: signs, verifies, and the public key file is its public half.
  if (fs::exists(priv, ec)) {
    auto signer = assessment::KioskSigner::load(priv);
    if (!signer) {
      checks.push_back({"signing key", false, signer.error().message});
    } else {
      const std::string msg = "hocso selftest " + nowIso8601();
      const auto sig = (*signer)->sign(msg);
      checks.push_back({"signing key round trip",
                        sig && assessment::verifyEd25519((*signer)->publicKey(), msg, sig->data(), sig->size()),
                        sig ? "Ed25519 key " + (*signer)->keyId() : sig.error().message});
      auto pubKey = assessment::readPublicKeyPem(pub);
      checks.push_back({"public key file", pubKey && *pubKey == (*signer)->publicKey(),
                        pubKey ? (*pubKey == (*signer)->publicKey() ? pub.string() : pub.string() + " does not match the signing key")
                               : pubKey.error().message});
    }
  }
  return checks;
}

Result<std::vector<unsigned char>> deriveBackupKey(const std::string& passphrase, const std::string& salt, uint64_t n) {
  return deriveKey(passphrase, salt, n);
}

fs::path bundleSigningKeyFile(const fs::path& data_dir) { return data_dir / "keys" / "kiosk-sign.pem"; }
fs::path bundlePublicKeyFile(const fs::path& data_dir) { return data_dir / "keys" / "kiosk-sign.pub.pem"; }

Result<void> backupKeys(const fs::path& data_dir, const fs::path& out, const std::string& passphrase) {
  if (passphrase.size() < 8) return fail(ErrorCode::Invalid, "the backup passphrase must be at least 8 characters");
  auto dataKey = readFile(dataKeyFile(data_dir));
  if (!dataKey) return tl::unexpected(dataKey.error());
  auto signing = readFile(assessment::KioskSigner::privateKeyFile(data_dir));
  if (!signing) return tl::unexpected(signing.error());
  json inner = {{"data_key", assessment::base64url(*dataKey)}, {"signing_key_pem", *signing}};
  std::error_code ec;
  if (fs::exists(bundleSigningKeyFile(data_dir), ec)) {
    auto bundleKey = readFile(bundleSigningKeyFile(data_dir));
    auto bundlePub = readFile(bundlePublicKeyFile(data_dir));
    if (!bundleKey) return tl::unexpected(bundleKey.error());
    if (!bundlePub) return tl::unexpected(bundlePub.error());
    inner["bundle_key_pem"] = *bundleKey;
    inner["bundle_public_pem"] = *bundlePub;
  }
  // The site key, once this kiosk is in a site (site_service.hpp).
  if (fs::exists(siteKeyFile(data_dir), ec)) {
    auto siteKey = readFile(siteKeyFile(data_dir));
    if (!siteKey) return tl::unexpected(siteKey.error());
    inner["site_key"] = assessment::base64url(*siteKey);
  }
  auto salted = randomBytes(16);
  if (!salted) return tl::unexpected(salted.error());
  const std::string& salt = *salted;
  const uint64_t n = 1 << 15;
  auto key = deriveKey(passphrase, salt, n);
  if (!key) return tl::unexpected(key.error());
  const auto sealed = FieldCipher::fromKey(*key).encrypt(inner.dump(), "hocso key backup v1");
  if (!sealed) return tl::unexpected(sealed.error());
  json outer = {{"format", "hocso-key-backup-v1"},
                {"created_at", nowIso8601()},
                {"kdf", {{"name", "scrypt"}, {"n", n}, {"r", 8}, {"p", 1}, {"salt", assessment::base64url(salt)}}},
                {"cipher", "aes-256-gcm"},
                {"sealed", assessment::base64url(std::string(sealed->begin(), sealed->end()))}};
  return writePrivate(out, outer.dump(2) + "\n");
}

Result<KeyStatus> restoreKeys(const fs::path& data_dir, const fs::path& backup, const std::string& passphrase, bool force) {
  auto text = readFile(backup);
  if (!text) return tl::unexpected(text.error());
  json outer = json::parse(*text, nullptr, false);
  if (!outer.is_object() || !outer.contains("format") || outer["format"] != "hocso-key-backup-v1" ||
      !outer.contains("kdf") || !outer["kdf"].is_object())
    return fail(ErrorCode::Invalid, backup.string() + " is not a HọcSố key backup");
  std::optional<std::string> salt, sealed;
  uint64_t n = 0;
  try {
    salt = assessment::unbase64url(outer["kdf"].at("salt").get<std::string>());
    sealed = assessment::unbase64url(outer.at("sealed").get<std::string>());
    n = outer["kdf"].value("n", uint64_t{1} << 15);
  } catch (const json::exception&) {
    return fail(ErrorCode::Invalid, backup.string() + " is damaged");
  }
  if (!salt || !sealed || n == 0) return fail(ErrorCode::Invalid, backup.string() + " is damaged");
  auto key = deriveKey(passphrase, *salt, n);
  if (!key) return tl::unexpected(key.error());
  auto plain = FieldCipher::fromKey(*key).decrypt(std::vector<unsigned char>(sealed->begin(), sealed->end()),
                                                  "hocso key backup v1");
  if (!plain) return fail(ErrorCode::Crypto, "wrong passphrase, or the backup is damaged");
  json inner = json::parse(*plain, nullptr, false);
  auto field = [&](const char* name) -> std::string {
    return inner.is_object() && inner.contains(name) && inner[name].is_string() ? inner[name].get<std::string>() : "";
  };
  auto dataKey = assessment::unbase64url(field("data_key"));
  const std::string signing = field("signing_key_pem");
  if (!dataKey || dataKey->size() != 32 || signing.empty()) return fail(ErrorCode::Invalid, "the backup holds no usable keys");
  auto signingKey = Ed25519PrivateKey::fromPem(signing, "the backup's signing key");
  if (!signingKey) return fail(ErrorCode::Invalid, "the backup holds no usable keys: " + signingKey.error().message);
  // Keys are bound to their kiosk.db: another kiosk's keys are never put next to it.
  if (auto fits = checkKeysFitDatabase(data_dir, FieldCipher::fromKey(std::vector<unsigned char>(dataKey->begin(), dataKey->end())),
                                       signingKey->keyId());
      !fits)
    return tl::unexpected(fits.error());

  const fs::path dk = dataKeyFile(data_dir), sk = assessment::KioskSigner::privateKeyFile(data_dir);
  const std::string bundleKey = field("bundle_key_pem"), bundlePub = field("bundle_public_pem");
  if (bundleKey.empty() != bundlePub.empty()) return fail(ErrorCode::Invalid, "the backup holds half of the USB bundle key");
  std::optional<std::string> siteKey;
  if (!field("site_key").empty()) {
    siteKey = assessment::unbase64url(field("site_key"));
    if (!siteKey || siteKey->size() != 32) return fail(ErrorCode::Invalid, "the backup's site key is damaged");
  }
  if (!force) {
    auto currentSite = readFile(siteKeyFile(data_dir));
    if (siteKey && currentSite && *currentSite != *siteKey)
      return fail(ErrorCode::Invalid, "this kiosk already has a different site key (use --force to replace it)");
    auto currentBundle = readFile(bundleSigningKeyFile(data_dir));
    if (!bundleKey.empty() && currentBundle && *currentBundle != bundleKey)
      return fail(ErrorCode::Invalid, "this kiosk already has a different USB bundle key (use --force to replace it)");
    auto current = readFile(dk);
    if (current && *current != *dataKey)
      return fail(ErrorCode::Invalid, "this kiosk already has a different data key; data encrypted with it would be "
                                      "lost (use --force only if that data is already lost)");
    auto currentSigning = readFile(sk);
    if (currentSigning && *currentSigning != signing)
      return fail(ErrorCode::Invalid, "this kiosk already has a different signing key (use --force to replace it)");
  }
  if (auto ok = writePrivate(dk, *dataKey); !ok) return tl::unexpected(ok.error());
  if (auto ok = writePrivate(sk, signing); !ok) return tl::unexpected(ok.error());
  if (!bundleKey.empty()) {
    if (auto ok = writePrivate(bundleSigningKeyFile(data_dir), bundleKey); !ok) return tl::unexpected(ok.error());
    if (auto ok = writePrivate(bundlePublicKeyFile(data_dir), bundlePub); !ok) return tl::unexpected(ok.error());
  }
  if (siteKey)
    if (auto ok = writePrivate(siteKeyFile(data_dir), *siteKey); !ok) return tl::unexpected(ok.error());
  std::error_code ec;
  fs::remove(assessment::KioskSigner::publicKeyFile(data_dir), ec);  // re-derived from the private key
  return initKeys(data_dir);
}

}  // namespace hocso::app
