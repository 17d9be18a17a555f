// Path resolution for installed and developer runs.
#include "base/paths.hpp"

#include <cstdlib>
#include <string>

namespace hocso {
namespace {

bool installed() {
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  return !ec && exe.string().rfind("/usr/", 0) == 0;
}

std::filesystem::path xdg(const char* var, const char* fallback) {
  if (const char* v = std::getenv(var); v && *v) return v;
  const char* home = std::getenv("HOME");
  return std::filesystem::path(home && *home ? home : "/tmp") / fallback;
}

}  // namespace

std::filesystem::path resolveDataDir(const std::string& flag) {
  if (!flag.empty()) return flag;
  if (installed()) return "/var/lib/hocso";
  return xdg("XDG_DATA_HOME", ".local/share") / "hocso";
}

std::filesystem::path resolveConfigPath(const std::string& flag) {
  if (!flag.empty()) return flag;
  if (installed()) return "/etc/hocso/hocso.toml";
  return xdg("XDG_CONFIG_HOME", ".config") / "hocso" / "hocso.toml";
}

bool installedRun() { return installed(); }

std::filesystem::path shareDir() {
  if (const char* v = std::getenv("HOCSO_SHARE_DIR"); v && *v) return v;
  std::error_code ec;
  if (installed()) {
    std::filesystem::path p = HOCSO_INSTALL_SHARE_DIR;
    if (std::filesystem::exists(p, ec)) return p;
  }
  return HOCSO_SOURCE_DIR;
}

}  // namespace hocso
