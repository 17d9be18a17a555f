// Signed channel manifests: the publisher's Ed25519 content key (the key that
// signs packs) signs a canonical form of the manifest, embedded in it as a
// "signature" member (format in sync/README.md). Signing and checking only.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "base/ed25519.hpp"
#include "base/error.hpp"
#include "content/signing.hpp"

namespace hocso::sync {

// Prefixed to the canonical form before signing, so a manifest signature can
// never be taken for the signature of anything else the key signs.
inline constexpr std::string_view kManifestSignatureContext = "hocso-channel-manifest-v1\n";

// Why a manifest's signature is not accepted (the rest of the message says so in English).
enum class ManifestSignatureProblem { None, Unsigned, Malformed, UntrustedKey, Mismatch };

struct ManifestSignatureCheck {
  ManifestSignatureProblem problem = ManifestSignatureProblem::None;
  std::string message;                 // one English line naming the manifest; "" when accepted
  std::string key_id;                  // the signer's key id, when the signature names a key
  std::filesystem::path trusted_key;   // the key file that verified it
};

// Checks the "signature" of a manifest (text already known to be a JSON
// object): present, well formed, by a key in `trusted`, over exactly the
// canonical form of every other member. `name` is used in messages.
ManifestSignatureCheck checkManifestSignature(std::string_view manifest_text,
                                              const std::vector<content::TrustedKey>& trusted, const std::string& name);

// The manifest with its "signature" member set (an existing one is replaced),
// written as indented JSON ending with a newline. The text must be a JSON object.
Result<std::string> signChannelManifest(std::string_view manifest_text, const Ed25519PrivateKey& key);

}  // namespace hocso::sync
