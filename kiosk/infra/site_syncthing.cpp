// Syncthing for a site, through its REST API (site_syncthing.hpp).
#include "site_syncthing.hpp"

#include <openssl/crypto.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>

#include "base/files.hpp"
#include "site_service.hpp"
#include "sync/http.hpp"
#include "sync/site.hpp"

namespace hocso::app {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr const char* kDeviceMacContext = "hocso-syncthing-device";

bool safeKioskId(const std::string& id) {
  if (id.empty() || id.size() > 128 || id[0] == '.') return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
  });
}

bool constantTimeEquals(const std::string& a, const std::string& b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string siteShort(const std::string& site_id) { return site_id.substr(0, 8); }

// Only loopback: the API key must never cross the network.
Result<void> checkLoopback(const std::string& api) {
  static const std::regex url(R"(^(http|https)://(127\.0\.0\.1|localhost|\[::1\])(:[0-9]{1,5})?/?$)");
  if (!std::regex_match(api, url))
    return fail(ErrorCode::Config, "Syncthing's API must be on this machine (http://127.0.0.1:PORT), not " + api);
  return {};
}

struct ConfigXml {
  std::string api, api_key;
};

// The GUI address and API key Syncthing keeps in HOME/config.xml.
Result<ConfigXml> readConfigXml(const fs::path& home) {
  const fs::path file = home / "config.xml";
  auto text = readFileBounded(file, kLargeFileLimit);
  if (!text)
    return fail(ErrorCode::Config, "cannot read Syncthing's configuration " + file.string() + " (" + text.error().message +
                                       "); start hocso-syncthing once, or give --api and --api-key-file");
  ConfigXml out;
  std::smatch m;
  static const std::regex gui(R"(<gui\b([^>]*)>([\s\S]*?)</gui>)");
  if (std::regex_search(*text, m, gui)) {
    const std::string attrs = m[1].str(), body = m[2].str();
    const bool tls = attrs.find("tls=\"true\"") != std::string::npos;
    std::smatch a;
    static const std::regex addr(R"(<address>\s*([^<\s]+)\s*</address>)");
    static const std::regex key(R"(<apikey>\s*([^<\s]+)\s*</apikey>)");
    if (std::regex_search(body, a, addr)) out.api = std::string(tls ? "https://" : "http://") + a[1].str();
    if (std::regex_search(body, a, key)) out.api_key = a[1].str();
  }
  if (out.api_key.empty())
    return fail(ErrorCode::Config, file.string() + " holds no API key (<gui><apikey>); give --api-key-file");
  return out;
}

class Api {
 public:
  explicit Api(SyncthingEndpoint ep) : ep_(std::move(ep)) {
    while (!ep_.api.empty() && ep_.api.back() == '/') ep_.api.pop_back();
  }

  Result<json> call(const std::string& method, const std::string& path, const json* body = nullptr) {
    sync::HttpRequest req;
    req.method = method;
    req.url = ep_.api + path;
    req.headers = {"X-API-Key: " + ep_.api_key, "Accept: application/json"};
    if (body) {
      req.headers.push_back("Content-Type: application/json");
      req.body = body->dump();
    }
    req.timeout_seconds = 10;
    auto res = http_.perform(req);
    if (res.status == 0)
      return fail(ErrorCode::Network, "cannot reach Syncthing's API at " + ep_.api + " (" + res.transport_error +
                                          "): is hocso-syncthing running?");
    if (res.status == 401 || res.status == 403)
      return fail(ErrorCode::Credentials, "Syncthing's API at " + ep_.api + " refused the API key (HTTP " +
                                              std::to_string(res.status) + ")");
    if (res.status < 200 || res.status > 299) {
      std::string why = res.body.substr(0, 200);
      while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
      return fail(ErrorCode::Network, "Syncthing's API answered HTTP " + std::to_string(res.status) + " to " + method +
                                          " " + path + (why.empty() ? "" : ": " + why));
    }
    if (res.body.empty()) return json();
    try {
      return json::parse(res.body);
    } catch (const std::exception&) {
      return fail(ErrorCode::Network, "Syncthing's API at " + ep_.api + " answered " + method + " " + path +
                                          " with something that is not JSON");
    }
  }

 private:
  SyncthingEndpoint ep_;
  sync::HttpClient http_;
};


std::string deviceMac(const FieldCipher& site_key, const std::string& kiosk_id, const std::string& device_id) {
  return site_key.blindIndex(std::string(kDeviceMacContext) + "\n" + kiosk_id + "\n" + device_id);
}

std::string stringField(const json& j, const char* name) {
  auto it = j.find(name);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The device ids a folder (from /rest/config) is shared with.
std::set<std::string> folderDevices(const json& folder) {
  std::set<std::string> out;
  if (auto it = folder.find("devices"); it != folder.end() && it->is_array())
    for (const auto& d : *it) out.insert(stringField(d, "deviceID"));
  return out;
}

json deviceList(const std::string& me, const std::map<std::string, std::string>& verified) {
  json devices = json::array({{{"deviceID", me}}});
  for (const auto& [id, kiosk] : verified) devices.push_back({{"deviceID", id}});
  return devices;
}

// The devices in Syncthing's config whose name verifies under the site key
// (an introducer's introductions included: their names came from it), by
// device id, with the kiosk each belongs to; not this device.
using VerifiedDevices = std::map<std::string, std::string>;
VerifiedDevices verifiedSiteDevices(const json& cfg, const FieldCipher& site_key, const std::string& me) {
  VerifiedDevices verified;
  if (auto d = cfg.find("devices"); d != cfg.end() && d->is_array())
    for (const auto& dev : *d) {
      const std::string id = stringField(dev, "deviceID");
      if (id == me) continue;
      if (auto k = verifiedKioskOfDeviceName(site_key, stringField(dev, "name"), id)) verified[id] = *k;
    }
  return verified;
}

// A site folder: a kiosk's journal, shared with every device of the site.
json siteFolderConfig(const std::string& id, const std::string& kiosk_id, const fs::path& path, const char* type,
                      const std::string& me, const VerifiedDevices& verified) {
  return {{"id", id},
          {"label", "HọcSố " + kiosk_id},
          {"path", path.string()},
          {"type", type},
          {"devices", deviceList(me, verified)},
          {"fsWatcherEnabled", true},
          {"fsWatcherDelayS", 1},
          {"rescanIntervalS", 600}};
}

Result<void> makeFolder(const fs::path& path) {
  std::error_code ec;
  fs::create_directories(path, ec);
  if (ec) return fail(ErrorCode::Io, "cannot create " + path.string() + ": " + ec.message());
  return {};
}

Result<std::string> myDeviceId(Api& api) {
  auto st = api.call("GET", "/rest/system/status");
  if (!st) return tl::unexpected(st.error());
  const std::string id = stringField(*st, "myID");
  if (id.empty()) return fail(ErrorCode::Network, "Syncthing's /rest/system/status names no device id (myID)");
  return id;
}

}  // namespace

fs::path syncthingHome(const fs::path& data_dir) { return data_dir / "syncthing"; }
fs::path syncthingSettingsFile(const fs::path& data_dir) { return data_dir / "site-syncthing.json"; }

std::string siteFolderId(const std::string& site_id, const std::string& kiosk_id) {
  return "hocso-" + siteShort(site_id) + "-" + kiosk_id;
}

std::optional<std::string> kioskOfSiteFolderId(const std::string& site_id, const std::string& folder_id) {
  const std::string prefix = "hocso-" + siteShort(site_id) + "-";
  if (folder_id.rfind(prefix, 0) != 0) return std::nullopt;
  std::string kiosk = folder_id.substr(prefix.size());
  if (!safeKioskId(kiosk)) return std::nullopt;  // it becomes a folder name under DATA_DIR/site
  return kiosk;
}

std::string siteDeviceName(const FieldCipher& site_key, const std::string& kiosk_id, const std::string& device_id) {
  return "hocso:" + kiosk_id + ":" + deviceMac(site_key, kiosk_id, device_id);
}

std::optional<std::string> verifiedKioskOfDeviceName(const FieldCipher& site_key, const std::string& name,
                                                     const std::string& device_id) {
  if (name.rfind("hocso:", 0) != 0) return std::nullopt;
  const auto colon = name.rfind(':');
  if (colon <= 6) return std::nullopt;
  const std::string kiosk = name.substr(6, colon - 6), mac = name.substr(colon + 1);
  if (!safeKioskId(kiosk) || device_id.empty()) return std::nullopt;
  if (!constantTimeEquals(mac, deviceMac(site_key, kiosk, device_id))) return std::nullopt;
  return kiosk;
}

Result<std::optional<SyncthingEndpoint>> loadSyncthingEndpoint(const fs::path& data_dir) {
  const fs::path file = syncthingSettingsFile(data_dir);
  std::error_code ec;
  if (!fs::exists(file, ec)) return std::optional<SyncthingEndpoint>();
  auto text = readFileBounded(file, kSmallFileLimit);
  if (!text) return tl::unexpected(text.error());
  SyncthingEndpoint ep;
  std::string keyFile, home;
  try {
    const json j = json::parse(*text);
    ep.api = j.at("api").get<std::string>();
    keyFile = stringField(j, "api_key_file");
    home = stringField(j, "home");
  } catch (const std::exception&) {
    return fail(ErrorCode::Config, file.string() + " is damaged; run hocso site syncthing again");
  }
  if (auto ok = checkLoopback(ep.api); !ok) return tl::unexpected(ok.error());
  if (!keyFile.empty()) {
    auto k = readSecretFile(keyFile);
    if (!k) return fail(ErrorCode::Config, "the Syncthing API key file " + k.error().message);
    ep.api_key = *k;
  } else {
    auto x = readConfigXml(home.empty() ? syncthingHome(data_dir) : fs::path(home));
    if (!x) return tl::unexpected(x.error());
    ep.api_key = x->api_key;
  }
  return std::optional<SyncthingEndpoint>(ep);
}

namespace {

// Where Syncthing's REST API is and its key: the options, else config.xml.
Result<SyncthingEndpoint> setupEndpoint(const SyncthingSetupOptions& o, const fs::path& home) {
  SyncthingEndpoint ep;
  ep.api = o.api;
  if (!o.api_key_file.empty()) {
    auto k = readSecretFile(o.api_key_file);
    if (!k) return fail(ErrorCode::Config, "--api-key-file " + k.error().message);
    ep.api_key = *k;
  }
  if (ep.api.empty() || ep.api_key.empty()) {
    auto x = readConfigXml(home);
    if (!x) return tl::unexpected(x.error());
    if (ep.api.empty()) ep.api = x->api.empty() ? kDefaultSyncthingApi : x->api;
    if (ep.api_key.empty()) ep.api_key = x->api_key;
  }
  if (auto ok = checkLoopback(ep.api); !ok) return tl::unexpected(ok.error());
  return ep;
}

// A site invite as `hocso site syncthing --invite` reads it.
struct SyncthingInvite {
  json doc;
  std::optional<std::pair<std::string, std::string>> introducer;  // device id, its name
  json introducer_addresses = json::array({"dynamic"});
};

// Reads the invite before anything changes: it must be this site's, and its
// Syncthing device vouched for by the site key.
Result<SyncthingInvite> readSyncthingInvite(const fs::path& file, const SiteMember& site, const std::string& kiosk_id) {
  SyncthingInvite inv;
  auto text = readFileBounded(file, kSmallFileLimit);
  if (!text) return tl::unexpected(text.error());
  try {
    inv.doc = json::parse(*text);
    if (stringField(inv.doc, "site_id").empty() || stringField(inv.doc, "kiosk_id").empty()) throw std::runtime_error("");
  } catch (const std::exception&) {
    return fail(ErrorCode::Damaged, file.string() + " is not a HọcSố site invite (damaged or another file)");
  }
  if (stringField(inv.doc, "site_id") != site.membership.site_id)
    return fail(ErrorCode::Mismatch, file.string() + " is the invite of site " + stringField(inv.doc, "site_id") +
                                         ", not of this kiosk's site " + site.membership.site_id);
  auto s = inv.doc.find("syncthing");
  if (s == inv.doc.end() || !s->is_object()) {
    if (stringField(inv.doc, "kiosk_id") == kiosk_id) return inv;  // the invite's own kiosk, before its device is in
    return fail(ErrorCode::NotFound, file.string() + " carries no Syncthing device yet: run hocso site syncthing --invite " +
                                         file.string() + " on the first kiosk (" + stringField(inv.doc, "kiosk_id") +
                                         ") first, then use the invite it updates");
  }
  const std::string dev = stringField(*s, "device_id");
  const std::string name = "hocso:" + stringField(inv.doc, "kiosk_id") + ":" + stringField(*s, "mac");
  if (!verifiedKioskOfDeviceName(site.key, name, dev))
    return fail(ErrorCode::Untrusted, file.string() + ": its Syncthing device " + dev +
                                          " is not vouched for by the site key (the invite was changed)");
  inv.introducer = std::make_pair(dev, name);
  if (auto a = s->find("addresses"); a != s->end() && a->is_array() && !a->empty()) {
    inv.introducer_addresses = json::array();
    for (const auto& x : *a)
      if (x.is_string()) inv.introducer_addresses.push_back(x);
  }
  return inv;
}

// No Internet: no global discovery, relays, NAT traversal, usage reports
// or upgrades; kiosks find each other on the LAN. This device's name says
// which kiosk it is, vouched for by the site key.
Result<void> configureDevice(Api& api, const SiteMember& site, const std::string& kiosk_id, const std::string& me) {
  const json options = {{"globalAnnounceEnabled", false}, {"relaysEnabled", false},      {"natEnabled", false},
                        {"localAnnounceEnabled", true},   {"urAccepted", -1},           {"autoUpgradeIntervalH", 0},
                        {"startBrowser", false},          {"crashReportingEnabled", false},
                        // a kiosk accepted by a peer a moment after it dialled retries soon
                        {"reconnectionIntervalS", 10}};
  if (auto r = api.call("PATCH", "/rest/config/options", &options); !r) return tl::unexpected(r.error());
  const json myName = {{"name", siteDeviceName(site.key, kiosk_id, me)}};
  if (auto r = api.call("PATCH", "/rest/config/devices/" + me, &myName); !r) return tl::unexpected(r.error());
  return {};
}

// This kiosk's journal, send-only (only this kiosk writes it).
Result<void> shareOwnJournal(Api& api, KioskContext& ctx, const SiteMember& site, const std::string& me,
                             const std::string& folder_id) {
  const fs::path own = siteFolder(ctx.data_dir) / ctx.kiosk_id;
  if (auto ok = makeFolder(own); !ok) return ok;
  auto cfg = api.call("GET", "/rest/config");
  if (!cfg) return tl::unexpected(cfg.error());
  if (auto f = cfg->find("folders"); f != cfg->end() && f->is_array())
    for (const auto& x : *f)
      if (stringField(x, "id") == folder_id) return {};
  const json folder =
      siteFolderConfig(folder_id, ctx.kiosk_id, own, "sendonly", me, verifiedSiteDevices(*cfg, site.key, me));
  if (auto r = api.call("PUT", "/rest/config/folders/" + folder_id, &folder); !r) return tl::unexpected(r.error());
  return {};
}

}  // namespace

Result<SyncthingSetupSummary> setupSyncthing(KioskContext& ctx, const SyncthingSetupOptions& o) {
  auto site = requireSiteMember(ctx);
  if (!site) return tl::unexpected(site.error());
  const fs::path home = o.home.empty() ? syncthingHome(ctx.data_dir) : o.home;
  auto ep = setupEndpoint(o, home);
  if (!ep) return tl::unexpected(ep.error());
  SyncthingInvite invite;
  if (!o.invite.empty()) {
    auto read = readSyncthingInvite(o.invite, *site, ctx.kiosk_id);
    if (!read) return tl::unexpected(read.error());
    invite = std::move(*read);
  }
  Api api(*ep);
  auto me = myDeviceId(api);
  if (!me) return tl::unexpected(me.error());
  SyncthingSetupSummary summary;
  summary.device_id = *me;
  summary.folder_id = siteFolderId(site->membership.site_id, ctx.kiosk_id);
  if (auto ok = configureDevice(api, *site, ctx.kiosk_id, *me); !ok) return tl::unexpected(ok.error());
  if (invite.introducer && invite.introducer->first != *me) {
    const json dev = {{"deviceID", invite.introducer->first},
                      {"name", invite.introducer->second},
                      {"addresses", invite.introducer_addresses},
                      {"introducer", true},
                      {"autoAcceptFolders", false}};
    if (auto r = api.call("PUT", "/rest/config/devices/" + invite.introducer->first, &dev); !r)
      return tl::unexpected(r.error());
    summary.introducer = invite.introducer->first;
  }
  if (auto ok = shareOwnJournal(api, ctx, *site, *me, summary.folder_id); !ok) return tl::unexpected(ok.error());

  if (!o.invite.empty() && !invite.introducer) {
    // The invite's own kiosk: its device goes into the invite, vouched for
    // by the site key, so joining kiosks find it without typing device ids.
    json addresses = json::array();
    for (const auto& a : o.addresses) addresses.push_back(a);
    if (addresses.empty()) addresses.push_back("dynamic");
    invite.doc["syncthing"] = {{"device_id", *me}, {"addresses", addresses}, {"mac", deviceMac(site->key, ctx.kiosk_id, *me)}};
    if (auto ok = writeFileDurably(o.invite, invite.doc.dump(2) + "\n", 0600); !ok) return tl::unexpected(ok.error());
    summary.invite_written = true;
  }
  json settings = {{"api", ep->api}};
  if (!o.api_key_file.empty())
    settings["api_key_file"] = fs::absolute(o.api_key_file).string();
  else
    settings["home"] = fs::absolute(home).string();
  if (auto ok = writeFileDurably(syncthingSettingsFile(ctx.data_dir), settings.dump(2) + "\n", 0600); !ok)
    return tl::unexpected(ok.error());
  if (auto r = reconcileSyncthing(ctx, *ep); !r) return tl::unexpected(r.error());
  return summary;
}

namespace {

// Pending devices whose name verifies under the site key are accepted;
// others are refused (and said in `refused`).
Result<void> acceptPendingDevices(Api& api, const SiteMember& site, const std::string& me, VerifiedDevices& verified,
                                  SyncthingReconcileSummary& summary, std::vector<std::string>* refused) {
  auto pending = api.call("GET", "/rest/cluster/pending/devices");
  if (!pending) return tl::unexpected(pending.error());
  if (!pending->is_object()) return {};
  for (const auto& [id, info] : pending->items()) {
    if (verified.count(id) || id == me) continue;
    const std::string name = stringField(info, "name");
    auto kiosk = verifiedKioskOfDeviceName(site.key, name, id);
    if (!kiosk) {
      if (refused)
        refused->push_back("Syncthing device " + id + " (\"" + name + "\", " + stringField(info, "address") +
                           ") asked to connect and is not a kiosk of this site: ignored");
      continue;
    }
    const json dev = {{"deviceID", id}, {"name", name}, {"addresses", json::array({"dynamic"})}, {"autoAcceptFolders", false}};
    if (auto r = api.call("PUT", "/rest/config/devices/" + id, &dev); !r) return tl::unexpected(r.error());
    verified[id] = *kiosk;
    ++summary.devices_accepted;
    spdlog::info("site watcher: accepted Syncthing device {} of kiosk {}", id, *kiosk);
  }
  return {};
}

// Every site folder here is shared with every device of the site. Returns
// the ids of the site folders this Syncthing has.
Result<std::set<std::string>> shareFoldersWithSite(Api& api, const json& cfg, const SiteMember& site,
                                                   const VerifiedDevices& verified, SyncthingReconcileSummary& summary) {
  std::set<std::string> have;
  auto f = cfg.find("folders");
  if (f == cfg.end() || !f->is_array()) return have;
  for (const auto& folder : *f) {
    const std::string id = stringField(folder, "id");
    if (!kioskOfSiteFolderId(site.membership.site_id, id)) continue;
    have.insert(id);
    auto devices = folderDevices(folder);
    json list = folder.value("devices", json::array());
    int added = 0;
    for (const auto& [dev, kiosk] : verified)
      if (!devices.count(dev)) {
        list.push_back({{"deviceID", dev}});
        ++added;
      }
    if (added == 0) continue;
    const json patch = {{"devices", list}};
    if (auto r = api.call("PATCH", "/rest/config/folders/" + id, &patch); !r) return tl::unexpected(r.error());
    summary.shares_added += added;
  }
  return have;
}

// The peers' journals they offer: receive-only at DATA_DIR/site/<peer>.
Result<void> receiveOfferedJournals(Api& api, KioskContext& ctx, const SiteMember& site, const std::string& me,
                                    const VerifiedDevices& verified, std::set<std::string>& have,
                                    SyncthingReconcileSummary& summary) {
  auto offers = api.call("GET", "/rest/cluster/pending/folders");
  if (!offers) return tl::unexpected(offers.error());
  if (!offers->is_object()) return {};
  for (const auto& [id, info] : offers->items()) {
    auto kiosk = kioskOfSiteFolderId(site.membership.site_id, id);
    if (!kiosk || *kiosk == ctx.kiosk_id || have.count(id)) continue;
    bool fromSite = false;
    if (auto by = info.find("offeredBy"); by != info.end() && by->is_object())
      for (const auto& [dev, _] : by->items()) fromSite = fromSite || verified.count(dev) > 0;
    if (!fromSite) continue;
    const fs::path path = siteFolder(ctx.data_dir) / *kiosk;
    if (auto ok = makeFolder(path); !ok) return ok;
    const json folder = siteFolderConfig(id, *kiosk, path, "receiveonly", me, verified);
    if (auto r = api.call("PUT", "/rest/config/folders/" + id, &folder); !r) return tl::unexpected(r.error());
    have.insert(id);
    ++summary.folders_added;
    spdlog::info("site watcher: receiving kiosk {}'s journal (Syncthing folder {})", *kiosk, id);
  }
  return {};
}

}  // namespace

Result<SyncthingReconcileSummary> reconcileSyncthing(KioskContext& ctx, const SyncthingEndpoint& endpoint,
                                                     std::vector<std::string>* refused) {
  auto site = requireSiteMember(ctx);
  if (!site) return tl::unexpected(site.error());
  Api api(endpoint);
  SyncthingReconcileSummary summary;
  auto me = myDeviceId(api);
  if (!me) return tl::unexpected(me.error());
  auto cfg = api.call("GET", "/rest/config");
  if (!cfg) return tl::unexpected(cfg.error());
  VerifiedDevices verified = verifiedSiteDevices(*cfg, site->key, *me);
  if (auto ok = acceptPendingDevices(api, *site, *me, verified, summary, refused); !ok) return tl::unexpected(ok.error());
  auto have = shareFoldersWithSite(api, *cfg, *site, verified, summary);
  if (!have) return tl::unexpected(have.error());
  if (auto ok = receiveOfferedJournals(api, ctx, *site, *me, verified, *have, summary); !ok)
    return tl::unexpected(ok.error());
  return summary;
}

Result<void> rescanOwnFolder(KioskContext& ctx, const SyncthingEndpoint& endpoint) {
  auto m = sync::SiteRepository(*ctx.db).membership();
  if (!m) return tl::unexpected(m.error());
  if (!*m) return {};
  Api api(endpoint);
  auto r = api.call("POST", "/rest/db/scan?folder=" + siteFolderId((*m)->site_id, ctx.kiosk_id));
  if (!r) return tl::unexpected(r.error());
  return {};
}

}  // namespace hocso::app
