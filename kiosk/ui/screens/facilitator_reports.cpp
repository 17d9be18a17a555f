// Facilitator mode, "Reports to USB": the commune report for a period,
// written to a USB drive as CSV (for a spreadsheet) and PDF (to print); and
// the named attendance and results list (app/named_report.hpp), only with
// the learners whose consent covers it.
#include <imgui.h>

#include <fmt/printf.h>
#include <any>
#include <ctime>

#include "../../app/named_report.hpp"
#include "../../app/report_export.hpp"
#include "usb_media.hpp"
#include "../i18n.hpp"
#include "facilitator_mode.hpp"

namespace hocso::ui {
namespace {

enum class Period { All, ThisMonth, ThisYear };

assessment::ReportRange rangeOf(Period p) {
  if (p == Period::All) return {};
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);  // the report counts UTC days
  std::string from = fmt::sprintf("%04d-%02d-01", tm.tm_year + 1900, p == Period::ThisMonth ? tm.tm_mon + 1 : 1);
  return {from, ""};
}

// The export runs as a background job (ui.platform.jobs) on a ReportExportJob: copies
// of what it reads, and its own connection to kiosk.db (report_export.hpp).
constexpr const char* kExportJob = "report-export";

constexpr const char* kNamedJob = "named-list-export";

// What either export left on the drive, or why it failed.
struct ExportOutcome {
  std::string drive_label;
  Result<app::ReportFiles> files;
};

// The named list counts kiosk-local days (the commune report counts UTC days).
assessment::ReportRange localRangeOf(Period p) {
  if (p == Period::All) return {};
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  std::string from = fmt::sprintf("%04d-%02d-01", tm.tm_year + 1900, p == Period::ThisMonth ? tm.tm_mon + 1 : 1);
  return {from, ""};
}

class ReportSection final : public FacilitatorSection {
 public:
  const char* screenName() const override { return "facilitator-reports"; }
  void enter(UiContext&, FacilitatorMode&) override { scan(); }

  Next draw(UiContext& ui, FacilitatorMode&) override {
    takeExport(ui, kNamedJob);
    takeExport(ui, kExportJob);
    sectionTitle(ui, tr("Reports to USB"));
    wrappedText(tr("The report counts learners, lessons, exams and certificates by group. It has no names and no ID numbers."));
    // While any job runs (this export, or a lesson pack being checked or
    // installed) nothing here may start another: the buttons are disabled.
    const bool busy = ui.platform.jobs.running();
    if (busy) {
      notice(NoticeKind::Warning, ui.platform.jobs.runningKind() == kExportJob || ui.platform.jobs.runningKind() == kNamedJob
                                      ? tr("Saving the report on the USB drive… Do not take out the USB drive.")
                                      : tr("Lessons from USB are being checked or installed. The report can be saved when that is done."));
      wrappedText(tr("You can use the other parts of facilitator mode meanwhile."));
    }
    if (!message_.empty()) notice(messageKind_, message_);  // near the top: seen without scrolling
    ImGui::Spacing();
    ImGui::BeginDisabled(busy);
    wrappedText(tr("Period:"), ui.platform.fonts.bold);
    if (choiceButton(tr("Everything###period-all"), period_ == Period::All)) period_ = Period::All;
    ImGui::SameLine();
    if (choiceButton(tr("This month###period-month"), period_ == Period::ThisMonth)) period_ = Period::ThisMonth;
    ImGui::SameLine();
    if (choiceButton(tr("This year###period-year"), period_ == Period::ThisYear)) period_ = Period::ThisYear;
    ImGui::Spacing();
    bool rescan = false;
    if (const int i = usbDriveLine(tr("Save on the USB drive:"), drives_, drive_, rescan); i >= 0)
      drive_ = static_cast<size_t>(i);
    if (rescan) scan();
    ImGui::Spacing();
    ImGui::BeginDisabled(drives_.empty());
    if (bigButton(tr("Save the report on the USB drive###export"), 0))
      startExport(ui, kExportJob, app::ReportExportJob(ui.app.ctx), rangeOf(period_));
    ImGui::EndDisabled();
    ImGui::Spacing();
    wrappedText(tr("List with names: attendance and results"), ui.platform.fonts.bold);
    wrappedText(tr("For the commune's records: each learner's name, birth year, days they came, lessons finished and exam result. Only learners who agreed that their name is sent with their certificate are listed."));
    ImGui::BeginDisabled(drives_.empty());
    if (bigButton(tr("Save the list with names on the USB drive###export-named"), 0, false))
      startExport(ui, kNamedJob, app::NamedListExportJob(ui.app.ctx), localRangeOf(period_));
    ImGui::EndDisabled();
    ImGui::EndDisabled();
    return {};
  }

 private:
  void scan() {
    drives_ = app::findUsbDrives();
    if (drive_ >= drives_.size()) drive_ = 0;
  }

  // Starts `job` (made here, on the UI thread: it copies the settings and
  // the pack) as background job `kind`; the export runs on the worker.
  template <class Job>
  void startExport(UiContext& ui, const char* kind, Job job, const assessment::ReportRange& range) {
    if (drive_ >= drives_.size()) return;
    const app::UsbDrive drive = drives_[drive_];
    if (ui.platform.jobs.start(kind, [job, drive, range]() mutable {
          return std::any(ExportOutcome{drive.label, job.run(drive.path, range)});
        }))
      message_.clear();
  }

  // The result of an export of `kind` that finished since the last frame
  // (perhaps started by an earlier ReportSection).
  void takeExport(UiContext& ui, const char* kind) {
    auto r = ui.platform.jobs.take(kind);
    if (!r) return;
    const auto* out = std::any_cast<ExportOutcome>(&*r);
    if (!out || !out->files) {
      message_ = out && out->files.error().code == ErrorCode::Database
                     ? tr("The report could not be made from the kiosk's records. Please tell the technician.")
                     : tr("The report could not be written to the USB drive. Check that the drive is not full or locked, then try again.");
      messageKind_ = NoticeKind::Error;
      return;
    }
    std::string line = fmt::sprintf(tr("Saved on the USB drive %s: %s and %s. You can take out the drive now."),
                  out->drive_label.c_str(), out->files->csv.filename().c_str(), out->files->pdf.filename().c_str());
    message_ = line;
    messageKind_ = NoticeKind::Ok;
  }

  std::vector<app::UsbDrive> drives_;
  size_t drive_ = 0;
  Period period_ = Period::All;
  std::string message_;
  NoticeKind messageKind_ = NoticeKind::Ok;
};

}  // namespace

std::unique_ptr<FacilitatorSection> makeReportSection() { return std::make_unique<ReportSection>(); }

}  // namespace hocso::ui
