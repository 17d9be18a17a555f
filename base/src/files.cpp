// Bounded whole-file reads (regular files and pipes only) and permission
// tightening for the data dir.
#include "base/files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <system_error>
#include <utility>

namespace hocso {
namespace fs = std::filesystem;
namespace {

std::string sizeText(size_t bytes) {
  if (bytes >= (size_t{1} << 20) && bytes % (size_t{1} << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
  if (bytes >= 1024 && bytes % 1024 == 0) return std::to_string(bytes >> 10) + " KiB";
  return std::to_string(bytes) + " bytes";
}

std::string errnoText(int err) { return std::error_code(err, std::generic_category()).message(); }

tl::unexpected<Error> tooLarge(const fs::path& file, size_t max_bytes) {
  return fail(ErrorCode::Invalid, file.string() + " is larger than " + sizeText(max_bytes) +
                                      ", more than such a file can hold; check that it is the right file");
}

// Why a file of this type cannot be read whole, or empty when it can.
std::string refusal(const fs::path& file, mode_t mode) {
  if (S_ISREG(mode) || S_ISFIFO(mode)) return {};
  if (S_ISDIR(mode)) return file.string() + " is a folder, not a file; give the path of the file itself";
  return file.string() + " is not a regular file (a device or a socket); give the path of a file";
}

struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

Result<std::string> readFileBounded(const fs::path& file, size_t max_bytes) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) {
    const int err = errno;
    if (err == ENOENT || err == ENOTDIR) return fail(ErrorCode::NotFound, file.string() + " does not exist");
    return fail(ErrorCode::Io, "cannot read " + file.string() + ": " + errnoText(err));
  }
  if (auto why = refusal(file, st.st_mode); !why.empty()) return fail(ErrorCode::Invalid, why);
  if (S_ISREG(st.st_mode) && static_cast<unsigned long long>(st.st_size) > max_bytes) return tooLarge(file, max_bytes);
  Fd in{::open(file.c_str(), O_RDONLY | O_CLOEXEC)};
  if (in.fd < 0) return fail(ErrorCode::Io, "cannot read " + file.string() + ": " + errnoText(errno));
  // The path may have been swapped between stat and open: check what was opened.
  if (::fstat(in.fd, &st) != 0) return fail(ErrorCode::Io, "cannot read " + file.string() + ": " + errnoText(errno));
  if (auto why = refusal(file, st.st_mode); !why.empty()) return fail(ErrorCode::Invalid, why);
  std::string bytes;
  if (S_ISREG(st.st_mode)) bytes.reserve(std::min<size_t>(static_cast<size_t>(st.st_size), max_bytes));
  std::array<char, 65536> buffer;
  for (;;) {
    const ssize_t n = ::read(in.fd, buffer.data(), buffer.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail(ErrorCode::Io, "cannot read " + file.string() + ": " + errnoText(errno));
    }
    if (n == 0) break;
    if (bytes.size() + static_cast<size_t>(n) > max_bytes) return tooLarge(file, max_bytes);  // it grew, or a pipe
    bytes.append(buffer.data(), static_cast<size_t>(n));
  }
  return bytes;
}

bool restrictPermissions(const fs::path& path, mode_t allowed) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return errno == ENOENT;
  if (S_ISLNK(st.st_mode)) return true;
  const mode_t mode = st.st_mode & 07777;
  if ((mode & ~allowed) == 0) return true;
  return ::chmod(path.c_str(), mode & allowed) == 0;
}

void restrictDataDirPermissions(const fs::path& data_dir) {
  restrictPermissions(data_dir, 0750);
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(data_dir, ec)) {
    const fs::path& p = entry.path();
    const bool keys = p.filename() == "keys";
    const bool folder = entry.is_directory(ec) && !entry.is_symlink(ec);
    restrictPermissions(p, folder ? (keys ? 0700 : 0750) : 0640);
    if (!folder || (!keys && p.filename() != "logs")) continue;
    for (const auto& inner : fs::directory_iterator(p, ec))
      restrictPermissions(inner.path(), inner.is_directory(ec) ? (keys ? 0700 : 0750) : (keys ? 0600 : 0640));
  }
}

namespace {

bool syncFolder(const fs::path& folder) {
  const int fd = ::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool ok = ::fsync(fd) == 0;
  ::close(fd);
  return ok;
}

}  // namespace

Result<StagedFile> StagedFile::write(const fs::path& file, const std::string& bytes, mode_t mode) {
  static std::atomic<unsigned> counter{0};
  const fs::path tmp = file.string() + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) return fail(ErrorCode::Io, "cannot create " + tmp.string() + ": " + errnoText(errno));
  StagedFile staged(file, tmp);  // removes the temporary on every early return
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  const int writeErr = done == bytes.size() ? 0 : (errno ? errno : ENOSPC);
  const bool ok = writeErr == 0 && ::fchmod(fd, mode) == 0 && ::fsync(fd) == 0;
  const int err = ok ? 0 : (writeErr ? writeErr : errno);
  ::close(fd);
  if (!ok) return fail(ErrorCode::Io, "cannot write " + file.string() + ": " + errnoText(err));
  return staged;
}

Result<void> StagedFile::commit(bool exclusive) {
  if (tmp_.empty()) return fail(ErrorCode::Io, "cannot write " + file_.string() + ": already committed");
  const fs::path tmp = std::exchange(tmp_, fs::path());
  if (exclusive) {
    // link() never replaces: exactly one of two racing writers creates the file.
    const int linked = ::link(tmp.c_str(), file_.c_str());
    const int linkErr = errno;
    ::unlink(tmp.c_str());
    if (linked != 0) {
      if (linkErr == EEXIST) return fail(ErrorCode::Exists, file_.string() + " already exists");
      return fail(ErrorCode::Io, "cannot create " + file_.string() + ": " + errnoText(linkErr));
    }
  } else if (::rename(tmp.c_str(), file_.c_str()) != 0) {
    const int renameErr = errno;
    ::unlink(tmp.c_str());
    return fail(ErrorCode::Io, "cannot write " + file_.string() + ": " + errnoText(renameErr));
  }
  if (!syncFolder(file_.parent_path())) return fail(ErrorCode::Io, "cannot flush the folder of " + file_.string());
  return {};
}

StagedFile::StagedFile(StagedFile&& other) noexcept
    : file_(std::move(other.file_)), tmp_(std::exchange(other.tmp_, fs::path())) {}

StagedFile::~StagedFile() {
  if (!tmp_.empty()) ::unlink(tmp_.c_str());
}

long stagedFileOwner(const std::string& file_name) {
  const size_t at = file_name.rfind(".tmp-");
  if (at == std::string::npos) return 0;
  const std::string rest = file_name.substr(at + 5);
  const size_t dash = rest.find('-');
  if (dash == 0 || dash == std::string::npos || dash > 9 || dash + 1 == rest.size()) return 0;
  if (rest.find_first_not_of("0123456789-") != std::string::npos || rest.find('-', dash + 1) != std::string::npos)
    return 0;
  return std::stol(rest.substr(0, dash));
}

Result<void> writeFileDurably(const fs::path& file, const std::string& bytes, mode_t mode, bool exclusive) {
  std::error_code ec;
  if (file.has_parent_path()) fs::create_directories(file.parent_path(), ec);
  auto staged = StagedFile::write(file, bytes, mode);
  if (!staged) return tl::unexpected(staged.error());
  return staged->commit(exclusive);
}

Result<void> writeFileAtomically(const fs::path& path, const std::string& bytes, mode_t mode) {
  // The folder must already be there: a pulled USB stick is an error, not a new folder on the kiosk's disk.
  const fs::path folder = path.has_parent_path() ? path.parent_path() : fs::path(".");
  std::error_code ec;
  if (!fs::is_directory(folder, ec))
    return fail(ErrorCode::Io, "cannot write " + path.string() + ": the folder " + folder.string() +
                                   " is not there (drive removed?)");
  auto written = writeFileDurably(path, bytes, mode);
  if (!written) return fail(ErrorCode::Io, written.error().message + " (disk full or drive removed?)");
  return {};
}

Result<std::string> readSecretFile(const fs::path& path) {
  fs::path source = path;
  if (const char* creds = std::getenv("CREDENTIALS_DIRECTORY"); creds && *creds && path.has_filename()) {
    std::error_code ec;
    const fs::path passed = fs::path(creds) / path.filename();
    if (fs::is_regular_file(passed, ec)) source = passed;
  }
  auto text = readFileBounded(source, kSmallFileLimit);
  if (!text) return tl::unexpected(text.error());
  std::string line = text->substr(0, text->find('\n'));
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.pop_back();
  while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.erase(line.begin());
  if (line.empty()) return fail(ErrorCode::Invalid, source.string() + " is empty");
  return line;
}

}  // namespace hocso
