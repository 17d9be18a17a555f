// Facilitator mode, "Certificates": those issued on this kiosk (name, birth
// year, date, result), newest first. Tick one or several, then print them
// on the system's default printer (CUPS; only offered when one is set up)
// or copy their PDFs to a USB drive. Both run as a background job.
#include <imgui.h>

#include <fmt/printf.h>
#include <any>
#include <cmath>
#include <set>

#include "../../app/certificate_desk.hpp"
#include "usb_media.hpp"
#include "../i18n.hpp"
#include "facilitator_mode.hpp"

namespace hocso::ui {
namespace {

constexpr const char* kPrintJob = "certificates-print";
constexpr const char* kCopyJob = "certificates-copy";

struct BatchResult {
  bool printing = false;
  std::string where;                 // printer or drive label
  Result<app::BatchOutcome> outcome;
};

std::string dmy(const std::string& ymd) {
  int y = 0, m = 0, d = 0;
  if (std::sscanf(ymd.c_str(), "%d-%d-%d", &y, &m, &d) != 3) return ymd;
  std::string buf = fmt::sprintf("%02d/%02d/%04d", d, m, y);
  return buf;
}

class CertificatesSection final : public FacilitatorSection {
 public:
  const char* screenName() const override { return "facilitator-certificates"; }
  void enter(UiContext& ui, FacilitatorMode&) override {
    load(ui);
    printer_ = app::defaultPrinter();
    drives_ = app::findUsbDrives();
  }

  Next draw(UiContext& ui, FacilitatorMode&) override {
    takeResult(ui);
    sectionTitle(ui, tr("Certificates"));
    if (!error_.empty()) {
      errorText(error_.c_str());
      return {};
    }
    if (certs_.empty()) {
      wrappedText(tr("No certificate has been issued on this kiosk yet."));
      return {};
    }
    const bool busy = ui.platform.jobs.running();
    if (busy)
      notice(NoticeKind::Warning, ui.platform.jobs.runningKind() == kPrintJob ? tr("Sending the certificates to the printer…")
                                  : ui.platform.jobs.runningKind() == kCopyJob
                                      ? tr("Copying the certificates to the USB drive… Do not take out the USB drive.")
                                      : tr("Something else is being saved. Please wait a moment."));
    if (!message_.empty()) notice(messageKind_, message_);
    std::string line = fmt::sprintf(tr("%d certificate(s) issued here · %d chosen"), static_cast<int>(certs_.size()),
                  static_cast<int>(chosen_.size()));
    wrappedText(line, ui.platform.fonts.bold);
    ImGui::BeginDisabled(busy);
    const bool all = chosen_.size() == certs_.size();
    if (bigButton(all ? tr("Choose none###choose-none") : tr("Choose all###choose-all"), 0, false)) {
      chosen_.clear();
      if (!all)
        for (const auto& c : certs_) chosen_.insert(c.certificate_id);
    }
    ImGui::SameLine();
    ImGui::BeginDisabled(chosen_.empty() || printer_.empty());
    line = fmt::sprintf(tr("Print (%d)###print"), static_cast<int>(chosen_.size()));
    if (bigButton(line.c_str(), 0)) startPrint(ui);
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(chosen_.empty() || drives_.empty());
    line = fmt::sprintf(tr("Copy to USB (%d)###copy-usb"), static_cast<int>(chosen_.size()));
    if (bigButton(line.c_str(), 0, false)) startCopy(ui);
    ImGui::EndDisabled();
    ImGui::EndDisabled();
    if (printer_.empty()) wrappedText(tr("No printer is set up on this computer. You can copy the certificates to a USB drive and print them elsewhere."));
    else {
      line = fmt::sprintf(tr("Printer: %s"), printer_.c_str());
      wrappedText(line);
    }
    if (drives_.empty()) wrappedText(tr("No USB drive found. Plug in the USB drive, wait a few seconds, then press Look again."));
    if (bigButton(tr("Look again###rescan"), 0, false)) {
      printer_ = app::defaultPrinter();
      drives_ = app::findUsbDrives();
    }

    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_PadOuterX;
    if (!ImGui::BeginTable("##certs", 2, flags)) return {};
    ImGui::TableSetupColumn("pick", ImGuiTableColumnFlags_WidthStretch, 1.4f);
    ImGui::TableSetupColumn("result", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    for (size_t i = 0; i < certs_.size(); ++i) {
      const auto& c = certs_[i];
      const bool on = chosen_.count(c.certificate_id) > 0;
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      line = fmt::sprintf("%s (%d)###cert-%zu", c.full_name.c_str(), c.birth_year, i);
      if (checkButton(line.c_str(), on, -1.0f)) {
        if (on) chosen_.erase(c.certificate_id);
        else chosen_.insert(c.certificate_id);
      }
      ImGui::TableNextColumn();
      line = fmt::sprintf(tr("%s · passed with %.0f%%"), dmy(c.date).c_str(), std::round(c.score));
      wrappedText(line);
      ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
      wrappedText(c.target_group_title);
      ImGui::PopStyleColor();
    }
    ImGui::EndTable();
    return {};
  }

 private:
  void load(UiContext& ui) {
    error_.clear();
    auto all = app::issuedCertificates(ui.app.ctx);
    if (!all) {
      error_ = tr("The certificates could not be read. Please tell the technician.");
      return;
    }
    certs_ = std::move(*all);
  }

  std::vector<std::string> chosenIds() const {
    std::vector<std::string> ids;
    for (const auto& c : certs_)
      if (chosen_.count(c.certificate_id)) ids.push_back(c.certificate_id);
    return ids;
  }

  void startPrint(UiContext& ui) {
    app::CertificateBatchJob job(ui.app.ctx);
    const auto ids = chosenIds();
    const std::string printer = printer_;
    if (ui.platform.jobs.start(kPrintJob, [job, ids, printer]() mutable {
          return std::any(BatchResult{true, printer, job.print(ids, printer)});
        }))
      message_.clear();
  }

  void startCopy(UiContext& ui) {
    if (drives_.empty()) return;
    app::CertificateBatchJob job(ui.app.ctx);
    const auto ids = chosenIds();
    const app::UsbDrive drive = drives_.front();
    if (ui.platform.jobs.start(kCopyJob, [job, ids, drive]() mutable {
          return std::any(BatchResult{false, drive.label, job.copyTo(ids, drive.path)});
        }))
      message_.clear();
  }

  void takeResult(UiContext& ui) {
    for (const char* kind : {kPrintJob, kCopyJob}) {
      auto r = ui.platform.jobs.take(kind);
      if (!r) continue;
      const auto* out = std::any_cast<BatchResult>(&*r);
      std::string line;
      if (!out || !out->outcome) {
        message_ = out && out->printing ? tr("The printer did not take the certificates. Check that it is on and has paper, then try again.")
                                        : tr("The certificates could not be copied to the USB drive. Check that the drive is not full or locked, then try again.");
        messageKind_ = NoticeKind::Error;
        continue;
      }
      line = fmt::sprintf(out->printing ? tr("%d certificate(s) sent to the printer %s.")
                                  : tr("%d certificate(s) copied to the USB drive %s. You can take out the drive now."),
                    out->outcome->done, out->where.c_str());
      message_ = line;
      messageKind_ = NoticeKind::Ok;
      chosen_.clear();
    }
  }

  std::vector<app::IssuedCertificate> certs_;
  std::set<std::string> chosen_;
  std::string printer_, error_, message_;
  std::vector<app::UsbDrive> drives_;
  NoticeKind messageKind_ = NoticeKind::Ok;
};

}  // namespace

std::unique_ptr<FacilitatorSection> makeCertificatesSection() { return std::make_unique<CertificatesSection>(); }

}  // namespace hocso::ui
