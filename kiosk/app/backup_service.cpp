// Backup archive: "HOCSO-BACKUP v1\n", one JSON header line (kdf, salt; it is
// authenticated), then AES-256-GCM of the entries (name "\n" size "\n" bytes).
#include "backup_service.hpp"

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ctime>
#include <map>
#include <nlohmann/json.hpp>

#include "assessment/certificate.hpp"
#include "base/crypto.hpp"
#include "base/files.hpp"
#include "base/ids.hpp"
#include "content/pack_store.hpp"
#include "key_service.hpp"
#include "kiosk_context.hpp"
#include "kiosk_tables.hpp"
#include "machine_identity.hpp"
#include "provision_service.hpp"
#include "records_service.hpp"
#include "usb_media.hpp"

namespace hocso::app {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr const char* kMagic = "HOCSO-BACKUP v1\n";
constexpr uint64_t kScryptN = 1 << 15;
constexpr const char* kDataPrefix = "data/";
constexpr const char* kConfigPrefix = "config:";

using Entries = std::map<std::string, std::string>;

std::string pack(const Entries& entries) {
  std::string out;
  for (const auto& [name, bytes] : entries) out += name + "\n" + std::to_string(bytes.size()) + "\n" + bytes;
  return out;
}

Result<Entries> unpack(const std::string& blob) {
  Entries entries;
  size_t at = 0;
  while (at < blob.size()) {
    const size_t nameEnd = blob.find('\n', at);
    if (nameEnd == std::string::npos) return fail(ErrorCode::Invalid, "the backup's contents are malformed");
    const size_t sizeEnd = blob.find('\n', nameEnd + 1);
    if (sizeEnd == std::string::npos) return fail(ErrorCode::Invalid, "the backup's contents are malformed");
    const std::string name = blob.substr(at, nameEnd - at);
    size_t size = 0;
    try {
      size = std::stoull(blob.substr(nameEnd + 1, sizeEnd - nameEnd - 1));
    } catch (const std::exception&) {
      return fail(ErrorCode::Invalid, "the backup's contents are malformed");
    }
    if (size > blob.size() - sizeEnd - 1) return fail(ErrorCode::Invalid, "the backup's contents are cut short");
    entries[name] = blob.substr(sizeEnd + 1, size);
    at = sizeEnd + 1 + size;
  }
  return entries;
}

// A name inside the data dir that stays inside it.
bool safeDataName(const std::string& rel) {
  if (rel.empty() || rel.front() == '/') return false;
  for (const auto& part : fs::path(rel))
    if (part == ".." || part == ".") return false;
  return rel == "kiosk.db" || rel.rfind("keys/", 0) == 0;
}

// The files hocso.toml names that a rebuilt kiosk needs.
std::vector<fs::path> configFiles(const Config& c) {
  std::vector<fs::path> files;
  if (!c.source.empty()) files.push_back(c.source);
  for (const auto& f : {c.lrs.password_file, c.lrs.token_file, c.certification.token_file, c.bundle_public_key, c.ca_bundle})
    if (!f.empty()) files.push_back(f);
  for (const auto& k : content::trustedKeyFiles(c)) files.push_back(k);
  return files;
}

// A consistent copy of kiosk.db: the whole database in one backup step, that
// is one read transaction (WAL: writers go on meanwhile).
Result<std::string> snapshotDatabase(const fs::path& data_dir, const fs::path& scratch, long long* results) {
  auto source = openKioskDatabaseReadOnly(data_dir);
  if (!source) return tl::unexpected(source.error());
  try {
    {
      SQLite::Database copy(scratch.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
      SQLite::Backup backup(copy, **source);
      if (backup.executeStep(-1) != SQLITE_DONE) return fail(ErrorCode::Database, "copying kiosk.db did not finish");
      copy.exec("PRAGMA journal_mode = DELETE");  // one self-contained file
      *results = copy.execAndGet("SELECT COUNT(*) FROM results").getInt64();
    }
    return readFileBounded(scratch, kLargeFileLimit);
  } catch (const SQLite::Exception& e) {
    return fail(ErrorCode::Database, std::string("copying kiosk.db failed: ") + e.what());
  }
}

struct Scratch {
  fs::path dir;
  ~Scratch() {
    std::error_code ec;
    if (!dir.empty()) fs::remove_all(dir, ec);
  }
};

Result<fs::path> makeScratch(const fs::path& parent, const std::string& tag) {
  const fs::path dir = parent / (".hocso-" + tag + "-" + uuid4());
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return fail(ErrorCode::Io, "cannot create " + dir.string() + ": " + ec.message());
  ::chmod(dir.c_str(), 0700);
  return dir;
}

}  // namespace

Result<void> checkBackupPassphrase(const std::string& passphrase) {
  if (passphrase.size() < 8) return fail(ErrorCode::Invalid, "the backup passphrase must be at least 8 characters");
  return {};
}

Result<BackupSummary> backupKiosk(const Config& config, const fs::path& data_dir, const fs::path& out,
                                  const std::string& passphrase) {
  if (auto ok = checkBackupPassphrase(passphrase); !ok) return tl::unexpected(ok.error());
  BackupSummary summary;
  Entries entries;
  Scratch scratch;
  auto dir = makeScratch(fs::temp_directory_path(), "backup");
  if (!dir) return tl::unexpected(dir.error());
  scratch.dir = *dir;
  // The keys first, then kiosk.db: keys/anchor.json only moves forward after
  // a result is committed, so an anchor read before the snapshot is never
  // ahead of it. (The other way round, a writer sealing results between the
  // two reads gave an anchor past the copied chain, and the restore was
  // refused as a rollback.)
  std::error_code ec;
  for (const auto& f : fs::directory_iterator(data_dir / "keys", ec)) {
    if (!f.is_regular_file(ec) || f.path().extension() == ".tmp") continue;
    auto bytes = readFileBounded(f.path(), kSmallFileLimit);
    if (!bytes) return tl::unexpected(bytes.error());
    entries[std::string(kDataPrefix) + "keys/" + f.path().filename().string()] = *bytes;
  }
  if (ec) return fail(ErrorCode::Io, "cannot read " + (data_dir / "keys").string() + ": " + ec.message());
  auto db = snapshotDatabase(data_dir, scratch.dir / "kiosk.db", &summary.results);
  if (!db) return tl::unexpected(db.error());
  entries[std::string(kDataPrefix) + "kiosk.db"] = std::move(*db);
  for (const auto& f : configFiles(config)) {
    if (!fs::exists(f, ec)) continue;
    auto bytes = readFileBounded(f, kSmallFileLimit);
    if (!bytes) return tl::unexpected(bytes.error());
    entries[kConfigPrefix + fs::absolute(f).lexically_normal().string()] = *bytes;
  }
  for (const auto& [name, _] : entries) summary.files.push_back(name);

  auto salted = randomBytes(16);
  if (!salted) return tl::unexpected(salted.error());
  const std::string& salt = *salted;
  auto key = deriveBackupKey(passphrase, salt, kScryptN);
  if (!key) return tl::unexpected(key.error());
  const json header = {{"format", "hocso-backup-v1"},
                       {"created_at", nowIso8601()},
                       {"kdf", {{"name", "scrypt"}, {"n", kScryptN}, {"r", 8}, {"p", 1}, {"salt", assessment::base64url(salt)}}},
                       {"cipher", "aes-256-gcm"}};
  const std::string head = std::string(kMagic) + header.dump() + "\n";
  const auto sealed = FieldCipher::fromKey(*key).encrypt(pack(entries), head);
  if (!sealed) return tl::unexpected(sealed.error());
  std::string archive = head;
  archive.append(reinterpret_cast<const char*>(sealed->data()), sealed->size());
  if (auto ok = writeFileAtomically(out, archive, 0600); !ok) return tl::unexpected(ok.error());
  summary.bytes = static_cast<long long>(archive.size());
  return summary;
}

Result<std::string> makeBackupCode() {
  static constexpr char kLetters[] = "23456789ABCDEFGHJKMNPQRSTVWXYZ";  // 30 signs, none easy to misread
  constexpr size_t kSigns = sizeof kLetters - 1;
  std::string code;
  while (code.size() < 19) {
    auto bytes = randomBytes(32);
    if (!bytes) return tl::unexpected(bytes.error());
    for (unsigned char b : *bytes) {
      if (b >= 240) continue;  // 240 = 8 * 30: every sign equally likely
      if (code.size() == 4 || code.size() == 9 || code.size() == 14) code += '-';
      code += kLetters[b % kSigns];
      if (code.size() == 19) break;
    }
  }
  return code;
}

Result<UsbBackupOutcome> UsbBackupJob::run(const fs::path& drive, const std::string& code) {
  const fs::path out =
      drive / ("hocso-sao-luu-" + siteFileName(ctx_->config.site_id) + "-" + localFileStamp(now_ms_()) + ".hocso-backup");
  auto summary = backupKiosk(ctx_->config, ctx_->data_dir, out, code);
  if (!summary) return tl::unexpected(summary.error());
  return UsbBackupOutcome{out, *summary};
}

int processHolding(const fs::path& file) {
  std::error_code ec;
  const fs::path target = fs::weakly_canonical(file, ec);
  const int self = ::getpid();
  for (const auto& proc : fs::directory_iterator("/proc", ec)) {
    const std::string pid = proc.path().filename().string();
    if (pid.empty() || pid.find_first_not_of("0123456789") != std::string::npos || std::stoi(pid) == self) continue;
    std::error_code fdErr;
    for (const auto& fd : fs::directory_iterator(proc.path() / "fd", fdErr)) {
      std::error_code linkErr;
      if (fs::read_symlink(fd.path(), linkErr) == target) return std::stoi(pid);
    }
  }
  return 0;
}

namespace {

// 1. The archive: ours, untouched, and the passphrase right.
Result<Entries> openArchive(const fs::path& archive, const std::string& passphrase) {
  auto text = readFileBounded(archive, kLargeFileLimit);
  if (!text) return tl::unexpected(text.error());
  const std::string magic = kMagic;
  const size_t headEnd = text->find('\n', magic.size());
  if (text->rfind(magic, 0) != 0 || headEnd == std::string::npos)
    return fail(ErrorCode::Invalid, archive.string() + " is not a HọcSố backup (hocso backup -o FILE makes one)");
  const std::string head = text->substr(0, headEnd + 1);
  const json header = json::parse(head.substr(magic.size()), nullptr, false);
  if (!header.is_object() || header.value("format", "") != "hocso-backup-v1" || !header.contains("kdf") ||
      !header["kdf"].is_object())
    return fail(ErrorCode::Invalid, archive.string() + " is damaged: its header cannot be read");
  auto salt = assessment::unbase64url(header["kdf"].value("salt", ""));
  const uint64_t n = header["kdf"].value("n", uint64_t{0});
  if (!salt || n < 1024 || n > (uint64_t{1} << 20) || (n & (n - 1)) != 0)
    return fail(ErrorCode::Invalid, archive.string() + " is damaged: its header cannot be read");
  auto key = deriveBackupKey(passphrase, *salt, n);
  if (!key) return tl::unexpected(key.error());
  const std::vector<unsigned char> sealed(text->begin() + static_cast<long>(head.size()), text->end());
  auto plain = FieldCipher::fromKey(*key).decrypt(sealed, head);
  if (!plain)
    return fail(ErrorCode::Crypto, "cannot open " + archive.string() +
                                       ": wrong passphrase, or the archive was changed or damaged; nothing was restored");
  auto entries = unpack(*plain);
  if (!entries) return tl::unexpected(entries.error());
  if (!entries->count(std::string(kDataPrefix) + "kiosk.db"))
    return fail(ErrorCode::Invalid, archive.string() + " holds no kiosk.db");
  return entries;
}

// 2. Nobody may be using the data it replaces.
Result<void> checkDataNotInUse(const fs::path& data_dir) {
  std::error_code ec;
  fs::create_directories(data_dir, ec);
  if (ec) return fail(ErrorCode::Io, "cannot create " + data_dir.string() + ": " + ec.message());
  for (const char* name : {"kiosk.db", "kiosk.db-wal"})
    if (int pid = processHolding(data_dir / name))
      return fail(ErrorCode::Invalid, (data_dir / name).string() + " is in use by process " + std::to_string(pid) +
                                          ": stop the kiosk and the sync service first (systemctl stop hocso-kiosk "
                                          "hocso-sync), then restore");
  return {};
}

// 3a. The archive's data files written into the stage.
Result<void> stageDataFiles(const Entries& entries, const fs::path& archive, const fs::path& stage) {
  std::error_code ec;
  for (const auto& [name, bytes] : entries) {
    if (name.rfind(kDataPrefix, 0) != 0) continue;
    const std::string rel = name.substr(std::string(kDataPrefix).size());
    if (!safeDataName(rel)) return fail(ErrorCode::Invalid, archive.string() + " names a file outside the data dir: " + rel);
    fs::create_directories((stage / rel).parent_path(), ec);
    if (auto ok = writeFileAtomically(stage / rel, bytes, rel == "kiosk.db" ? 0640 : 0600); !ok)
      return tl::unexpected(ok.error());
  }
  ::chmod((stage / "keys").c_str(), 0700);
  return {};
}

// 3b. The staged data checked: the database sound, the record chain intact,
// the keys working; then bound to this PC (a replacement for a broken one).
Result<void> checkStagedData(const fs::path& stage, RestoreSummary& summary) {
  {
    auto db = openKioskDatabaseReadOnly(stage);
    if (!db) return fail(db.error().code, "the backup's kiosk.db cannot be used: " + db.error().message);
    try {
      const std::string check = (*db)->execAndGet("PRAGMA quick_check").getString();
      if (check != "ok") return fail(ErrorCode::Database, "the backup's kiosk.db is damaged (" + check + "); nothing was restored");
      auto kiosk = KioskMetaRepository(**db).get("kiosk_id");
      if (!kiosk) return fail(ErrorCode::Database, "the backup's kiosk.db cannot be read: " + kiosk.error().message);
      if (*kiosk) summary.kiosk_id = **kiosk;
      summary.results = (*db)->execAndGet("SELECT COUNT(*) FROM results").getInt64();
    } catch (const SQLite::Exception& e) {
      return fail(ErrorCode::Database, std::string("the backup's kiosk.db cannot be read: ") + e.what());
    }
  }
  auto chain = verifyRecords(stage);
  if (!chain) return fail(chain.error().code, "checking the backup's records failed: " + chain.error().message);
  if (!chain->intact) return fail(ErrorCode::Invalid, "the backup's records are broken: " + chain->problem + "; nothing was restored");
  for (const auto& c : selftestKeys(stage))
    if (!c.ok) return fail(ErrorCode::Invalid, "the backup's keys do not work: " + c.name + ": " + c.detail + "; nothing was restored");
  if (auto machine = readMachineId()) {
    auto db = openDatabase((stage / "kiosk.db").string());
    if (!db) return tl::unexpected(db.error());
    if (auto ok = recordMachineId(**db, *machine); !ok) return tl::unexpected(ok.error());
  }
  return {};
}

// 4. The current data aside, the restored data in.
Result<void> swapInStagedData(const fs::path& stage, const fs::path& data_dir, RestoreSummary& summary) {
  const std::string stamp = nowIso8601();
  std::string safeStamp;
  for (char c : stamp) safeStamp += (c == ':' ? '-' : c);
  const fs::path aside = data_dir / ("replaced-" + safeStamp);
  std::error_code ec;
  for (const char* name : {"kiosk.db", "kiosk.db-wal", "kiosk.db-shm", "keys"}) {
    if (!fs::exists(data_dir / name, ec)) continue;
    fs::create_directories(aside, ec);
    fs::rename(data_dir / name, aside / name, ec);
    if (ec) return fail(ErrorCode::Io, "cannot move " + (data_dir / name).string() + " aside: " + ec.message());
    summary.replaced = aside;
  }
  for (const char* name : {"kiosk.db", "keys"}) {
    if (!fs::exists(stage / name, ec)) continue;
    fs::rename(stage / name, data_dir / name, ec);
    if (ec) return fail(ErrorCode::Io, "cannot move the restored " + std::string(name) + " into " + data_dir.string() +
                                           ": " + ec.message() + " (the previous data is in " + aside.string() + ")");
  }
  return {};
}

// 5. Config files: put back where missing (or everywhere with overwrite).
Result<void> restoreConfigFiles(const Entries& entries, bool overwrite_config, RestoreSummary& summary) {
  std::error_code ec;
  for (const auto& [name, bytes] : entries) {
    if (name.rfind(kConfigPrefix, 0) != 0) continue;
    const fs::path target = name.substr(std::string(kConfigPrefix).size());
    if (!target.is_absolute()) continue;
    if (fs::exists(target, ec) && !overwrite_config) {
      summary.config_kept.push_back(target);
      continue;
    }
    const bool secret = target.parent_path().filename() == "secrets";
    fs::create_directories(target.parent_path(), ec);
    if (auto ok = writeFileAtomically(target, bytes, secret ? 0600 : 0640); !ok) return tl::unexpected(ok.error());
    summary.config_written.push_back(target);
  }
  return {};
}

}  // namespace

Result<RestoreSummary> restoreKiosk(const fs::path& archive, const std::string& passphrase, const fs::path& data_dir,
                                    bool overwrite_config) {
  auto entries = openArchive(archive, passphrase);
  if (!entries) return tl::unexpected(entries.error());
  if (auto ok = checkDataNotInUse(data_dir); !ok) return tl::unexpected(ok.error());
  // Staged inside the data dir (same file system: the moves are renames) and checked there.
  Scratch stage;
  auto staged = makeScratch(data_dir, "restore");
  if (!staged) return tl::unexpected(staged.error());
  stage.dir = *staged;
  if (auto ok = stageDataFiles(*entries, archive, stage.dir); !ok) return tl::unexpected(ok.error());
  RestoreSummary summary;
  if (auto ok = checkStagedData(stage.dir, summary); !ok) return tl::unexpected(ok.error());
  if (auto ok = swapInStagedData(stage.dir, data_dir, summary); !ok) return tl::unexpected(ok.error());
  if (auto ok = restoreConfigFiles(*entries, overwrite_config, summary); !ok) return tl::unexpected(ok.error());
  adoptDataDirOwner(data_dir);
  return summary;
}

}  // namespace hocso::app
