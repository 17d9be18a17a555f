// hocso kiosk status | resume
// A facilitator pauses the kiosk on screen and lifts the pause with their
// PIN; a technician without any facilitator PIN lifts it here (the change is
// recorded as made by the technician).
#include <iostream>

#include "commands.hpp"
#include "kiosk_context.hpp"
#include "settings_service.hpp"

namespace hocso::cli {

Runner addKioskCommands(CLI::App& app, Globals& g) {
  auto* kiosk = addCommandGroup(app, "kiosk", "The kiosk's pause (set by a facilitator on screen)");
  auto* status = kiosk->add_subcommand("status", "Say whether the kiosk is paused");
  auto* resume = kiosk->add_subcommand("resume", "Lift a facilitator's pause (the kiosk shows the welcome screen again)");
  return [=, &g]() -> std::optional<int> {
    if (!status->parsed() && !resume->parsed()) return std::nullopt;
    if (status->parsed()) {  // only looks: works on a read-only data dir, never creates one
      auto s = setup(g, true, DataAccess::ReadOnly);
      if (!s) return kExitConfig;
      auto db = app::openKioskDatabaseReadOnly(s->data_dir);
      if (!db) return error(db.error().message);
      auto paused = app::readPaused(**db);
      if (!paused) return error(paused.error().message);
      std::cout << (*paused ? "paused" : "not paused") << "\n";
      return kExitOk;
    }
    auto s = setup(g, true);
    if (!s) return kExitConfig;
    auto ctx = app::openKiosk(s->config, s->data_dir);
    if (!ctx) return error(ctx.error().message);
    app::SettingsService settings(**ctx);
    auto paused = settings.paused();
    if (!paused) return error(paused.error().message);
    if (!*paused) {
      std::cout << "not paused: nothing to do\n";
      return kExitOk;
    }
    if (auto ok = settings.setPaused(false, "technician (hocso kiosk resume)"); !ok) return error(ok.error().message);
    std::cout << "resumed: the kiosk opens on the welcome screen at its next start (restart hocso-kiosk if it shows the pause now)\n";
    return kExitOk;
  };
}

}  // namespace hocso::cli
