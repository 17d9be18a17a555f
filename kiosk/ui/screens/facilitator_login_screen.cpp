// Facilitator mode's door: the class helper picks their name and types their
// PIN. Wrong PINs count towards the same stored lockout as starting an exam
// (FacilitatorService::checkPin); while locked, the wait is shown.
// Also the small helpers facilitator mode's files share.
#include <imgui.h>

#include <fmt/printf.h>
#include <algorithm>

#include "../i18n.hpp"
#include "../keyboard.hpp"
#include "../probe.hpp"
#include "../widget_context.hpp"
#include "../theme.hpp"
#include "facilitator_mode.hpp"

namespace hocso::ui {

float facilitatorButtonHeight() { return std::max(kTouchTarget, ImGui::GetFontSize() * 2.2f); }

void sectionTitle(UiContext& ui, const char* text) {
  wrappedText(text, ui.platform.fonts.title);
  ImGui::Spacing();
}

bool choiceButton(const char* label, bool selected, float width) {
  if (selected) {
    ImGui::PushStyleColor(ImGuiCol_Border, palette().selectedBorder);
    ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 3.0f);
  }
  const bool pressed = bigButton(label, width, selected);
  if (selected) {
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
  }
  return pressed;
}

void notice(NoticeKind kind, const std::string& text) {
  const Palette& p = palette();
  const ImVec4 bar = kind == NoticeKind::Ok ? p.right : kind == NoticeKind::Warning ? p.warnBar : p.error;
  const ImVec4 bg = kind == NoticeKind::Ok ? p.rightBg : kind == NoticeKind::Warning ? p.warnBg : p.wrongBg;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->ChannelsSplit(2);
  dl->ChannelsSetCurrent(1);
  const ImVec2 start = ImGui::GetCursorScreenPos();
  const float pad = ImGui::GetStyle().FramePadding.x;
  ImGui::SetCursorScreenPos(ImVec2(start.x + pad * 2, start.y + pad));
  ImGui::PushTextWrapPos(ImGui::GetContentRegionMax().x - pad);
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopTextWrapPos();
  widgetProbe().noteLastItem(text, "", false);
  const ImVec2 end(ImGui::GetWindowPos().x + ImGui::GetContentRegionMax().x, ImGui::GetItemRectMax().y + pad);
  dl->ChannelsSetCurrent(0);
  dl->AddRectFilled(start, end, ImGui::GetColorU32(bg), 6.0f);
  dl->AddRectFilled(start, ImVec2(start.x + pad * 0.8f, end.y), ImGui::GetColorU32(bar), 6.0f);
  dl->ChannelsMerge();
  ImGui::SetCursorScreenPos(ImVec2(start.x, end.y + ImGui::GetStyle().ItemSpacing.y));
  ImGui::Dummy(ImVec2(0, 0));
}

std::string waitText(long long ms) {
  const long long s = std::max(1LL, (ms + 999) / 1000);
  std::string buf;
  if (s >= 60)
    buf = fmt::sprintf(tr("%lld min %02lld s"), s / 60, s % 60);
  else
    buf = fmt::sprintf(tr("%lld s"), s);
  return buf;
}

int choiceRow(const std::vector<std::string>& labels, int selected) {
  std::vector<float> widths;
  for (const auto& l : labels)
    widths.push_back(ImGui::CalcTextSize(l.c_str(), nullptr, true).x + ImGui::GetStyle().FramePadding.x * 4);
  int pressed = -1;
  for (const auto& row : flowRows(widths, ImGui::GetContentRegionAvail().x, ImGui::GetStyle().ItemSpacing.x)) {
    for (size_t k = 0; k < row.size(); ++k) {
      if (k) ImGui::SameLine();
      const auto i = static_cast<size_t>(row[k]);
      if (choiceButton(labels[i].c_str(), static_cast<int>(i) == selected, widths[i])) pressed = static_cast<int>(i);
    }
  }
  return pressed;
}

void UsbDrivePicker::scan() {
  drives_ = app::findUsbDrives();
  if (chosen_ >= drives_.size()) chosen_ = 0;
}

std::optional<app::ExamStartOutcome> startProctoredExam(UiContext& ui, const std::string& learner_id,
                                                        const std::string& facilitator_id, const std::string& pin,
                                                        int extra_minutes, std::string& error) {
  auto outcome = ui.app.exams.startExam({.learner_id = learner_id,
                                         .facilitator_id = facilitator_id,
                                         .facilitator_pin = pin,
                                         .identity_document_checked = true,
                                         .seed = std::nullopt,
                                         .extra_minutes = extra_minutes});
  if (!outcome) {
    error = tr("The exam could not be prepared. Please tell the technician.");
    return std::nullopt;
  }
  return std::move(*outcome);
}

void learnerHeading(UiContext& ui, const assessment::Learner& learner) {
  wrappedText(fmt::sprintf("%s (%d)", learner.full_name.c_str(), learner.birth_year), ui.platform.fonts.bold);
}

int usbDriveLine(const char* label, const std::vector<app::UsbDrive>& drives, size_t chosen, bool& rescan) {
  int tapped = -1;
  if (drives.empty()) {
    wrappedText(tr("No USB drive found. Plug in the USB drive, wait a few seconds, then press Look again."));
  } else {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(label);
    ImGui::SameLine();
    for (size_t i = 0; i < drives.size(); ++i) {
      if (i) ImGui::SameLine();
      const std::string choice = drives[i].label + "###drive-" + std::to_string(i);
      if (choiceButton(choice.c_str(), chosen == i)) tapped = static_cast<int>(i);
    }
    ImGui::SameLine();
  }
  rescan = bigButton(tr("Look again###rescan"), 0, false);
  return tapped;
}

void UsbDrivePicker::draw(const char* id_prefix) {
  const std::string prefix = id_prefix;
  if (drives_.empty()) {
    wrappedText(tr("No USB drive found. Plug in the USB drive, wait a few seconds, then press Look again."));
  } else {
    std::vector<std::string> labels;
    for (size_t i = 0; i < drives_.size(); ++i) labels.push_back(drives_[i].label + "###" + prefix + "drive-" + std::to_string(i));
    if (const int i = choiceRow(labels, static_cast<int>(chosen_)); i >= 0) chosen_ = static_cast<size_t>(i);
  }
  const std::string again = std::string(tr("Look again")) + "###" + prefix + "rescan";
  if (!drives_.empty()) {  // beside the last drive when it fits
    ImGui::SameLine();
    if (ImGui::GetContentRegionAvail().x < ImGui::CalcTextSize(again.c_str(), nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2)
      ImGui::NewLine();
  }
  if (bigButton(again.c_str(), 0, false)) scan();
}

bool NameSearch::draw(UiContext& ui, const char* id, const char* hint) {
  const std::string before = composer_.text();
  takePhysicalTyping(composer_);
  const float doneW = ImGui::CalcTextSize(tr("Done###search-done"), nullptr, true).x + ImGui::GetStyle().FramePadding.x * 4;
  const float clearW = ImGui::CalcTextSize(tr("Clear###search-clear"), nullptr, true).x + ImGui::GetStyle().FramePadding.x * 4;
  const float fieldW = std::max(160.0f * ui.display.scale, ImGui::GetContentRegionAvail().x - doneW - clearW -
                                                       ImGui::GetStyle().ItemSpacing.x * 2);
  const std::string shown = composer_.text();
  if (fieldBox(id, shown, keyboard_, fieldW)) keyboard_ = true;
  if (shown.empty()) {  // the hint inside the empty box
    const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
    ImGui::GetWindowDrawList()->AddText(
        ImVec2(min.x + ImGui::GetStyle().FramePadding.x, (min.y + max.y - ImGui::GetFontSize()) * 0.5f),
        ImGui::GetColorU32(ImGuiCol_TextDisabled), hint);
  }
  ImGui::SameLine();
  if (keyboard_) {
    if (bigButton(tr("Done###search-done"), doneW)) keyboard_ = false;
  } else if (bigButton(tr("Type###search-open"), doneW, false)) {
    keyboard_ = true;
  }
  ImGui::SameLine();
  if (bigButton(tr("Clear###search-clear"), clearW, false)) composer_.clear();
  if (keyboard_) {
    ImGui::Spacing();
    letterKeyboard(composer_, shift_);
  }
  return composer_.text() != before;
}

// ---- PIN entry ----------------------------------------------------------------

void FacilitatorPinEntry::load(UiContext& ui) {
  loaded_ = true;
  if (auto all = ui.app.facilitators.facilitatorsForLogin()) facilitators_ = *all;
  else message_ = tr("The list of class helpers could not be read. Please tell the technician.");
}

std::optional<FacilitatorMode> FacilitatorPinEntry::draw(UiContext& ui, const char* button_label) {
  if (!loaded_) load(ui);
  std::optional<FacilitatorMode> unlocked;
  if (facilitators_.empty()) {
    errorText(tr("No class helper is set up on this kiosk yet. The technician adds one with the command: hocso facilitator add"));
    return unlocked;
  }
  const float avail = ImGui::GetContentRegionAvail().x;
  if (facilitators_.size() > 1) {
    wrappedText(tr("Choose your name"));
    const float w = std::min(avail, 420.0f * ui.display.scale);
    for (size_t i = 0; i < facilitators_.size(); ++i) {
      const std::string label = facilitators_[i].name + "###fac-" + std::to_string(i);
      if (i % 2 == 1 && avail > w * 2 + 20) ImGui::SameLine();
      if (choiceButton(label.c_str(), chosen_ == i, w)) chosen_ = i;
    }
    ImGui::Spacing();
  } else {
    wrappedText(std::string(tr("Class helper: ")) + facilitators_.front().name, ui.platform.fonts.bold);
  }
  wrappedText(tr("Type your 4-digit PIN"));
  takePhysicalDigits(pin_, 4);
  fieldBox("pin", std::string(pin_.size(), '*'), true, 220.0f * ui.display.scale);
  ImGui::SameLine();
  const float bw = ImGui::CalcTextSize(button_label, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 4;
  ImGui::BeginDisabled(pin_.size() != 4);
  const bool press = bigButton(button_label, bw);
  ImGui::EndDisabled();
  const bool enter = ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter)) && !ImGui::IsAnyItemFocused();
  if ((press || enter) && pin_.size() == 4) submit(ui, unlocked);

  // The lockout countdown redraws once a second.
  if (locked_ms_ > 0) {
    const long long left =
        locked_ms_ - std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - locked_at_).count();
    if (left > 0) {
      ui.platform.tick = true;
      std::string line = fmt::sprintf(tr("Too many wrong PINs. For safety, please wait %s, then try again."),
                    waitText(left).c_str());
      message_ = line;
    } else {
      locked_ms_ = 0;
      message_ = tr("You can try your PIN again now.");
    }
  }
  if (!message_.empty()) errorText(message_.c_str());
  ImGui::Spacing();
  digitPad(pin_, 4);
  return unlocked;
}

void FacilitatorPinEntry::submit(UiContext& ui, std::optional<FacilitatorMode>& unlocked) {
  const std::string pin = pin_;
  pin_.clear();
  const auto& who = facilitators_[std::min(chosen_, facilitators_.size() - 1)];
  auto r = ui.app.facilitators.checkPin(who.id, pin);
  if (!r) {
    message_ = tr("The PIN could not be checked. Please tell the technician.");
    return;
  }
  switch (r->status) {
    case app::FacilitatorPinStatus::Accepted:
      message_.clear();
      locked_ms_ = 0;
      unlocked = FacilitatorMode{r->facilitator.id, r->facilitator.name, pin};
      ui.session.facilitator = r->facilitator;
      ui.app.grace.grant(r->facilitator, pin);  // not asked again for a while (a round of exams)
      return;
    case app::FacilitatorPinStatus::Wrong:
      if (r->retry_after_ms > 0) {
        locked_ms_ = r->retry_after_ms;
        locked_at_ = std::chrono::steady_clock::now();
      } else {
        std::string line = fmt::sprintf(tr("That PIN is not right. You can try %d more time(s) before you have to wait."),
                      r->tries_before_lockout);
        message_ = line;
      }
      return;
    case app::FacilitatorPinStatus::Locked:
      locked_ms_ = r->retry_after_ms;
      locked_at_ = std::chrono::steady_clock::now();
      return;
  }
}

// ---- the login screen ---------------------------------------------------------

namespace {

class FacilitatorLoginScreen final : public Screen {
 public:
  const char* name() const override { return "facilitator-login"; }

 protected:
  Next drawContent(UiContext& ui) override {
    if (bigButton(tr("Back###back"), 0, false) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
      return Next::to(makeWelcomeScreen());
    }
    ImGui::SameLine();
    wrappedText(tr("For the class helper"), ui.platform.fonts.title);
    wrappedText(tr("This part of the kiosk is for the class helper only: today's learners, exams, reports and settings."));
    ImGui::Spacing();
    // Unlocked a moment ago (a round of exams): one tap, no PIN.
    if (auto g = ui.app.grace.current()) {
      ui.platform.tick = true;  // the minutes left count down
      std::string line = fmt::sprintf(tr("%s unlocked facilitator mode a moment ago. No PIN is needed for %s more."),
                    g->facilitator.name.c_str(), waitText(g->remaining_ms).c_str());
      notice(NoticeKind::Ok, line);
      line = fmt::sprintf(tr("Open as %s###unlock-grace"), g->facilitator.name.c_str());
      if (bigButton(line.c_str(), 0)) {
        ui.session.facilitator = g->facilitator;
        return Next::to(makeFacilitatorScreen(FacilitatorMode{g->facilitator.id, g->facilitator.name, g->pin}));
      }
      ImGui::Spacing();
      wrappedText(tr("Another class helper? Type your own PIN below."));
    }
    if (auto mode = entry_.draw(ui, tr("Open###unlock"))) return Next::to(makeFacilitatorScreen(std::move(*mode)));
    return {};
  }

 private:
  FacilitatorPinEntry entry_;
};

}  // namespace

std::unique_ptr<Screen> makeFacilitatorLoginScreen() { return std::make_unique<FacilitatorLoginScreen>(); }

}  // namespace hocso::ui
