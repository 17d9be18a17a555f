// hocso — the operator CLI. A thin main: each command group lives in its own
// file (sync_commands.cpp, simulate_command.cpp, ...).
#include "commands.hpp"

#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <iostream>

#include "base/logging.hpp"
#include "base/paths.hpp"
#include "kiosk_context.hpp"

namespace hocso::cli {

std::optional<Setup> setup(const Globals& g, bool quiet, DataAccess access) {
  std::vector<ConfigWarning> warnings;
  auto config = loadConfig(resolveConfigPath(g.config_path), !g.config_path.empty(), &warnings);
  const auto dataDir = resolveDataDir(g.data_dir);
  std::error_code ec;
  if (config && access == DataAccess::ReadOnly && !std::filesystem::is_regular_file(dataDir / "kiosk.db", ec)) {
    std::cerr << "error: " << app::noKioskDatabaseMessage(dataDir) << "\n";
    return std::nullopt;
  }
  setupLogging(dataDir, "hocso", g.verbose, quiet, access == DataAccess::Write);
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
  ::umask(027);  // kiosk.db, logs, keys and exports: the kiosk's user and group only
  CLI::App app{"hocso — operator tools for the HọcSố Kiosk", "hocso"};
  app.require_subcommand(1);
  app.fallthrough(true);  // --config/--data-dir may also follow a subcommand (every subcommand inherits it)
  Globals g;
  auto* configOpt = app.add_option("--config", g.config_path, "Configuration file (TOML)");
  auto* dataDirOpt = app.add_option("--data-dir", g.data_dir, "Data directory holding kiosk.db");
  app.add_flag("-v,--verbose", g.verbose, "Log debug details to stderr");

  std::vector<Runner> runners = {addSyncCommands(app, g), addSimulateCommand(app, g), addContentCommands(app, g),
                                 addCertCommands(app, g), addKeysCommands(app, g), addRecordsCommands(app, g),
                                 addReportCommand(app, g), addPeopleCommands(app, g),
                                 addKioskCommands(app, g), addProvisionCommand(app, g),
                                 addDoctorCommand(app, g), addBackupCommands(app, g),
                                 addSiteCommands(app, g), addSiteSyncthingCommand(app, g)};
  CLI11_PARSE(app, argc, argv);
  // An empty value would silently mean the default (the home directory).
  if (dataDirOpt->count() > 0 && g.data_dir.empty())
    return error("--data-dir is empty; give the folder that holds kiosk.db (e.g. /var/lib/hocso)", kExitUsage);
  if (configOpt->count() > 0 && g.config_path.empty())
    return error("--config is empty; give the path of hocso.toml (e.g. /etc/hocso/hocso.toml)", kExitUsage);
  try {
    for (auto& run : runners)
      if (auto code = run()) return *code;
  } catch (const std::exception& e) {  // a bug: one line, not an abort
    spdlog::error("unexpected exception: {}", e.what());
    return error(std::string("internal error: ") + e.what() + "; please report it with the command you ran");
  }
  return kExitOk;
}
