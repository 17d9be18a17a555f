// Installing packs into DATA_DIR/packs so that the kiosk is never left
// without a good pack: every step either completes or leaves `current` as it was.
#include "content/pack_store.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstring>
#include <utility>

#include "base/paths.hpp"

namespace hocso::content {
namespace fs = std::filesystem;

namespace {

Result<void> fsyncDir(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return fail(ErrorCode::Io, "cannot open " + dir.string() + ": " + std::strerror(errno));
  const bool ok = ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) return fail(ErrorCode::Io, "cannot sync " + dir.string() + ": " + std::strerror(errno));
  return {};
}

Result<void> writeDurably(const fs::path& file, std::string_view bytes) {
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) return fail(ErrorCode::Io, "cannot create " + file.string() + ": " + std::strerror(errno));
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n <= 0) {
      const std::string why = std::strerror(errno);
      ::close(fd);
      return fail(ErrorCode::Io, "cannot write " + file.string() + ": " + why);
    }
    done += static_cast<size_t>(n);
  }
  const bool ok = ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) return fail(ErrorCode::Io, "cannot sync " + file.string() + ": " + std::strerror(errno));
  return {};
}

Result<void> renameFile(const fs::path& from, const fs::path& to) {
  if (::rename(from.c_str(), to.c_str()) != 0)
    return fail(ErrorCode::Io, "cannot rename " + from.string() + " to " + to.string() + ": " + std::strerror(errno));
  return {};
}

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

// Installs and rollbacks take turns: an exclusive flock on packs/.lock, held
// for the whole step. The kiosk may install from two threads (a USB install
// from facilitator mode, the sync worker's channel update) while
// `hocso content install` runs in a shell; flock locks per open file, so
// threads of one process exclude each other too.
class StoreLock {
 public:
  // wait false: fails at once (Io) when someone else holds the lock.
  static Result<StoreLock> take(const fs::path& dir, bool wait = true) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return fail(ErrorCode::Io, "cannot create " + dir.string() + ": " + ec.message());
    const fs::path file = dir / ".lock";
    const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return fail(ErrorCode::Io, "cannot open " + file.string() + ": " + std::strerror(errno));
    while (::flock(fd, wait ? LOCK_EX : LOCK_EX | LOCK_NB) != 0) {
      if (errno == EINTR) continue;
      const std::string why = std::strerror(errno);
      ::close(fd);
      return fail(ErrorCode::Io, "cannot lock " + file.string() + ": " + why);
    }
    return StoreLock(fd);
  }
  StoreLock(StoreLock&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
  StoreLock(const StoreLock&) = delete;
  StoreLock& operator=(const StoreLock&) = delete;
  StoreLock& operator=(StoreLock&&) = delete;
  ~StoreLock() {
    if (fd_ >= 0) ::close(fd_);  // releases the lock
  }

 private:
  explicit StoreLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

// Temporary files of an install or rollback: ".incoming-PID.tmp" and the
// like. Whoever writes one holds the store's lock, so with the lock taken
// every one is left over from an interrupted run (power cut, SIGKILL). Only
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

std::vector<fs::path> trustedKeyFiles(const Config& config) {
  std::vector<fs::path> out;
  for (const auto& k : config.trusted_keys) {
    fs::path p(k);
    if (p.is_relative() && !config.source.empty()) p = config.source.parent_path() / p;
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
  auto lock = StoreLock::take(dir_, false);
  return lock ? removeLeftovers(dir_) : 0;
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
  auto lock = StoreLock::take(dir_);
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

  const fs::path incoming = dir_ / (".incoming-" + std::to_string(::getpid()) + ".tmp");
  const fs::path keep = dir_ / (".previous-" + std::to_string(::getpid()) + ".tmp");
  auto run = [&]() -> Result<void> {
    if (auto r = step("write"); !r) return r;
    if (auto r = step("fsync"); !r) return r;
    if (auto r = writeDurably(incoming, *bytes); !r) return r;
    if (fs::exists(current(), ec)) {
      // The pack being replaced becomes `previous`; `current` stays in place.
      if (auto r = step("keep-previous"); !r) return r;
      auto old = readWholeFile(current());
      if (!old) return tl::unexpected(old.error());
      if (auto r = writeDurably(keep, *old); !r) return r;
      if (auto r = renameFile(keep, previous()); !r) return r;
    }
    if (auto r = step("rename"); !r) return r;
    if (auto r = renameFile(incoming, current()); !r) return r;
    return fsyncDir(dir_);
  };
  auto done = run();
  fs::remove(incoming, ec);
  fs::remove(keep, ec);
  if (!done) return fail(done.error().code, "install failed, the kiosk keeps its current pack: " + done.error().message);
  return report;
}

Result<InstallReport> PackStore::rollback(const std::vector<TrustedKey>& trusted) {
  auto lock = StoreLock::take(dir_);
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
  const fs::path keep = dir_ / (".rollback-" + std::to_string(::getpid()) + ".tmp");
  auto run = [&]() -> Result<void> {
    const bool hadCurrent = fs::exists(current(), ec);
    if (hadCurrent) {
      const auto [id, version] = idAndVersion(current());
      if (!id.empty()) report.replaced = id + " " + version;
      auto old = readWholeFile(current());
      if (!old) return tl::unexpected(old.error());
      if (auto r = writeDurably(keep, *old); !r) return r;
    }
    if (auto r = step("rename"); !r) return r;
    if (auto r = renameFile(previous(), current()); !r) return r;
    if (hadCurrent)
      if (auto r = renameFile(keep, previous()); !r) return r;
    return fsyncDir(dir_);
  };
  auto done = run();
  fs::remove(keep, ec);
  if (!done) return fail(done.error().code, "rollback failed: " + done.error().message);
  return report;
}

}  // namespace hocso::content
