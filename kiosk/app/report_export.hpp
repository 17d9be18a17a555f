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

// The same export for a worker thread (facilitator mode runs it there so the
// frame loop keeps drawing). Made on the UI thread, it copies what the export
// reads from the running kiosk: the settings (the facilitator may change the
// site name meanwhile), the kiosk id, the data key and the pack's questions
// and framework (a pack installed meanwhile replaces ctx.pack). run() opens
// its own connection to kiosk.db: a SQLite connection must not be used by
// two threads at once and the UI thread keeps using the main one; WAL lets
// this reader run beside the UI's writes. The pack's store (its SQLite
// handle) is not copied: the report does not need it.
class ReportExportJob {
 public:
  explicit ReportExportJob(const KioskContext& ctx, WallClock now_ms = systemNowMs);
  // Any thread; once.
  Result<ReportFiles> run(const std::filesystem::path& dir, const assessment::ReportRange& range);

 private:
  std::shared_ptr<KioskContext> ctx_;  // the copies; ctx_->db is opened by run()
  WallClock now_ms_;
};

}  // namespace hocso::app
