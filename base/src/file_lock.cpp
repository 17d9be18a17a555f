// flock(2) behind FileLock: open (O_CLOEXEC, so children do not inherit the
// lock), lock with EINTR retried, close to release.
#include "base/file_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace hocso {

namespace {
int operation(FileLock::Mode mode, bool wait) {
  return (mode == FileLock::Mode::Exclusive ? LOCK_EX : LOCK_SH) | (wait ? 0 : LOCK_NB);
}
}  // namespace

Result<std::optional<FileLock>> FileLock::open(const std::filesystem::path& file, Mode mode, bool wait) {
  const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0640);
  if (fd < 0) return fail(ErrorCode::Io, "cannot open " + file.string() + ": " + std::strerror(errno));
  while (::flock(fd, operation(mode, wait)) != 0) {
    if (errno == EINTR) continue;
    const int err = errno;
    ::close(fd);
    if (err == EWOULDBLOCK) return std::optional<FileLock>();
    return fail(ErrorCode::Io, "cannot lock " + file.string() + ": " + std::strerror(err));
  }
  return std::optional<FileLock>(FileLock(fd, file));
}

Result<FileLock> FileLock::take(const std::filesystem::path& file, Mode mode) {
  auto lock = open(file, mode, true);
  if (!lock) return tl::unexpected(lock.error());
  return std::move(**lock);
}

Result<std::optional<FileLock>> FileLock::tryTake(const std::filesystem::path& file, Mode mode) {
  return open(file, mode, false);
}

Result<void> FileLock::change(Mode mode) {
  while (::flock(fd_, operation(mode, true)) != 0)
    if (errno != EINTR) return fail(ErrorCode::Io, "cannot lock " + file_.string() + ": " + std::strerror(errno));
  return {};
}

FileLock::FileLock(FileLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)), file_(std::move(other.file_)) {}

FileLock& FileLock::operator=(FileLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    file_ = std::move(other.file_);
  }
  return *this;
}

FileLock::~FileLock() {
  if (fd_ >= 0) ::close(fd_);  // releases the lock
}

}  // namespace hocso
