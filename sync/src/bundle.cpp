// USB bundle export and import: X25519 + HKDF-SHA256 key sealing,
// AES-256-GCM (FieldCipher) for the key and the rows, an SQLite container
// signed with content::signPack's Ed25519 trailer, the signer checked
// against the enrolled kiosks, and conflicting record ids reported.
#include "sync/bundle.hpp"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/VariadicBind.h>
#include <fcntl.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "base/files.hpp"
#include "base/ed25519.hpp"
#include "base/ids.hpp"
#include "base/openssl.hpp"
#include "content/signing.hpp"
#include "pass.hpp"
#include "sync/certification.hpp"
#include "sync/chain_head.hpp"
#include "sync/clock.hpp"
#include "sync/kiosk_registry.hpp"
#include "sync/lrs_sync.hpp"
#include "sync/outbox.hpp"

namespace hocso::sync {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using Bytes = std::vector<unsigned char>;

using ossl::Pkey;
using ossl::PkeyCtx;

Result<Pkey> readKey(const fs::path& pem, bool isPrivate, const std::string& what) {
  auto text = readPemFile(pem);
  if (!text) return fail(ErrorCode::Config, "cannot read " + what + " " + pem.string() + ": " + text.error().message);
  Pkey key = ossl::parsePemKey(*text, isPrivate);
  if (!key) return fail(ErrorCode::Config, what + " " + pem.string() + " is not a PEM key");
  if (EVP_PKEY_get_id(key.get()) != EVP_PKEY_X25519)
    return fail(ErrorCode::Config, what + " " + pem.string() + " is not an X25519 key (openssl genpkey -algorithm X25519)");
  return key;
}

Bytes rawPublic(EVP_PKEY* key) {
  Bytes out(32);
  size_t len = out.size();
  if (EVP_PKEY_get_raw_public_key(key, out.data(), &len) != 1 || len != 32) return {};
  return out;
}

// X25519(ours, theirs) → HKDF-SHA256 → the 32-byte key that wraps the data key.
Result<Bytes> wrapKey(EVP_PKEY* ours, EVP_PKEY* theirs, const Bytes& ephemeral_pub, const Bytes& recipient_pub) {
  PkeyCtx dctx(EVP_PKEY_CTX_new(ours, nullptr));
  Bytes shared(32);
  size_t len = shared.size();
  if (!dctx || EVP_PKEY_derive_init(dctx.get()) != 1 || EVP_PKEY_derive_set_peer(dctx.get(), theirs) != 1 ||
      EVP_PKEY_derive(dctx.get(), shared.data(), &len) != 1 || len != 32)
    return fail(ErrorCode::Crypto, "X25519 key agreement failed: " + ossl::lastError());
  Bytes salt = ephemeral_pub;
  salt.insert(salt.end(), recipient_pub.begin(), recipient_pub.end());
  static const std::string info = std::string(kBundleFormat) + " key wrap";
  PkeyCtx hctx(EVP_PKEY_CTX_new_id(EVP_PKEY_HKDF, nullptr));
  Bytes out(32);
  size_t outLen = out.size();
  if (!hctx || EVP_PKEY_derive_init(hctx.get()) != 1 || EVP_PKEY_CTX_set_hkdf_md(hctx.get(), EVP_sha256()) != 1 ||
      EVP_PKEY_CTX_set1_hkdf_salt(hctx.get(), salt.data(), static_cast<int>(salt.size())) != 1 ||
      EVP_PKEY_CTX_set1_hkdf_key(hctx.get(), shared.data(), static_cast<int>(shared.size())) != 1 ||
      EVP_PKEY_CTX_add1_hkdf_info(hctx.get(), reinterpret_cast<const unsigned char*>(info.data()),
                                  static_cast<int>(info.size())) != 1 ||
      EVP_PKEY_derive(hctx.get(), out.data(), &outLen) != 1)
    return fail(ErrorCode::Crypto, "HKDF failed: " + ossl::lastError());
  return out;
}

Result<Pkey> newX25519() {
  PkeyCtx ctx(EVP_PKEY_CTX_new_id(EVP_PKEY_X25519, nullptr));
  EVP_PKEY* raw = nullptr;
  if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1 || EVP_PKEY_keygen(ctx.get(), &raw) != 1)
    return fail(ErrorCode::Crypto, "X25519 key generation failed: " + ossl::lastError());
  return Pkey(raw);
}

std::string contextFor(const std::string& what, const std::string& kiosk_id, const std::string& created_at) {
  return std::string(kBundleFormat) + " " + what + "|" + kiosk_id + "|" + created_at;
}

// The bundle (or a key beside it) written whole or not at all; USB sticks fill up and get pulled.
Result<void> writeAtomically(const fs::path& out, const std::string& bytes) {
  if (auto w = writeFileDurably(out, bytes, 0600); !w)
    return fail(ErrorCode::Io, w.error().message + " (disk full or USB stick removed?)");
  return {};
}


Result<std::string> readAll(const fs::path& file) { return readFileBounded(file, kLargeFileLimit); }

fs::path scratchFile(const std::string& tag) {
  return fs::temp_directory_path() / ("hocso-bundle-" + tag + "-" + uuid4() + ".sqlite");
}

struct ScratchGuard {
  fs::path path;
  ~ScratchGuard() {
    std::error_code ec;
    fs::remove(path, ec);
    fs::remove(path.string() + "-journal", ec);
  }
};


}  // namespace

Result<void> generateRecipientKeyPair(const fs::path& private_pem, const fs::path& public_pem) {
  auto key = newX25519();
  if (!key) return tl::unexpected(key.error());
  auto write = [&](const fs::path& p, bool isPrivate) -> Result<void> {
    const std::string pem = ossl::pemOf(key->get(), isPrivate);
    if (pem.empty()) return fail(ErrorCode::Crypto, "cannot write PEM: " + ossl::lastError());
    return writeAtomically(p, pem);
  };
  if (auto r = write(private_pem, true); !r) return r;
  return write(public_pem, false);
}

namespace {

// The kiosk's signing key, made once; its public half is what the central
// office enrols (hocso sync trust-kiosk).
Result<Ed25519PrivateKey> kioskSigner(const BundleIdentity& kiosk) {
  fs::path pub = kiosk.signing_key;
  pub.replace_extension(".pub.pem");
  std::error_code ec;
  if (!fs::exists(kiosk.signing_key, ec)) {
    fs::create_directories(kiosk.signing_key.parent_path(), ec);
    if (auto r = generateEd25519KeyPair(kiosk.signing_key, pub); !r) return tl::unexpected(r.error());
  }
  auto signer = Ed25519PrivateKey::fromPemFile(kiosk.signing_key);
  if (!signer) return tl::unexpected(signer.error());
  if (!fs::exists(pub, ec)) {
    auto pem = signer->publicPem();
    if (!pem) return tl::unexpected(pem.error());
    if (auto w = writeAtomically(pub, *pem); !w) return tl::unexpected(w.error());
  }
  return signer;
}

// Rows: LRS statements as they go on the wire (correction fixed first, so
// the kiosk going online later sends the very same bytes); certificates
// with identity unsealed (the bundle is encrypted) and their clock
// correction fixed and applied the same way.
Result<json> pendingRows(SQLite::Database& db, const SyncConfig& config, const FieldCipher& cipher, ExportSummary& summary) {
  OutboxRepository outbox(db);
  auto st = outbox.state(kLrs);
  if (!st) return tl::unexpected(st.error());
  if (auto ok = outbox.pinTimeOffset(kLrs, correctionFor(st->clock_offset_ms)); !ok) return tl::unexpected(ok.error());
  if (auto ok = outbox.pinTriedTimeOffset(kCertification, 0); !ok) return tl::unexpected(ok.error());
  if (auto ok = outbox.pinTimeOffset(kCertification, correctionFor(lastKnownClockOffset(outbox))); !ok)
    return tl::unexpected(ok.error());
  json rows = json::array();
  for (const char* endpoint : {kLrs, kCertification}) {
    auto pending = outbox.pending(endpoint, 100000000);
    if (!pending) return tl::unexpected(pending.error());
    for (const auto& r : *pending) {
      if (endpoint == std::string(kLrs)) {
        rows.push_back({{"endpoint", endpoint}, {"record_id", r.record_id}, {"payload", wireStatement(r, config.activity_base)}});
        ++summary.statements;
      } else {
        auto body = certificationRequestBody(r.payload, cipher, r.time_offset_ms.value_or(0));
        if (!body) return fail(body.error().code, "certificate " + r.record_id + ": " + body.error().message);
        rows.push_back({{"endpoint", endpoint}, {"record_id", r.record_id}, {"payload", detail::dumpJson(*body)}});
        ++summary.certificates;
      }
    }
  }
  return rows;
}

// What the container holds besides its plain header: the data key sealed to
// the central office, and the rows sealed with that data key.
struct Sealed {
  Bytes ephemeral_pub, recipient_pub, key, data;
};

// A fresh data key, sealed to the central office.
Result<Sealed> seal(EVP_PKEY* recipient, const std::string& plain, const std::string& kiosk_id,
                    const std::string& created) {
  Bytes dataKey(32);
  if (RAND_bytes(dataKey.data(), static_cast<int>(dataKey.size())) != 1)
    return fail(ErrorCode::Crypto, "no random bytes for the bundle key");
  auto ephemeral = newX25519();
  if (!ephemeral) return tl::unexpected(ephemeral.error());
  Sealed out{rawPublic(ephemeral->get()), rawPublic(recipient), {}, {}};
  auto wrap = wrapKey(ephemeral->get(), recipient, out.ephemeral_pub, out.recipient_pub);
  if (!wrap) return tl::unexpected(wrap.error());
  const auto sealedKey = FieldCipher::fromKey(*wrap).encrypt(
      std::string(dataKey.begin(), dataKey.end()), contextFor("key", kiosk_id, created));
  const auto sealedData = FieldCipher::fromKey(dataKey).encrypt(plain, contextFor("data", kiosk_id, created));
  std::fill(dataKey.begin(), dataKey.end(), 0);
  if (!sealedKey) return tl::unexpected(sealedKey.error());
  if (!sealedData) return tl::unexpected(sealedData.error());
  out.key = *sealedKey;
  out.data = *sealedData;
  return out;
}

// The container: a small SQLite file (signed afterwards).
Result<void> writeContainer(const fs::path& path, const BundleIdentity& kiosk, const std::string& created,
                            std::size_t rows, const Sealed& sealed) {
  try {
    SQLite::Database c(path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    c.exec("CREATE TABLE bundle (key TEXT PRIMARY KEY, value BLOB NOT NULL)");
    SQLite::Statement ins(c, "INSERT INTO bundle(key, value) VALUES (?, ?)");
    auto put = [&](const char* key, const void* data, size_t size) {
      ins.bind(1, key);
      ins.bind(2, data, static_cast<int>(size));
      ins.exec();
      ins.reset();
    };
    auto putText = [&](const char* key, const std::string& v) { put(key, v.data(), v.size()); };
    putText("format", kBundleFormat);
    putText("kiosk_id", kiosk.kiosk_id);
    putText("site_id", kiosk.site_id);
    putText("created_at", created);
    putText("rows", std::to_string(rows));
    putText("recipient_key_id",
            sha256Hex(std::string(sealed.recipient_pub.begin(), sealed.recipient_pub.end())).substr(0, 16));
    put("ephemeral_public", sealed.ephemeral_pub.data(), sealed.ephemeral_pub.size());
    put("sealed_key", sealed.key.data(), sealed.key.size());
    put("sealed_data", sealed.data.data(), sealed.data.size());
  } catch (const SQLite::Exception& e) {
    return fail(ErrorCode::Io, std::string("cannot build the bundle: ") + e.what());
  }
  return {};
}

}  // namespace

Result<ExportSummary> exportBundle(SQLite::Database& db, const SyncConfig& config, const FieldCipher& cipher,
                                   const BundleIdentity& kiosk, const fs::path& out) {
  if (config.bundle_public_key.empty())
    return fail(ErrorCode::Config, "[sync] bundle_public_key is not set: the central office's public key is needed to seal a bundle");
  auto recipient = readKey(config.bundle_public_key, false, "[sync] bundle_public_key");
  if (!recipient) return tl::unexpected(recipient.error());
  auto signer = kioskSigner(kiosk);
  if (!signer) return tl::unexpected(signer.error());

  ExportSummary summary;
  auto rows = pendingRows(db, config, cipher, summary);
  if (!rows) return tl::unexpected(rows.error());
  const std::string created = nowIso8601();
  // The chain head travels inside the sealed, signed bundle, so the office
  // learns how far this kiosk's records reached even when it never goes online.
  const json plain = {{"format", kBundleFormat}, {"kiosk_id", kiosk.kiosk_id}, {"site_id", kiosk.site_id},
                      {"created_at", created}, {"chain_head", chainHeadHeaderValue(db, kiosk.kiosk_id)}, {"rows", *rows}};
  auto sealed = seal(recipient->get(), detail::dumpJson(plain), kiosk.kiosk_id, created);
  if (!sealed) return tl::unexpected(sealed.error());

  ScratchGuard scratch{scratchFile("out")};
  if (auto ok = writeContainer(scratch.path, kiosk, created, rows->size(), *sealed); !ok) return tl::unexpected(ok.error());
  auto bytes = readAll(scratch.path);
  if (!bytes) return tl::unexpected(bytes.error());
  auto signedBytes = content::signPack(std::move(*bytes), *signer);
  if (!signedBytes) return tl::unexpected(signedBytes.error());
  if (auto ok = writeAtomically(out, *signedBytes); !ok) return tl::unexpected(ok.error());
  summary.signer_key_id = signer->keyId();
  return summary;
}

namespace {

// The signer must be the enrolled key of the kiosk the bundle names, or a key
// the operator passed for this one import; an enrolled kiosk id signed by
// any other key is refused even then.
Result<bool> checkSigner(SQLite::Database& db, const std::string& name, const std::string& kiosk_id,
                         const Ed25519PublicKey& signer, const std::vector<fs::path>& kiosk_keys) {
  auto enrolled = KioskRegistry(db).find(kiosk_id);
  if (!enrolled) return tl::unexpected(enrolled.error());
  const std::string signerId = ed25519KeyId(signer);
  if (*enrolled) {
    if ((*enrolled)->public_key != signer)
      return fail(ErrorCode::Credentials,
                  name + " claims kiosk " + kiosk_id + " but is signed by key " + signerId + ", not its enrolled key " +
                      (*enrolled)->key_id + " — refused, nothing imported (a forgery, or the kiosk's key changed: "
                      "check it, then `hocso sync untrust-kiosk " + kiosk_id + "` and enrol the new key)");
    return true;
  }
  if (!kiosk_keys.empty()) {
    auto keys = content::readTrustedKeys(kiosk_keys);
    if (!keys) return tl::unexpected(keys.error());
    for (const auto& k : *keys)
      if (k.key == signer) return false;
    return fail(ErrorCode::Credentials, name + " is signed by key " + signerId +
                                            ", which is none of the --kiosk-key keys — refused, nothing imported");
  }
  return fail(ErrorCode::Credentials,
              name + " comes from kiosk " + kiosk_id + " (key " + signerId + "), which is not enrolled here — refused, "
                  "nothing imported; check the kiosk's keys/kiosk-sign.pub.pem and run `hocso sync trust-kiosk PUBKEY_PEM "
                  "--kiosk-id " + kiosk_id + "` (or pass --kiosk-key PUBKEY_PEM for this import only)");
}

// What this machine already holds for a record id, as a keyed MAC of the
// row as it travels in a bundle; nullopt when the id is new here.
Result<std::optional<std::string>> knownContent(SQLite::Database& db, const FieldCipher& cipher,
                                                const std::string& record_id) {
  SQLite::Statement imported(db, "SELECT content_mac FROM imported_records WHERE record_id = ?");
  imported.bind(1, record_id);
  if (imported.executeStep()) return std::optional<std::string>(imported.getColumn(0).getString());
  // A row queued here before imports were recorded (or this machine's own).
  SQLite::Statement row(db, "SELECT endpoint, payload FROM outbox WHERE record_id = ?");
  row.bind(1, record_id);
  if (!row.executeStep()) return std::optional<std::string>{};
  const std::string endpoint = row.getColumn(0).getString(), payload = row.getColumn(1).getString();
  if (endpoint == kLrs) return std::optional<std::string>(cipher.blindIndex(endpoint + "\n" + payload));
  auto body = certificationRequestBody(payload, cipher, 0);
  if (!body) return std::optional<std::string>(std::string("unreadable"));
  return std::optional<std::string>(cipher.blindIndex(endpoint + "\n" + detail::dumpJson(*body)));
}

// "kiosk=<id>; seq=<n>; ..." (chain_head.hpp) → seq, when it names `kiosk_id`.
std::optional<long long> headSeq(const std::string& head, const std::string& kiosk_id) {
  std::optional<long long> seq;
  std::string kiosk;
  std::size_t at = 0;
  while (at < head.size()) {
    std::size_t end = head.find(';', at);
    if (end == std::string::npos) end = head.size();
    std::string part = head.substr(at, end - at);
    at = end + 1;
    while (!part.empty() && part.front() == ' ') part.erase(0, 1);
    const auto eq = part.find('=');
    if (eq == std::string::npos) continue;
    const std::string key = part.substr(0, eq), value = part.substr(eq + 1);
    if (key == "kiosk") kiosk = value;
    if (key == "seq") {
      if (value.empty() || value.size() > 18 || value.find_first_not_of("0123456789") != std::string::npos)
        return std::nullopt;
      seq = std::stoll(value);
    }
  }
  if (kiosk != kiosk_id) return std::nullopt;
  return seq;
}

// Inside the import's transaction: keeps the highest chain head seen from the
// kiosk, and records a rollback when a bundle made later than the one that
// showed that head shows a shorter chain. A bundle made earlier (carried to
// the office late) is not a rollback.
Result<void> noteChainHead(SQLite::Database& db, ImportSummary& summary, const std::string& now,
                           const std::string& name) {
  if (summary.chain_head.empty()) return {};
  const auto seq = headSeq(summary.chain_head, summary.kiosk_id);
  if (!seq) return fail(ErrorCode::Invalid, name + " holds a malformed record-chain head — refused, nothing imported");
  SQLite::Statement known(db, "SELECT seq, bundle_created_at FROM received_chain_heads WHERE kiosk_id = ?");
  known.bind(1, summary.kiosk_id);
  if (known.executeStep()) {
    const long long best = known.getColumn(0).getInt64();
    const std::string bestMadeAt = known.getColumn(1).getString();
    if (*seq < best && summary.created_at > bestMadeAt) {
      summary.chain_went_back = ChainRollback{best, *seq};
      SQLite::Statement r(db, "INSERT INTO chain_rollbacks(kiosk_id, from_seq, to_seq, bundle_created_at, seen_at) "
                              "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
      SQLite::bind(r, summary.kiosk_id, static_cast<int64_t>(best), static_cast<int64_t>(*seq), summary.created_at, now);
      r.exec();
    }
    if (*seq <= best) return {};
  }
  SQLite::Statement up(db, "INSERT INTO received_chain_heads(kiosk_id, seq, head, bundle_created_at, received_at) "
                           "VALUES (?, ?, ?, ?, ?) ON CONFLICT(kiosk_id) DO UPDATE SET seq = excluded.seq, "
                           "head = excluded.head, bundle_created_at = excluded.bundle_created_at, "
                           "received_at = excluded.received_at");
  SQLite::bind(up, summary.kiosk_id, static_cast<int64_t>(*seq), summary.chain_head, summary.created_at, now);
  up.exec();
  return {};
}

// The container's key/value table, read from the signed bytes.
Result<std::map<std::string, std::string>> readContainer(const std::string& sqlite_bytes, const std::string& name) {
  std::map<std::string, std::string> meta;
  ScratchGuard scratch{scratchFile("in")};
  if (auto w = writeAtomically(scratch.path, sqlite_bytes); !w) return tl::unexpected(w.error());
  try {
    SQLite::Database c(scratch.path.string(), SQLite::OPEN_READONLY);
    SQLite::Statement q(c, "SELECT key, value FROM bundle");
    while (q.executeStep()) {
      const auto col = q.getColumn(1);
      meta[q.getColumn(0).getString()] = std::string(static_cast<const char*>(col.getBlob()), static_cast<size_t>(col.getBytes()));
    }
  } catch (const SQLite::Exception& e) {
    return fail(ErrorCode::Invalid, name + " is damaged: " + e.what());
  }
  return meta;
}

// Unseals the data key with the central office's private key, then the rows.
Result<json> unsealPlain(std::map<std::string, std::string>& meta, const fs::path& recipient_private_key,
                         const ImportSummary& summary, const std::string& name) {
  auto recipient = readKey(recipient_private_key, true, "central office private key");
  if (!recipient) return tl::unexpected(recipient.error());

  const std::string& ep = meta["ephemeral_public"];
  Pkey ephemeral(EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, nullptr, reinterpret_cast<const unsigned char*>(ep.data()), ep.size()));
  if (!ephemeral) return fail(ErrorCode::Invalid, name + " is damaged (no sealing key)");
  const Bytes ephemeralPub(ep.begin(), ep.end());
  auto wrap = wrapKey(recipient->get(), ephemeral.get(), ephemeralPub, rawPublic(recipient->get()));
  if (!wrap) return tl::unexpected(wrap.error());
  const std::string& sk = meta["sealed_key"];
  auto dataKey = FieldCipher::fromKey(*wrap).decrypt(Bytes(sk.begin(), sk.end()),
                                                    contextFor("key", summary.kiosk_id, summary.created_at));
  if (!dataKey)
    return fail(ErrorCode::Crypto, name + " was not sealed for this central office key (recipient " +
                                       meta["recipient_key_id"] + ") — refused, nothing imported");
  const std::string& sd = meta["sealed_data"];
  auto plainText = FieldCipher::fromKey(Bytes(dataKey->begin(), dataKey->end()))
                       .decrypt(Bytes(sd.begin(), sd.end()), contextFor("data", summary.kiosk_id, summary.created_at));
  if (!plainText) return fail(ErrorCode::Crypto, name + " cannot be decrypted (damaged) — refused, nothing imported");
  json plain = json::parse(*plainText, nullptr, false);
  if (!plain.is_object() || detail::stringField(plain, "format") != kBundleFormat || !plain.contains("rows") ||
      !plain["rows"].is_array() || detail::stringField(plain, "kiosk_id") != summary.kiosk_id)
    return fail(ErrorCode::Invalid, name + " has unreadable contents — refused, nothing imported");
  return plain;
}

// Inside the import's transaction: queues the rows new here, records the
// ones that differ from what is here, then the chain head.
Result<void> queueRows(SQLite::Database& db, const FieldCipher& cipher, const json& rows, ImportSummary& summary,
                       const std::string& importedAt, const std::string& name) {
  OutboxRepository outbox(db);
  summary.conflicts.clear();
  summary.rows = summary.added = 0;
  SQLite::Statement remember(db, "INSERT INTO imported_records(record_id, endpoint, kiosk_id, content_mac, imported_at) "
                                 "VALUES (?, ?, ?, ?, ?)");
  SQLite::Statement conflict(db, "INSERT INTO import_conflicts(record_id, endpoint, kiosk_id, signer_key_id, "
                                 "bundle_created_at, content_mac, seen_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
                                 "ON CONFLICT(record_id, content_mac) DO NOTHING");
  for (const auto& row : rows) {
    const std::string endpoint = detail::stringField(row, "endpoint");
    const std::string id = detail::stringField(row, "record_id");
    const std::string payload = detail::stringField(row, "payload");
    if ((endpoint != kLrs && endpoint != kCertification) || id.empty() || payload.empty())
      return fail(ErrorCode::Invalid, name + " holds a malformed row — refused, nothing imported");
    ++summary.rows;
    const std::string mac = cipher.blindIndex(endpoint + "\n" + payload);
    auto known = knownContent(db, cipher, id);
    if (!known) return tl::unexpected(known.error());
    if (*known) {
      if (**known != mac) {
        summary.conflicts.push_back({endpoint, id});
        conflict.reset();
        SQLite::bind(conflict, id, endpoint, summary.kiosk_id, summary.signer_key_id, summary.created_at, mac, importedAt);
        conflict.exec();
      }
      continue;
    }
    std::string stored = payload;
    if (endpoint == kCertification) {
      json body = json::parse(payload, nullptr, false);
      if (!body.is_object()) return fail(ErrorCode::Invalid, name + " holds a malformed certificate — refused, nothing imported");
      auto sealed = sealCertificateBody(std::move(body), cipher);
      if (!sealed) return tl::unexpected(sealed.error());
      stored = detail::dumpJson(*sealed);
    }
    auto added = outbox.enqueueFinal(endpoint, id, stored);
    if (!added) return tl::unexpected(added.error());
    summary.added += *added ? 1 : 0;
    remember.reset();
    SQLite::bind(remember, id, endpoint, summary.kiosk_id, mac, importedAt);
    remember.exec();
  }
  return noteChainHead(db, summary, importedAt, name);
}

void logImport(const ImportSummary& summary, const fs::path& file) {
  if (summary.chain_went_back)
    spdlog::error("USB import: the record chain of kiosk {} went back from record {} to {} (bundle {}, {}): its "
                  "records were wiped or an old copy was restored there", summary.kiosk_id,
                  summary.chain_went_back->from_seq, summary.chain_went_back->to_seq, file.filename().string(),
                  summary.created_at);
  for (const auto& c : summary.conflicts)
    spdlog::error("USB import conflict: {} record {} from kiosk {} (bundle {}, {}, signer key {}) differs from the "
                  "one already here; the first one was kept", c.endpoint, c.record_id, summary.kiosk_id,
                  file.filename().string(), summary.created_at, summary.signer_key_id);
}

}  // namespace

Result<ImportSummary> importBundle(SQLite::Database& db, const FieldCipher& cipher, const fs::path& file,
                                   const fs::path& recipient_private_key, const std::vector<fs::path>& kiosk_keys) {
  auto bytes = readAll(file);
  if (!bytes) return tl::unexpected(bytes.error());
  const std::string name = "bundle " + file.filename().string();
  auto trailer = content::parseTrailer(*bytes);
  if (!trailer) return fail(ErrorCode::Invalid, name + " is not a HọcSố bundle (" + trailer.error().message + ")");
  ImportSummary summary;
  // First: intact, as signed by the key it carries. Whose key that is comes next.
  auto verified = content::verifyPackBytes(*bytes, {{"(the key in the bundle)", trailer->signer}}, name);
  if (!verified) return fail(ErrorCode::Crypto, verified.error().message + " — refused, nothing imported");
  summary.signer_key_id = ed25519KeyId(trailer->signer);

  auto meta = readContainer(bytes->substr(0, trailer->sqlite_size), name);
  if (!meta) return tl::unexpected(meta.error());
  if ((*meta)["format"] != kBundleFormat)
    return fail(ErrorCode::Invalid, name + " has format '" + (*meta)["format"] + "', this HọcSố reads " + kBundleFormat);
  summary.kiosk_id = (*meta)["kiosk_id"];
  summary.site_id = (*meta)["site_id"];
  summary.created_at = (*meta)["created_at"];
  if (summary.kiosk_id.empty()) return fail(ErrorCode::Invalid, name + " names no kiosk — refused, nothing imported");

  auto enrolled = checkSigner(db, name, summary.kiosk_id, trailer->signer, kiosk_keys);
  if (!enrolled) return tl::unexpected(enrolled.error());
  summary.enrolled = *enrolled;

  auto plain = unsealPlain(*meta, recipient_private_key, summary, name);
  if (!plain) return tl::unexpected(plain.error());
  summary.chain_head = detail::stringField(*plain, "chain_head");  // absent in bundles from before 2026-12

  const std::string importedAt = nowIso8601();
  auto queued = writeTransaction(db, "kiosk.db", [&]() -> Result<void> {
    return queueRows(db, cipher, (*plain)["rows"], summary, importedAt, name);
  });
  if (!queued) return tl::unexpected(queued.error());
  logImport(summary, file);
  return summary;
}

}  // namespace hocso::sync
