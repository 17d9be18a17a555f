// The content channel manifest ([content] channel): a small JSON file on the
// publisher's server listing the newest pack versions, their URLs, sizes and
// SHA-256 (format in sync/README.md). Parsing and choosing are pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"

namespace hocso::sync {

inline constexpr int kChannelFormat = 1;                          // "format"; a newer one is refused
inline constexpr std::size_t kMaxManifestBytes = 1024 * 1024;     // a larger answer is not a manifest
inline constexpr std::uint64_t kMaxChannelPackBytes = 1ull << 30;  // packs are read whole into memory

struct ChannelEntry {
  std::string id;       // pack id, e.g. "vn.hocso.starter"
  std::string version;  // dotted numbers, compared like `hocso content install` does
  std::string url;      // absolute http(s) URL (a relative one is resolved against the manifest's)
  std::uint64_t size = 0;
  std::string sha256;   // 64 lower-case hex digits of the whole pack file
};

struct ChannelManifest {
  std::vector<ChannelEntry> packs;
};

// Reads a manifest fetched from `manifest_url`. Anything malformed (not
// JSON, a missing or mistyped field, a bad URL, size or digest) is one
// ErrorCode::Invalid error naming the place ("packs[1].sha256 …"). Unknown
// fields are ignored, so publishers can add some. Messages start with `name`
// ("" = "the channel manifest <manifest_url>"). Checks the format only: a
// kiosk also checks the signature (channel_signature.hpp).
Result<ChannelManifest> parseChannelManifest(std::string_view text, const std::string& manifest_url,
                                             const std::string& name = "");

// The newest entry the channel lists for pack `id` (the first of equal
// versions); nullopt when it lists none.
std::optional<ChannelEntry> newestEntry(const ChannelManifest& manifest, const std::string& id);

// Whether `entry` should replace the installed `installed_version`: it is
// newer; or, with `allow_downgrade`, it is any other version (a publisher
// withdrawing a bad version). The same version is never downloaded again.
bool shouldInstall(const ChannelEntry& entry, const std::string& installed_version, bool allow_downgrade);

}  // namespace hocso::sync
