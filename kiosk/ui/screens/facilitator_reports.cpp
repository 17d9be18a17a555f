// Facilitator mode, "Reports to USB": the commune report for a period,
// written to a USB drive as CSV (for a spreadsheet) and PDF (to print).
#include <imgui.h>

#include <cstdio>
#include <ctime>

#include "../../app/report_export.hpp"
#include "../../app/usb_media.hpp"
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
  char from[32];
  std::snprintf(from, sizeof from, "%04d-%02d-01", tm.tm_year + 1900, p == Period::ThisMonth ? tm.tm_mon + 1 : 1);
  return {from, ""};
}

class ReportSection final : public FacilitatorSection {
 public:
  const char* screenName() const override { return "facilitator-reports"; }
  void enter(UiContext&, FacilitatorMode&) override { scan(); }

  void draw(UiContext& ui, FacilitatorMode&) override {
    sectionTitle(ui, tr("Reports to USB"));
    if (wait_ > 0) {
      if (--wait_ == 0) save(ui);
      else {
        notice(NoticeKind::Warning, tr("Saving the report... Do not take out the USB drive."));
        return;
      }
    }
    wrappedText(tr("The report counts learners, lessons, exams and certificates by group. It has no names and no ID numbers."));
    ImGui::Spacing();
    wrappedText(tr("Period:"), ui.fonts.bold);
    if (choiceButton(tr("Everything###period-all"), period_ == Period::All)) period_ = Period::All;
    ImGui::SameLine();
    if (choiceButton(tr("This month###period-month"), period_ == Period::ThisMonth)) period_ = Period::ThisMonth;
    ImGui::SameLine();
    if (choiceButton(tr("This year###period-year"), period_ == Period::ThisYear)) period_ = Period::ThisYear;
    ImGui::Spacing();
    if (drives_.empty()) {
      wrappedText(tr("No USB drive found. Plug in the USB drive, wait a few seconds, then press Look again."));
    } else {
      ImGui::AlignTextToFramePadding();
      ImGui::TextUnformatted(tr("Save on the USB drive:"));
      ImGui::SameLine();
      for (size_t i = 0; i < drives_.size(); ++i) {
        if (i) ImGui::SameLine();
        const std::string label = drives_[i].label + "###drive-" + std::to_string(i);
        if (choiceButton(label.c_str(), drive_ == i)) drive_ = i;
      }
      ImGui::SameLine();
    }
    if (bigButton(tr("Look again###rescan"), 0, false)) scan();
    ImGui::Spacing();
    ImGui::BeginDisabled(drives_.empty());
    if (bigButton(tr("Save the report on the USB drive###export"), 0)) {
      wait_ = 2;
      message_.clear();
    }
    ImGui::EndDisabled();
    if (!message_.empty()) notice(messageKind_, message_);
  }

 private:
  void scan() {
    drives_ = app::findUsbDrives();
    if (drive_ >= drives_.size()) drive_ = 0;
  }

  void save(UiContext& ui) {
    if (drive_ >= drives_.size()) return;
    auto files = app::ReportExportService(ui.app.ctx).exportTo(drives_[drive_].path, rangeOf(period_));
    if (!files) {
      message_ = files.error().code == ErrorCode::Database
                     ? tr("The report could not be made from the kiosk's records. Please tell the technician.")
                     : tr("The report could not be written to the USB drive. Check that the drive is not full or locked, then try again.");
      messageKind_ = NoticeKind::Error;
      return;
    }
    char line[600];
    std::snprintf(line, sizeof line, tr("Saved on the USB drive %s: %s and %s. You can take out the drive now."),
                  drives_[drive_].label.c_str(), files->csv.filename().c_str(), files->pdf.filename().c_str());
    message_ = line;
    messageKind_ = NoticeKind::Ok;
  }

  std::vector<app::UsbDrive> drives_;
  size_t drive_ = 0;
  Period period_ = Period::All;
  int wait_ = 0;
  std::string message_;
  NoticeKind messageKind_ = NoticeKind::Ok;
};

}  // namespace

std::unique_ptr<FacilitatorSection> makeReportSection() { return std::make_unique<ReportSection>(); }

}  // namespace hocso::ui
