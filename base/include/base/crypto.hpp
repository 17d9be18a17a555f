// Personal data at rest: AES-256-GCM field encryption and a keyed hash
// (blind index) for lookups, with a key file created on first run (0600).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "base/error.hpp"

namespace hocso {

class FieldCipher {
 public:
  // Reads the 32-byte key at `key_file`, creating it (mode 0600) if absent.
  static Result<FieldCipher> loadOrCreate(const std::filesystem::path& key_file);
  static FieldCipher fromKey(const std::vector<unsigned char>& key);  // tests

  // nonce(12) | ciphertext | tag(16). `context` is authenticated (e.g. the
  // column name) so a value cannot be moved to another field unnoticed.
  // An OpenSSL failure is a Crypto error, never a blob that does not decrypt.
  Result<std::vector<unsigned char>> encrypt(const std::string& plaintext, const std::string& context) const;
  Result<std::string> decrypt(const std::vector<unsigned char>& blob, const std::string& context) const;
  // HMAC-SHA256 of the value under a key derived from the data key, hex
  // (throws std::runtime_error if OpenSSL fails: out of memory).
  std::string blindIndex(const std::string& value) const;

 private:
  std::vector<unsigned char> key_;
};

std::string toHex(const unsigned char* data, size_t len);
// `n` bytes from OpenSSL's random generator; Crypto when it has none.
Result<std::string> randomBytes(size_t n);
std::string sha256Hex(const std::string& data);  // throws std::runtime_error if OpenSSL fails

}  // namespace hocso
