// The commune report written to a USB drive from facilitator mode: the CSV
// of `hocso report --format csv` (same rows) and a printable A4 PDF in
// Vietnamese (libharu, Noto Sans embedded) with the totals, the target and
// skill groups and the last weeks' trend. Both are synced before returning.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "assessment/report.hpp"
#include "certificate_print.hpp"
#include "dashboard_service.hpp"
#include "kiosk_context.hpp"
#include "service_support.hpp"
#include "worker_job.hpp"
#include "usb_media.hpp"

namespace hocso::app {

// What the PDF prints, gathered by ReportExportService (or a test).
struct ReportDocument {
  assessment::Report report;
  Dashboard dashboard;                 // weeks and titles
  std::map<std::string, std::string> target_group_titles, skill_group_titles;
  std::string site_name, site_id, kiosk_id;
  std::string generated_at_local;      // "14:05 ngày 12/5/2026"
};

Result<void> writeReportPdf(const ReportDocument& doc, const std::filesystem::path& out,
                            const std::filesystem::path& font_dir = kDefaultFontDir);

class ReportExportService {
 public:
  explicit ReportExportService(KioskContext& ctx, WallClock now_ms = systemNowMs) : ctx_(ctx), now_ms_(std::move(now_ms)) {}
  // Writes hocso-bao-cao-<site>-<date-time>.csv and .pdf into `dir`.
  Result<ReportFiles> exportTo(const std::filesystem::path& dir, const assessment::ReportRange& range);

 private:
  KioskContext& ctx_;
  WallClock now_ms_;
};

// The same export for a worker thread (a WorkerJob): the CSV and the PDF
// read one snapshot of kiosk.db, whatever the UI writes meanwhile.
class ReportExportJob : private WorkerJob {
 public:
  using WorkerJob::WorkerJob;
  Result<ReportFiles> run(const std::filesystem::path& dir, const assessment::ReportRange& range);
};

}  // namespace hocso::app
