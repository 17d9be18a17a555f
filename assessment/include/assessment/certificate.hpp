// Certificates: the kiosk's Ed25519 signing key (DATA_DIR/keys, 0600,
// created on first run; base/ed25519.hpp does the cryptography), the compact
// signed payload for a QR code (base64url(JSON) "." base64url(signature)),
// its offline verification, and the certificates table. Repositories never
// open transactions.
#pragma once

#include <SQLiteCpp/Database.h>

#include <array>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "base/ed25519.hpp"
#include "base/error.hpp"

namespace hocso::assessment {

using hocso::Ed25519PublicKey;

// The kiosk's signing key. Thread-compatible; holds the OpenSSL key.
class KioskSigner {
 public:
  // keys/kiosk-signing.pem (private, 0600) and keys/kiosk-signing.pub.pem.
  static std::filesystem::path privateKeyFile(const std::filesystem::path& data_dir);
  static std::filesystem::path publicKeyFile(const std::filesystem::path& data_dir);
  // Loads the key, creating the pair when neither file exists.
  static Result<std::shared_ptr<KioskSigner>> loadOrCreate(const std::filesystem::path& data_dir);
  static Result<std::shared_ptr<KioskSigner>> load(const std::filesystem::path& private_pem);

  explicit KioskSigner(Ed25519PrivateKey key) : key_(std::move(key)) {}
  KioskSigner(const KioskSigner&) = delete;
  KioskSigner& operator=(const KioskSigner&) = delete;

  // An error (never a zero signature) when the key cannot sign.
  Result<Ed25519Signature> sign(const std::string& message) const { return key_.sign(message); }
  const Ed25519PublicKey& publicKey() const { return key_.publicKey(); }
  std::string keyId() const { return key_.keyId(); }   // first 16 hex digits of SHA-256 of the public key

 private:
  Ed25519PrivateKey key_;
};

inline bool verifyEd25519(const Ed25519PublicKey& key, const std::string& message, const unsigned char* signature,
                          size_t signature_len) {
  return ed25519Verify(key, message, signature, signature_len);
}
inline std::string keyIdOf(const Ed25519PublicKey& key) { return ed25519KeyId(key); }
inline Result<Ed25519PublicKey> readPublicKeyPem(const std::filesystem::path& pem) { return readEd25519PublicKeyPem(pem); }

// Unpadded base64url. Decoding is canonical: it refuses any text that the
// encoder would not write for the decoded bytes (padding, stray characters,
// or non-zero unused bits in the last character), so one byte string has
// exactly one accepted text.
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

// Signs the certificate's claims; fills key_id and payload. An error (and
// the certificate untouched) when the key cannot sign.
Result<void> signCertificate(Certificate& cert, const KioskSigner& signer);

// What the certificate of a passed exam is issued from.
struct CertificateFacts {
  std::string result_id, learner_id;
  std::string target_group, framework, framework_version;
  double percent = 0;              // the exam's score in percent (rounded to one decimal when issued)
  std::string local_date;          // YYYY-MM-DD, the kiosk's local date
  std::string site_id, kiosk_id;
  std::string issued_at;           // the result's completed_at (ISO 8601 UTC)
  std::string facilitator_id;      // who unlocked the exam
};

// Issues the certificate of a passed exam, in the caller's transaction: its
// id is derived from the kiosk and the result (one result, one id), it is
// signed with the kiosk key and stored. An error leaves nothing stored.
Result<Certificate> issueCertificate(SQLite::Database& db, const KioskSigner& signer, const CertificateFacts& facts);

struct CertificateCheck {
  bool valid = false;
  std::string problem;             // one English line when not valid
  Certificate certificate;         // the claims, when they could be read
  Ed25519PublicKey signer{};       // when valid: the trusted key whose signature matched
};

// Checks a compact payload offline against the trusted public keys: valid
// only when the signature matches one of `trusted` and that key is the one
// the payload names. Says exactly what is wrong: not a payload, damaged or
// non-canonical encoding, missing fields, a version this code does not
// know, unknown signing key, or a signature that does not match. Reads
// versions 1 and 2. A valid check proves who holds the key, not which kiosk
// the claims name: that needs a binding of the key to a kiosk id.
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
