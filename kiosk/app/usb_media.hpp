// Removable media for facilitator mode: the USB drives the desktop mounted
// (/media/<user>/<label>, /run/media/<user>/<label>) or, when HOCSO_USB_DIR
// is set, that one folder only (tests, or a kiosk that mounts elsewhere);
// the content packs on a drive; writing a file durably before it is unplugged.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "base/error.hpp"

namespace hocso::app {

struct UsbDrive {
  std::filesystem::path path;
  std::string label;          // the folder name, as the desktop shows it
};

// Drives found now, sorted by label. `roots` are the folders whose
// sub-sub-folders are mount points; tests pass their own.
std::vector<UsbDrive> findUsbDrives();
std::vector<UsbDrive> findUsbDrives(const std::vector<std::filesystem::path>& roots, const char* override_env);

// *.hocsopack files at the top of `drive` and one folder down, sorted.
std::vector<std::filesystem::path> findPackFiles(const std::filesystem::path& drive);

// Writes `bytes` to `file` (temp file, fsync, rename, fsync of the folder),
// so the file is complete on the drive when this returns.
Result<void> writeFileDurably(const std::filesystem::path& file, const std::string& bytes);
// fsyncs an existing file and its folder.
Result<void> syncFileAndFolder(const std::filesystem::path& file);

}  // namespace hocso::app
