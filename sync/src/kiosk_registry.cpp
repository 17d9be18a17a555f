// SQL of trusted_kiosks: the enrolled kiosks and their bundle-signing keys
// (stored as hex of the raw 32-byte Ed25519 public key).
#include "sync/kiosk_registry.hpp"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/VariadicBind.h>

#include "base/crypto.hpp"
#include "base/database.hpp"
#include "base/ids.hpp"
#include "pass.hpp"

namespace hocso::sync {
namespace {


std::string keyHex(const Ed25519PublicKey& key) { return toHex(key.data(), key.size()); }

std::optional<Ed25519PublicKey> keyFromHex(const std::string& hex) {
  if (hex.size() != 2 * kEd25519PublicKeySize) return std::nullopt;
  Ed25519PublicKey key{};
  for (size_t i = 0; i < key.size(); ++i) {
    unsigned v = 0;
    for (size_t j = 0; j < 2; ++j) {
      const char c = hex[2 * i + j];
      const int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
      if (d < 0) return std::nullopt;
      v = v * 16 + static_cast<unsigned>(d);
    }
    key[i] = static_cast<unsigned char>(v);
  }
  return key;
}

constexpr const char* kCols = "kiosk_id, public_key, key_id, enrolled_by, enrolled_at";

Result<TrustedKiosk> rowToTrustedKiosk(SQLite::Statement& q) {
  TrustedKiosk k;
  k.kiosk_id = q.getColumn(0).getString();
  auto key = keyFromHex(q.getColumn(1).getString());
  if (!key) return fail(ErrorCode::Database, "the enrolled key of kiosk " + k.kiosk_id + " is damaged; enrol it again");
  k.public_key = *key;
  k.key_id = q.getColumn(2).getString();
  k.enrolled_by = q.getColumn(3).getString();
  k.enrolled_at = q.getColumn(4).getString();
  return k;
}

}  // namespace

Result<void> KioskRegistry::enroll(const std::string& kiosk_id, const Ed25519PublicKey& key,
                                   const std::string& enrolled_by) {
  if (kiosk_id.empty()) return fail(ErrorCode::Invalid, "the kiosk id is empty");
  auto existing = find(kiosk_id);
  if (!existing) return tl::unexpected(existing.error());
  if (*existing) {
    if ((*existing)->public_key == key) return {};
    return fail(ErrorCode::Invalid, "kiosk " + kiosk_id + " is already enrolled with key " + (*existing)->key_id +
                                        "; run `hocso sync untrust-kiosk " + kiosk_id + "` first to replace it");
  }
  return guardedSql("enrolling the kiosk failed", [&]() -> Result<void> {
    SQLite::Statement other(db_, "SELECT kiosk_id FROM trusted_kiosks WHERE public_key = ?");
    other.bind(1, keyHex(key));
    if (other.executeStep())
      return fail(ErrorCode::Invalid, "key " + ed25519KeyId(key) + " is already enrolled for kiosk " +
                                          other.getColumn(0).getString() + "; one key belongs to one kiosk");
    SQLite::Statement q(db_, std::string("INSERT INTO trusted_kiosks(") + kCols + ") VALUES (?, ?, ?, ?, ?)");
    SQLite::bind(q, kiosk_id, keyHex(key), ed25519KeyId(key), enrolled_by, nowIso8601());
    q.exec();
    return {};
  });
}

Result<bool> KioskRegistry::remove(const std::string& kiosk_id) {
  return guardedSql("removing the kiosk failed", [&]() -> Result<bool> {
    SQLite::Statement q(db_, "DELETE FROM trusted_kiosks WHERE kiosk_id = ?");
    q.bind(1, kiosk_id);
    return q.exec() > 0;
  });
}

Result<std::optional<TrustedKiosk>> KioskRegistry::find(const std::string& kiosk_id) {
  return guardedSql("reading the enrolled kiosks failed", [&]() -> Result<std::optional<TrustedKiosk>> {
    SQLite::Statement q(db_, std::string("SELECT ") + kCols + " FROM trusted_kiosks WHERE kiosk_id = ?");
    q.bind(1, kiosk_id);
    return firstRow(q, rowToTrustedKiosk);
  });
}

Result<std::vector<TrustedKiosk>> KioskRegistry::all() {
  return guardedSql("reading the enrolled kiosks failed", [&]() -> Result<std::vector<TrustedKiosk>> {
    SQLite::Statement q(db_, std::string("SELECT ") + kCols + " FROM trusted_kiosks ORDER BY kiosk_id");
    return allRows(q, rowToTrustedKiosk);
  });
}

}  // namespace hocso::sync
