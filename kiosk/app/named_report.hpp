// The attendance and results list a commune files: one row per learner,
// with their name, only for learners whose consent covers it (see
// consentCoversNamedList). Vietnamese column headers, dates as dd/mm/yyyy,
// percentages; CSV that Excel opens as UTF-8 (byte order mark, CRLF line
// ends, RFC 4180 quoting) and a landscape A4 PDF with readable type
// (libharu, Noto Sans embedded, as report_export does).
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "assessment/identity.hpp"
#include "assessment/report.hpp"
#include "certificate_print.hpp"
#include "kiosk_context.hpp"
#include "service_support.hpp"
#include "worker_job.hpp"
#include "usb_media.hpp"

namespace hocso::app {

// A learner's name may be on the commune's list when their consent is in
// force and covers certification with their identity shared with the
// certification office (the consent text's "xác nhận bạn đạt kỹ năng số cơ
// bản", recipient certification_endpoint) — or, for a later consent text,
// names the purpose "commune_list" explicitly. Learners who chose
// pseudonymous results only are never named.
bool consentCoversNamedList(const assessment::Consent& consent);

struct NamedRow {
  std::string full_name;
  int birth_year = 0;
  std::string target_group_title;
  std::string registered_on;        // YYYY-MM-DD, kiosk local
  int days_present = 0;             // kiosk-local days with a lesson read or a quiz/exam started, in the period
  std::string last_seen;            // YYYY-MM-DD, kiosk local; empty: not in the period
  int lessons_completed = 0;        // lessons read to the end (ever)
  int lessons_total = 0;
  std::optional<bool> exam_passed;  // the best exam so far (none: not taken)
  double exam_percent = 0;          // of that exam
  std::string exam_date;            // YYYY-MM-DD
  bool certificate = false;
};

struct NamedList {
  std::vector<NamedRow> rows;       // by name (accents folded)
  int left_out = 0;                 // learners whose consent does not cover the list
  std::string from, to;             // the period (YYYY-MM-DD, empty: open)
};

// Learners registered by `range.to` (all of them when open), not erased.
Result<NamedList> buildNamedList(KioskContext& ctx, const assessment::ReportRange& range);

// "12/05/2026" from "2026-05-12" (other text as it is).
std::string dmyDate(const std::string& ymd);
// The CSV bytes: BOM, a header row in Vietnamese, CRLF.
std::string namedListCsv(const NamedList& list);

using NamedListFiles = ReportFiles;

// For a worker thread like ReportExportJob (a WorkerJob). Writes
// hocso-danh-sach-<site>-<date-time>.csv and .pdf.
class NamedListExportJob : private WorkerJob {
 public:
  explicit NamedListExportJob(const KioskContext& ctx, WallClock now_ms = systemNowMs,
                              std::filesystem::path font_dir = kDefaultFontDir)
      : WorkerJob(ctx, std::move(now_ms)), font_dir_(std::move(font_dir)) {}
  Result<NamedListFiles> run(const std::filesystem::path& dir, const assessment::ReportRange& range);

 private:
  std::filesystem::path font_dir_;
};

Result<void> writeNamedListPdf(const NamedList& list, const std::string& site_name, const std::string& generated_at,
                               const std::filesystem::path& out,
                               const std::filesystem::path& font_dir = kDefaultFontDir);

}  // namespace hocso::app
