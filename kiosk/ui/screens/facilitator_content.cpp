// Facilitator mode, "Lessons from USB": find content packs on a USB drive,
// check each one's signature against the kiosk's trusted keys, install it
// (the pack it replaces is kept) or go back to the previous pack. When no
// exam is under way the kiosk switches to the new lessons at once;
// otherwise it says they are used from the next start.
#include <imgui.h>

#include <fmt/printf.h>
#include <any>

#include "../../app/content_install_service.hpp"
#include "usb_media.hpp"
#include "../i18n.hpp"
#include "facilitator_mode.hpp"

namespace hocso::ui {
namespace {

const char* problemText(app::PackProblem p) {
  switch (p) {
    case app::PackProblem::None: return "";
    case app::PackProblem::Unreadable:
      return tr("The file could not be read from the USB drive. Take the drive out, plug it in again and retry.");
    case app::PackProblem::NotAPack: return tr("This file is not a lesson pack for HocSo. Do not install it.");
    case app::PackProblem::Untrusted:
      return tr("This pack is not signed by a publisher this kiosk trusts. Do not install it; ask the programme office for an official pack.");
    case app::PackProblem::Damaged:
      return tr("This pack was changed or damaged after it was signed. Do not install it; copy it to the USB drive again.");
    case app::PackProblem::Older: return tr("This pack is older than the lessons on the kiosk. It was not installed.");
    case app::PackProblem::Failed: return tr("Installing did not work. The kiosk keeps its current lessons. Please tell the technician.");
  }
  return "";
}

// Threads and connections: checking, installing and rolling back read and
// write pack files only (each opened with its own handle by content::
// openPackFile / PackStore; never kiosk.db, never the running pack, whose
// store is held in memory), so they run as background jobs (ui.platform.jobs) on a
// copy of ContentInstallService; the job kinds below name them. Loading the
// installed pack into the running kiosk (activate) stays on the UI thread:
// it reads the main kiosk.db connection (is an exam under way?), which only
// the UI thread may use, and it replaces ctx.pack, which the screens read;
// it takes a few milliseconds. It is done by whichever ContentSection takes
// the result, so it always happens while this section is on screen, as
// before; a report being saved meanwhile works on its own copy of the pack.
constexpr const char* kCheckJob = "content-check";
constexpr const char* kInstallJob = "content-install";
constexpr const char* kRollbackJob = "content-rollback";

struct CheckOutcome {
  std::filesystem::path file;
  app::PackCheck check;
};

struct ChangeOutcome {
  bool install = true;          // else rollback
  std::string checked_title;    // the title the check showed, for the message
  app::PackChange change;
};

class ContentSection final : public FacilitatorSection {
 public:
  const char* screenName() const override { return "facilitator-content"; }
  void enter(UiContext& ui, FacilitatorMode&) override {
    service_.emplace(ui.app.ctx);
    scan();
  }

  Next draw(UiContext& ui, FacilitatorMode&) override {
    takeResults(ui);
    sectionTitle(ui, tr("Lessons from USB"));
    const auto& info = service_->current();
    std::string line = fmt::sprintf(tr("The kiosk now uses: %s, version %s (%d lessons)."), info.title.c_str(),
                  info.version.c_str(), static_cast<int>(ui.app.ctx.pack.lessons.size()));
    wrappedText(line, ui.platform.fonts.bold);
    // While any job runs (this section's, or a report being saved) nothing
    // here may start another: the buttons stay visible but disabled.
    const bool busy = ui.platform.jobs.running();
    if (busy) {
      notice(NoticeKind::Warning, busyText(ui.platform.jobs.runningKind()));
      wrappedText(tr("You can use the other parts of facilitator mode meanwhile."));
    }
    if (!message_.empty()) notice(messageKind_, message_);
    ImGui::BeginDisabled(busy);
    drawControls(ui);
    ImGui::EndDisabled();
    return {};
  }

 private:
  void drawControls(UiContext& ui) {
    if (confirmRollback_) {
      wrappedText(tr("Go back to the lessons that were installed before these? You can install the new ones again later."));
      if (bigButton(tr("Yes, go back###rollback-confirm"), 0)) startRollback(ui);
      ImGui::SameLine();
      if (bigButton(tr("Cancel###cancel"), 0, false)) confirmRollback_ = false;
      return;
    }

    ImGui::Spacing();
    bool rescan = false;
    if (const int i = usbDriveLine(tr("USB drive:"), drives_, drive_, rescan); i >= 0) pickDrive(static_cast<size_t>(i));
    if (rescan) scan();
    ImGui::Spacing();
    if (!drives_.empty()) {
      if (packs_.empty()) wrappedText(tr("There is no lesson pack (.hocsopack file) on this USB drive."));
      for (size_t i = 0; i < packs_.size(); ++i) drawPack(ui, i);
    }
    if (service_->hasPrevious()) {
      ImGui::Spacing();
      ImGui::Separator();
      ImGui::Spacing();
      if (bigButton(tr("Go back to the previous lessons###rollback"), 0, false)) confirmRollback_ = true;
    }
  }

  void scan() {
    drives_ = app::findUsbDrives();
    if (drive_ >= drives_.size()) drive_ = 0;
    pickDrive(drive_);
  }

  void pickDrive(size_t i) {
    drive_ = i;
    packs_ = i < drives_.size() ? app::findPackFiles(drives_[i].path) : std::vector<std::filesystem::path>{};
    checked_.reset();
    message_.clear();
  }

  void drawPack(UiContext& ui, size_t i) {
    ImGui::PushID(static_cast<int>(i));
    const std::string file = packs_[i].filename().string();
    ImGui::PushFont(ui.platform.fonts.bold);
    wrappedText(file);
    ImGui::PopFont();
    const std::string n = std::to_string(i);
    const bool isChecked = checked_ && checkedIndex_ == i;
    if (!isChecked) {
      const std::string check = std::string(tr("Check this pack")) + "###check-" + n;
      if (bigButton(check.c_str(), 0)) startCheck(ui, i);
    } else if (checked_->problem != app::PackProblem::None) {
      notice(NoticeKind::Error, problemText(checked_->problem));
    } else {
      std::string line = fmt::sprintf(tr("Signature checked: %s, version %s — %d lessons, %d questions (key %s)."),
                    checked_->title.c_str(), checked_->version.c_str(), checked_->lessons, checked_->questions,
                    checked_->key_id.c_str());
      notice(NoticeKind::Ok, line);
      if (checked_->same_as_current) {
        wrappedText(tr("The kiosk already uses this version."));
      } else {
        const std::string install = std::string(tr("Install these lessons")) + "###install-" + n;
        if (bigButton(install.c_str(), 0)) startInstall(ui, i);
      }
    }
    ImGui::PopID();
    ImGui::Spacing();
  }

  // The jobs get a copy of the service (file paths, trusted keys, the running
  // pack's id and version) and of the file path: nothing of this section,
  // which may be gone when they finish.
  void startCheck(UiContext& ui, size_t i) {
    const app::ContentInstallService service = *service_;
    const std::filesystem::path file = packs_[i];
    if (ui.platform.jobs.start(kCheckJob, [service, file] { return std::any(CheckOutcome{file, service.check(file)}); }))
      startedJob();
  }

  void startInstall(UiContext& ui, size_t i) {
    const app::ContentInstallService service = *service_;
    const std::filesystem::path file = packs_[i];
    const std::string title = checked_ && checkedIndex_ == i ? checked_->title : "";
    if (ui.platform.jobs.start(kInstallJob,
                      [service, file, title] { return std::any(ChangeOutcome{true, title, service.install(file)}); }))
      startedJob();
  }

  void startRollback(UiContext& ui) {
    const app::ContentInstallService service = *service_;
    if (ui.platform.jobs.start(kRollbackJob, [service] { return std::any(ChangeOutcome{false, "", service.rollback()}); }))
      startedJob();
    confirmRollback_ = false;
  }

  void startedJob() {
    message_.clear();
    confirmRollback_ = false;
  }

  static const char* busyText(const std::string& kind) {
    if (kind == kCheckJob) return tr("Checking the lesson pack (signature and contents)…");
    if (kind == kInstallJob) return tr("Installing the lessons… Do not take out the USB drive.");
    if (kind == kRollbackJob) return tr("Going back to the previous lessons…");
    return tr("A report is being saved on the USB drive. Lessons can be checked or installed when it is done.");
  }

  // Results of jobs that finished since the last frame (perhaps started by
  // an earlier ContentSection: the facilitator may have left and come back).
  void takeResults(UiContext& ui) {
    if (auto r = ui.platform.jobs.take(kCheckJob)) {
      if (const auto* out = std::any_cast<CheckOutcome>(&*r)) {
        showCheck(*out);
      } else {  // the job failed with an exception (logged)
        message_ = problemText(app::PackProblem::Unreadable);
        messageKind_ = NoticeKind::Error;
      }
    }
    for (const char* kind : {kInstallJob, kRollbackJob}) {
      auto r = ui.platform.jobs.take(kind);
      if (!r) continue;
      if (const auto* out = std::any_cast<ChangeOutcome>(&*r)) {
        showChange(*out);
      } else {  // the job failed with an exception (logged)
        checked_.reset();
        message_ = problemText(app::PackProblem::Failed);
        messageKind_ = NoticeKind::Error;
      }
    }
  }

  void showCheck(const CheckOutcome& out) {
    // The drive may have been looked at again meanwhile: show the result by the pack it is about.
    for (size_t i = 0; i < packs_.size(); ++i) {
      if (packs_[i] != out.file) continue;
      checked_ = out.check;
      checkedIndex_ = i;
      return;
    }
  }

  void showChange(const ChangeOutcome& out) {
    const app::PackChange& change = out.change;
    checked_.reset();
    if (change.problem != app::PackProblem::None) {
      message_ = problemText(change.problem);
      messageKind_ = NoticeKind::Error;
      return;
    }
    const app::Activation activation = service_->activate();
    // The pack's title when it is known (the running pack, or the one just checked), else its id.
    std::string title = change.report.id;
    if (activation == app::Activation::Now) title = service_->current().title;
    else if (out.install && !out.checked_title.empty()) title = out.checked_title;
    std::string line = fmt::sprintf(out.install ? tr("Installed %s, version %s.") : tr("Went back to %s, version %s."),
                  title.c_str(), change.report.version.c_str());
    std::string text = line;
    switch (activation) {
      case app::Activation::Now: text += " "; text += tr("The kiosk uses these lessons from now on."); break;
      case app::Activation::NextStart_ExamInProgress:
        text += " ";
        text += tr("An exam is under way, so the new lessons are used after the kiosk is restarted.");
        break;
      case app::Activation::NextStart_ConfiguredPack:
        text += " ";
        text += tr("This kiosk's settings file chooses another pack: ask the technician to remove [content] pack, then restart.");
        break;
      case app::Activation::NextStart_LoadFailed:
        text += " ";
        text += tr("The new lessons are used after the kiosk is restarted.");
        break;
    }
    message_ = text;
    messageKind_ = NoticeKind::Ok;
  }

  std::optional<app::ContentInstallService> service_;
  std::vector<app::UsbDrive> drives_;
  size_t drive_ = 0;
  std::vector<std::filesystem::path> packs_;
  std::optional<app::PackCheck> checked_;
  size_t checkedIndex_ = 0;
  bool confirmRollback_ = false;
  std::string message_;
  NoticeKind messageKind_ = NoticeKind::Ok;
};

}  // namespace

std::unique_ptr<FacilitatorSection> makeContentSection() { return std::make_unique<ContentSection>(); }

}  // namespace hocso::ui
