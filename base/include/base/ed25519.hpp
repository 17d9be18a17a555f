// The one Ed25519 implementation (OpenSSL 3) behind content packs, kiosk
// certificates, the record chain and USB bundles: PEM keys (bounded read),
// raw public keys, key ids, signing that fails closed, strict verification.
#pragma once

#include <array>
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

#include "base/error.hpp"
#include "base/openssl.hpp"

namespace hocso {

inline constexpr size_t kEd25519PublicKeySize = 32, kEd25519SignatureSize = 64;
// A PEM key file larger than this is refused unread.
inline constexpr size_t kMaxPemFileBytes = 64 * 1024;

using Ed25519PublicKey = std::array<unsigned char, kEd25519PublicKeySize>;
using Ed25519Signature = std::array<unsigned char, kEd25519SignatureSize>;

// A short fingerprint of a public key: the first 16 hex digits of its SHA-256.
std::string ed25519KeyId(const Ed25519PublicKey& key);

// Signs `message` with `key`. Anything that cannot make an Ed25519 signature
// (no key, another key type, a public-only key, an OpenSSL failure) is an
// error (ErrorCode::Crypto), never a zero or partial signature.
Result<Ed25519Signature> ed25519Sign(const EVP_PKEY* key, std::string_view message);

// True only for a well-formed 64-byte signature of exactly `message` by `key`.
bool ed25519Verify(const Ed25519PublicKey& key, std::string_view message, const unsigned char* signature,
                   size_t signature_len);

// An Ed25519 private key (holds the OpenSSL key; movable, not copyable).
class Ed25519PrivateKey {
 public:
  // Reads a private key PEM (PKCS#8, as `openssl genpkey -algorithm ed25519`
  // writes; never prompts for a passphrase, at most kMaxPemFileBytes).
  static Result<Ed25519PrivateKey> fromPemFile(const std::filesystem::path& pem);
  static Result<Ed25519PrivateKey> fromPem(std::string_view pem_text, const std::string& name);
  static Result<Ed25519PrivateKey> generate();

  const Ed25519PublicKey& publicKey() const { return public_key_; }
  std::string keyId() const { return ed25519KeyId(public_key_); }
  Result<Ed25519Signature> sign(std::string_view message) const { return ed25519Sign(key_.get(), message); }
  Result<std::string> privatePem() const;
  Result<std::string> publicPem() const;

 private:
  explicit Ed25519PrivateKey(ossl::Pkey key, const Ed25519PublicKey& pub) : key_(std::move(key)), public_key_(pub) {}
  static Result<Ed25519PrivateKey> adopt(ossl::Pkey key, const std::string& name);
  ossl::Pkey key_;
  Ed25519PublicKey public_key_{};
};

// Reads a public key PEM (SubjectPublicKeyInfo, Ed25519 only; bounded read).
Result<Ed25519PublicKey> readEd25519PublicKeyPem(const std::filesystem::path& pem);
Result<Ed25519PublicKey> parseEd25519PublicKeyPem(std::string_view pem_text, const std::string& name);
// The SubjectPublicKeyInfo PEM of a raw public key.
Result<std::string> ed25519PublicKeyPem(const Ed25519PublicKey& key);

// Creates a new key pair as PEM files (private key mode 0600, written
// atomically; parent folders created).
Result<void> generateEd25519KeyPair(const std::filesystem::path& private_pem, const std::filesystem::path& public_pem);

// Reads at most kMaxPemFileBytes of a key file; a larger file is an error.
Result<std::string> readPemFile(const std::filesystem::path& pem);

}  // namespace hocso
