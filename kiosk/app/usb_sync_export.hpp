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
#include "sync/bundle.hpp"

namespace hocso::app {

// What waits to be sent (pending rows of the outbox), in a volunteer's words.
struct PendingSummary {
  long long people = 0;        // learners with anything waiting
  long long results = 0;       // quiz and exam results, lessons finished
  long long certificates = 0;  // certificates for the certification office
  long long records = 0;       // every pending row (what the technician sees)
};
Result<PendingSummary> pendingSummary(SQLite::Database& db);

// The office's public key is set (config [sync] bundle_public_key) and readable.
bool officeKeyConfigured(const Config& config);

struct UsbExportOutcome {
  std::filesystem::path file;
  sync::ExportSummary summary;
};

// For a worker thread, like ReportExportJob: made on the UI thread (copies
// the settings, data key, kiosk id), run() opens its own connection.
class UsbSyncExportJob {
 public:
  explicit UsbSyncExportJob(const KioskContext& ctx, WallClock now_ms = systemNowMs);
  // Writes hocso-ket-qua-<site>-<YYYYMMDD-HHMMSS>.hocso into `drive` (synced
  // before it returns). Config when the office key is missing.
  Result<UsbExportOutcome> run(const std::filesystem::path& drive);

 private:
  std::shared_ptr<KioskContext> ctx_;
  WallClock now_ms_;
};

}  // namespace hocso::app
