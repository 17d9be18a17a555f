// The channel manifest's embedded Ed25519 signature: canonical form (nlohmann
// JSON, keys sorted, no whitespace), signing with the publisher's content key
// and strict checking against [content] trusted_keys.
#include "sync/channel_signature.hpp"

#include <array>
#include <nlohmann/json.hpp>

#include "base/crypto.hpp"

namespace hocso::sync {
namespace {

using nlohmann::json;

constexpr const char* kMember = "signature";

// Lower-case hex of exactly `out.size()` bytes; anything else (upper case,
// other characters, another length) is refused, so a signature has one spelling.
template <size_t N>
bool fromLowerHex(const std::string& text, std::array<unsigned char, N>& out) {
  if (text.size() != 2 * N) return false;
  auto digit = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  for (size_t i = 0; i < N; ++i) {
    const int hi = digit(text[2 * i]), lo = digit(text[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    out[i] = static_cast<unsigned char>(hi * 16 + lo);
  }
  return true;
}

// What is signed: the context line, then every member but "signature",
// serialised by nlohmann::json (object keys sorted, no whitespace, UTF-8 as is).
std::string signedBytes(json manifest) {
  manifest.erase(kMember);
  return std::string(kManifestSignatureContext) + manifest.dump(-1, ' ', false, json::error_handler_t::strict);
}

std::string stringMember(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

ManifestSignatureCheck checkManifestSignature(std::string_view text, const std::vector<content::TrustedKey>& trusted,
                                              const std::string& name) {
  ManifestSignatureCheck out;
  auto refuse = [&](ManifestSignatureProblem p, const std::string& why) {
    out.problem = p;
    out.message = name + " " + why;
    return out;
  };
  const json manifest = json::parse(text.begin(), text.end(), nullptr, false);
  if (manifest.is_discarded() || !manifest.is_object())
    return refuse(ManifestSignatureProblem::Malformed, "is not a JSON object, so it carries no signature");
  auto sig = manifest.find(kMember);
  if (sig == manifest.end())
    return refuse(ManifestSignatureProblem::Unsigned,
                  "is not signed: the publisher must sign it with `hocso content sign-manifest` (the content key)");
  Ed25519PublicKey key{};
  Ed25519Signature signature{};
  if (!sig->is_object() || !fromLowerHex(stringMember(*sig, "public_key"), key) ||
      !fromLowerHex(stringMember(*sig, "ed25519"), signature))
    return refuse(ManifestSignatureProblem::Malformed,
                  "has a malformed signature (\"signature\" needs \"public_key\" and \"ed25519\" in lower-case hex)");
  out.key_id = ed25519KeyId(key);
  if (const std::string claimed = stringMember(*sig, "key_id"); !claimed.empty() && claimed != out.key_id)
    return refuse(ManifestSignatureProblem::Malformed,
                  "has a malformed signature (key_id " + claimed + " is not the id of its public key)");
  const content::TrustedKey* signer = nullptr;
  for (const auto& k : trusted)
    if (k.key == key) signer = &k;
  if (!signer)
    return refuse(ManifestSignatureProblem::UntrustedKey,
                  "is signed by key " + out.key_id + ", which is not a trusted key ([content] trusted_keys)");
  std::string message;
  try {
    message = signedBytes(manifest);
  } catch (const json::exception&) {
    return refuse(ManifestSignatureProblem::Malformed, "cannot be put in canonical form (text that is not UTF-8)");
  }
  if (!ed25519Verify(key, message, signature.data(), signature.size()))
    return refuse(ManifestSignatureProblem::Mismatch,
                  "does not match its signature: it was changed after signing (or damaged on the way)");
  out.trusted_key = signer->file;
  return out;
}

Result<std::string> signChannelManifest(std::string_view text, const Ed25519PrivateKey& key) {
  json manifest = json::parse(text.begin(), text.end(), nullptr, false);
  if (manifest.is_discarded()) return fail(ErrorCode::Invalid, "not valid JSON");
  if (!manifest.is_object()) return fail(ErrorCode::Invalid, "must be a JSON object with a \"packs\" list");
  std::string message;
  try {
    message = signedBytes(manifest);
  } catch (const json::exception& e) {
    return fail(ErrorCode::Invalid, std::string("cannot be put in canonical form: ") + e.what());
  }
  auto signature = key.sign(message);
  if (!signature) return tl::unexpected(signature.error());
  manifest[kMember] = {{"key_id", key.keyId()},
                       {"public_key", toHex(key.publicKey().data(), key.publicKey().size())},
                       {"ed25519", toHex(signature->data(), signature->size())}};
  return manifest.dump(2, ' ', false, json::error_handler_t::strict) + "\n";
}

}  // namespace hocso::sync
