// Certificates for the UI and the CLI: list and find them, their QR code, a
// printable PDF, and offline verification of a payload against kiosk keys.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "assessment/certificate.hpp"
#include "certificate_print.hpp"
#include "kiosk_context.hpp"

namespace hocso::app {

class CertificateService {
 public:
  explicit CertificateService(KioskContext& ctx) : ctx_(ctx) {}
  Result<std::vector<assessment::Certificate>> list();
  Result<assessment::Certificate> find(const std::string& certificate_id);
  Result<QrMatrix> qr(const std::string& certificate_id);
  // What the printed certificate shows (the learner's name decrypted).
  Result<CertificatePrint> printable(const std::string& certificate_id);
  Result<void> writePdf(const std::string& certificate_id, const std::filesystem::path& out,
                        const std::filesystem::path& font_dir = kDefaultFontDir);

 private:
  KioskContext& ctx_;
};

// Reads a payload given directly or in a file (the payload itself, or a JSON
// object with a "payload" member), then verifies it offline against the
// public keys in `public_key_files` (PEM). Never opens kiosk.db.
assessment::CertificateCheck verifyCertificateInput(const std::string& payload_or_file,
                                                    const std::vector<std::filesystem::path>& public_key_files);

}  // namespace hocso::app
