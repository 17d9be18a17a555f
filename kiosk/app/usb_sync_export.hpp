// Sending results with no Internet, from facilitator mode: the signed,
// encrypted bundle of `hocso sync export` (sync::exportBundle, the same
// code) written onto a USB drive, and what is waiting counted the way a
// volunteer counts it: people and results, not xAPI statements.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "kiosk_context.hpp"
#include "service_support.hpp"
#include "worker_job.hpp"
#include "sync/bundle.hpp"
#include "sync/status.hpp"

namespace hocso::app {

// What waits to be sent, in a volunteer's words (sync counts it).
using sync::PendingSummary;
using sync::pendingSummary;

// The office's public key is set (config [sync] bundle_public_key) and readable.
bool officeKeyConfigured(const Config& config);

struct UsbExportOutcome {
  std::filesystem::path file;
  sync::ExportSummary summary;
};

// For a worker thread, like ReportExportJob (a WorkerJob).
class UsbSyncExportJob : private WorkerJob {
 public:
  using WorkerJob::WorkerJob;
  // Writes hocso-ket-qua-<site>-<YYYYMMDD-HHMMSS>.hocso into `drive` (synced
  // before it returns). Config when the office key is missing.
  Result<UsbExportOutcome> run(const std::filesystem::path& drive);
};

}  // namespace hocso::app
