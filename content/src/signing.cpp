// The pack trailer's byte layout; signing and checking go through the base
// layer's Ed25519 (base/ed25519.hpp).
#include "content/signing.hpp"

#include <cstring>

namespace hocso::content {
namespace fs = std::filesystem;

namespace {

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

}  // namespace

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
  if (tr.sqlite_size != at || tr.flags != 0) return fail(ErrorCode::Damaged, "damaged pack: the trailer does not fit the file size");
  if (bytes.substr(0, kSqliteMagic.size()) != kSqliteMagic) return fail(ErrorCode::Damaged, "damaged pack: no SQLite database at its start");
  std::memcpy(tr.signer.data(), t.data() + 24, kPublicKeySize);
  std::memcpy(tr.signature.data(), t.data() + 24 + kPublicKeySize, kSignatureSize);
  return tr;
}

Result<std::string> signPack(std::string bytes, const Ed25519PrivateKey& key) {
  const uint64_t sqliteSize = bytes.size();
  bytes.append(kTrailerMagic);
  putU32(bytes, kTrailerVersion);
  putU32(bytes, 0);
  putU64(bytes, sqliteSize);
  bytes.append(reinterpret_cast<const char*>(key.publicKey().data()), key.publicKey().size());
  auto sig = key.sign(bytes);
  if (!sig) return tl::unexpected(sig.error());
  bytes.append(reinterpret_cast<const char*>(sig->data()), sig->size());
  return bytes;
}

Result<std::string> signPack(std::string bytes, const fs::path& privatePem) {
  auto key = Ed25519PrivateKey::fromPemFile(privatePem);
  if (!key) return tl::unexpected(key.error());
  return signPack(std::move(bytes), *key);
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
    return fail(ErrorCode::Untrusted, name + ": no trusted public key to check it with (set [content] trusted_keys)");
  const TrustedKey* signer = nullptr;
  for (const auto& k : trusted)
    if (k.key == tr->signer) signer = &k;
  if (!signer)
    return fail(ErrorCode::Untrusted, name + ": signed by key " + keyId(tr->signer) +
                                       ", which is not a trusted key (or the file was changed)");
  if (!ed25519Verify(signer->key, bytes.substr(0, bytes.size() - kSignatureSize), tr->signature.data(),
                     tr->signature.size()))
    return fail(ErrorCode::Damaged, name + ": signature does not match: the file was changed or damaged after signing");
  return Verification{*tr, signer->file};
}

}  // namespace hocso::content
