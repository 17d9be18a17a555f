// Certificates from facilitator mode: the list of those issued on this
// kiosk (name, date, result), printed with the system's printing (CUPS:
// `lpstat -d` finds the default printer, `lp` prints) or copied as PDFs to
// a USB drive. Printing and copying run on a worker (CertificateBatchJob).
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "certificate_print.hpp"
#include "kiosk_context.hpp"
#include "service_support.hpp"
#include "worker_job.hpp"

namespace hocso::app {

struct IssuedCertificate {
  std::string certificate_id, learner_id;
  std::string full_name;            // decrypted; the learner is not erased
  int birth_year = 0;
  std::string date;                 // YYYY-MM-DD
  double score = 0;                 // percent
  std::string target_group_title;
  std::string issued_at;            // ISO 8601 UTC (the order of the list)
};

// Certificates issued on this kiosk to learners not erased, newest first.
Result<std::vector<IssuedCertificate>> issuedCertificates(KioskContext& ctx);

// The system's default printer (`lpstat -d`), empty when none is set up or
// CUPS is not installed. Runs the program found on PATH.
std::string defaultPrinter();

// Sends the files to `printer` with `lp -d PRINTER FILE...` (no shell).
// Fails with the exit status when lp refuses or cannot be run.
Result<void> printFiles(const std::string& printer, const std::vector<std::filesystem::path>& files);

// "chung-nhan-nguyen-van-an-2026-05-12-1a2b3c4d.pdf": the name folded to
// ASCII (any USB file system takes it), the date, the certificate id's start.
std::string certificatePdfName(const IssuedCertificate& c);

struct BatchOutcome {
  int done = 0;                                   // certificates printed or copied
  std::vector<std::filesystem::path> files;       // copies on the drive (copy only)
};

// For a worker thread (a WorkerJob: its own connection to kiosk.db, copies
// of the settings, data key and pack framework titles).
class CertificateBatchJob : private WorkerJob {
 public:
  explicit CertificateBatchJob(const KioskContext& ctx, std::filesystem::path font_dir = kDefaultFontDir)
      : WorkerJob(ctx), font_dir_(std::move(font_dir)) {}
  // Writes each certificate's PDF into a private temporary folder under the
  // data dir, prints them all with one `lp` call, then removes them.
  Result<BatchOutcome> print(const std::vector<std::string>& certificate_ids, const std::string& printer);
  // Writes each certificate's PDF onto the drive (synced before returning).
  Result<BatchOutcome> copyTo(const std::vector<std::string>& certificate_ids, const std::filesystem::path& drive);

 private:
  std::filesystem::path font_dir_;
};

}  // namespace hocso::app
