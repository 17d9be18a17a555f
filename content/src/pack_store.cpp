// Installing packs into DATA_DIR/packs so that the kiosk is never left
// without a good pack: every step either completes or leaves `current` as it was.
#include "content/pack_store.hpp"

#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstring>
#include <optional>
#include <utility>

#include "base/file_lock.hpp"
#include "base/files.hpp"
#include "base/paths.hpp"

namespace hocso::content {
namespace fs = std::filesystem;

namespace {

// Verifies and reads a candidate pack; returns its id and version.
Result<OpenedPack> checkCandidate(std::string_view bytes, const std::vector<TrustedKey>& trusted, const std::string& name) {
  auto v = verifyPackBytes(bytes, trusted, name);
  if (!v) return tl::unexpected(v.error());
  auto store = openStoreBytes(bytes.substr(0, v->trailer.sqlite_size), false);
  if (!store) return fail(store.error().code, name + ": " + store.error().message);
  auto pack = readPackStore(std::move(*store));
  if (!pack) return fail(pack.error().code, name + ": " + pack.error().message);
  return OpenedPack{std::move(*pack), *v};
}

// Installs and rollbacks take turns: an exclusive FileLock on packs/.lock,
// held for the whole step. The kiosk may install from two threads (a USB
// install from facilitator mode, the sync worker's channel update) while
// `hocso content install` runs in a shell; flock locks per open file, so
// threads of one process exclude each other too. With `wait` false:
// nullopt at once when someone else holds the lock.
Result<std::optional<FileLock>> lockStore(const fs::path& dir, bool wait = true) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return fail(ErrorCode::Io, "cannot create " + dir.string() + ": " + ec.message());
  const fs::path file = dir / ".lock";
  if (!wait) return FileLock::tryTake(file, FileLock::Mode::Exclusive);
  auto lock = FileLock::take(file, FileLock::Mode::Exclusive);
  if (!lock) return tl::unexpected(lock.error());
  return std::optional<FileLock>(std::move(*lock));
}

// Temporary files of an install or rollback: StagedFile's
// ("current.hocsopack.tmp-PID-N") and, from older versions,
// ".incoming-PID.tmp" and the like. Whoever writes one holds the store's
// lock, so with the lock taken every one is left over from an interrupted
// run (power cut, SIGKILL). Only
// a file of another live process, changed in the last minutes, is spared:
// a writer that did not take the lock (an older hocso) may still own it.
constexpr auto kTemporaryGrace = std::chrono::minutes(10);

int removeLeftovers(const fs::path& dir) {
  int removed = 0;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    long pid = 0;
    bool ours = false;
    for (const char* prefix : {".incoming-", ".previous-", ".rollback-"}) {
      const size_t len = std::strlen(prefix);
      if (name.size() <= len + 4 || name.compare(0, len, prefix) != 0 || name.compare(name.size() - 4, 4, ".tmp") != 0)
        continue;
      const std::string digits = name.substr(len, name.size() - len - 4);
      if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos || digits.size() > 9) continue;
      pid = std::stol(digits);
      ours = true;
    }
    if (!ours && (pid = stagedFileOwner(name)) > 0) ours = true;
    if (!ours || !entry.is_regular_file(ec)) continue;
    const bool liveOther = pid != ::getpid() && pid > 0 && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM);
    const auto changed = fs::last_write_time(entry.path(), ec);
    const bool recent = !ec && fs::file_time_type::clock::now() - changed < kTemporaryGrace;
    if (liveOther && recent) continue;
    if (fs::remove(entry.path(), ec)) ++removed;
  }
  return removed;
}

// id and version of an installed pack file, read without trusting it (messages only).
std::pair<std::string, std::string> idAndVersion(const fs::path& file) {
  auto bytes = readWholeFile(file);
  if (!bytes) return {};
  auto s = inspectPackBytes(*bytes);
  if (!s) return {};
  return {s->id, s->version};
}

}  // namespace

std::vector<fs::path> trustedKeyFiles(const ContentConfig& config) {
  std::vector<fs::path> out;
  for (const auto& k : config.trusted_keys) {
    fs::path p(k);
    if (p.is_relative()) p = config.key_folder / p;
    out.push_back(p);
  }
  std::error_code ec;
  const fs::path dev = HOCSO_DEV_PUBLIC_KEY;
  if (!installedRun() && fs::exists(dev, ec) && std::find(out.begin(), out.end(), dev) == out.end()) out.push_back(dev);
  return out;
}

ShippedPack shippedPack() {
  if (installedRun()) return {shareDir() / "packs" / "default.hocsopack", shareDir() / "keys" / "default-pack.pub"};
  return {HOCSO_BUILD_PACK_FILE, HOCSO_DEV_PUBLIC_KEY};
}

fs::path developerSigningKey() { return installedRun() ? fs::path() : fs::path(HOCSO_DEV_PRIVATE_KEY); }

int compareVersions(const std::string& a, const std::string& b) {
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    auto part = [](const std::string& s, size_t& at) {
      long v = 0;
      while (at < s.size() && std::isdigit(static_cast<unsigned char>(s[at]))) v = v * 10 + (s[at++] - '0');
      while (at < s.size() && s[at] != '.') ++at;  // ignore suffixes like "-rc1"
      if (at < s.size()) ++at;
      return v;
    };
    const long x = part(a, i), y = part(b, j);
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

PackStore::PackStore(const fs::path& dataDir) : dir_(dataDir / "packs") {}

int PackStore::removeStaleTemporaries() {
  std::error_code ec;
  if (!fs::is_directory(dir_, ec)) return 0;
  auto lock = lockStore(dir_, false);
  return lock && *lock ? removeLeftovers(dir_) : 0;
}

Result<void> PackStore::step(const std::string& name) const {
  if (fault_injection && !fault_injection(name)) return fail(ErrorCode::Io, "step '" + name + "' failed (injected)");
  return {};
}

Result<InstallReport> PackStore::install(const fs::path& packFile, const std::vector<TrustedKey>& trusted,
                                         bool allowDowngrade) {
  auto bytes = readWholeFile(packFile);
  if (!bytes) return tl::unexpected(bytes.error());
  auto candidate = checkCandidate(*bytes, trusted, packFile.string());
  if (!candidate) return tl::unexpected(candidate.error());
  InstallReport report{candidate->pack.info.id, candidate->pack.info.version,
                       keyId(candidate->verification.trailer.signer), ""};
  auto lock = lockStore(dir_);
  if (!lock) return tl::unexpected(lock.error());
  removeLeftovers(dir_);
  std::error_code ec;
  if (fs::exists(current(), ec)) {
    const auto [id, version] = idAndVersion(current());
    if (!id.empty()) report.replaced = id + " " + version;
    if (id == report.id && compareVersions(report.version, version) < 0 && !allowDowngrade)
      return fail(ErrorCode::TooOld, packFile.string() + ": version " + report.version + " is older than the installed " +
                                          version + " (use `hocso content rollback`, or --allow-downgrade)");
  }
  fs::create_directories(dir_, ec);
  if (ec) return fail(ErrorCode::Io, "cannot create " + dir_.string() + ": " + ec.message());

  // The new pack is written and flushed first; only then does the old one
  // become `previous` and the new one `current`.
  auto run = [&]() -> Result<void> {
    if (auto r = step("write"); !r) return r;
    if (auto r = step("fsync"); !r) return r;
    auto incoming = StagedFile::write(current(), *bytes, 0644);
    if (!incoming) return tl::unexpected(incoming.error());
    if (fs::exists(current(), ec)) {
      if (auto r = step("keep-previous"); !r) return r;
      auto old = readWholeFile(current());
      if (!old) return tl::unexpected(old.error());
      if (auto r = writeFileDurably(previous(), *old, 0644); !r) return r;
    }
    if (auto r = step("rename"); !r) return r;
    return incoming->commit();
  };
  auto done = run();
  if (!done) return fail(done.error().code, "install failed, the kiosk keeps its current pack: " + done.error().message);
  return report;
}

Result<InstallReport> PackStore::rollback(const std::vector<TrustedKey>& trusted) {
  auto lock = lockStore(dir_);
  if (!lock) return tl::unexpected(lock.error());
  removeLeftovers(dir_);
  std::error_code ec;
  if (!fs::exists(previous(), ec))
    return fail(ErrorCode::NotFound, "no previous pack in " + dir_.string() + " to roll back to");
  auto bytes = readWholeFile(previous());
  if (!bytes) return tl::unexpected(bytes.error());
  auto candidate = checkCandidate(*bytes, trusted, previous().string());
  if (!candidate) return tl::unexpected(candidate.error());
  InstallReport report{candidate->pack.info.id, candidate->pack.info.version,
                       keyId(candidate->verification.trailer.signer), ""};
  // Both files are written and flushed before either is put in place.
  auto run = [&]() -> Result<void> {
    std::optional<StagedFile> keep;  // the current pack, to become `previous`
    if (fs::exists(current(), ec)) {
      const auto [id, version] = idAndVersion(current());
      if (!id.empty()) report.replaced = id + " " + version;
      auto old = readWholeFile(current());
      if (!old) return tl::unexpected(old.error());
      auto staged = StagedFile::write(previous(), *old, 0644);
      if (!staged) return tl::unexpected(staged.error());
      keep.emplace(std::move(*staged));
    }
    auto back = StagedFile::write(current(), *bytes, 0644);
    if (!back) return tl::unexpected(back.error());
    if (auto r = step("rename"); !r) return r;
    if (auto r = back->commit(); !r) return r;
    if (keep) return keep->commit();
    if (!fs::remove(previous(), ec) && ec)  // it is `current` now
      return fail(ErrorCode::Io, "cannot remove " + previous().string() + ": " + ec.message());
    return {};
  };
  auto done = run();
  if (!done) return fail(done.error().code, "rollback failed: " + done.error().message);
  return report;
}

}  // namespace hocso::content
