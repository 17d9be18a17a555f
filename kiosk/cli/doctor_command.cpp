// hocso doctor [--json]: the kiosk's health, one line per check with what to
// do; exit 0 only when every essential check passes. A broken config is a
// failed check here, not a refusal to run.
#include <iostream>

#include "base/logging.hpp"
#include "base/paths.hpp"
#include "commands.hpp"
#include "doctor_service.hpp"

namespace hocso::cli {

Runner addDoctorCommand(CLI::App& app, Globals& g) {
  auto* cmd = app.add_subcommand("doctor", "Check this kiosk: config, data, keys, records, network, sound, display");
  auto json = std::make_shared<bool>(false);
  cmd->add_flag("--json", *json, R"(Print {"ok", "checks": [{"name","ok","essential","detail"}]})");
  return [cmd, json, &g]() -> std::optional<int> {
    if (!cmd->parsed()) return std::nullopt;
    app::DoctorInput in;
    in.config_path = resolveConfigPath(g.config_path);
    in.data_dir = resolveDataDir(g.data_dir);
    setupLogging(in.data_dir, "hocso", g.verbose, true, false);
    std::vector<ConfigWarning> warnings;
    in.config = loadConfig(in.config_path, !g.config_path.empty(), &warnings);
    const auto checks = app::runDoctor(in);
    const bool ok = app::healthy(checks);
    if (*json) {
      std::cout << app::doctorJson(checks).dump(2) << "\n";
    } else {
      for (const auto& c : checks)
        std::cout << (c.ok ? "ok    " : c.essential ? "FAIL  " : "warn  ") << c.name << ": " << c.detail << "\n";
    }
    if (!ok) {
      int failed = 0;
      for (const auto& c : checks) failed += c.essential && !c.ok;
      return error(std::to_string(failed) + " essential check(s) failed; do what each FAIL line says, then run hocso doctor again");
    }
    return kExitOk;
  };
}

}  // namespace hocso::cli
