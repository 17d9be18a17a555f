// `hocso doctor`: every check a technician needs after installing or when a
// kiosk misbehaves, each with one plain line saying what to do. The network
// checks run side by side and time out, so the whole run takes under a minute.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "kiosk_config.hpp"
#include "base/error.hpp"

namespace hocso::app {

struct DoctorCheck {
  std::string name;
  bool ok = false;
  bool essential = true;   // a failing essential check makes the kiosk unhealthy (exit non-zero)
  std::string detail;      // what was found, and when not ok what to do
};

struct DoctorInput {
  Result<Config> config = Config{};          // the loaded config, or why it could not be loaded
  std::filesystem::path config_path;
  std::filesystem::path data_dir;
};

// Runs every check in a fixed order: config, provisioned (machine), data dir,
// free space, database, records, keys, content pack, lrs, clock, certification,
// outbox, read-aloud, audio device, display.
std::vector<DoctorCheck> runDoctor(const DoctorInput& input);

// True when every essential check passed.
bool healthy(const std::vector<DoctorCheck>& checks);

// {"ok": bool, "checks": [{"name", "ok", "essential", "detail"}]}
nlohmann::json doctorJson(const std::vector<DoctorCheck>& checks);

}  // namespace hocso::app
