// Channel manifest parsing: strict about the fields a download depends on,
// silent about extra ones. Relative pack URLs are resolved with libcurl's URL API.
#include "sync/channel.hpp"

#include <curl/curl.h>

#include <cctype>
#include <nlohmann/json.hpp>

#include "content/pack_store.hpp"

namespace hocso::sync {
namespace {

using nlohmann::json;

// `ref` resolved against `base` (RFC 3986), or "" if either is unusable or
// the result is not http(s).
std::string resolveUrl(const std::string& base, const std::string& ref) {
  CURLU* u = curl_url();
  if (!u) return "";
  std::string out;
  if (curl_url_set(u, CURLUPART_URL, base.c_str(), 0) == CURLUE_OK &&
      curl_url_set(u, CURLUPART_URL, ref.c_str(), 0) == CURLUE_OK) {
    char* scheme = nullptr;
    char* full = nullptr;
    if (curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_URL, &full, 0) == CURLUE_OK) {
      const std::string s = scheme;
      if (s == "http" || s == "https") out = full;
    }
    curl_free(scheme);
    curl_free(full);
  }
  curl_url_cleanup(u);
  return out;
}

bool isHex64(const std::string& s) {
  if (s.size() != 64) return false;
  for (unsigned char c : s)
    if (!std::isxdigit(c)) return false;
  return true;
}

// "1", "0.2.0", "2.10.1-rc1": starts with a digit, no spaces or control characters.
bool isVersion(const std::string& v) {
  if (v.empty() || v.size() > 64 || !std::isdigit(static_cast<unsigned char>(v.front()))) return false;
  for (unsigned char c : v)
    if (!(std::isalnum(c) || c == '.' || c == '-' || c == '+' || c == '_')) return false;
  return true;
}

Result<std::string> stringAt(const json& entry, const char* key, const std::string& where) {
  auto it = entry.find(key);
  if (it == entry.end()) return fail(ErrorCode::Invalid, where + "." + key + " is missing");
  if (!it->is_string()) return fail(ErrorCode::Invalid, where + "." + key + " must be a string");
  std::string v = it->get<std::string>();
  if (v.empty()) return fail(ErrorCode::Invalid, where + "." + key + " is empty");
  return v;
}

}  // namespace

Result<ChannelManifest> parseChannelManifest(std::string_view text, const std::string& manifest_url,
                                             const std::string& display_name) {
  const std::string name = display_name.empty() ? "the channel manifest " + manifest_url : display_name;
  auto bad = [&](const std::string& what) { return fail(ErrorCode::Invalid, name + ": " + what); };
  if (text.size() > kMaxManifestBytes)
    return bad("larger than " + std::to_string(kMaxManifestBytes / 1024) + " KiB, not a manifest");
  const json j = json::parse(text.begin(), text.end(), nullptr, false);
  if (j.is_discarded()) return bad("not valid JSON");
  if (!j.is_object()) return bad("must be a JSON object with a \"packs\" list");
  if (auto f = j.find("format"); f != j.end()) {
    if (!f->is_number_integer()) return bad("\"format\" must be a whole number");
    if (f->get<long long>() > kChannelFormat || f->get<long long>() < 1)
      return bad("format " + f->dump() + " is not one this kiosk reads (" + std::to_string(kChannelFormat) +
                 "): update the kiosk software");
  }
  auto packs = j.find("packs");
  if (packs == j.end()) return bad("\"packs\" is missing");
  if (!packs->is_array()) return bad("\"packs\" must be a list");
  ChannelManifest out;
  for (std::size_t i = 0; i < packs->size(); ++i) {
    const json& e = (*packs)[i];
    const std::string where = "packs[" + std::to_string(i) + "]";
    if (!e.is_object()) return bad(where + " must be an object");
    ChannelEntry entry;
    for (auto [key, field] : {std::pair{"id", &entry.id}, {"version", &entry.version}, {"url", &entry.url},
                              {"sha256", &entry.sha256}}) {
      auto v = stringAt(e, key, where);
      if (!v) return bad(v.error().message);
      *field = std::move(*v);
    }
    if (!isVersion(entry.version)) return bad(where + ".version \"" + entry.version + "\" is not a version number");
    if (!isHex64(entry.sha256)) return bad(where + ".sha256 must be 64 hexadecimal digits");
    for (char& c : entry.sha256) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const std::string resolved = resolveUrl(manifest_url, entry.url);
    if (resolved.empty()) return bad(where + ".url \"" + entry.url + "\" is not an http(s) URL");
    entry.url = resolved;
    auto size = e.find("size");
    if (size == e.end()) return bad(where + ".size is missing");
    if (!size->is_number_integer() || size->get<long long>() < 1)
      return bad(where + ".size must be a positive whole number of bytes");
    entry.size = size->get<std::uint64_t>();
    if (entry.size > kMaxChannelPackBytes)
      return bad(where + ".size " + std::to_string(entry.size) + " is larger than a pack can be (1 GiB)");
    out.packs.push_back(std::move(entry));
  }
  return out;
}

std::optional<ChannelEntry> newestEntry(const ChannelManifest& manifest, const std::string& id) {
  std::optional<ChannelEntry> best;
  for (const auto& e : manifest.packs)
    if (e.id == id && (!best || content::compareVersions(e.version, best->version) > 0)) best = e;
  return best;
}

bool shouldInstall(const ChannelEntry& entry, const std::string& installed_version, bool allow_downgrade) {
  const int c = content::compareVersions(entry.version, installed_version);
  return c > 0 || (c < 0 && allow_downgrade);
}

}  // namespace hocso::sync
