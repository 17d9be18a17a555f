// Facilitator mode, "Sending results": the sync status in plain words
// (sync/status_text.hpp), per destination, and a button to send now. The
// screen only reads the worker's snapshot; it never waits on the network.
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
    endpoint(ui, tr("Learning results (to the learning record store)"), status_.lrs);
    endpoint(ui, tr("Certificates (to the certification office)"), status_.certification);
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

  sync::SyncStatus status_;
  std::string error_;
  bool sent_ = false;
};

}  // namespace

std::unique_ptr<FacilitatorSection> makeSyncSection() { return std::make_unique<SyncSection>(); }

}  // namespace hocso::ui
