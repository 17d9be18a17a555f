// Ed25519 through OpenSSL 3's EVP interface (one-shot EVP_DigestSign with no
// digest), PEM key files, and the pack trailer's byte layout.
#include "content/signing.hpp"

#include <fcntl.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <memory>

#include "base/crypto.hpp"
#include "base/files.hpp"

namespace hocso::content {
namespace fs = std::filesystem;

namespace {

struct PkeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct PkeyCtxFree {
  void operator()(EVP_PKEY_CTX* c) const { EVP_PKEY_CTX_free(c); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;

// Never prompt for a passphrase: an encrypted key simply fails to load.
int noPassphrase(char*, int, int, void*) { return 0; }

std::string opensslError() {
  const unsigned long e = ERR_get_error();
  ERR_clear_error();
  if (e == 0) return "unknown OpenSSL error";
  char buf[256];
  ERR_error_string_n(e, buf, sizeof buf);
  return buf;
}

void putU32(std::string& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}
void putU64(std::string& out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}
uint64_t getLE(std::string_view s, size_t at, int bytes) {
  uint64_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(s[at + static_cast<size_t>(i)]);
  return v;
}

Result<Pkey> readPem(const fs::path& pem, bool isPrivate) {
  auto text = readFileBounded(pem, kSmallFileLimit);
  if (!text) return fail(text.error().code, "key file " + text.error().message);
  std::unique_ptr<BIO, BioFree> bio(BIO_new_mem_buf(text->data(), static_cast<int>(text->size())));
  if (!bio) return fail(ErrorCode::Crypto, "cannot read key file " + pem.string());
  Pkey key(isPrivate ? PEM_read_bio_PrivateKey(bio.get(), nullptr, noPassphrase, nullptr)
                     : PEM_read_bio_PUBKEY(bio.get(), nullptr, noPassphrase, nullptr));
  if (!key) {
    ERR_clear_error();
    return fail(ErrorCode::Crypto, pem.string() + " is not a " + (isPrivate ? "private" : "public") +
                                       " key PEM file (make one with `openssl " +
                                       (isPrivate ? "genpkey -algorithm ed25519`" : "pkey -pubout`") +
                                       "; encrypted keys are not supported)");
  }
  if (EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_ED25519)
    return fail(ErrorCode::Crypto, pem.string() + " is not an Ed25519 key (use `openssl genpkey -algorithm ed25519`)");
  return key;
}

Result<PublicKeyBytes> rawPublicKey(EVP_PKEY* key) {
  PublicKeyBytes raw{};
  size_t len = raw.size();
  if (EVP_PKEY_get_raw_public_key(key, raw.data(), &len) != 1 || len != raw.size())
    return fail(ErrorCode::Crypto, "cannot read the raw Ed25519 public key: " + opensslError());
  return raw;
}

Result<void> writeFileMode(const fs::path& path, const std::string& data, mode_t mode) {
  std::error_code ec;
  if (path.has_parent_path()) fs::create_directories(path.parent_path(), ec);
  const std::string tmp = path.string() + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, mode);
  if (fd < 0) return fail(ErrorCode::Io, "cannot create " + tmp + ": " + std::strerror(errno));
  const bool ok = ::write(fd, data.data(), data.size()) == static_cast<ssize_t>(data.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return fail(ErrorCode::Io, "cannot write " + path.string());
  }
  return {};
}

}  // namespace

std::string keyId(const PublicKeyBytes& key) {
  return sha256Hex(std::string(reinterpret_cast<const char*>(key.data()), key.size())).substr(0, 16);
}

Result<Trailer> parseTrailer(std::string_view bytes) {
  static constexpr std::string_view kSqliteMagic{"SQLite format 3\0", 16};
  if (bytes.size() < kTrailerSize + 512)
    return fail(ErrorCode::Invalid, "too small to be a content pack (" + std::to_string(bytes.size()) + " bytes)");
  const size_t at = bytes.size() - kTrailerSize;
  const std::string_view t = bytes.substr(at);
  if (t.substr(0, kTrailerMagic.size()) != kTrailerMagic)
    return fail(ErrorCode::Invalid, "not a signed content pack (no signature trailer; was it built with `hocso content build`?)");
  Trailer tr;
  tr.version = static_cast<uint32_t>(getLE(t, 8, 4));
  tr.flags = static_cast<uint32_t>(getLE(t, 12, 4));
  tr.sqlite_size = getLE(t, 16, 8);
  if (tr.version != kTrailerVersion)
    return fail(ErrorCode::Invalid, "pack signature format " + std::to_string(tr.version) +
                                        " is not supported by this HọcSố (it reads format 1); update the kiosk");
  if (tr.sqlite_size != at || tr.flags != 0) return fail(ErrorCode::Invalid, "damaged pack: the trailer does not fit the file size");
  if (bytes.substr(0, kSqliteMagic.size()) != kSqliteMagic) return fail(ErrorCode::Invalid, "damaged pack: no SQLite database at its start");
  std::memcpy(tr.signer.data(), t.data() + 24, kPublicKeySize);
  std::memcpy(tr.signature.data(), t.data() + 24 + kPublicKeySize, kSignatureSize);
  return tr;
}

Result<PublicKeyBytes> readPublicKeyFile(const fs::path& pem) {
  auto key = readPem(pem, false);
  if (!key) return tl::unexpected(key.error());
  return rawPublicKey(key->get());
}

Result<std::string> signPack(std::string bytes, const fs::path& privatePem) {
  auto key = readPem(privatePem, true);
  if (!key) return tl::unexpected(key.error());
  auto pub = rawPublicKey(key->get());
  if (!pub) return tl::unexpected(pub.error());
  const uint64_t sqliteSize = bytes.size();
  bytes.append(kTrailerMagic);
  putU32(bytes, kTrailerVersion);
  putU32(bytes, 0);
  putU64(bytes, sqliteSize);
  bytes.append(reinterpret_cast<const char*>(pub->data()), pub->size());
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  unsigned char sig[kSignatureSize];
  size_t sigLen = sizeof sig;
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key->get()) != 1 ||
      EVP_DigestSign(ctx.get(), sig, &sigLen, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size()) != 1 ||
      sigLen != kSignatureSize)
    return fail(ErrorCode::Crypto, "signing failed: " + opensslError());
  bytes.append(reinterpret_cast<const char*>(sig), sigLen);
  return bytes;
}

Result<std::vector<TrustedKey>> readTrustedKeys(const std::vector<fs::path>& files) {
  std::vector<TrustedKey> out;
  for (const auto& f : files) {
    auto k = readPublicKeyFile(f);
    if (!k) return fail(k.error().code, "trusted key " + f.string() + ": " + k.error().message);
    out.push_back({f, *k});
  }
  return out;
}

Result<Verification> verifyPackBytes(std::string_view bytes, const std::vector<TrustedKey>& trusted,
                                     const std::string& name) {
  auto tr = parseTrailer(bytes);
  if (!tr) return fail(ErrorCode::Invalid, name + ": " + tr.error().message);
  if (trusted.empty())
    return fail(ErrorCode::Crypto, name + ": no trusted public key to check it with (set [content] trusted_keys)");
  const TrustedKey* signer = nullptr;
  for (const auto& k : trusted)
    if (k.key == tr->signer) signer = &k;
  if (!signer)
    return fail(ErrorCode::Crypto, name + ": signed by key " + keyId(tr->signer) +
                                       ", which is not a trusted key (or the file was changed)");
  Pkey key(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, signer->key.data(), signer->key.size()));
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  if (!key || !ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) != 1)
    return fail(ErrorCode::Crypto, name + ": cannot set up signature check: " + opensslError());
  const int ok = EVP_DigestVerify(ctx.get(), tr->signature.data(), tr->signature.size(),
                                  reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size() - kSignatureSize);
  ERR_clear_error();
  if (ok != 1)
    return fail(ErrorCode::Crypto, name + ": signature does not match: the file was changed or damaged after signing");
  return Verification{*tr, signer->file};
}

Result<void> generateKeyPair(const fs::path& privatePem, const fs::path& publicPem) {
  std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree> ctx(EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nullptr));
  EVP_PKEY* raw = nullptr;
  if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1 || EVP_PKEY_keygen(ctx.get(), &raw) != 1)
    return fail(ErrorCode::Crypto, "key generation failed: " + opensslError());
  Pkey key(raw);
  auto pem = [&](bool isPrivate) -> std::string {
    std::unique_ptr<BIO, BioFree> bio(BIO_new(BIO_s_mem()));
    const int ok = isPrivate ? PEM_write_bio_PrivateKey(bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr)
                             : PEM_write_bio_PUBKEY(bio.get(), key.get());
    if (ok != 1) return "";
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<size_t>(len));
  };
  const std::string priv = pem(true), pub = pem(false);
  if (priv.empty() || pub.empty()) return fail(ErrorCode::Crypto, "cannot write PEM keys: " + opensslError());
  if (auto r = writeFileMode(privatePem, priv, 0600); !r) return r;
  return writeFileMode(publicPem, pub, 0644);
}

}  // namespace hocso::content
