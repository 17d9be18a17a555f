// Record verification and export over kiosk.db opened read-only.
#include "records_service.hpp"

#include "base/crypto.hpp"
#include "key_binding.hpp"
#include "kiosk_context.hpp"

namespace hocso::app {
namespace fs = std::filesystem;

Result<assessment::ChainReport> verifyRecords(const fs::path& data_dir, const std::vector<fs::path>& extra) {
  std::vector<assessment::Ed25519PublicKey> keys;
  std::vector<fs::path> files = extra;
  std::error_code ec;
  const fs::path own = assessment::KioskSigner::publicKeyFile(data_dir);
  if (fs::exists(own, ec)) files.push_back(own);
  for (const auto& f : files) {
    auto k = assessment::readPublicKeyPem(f);
    if (!k) return fail(k.error().code, "public key " + f.string() + ": " + k.error().message);
    keys.push_back(*k);
  }
  // A kiosk.db deleted beside its keys is a wipe, not "no database here".
  if (auto wiped = checkKeysHaveTheirDatabase(data_dir); !wiped) return tl::unexpected(wiped.error());
  auto db = openKioskDatabaseReadOnly(data_dir);
  if (!db) return tl::unexpected(db.error());
  auto report = assessment::RecordChain(**db, nullptr).verify(keys);
  if (!report || !report->intact) return report;
  // An intact chain can still be shorter than it was: the anchor beside the keys knows.
  auto anchor = compareWithAnchor(**db, data_dir);
  if (!anchor) return tl::unexpected(anchor.error());
  if (!anchor->empty()) {
    report->intact = false;
    report->first_broken_result_id = "(anchor)";
    report->problem = *anchor;
  }
  return report;
}

Result<long long> exportRecords(const fs::path& data_dir, std::ostream& out, bool include_personal) {
  std::optional<FieldCipher> cipher;
  auto db = openKioskDatabaseReadOnly(data_dir);
  if (!db) return tl::unexpected(db.error());
  if (include_personal) {
    auto c = loadBoundDataKey(**db, data_dir);
    if (!c) return tl::unexpected(c.error());
    cipher = *c;
  }
  return assessment::exportRecordsJsonl(**db, out, cipher ? &*cipher : nullptr);
}

}  // namespace hocso::app
