// Certificates: the kiosk's Ed25519 signing key (DATA_DIR/keys, 0600,
// created on first run), the compact signed payload for a QR code
// (base64url(JSON) "." base64url(signature)), its offline verification, and
// the certificates table. Repositories never open transactions.
#pragma once

#include <SQLiteCpp/Database.h>

#include <array>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "base/error.hpp"

namespace hocso::assessment {

using Ed25519PublicKey = std::array<unsigned char, 32>;

// The kiosk's signing key. Thread-compatible; holds the OpenSSL key.
class KioskSigner {
 public:
  // keys/kiosk-signing.pem (private, 0600) and keys/kiosk-signing.pub.pem.
  static std::filesystem::path privateKeyFile(const std::filesystem::path& data_dir);
  static std::filesystem::path publicKeyFile(const std::filesystem::path& data_dir);
  // Loads the key, creating the pair when neither file exists.
  static Result<std::shared_ptr<KioskSigner>> loadOrCreate(const std::filesystem::path& data_dir);
  static Result<std::shared_ptr<KioskSigner>> load(const std::filesystem::path& private_pem);

  ~KioskSigner();
  KioskSigner(const KioskSigner&) = delete;
  KioskSigner& operator=(const KioskSigner&) = delete;

  std::array<unsigned char, 64> sign(const std::string& message) const;
  const Ed25519PublicKey& publicKey() const { return public_key_; }
  std::string keyId() const;   // first 16 hex digits of SHA-256 of the public key

 private:
  KioskSigner() = default;
  void* key_ = nullptr;        // EVP_PKEY*
  Ed25519PublicKey public_key_{};
};

bool verifyEd25519(const Ed25519PublicKey& key, const std::string& message, const unsigned char* signature,
                   size_t signature_len);
std::string keyIdOf(const Ed25519PublicKey& key);
Result<Ed25519PublicKey> readPublicKeyPem(const std::filesystem::path& pem);

std::string base64url(const std::string& bytes);
std::optional<std::string> unbase64url(const std::string& text);

// The payload version signCertificate writes. Version 2 adds "facilitator"
// (the pseudonymous id of the facilitator who unlocked the exam); version 1
// payloads (without it) still verify.
inline constexpr int kCertificatePayloadVersion = 2;

// What a certificate says (the signed claims).
struct Certificate {
  std::string id;
  std::string result_id;
  std::string learner_id;          // pseudonymous
  std::string target_group;
  std::string framework, framework_version;
  double score = 0;                // percent, one decimal
  std::string date;                // YYYY-MM-DD (kiosk local date)
  std::string site_id, kiosk_id;
  std::string key_id;
  std::string payload;             // the signed compact form
  std::string issued_at;           // ISO 8601 UTC
  // Who unlocked the exam (facilitators.id, a random UUID — never the name,
  // which is staff personal data and is printed on the PDF only). Empty for
  // certificates issued before payload version 2.
  std::string facilitator_id;

  // The payload version of these claims: 2 with a facilitator, 1 without.
  int version() const { return facilitator_id.empty() ? 1 : kCertificatePayloadVersion; }
  nlohmann::json claims() const;   // the JSON that is signed
};

// Signs the certificate's claims; fills key_id and payload.
void signCertificate(Certificate& cert, const KioskSigner& signer);

struct CertificateCheck {
  bool valid = false;
  std::string problem;             // one English line when not valid
  Certificate certificate;         // the claims, when they could be read
};

// Checks a compact payload offline against the trusted public keys. Says
// exactly what is wrong: not a payload, damaged encoding, missing fields,
// a version this code does not know, unknown signing key, or a signature
// that does not match. Reads versions 1 and 2.
CertificateCheck verifyCertificatePayload(const std::string& payload, const std::vector<Ed25519PublicKey>& trusted);

class CertificateRepository {
 public:
  explicit CertificateRepository(SQLite::Database& db) : db_(db) {}
  Result<void> insert(const Certificate& cert);
  Result<Certificate> find(const std::string& id);
  Result<std::optional<Certificate>> forResult(const std::string& result_id);
  Result<std::vector<Certificate>> all();

 private:
  SQLite::Database& db_;
};

}  // namespace hocso::assessment
