// hocso site syncthing [--invite INVITE] [--api URL] [--api-key-file F] [--home DIR] [--address ADDR]...
// Configures the local Syncthing for the site (site_syncthing.hpp); the
// watcher in `hocso sync run` then accepts the site's devices and folders.
#include <iostream>

#include "commands.hpp"
#include "site_syncthing.hpp"

namespace hocso::cli {

Runner addSiteSyncthingCommand(CLI::App& app, Globals& g) {
  struct Options {
    std::string invite, api, api_key_file, home;
    std::vector<std::string> addresses;
  };
  auto o = std::make_shared<Options>();
  auto* site = app.get_subcommand("site");
  auto* cmd = site->add_subcommand(
      "syncthing", "Configure the local Syncthing to carry the site's journals over the LAN (idempotent)");
  cmd->add_option("--invite", o->invite,
                  "The site invite: on the first kiosk this kiosk's device is written into it; on the others its "
                  "device becomes their introducer");
  cmd->add_option("--api", o->api, "Syncthing's REST API on this machine (default: from its config.xml, else http://127.0.0.1:8384)");
  cmd->add_option("--api-key-file", o->api_key_file, "File holding Syncthing's API key (default: from its config.xml)");
  cmd->add_option("--home", o->home, "Syncthing's home folder (default: DATA_DIR/syncthing)");
  cmd->add_option("--address", o->addresses,
                  "This device's address written into the invite, e.g. tcp://192.168.1.10:22000 (repeatable; default: dynamic)");
  return [=, &g]() -> std::optional<int> {
    if (!cmd->parsed()) return std::nullopt;
    auto s = setup(g, true);
    if (!s) return kExitConfig;
    auto ctx = app::openKiosk(s->config, s->data_dir);
    if (!ctx) return error(ctx.error().message);
    app::SyncthingSetupOptions opts;
    opts.api = o->api;
    opts.api_key_file = o->api_key_file;
    opts.home = o->home;
    opts.invite = o->invite;
    opts.addresses = o->addresses;
    auto r = app::setupSyncthing(**ctx, opts);
    if (!r) {
      switch (r.error().code) {
        case ErrorCode::Credentials:
        case ErrorCode::Untrusted: return error(r.error().message, kExitNoPerm);
        case ErrorCode::Config: return error(r.error().message, kExitConfig);
        case ErrorCode::Network: return error(r.error().message, kExitTempFail);
        default: return error(r.error().message);
      }
    }
    std::cout << "Syncthing device " << r->device_id << " shares this kiosk's journal as folder " << r->folder_id;
    if (r->invite_written) std::cout << "; wrote this device into " << o->invite << " (give it to the other kiosks)";
    if (!r->introducer.empty()) std::cout << "; introducer " << r->introducer;
    std::cout << "\n";
    return kExitOk;
  };
}

}  // namespace hocso::cli
