// Whole-file reads with a ceiling, and owner/group-only permissions for what
// the kiosk keeps. Configs, keys, tokens, packs and bundles come from operators
// and USB sticks: /dev/zero or a huge file must fail with a clear message.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <filesystem>
#include <string>

#include "base/error.hpp"

namespace hocso {

// Ceilings for readFileBounded: small text files (configuration, PEM keys,
// bearer tokens, PIN and passphrase files, certificates, key backups) and
// large binary ones (content packs, USB bundles).
inline constexpr size_t kSmallFileLimit = size_t{1} << 20;   // 1 MiB
inline constexpr size_t kLargeFileLimit = size_t{1} << 30;   // 1 GiB

// The whole of `file`. Refused: a folder, a device (/dev/zero, a terminal)
// or a socket (Invalid), a missing file (NotFound), an unreadable one (Io),
// and anything holding more than `max_bytes` (Invalid). A pipe (/dev/stdin
// from a shell pipe) is read up to `max_bytes`. Messages start with the path.
Result<std::string> readFileBounded(const std::filesystem::path& file, size_t max_bytes);

// Removes from `path`'s mode every bit not in `allowed` (e.g. 0750 for a
// folder, 0640 for a file, 0600 for a key), without following a symbolic
// link. A missing path is fine; returns false when a chmod failed.
bool restrictPermissions(const std::filesystem::path& path, mode_t allowed);

// The data dir, what it holds and its logs/ and keys/ folders, made
// private to the kiosk's user and group: folders at most 0750 (keys/ 0700),
// files at most 0640 (keys 0600). New files get this from the umask (027);
// this fixes a data dir written by an older version or copied around.
void restrictDataDirPermissions(const std::filesystem::path& data_dir);

// A file written and flushed (fsync) under a temporary name beside `file`
// ("<file>.tmp-<pid>-<n>", unique to this process and call), put in place by
// commit(): rename (or, with `exclusive`, link, which never replaces: the
// call fails with ErrorCode::Exists), then fsync of the folder. Not
// committed, the temporary is removed when the object goes. Several staged
// files let a caller write everything first and then put each in place
// (the pack store: the new pack is on disk before the old one moves).
class StagedFile {
 public:
  // The folder of `file` must exist. The file gets `mode` whatever the umask.
  static Result<StagedFile> write(const std::filesystem::path& file, const std::string& bytes, mode_t mode);
  Result<void> commit(bool exclusive = false);

  StagedFile(StagedFile&& other) noexcept;
  StagedFile& operator=(StagedFile&&) = delete;
  StagedFile(const StagedFile&) = delete;
  StagedFile& operator=(const StagedFile&) = delete;
  ~StagedFile();

 private:
  StagedFile(std::filesystem::path file, std::filesystem::path tmp) : file_(std::move(file)), tmp_(std::move(tmp)) {}
  std::filesystem::path file_, tmp_;
};

// The PID in the name of a StagedFile's temporary ("x.tmp-<pid>-<n>"), or
// 0 when `file_name` is not one: what a crash left behind can be cleaned.
long stagedFileOwner(const std::string& file_name);

// Writes `bytes` to `file` so that a crash or power cut leaves either the old
// file or the whole new one: a temporary file beside it (unique to this
// process and call), fsync, then rename, then fsync of the folder. The file
// gets `mode` whatever the umask. With `exclusive`, an existing `file` is
// never replaced: the call fails with ErrorCode::Exists instead (two
// processes creating the same key: the first one wins, the second reads it).
// Missing parent folders are made. (StagedFile::write, then commit.)
Result<void> writeFileDurably(const std::filesystem::path& file, const std::string& bytes, mode_t mode,
                              bool exclusive = false);

// writeFileDurably for files on removable drives: the folder must
// exist (a USB stick pulled out is an Io error, not a new folder on the
// kiosk's disk). A reader sees the old file or the new one, never a part.
Result<void> writeFileAtomically(const std::filesystem::path& path, const std::string& bytes, mode_t mode = 0600);

// A secret (password, bearer token) kept in a root-only file named by the
// config: the first line, blanks trimmed. Under systemd, a unit that passes
// the file with LoadCredential=NAME:PATH gives its (unprivileged) service
// $CREDENTIALS_DIRECTORY/NAME; that copy is read when it exists, where NAME
// is the file's name. Empty → Invalid; unreadable → the read error.
Result<std::string> readSecretFile(const std::filesystem::path& path);

}  // namespace hocso
