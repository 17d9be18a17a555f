// Facilitator mode, "Sending results": the sync status in plain words
// (sync/status_text.hpp), per destination, a warning when the kiosk clock is
// found wrong, the content channel's last check, and a button to send now.
// The screen only reads the worker's snapshot; it never waits on the network.
#include <imgui.h>

#include <cstdio>

#include "../../app/dashboard_service.hpp"
#include "../i18n.hpp"
#include "facilitator_mode.hpp"
#include "sync/status_text.hpp"

namespace hocso::ui {
namespace {

class SyncSection final : public FacilitatorSection {
 public:
  const char* screenName() const override { return "facilitator-sync"; }
  void enter(UiContext& ui, FacilitatorMode&) override { read(ui); }

  void draw(UiContext& ui, FacilitatorMode&) override {
    sectionTitle(ui, tr("Sending results"));
    if (ui.sync_started) status_ = ui.sync.status;  // the worker's latest snapshot, live
    if (!error_.empty()) errorText(error_.c_str());
    if (!ui.sync_started) notice(NoticeKind::Warning, tr("Sending is not running on this kiosk now. Results stay safe here and are sent when it runs again."));
    else if (ui.sync.sending) notice(NoticeKind::Ok, tr("Sending now..."));
    // The servers' clocks said this kiosk's clock is wrong (already plain Vietnamese).
    if (const std::string clock = sync::clockWarningVi(status_); !clock.empty()) notice(NoticeKind::Warning, clock);
    endpoint(ui, tr("Learning results (to the learning record store)"), status_.lrs);
    endpoint(ui, tr("Certificates (to the certification office)"), status_.certification);
    content(ui);
    ImGui::Spacing();
    const bool anyConfigured = status_.lrs.configured || status_.certification.configured;
    if (ui.sync_started && ui.sync_now && anyConfigured) {
      if (bigButton(tr("Send now###sync-now"), 0)) {
        ui.sync_now();
        sent_ = true;
      }
      if (sent_) wrappedText(tr("Asked to send now. If there is no Internet, the kiosk tries again later by itself."));
    } else if (!ui.sync_started && bigButton(tr("Refresh###refresh"), 0, false)) {
      read(ui);
    }
    ImGui::Spacing();
    wrappedText(tr("Without Internet, the technician can carry the results on a USB drive (hocso sync export)."));
  }

 private:
  void read(UiContext& ui) {
    error_.clear();
    if (ui.sync_started) {
      status_ = ui.sync.status;
      return;
    }
    auto s = app::DashboardService(ui.app.ctx).syncStatus();
    if (s) status_ = *s;
    else error_ = tr("The sending status could not be read. Please tell the technician.");
  }

  void endpoint(UiContext& ui, const char* title, const sync::EndpointStatus& s) {
    ImGui::Spacing();
    ImGui::PushFont(ui.fonts.bold);
    wrappedText(title);
    ImGui::PopFont();
    const std::string summary = sync::summaryVi(s);
    const bool trouble = !sync::lastErrorVi(s).empty() || s.quarantined > 0;
    notice(trouble ? NoticeKind::Warning : NoticeKind::Ok, summary);
    char line[300];
    std::snprintf(line, sizeof line, tr("Sent: %lld · Waiting: %lld · Refused by the server: %lld"), s.delivered,
                  s.pending + s.waiting, s.quarantined);
    wrappedText(line);
    const std::string when = sync::localTimeVi(s.last_success);
    if (!when.empty()) {
      std::snprintf(line, sizeof line, tr("Last sent at %s"), when.c_str());
      wrappedText(line);
    }
  }

  // The content channel: the last check (sync/status_text.hpp), and a pack
  // the worker installed since the kiosk started (used from the next start).
  void content(UiContext& ui) {
    const sync::ContentStatus& c = status_.content;
    const std::string installed = ui.sync_started ? ui.sync.content_installed : std::string();
    ImGui::Spacing();
    ImGui::PushFont(ui.fonts.bold);
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
      char line[300];
      std::snprintf(line, sizeof line, tr("Lessons %s were installed; the kiosk uses them after its next restart."),
                    installed.c_str());
      notice(NoticeKind::Ok, line);
    }
  }

  sync::SyncStatus status_;
  std::string error_;
  bool sent_ = false;
};

}  // namespace

std::unique_ptr<FacilitatorSection> makeSyncSection() { return std::make_unique<SyncSection>(); }

}  // namespace hocso::ui
