// Record verification and export over kiosk.db opened read-only.
#include "records_service.hpp"

#include "base/crypto.hpp"
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
  auto db = openKioskDatabaseReadOnly(data_dir);
  if (!db) return tl::unexpected(db.error());
  return assessment::RecordChain(**db, nullptr).verify(keys);
}

Result<long long> exportRecords(const fs::path& data_dir, std::ostream& out, bool include_personal) {
  std::optional<FieldCipher> cipher;
  if (include_personal) {
    const fs::path key = data_dir / "keys" / "data.key";
    std::error_code ec;
    if (!fs::exists(key, ec)) return fail(ErrorCode::NotFound, "no data key at " + key.string() + ": personal fields cannot be read");
    auto c = FieldCipher::loadOrCreate(key);
    if (!c) return tl::unexpected(c.error());
    cipher = *c;
  }
  auto db = openKioskDatabaseReadOnly(data_dir);
  if (!db) return tl::unexpected(db.error());
  return assessment::exportRecordsJsonl(**db, out, cipher ? &*cipher : nullptr);
}

}  // namespace hocso::app
