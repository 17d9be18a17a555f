// Keys bound to their database, and the record chain's anchor beside them.
#include "key_binding.hpp"

#include <SQLiteCpp/Statement.h>
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "assessment/chain.hpp"
#include "base/files.hpp"
#include "base/ids.hpp"
#include "base/transaction.hpp"
#include "kiosk_tables.hpp"

namespace hocso::app {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

fs::path dataKeyPath(const fs::path& data_dir) { return data_dir / "keys" / "data.key"; }

bool present(const fs::path& p) {
  std::error_code ec;
  return fs::exists(p, ec);
}

bool anyRow(SQLite::Database& db, const char* sql) {
  SQLite::Statement q(db, sql);
  return q.executeStep();
}

struct ChainHead {
  long long seq = 0;
  std::string hash = assessment::kGenesisHash;
};

ChainHead signedHead(SQLite::Database& db) {
  ChainHead h;
  SQLite::Statement q(db, "SELECT seq, hash FROM record_chain_head WHERE id = 1");
  if (q.executeStep()) {
    h.seq = q.getColumn(0).getInt64();
    h.hash = q.getColumn(1).getString();
  }
  return h;
}

// The hash the database's chain has at position `seq` ("" when it has none).
std::string hashAt(SQLite::Database& db, long long seq) {
  if (seq == 0) return assessment::kGenesisHash;
  SQLite::Statement q(db, "SELECT row_hash FROM results WHERE chain_seq = ?");
  q.bind(1, static_cast<int64_t>(seq));
  return q.executeStep() && !q.getColumn(0).isNull() ? q.getColumn(0).getString() : std::string();
}

json toJson(const Anchor& a) {
  return {{"format", "hocso-anchor-v1"},
          {"database_id", a.database_id},
          {"kiosk_id", a.kiosk_id},
          {"data_key_id", a.data_key_id},
          {"signing_key_id", a.signing_key_id},
          {"chain", {{"seq", a.chain_seq}, {"hash", a.chain_hash}}},
          {"updated_at", a.updated_at}};
}

Result<void> writeAnchor(const fs::path& data_dir, Anchor a) {
  a.updated_at = nowIso8601();
  return hocso::writeFileDurably(anchorFile(data_dir), toJson(a).dump(2) + "\n", 0600);
}

std::string whose(const Anchor& a) { return a.kiosk_id.empty() ? "" : " (kiosk " + a.kiosk_id + ")"; }

Result<Anchor> anchoredOrEmpty(const fs::path& data_dir) {
  auto anchor = readAnchor(data_dir);
  if (!anchor) return tl::unexpected(anchor.error());
  return *anchor ? **anchor : Anchor{};
}

const char* kRestoreHint = "restore this kiosk's key backup (hocso keys restore FILE)";

}  // namespace

fs::path anchorFile(const fs::path& data_dir) { return data_dir / "keys" / "anchor.json"; }

std::string dataKeyId(const FieldCipher& cipher) { return cipher.blindIndex("hocso:data-key-id").substr(0, 16); }

Result<std::optional<Anchor>> readAnchor(const fs::path& data_dir) {
  const fs::path file = anchorFile(data_dir);
  if (!present(file)) return std::optional<Anchor>{};
  auto text = readFileBounded(file, kSmallFileLimit);
  if (!text) return tl::unexpected(text.error());
  const json j = json::parse(*text, nullptr, false);
  auto damaged = [&] {
    return fail(ErrorCode::Damaged, file.string() + " is damaged; restore the keys folder from the key backup");
  };
  if (!j.is_object() || j.value("format", "") != "hocso-anchor-v1" || !j.contains("chain") || !j["chain"].is_object())
    return damaged();
  Anchor a;
  try {
    a.database_id = j.at("database_id").get<std::string>();
    a.kiosk_id = j.value("kiosk_id", "");
    a.data_key_id = j.value("data_key_id", "");
    a.signing_key_id = j.value("signing_key_id", "");
    a.chain_seq = j["chain"].at("seq").get<long long>();
    a.chain_hash = j["chain"].at("hash").get<std::string>();
    a.updated_at = j.value("updated_at", "");
  } catch (const json::exception&) {
    return damaged();
  }
  if (a.chain_seq < 0) return damaged();
  return std::optional<Anchor>{a};
}

Result<void> checkKeysHaveTheirDatabase(const fs::path& data_dir) {
  if (present(data_dir / "kiosk.db")) return {};
  auto anchor = anchoredOrEmpty(data_dir);
  if (!anchor) return tl::unexpected(anchor.error());
  if (anchor->database_id.empty()) return {};  // no keys, or keys made before their database
  return fail(ErrorCode::Mismatch, "the keys in " + (data_dir / "keys").string() + " belong to a kiosk.db" +
                                      whose(*anchor) + ", but " + (data_dir / "kiosk.db").string() +
                                      " is missing: put back kiosk.db from its backup (hocso restore) so that its "
                                      "records are not lost. To set up a new kiosk here instead, move the keys folder "
                                      "away first");
}

Result<void> checkDatabaseIsAnchored(SQLite::Database& db, const fs::path& data_dir) {
  auto anchor = anchoredOrEmpty(data_dir);
  if (!anchor) return tl::unexpected(anchor.error());
  if (anchor->database_id.empty()) return {};
  auto id = KioskMetaRepository(db).get("database_id");
  if (!id) return tl::unexpected(id.error());
  if (*id && **id == anchor->database_id) return {};
  return fail(ErrorCode::Mismatch,
              (data_dir / "kiosk.db").string() + (*id ? " is not the database" : " is empty or new, not the database") +
                  " the keys in " + (data_dir / "keys").string() + " belong to" + whose(*anchor) +
                  ": put back that kiosk.db from its backup (hocso restore). To set up a new kiosk instead, move "
                  "the keys folder and kiosk.db away first");
}

namespace {

// kiosk.db's own id, made and recorded the first time.
Result<std::string> databaseIdOf(KioskMetaRepository& meta) {
  auto recorded = meta.get("database_id");
  if (!recorded) return tl::unexpected(recorded.error());
  if (*recorded && !(*recorded)->empty()) return **recorded;
  std::string id = uuid4();
  if (auto ok = meta.put("database_id", id); !ok) return tl::unexpected(ok.error());
  return id;
}

// The ids a binding ties together.
struct BoundIds {
  std::string database_id, kiosk_id, data_key_id, signing_key_id;
};

// The anchor to write once the binding is committed, or nothing when the
// one on disk already says the same. A first anchor records the chain head.
std::optional<Anchor> anchorToWrite(SQLite::Database& db, const std::optional<Anchor>& old, const BoundIds& ids) {
  Anchor next = old ? *old : Anchor{};
  const bool firstAnchor = !old || old->database_id.empty();
  next.database_id = ids.database_id;
  if (!ids.kiosk_id.empty()) next.kiosk_id = ids.kiosk_id;
  next.data_key_id = ids.data_key_id;
  next.signing_key_id = ids.signing_key_id;
  if (firstAnchor) {
    const ChainHead head = signedHead(db);
    next.chain_seq = head.seq;
    next.chain_hash = head.hash;
  }
  if (firstAnchor || next.kiosk_id != old->kiosk_id || next.data_key_id != old->data_key_id ||
      next.signing_key_id != old->signing_key_id)
    return next;
  return std::nullopt;
}

}  // namespace

Result<BoundKeys> bindKeys(SQLite::Database& db, const fs::path& data_dir, const std::string& kiosk_id) {
  if (auto anchored = checkDatabaseIsAnchored(db, data_dir); !anchored) return tl::unexpected(anchored.error());
  auto anchor = readAnchor(data_dir);
  if (!anchor) return tl::unexpected(anchor.error());
  const std::string keysDir = (data_dir / "keys").string();
  // Under the write lock: two processes starting on a new data dir make one key, not two.
  std::optional<Anchor> toWrite;
  auto bound = writeTransaction(db, "binding the keys to kiosk.db failed", [&]() -> Result<BoundKeys> {
    KioskMetaRepository meta(db);
    auto databaseId = databaseIdOf(meta);
    if (!databaseId) return tl::unexpected(databaseId.error());
    auto dataRow = meta.get("data_key_id");
    if (!dataRow) return tl::unexpected(dataRow.error());
    auto signingRow = meta.get("signing_key_id");
    if (!signingRow) return tl::unexpected(signingRow.error());
    const auto recordedData = *dataRow;
    const auto recordedSigning = *signingRow;
    // The data key protects the learners' names, citizen IDs and phones.
    const bool personal = anyRow(db, "SELECT 1 FROM learners WHERE full_name_enc IS NOT NULL LIMIT 1");
    if (!present(dataKeyPath(data_dir)) && (recordedData || personal))
      return fail(ErrorCode::Mismatch, "the data key " + dataKeyPath(data_dir).string() +
                                           " is missing, but kiosk.db holds personal data encrypted with it: " +
                                           kRestoreHint + ". A new key would leave that data unreadable");
    auto cipher = FieldCipher::loadOrCreate(dataKeyPath(data_dir));
    if (!cipher) return tl::unexpected(cipher.error());
    const std::string dataId = dataKeyId(*cipher);
    if (recordedData && *recordedData != dataId)
      return fail(ErrorCode::Mismatch, "the data key in " + keysDir + " (key " + dataId +
                                         ") is not the key of this kiosk.db (key " + *recordedData + "): " + kRestoreHint);
    if (!recordedData && personal) {
      // A database from before key ids: the key must open its personal data.
      SQLite::Statement q(db, "SELECT full_name_enc FROM learners WHERE full_name_enc IS NOT NULL LIMIT 1");
      q.executeStep();
      const auto* p = static_cast<const unsigned char*>(q.getColumn(0).getBlob());
      if (!cipher->decrypt(std::vector<unsigned char>(p, p + q.getColumn(0).getBytes()), "learners.full_name"))
        return fail(ErrorCode::Mismatch, "the data key in " + keysDir +
                                           " does not open the personal data in kiosk.db: " + kRestoreHint);
    }
    // The signing key seals the record chain and signs certificates.
    const fs::path signingKey = assessment::KioskSigner::privateKeyFile(data_dir);
    const bool sealed =
        anyRow(db, "SELECT 1 FROM record_chain_head LIMIT 1") || anyRow(db, "SELECT 1 FROM certificates LIMIT 1");
    if (!present(signingKey) && (recordedSigning || sealed))
      return fail(ErrorCode::Mismatch, "the signing key " + signingKey.string() +
                                           " is missing, but kiosk.db holds records and certificates it signed: " +
                                           kRestoreHint);
    auto signer = assessment::KioskSigner::loadOrCreate(data_dir);
    if (!signer) return tl::unexpected(signer.error());
    const std::string signingId = (*signer)->keyId();
    if (recordedSigning && *recordedSigning != signingId)
      return fail(ErrorCode::Mismatch, "the signing key in " + keysDir + " (key " + signingId +
                                         ") is not the key of this kiosk.db (key " + *recordedSigning + "): " +
                                         kRestoreHint);
    if (!recordedData)
      if (auto ok = meta.put("data_key_id", dataId); !ok) return tl::unexpected(ok.error());
    if (!recordedSigning)
      if (auto ok = meta.put("signing_key_id", signingId); !ok) return tl::unexpected(ok.error());

    toWrite = anchorToWrite(db, *anchor, {*databaseId, kiosk_id, dataId, signingId});
    return BoundKeys{*cipher, *signer};
  });
  if (!bound) return bound;
  // Only once the database id is committed: a crash in between leaves the old
  // anchor (or none), which the next start completes.
  if (toWrite)
    if (auto w = writeAnchor(data_dir, *toWrite); !w) return tl::unexpected(w.error());
  if (auto a = advanceAnchor(db, data_dir); !a) spdlog::error("{}", a.error().message);
  return bound;
}

Result<FieldCipher> loadBoundDataKey(SQLite::Database& db, const fs::path& data_dir) {
  const fs::path key = dataKeyPath(data_dir);
  if (!present(key))
    return fail(ErrorCode::Mismatch, "no data key at " + key.string() + ": personal fields cannot be read; " + kRestoreHint);
  auto cipher = FieldCipher::loadOrCreate(key);
  if (!cipher) return cipher;
  auto recorded = KioskMetaRepository(db).get("data_key_id");
  if (!recorded) return tl::unexpected(recorded.error());
  if (*recorded && **recorded != dataKeyId(*cipher))
    return fail(ErrorCode::Mismatch, "the data key " + key.string() + " is not the key of this kiosk.db: " + kRestoreHint);
  return cipher;
}

Result<void> checkKeysFitDatabase(const fs::path& data_dir, const FieldCipher& cipher, const std::string& signing_key_id) {
  const fs::path file = data_dir / "kiosk.db";
  if (!present(file)) return {};
  try {
    SQLite::Database db(file.string(), SQLite::OPEN_READONLY);
    db.setBusyTimeout(5000);
    KioskMetaRepository meta(db);
    auto dataRow = meta.get("data_key_id");
    auto signingRow = dataRow ? meta.get("signing_key_id") : dataRow;
    if (!signingRow)
      return fail(ErrorCode::Database, "cannot read the key ids in " + file.string() + ": " + signingRow.error().message);
    const auto data = *dataRow, signing = *signingRow;
    const std::string dataId = dataKeyId(cipher);
    if ((data && *data != dataId) || (signing && *signing != signing_key_id))
      return fail(ErrorCode::Mismatch,
                  "these keys (data key " + dataId + ", signing key " + signing_key_id + ") are not the keys of " +
                      file.string() + " (data key " + data.value_or("?") + ", signing key " + signing.value_or("?") +
                      "): restore this kiosk's own key backup. To start a new kiosk, move kiosk.db away first");
  } catch (const SQLite::Exception& e) {
    return fail(ErrorCode::Database, "cannot read the key ids in " + file.string() + ": " + e.what());
  }
  return {};
}

Result<void> anchorUnboundKeys(const fs::path& data_dir, const std::string& data_key_id, const std::string& signing_key_id) {
  auto anchor = readAnchor(data_dir);
  if (!anchor) return tl::unexpected(anchor.error());
  if (*anchor) return {};
  Anchor a;
  a.data_key_id = data_key_id;
  a.signing_key_id = signing_key_id;
  a.chain_hash = assessment::kGenesisHash;
  return writeAnchor(data_dir, a);
}

Result<void> advanceAnchor(SQLite::Database& db, const fs::path& data_dir) {
  // The write lock orders two processes moving the anchor: it only goes forward.
  return writeTransaction(db, "moving the record anchor failed", [&]() -> Result<void> {
    auto anchor = readAnchor(data_dir);
    if (!anchor) return tl::unexpected(anchor.error());
    if (!*anchor || (*anchor)->database_id.empty()) return {};
    const ChainHead head = signedHead(db);
    Anchor a = **anchor;
    if (head.seq <= a.chain_seq) return {};
    if (hashAt(db, a.chain_seq) != (a.chain_seq == 0 ? std::string(assessment::kGenesisHash) : a.chain_hash))
      return fail(ErrorCode::Mismatch, "the record chain in kiosk.db does not continue the one anchored in " +
                                          anchorFile(data_dir).string() + " (run hocso records verify)");
    a.chain_seq = head.seq;
    a.chain_hash = head.hash;
    return writeAnchor(data_dir, a);
  });
}

Result<std::string> compareWithAnchor(SQLite::Database& db, const fs::path& data_dir) {
  return guardedSql("reading the record anchor failed", [&]() -> Result<std::string> {
    auto anchor = readAnchor(data_dir);
    if (!anchor) return tl::unexpected(anchor.error());
    if (!*anchor || (*anchor)->database_id.empty()) return std::string();
    const Anchor& a = **anchor;
    auto id = KioskMetaRepository(db).get("database_id");
    if (!id) return tl::unexpected(id.error());
    if (!*id || **id != a.database_id)
      return std::string("kiosk.db is not the database the keys belong to: it was replaced or wiped");
    const ChainHead head = signedHead(db);
    if (head.seq < a.chain_seq)
      return "the chain ends at record #" + std::to_string(head.seq) + " but reached #" + std::to_string(a.chain_seq) +
             " on " + a.updated_at +
             " (anchored beside the keys): records were wiped, or an older copy of kiosk.db was put back";
    if (a.chain_seq > 0 && hashAt(db, a.chain_seq) != a.chain_hash)
      return "record #" + std::to_string(a.chain_seq) + " is not the one anchored beside the keys on " + a.updated_at +
             ": the chain was rolled back and written again";
    return std::string();
  });
}

}  // namespace hocso::app
