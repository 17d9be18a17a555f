// Signed content packs: the trailer appended to a pack's SQLite bytes (see
// content/FORMAT.md), signed and checked with the base layer's Ed25519
// (base/ed25519.hpp; PEM keys as `openssl genpkey -algorithm ed25519` makes).
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "base/ed25519.hpp"
#include "base/error.hpp"

namespace hocso::content {

inline constexpr size_t kPublicKeySize = kEd25519PublicKeySize, kSignatureSize = kEd25519SignatureSize;
using PublicKeyBytes = Ed25519PublicKey;

// The trailer: "HOCSOSIG" | u32 version | u32 flags | u64 sqlite_size |
// 32-byte signer public key | 64-byte signature, all little-endian.
inline constexpr size_t kTrailerSize = 8 + 4 + 4 + 8 + kPublicKeySize + kSignatureSize;  // 120
inline constexpr std::string_view kTrailerMagic = "HOCSOSIG";
inline constexpr uint32_t kTrailerVersion = 1;

struct Trailer {
  uint32_t version = 0;
  uint32_t flags = 0;
  uint64_t sqlite_size = 0;
  PublicKeyBytes signer{};
  std::array<unsigned char, kSignatureSize> signature{};
};

// Splits a pack file into its parts; checks sizes and magic but not the signature.
Result<Trailer> parseTrailer(std::string_view file_bytes);

// A short fingerprint of a public key (ed25519KeyId).
inline std::string keyId(const PublicKeyBytes& key) { return ed25519KeyId(key); }

// Reads a public key PEM file (SubjectPublicKeyInfo, Ed25519 only).
inline Result<PublicKeyBytes> readPublicKeyFile(const std::filesystem::path& pem) { return readEd25519PublicKeyPem(pem); }

// Appends the signed trailer to `sqlite_bytes` with `key` (or the private key at `pem`).
Result<std::string> signPack(std::string sqlite_bytes, const Ed25519PrivateKey& key);
Result<std::string> signPack(std::string sqlite_bytes, const std::filesystem::path& private_pem);

struct TrustedKey {
  std::filesystem::path file;
  PublicKeyBytes key{};
};

// Reads every trusted key file; an unreadable one is an error naming it.
Result<std::vector<TrustedKey>> readTrustedKeys(const std::vector<std::filesystem::path>& files);

struct Verification {
  Trailer trailer;
  std::filesystem::path trusted_key;   // the key file that verified it
};

// Checks the whole file: trailer, signer among `trusted`, signature over every
// byte but the signature itself. `name` is used in messages.
Result<Verification> verifyPackBytes(std::string_view file_bytes, const std::vector<TrustedKey>& trusted,
                                     const std::string& name);

// Creates a new Ed25519 key pair as PEM files (private key mode 0600).
inline Result<void> generateKeyPair(const std::filesystem::path& private_pem, const std::filesystem::path& public_pem) {
  return generateEd25519KeyPair(private_pem, public_pem);
}

}  // namespace hocso::content
