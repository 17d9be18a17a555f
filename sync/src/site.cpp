// Site journal segments and the site tables (site.hpp).
#include "sync/site.hpp"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/VariadicBind.h>

#include <cstring>
#include <nlohmann/json.hpp>

#include "assessment/certificate.hpp"
#include "base/database.hpp"
#include "base/ids.hpp"
#include "base/transaction.hpp"

namespace hocso::sync {
namespace {
using nlohmann::json;

constexpr const char* kMagic = "HOCSO-SITE-SEGMENT 1\n";

std::string keyText(const Ed25519PublicKey& k) {
  return assessment::base64url(std::string(reinterpret_cast<const char*>(k.data()), k.size()));
}

std::optional<Ed25519PublicKey> keyOfText(const std::string& text) {
  auto raw = assessment::unbase64url(text);
  if (!raw || raw->size() != kEd25519PublicKeySize) return std::nullopt;
  Ed25519PublicKey k{};
  std::memcpy(k.data(), raw->data(), k.size());
  return k;
}

// The body is sealed with the header line as its authenticated context, so
// a body cannot be moved under another header (another seq, kiosk or site).
std::string bodyContext(const std::string& header_line) { return std::string(kSiteSegmentFormat) + "\n" + header_line; }

}  // namespace

std::string siteRecordHash(const assessment::SiteRecord& r) {
  return sha256Hex(json{{"kind", r.kind}, {"id", r.id}, {"data", r.data}}.dump());
}

std::string segmentFileName(long long seq) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "seg-%06lld.hseg", seq);
  return buf;
}

std::optional<long long> segmentSeqOfName(const std::string& name) {
  if (name.size() < 14 || name.rfind("seg-", 0) != 0 || name.substr(name.size() - 5) != ".hseg") return std::nullopt;
  const std::string digits = name.substr(4, name.size() - 9);
  if (digits.empty() || digits.size() > 12) return std::nullopt;
  for (char c : digits)
    if (c < '0' || c > '9') return std::nullopt;
  const long long seq = std::stoll(digits);
  if (seq < 1 || segmentFileName(seq) != name) return std::nullopt;
  return seq;
}

Result<std::string> sealSegment(SegmentHeader h, const std::vector<assessment::SiteRecord>& records,
                                const FieldCipher& site_key, const SignFunction& sign) {
  h.records = static_cast<long long>(records.size());
  const std::string header = json{{"format", kSiteSegmentFormat}, {"site_id", h.site_id},
                                  {"kiosk_id", h.kiosk_id},        {"seq", h.seq},
                                  {"prev", h.prev},                {"signer", keyText(h.signer)},
                                  {"created_at", h.created_at},    {"records", h.records}}
                                 .dump();
  json body = json::array();
  for (const auto& r : records) body.push_back({{"kind", r.kind}, {"id", r.id}, {"data", r.data}});
  auto sealed = site_key.encrypt(body.dump(), bodyContext(header));
  if (!sealed) return tl::unexpected(sealed.error());
  std::string out = kMagic + header + "\n";
  out.append(reinterpret_cast<const char*>(sealed->data()), sealed->size());
  auto sig = sign(out);
  if (!sig) return tl::unexpected(sig.error());
  out.append(reinterpret_cast<const char*>(sig->data()), sig->size());
  return out;
}

Result<Segment> openSegment(const std::string& bytes, const std::string& site_id, const FieldCipher& site_key) {
  const size_t magic = std::strlen(kMagic);
  if (bytes.size() < magic + kEd25519SignatureSize + 2 || bytes.compare(0, magic, kMagic) != 0)
    return fail(ErrorCode::Damaged, "not a HọcSố site segment (or cut short)");
  const size_t eol = bytes.find('\n', magic);
  if (eol == std::string::npos || eol + kEd25519SignatureSize > bytes.size())
    return fail(ErrorCode::Damaged, "the segment's header is damaged");
  const std::string header = bytes.substr(magic, eol - magic);
  Segment s;
  json h;
  try {
    h = json::parse(header);
    if (h.at("format").get<std::string>() != kSiteSegmentFormat)
      return fail(ErrorCode::Damaged, "the segment has another format (" + h.at("format").get<std::string>() + ")");
    s.header.site_id = h.at("site_id").get<std::string>();
    s.header.kiosk_id = h.at("kiosk_id").get<std::string>();
    s.header.seq = h.at("seq").get<long long>();
    s.header.prev = h.at("prev").get<std::string>();
    s.header.created_at = h.at("created_at").get<std::string>();
    s.header.records = h.at("records").get<long long>();
    auto key = keyOfText(h.at("signer").get<std::string>());
    if (!key) return fail(ErrorCode::Damaged, "the segment's signer key is damaged");
    s.header.signer = *key;
  } catch (const json::exception&) {
    return fail(ErrorCode::Damaged, "the segment's header is damaged");
  }
  const size_t signedLen = bytes.size() - kEd25519SignatureSize;
  if (!ed25519Verify(s.header.signer, std::string_view(bytes).substr(0, signedLen),
                     reinterpret_cast<const unsigned char*>(bytes.data()) + signedLen, kEd25519SignatureSize))
    return fail(ErrorCode::Damaged, "the segment's signature does not match its content (changed after it was written)");
  if (s.header.site_id != site_id)
    return fail(ErrorCode::Untrusted, "the segment belongs to another site (" + s.header.site_id + ")");
  if (s.header.seq < 1 || s.header.kiosk_id.empty() || (s.header.seq == 1) != s.header.prev.empty())
    return fail(ErrorCode::Damaged, "the segment's place in its chain is damaged");
  const std::vector<unsigned char> sealed(bytes.begin() + static_cast<long>(eol + 1),
                                          bytes.begin() + static_cast<long>(signedLen));
  auto plain = site_key.decrypt(sealed, bodyContext(header));
  if (!plain) return fail(ErrorCode::Untrusted, "the site key does not open the segment (another site's key?)");
  try {
    const json body = json::parse(*plain);
    for (const auto& r : body) {
      s.records.push_back({r.at("kind").get<std::string>(), r.at("id").get<std::string>(), r.at("data")});
    }
  } catch (const json::exception&) {
    return fail(ErrorCode::Damaged, "the segment's records are damaged");
  }
  if (static_cast<long long>(s.records.size()) != s.header.records)
    return fail(ErrorCode::Damaged, "the segment holds another number of records than its header says");
  s.hash = sha256Hex(bytes);
  return s;
}

// ---- SiteRepository ---------------------------------------------------------

Result<std::optional<SiteMembership>> SiteRepository::membership() {
  return guardedSql("reading the site membership failed", [&]() -> Result<std::optional<SiteMembership>> {
    SQLite::Statement q(db_, "SELECT site_id, name, key_id, joined_at FROM site_membership WHERE id = 1");
    if (!q.executeStep()) return std::optional<SiteMembership>();
    return SiteMembership{q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                          q.getColumn(3).getString()};
  });
}

Result<void> SiteRepository::setMembership(const SiteMembership& m) {
  return guardedSql("recording the site membership failed", [&]() -> Result<void> {
    SQLite::Statement q(db_, "INSERT INTO site_membership(id, site_id, name, key_id, joined_at) VALUES (1, ?, ?, ?, ?)");
    SQLite::bind(q, m.site_id, m.name, m.key_id, m.joined_at);
    q.exec();
    return {};
  });
}

namespace {
constexpr const char* kKioskCols = "kiosk_id, public_key, last_seq, last_hash, last_seen";

Result<SiteKiosk> rowToKiosk(SQLite::Statement& q) {
  SiteKiosk k;
  k.kiosk_id = q.getColumn(0).getString();
  auto key = keyOfText(q.getColumn(1).getString());
  if (!key) return fail(ErrorCode::Database, "the stored key of site kiosk " + k.kiosk_id + " is damaged");
  k.public_key = *key;
  k.last_seq = q.getColumn(2).getInt64();
  k.last_hash = q.getColumn(3).getString();
  k.last_seen = q.getColumn(4).getString();
  return k;
}
}  // namespace

Result<std::optional<SiteKiosk>> SiteRepository::kiosk(const std::string& kiosk_id) {
  return guardedSql("reading a site kiosk failed", [&]() -> Result<std::optional<SiteKiosk>> {
    SQLite::Statement q(db_, std::string("SELECT ") + kKioskCols + " FROM site_kiosks WHERE kiosk_id = ?");
    q.bind(1, kiosk_id);
    return firstRow(q, rowToKiosk);
  });
}

Result<std::vector<SiteKiosk>> SiteRepository::kiosks() {
  return guardedSql("reading the site kiosks failed", [&]() -> Result<std::vector<SiteKiosk>> {
    SQLite::Statement q(db_, std::string("SELECT ") + kKioskCols + " FROM site_kiosks ORDER BY first_seen, kiosk_id");
    return allRows(q, rowToKiosk);
  });
}

Result<void> SiteRepository::addKiosk(const std::string& kiosk_id, const Ed25519PublicKey& key) {
  return guardedSql("recording a site kiosk failed", [&]() -> Result<void> {
    SQLite::Statement q(db_, "SELECT public_key FROM site_kiosks WHERE kiosk_id = ?");
    q.bind(1, kiosk_id);
    if (q.executeStep()) {
      if (q.getColumn(0).getString() != keyText(key))
        return fail(ErrorCode::Untrusted, "kiosk " + kiosk_id + " is known with another signing key (key " +
                                              ed25519KeyId(key) + " is not its key)");
      return {};
    }
    SQLite::Statement ins(db_,
                          "INSERT INTO site_kiosks(kiosk_id, public_key, key_id, first_seen, last_seq, last_hash, "
                          "last_seen) VALUES (?, ?, ?, ?, 0, '', '')");
    SQLite::bind(ins, kiosk_id, keyText(key), ed25519KeyId(key), nowIso8601());
    ins.exec();
    return {};
  });
}

Result<void> SiteRepository::recordSegment(const std::string& kiosk_id, long long seq, const std::string& hash,
                                           const std::string& created_at, long long records) {
  return guardedSql("recording a site segment failed", [&]() -> Result<void> {
    SQLite::Statement q(db_,
                        "INSERT INTO site_segments(kiosk_id, seq, hash, created_at, records, recorded_at) "
                        "VALUES (?, ?, ?, ?, ?, ?)");
    SQLite::bind(q, kiosk_id, static_cast<int64_t>(seq), hash, created_at, static_cast<int64_t>(records), nowIso8601());
    q.exec();
    SQLite::Statement up(db_,
                         "UPDATE site_kiosks SET last_seq = ?, last_hash = ?, last_seen = ? "
                         "WHERE kiosk_id = ? AND last_seq = ?");
    SQLite::bind(up, static_cast<int64_t>(seq), hash, created_at, kiosk_id, static_cast<int64_t>(seq - 1));
    if (up.exec() != 1) return fail(ErrorCode::Invalid, "segment " + std::to_string(seq) + " of kiosk " + kiosk_id +
                                                            " does not follow the last one recorded");
    return {};
  });
}

Result<std::string> SiteRepository::segmentHash(const std::string& kiosk_id, long long seq) {
  return guardedSql("reading a site segment failed", [&]() -> Result<std::string> {
    SQLite::Statement q(db_, "SELECT hash FROM site_segments WHERE kiosk_id = ? AND seq = ?");
    q.bind(1, kiosk_id);
    q.bind(2, static_cast<int64_t>(seq));
    return q.executeStep() ? q.getColumn(0).getString() : std::string();
  });
}

Result<std::string> SiteRepository::journaledHash(const std::string& kind, const std::string& id) {
  return guardedSql("reading the journal state failed", [&]() -> Result<std::string> {
    SQLite::Statement q(db_, "SELECT hash FROM site_journaled WHERE kind = ? AND record_id = ?");
    q.bind(1, kind);
    q.bind(2, id);
    return q.executeStep() ? q.getColumn(0).getString() : std::string();
  });
}

Result<void> SiteRepository::setJournaled(const std::string& kind, const std::string& id, const std::string& hash,
                                          long long seq) {
  return guardedSql("recording the journal state failed", [&]() -> Result<void> {
    SQLite::Statement q(db_,
                        "INSERT INTO site_journaled(kind, record_id, hash, seq) VALUES (?, ?, ?, ?) "
                        "ON CONFLICT(kind, record_id) DO UPDATE SET hash = excluded.hash, seq = excluded.seq");
    SQLite::bind(q, kind, id, hash, static_cast<int64_t>(seq));
    q.exec();
    return {};
  });
}

Result<std::optional<SiteRepository::Imported>> SiteRepository::imported(const std::string& kind, const std::string& id) {
  return guardedSql("reading the imported records failed", [&]() -> Result<std::optional<Imported>> {
    SQLite::Statement q(db_, "SELECT origin_kiosk, hash FROM site_imported WHERE kind = ? AND record_id = ?");
    q.bind(1, kind);
    q.bind(2, id);
    if (!q.executeStep()) return std::optional<Imported>();
    return std::optional<Imported>(Imported{q.getColumn(0).getString(), q.getColumn(1).getString()});
  });
}

Result<void> SiteRepository::setImported(const std::string& kind, const std::string& id, const std::string& origin,
                                         const std::string& hash, long long seq) {
  return guardedSql("recording an imported record failed", [&]() -> Result<void> {
    SQLite::Statement q(db_,
                        "INSERT INTO site_imported(kind, record_id, origin_kiosk, hash, seq, imported_at) "
                        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(kind, record_id) DO UPDATE SET hash = excluded.hash, "
                        "seq = excluded.seq, imported_at = excluded.imported_at WHERE origin_kiosk = excluded.origin_kiosk");
    SQLite::bind(q, kind, id, origin, hash, static_cast<int64_t>(seq), nowIso8601());
    q.exec();
    return {};
  });
}

Result<void> SiteRepository::recordConflict(const std::string& origin, long long seq, const std::string& kind,
                                            const std::string& id, const std::string& reason) {
  return guardedSql("recording a site conflict failed", [&]() -> Result<void> {
    SQLite::Statement q(db_,
                        "INSERT OR IGNORE INTO site_conflicts(origin_kiosk, seq, kind, record_id, reason, seen_at) "
                        "VALUES (?, ?, ?, ?, ?, ?)");
    SQLite::bind(q, origin, static_cast<int64_t>(seq), kind, id, reason, nowIso8601());
    q.exec();
    return {};
  });
}

Result<std::vector<std::pair<std::string, std::string>>> SiteRepository::importedWithPrefix(const std::string& kind,
                                                                                           const std::string& prefix) {
  return guardedSql("reading the records from other kiosks failed",
                    [&]() -> Result<std::vector<std::pair<std::string, std::string>>> {
                      SQLite::Statement q(db_,
                                          "SELECT record_id, origin_kiosk FROM site_imported WHERE kind = ? AND "
                                          "substr(record_id, 1, length(?2)) = ?2 ORDER BY imported_at, rowid");
                      q.bind(1, kind);
                      q.bind(2, prefix);
                      std::vector<std::pair<std::string, std::string>> out;
                      while (q.executeStep()) out.emplace_back(q.getColumn(0).getString(), q.getColumn(1).getString());
                      return out;
                    });
}

Result<bool> SiteRepository::isConflict(const std::string& kind, const std::string& id) {
  return guardedSql("reading the site conflicts failed", [&]() -> Result<bool> {
    SQLite::Statement q(db_, "SELECT 1 FROM site_conflicts WHERE kind = ? AND record_id = ? LIMIT 1");
    q.bind(1, kind);
    q.bind(2, id);
    return q.executeStep();
  });
}

Result<int> SiteRepository::conflictCount() {
  return guardedSql("counting the site conflicts failed",
                    [&]() -> Result<int> { return db_.execAndGet("SELECT COUNT(*) FROM site_conflicts").getInt(); });
}

}  // namespace hocso::sync
