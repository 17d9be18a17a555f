// Finding USB drives by their mount folders and the packs on them.
#include "usb_media.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <ctime>

#include "content/pack_file.hpp"

namespace hocso::app {
namespace fs = std::filesystem;

std::vector<UsbDrive> findUsbDrives() { return findUsbDrives({"/media", "/run/media"}, "HOCSO_USB_DIR"); }

std::vector<UsbDrive> findUsbDrives(const std::vector<fs::path>& roots, const char* override_env) {
  std::vector<UsbDrive> out;
  std::error_code ec;
  if (const char* dir = override_env ? std::getenv(override_env) : nullptr; dir && *dir) {
    if (fs::is_directory(dir, ec)) out.push_back({dir, fs::path(dir).filename().string()});
    return out;
  }
  for (const auto& root : roots) {
    for (const auto& user : fs::directory_iterator(root, ec)) {
      if (!user.is_directory(ec)) continue;
      std::error_code inner;
      for (const auto& mount : fs::directory_iterator(user.path(), inner))
        if (mount.is_directory(inner)) out.push_back({mount.path(), mount.path().filename().string()});
    }
  }
  std::sort(out.begin(), out.end(), [](const UsbDrive& a, const UsbDrive& b) { return a.label < b.label; });
  return out;
}

std::vector<fs::path> findPackFiles(const fs::path& drive) {
  std::vector<fs::path> out;
  std::error_code ec;
  auto look = [&](const fs::path& dir) {
    std::error_code e;
    for (const auto& f : fs::directory_iterator(dir, e))
      if (f.is_regular_file(e) && f.path().extension() == content::kPackExtension) out.push_back(f.path());
  };
  look(drive);
  for (const auto& sub : fs::directory_iterator(drive, ec))
    if (sub.is_directory(ec) && sub.path().filename().string().rfind('.', 0) != 0) look(sub.path());
  std::sort(out.begin(), out.end());
  return out;
}

std::string siteFileName(const std::string& site_id) {
  std::string out;
  for (char c : site_id) out += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') ? c : '-';
  return out.empty() ? "kiosk" : out;
}


}  // namespace hocso::app
