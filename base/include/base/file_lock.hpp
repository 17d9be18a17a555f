// An advisory lock on a file (flock), shared or exclusive: held while the
// object lives, released by the kernel when the process ends in any way
// (SIGKILL included), so a lock held by a dead process never lingers.
#pragma once

#include <filesystem>
#include <optional>

#include "base/error.hpp"

namespace hocso {

class FileLock {
 public:
  enum class Mode { Shared, Exclusive };

  // Waits for the lock on `file` (created if missing, mode 0640).
  static Result<FileLock> take(const std::filesystem::path& file, Mode mode);
  // The lock if nobody else holds it in a conflicting mode now; nullopt if someone does.
  static Result<std::optional<FileLock>> tryTake(const std::filesystem::path& file, Mode mode);

  // Converts the held lock (waits); a conversion is not atomic: another
  // process may take the lock in between.
  Result<void> change(Mode mode);

  FileLock(FileLock&& other) noexcept;
  FileLock& operator=(FileLock&& other) noexcept;
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  ~FileLock();

 private:
  FileLock(int fd, std::filesystem::path file) : fd_(fd), file_(std::move(file)) {}
  static Result<std::optional<FileLock>> open(const std::filesystem::path& file, Mode mode, bool wait);
  int fd_ = -1;
  std::filesystem::path file_;
};

}  // namespace hocso
