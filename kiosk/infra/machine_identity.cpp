// Reading /etc/machine-id and comparing it with the one provisioning recorded
// in kiosk_meta (key 'machine_id').
#include "machine_identity.hpp"

#include <SQLiteCpp/Statement.h>

#include <cstdlib>

#include "base/files.hpp"
#include "base/transaction.hpp"
#include "kiosk_tables.hpp"

namespace hocso::app {
namespace fs = std::filesystem;

fs::path machineIdFile() {
  if (const char* f = std::getenv("HOCSO_MACHINE_ID_FILE"); f && *f) return f;
  return "/etc/machine-id";
}

Result<std::string> readMachineId(const fs::path& file) {
  auto text = readFileBounded(file, 4096);
  if (!text) return tl::unexpected(text.error());
  std::string id = text->substr(0, text->find('\n'));
  while (!id.empty() && (id.back() == ' ' || id.back() == '\r' || id.back() == '\t')) id.pop_back();
  if (id.empty()) return fail(ErrorCode::Invalid, file.string() + " is empty (run systemd-machine-id-setup)");
  return id;
}

Result<std::optional<std::string>> recordedMachineId(SQLite::Database& db) {
  return KioskMetaRepository(db).get("machine_id");
}

Result<void> recordMachineId(SQLite::Database& db, const std::string& machine_id) {
  return KioskMetaRepository(db).put("machine_id", machine_id);
}

Result<void> checkMachineIdentity(SQLite::Database& db, const fs::path& data_dir) {
  auto recorded = recordedMachineId(db);
  if (!recorded) return tl::unexpected(recorded.error());
  if (!*recorded) return {};
  auto current = readMachineId();
  if (current && *current == **recorded) return {};
  return fail(ErrorCode::WrongMachine,
              "the kiosk data in " + data_dir.string() + " was provisioned on another machine (" +
                  (current ? "machine id differs" : "cannot read " + machineIdFile().string()) +
                  "): this looks like a copied disk; run `hocso provision` on this PC to give it its own identity");
}

Result<long long> countKioskRecords(SQLite::Database& db) {
  return guardedSql("counting the kiosk's records failed", [&]() -> Result<long long> {
    long long n = 0;
    for (const char* table : {"learners", "answers", "results", "outbox"}) {
      SQLite::Statement q(db, std::string("SELECT COUNT(*) FROM ") + table);
      if (q.executeStep()) n += q.getColumn(0).getInt64();
    }
    return n;
  });
}

}  // namespace hocso::app
