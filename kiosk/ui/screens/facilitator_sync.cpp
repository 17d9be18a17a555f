// Facilitator mode, "Sending results": the sync status in plain words
// (sync/status_text.hpp), per destination, a warning when the kiosk clock is
// found wrong, the content channel's last check, and a button to send now.
// The screen only reads the worker's snapshot; it never waits on the network.
// With no Internet, "Send results by USB" writes the signed, encrypted
// bundle of `hocso sync export` onto the USB drive (a background job), and
// what waits is counted in people and results (app::pendingSummary).
#include <imgui.h>

#include <fmt/printf.h>

#include <any>

#include "../../app/dashboard_service.hpp"
#include "../../app/site_service.hpp"
#include "usb_media.hpp"
#include "../../app/usb_sync_export.hpp"
#include "../i18n.hpp"
#include "facilitator_mode.hpp"
#include "sync/status_text.hpp"

namespace hocso::ui {
namespace {

constexpr const char* kUsbJob = "sync-usb-export";

using UsbOutcome = NamedOutcome<app::UsbExportOutcome>;  // the drive's label

class SyncSection final : public FacilitatorSection {
 public:
  const char* screenName() const override { return "facilitator-sync"; }
  void enter(UiContext& ui, FacilitatorMode&) override { read(ui); }

  Next draw(UiContext& ui, FacilitatorMode&) override {
    takeExport(ui);
    sectionTitle(ui, tr("Sending results"));
    drawPending(ui);
    if (ui.platform.sync.started) status_ = ui.platform.sync.snapshot.status;  // the worker's latest snapshot, live
    const bool anyConfigured = status_.lrs.configured || status_.certification.configured;
    if (!error_.empty()) errorText(error_.c_str());
    if (!ui.platform.sync.started) notice(NoticeKind::Warning, tr("Sending is not running on this kiosk now. Results stay safe here and are sent when it runs again."));
    else if (ui.platform.sync.snapshot.sending) notice(NoticeKind::Ok, tr("Sending now..."));
    // The servers' clocks said this kiosk's clock is wrong (already plain Vietnamese).
    if (const std::string clock = sync::clockWarningVi(status_); !clock.empty()) notice(NoticeKind::Warning, clock);
    endpoint(ui, tr("Learning results (to the learning record store)"), status_.lrs);
    endpoint(ui, tr("Certificates (to the certification office)"), status_.certification);
    drawSite(ui);
    content(ui);
    ImGui::Spacing();
    if (ui.platform.sync.started && ui.platform.sync.send_now && anyConfigured) {
      if (bigButton(tr("Send now###sync-now"), 0)) {
        ui.platform.sync.send_now();
        sent_ = true;
      }
      if (sent_) wrappedText(tr("Asked to send now. If there is no Internet, the kiosk tries again later by itself."));
    } else if (!ui.platform.sync.started && bigButton(tr("Refresh###refresh"), 0, false)) {
      read(ui);
    }
    ImGui::Spacing();
    drawUsb(ui);
    return {};
  }

 private:
  // "12 people, 40 results waiting to be sent", read from kiosk.db.
  void drawPending(UiContext& ui) {
    if (!pending_) return;
    std::string line;
    if (pending_->records == 0) {
      wrappedText(tr("Nothing is waiting to be sent."), ui.platform.fonts.bold);
      return;
    }
    if (pending_->certificates > 0)
      line = fmt::sprintf(tr("%lld people, %lld results and %lld certificates waiting to be sent"),
                    pending_->people, pending_->results, pending_->certificates);
    else
      line = fmt::sprintf(tr("%lld people, %lld results waiting to be sent"), pending_->people,
                    pending_->results);
    wrappedText(line, ui.platform.fonts.bold);
  }

  // Send results by USB: the bundle of `hocso sync export`, onto the drive.
  void drawUsb(UiContext& ui) {
    ImGui::PushFont(ui.platform.fonts.bold);
    wrappedText(tr("No Internet? Send the results by USB"));
    ImGui::PopFont();
    if (!app::officeKeyConfigured(ui.app.ctx.config)) {
      notice(NoticeKind::Warning,
             tr("This kiosk does not have the office's key yet, so results cannot be put on a USB drive. Please ask the technician to add the office's key (hocso provision)."));
      return;
    }
    wrappedText(tr("The results are locked so that only the office can read them. Take the USB drive to the office; they send the results on from there."));
    const bool busy = ui.platform.jobs.running();
    if (busy)
      notice(NoticeKind::Warning, ui.platform.jobs.runningKind() == kUsbJob
                                      ? tr("Putting the results on the USB drive… Do not take out the USB drive.")
                                      : tr("Something else is being saved. Please wait a moment."));
    ImGui::BeginDisabled(busy);
    if (drives_.empty())
      wrappedText(tr("No USB drive found. Plug in the USB drive, wait a few seconds, then press Look again."));
    // One row when it fits: the send button, the drives, look again.
    const float pad = ImGui::GetStyle().FramePadding.x * 4, gap = ImGui::GetStyle().ItemSpacing.x;
    auto width = [&](const char* l) { return ImGui::CalcTextSize(l, nullptr, true).x + pad; };
    const float avail = ImGui::GetContentRegionAvail().x;
    float x = 0.0f;  // width used on the current row
    auto place = [&](float w) {  // on the same row when it still fits
      if (x > 0.0f && x + gap + w <= avail) {
        ImGui::SameLine();
        x += gap + w;
      } else {
        x = w;
      }
    };
    const char* send = tr("Send results by USB###usb-export");
    ImGui::BeginDisabled(drives_.empty());
    place(width(send));
    if (bigButton(send, width(send))) startExport(ui);
    ImGui::EndDisabled();
    for (size_t i = 0; i < drives_.size(); ++i) {
      const std::string label = drives_[i].label + "###usb-drive-" + std::to_string(i);
      place(width(label.c_str()));
      if (choiceButton(label.c_str(), drive_ == i, width(label.c_str()))) drive_ = i;
    }
    const char* again = tr("Look again###usb-rescan");
    place(width(again));
    if (bigButton(again, width(again), false)) scan();
    ImGui::EndDisabled();
    if (!usbMessage_.empty()) notice(usbKind_, usbMessage_);
  }

  void scan() {
    drives_ = app::findUsbDrives();
    if (drive_ >= drives_.size()) drive_ = 0;
  }

  void startExport(UiContext& ui) {
    if (drive_ >= drives_.size()) return;
    app::UsbSyncExportJob job(ui.app.ctx);
    const app::UsbDrive drive = drives_[drive_];
    if (ui.platform.jobs.start(kUsbJob, [job, drive]() mutable {
          return std::any(UsbOutcome{drive.label, job.run(drive.path)});
        }))
      usbMessage_.clear();
  }

  void takeExport(UiContext& ui) {
    std::optional<UsbOutcome> out;
    if (!takeJob(ui, kUsbJob, out)) return;
    std::string line;
    if (!out || !out->result) {
      const bool key = out && out->result.error().code == ErrorCode::Config;
      usbMessage_ = key ? tr("The office's key on this kiosk could not be used. Please tell the technician.")
                        : tr("The results could not be written to the USB drive. Check that the drive is not full or locked, then try again.");
      usbKind_ = NoticeKind::Error;
      return;
    }
    line = fmt::sprintf(tr("Saved on the USB drive %s: %s (%lld records, %lld certificates). Take the drive to the office. The results stay on this kiosk until the office has them."),
                  out->name.c_str(), out->result->file.filename().c_str(), out->result->summary.statements,
                  out->result->summary.certificates);
    usbMessage_ = line;
    usbKind_ = NoticeKind::Ok;
    read(ui);
  }

  void read(UiContext& ui) {
    scan();
    if (auto p = app::pendingSummary(*ui.app.ctx.db)) pending_ = *p;
    readSite(ui);
    error_.clear();
    if (ui.platform.sync.started) {
      status_ = ui.platform.sync.snapshot.status;
      return;
    }
    auto s = ui.app.dashboard.syncStatus();
    if (s) status_ = *s;
    else error_ = tr("The sending status could not be read. Please tell the technician.");
  }

  void endpoint(UiContext& ui, const char* title, const sync::EndpointStatus& s) {
    ImGui::Spacing();
    ImGui::PushFont(ui.platform.fonts.bold);
    wrappedText(title);
    ImGui::PopFont();
    const std::string summary = sync::summaryVi(s);
    const bool trouble = !sync::lastErrorVi(s).empty() || s.quarantined > 0;
    notice(trouble ? NoticeKind::Warning : NoticeKind::Ok, summary);
    if (!s.configured) return;  // the summary says it all (and keeps the USB sending in view)
    std::string line = fmt::sprintf(tr("Sent: %lld · Waiting: %lld · Refused by the server: %lld"), s.delivered,
                  s.pending + s.waiting, s.quarantined);
    wrappedText(line);
    const std::string when = sync::localTimeVi(s.last_success);
    if (!when.empty()) {
      line = fmt::sprintf(tr("Last sent at %s"), when.c_str());
      wrappedText(line);
    }
  }

  // The content channel: the last check (sync/status_text.hpp), and a pack
  // the worker installed since the kiosk started (used from the next start).
  void content(UiContext& ui) {
    const sync::ContentStatus& c = status_.content;
    const std::string installed = ui.platform.sync.started ? ui.platform.sync.snapshot.content_installed : std::string();
    ImGui::Spacing();
    ImGui::PushFont(ui.platform.fonts.bold);
    wrappedText(tr("New lessons (from the content channel)"));
    ImGui::PopFont();
    if (!c.configured && installed.empty()) {
      wrappedText(tr("No content channel is set up: new lessons come on a USB drive (the Lessons from USB menu)."));
      return;
    }
    const std::string summary = sync::contentSummaryVi(c);
    const bool trouble = c.result == "try_later" || c.result == "refused" || c.result == "credentials" ||
                         c.result == "config" || c.result == "failed";
    if (!summary.empty()) notice(trouble ? NoticeKind::Warning : NoticeKind::Ok, summary);
    if (!installed.empty()) {
      std::string line = fmt::sprintf(tr("Lessons %s were installed; the kiosk uses them after its next restart."),
                    installed.c_str());
      notice(NoticeKind::Ok, line);
    }
  }

  // The kiosks of the commune (a site: sync/README.md): what came from the
  // others and when, so the volunteer sees the room is in step.
  void drawSite(UiContext& ui) {
    if (!site_ && siteError_.empty()) return;
    ImGui::Spacing();
    ImGui::PushFont(ui.platform.fonts.bold);
    wrappedText(tr("The other kiosks of the commune"));
    ImGui::PopFont();
    if (!siteError_.empty()) {
      notice(NoticeKind::Warning, siteError_);
      return;
    }
    const app::SiteStatus& s = *site_;
    std::string line = fmt::sprintf(tr("%s: %d kiosks. %d learners came from the other kiosks."), s.name.c_str(),
                  static_cast<int>(s.kiosks.size()), s.learners_from_peers);
    wrappedText(line);
    if (s.kiosks.size() < 2)
      wrappedText(tr("No other kiosk has joined yet. The technician adds a kiosk with the site's invite."));
    for (const auto& k : s.kiosks) {
      if (k.this_kiosk) continue;
      const std::string name = k.id.substr(0, 8);
      const std::string when = sync::localTimeVi(k.last_seen);
      if (when.empty())
        line = fmt::sprintf(tr("Kiosk %s: nothing received yet"), name.c_str());
      else
        line = fmt::sprintf(tr("Kiosk %s: last news from it at %s"), name.c_str(), when.c_str());
      if (k.segments_behind > 0) {
        std::string more = fmt::sprintf(tr(" (%lld parts still being taken in)"), k.segments_behind);
        notice(NoticeKind::Warning, std::string(line) + more);
      } else {
        notice(NoticeKind::Ok, line);
      }
    }
    if (s.conflicts > 0) {
      line = fmt::sprintf(tr("%d records from other kiosks were kept apart (for example, the same person registered on two kiosks). Please tell the technician (hocso site status)."),
                    s.conflicts);
      notice(NoticeKind::Warning, line);
    }
  }

  void readSite(UiContext& ui) {
    site_.reset();
    siteError_.clear();
    if (ui.app.ctx.site_key_error) {
      siteError_ = tr("This kiosk has lost the key it shares with the other kiosks. Please call the technician.");
      return;
    }
    auto st = app::siteStatus(ui.app.ctx);
    if (!st) siteError_ = tr("The state of the other kiosks could not be read. Please tell the technician.");
    else if (*st) site_ = **st;
  }

  sync::SyncStatus status_;
  std::optional<app::SiteStatus> site_;
  std::string siteError_;
  std::string error_;
  bool sent_ = false;
  std::optional<app::PendingSummary> pending_;
  std::vector<app::UsbDrive> drives_;
  size_t drive_ = 0;
  std::string usbMessage_;
  NoticeKind usbKind_ = NoticeKind::Ok;
};

}  // namespace

std::unique_ptr<FacilitatorSection> makeSyncSection() { return std::make_unique<SyncSection>(); }

}  // namespace hocso::ui
