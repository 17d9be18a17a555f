// hocso — the operator CLI. A thin main: each command group lives in its own
// file (sync_commands.cpp, simulate_command.cpp, ...).
#include "commands.hpp"

#include <spdlog/spdlog.h>

#include <iostream>

#include "base/logging.hpp"
#include "base/paths.hpp"

namespace hocso::cli {

std::optional<Setup> setup(const Globals& g, bool quiet) {
  std::vector<ConfigWarning> warnings;
  auto config = loadConfig(resolveConfigPath(g.config_path), !g.config_path.empty(), &warnings);
  const auto dataDir = resolveDataDir(g.data_dir);
  setupLogging(dataDir, "hocso", g.verbose, quiet);
  for (const auto& w : warnings) spdlog::warn("{}", w.message);
  if (!config) {
    std::cerr << "error: " << config.error().message << "\n";
    return std::nullopt;
  }
  return Setup{*config, dataDir};
}

int error(const std::string& message, int code) {
  std::cerr << "error: " << message << "\n";
  return code;
}

}  // namespace hocso::cli

int main(int argc, char** argv) {
  using namespace hocso::cli;
  CLI::App app{"hocso — operator tools for the HọcSố Kiosk", "hocso"};
  app.require_subcommand(1);
  app.fallthrough(true);  // --config/--data-dir may also follow a subcommand
  Globals g;
  app.add_option("--config", g.config_path, "Configuration file (TOML)");
  app.add_option("--data-dir", g.data_dir, "Data directory holding kiosk.db");
  app.add_flag("-v,--verbose", g.verbose, "Log debug details to stderr");

  std::vector<Runner> runners = {addSyncCommands(app, g), addSimulateCommand(app, g), addContentCommands(app, g),
                                 addCertCommands(app, g), addKeysCommands(app, g), addRecordsCommands(app, g),
                                 addReportCommand(app, g), addPeopleCommands(app, g),
                                 addKioskCommands(app, g)};
  CLI11_PARSE(app, argc, argv);
  for (auto& run : runners)
    if (auto code = run()) return *code;
  return kExitOk;
}
