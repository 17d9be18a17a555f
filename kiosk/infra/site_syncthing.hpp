// Syncthing moves a site's journal folders over the LAN (sync/README.md,
// "The LAN: Syncthing"). Each kiosk shares its own folder DATA_DIR/site/<kiosk
// id> send-only (folder id "hocso-<site id, 8 chars>-<kiosk id>") and holds
// every peer's folder receive-only at DATA_DIR/site/<peer id>, shared with
// every device of the site (so a kiosk passes on what it holds). A kiosk's
// Syncthing device names itself "hocso:<kiosk id>:<mac>", mac = an HMAC under
// the site key of its kiosk id and device id: a device is accepted only when
// that verifies, and folders only from accepted devices with the site's
// folder ids. The first kiosk's device id travels in the invite (with its
// mac); a joining kiosk adds it as an introducer, so no one types device ids.
// Everything goes through Syncthing's REST API on loopback with its API key.
#pragma once

#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "kiosk_context.hpp"

namespace hocso::app {

inline constexpr const char* kDefaultSyncthingApi = "http://127.0.0.1:8384";

// Where to reach Syncthing's REST API.
struct SyncthingEndpoint {
  std::string api;      // http://127.0.0.1:PORT (loopback only)
  std::string api_key;
};

// DATA_DIR/syncthing: Syncthing's home (config.xml, keys, index) under the hocso service.
std::filesystem::path syncthingHome(const std::filesystem::path& data_dir);
// DATA_DIR/site-syncthing.json (0600): the API address and where its key is,
// written by setupSyncthing; the watcher reads it. Absent: no Syncthing.
std::filesystem::path syncthingSettingsFile(const std::filesystem::path& data_dir);

// The endpoint of the settings file (nullopt when there is none); the key is
// read from the key file or Syncthing's config.xml each time.
Result<std::optional<SyncthingEndpoint>> loadSyncthingEndpoint(const std::filesystem::path& data_dir);

// The folder id of a kiosk's journal in site `site_id`; the kiosk id of such
// a folder id (nullopt for another id or site).
std::string siteFolderId(const std::string& site_id, const std::string& kiosk_id);
std::optional<std::string> kioskOfSiteFolderId(const std::string& site_id, const std::string& folder_id);
// "hocso:<kiosk id>:<mac>" for a device; the kiosk id of a name whose mac verifies under the site key.
std::string siteDeviceName(const FieldCipher& site_key, const std::string& kiosk_id, const std::string& device_id);
std::optional<std::string> verifiedKioskOfDeviceName(const FieldCipher& site_key, const std::string& name,
                                                     const std::string& device_id);

struct SyncthingSetupOptions {
  std::string api;                          // empty: from config.xml in `home`, else kDefaultSyncthingApi
  std::filesystem::path api_key_file;       // empty: the <apikey> of config.xml in `home`
  std::filesystem::path home;               // empty: syncthingHome(DATA_DIR)
  std::filesystem::path invite;             // empty: no invite (the devices are already known)
  std::vector<std::string> addresses;       // this device's addresses written to the invite (default "dynamic")
};

struct SyncthingSetupSummary {
  std::string device_id, folder_id;
  bool invite_written = false;              // this kiosk's device was added to the invite
  std::string introducer;                   // the invite's device, added as introducer ("" none)
};

// Configures the local Syncthing for the site (idempotent): no global
// discovery, relays, NAT or usage reports, LAN discovery on; this device's
// name; this kiosk's folder send-only; with --invite, the invite's device as
// introducer, or (on the invite's own kiosk) this device written into the
// invite. Saves the settings file for the watcher. One clear error on any
// REST failure.
Result<SyncthingSetupSummary> setupSyncthing(KioskContext& ctx, const SyncthingSetupOptions& options);

struct SyncthingReconcileSummary {
  int devices_accepted = 0;
  int folders_added = 0;
  int shares_added = 0;   // device added to a folder's share list
};

// Accepts pending devices whose name verifies, adds the peers' folders they
// offer (receive-only, DATA_DIR/site/<peer>), and shares every site folder
// with every verified device. Refused devices are appended to `refused`.
Result<SyncthingReconcileSummary> reconcileSyncthing(KioskContext& ctx, const SyncthingEndpoint& endpoint,
                                                     std::vector<std::string>* refused = nullptr);

// Asks Syncthing to rescan this kiosk's own folder now (a segment was written).
Result<void> rescanOwnFolder(KioskContext& ctx, const SyncthingEndpoint& endpoint);

}  // namespace hocso::app
