// A site of several kiosks: key, invite, journal, import (site_service.hpp).
#include "site_service.hpp"

#include <openssl/rand.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "assessment/certificate.hpp"
#include "assessment/records.hpp"
#include "assessment/site_records.hpp"
#include "base/files.hpp"
#include "base/ids.hpp"
#include "key_binding.hpp"
#include "key_service.hpp"
#include "learner_service.hpp"
#include "service_support.hpp"

namespace hocso::app {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr const char* kInviteFormat = "hocso-site-invite/1";
constexpr uint64_t kInviteScryptN = 1 << 15;  // the key backup's work factor (deriveBackupKey's memory ceiling)

std::string rawOf(const std::vector<unsigned char>& v) { return std::string(v.begin(), v.end()); }

std::string keyText(const Ed25519PublicKey& k) {
  return assessment::base64url(std::string(reinterpret_cast<const char*>(k.data()), k.size()));
}

// The invite's sealed key is bound to everything else the invite says.
std::string inviteContext(const json& inv) {
  return std::string(kInviteFormat) + "\n" + inv.at("site_id").get<std::string>() + "\n" +
         inv.at("name").get<std::string>() + "\n" + inv.at("kiosk_id").get<std::string>() + "\n" +
         inv.at("public_key").get<std::string>();
}

Result<void> checkPin(const std::string& pin) {
  if (pin.size() < kMinInvitePinLength)
    return fail(ErrorCode::Invalid, "the invite PIN must have at least " + std::to_string(kMinInvitePinLength) +
                                        " characters (a longer passphrase is better)");
  return {};
}

Result<void> storeSiteKey(const fs::path& data_dir, const std::vector<unsigned char>& key) {
  // The same form and mode as data.key (FieldCipher::loadOrCreate reads it).
  return writeFileDurably(siteKeyFile(data_dir), rawOf(key), 0600, /*exclusive=*/true);
}

Result<std::vector<std::pair<long long, fs::path>>> segmentFiles(const fs::path& folder) {
  std::vector<std::pair<long long, fs::path>> out;
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) return out;
  for (const auto& e : fs::directory_iterator(folder, ec)) {
    if (auto seq = sync::segmentSeqOfName(e.path().filename().string())) out.emplace_back(*seq, e.path());
  }
  if (ec) return fail(ErrorCode::Io, "cannot list " + folder.string() + ": " + ec.message());
  std::sort(out.begin(), out.end());
  return out;
}


// This kiosk's records as they should be in its journal: every local record
// but the erasures that came from another kiosk (only the kiosk where a
// learner was erased announces it).
Result<std::vector<assessment::SiteRecord>> recordsToJournal(KioskContext& ctx, sync::SiteRepository& site) {
  auto records = assessment::SiteRecordRepository(*ctx.db, ctx.cipher).localRecords();
  if (!records) return tl::unexpected(records.error());
  std::vector<assessment::SiteRecord> out;
  for (auto& r : *records) {
    if (r.kind == assessment::kSiteErasure) {
      auto from = site.imported(r.kind, r.id);
      if (!from) return tl::unexpected(from.error());
      if (*from) continue;
    }
    out.push_back(std::move(r));
  }
  return out;
}

// Applies another kiosk's erasure: a learner held here and not yet erased
// is erased as if a facilitator had erased them here (their personal data,
// consent, queued statements voided, the certification endpoint asked to
// erase what this kiosk sent about them). True when someone was erased.
Result<bool> applyErasure(KioskContext& ctx, const assessment::SiteRecord& r) {
  if (!r.data.is_object() || !r.data.contains("learner_id") || r.data.at("learner_id") != r.id)
    return fail(ErrorCode::Damaged, "erasure record " + r.id + " names another learner");
  assessment::LearnerRepository learners(*ctx.db, ctx.cipher);
  auto here = assessment::SiteRecordRepository(*ctx.db, ctx.cipher).hasLearner(r.id);
  if (!here) return tl::unexpected(here.error());
  if (!*here) return false;  // never came here: nothing to erase, and it never will come
  auto learner = learners.find(r.id);
  if (!learner) return tl::unexpected(learner.error());
  if (learner->erased) return false;
  auto erased = eraseLearnerWithin(ctx, r.id);
  if (!erased) return tl::unexpected(erased.error());
  spdlog::info("site import: learner {} was erased on another kiosk of the site; erased here too", r.id);
  return true;
}

Result<sync::SiteMembership> recordMembership(KioskContext& ctx, const sync::SiteMembership& m,
                                              const std::string& first_kiosk, const Ed25519PublicKey& first_key) {
  return writeTransaction(*ctx.db, "recording the site membership failed", [&]() -> Result<sync::SiteMembership> {
    sync::SiteRepository site(*ctx.db);
    if (auto ok = site.setMembership(m); !ok) return tl::unexpected(ok.error());
    if (auto ok = site.addKiosk(ctx.kiosk_id, ctx.signer->publicKey()); !ok) return tl::unexpected(ok.error());
    if (first_kiosk != ctx.kiosk_id)
      if (auto ok = site.addKiosk(first_kiosk, first_key); !ok) return tl::unexpected(ok.error());
    return m;
  });
}

}  // namespace

fs::path siteKeyFile(const fs::path& data_dir) { return data_dir / "keys" / "site.key"; }
fs::path siteFolder(const fs::path& data_dir) { return data_dir / "site"; }

Result<std::optional<FieldCipher>> loadSiteKey(SQLite::Database& db, const fs::path& data_dir) {
  auto m = sync::SiteRepository(db).membership();
  if (!m) return tl::unexpected(m.error());
  if (!*m) return std::optional<FieldCipher>();
  std::error_code ec;
  if (!fs::exists(siteKeyFile(data_dir), ec))
    return fail(ErrorCode::Mismatch, "the site key " + siteKeyFile(data_dir).string() + " is missing although this kiosk is in site " +
                                         (*m)->site_id + "; restore it from the key backup or join the site again");
  auto key = FieldCipher::loadOrCreate(siteKeyFile(data_dir));
  if (!key) return tl::unexpected(key.error());
  if (dataKeyId(*key) != (*m)->key_id)
    return fail(ErrorCode::Mismatch, "the site key " + siteKeyFile(data_dir).string() + " is not the key of site " +
                                         (*m)->site_id + " this kiosk joined");
  return std::optional<FieldCipher>(*key);
}

Result<SiteMember> requireSiteMember(KioskContext& ctx) {
  auto m = sync::SiteRepository(*ctx.db).membership();
  if (!m) return tl::unexpected(m.error());
  if (!*m) return fail(ErrorCode::NotFound, "this kiosk is in no site yet: run hocso site init or hocso site join first");
  auto key = loadSiteKey(*ctx.db, ctx.data_dir);
  if (!key) return tl::unexpected(key.error());
  return SiteMember{**m, **key};
}

Result<sync::SiteMembership> initSite(KioskContext& ctx, const std::string& name, const fs::path& invite,
                                      const std::string& pin) {
  if (name.empty()) return fail(ErrorCode::Invalid, "give the site a name (--name, e.g. the commune's)");
  if (auto ok = checkPin(pin); !ok) return tl::unexpected(ok.error());
  auto existing = sync::SiteRepository(*ctx.db).membership();
  if (!existing) return tl::unexpected(existing.error());
  if (*existing) return fail(ErrorCode::Exists, "this kiosk is already in site " + (*existing)->site_id + " (" + (*existing)->name + ")");
  std::error_code ec;
  if (fs::exists(siteKeyFile(ctx.data_dir), ec))
    return fail(ErrorCode::Exists, siteKeyFile(ctx.data_dir).string() + " exists but kiosk.db records no site; move it away first");
  std::vector<unsigned char> key(32);
  if (RAND_bytes(key.data(), static_cast<int>(key.size())) != 1)
    return fail(ErrorCode::Crypto, "no random bytes available to create the site key");
  const FieldCipher site = FieldCipher::fromKey(key);
  const sync::SiteMembership m{uuid4(), name, dataKeyId(site), nowIso8601()};
  std::string salt(16, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(salt.data()), static_cast<int>(salt.size())) != 1)
    return fail(ErrorCode::Crypto, "no random bytes available for the invite");
  auto pinKey = deriveBackupKey(pin, salt, kInviteScryptN);
  if (!pinKey) return tl::unexpected(pinKey.error());
  json inv = {{"format", kInviteFormat},
              {"site_id", m.site_id},
              {"name", m.name},
              {"kiosk_id", ctx.kiosk_id},
              {"public_key", keyText(ctx.signer->publicKey())},
              {"kdf", {{"name", "scrypt"}, {"n", kInviteScryptN}, {"r", 8}, {"p", 1}, {"salt", assessment::base64url(salt)}}}};
  auto sealed = FieldCipher::fromKey(*pinKey).encrypt(rawOf(key), inviteContext(inv));
  if (!sealed) return tl::unexpected(sealed.error());
  inv["sealed_key"] = assessment::base64url(rawOf(*sealed));
  // The invite first: a kiosk that recorded a site but could not write its
  // invite would have a site no other kiosk can join.
  if (auto ok = writeFileDurably(invite, inv.dump(2) + "\n", 0600); !ok) return tl::unexpected(ok.error());
  if (auto ok = storeSiteKey(ctx.data_dir, key); !ok) return tl::unexpected(ok.error());
  return recordMembership(ctx, m, ctx.kiosk_id, ctx.signer->publicKey());
}

namespace {

struct OpenedInvite {
  std::string siteId, name, kioskId;
  Ed25519PublicKey firstKey{};
  std::vector<unsigned char> keyBytes;
};

// Reads INVITE and opens its sealed site key with the PIN.
Result<OpenedInvite> openInvite(const fs::path& invite, const std::string& pin) {
  auto text = readFileBounded(invite, kSmallFileLimit);
  if (!text) return tl::unexpected(text.error());
  json inv;
  std::string siteId, name, kioskId, salt, sealed;
  Ed25519PublicKey firstKey{};
  uint64_t n = 0;
  try {
    inv = json::parse(*text);
    if (inv.at("format").get<std::string>() != kInviteFormat) throw std::runtime_error("format");
    siteId = inv.at("site_id").get<std::string>();
    name = inv.at("name").get<std::string>();
    kioskId = inv.at("kiosk_id").get<std::string>();
    const auto& kdf = inv.at("kdf");
    if (kdf.at("name").get<std::string>() != "scrypt" || kdf.at("r").get<int>() != 8 || kdf.at("p").get<int>() != 1)
      throw std::runtime_error("kdf");
    n = kdf.at("n").get<uint64_t>();
    auto s = assessment::unbase64url(kdf.at("salt").get<std::string>());
    auto k = assessment::unbase64url(inv.at("public_key").get<std::string>());
    auto sk = assessment::unbase64url(inv.at("sealed_key").get<std::string>());
    if (!s || !k || !sk || k->size() != kEd25519PublicKeySize || siteId.empty() || kioskId.empty())
      throw std::runtime_error("fields");
    salt = *s;
    sealed = *sk;
    std::copy(k->begin(), k->end(), firstKey.begin());
  } catch (const std::exception&) {
    return fail(ErrorCode::Damaged, invite.string() + " is not a HọcSố site invite (damaged or another file)");
  }
  if (n < 1024 || n > kInviteScryptN || (n & (n - 1)) != 0)
    return fail(ErrorCode::Damaged, invite.string() + " is not a HọcSố site invite (damaged or another file)");
  auto pinKey = deriveBackupKey(pin, salt, n);
  if (!pinKey) return tl::unexpected(pinKey.error());
  auto key = FieldCipher::fromKey(*pinKey).decrypt(std::vector<unsigned char>(sealed.begin(), sealed.end()),
                                                   inviteContext(inv));
  if (!key || key->size() != 32)
    return fail(ErrorCode::Credentials, "the PIN does not open " + invite.string() + " (wrong PIN, or the invite was changed)");
  return OpenedInvite{siteId, name, kioskId, firstKey, std::vector<unsigned char>(key->begin(), key->end())};
}

}  // namespace

Result<void> checkInvite(const fs::path& invite, const std::string& pin) {
  auto opened = openInvite(invite, pin);
  if (!opened) return tl::unexpected(opened.error());
  return {};
}

Result<sync::SiteMembership> joinSite(KioskContext& ctx, const fs::path& invite, const std::string& pin) {
  auto opened = openInvite(invite, pin);
  if (!opened) return tl::unexpected(opened.error());
  const std::string& siteId = opened->siteId;
  const std::string& name = opened->name;
  const std::string& kioskId = opened->kioskId;
  const Ed25519PublicKey& firstKey = opened->firstKey;
  const std::vector<unsigned char>& keyBytes = opened->keyBytes;
  const sync::SiteMembership m{siteId, name, dataKeyId(FieldCipher::fromKey(keyBytes)), nowIso8601()};
  auto existing = sync::SiteRepository(*ctx.db).membership();
  if (!existing) return tl::unexpected(existing.error());
  if (*existing) {
    if ((*existing)->site_id == siteId && (*existing)->key_id == m.key_id) {
      // Joining again puts back a lost site key (the kiosk app refuses to
      // serve learners without it).
      std::error_code ec;
      if (!fs::exists(siteKeyFile(ctx.data_dir), ec))
        if (auto ok = storeSiteKey(ctx.data_dir, keyBytes); !ok) return tl::unexpected(ok.error());
      return **existing;
    }
    return fail(ErrorCode::Exists, "this kiosk is already in site " + (*existing)->site_id + " (" + (*existing)->name +
                                       "); a kiosk belongs to one site");
  }
  if (kioskId == ctx.kiosk_id && firstKey != ctx.signer->publicKey())
    return fail(ErrorCode::Mismatch, "the invite names this kiosk's id with another signing key (a cloned kiosk?)");
  std::error_code ec;
  if (fs::exists(siteKeyFile(ctx.data_dir), ec)) {
    auto old = FieldCipher::loadOrCreate(siteKeyFile(ctx.data_dir));
    if (!old || dataKeyId(*old) != m.key_id)
      return fail(ErrorCode::Exists, siteKeyFile(ctx.data_dir).string() + " holds another key; move it away first");
  } else if (auto ok = storeSiteKey(ctx.data_dir, keyBytes); !ok) {
    return tl::unexpected(ok.error());
  }
  return recordMembership(ctx, m, kioskId, firstKey);
}

Result<JournalSummary> writeJournal(KioskContext& ctx) {
  auto member = requireSiteMember(ctx);
  if (!member) return tl::unexpected(member.error());
  const fs::path own = siteFolder(ctx.data_dir) / ctx.kiosk_id;
  std::error_code ec;
  fs::create_directories(own, ec);
  if (ec) return fail(ErrorCode::Io, "cannot create " + own.string() + ": " + ec.message());
  sync::SiteRepository site(*ctx.db);
  JournalSummary summary;
  // Segments on disk that kiosk.db does not record: a write interrupted
  // between the file and its transaction. They may have travelled already,
  // so they are adopted, never written over.
  auto files = segmentFiles(own);
  if (!files) return tl::unexpected(files.error());
  for (const auto& [seq, path] : *files) {
    auto self = site.kiosk(ctx.kiosk_id);
    if (!self) return tl::unexpected(self.error());
    if (!*self) return fail(ErrorCode::Database, "this kiosk is missing from its own site table");
    if (seq <= (*self)->last_seq) continue;
    auto bytes = readFileBounded(path, kLargeFileLimit);
    if (!bytes) return tl::unexpected(bytes.error());
    auto seg = sync::openSegment(*bytes, member->membership.site_id, member->key);
    if (!seg) return fail(seg.error().code, path.string() + ": " + seg.error().message);
    if (seg->header.kiosk_id != ctx.kiosk_id || seg->header.signer != ctx.signer->publicKey() ||
        seg->header.seq != (*self)->last_seq + 1 || seg->header.prev != (*self)->last_hash)
      return fail(ErrorCode::Mismatch, path.string() + " is in this kiosk's journal but does not continue it; move it away");
    auto adopted = writeTransaction(*ctx.db, "adopting a journal segment failed", [&]() -> Result<void> {
      for (const auto& r : seg->records)
        if (auto ok = site.setJournaled(r.kind, r.id, sync::siteRecordHash(r), seq); !ok) return ok;
      return site.recordSegment(ctx.kiosk_id, seq, seg->hash, seg->header.created_at, seg->header.records);
    });
    if (!adopted) return tl::unexpected(adopted.error());
    ++summary.adopted;
  }
  auto records = recordsToJournal(ctx, site);
  if (!records) return tl::unexpected(records.error());
  std::vector<assessment::SiteRecord> fresh;
  std::vector<std::string> hashes;
  for (auto& r : *records) {
    const std::string h = sync::siteRecordHash(r);
    auto before = site.journaledHash(r.kind, r.id);
    if (!before) return tl::unexpected(before.error());
    if (*before == h) continue;
    hashes.push_back(h);
    fresh.push_back(std::move(r));
  }
  if (fresh.empty()) return summary;
  auto self = site.kiosk(ctx.kiosk_id);
  if (!self) return tl::unexpected(self.error());
  if (!*self) return fail(ErrorCode::Database, "this kiosk is missing from its own site table");
  sync::SegmentHeader h;
  h.site_id = member->membership.site_id;
  h.kiosk_id = ctx.kiosk_id;
  h.seq = (*self)->last_seq + 1;
  h.prev = (*self)->last_hash;
  h.signer = ctx.signer->publicKey();
  h.created_at = nowIso8601();
  auto bytes = sync::sealSegment(h, fresh, member->key, [&](const std::string& m) { return ctx.signer->sign(m); });
  if (!bytes) return tl::unexpected(bytes.error());
  const fs::path file = own / sync::segmentFileName(h.seq);
  // Never replaces a segment: two writers at once, the second one fails.
  if (auto ok = writeFileDurably(file, *bytes, 0640, /*exclusive=*/true); !ok) {
    if (ok.error().code == ErrorCode::Exists)
      return fail(ErrorCode::Exists, file.string() + " exists already (another export running?); try again");
    return tl::unexpected(ok.error());
  }
  const std::string hash = sha256Hex(*bytes);
  auto saved = writeTransaction(*ctx.db, "recording the journal segment failed", [&]() -> Result<void> {
    for (size_t i = 0; i < fresh.size(); ++i)
      if (auto ok = site.setJournaled(fresh[i].kind, fresh[i].id, hashes[i], h.seq); !ok) return ok;
    return site.recordSegment(ctx.kiosk_id, h.seq, hash, h.created_at, static_cast<long long>(fresh.size()));
  });
  if (!saved) return tl::unexpected(saved.error());  // the file stays: adopted on the next write
  summary.seq = h.seq;
  summary.records = fresh.size();
  spdlog::info("site journal: wrote segment {} with {} record(s)", h.seq, fresh.size());
  return summary;
}

Result<SiteExportSummary> exportSite(KioskContext& ctx, const fs::path& out) {
  SiteExportSummary summary;
  auto j = writeJournal(ctx);
  if (!j) return tl::unexpected(j.error());
  summary.journal = *j;
  std::error_code ec;
  for (const auto& k : fs::directory_iterator(siteFolder(ctx.data_dir), ec)) {
    if (!k.is_directory()) continue;
    auto files = segmentFiles(k.path());
    if (!files) return tl::unexpected(files.error());
    const fs::path dest = out / k.path().filename();
    for (const auto& [seq, path] : *files) {
      auto bytes = readFileBounded(path, kLargeFileLimit);
      if (!bytes) return tl::unexpected(bytes.error());
      const fs::path target = dest / path.filename();
      if (fs::exists(target, ec)) {
        auto there = readFileBounded(target, kLargeFileLimit);
        if (there && *there == *bytes) continue;
        return fail(ErrorCode::Mismatch, target.string() + " holds another segment than this kiosk's copy (another site's "
                                                           "folder, or a kiosk whose journal was rewritten); use an empty folder");
      }
      fs::create_directories(dest, ec);
      if (ec) return fail(ErrorCode::Io, "cannot create " + dest.string() + ": " + ec.message());
      if (auto ok = writeFileAtomically(target, *bytes, 0640); !ok) return tl::unexpected(ok.error());
      ++summary.copied;
    }
  }
  if (ec) return fail(ErrorCode::Io, "cannot list " + siteFolder(ctx.data_dir).string() + ": " + ec.message());
  return summary;
}

namespace {

// A folder's new segments, each kiosk's in order, and the kiosks seen for the first time.
struct IncomingSegments {
  struct Pending {
    sync::Segment segment;
    std::string bytes;
  };
  std::map<std::string, std::vector<Pending>> segments;  // kiosk id → new segments in order
  std::map<std::string, Ed25519PublicKey> new_kiosks;
};

// Checks every segment in DIR (importSite's step 1): one refusal and the
// whole import is refused.
Result<IncomingSegments> checkIncoming(KioskContext& ctx, const SiteMember& member, sync::SiteRepository& site,
                                       const fs::path& dir) {
  IncomingSegments in;
  std::error_code ec;
  for (const auto& k : fs::directory_iterator(dir, ec)) {
    if (!k.is_directory()) continue;
    const std::string kioskId = k.path().filename().string();
    auto files = segmentFiles(k.path());
    if (!files) return tl::unexpected(files.error());
    if (files->empty()) continue;
    auto known = site.kiosk(kioskId);
    if (!known) return tl::unexpected(known.error());
    long long last = *known ? (*known)->last_seq : 0;
    std::string lastHash = *known ? (*known)->last_hash : "";
    std::optional<Ed25519PublicKey> signer;
    if (*known) signer = (*known)->public_key;
    for (const auto& [seq, path] : *files) {
      const std::string where = "segment " + path.filename().string() + " of kiosk " + kioskId;
      auto bytes = readFileBounded(path, kLargeFileLimit);
      if (!bytes) return tl::unexpected(bytes.error());
      auto seg = sync::openSegment(*bytes, member.membership.site_id, member.key);
      if (!seg) return fail(seg.error().code, where + " is refused: " + seg.error().message);
      if (seg->header.kiosk_id != kioskId || seg->header.seq != seq)
        return fail(ErrorCode::Damaged, where + " is refused: it is segment " + std::to_string(seg->header.seq) +
                                            " of kiosk " + seg->header.kiosk_id + " (moved or renamed)");
      if (signer && seg->header.signer != *signer)
        return fail(ErrorCode::Untrusted, where + " is refused: signed by key " + ed25519KeyId(seg->header.signer) +
                                              ", not by that kiosk's key " + ed25519KeyId(*signer));
      if (kioskId == ctx.kiosk_id && seg->header.signer != ctx.signer->publicKey())
        return fail(ErrorCode::Untrusted, where + " is refused: it names this kiosk but another key signed it");
      if (seq <= last) {
        auto had = site.segmentHash(kioskId, seq);
        if (!had) return tl::unexpected(had.error());
        if (*had != seg->hash)
          return fail(ErrorCode::Mismatch, where + " is refused: it differs from the segment " + std::to_string(seq) +
                                               " imported before (replayed or rewritten)");
        continue;
      }
      if (kioskId == ctx.kiosk_id)
        return fail(ErrorCode::Mismatch, where + " is refused: it is newer than this kiosk's own journal "
                                                 "(another kiosk uses this kiosk's id: a cloned disk?)");
      if (seq != last + 1 || seg->header.prev != lastHash)
        return fail(ErrorCode::Mismatch, where + " is refused: it does not follow segment " + std::to_string(last) +
                                             (seq != last + 1 ? " (segment " + std::to_string(last + 1) + " is missing)"
                                                              : " (its chain differs: replayed or out of order)"));
      if (!signer) {
        signer = seg->header.signer;  // first sight, inside a body only the site key opens
        in.new_kiosks[kioskId] = *signer;
      }
      last = seq;
      lastHash = seg->hash;
      in.segments[kioskId].push_back({std::move(*seg), std::move(*bytes)});
    }
  }
  if (ec) return fail(ErrorCode::Io, "cannot list " + dir.string() + ": " + ec.message());
  return in;
}

// Applies one record of kiosk `kioskId`'s segment `seq` here (importSite's
// transaction): an erasure, an exam marker, or a row written with its origin;
// a conflict is kept apart and listed.
// An exam under way on another kiosk: only remembered (nothing of the exam
// is here until it is finished), and only for a learner who is here.
Result<void> applyExamMarker(sync::SiteRepository& site, assessment::SiteRecordRepository& records,
                             const std::string& kioskId, long long seq, const assessment::SiteRecord& r,
                             const std::string& h, SiteImportSummary& summary) {
  if (!r.data.is_object() || !r.data.contains("learner_id") || !r.data.at("learner_id").is_string() ||
      !r.data.contains("attempt_id") || !r.data.at("attempt_id").is_string() ||
      r.id != r.data.at("learner_id").get<std::string>() + "/" + r.data.at("attempt_id").get<std::string>())
    return fail(ErrorCode::Damaged, "segment " + std::to_string(seq) + " of kiosk " +
                                        kioskId + ": exam record " + r.id + " is damaged");
  auto here = records.hasLearner(r.data.at("learner_id").get<std::string>());
  if (!here) return tl::unexpected(here.error());
  if (!*here) {
    ++summary.unchanged;
    return {};
  }
  if (auto ok = site.setImported(r.kind, r.id, kioskId, h, seq); !ok) return ok;
  ++summary.inserted;
  return {};
}

Result<void> applyIncomingRecord(KioskContext& ctx, sync::SiteRepository& site,
                                 assessment::SiteRecordRepository& records, const std::string& kioskId, long long seq,
                                 const assessment::SiteRecord& r, SiteImportSummary& summary) {
  const std::string h = sync::siteRecordHash(r);
  auto before = site.imported(r.kind, r.id);
  if (!before) return tl::unexpected(before.error());
  if (*before && (*before)->origin == kioskId && (*before)->hash == h) {
    ++summary.unchanged;
    return {};
  }
  if (r.kind == assessment::kSiteErasure) {
    auto erased = applyErasure(ctx, r);
    if (!erased) return fail(erased.error().code, "segment " + std::to_string(seq) +
                                                      " of kiosk " + kioskId + ": " + erased.error().message);
    summary.erased += *erased ? 1 : 0;
    // The first kiosk to announce it is its origin; a second
    // announcement (erased on two kiosks) changes nothing.
    if (!*before)
      if (auto ok = site.setImported(r.kind, r.id, kioskId, h, seq); !ok) return ok;
    return {};
  }
  if (r.kind == assessment::kSiteExamOpen) return applyExamMarker(site, records, kioskId, seq, r, h, summary);
  // A learner erased on the site: their data never comes in
  // again, from any kiosk or any older segment.
  const std::string about = r.kind == assessment::kSiteLearner
                                ? r.id
                                : assessment::SiteRecordRepository::learnerOf(r);
  if (!about.empty()) {
    auto erasedOnSite = site.imported(assessment::kSiteErasure, about);
    if (!erasedOnSite) return tl::unexpected(erasedOnSite.error());
    if (*erasedOnSite) {
      ++summary.unchanged;
      return {};
    }
  }
  assessment::SiteRecordRepository::ApplyResult applied;
  if (*before && (*before)->origin != kioskId) {
    applied = {assessment::SiteRecordRepository::Applied::Conflict,
               "it came before from kiosk " + (*before)->origin};
  } else if (const std::string who = assessment::SiteRecordRepository::learnerOf(r); !who.empty()) {
    // About a learner who is not here: their own record was a
    // conflict (kept apart: so are their records), or it has not
    // arrived (refused: the folder lacks the kiosk they registered on).
    auto here = records.hasLearner(who);
    if (!here) return tl::unexpected(here.error());
    if (!*here) {
      auto conflicted = site.isConflict(assessment::kSiteLearner, who);
      if (!conflicted) return tl::unexpected(conflicted.error());
      if (!*conflicted)
        return fail(ErrorCode::NotFound, "segment " + std::to_string(seq) + " of kiosk " +
                                             kioskId + " holds records of learner " + who +
                                             ", who is not here: import the folder of the kiosk where they "
                                             "registered too (nothing was imported)");
      applied = {assessment::SiteRecordRepository::Applied::Conflict,
                 "their learner " + who + " was a conflict and is not here"};
    }
  }
  if (applied.what != assessment::SiteRecordRepository::Applied::Conflict) {
    auto a = records.apply(r, kioskId, /*replace=*/before->has_value());
    if (!a) return fail(a.error().code, "segment " + std::to_string(seq) + " of kiosk " +
                                            kioskId + ": " + a.error().message);
    applied = *a;
  }
  if (applied.what == assessment::SiteRecordRepository::Applied::Conflict) {
    summary.conflicts.push_back(r.kind + " " + r.id + " from kiosk " + kioskId + ": " + applied.reason);
    if (auto ok = site.recordConflict(kioskId, seq, r.kind, r.id, applied.reason); !ok)
      return ok;
    return {};
  }
  ++(applied.what == assessment::SiteRecordRepository::Applied::Inserted ? summary.inserted : summary.updated);
  if (auto ok = site.setImported(r.kind, r.id, kioskId, h, seq); !ok) return ok;
  return {};
}

// Keeps the imported segments, so this kiosk's site folder carries the whole site.
void keepIncomingCopies(KioskContext& ctx, const IncomingSegments& in) {
  std::error_code ec;
  for (const auto& [kioskId, segments] : in.segments) {
    const fs::path folder = siteFolder(ctx.data_dir) / kioskId;
    fs::create_directories(folder, ec);
    for (const auto& p : segments) {
      // Already there (the live folder Syncthing fills): left as it is, so a
      // receive-only folder shows no local change.
      const fs::path copy = folder / sync::segmentFileName(p.segment.header.seq);
      if (auto there = readFileBounded(copy, kLargeFileLimit); there && *there == p.bytes) continue;
      auto ok = writeFileDurably(copy, p.bytes, 0640);
      if (!ok) spdlog::warn("site import: keeping a copy failed: {}", ok.error().message);
    }
  }
}

}  // namespace

Result<SiteImportSummary> importSite(KioskContext& ctx, const fs::path& dir) {
  auto member = requireSiteMember(ctx);
  if (!member) return tl::unexpected(member.error());
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return fail(ErrorCode::NotFound, dir.string() + " is not a folder");
  sync::SiteRepository site(*ctx.db);
  // 1. Check everything; import nothing unless all of it is sound.
  auto in = checkIncoming(ctx, *member, site, dir);
  if (!in) return tl::unexpected(in.error());
  // 2. One transaction: learners and consents first (a kiosk's records may
  // be about a learner who registered on another), then the rest, then
  // erasures (a learner registered and erased since the last import arrives
  // and is erased at once).
  SiteImportSummary summary;
  auto done = writeTransaction(*ctx.db, "importing the site's records failed", [&]() -> Result<void> {
    for (const auto& [id, key] : in->new_kiosks)
      if (auto ok = site.addKiosk(id, key); !ok) return ok;
    assessment::SiteRecordRepository records(*ctx.db, ctx.cipher);
    for (int pass = 0; pass < 3; ++pass)
      for (const auto& [kioskId, segments] : in->segments)
        for (const auto& p : segments)
          for (const auto& r : p.segment.records) {
            const int recordPass = r.kind == assessment::kSiteLearner || r.kind == assessment::kSiteConsent ? 0
                                   : r.kind == assessment::kSiteErasure                                   ? 2
                                                                                                          : 1;
            if (recordPass != pass) continue;
            if (auto ok = applyIncomingRecord(ctx, site, records, kioskId, p.segment.header.seq, r, summary); !ok)
              return ok;
          }
    for (const auto& [kioskId, segments] : in->segments)
      for (const auto& p : segments) {
        if (auto ok = site.recordSegment(kioskId, p.segment.header.seq, p.segment.hash, p.segment.header.created_at,
                                         p.segment.header.records);
            !ok)
          return ok;
        ++summary.segments;
      }
    return {};
  });
  if (!done) return tl::unexpected(done.error());
  if (summary.erased > 0)
    if (auto wiped = truncateWal(*ctx.db, std::chrono::seconds(2)); !wiped)
      spdlog::warn("site import: erased {} learner(s), but old copies stay in kiosk.db-wal until the next "
                   "checkpoint: {}", summary.erased, wiped.error().message);
  // 3. Keep the copies.
  keepIncomingCopies(ctx, *in);
  return summary;
}

Result<std::optional<std::string>> examOnAnotherKiosk(KioskContext& ctx, const std::string& learner_id) {
  auto open = sync::SiteRepository(*ctx.db).importedWithPrefix(assessment::kSiteExamOpen, learner_id + "/");
  if (!open) return tl::unexpected(open.error());
  assessment::AttemptRepository attempts(*ctx.db);
  for (auto it = open->rbegin(); it != open->rend(); ++it) {
    const std::string attempt = it->first.substr(learner_id.size() + 1);
    auto a = attempts.find(attempt);
    // Here already: its finished record came; it is closed.
    if (a) continue;
    if (a.error().code != ErrorCode::NotFound) return tl::unexpected(a.error());
    return std::optional<std::string>(it->second);
  }
  return std::optional<std::string>();
}

Result<std::optional<SiteStatus>> siteStatus(KioskContext& ctx) {
  sync::SiteRepository site(*ctx.db);
  auto m = site.membership();
  if (!m) return tl::unexpected(m.error());
  if (!*m) return std::optional<SiteStatus>();
  SiteStatus st;
  st.site_id = (*m)->site_id;
  st.name = (*m)->name;
  auto kiosks = site.kiosks();
  if (!kiosks) return tl::unexpected(kiosks.error());
  for (const auto& k : *kiosks) {
    SiteKioskStatus ks{k.kiosk_id, k.kiosk_id == ctx.kiosk_id, k.last_seen, k.last_seq, 0};
    if (ks.this_kiosk) {
      // Records not yet in the journal: one segment to write.
      auto records = recordsToJournal(ctx, site);
      if (!records) return tl::unexpected(records.error());
      for (const auto& r : *records) {
        auto before = site.journaledHash(r.kind, r.id);
        if (!before) return tl::unexpected(before.error());
        if (*before != sync::siteRecordHash(r)) {
          ks.segments_behind = 1;
          break;
        }
      }
    } else {
      // Segments in this kiosk's site folder (a stick copy or Syncthing put
      // them there) not imported yet.
      auto files = segmentFiles(siteFolder(ctx.data_dir) / k.kiosk_id);
      if (!files) return tl::unexpected(files.error());
      for (const auto& f : *files) ks.segments_behind += f.first > k.last_seq;
    }
    st.kiosks.push_back(ks);
  }
  auto peers = assessment::SiteRecordRepository(*ctx.db, ctx.cipher).learnersFromPeers();
  if (!peers) return tl::unexpected(peers.error());
  st.learners_from_peers = *peers;
  auto conflicts = site.conflictCount();
  if (!conflicts) return tl::unexpected(conflicts.error());
  st.conflicts = *conflicts;
  return std::optional<SiteStatus>(st);
}

}  // namespace hocso::app
