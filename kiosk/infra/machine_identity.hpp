// The clone check: provisioning records this machine's id (/etc/machine-id)
// in kiosk.db; a kiosk whose data now sits on another machine (a cloned disk
// image) refuses to work under the copied identity until it is re-provisioned.
#pragma once

#include <SQLiteCpp/Database.h>

#include <filesystem>
#include <optional>
#include <string>

#include "base/error.hpp"

namespace hocso::app {

// $HOCSO_MACHINE_ID_FILE (tests) or /etc/machine-id.
std::filesystem::path machineIdFile();

// The machine id: the file's first line, trimmed. NotFound/Io when it cannot
// be read, Invalid when empty.
Result<std::string> readMachineId(const std::filesystem::path& file = machineIdFile());

// What kiosk.db recorded at provisioning; nullopt when never provisioned.
Result<std::optional<std::string>> recordedMachineId(SQLite::Database& db);

// Records `machine_id` as this kiosk's machine (provisioning, restore).
Result<void> recordMachineId(SQLite::Database& db, const std::string& machine_id);

// Called when the kiosk opens: fine when nothing was recorded (never
// provisioned) or the recorded id is this machine's. Otherwise WrongMachine,
// with one line saying what to do (re-provision with `hocso provision`).
Result<void> checkMachineIdentity(SQLite::Database& db, const std::filesystem::path& data_dir);

// How many records (learners, answers, results, outbox rows) kiosk.db holds:
// on a clone they are the other kiosk's.
Result<long long> countKioskRecords(SQLite::Database& db);

}  // namespace hocso::app
