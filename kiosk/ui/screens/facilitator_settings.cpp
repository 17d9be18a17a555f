// Facilitator mode, "Settings": the site's name, the language of the
// screens, how long a learner may be idle before being signed out, and the
// read-aloud voice — saved in kiosk.db (app::SettingsService) and applied at
// once; a backup of the whole kiosk onto a USB drive, sealed with a code the
// facilitator writes down (app::UsbBackupJob, a background job); and leaving
// kiosk mode (closing the app), after a confirmation.
#include <fmt/printf.h>
#include <cmath>
#include <imgui.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <any>

#include "../../app/backup_service.hpp"
#include "../../app/settings_service.hpp"
#include "../i18n.hpp"
#include "../keyboard.hpp"
#include "../probe.hpp"
#include "facilitator_mode.hpp"

namespace hocso::ui {
namespace {

constexpr int kIdleChoices[] = {2, 5, 10, 15, 30};

constexpr const char* kBackupJob = "usb-backup";

struct BackupOutcome {
  std::string drive_label;
  Result<app::UsbBackupOutcome> result;
};

struct VoiceChoice {
  const char* voice;
  const char* label;
};
const VoiceChoice kVoiceChoices[] = {
    {tts::kVoiceNorth, "Northern###voice-north"},
    {tts::kVoiceCentral, "Central###voice-central"},
    {tts::kVoiceSouth, "Southern###voice-south"},
};

class SettingsSection final : public FacilitatorSection {
 public:
  const char* screenName() const override { return "facilitator-settings"; }
  void enter(UiContext& ui, FacilitatorMode&) override {
    const Config& c = ui.app.ctx.config;
    site_.setText(c.site_name);
    language_ = language();
    idle_ = std::max(1, ui.session.idle_timeout_seconds / 60);
    voice_ = ui.platform.voice;
  }

  Next draw(UiContext& ui, FacilitatorMode& mode) override {
    takeBackup(ui);
    if (confirmQuit_) return drawQuit(ui);
    if (backingUp_) {
      drawBackup(ui);
      return {};
    }
    sectionTitle(ui, tr("Settings"));
    if (editingSite_) {  // the keyboard takes the room of the other settings while typing
      ImGui::PushFont(ui.platform.fonts.bold);
      wrappedText(tr("Name of this place"));
      ImGui::PopFont();
      takePhysicalTyping(site_);
      fieldBox("site_name", site_.text(), true, std::min(ImGui::GetContentRegionAvail().x * 0.75f, 760.0f * ui.display.scale));
      ImGui::SameLine();
      if (bigButton(tr("Done###done-site"), 0)) editingSite_ = false;
      ImGui::Spacing();
      letterKeyboard(site_, shift_);
      return {};
    }
    // The settings scroll; Save (and what saving said) stays in a footer
    // under them, so it shows at every size and text scale.
    float footer = std::ceil(buttonHeight()) + ImGui::GetStyle().ItemSpacing.y * 2 + 2.0f;
    if (!message_.empty())
      footer += ImGui::CalcTextSize(message_.c_str(), nullptr, false, ImGui::GetContentRegionAvail().x).y +
                ImGui::GetStyle().ItemSpacing.y * 3 + ImGui::GetStyle().FramePadding.y * 2;
    ImGui::BeginChild("##settings-form", ImVec2(0, -footer), false, ImGuiWindowFlags_NoSavedSettings);
    drawForm(ui);
    moreBelowCue();
    ImGui::EndChild();
    ImGui::Spacing();
    if (bigButton(tr("Save the settings###save-settings"), 0)) save(ui, mode);
    if (!message_.empty()) notice(messageKind_, message_);
    return {};
  }

 private:
  void drawForm(UiContext& ui) {
    // One row per setting: what it is on the left, the choices on the right.
    if (!ImGui::BeginTable("##settings", 2, ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_PadOuterX)) return;
    ImGui::TableSetupColumn("what", ImGuiTableColumnFlags_WidthFixed, std::min(300.0f * ui.display.scale, ImGui::GetContentRegionAvail().x * 0.32f));
    ImGui::TableSetupColumn("choice", ImGuiTableColumnFlags_WidthStretch);
    auto row = [&](const char* text) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::Dummy(ImVec2(0, 2));
      ImGui::PushFont(ui.platform.fonts.bold);
      wrappedText(text);
      ImGui::PopFont();
      ImGui::TableNextColumn();
      ImGui::Dummy(ImVec2(0, 2));
    };

    row(tr("Name of this place"));
    const float fieldW = std::max(200.0f, ImGui::GetContentRegionAvail().x - 160.0f * ui.display.scale);
    if (fieldBox("site_name", site_.text(), false, fieldW)) editingSite_ = true;
    ImGui::SameLine();
    if (bigButton(tr("Change###edit-site"), 0, false)) editingSite_ = true;
    std::string siteId = fmt::sprintf(tr("Site code: %s (set by the technician)"), ui.app.ctx.config.site_id.c_str());
    wrappedText(siteId);

    row(tr("Language of the screens"));
    if (choiceButton("Tiếng Việt###lang-vi", language_ == "vi")) language_ = "vi";
    ImGui::SameLine();
    if (choiceButton("English###lang-en", language_ == "en")) language_ = "en";

    row(tr("Sign a learner out after this long without a touch"));
    for (size_t i = 0; i < std::size(kIdleChoices); ++i) {
      std::string label = fmt::sprintf(tr("%d minutes###idle-%d"), kIdleChoices[i], kIdleChoices[i]);
      if (i) ImGui::SameLine();
      if (choiceButton(label.c_str(), idle_ == kIdleChoices[i])) idle_ = kIdleChoices[i];
    }

    row(tr("Read-aloud voice"));
    for (size_t i = 0; i < std::size(kVoiceChoices); ++i) {
      if (i) ImGui::SameLine();
      if (choiceButton(tr(kVoiceChoices[i].label), voice_ == kVoiceChoices[i].voice)) voice_ = kVoiceChoices[i].voice;
    }
    if (ui.platform.reader) {
      ImGui::SameLine();
      if (bigButton(tr("Listen###voice-test"), 0, false)) ui.platform.reader->speak("Xin chào, chúc bạn học tốt.", voice_);
      drawSoundState(ui);
    }
    ImGui::EndTable();
    ImGui::Spacing();
    rule();
    ImGui::Spacing();
    if (bigButton(tr("Back up to USB###backup-open"), 0, false)) openBackup();
    ImGui::SameLine();
    if (bigButton(tr("Leave kiosk mode###leave-kiosk"), 0, false)) confirmQuit_ = true;
  }

  void save(UiContext& ui, FacilitatorMode& mode) {
    app::KioskSettings s;
    s.site_name = site_.text();
    s.language = language_;
    s.idle_minutes = idle_;
    s.voice = voice_;
    if (app::validateSettings(s)) {
      message_ = tr("The name of the place must have 1 to 80 letters.");
      messageKind_ = NoticeKind::Error;
      return;
    }
    auto ok = ui.app.settings.save(s, mode.facilitator_id);
    if (!ok) {
      message_ = tr("The settings could not be saved. Please tell the technician.");
      messageKind_ = NoticeKind::Error;
      return;
    }
    // Applied now in the running kiosk.
    if (language_ != language()) setLanguage(language_);
    ui.platform.voice = voice_;
    ui.session.idle_timeout_seconds = idle_ * 60;
    editingSite_ = false;
    message_ = tr("Saved. The settings apply now and stay after a restart.");
    messageKind_ = NoticeKind::Ok;
  }

  // Whether the last reading could be heard: the facilitator checks the
  // sound here (Listen) before a session.
  void drawSoundState(UiContext& ui) {
    using Outcome = tts::ReadAloud::Outcome;
    switch (ui.platform.reader->lastOutcome()) {
      case Outcome::Heard: wrappedText(tr("Sound: working.")); break;
      case Outcome::Unknown:
        if (!ui.platform.reader->speaking()) wrappedText(tr("Press Listen to check that the learners can hear the voice."));
        break;
      case Outcome::NotHeard: {
        const std::string why = ui.platform.reader->lastError();
        notice(NoticeKind::Error, std::string(tr("Sound: not working. The kiosk cannot play the voice: plug in the speakers or headphones, then press Listen again.")) +
                                      (why.empty() ? "" : " (" + why + ")"));
        break;
      }
    }
  }

  // A new code each time: shown once, here, never stored on the kiosk.
  void openBackup() {
    backingUp_ = true;
    written_ = false;
    backupMessage_.clear();
    auto code = app::makeBackupCode();
    code_ = code ? *code : "";
    if (!code) {
      backupMessage_ = tr("The kiosk could not make a backup code. Please tell the technician.");
      backupKind_ = NoticeKind::Error;
    }
    drives_.scan();
  }

  void drawBackup(UiContext& ui) {
    sectionTitle(ui, tr("Back up to USB"));
    const bool busy = ui.platform.jobs.running();
    if (busy)
      notice(NoticeKind::Warning, ui.platform.jobs.runningKind() == kBackupJob
                                      ? tr("Saving the backup on the USB drive… Do not take out the USB drive.")
                                      : tr("Something else is being saved. Please wait a moment."));
    if (!backupMessage_.empty()) notice(backupKind_, backupMessage_);
    wrappedText(tr("A backup keeps every result, the keys and the settings of this kiosk on a USB drive, locked with a code. With it the technician can set the kiosk up again after a broken disk."));
    if (!code_.empty()) {
      wrappedText(tr("1. Write this backup code on paper. Keep the paper in a safe place, away from the USB drive: without the code the backup cannot be opened, and with it anyone can."));
      ImGui::PushFont(ui.platform.fonts.title);
      ImGui::TextUnformatted(code_.c_str());
      ImGui::PopFont();
      ui.platform.probe.noteLastItem(code_, "backup-code", false);
      if (checkButton(tr("I have written the code on paper###backup-written"), written_, -1.0f)) written_ = !written_;
      ImGui::Spacing();
      wrappedText(tr("2. Choose the USB drive, then save."));
      ImGui::BeginDisabled(busy);
      drives_.draw("backup-");
      ImGui::Spacing();
      ImGui::BeginDisabled(!written_ || !drives_.chosen());
      if (bigButton(tr("Save the backup on the USB drive###backup-save"), 0)) startBackup(ui);
      ImGui::EndDisabled();
      ImGui::EndDisabled();
      ImGui::SameLine();
    }
    if (bigButton(tr("Back###backup-back"), 0, false)) backingUp_ = false;
  }

  void startBackup(UiContext& ui) {
    const app::UsbDrive* drive = drives_.chosen();
    if (!drive) return;
    app::UsbBackupJob job(ui.app.ctx);
    const app::UsbDrive where = *drive;
    const std::string code = code_;
    if (ui.platform.jobs.start(kBackupJob, [job, where, code]() mutable {
          return std::any(BackupOutcome{where.label, job.run(where.path, code)});
        }))
      backupMessage_.clear();
  }

  // The result of a backup that finished since the last frame.
  void takeBackup(UiContext& ui) {
    auto r = ui.platform.jobs.take(kBackupJob);
    if (!r) return;
    const auto* out = std::any_cast<BackupOutcome>(&*r);
    if (!out || !out->result) {
      if (out) spdlog::error("backup to USB failed: {}", out->result.error().message);
      backupMessage_ = tr("The backup could not be written to the USB drive. Check that the drive is not full or locked, then try again.");
      backupKind_ = NoticeKind::Error;
      return;
    }
    std::string line = fmt::sprintf(tr("Saved on the USB drive %s: %s (%lld results). Keep the drive and the paper with the code in two different safe places."),
                  out->drive_label.c_str(), out->result->file.filename().c_str(), out->result->summary.results);
    backupMessage_ = line;
    backupKind_ = NoticeKind::Ok;
  }

  Next drawQuit(UiContext& ui) {
    sectionTitle(ui, tr("Leave kiosk mode?"));
    wrappedText(tr("The HocSo app closes and the computer's desktop is shown. Learners cannot use the kiosk until it is started again. Everything is saved."));
    Next next;
    if (bigButton(tr("Yes, leave kiosk mode###leave-confirm"), 0)) next = Next::quit();
    ImGui::SameLine();
    if (bigButton(tr("Cancel###cancel"), 0, false)) confirmQuit_ = false;
    return next;
  }

  bool backingUp_ = false, written_ = false;
  std::string code_;
  UsbDrivePicker drives_;
  std::string backupMessage_;
  NoticeKind backupKind_ = NoticeKind::Ok;

  input::Composer site_;
  bool shift_ = false, editingSite_ = false;
  std::string language_ = "vi", voice_ = tts::kVoiceNorth;
  int idle_ = 5;
  bool confirmQuit_ = false;
  std::string message_;
  NoticeKind messageKind_ = NoticeKind::Ok;
};

}  // namespace

std::unique_ptr<FacilitatorSection> makeSettingsSection() { return std::make_unique<SettingsSection>(); }

}  // namespace hocso::ui
