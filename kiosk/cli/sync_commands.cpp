// hocso sync once | status
#include <nlohmann/json.hpp>

#include <iostream>

#include "commands.hpp"
#include "kiosk_context.hpp"
#include "sync/lrs_sync.hpp"
#include "sync/outbox.hpp"

namespace hocso::cli {
namespace {

nlohmann::json statusJson(const sync::EndpointStatus& s) {
  return {{"pending", s.pending},           {"delivered", s.delivered},   {"quarantined", s.quarantined},
          {"last_success", s.last_success}, {"last_error", s.last_error}, {"next_attempt", s.next_attempt}};
}

int runOnce(const Globals& g) {
  auto s = setup(g, false);
  if (!s) return kExitConfig;
  if (s->config.lrs.endpoint.empty()) {
    std::cout << "no LRS configured ([sync.lrs] endpoint): statements wait on this kiosk\n";
    return kExitOk;
  }
  auto db = app::openKioskDatabase(s->data_dir);
  if (!db) return error(db.error().message);
  auto report = sync::syncLrsOnce(**db, s->config);
  std::cout << "delivered " << report.delivered << ", quarantined " << report.quarantined << ", pending "
            << report.remaining << "\n";
  switch (report.outcome) {
    case sync::SyncOutcome::Drained:
    case sync::SyncOutcome::NotConfigured:
      return kExitOk;
    case sync::SyncOutcome::Credentials:
      return error(report.message, kExitNoPerm);
    case sync::SyncOutcome::TryLater:
      std::cerr << "will retry later: " << report.message << "\n";
      return kExitTempFail;
  }
  return kExitError;
}

int runStatus(const Globals& g, bool asJson) {
  auto s = setup(g, true);
  if (!s) return kExitConfig;
  auto db = app::openKioskDatabase(s->data_dir);
  if (!db) return error(db.error().message);
  sync::OutboxRepository outbox(**db);
  auto lrs = outbox.status(sync::kLrs);
  auto cert = outbox.status(sync::kCertification);
  if (!lrs || !cert) return error(!lrs ? lrs.error().message : cert.error().message);
  if (asJson) {
    nlohmann::json j = statusJson(*lrs);
    j["lrs_configured"] = !s->config.lrs.endpoint.empty();
    j["certification"] = statusJson(*cert);
    std::cout << j.dump(2) << "\n";
    return kExitOk;
  }
  std::cout << "LRS " << (s->config.lrs.endpoint.empty() ? "(not configured)" : s->config.lrs.endpoint) << "\n"
            << "  pending:      " << lrs->pending << "\n"
            << "  delivered:    " << lrs->delivered << "\n"
            << "  quarantined:  " << lrs->quarantined << "\n"
            << "  last success: " << (lrs->last_success.empty() ? "never" : lrs->last_success) << "\n"
            << "  last error:   " << (lrs->last_error.empty() ? "none" : lrs->last_error) << "\n";
  return kExitOk;
}

}  // namespace

Runner addSyncCommands(CLI::App& app, Globals& g) {
  auto* sync = app.add_subcommand("sync", "Deliver recorded results to the central LRS");
  sync->require_subcommand(1);
  sync->fallthrough(true);
  auto* once = sync->add_subcommand(
      "once", "Send every pending statement now; exit 0 when none is left, 75 when some must wait");
  once->fallthrough(true);
  auto* status = sync->add_subcommand("status", "Show what is pending, delivered and quarantined");
  status->fallthrough(true);
  auto asJson = std::make_shared<bool>(false);
  status->add_flag("--json", *asJson, "Print stable JSON");
  return [once, status, asJson, &g]() -> std::optional<int> {
    if (once->parsed()) return runOnce(g);
    if (status->parsed()) return runStatus(g, *asJson);
    return std::nullopt;
  };
}

}  // namespace hocso::cli
