// Printing a certificate: the QR code of its signed payload (libqrencode)
// and a printable A4 PDF in Vietnamese (libharu, UTF-8, Noto Sans embedded).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "base/error.hpp"

namespace hocso::app {

struct QrMatrix {
  int width = 0;                 // modules per side (no quiet zone)
  std::vector<bool> dark;        // row-major, width × width
  bool at(int x, int y) const { return dark[static_cast<size_t>(y * width + x)]; }
};

// Byte-mode QR, error correction level M.
Result<QrMatrix> encodeQr(const std::string& text);

struct CertificatePrint {
  std::string full_name;         // empty when the learner's data was erased
  int birth_year = 0;
  std::string target_group_title;
  std::string framework_title, framework_version;
  double score = 0;              // percent
  std::string date;              // YYYY-MM-DD
  std::string site_name, site_id, kiosk_id;
  // The facilitator who unlocked the exam, by name: printed only, never in
  // the signed payload or anything sent (staff personal data). Empty when
  // unknown (certificates before payload version 2).
  std::string facilitator_name;
  std::string certificate_id, key_id;
  std::string payload;           // what the QR code holds
};

inline const std::filesystem::path kDefaultFontDir = "/usr/share/fonts/truetype/noto";

// Writes a one-page A4 PDF. Fonts: NotoSans-Regular.ttf and NotoSans-Bold.ttf
// from `font_dir` (Debian package fonts-noto-core).
Result<void> writeCertificatePdf(const CertificatePrint& cert, const std::filesystem::path& out,
                                 const std::filesystem::path& font_dir = kDefaultFontDir);

}  // namespace hocso::app
