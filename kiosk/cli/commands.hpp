// The operator CLI's command groups. Each group registers its subcommands on
// the app and returns a runner that executes whichever of them was parsed.
#pragma once

#include <CLI/CLI.hpp>

#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "kiosk_config.hpp"
#include "base/error.hpp"

namespace hocso::cli {

// Exit codes shared by every command.
inline constexpr int kExitOk = 0, kExitError = 1, kExitUsage = 2, kExitTempFail = 75, kExitNoPerm = 77,
                     kExitConfig = 78;

struct Globals {
  std::string config_path;
  std::string data_dir;
  bool verbose = false;
};

struct Setup {
  Config config;
  std::filesystem::path data_dir;
};

// What a command does with the data dir. Write: it may create DATA_DIR,
// kiosk.db and DATA_DIR/logs. ReadOnly: it only looks, so DATA_DIR/kiosk.db
// must exist already ("no kiosk database at DIR; check --data-dir") and
// nothing is created (open it with app::openKioskDatabaseReadOnly). None: it
// needs no kiosk data (a key path at most) and creates nothing.
enum class DataAccess { Write, ReadOnly, None };

// Loads config, resolves the data dir and starts logging. On failure prints
// one line to stderr and returns nullopt (exit kExitConfig).
std::optional<Setup> setup(const Globals& g, bool quiet, DataAccess access = DataAccess::Write);

// Prints "error: <message>" to stderr and returns `code`.
int error(const std::string& message, int code = kExitError);

// One line from stdin, blanks trimmed; on a terminal without echo when
// `secret` (PINs, passwords, passphrases). nullopt at end of input.
std::optional<std::string> readAnswer(bool secret);

// A command group (`hocso site …`): exactly one subcommand is required.
// (Options given before or after a subcommand are both accepted: main sets
// fallthrough on the app, and CLI11 copies it to each subcommand added.)
inline CLI::App* addCommandGroup(CLI::App& app, const std::string& name, const std::string& description) {
  auto* group = app.add_subcommand(name, description);
  group->require_subcommand(1);
  return group;
}

// Exit code for a service error: refused credentials or trust 77, broken
// config 78, anything else 1.
inline int exitCodeForError(const Error& e) {
  switch (e.code) {
    case ErrorCode::Untrusted:
    case ErrorCode::Credentials: return kExitNoPerm;
    case ErrorCode::Config: return kExitConfig;
    default: return kExitError;
  }
}

// A runner returns nullopt when none of its subcommands was parsed.
using Runner = std::function<std::optional<int>()>;

Runner addSyncCommands(CLI::App& app, Globals& g);
Runner addSimulateCommand(CLI::App& app, Globals& g);
Runner addContentCommands(CLI::App& app, Globals& g);
Runner addCertCommands(CLI::App& app, Globals& g);
Runner addKeysCommands(CLI::App& app, Globals& g);
Runner addRecordsCommands(CLI::App& app, Globals& g);
Runner addReportCommand(CLI::App& app, Globals& g);
Runner addPeopleCommands(CLI::App& app, Globals& g);
Runner addKioskCommands(CLI::App& app, Globals& g);
Runner addProvisionCommand(CLI::App& app, Globals& g);
Runner addDoctorCommand(CLI::App& app, Globals& g);
Runner addBackupCommands(CLI::App& app, Globals& g);
Runner addSiteCommands(CLI::App& app, Globals& g);
// `hocso site syncthing` (after addSiteCommands: it adds to the `site` group).
Runner addSiteSyncthingCommand(CLI::App& app, Globals& g);

}  // namespace hocso::cli
