// AES-256-GCM and HMAC through OpenSSL 3's EVP interface; every return code
// is checked (a failure is an Error, or an exception where the API returns
// a plain string and only running out of memory can fail).
#include "base/crypto.hpp"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <sys/stat.h>

#include <stdexcept>

#include "base/files.hpp"
#include "base/openssl.hpp"

namespace hocso {

namespace {
constexpr size_t kKeyLen = 32, kNonceLen = 12, kTagLen = 16;
}  // namespace

std::string toHex(const unsigned char* data, size_t len) {
  static const char* digits = "0123456789abcdef";
  std::string out(len * 2, '0');
  for (size_t i = 0; i < len; ++i) {
    out[2 * i] = digits[data[i] >> 4];
    out[2 * i + 1] = digits[data[i] & 0xF];
  }
  return out;
}

std::string sha256Hex(const std::string& data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("SHA-256 failed: " + ossl::lastError());
  return toHex(md, len);
}

Result<FieldCipher> FieldCipher::loadOrCreate(const std::filesystem::path& key_file) {
  std::error_code ec;
  if (!std::filesystem::exists(key_file, ec)) {
    std::filesystem::create_directories(key_file.parent_path(), ec);
    std::vector<unsigned char> key(kKeyLen);
    if (RAND_bytes(key.data(), static_cast<int>(key.size())) != 1)
      return fail(ErrorCode::Crypto, "no random bytes available to create the data key");
    auto created = writeFileDurably(key_file, std::string(key.begin(), key.end()), 0600, /*exclusive=*/true);
    if (created) return fromKey(key);
    // Another process made the key first: use that one.
    if (created.error().code != ErrorCode::Exists) return tl::unexpected(created.error());
  }
  struct stat st {};
  if (::stat(key_file.c_str(), &st) == 0 && (st.st_mode & 077) != 0)
    ::chmod(key_file.c_str(), 0600);
  auto bytes = readFileBounded(key_file, kSmallFileLimit);
  if (!bytes) return fail(bytes.error().code, "data key " + bytes.error().message);
  std::vector<unsigned char> key(bytes->begin(), bytes->end());
  if (key.size() != kKeyLen)
    return fail(ErrorCode::Crypto, "key file " + key_file.string() +
                                       " is damaged (wrong length); restore it from the key backup");
  return fromKey(key);
}

FieldCipher FieldCipher::fromKey(const std::vector<unsigned char>& key) {
  FieldCipher c;
  c.key_ = key;
  return c;
}

Result<std::string> randomBytes(size_t n) {
  std::string out(n, '\0');
  if (n > 0 && RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1)
    return fail(ErrorCode::Crypto, "the system's random generator gave no bytes: " + ossl::lastError());
  return out;
}

Result<std::vector<unsigned char>> FieldCipher::encrypt(const std::string& plaintext, const std::string& context) const {
  auto failed = [](const char* step) {
    return fail(ErrorCode::Crypto, std::string("encrypting a field failed (") + step + "): " + ossl::lastError());
  };
  std::vector<unsigned char> out(kNonceLen + plaintext.size() + kTagLen);
  if (RAND_bytes(out.data(), kNonceLen) != 1) return failed("no random bytes for the nonce");
  ossl::CipherCtx ctx(EVP_CIPHER_CTX_new());
  if (!ctx) return failed("no cipher context");
  int len = 0, tail = 0;
  if (EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key_.data(), out.data()) != 1) return failed("init");
  if (EVP_EncryptUpdate(ctx.get(), nullptr, &len, reinterpret_cast<const unsigned char*>(context.data()),
                        static_cast<int>(context.size())) != 1)
    return failed("context");
  if (EVP_EncryptUpdate(ctx.get(), out.data() + kNonceLen, &len, reinterpret_cast<const unsigned char*>(plaintext.data()),
                        static_cast<int>(plaintext.size())) != 1)
    return failed("data");
  if (EVP_EncryptFinal_ex(ctx.get(), out.data() + kNonceLen + len, &tail) != 1) return failed("final");
  if (static_cast<size_t>(len + tail) != plaintext.size()) return failed("length");
  if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagLen, out.data() + kNonceLen + plaintext.size()) != 1)
    return failed("tag");
  return out;
}

Result<std::string> FieldCipher::decrypt(const std::vector<unsigned char>& blob, const std::string& context) const {
  if (blob.size() < kNonceLen + kTagLen) return fail(ErrorCode::Crypto, "encrypted field is too short");
  auto failed = [](const char* step) {
    return fail(ErrorCode::Crypto, std::string("decrypting a field failed (") + step + "): " + ossl::lastError());
  };
  const size_t n = blob.size() - kNonceLen - kTagLen;
  std::string plain(n, '\0');
  ossl::CipherCtx ctx(EVP_CIPHER_CTX_new());
  if (!ctx) return failed("no cipher context");
  int len = 0;
  if (EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key_.data(), blob.data()) != 1) return failed("init");
  if (EVP_DecryptUpdate(ctx.get(), nullptr, &len, reinterpret_cast<const unsigned char*>(context.data()),
                        static_cast<int>(context.size())) != 1)
    return failed("context");
  if (EVP_DecryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(plain.data()), &len, blob.data() + kNonceLen,
                        static_cast<int>(n)) != 1)
    return failed("data");
  if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagLen,
                          const_cast<unsigned char*>(blob.data() + kNonceLen + n)) != 1)
    return failed("tag");
  if (EVP_DecryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(plain.data()) + len, &len) != 1) {
    ERR_clear_error();
    return fail(ErrorCode::Crypto, "encrypted field failed authentication (wrong key or damaged data)");
  }
  return plain;
}

std::string FieldCipher::blindIndex(const std::string& value) const {
  // A separate key for the index, derived from the data key.
  unsigned char sub[EVP_MAX_MD_SIZE];
  unsigned int sublen = 0;
  static const char label[] = "hocso blind index v1";
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (!HMAC(EVP_sha256(), key_.data(), static_cast<int>(key_.size()), reinterpret_cast<const unsigned char*>(label),
            sizeof label - 1, sub, &sublen) ||
      !HMAC(EVP_sha256(), sub, static_cast<int>(sublen), reinterpret_cast<const unsigned char*>(value.data()),
            value.size(), md, &len))
    throw std::runtime_error("HMAC-SHA256 failed: " + ossl::lastError());
  return toHex(md, len);
}

}  // namespace hocso
