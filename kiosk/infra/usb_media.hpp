// Removable media for facilitator mode: the USB drives the desktop mounted
// (/media/<user>/<label>, /run/media/<user>/<label>) or, when HOCSO_USB_DIR
// is set, that one folder only (tests, or a kiosk that mounts elsewhere);
// the content packs on a drive. Files written to a drive go through
// writeFileAtomically (base/files.hpp): complete on the drive when it returns.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "base/time.hpp"  // localFileStamp

namespace hocso::app {

// A report written to a drive: the CSV (for a spreadsheet) and the PDF (to print).
struct ReportFiles {
  std::filesystem::path csv, pdf;
};

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

// `site_id` as part of a file name any USB file system takes: letters,
// digits, '-' and '_' kept, anything else '-'; "kiosk" when empty.
std::string siteFileName(const std::string& site_id);

}  // namespace hocso::app
