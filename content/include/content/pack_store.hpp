// Where a kiosk's packs live and how they change: DATA_DIR/packs/current and
// previous, atomic install (verify, write temp, fsync, rename) and rollback;
// the trusted keys; the default pack shipped with the build.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "content/config.hpp"
#include "base/error.hpp"
#include "content/pack_file.hpp"

namespace hocso::content {

// The configured [content] trusted_keys (relative paths are taken from the
// config file's folder) and, for a developer (not installed) run, the build's
// dev key, so packs the build signs are trusted without configuration.
std::vector<std::filesystem::path> trustedKeyFiles(const ContentConfig& config);

// The default pack made and signed by the build, and the public key to check it.
struct ShippedPack {
  std::filesystem::path file;
  std::filesystem::path public_key;
};
ShippedPack shippedPack();

// The build's developer signing key (private PEM), for `hocso content build`
// without --key in a developer run; empty when installed.
std::filesystem::path developerSigningKey();

struct InstallReport {
  std::string id, version, key_id;
  std::string replaced;      // "id version" of the pack it replaced (kept as previous), or empty
};

class PackStore {
 public:
  explicit PackStore(const std::filesystem::path& data_dir);

  std::filesystem::path dir() const { return dir_; }
  std::filesystem::path current() const { return dir_ / "current.hocsopack"; }
  std::filesystem::path previous() const { return dir_ / "previous.hocsopack"; }

  // Verifies `pack_file` against `trusted`, checks it can be read, and makes it
  // the current pack; the one it replaces becomes `previous`. An older version
  // of the same pack is refused unless `allow_downgrade`. On any failure the
  // current pack is left exactly as it was.
  Result<InstallReport> install(const std::filesystem::path& pack_file, const std::vector<TrustedKey>& trusted,
                                bool allow_downgrade = false);

  // Makes the previous pack current again (and the current one previous).
  Result<InstallReport> rollback(const std::vector<TrustedKey>& trusted);

  // Removes temporary files an interrupted install or rollback left in
  // packs/ (StagedFile's current.hocsopack.tmp-PID-N and the like; from
  // older versions .incoming-PID.tmp, .previous-PID.tmp, .rollback-PID.tmp;
  // each as big as a pack). Install and rollback do it under the store's lock; the
  // kiosk calls this at start, when no install holds the lock (else it skips).
  // Returns how many files were removed.
  int removeStaleTemporaries();

  // Tests: called before each step ("write", "fsync", "keep-previous",
  // "rename"); returning false makes that step fail as an I/O error would.
  std::function<bool(const std::string& step)> fault_injection;

 private:
  Result<void> step(const std::string& name) const;
  std::filesystem::path dir_;
};

// -1, 0, 1 comparing dotted version numbers numerically ("1.10.0" > "1.9").
int compareVersions(const std::string& a, const std::string& b);

}  // namespace hocso::content
