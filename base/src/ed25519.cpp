// Ed25519 through OpenSSL 3's EVP interface (one-shot EVP_DigestSign with no
// digest). Every OpenSSL return code is checked; OpenSSL objects live in the
// RAII types of base/openssl.hpp.
#include "base/ed25519.hpp"

#include <openssl/err.h>
#include <openssl/pem.h>

#include <cstring>

#include "base/crypto.hpp"
#include "base/files.hpp"

namespace hocso {
namespace fs = std::filesystem;

namespace ossl {

std::string lastError() {
  const unsigned long e = ERR_get_error();
  ERR_clear_error();
  if (e == 0) return "unknown OpenSSL error";
  char buf[256];
  ERR_error_string_n(e, buf, sizeof buf);
  return buf;
}

namespace {
// Never prompt for a passphrase: an encrypted key simply fails to load.
int noPassphrase(char*, int, int, void*) { return 0; }
}  // namespace

Pkey parsePemKey(std::string_view text, bool private_key) {
  Bio bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
  if (!bio) return nullptr;
  Pkey key(private_key ? PEM_read_bio_PrivateKey(bio.get(), nullptr, noPassphrase, nullptr)
                       : PEM_read_bio_PUBKEY(bio.get(), nullptr, noPassphrase, nullptr));
  ERR_clear_error();
  return key;
}

std::string pemOf(const EVP_PKEY* key, bool private_key) {
  Bio bio(BIO_new(BIO_s_mem()));
  if (!bio || !key) return "";
  const int ok = private_key ? PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr)
                             : PEM_write_bio_PUBKEY(bio.get(), key);
  char* data = nullptr;
  const long len = ok == 1 ? BIO_get_mem_data(bio.get(), &data) : 0;
  if (len <= 0 || !data) return "";
  return std::string(data, static_cast<size_t>(len));
}

}  // namespace ossl

namespace {

Result<Ed25519PublicKey> rawPublicKey(const EVP_PKEY* key, const std::string& name) {
  Ed25519PublicKey raw{};
  size_t len = raw.size();
  if (EVP_PKEY_get_raw_public_key(key, raw.data(), &len) != 1 || len != raw.size())
    return fail(ErrorCode::Crypto, "cannot read the Ed25519 public key of " + name + ": " + ossl::lastError());
  return raw;
}


}  // namespace

std::string ed25519KeyId(const Ed25519PublicKey& key) {
  return sha256Hex(std::string(reinterpret_cast<const char*>(key.data()), key.size())).substr(0, 16);
}

Result<Ed25519Signature> ed25519Sign(const EVP_PKEY* key, std::string_view message) {
  if (!key) return fail(ErrorCode::Crypto, "no signing key");
  if (EVP_PKEY_get_base_id(key) != EVP_PKEY_ED25519)
    return fail(ErrorCode::Crypto, "the signing key is not an Ed25519 key");
  ossl::MdCtx ctx(EVP_MD_CTX_new());
  if (!ctx) return fail(ErrorCode::Crypto, "signing failed: out of memory");
  // EVP_DigestSignInit takes a non-const key but does not change it.
  if (EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, const_cast<EVP_PKEY*>(key)) != 1)
    return fail(ErrorCode::Crypto, "signing failed (a public key cannot sign): " + ossl::lastError());
  Ed25519Signature sig{};
  size_t len = sig.size();
  if (EVP_DigestSign(ctx.get(), sig.data(), &len, reinterpret_cast<const unsigned char*>(message.data()),
                     message.size()) != 1)
    return fail(ErrorCode::Crypto, "signing failed: " + ossl::lastError());
  if (len != sig.size())
    return fail(ErrorCode::Crypto, "signing failed: " + std::to_string(len) + "-byte signature instead of 64");
  return sig;
}

bool ed25519Verify(const Ed25519PublicKey& key, std::string_view message, const unsigned char* sig, size_t sig_len) {
  if (!sig || sig_len != kEd25519SignatureSize) return false;
  ossl::Pkey pkey(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, key.data(), key.size()));
  ossl::MdCtx ctx(EVP_MD_CTX_new());
  const bool ok = pkey && ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, pkey.get()) == 1 &&
                  EVP_DigestVerify(ctx.get(), sig, sig_len, reinterpret_cast<const unsigned char*>(message.data()),
                                   message.size()) == 1;
  ERR_clear_error();
  return ok;
}

Result<std::string> readPemFile(const fs::path& pem) { return readFileBounded(pem, kMaxPemFileBytes); }

Result<Ed25519PrivateKey> Ed25519PrivateKey::adopt(ossl::Pkey key, const std::string& name) {
  if (!key) return fail(ErrorCode::Crypto, "no key in " + name);
  if (EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_ED25519)
    return fail(ErrorCode::Crypto, name + " is not an Ed25519 key (use `openssl genpkey -algorithm ed25519`)");
  auto pub = rawPublicKey(key.get(), name);
  if (!pub) return tl::unexpected(pub.error());
  return Ed25519PrivateKey(std::move(key), *pub);
}

Result<Ed25519PrivateKey> Ed25519PrivateKey::fromPem(std::string_view text, const std::string& name) {
  ossl::Pkey key = ossl::parsePemKey(text, true);
  if (!key) {
    return fail(ErrorCode::Crypto, name + " is not a private key PEM file (make one with `openssl genpkey -algorithm "
                                          "ed25519`; encrypted keys are not supported)");
  }
  return adopt(std::move(key), name);
}

Result<Ed25519PrivateKey> Ed25519PrivateKey::fromPemFile(const fs::path& pem) {
  auto text = readPemFile(pem);
  if (!text) return tl::unexpected(text.error());
  return fromPem(*text, pem.string());
}

Result<Ed25519PrivateKey> Ed25519PrivateKey::generate() {
  ossl::PkeyCtx ctx(EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nullptr));
  EVP_PKEY* raw = nullptr;
  if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1 || EVP_PKEY_keygen(ctx.get(), &raw) != 1)
    return fail(ErrorCode::Crypto, "key generation failed: " + ossl::lastError());
  return adopt(ossl::Pkey(raw), "the new key");
}

Result<std::string> Ed25519PrivateKey::privatePem() const {
  std::string pem = ossl::pemOf(key_.get(), true);
  if (pem.empty()) return fail(ErrorCode::Crypto, "cannot write the private key PEM: " + ossl::lastError());
  return pem;
}

Result<std::string> Ed25519PrivateKey::publicPem() const { return ed25519PublicKeyPem(public_key_); }

Result<Ed25519PublicKey> parseEd25519PublicKeyPem(std::string_view text, const std::string& name) {
  ossl::Pkey key = ossl::parsePemKey(text, false);
  if (!key) {
    return fail(ErrorCode::Crypto, name + " is not a public key PEM file (make one with `openssl pkey -pubout`)");
  }
  if (EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_ED25519)
    return fail(ErrorCode::Crypto, name + " is not an Ed25519 key (use `openssl genpkey -algorithm ed25519`)");
  return rawPublicKey(key.get(), name);
}

Result<Ed25519PublicKey> readEd25519PublicKeyPem(const fs::path& pem) {
  auto text = readPemFile(pem);
  if (!text) return tl::unexpected(text.error());
  return parseEd25519PublicKeyPem(*text, pem.string());
}

Result<std::string> ed25519PublicKeyPem(const Ed25519PublicKey& key) {
  ossl::Pkey pkey(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, key.data(), key.size()));
  std::string pem = ossl::pemOf(pkey.get(), false);
  if (pem.empty()) return fail(ErrorCode::Crypto, "cannot write the public key PEM: " + ossl::lastError());
  return pem;
}

Result<void> generateEd25519KeyPair(const fs::path& private_pem, const fs::path& public_pem) {
  auto key = Ed25519PrivateKey::generate();
  if (!key) return tl::unexpected(key.error());
  auto priv = key->privatePem();
  if (!priv) return tl::unexpected(priv.error());
  auto pub = key->publicPem();
  if (!pub) return tl::unexpected(pub.error());
  if (auto r = writeFileDurably(private_pem, *priv, 0600); !r) return r;
  return writeFileDurably(public_pem, *pub, 0644);
}

}  // namespace hocso
