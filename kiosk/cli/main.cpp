// hocso — the operator CLI. Thin main: parse, set up, dispatch to services.
// Exit codes: 0 ok; 1 error; 2 usage; 75 sync must be retried later;
// 77 credentials refused; 78 configuration problem.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <iostream>

#include "../app/kiosk_context.hpp"
#include "../app/learning_service.hpp"
#include "../app/simulator.hpp"
#include "base/logging.hpp"
#include "base/paths.hpp"
#include "sync/lrs_sync.hpp"
#include "sync/outbox.hpp"

namespace {

constexpr int kExitError = 1, kExitTempFail = 75, kExitNoPerm = 77, kExitConfig = 78;

struct Globals {
  std::string config_path;
  std::string data_dir;
  bool verbose = false;
};

void addGlobals(CLI::App& app, Globals& g) {
  app.add_option("--config", g.config_path, "Configuration file (TOML)");
  app.add_option("--data-dir", g.data_dir, "Data directory holding kiosk.db");
  app.add_flag("-v,--verbose", g.verbose, "Log debug details to stderr");
}

int error(const std::string& message, int code = kExitError) {
  std::cerr << "error: " << message << "\n";
  return code;
}

struct Setup {
  hocso::Config config;
  std::filesystem::path data_dir;
};

// Config + data dir + logging; prints the problem and returns nullopt on failure.
std::optional<Setup> setup(const Globals& g, bool quiet) {
  std::vector<hocso::ConfigWarning> warnings;
  const auto configPath = hocso::resolveConfigPath(g.config_path);
  auto config = hocso::loadConfig(configPath, !g.config_path.empty(), &warnings);
  const auto dataDir = hocso::resolveDataDir(g.data_dir);
  hocso::setupLogging(dataDir, "hocso", g.verbose, quiet);
  for (const auto& w : warnings) spdlog::warn("{}", w.message);
  if (!config) {
    std::cerr << "error: " << config.error().message << "\n";
    return std::nullopt;
  }
  return Setup{*config, dataDir};
}

nlohmann::json statusJson(const hocso::sync::EndpointStatus& s) {
  return {{"pending", s.pending},         {"delivered", s.delivered},   {"quarantined", s.quarantined},
          {"last_success", s.last_success}, {"last_error", s.last_error}, {"next_attempt", s.next_attempt}};
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"hocso — operator tools for the HọcSố Kiosk (sync, simulation)", "hocso"};
  app.require_subcommand(1);
  Globals g;
  addGlobals(app, g);
  app.fallthrough(true);

  auto* syncCmd = app.add_subcommand("sync", "Deliver recorded results to the central LRS");
  syncCmd->require_subcommand(1);
  syncCmd->fallthrough(true);
  auto* syncOnce = syncCmd->add_subcommand("once", "Send every pending statement now; exit 0 when none is left, 75 when some must wait");
  syncOnce->fallthrough(true);
  auto* syncStatus = syncCmd->add_subcommand("status", "Show what is pending, delivered and quarantined");
  syncStatus->fallthrough(true);
  bool statusAsJson = false;
  syncStatus->add_flag("--json", statusAsJson, "Print stable JSON");

  auto* simCmd = app.add_subcommand("simulate", "Run synthetic learners through the learning path (no window)");
  simCmd->fallthrough(true);
  hocso::app::SimulationOptions sim;
  simCmd->add_option("--learners", sim.learners, "How many learners")->required()->check(CLI::Range(1, 1000000));
  simCmd->add_option("--seed", sim.seed, "Seed: the same seed gives the same output");
  simCmd->add_option("--ack-log", sim.ack_log, "Append 'ACK <attempt> <question>' after each committed answer");

  CLI11_PARSE(app, argc, argv);

  if (syncOnce->parsed()) {
    auto s = setup(g, false);
    if (!s) return kExitConfig;
    if (s->config.lrs.endpoint.empty()) {
      std::cout << "no LRS configured ([sync.lrs] endpoint): statements wait on this kiosk\n";
      return 0;
    }
    auto db = hocso::app::openKioskDatabase(s->data_dir);
    if (!db) return error(db.error().message);
    auto report = hocso::sync::syncLrsOnce(**db, s->config);
    std::cout << "delivered " << report.delivered << ", quarantined " << report.quarantined << ", pending "
              << report.remaining << "\n";
    switch (report.outcome) {
      case hocso::sync::SyncOutcome::Drained:
      case hocso::sync::SyncOutcome::NotConfigured:
        return 0;
      case hocso::sync::SyncOutcome::Credentials:
        return error(report.message, kExitNoPerm);
      case hocso::sync::SyncOutcome::TryLater:
        std::cerr << "will retry later: " << report.message << "\n";
        return kExitTempFail;
    }
  }
  if (syncStatus->parsed()) {
    auto s = setup(g, true);
    if (!s) return kExitConfig;
    auto db = hocso::app::openKioskDatabase(s->data_dir);
    if (!db) return error(db.error().message);
    hocso::sync::OutboxRepository outbox(**db);
    auto lrs = outbox.status(hocso::sync::kLrs);
    auto cert = outbox.status(hocso::sync::kCertification);
    if (!lrs || !cert) return error(!lrs ? lrs.error().message : cert.error().message);
    if (statusAsJson) {
      nlohmann::json j = statusJson(*lrs);
      j["lrs_configured"] = !s->config.lrs.endpoint.empty();
      j["certification"] = statusJson(*cert);
      std::cout << j.dump(2) << "\n";
    } else {
      std::cout << "LRS " << (s->config.lrs.endpoint.empty() ? "(not configured)" : s->config.lrs.endpoint) << "\n"
                << "  pending:      " << lrs->pending << "\n"
                << "  delivered:    " << lrs->delivered << "\n"
                << "  quarantined:  " << lrs->quarantined << "\n"
                << "  last success: " << (lrs->last_success.empty() ? "never" : lrs->last_success) << "\n"
                << "  last error:   " << (lrs->last_error.empty() ? "none" : lrs->last_error) << "\n";
    }
    return 0;
  }
  if (simCmd->parsed()) {
    auto s = setup(g, true);
    if (!s) return kExitConfig;
    auto ctx = hocso::app::openKiosk(s->config, s->data_dir);
    if (!ctx) return error(ctx.error().message);
    hocso::app::LearningService service(**ctx);
    auto summary = hocso::app::simulate(service, sim, std::cout);
    if (!summary) return error(summary.error().message);
    std::cout << "simulated " << summary->learners << " learners, " << summary->quizzes << " quizzes ("
              << summary->passed << " passed), " << summary->answers << " answers\n";
    return 0;
  }
  return 0;
}
