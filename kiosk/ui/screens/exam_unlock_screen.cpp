// The certification exam is proctored in person: before it starts, the
// class helper picks their name, types their PIN and confirms they checked
// the learner's identity document. The certificate records who did. Within
// 10 minutes of their last PIN (a round of exams, app::FacilitatorGrace)
// the class helper starts the next learner's exam with one tap.
#include <fmt/printf.h>
#include <cmath>

#include <imgui_internal.h>

#include <algorithm>
#include <vector>

#include "../i18n.hpp"
#include "../icons.hpp"
#include "../keyboard.hpp"
#include "../screen.hpp"
#include "facilitator_mode.hpp"

namespace hocso::ui {
namespace {

class ExamUnlockScreen final : public Screen {
 public:
  ExamUnlockScreen() : Screen(NavBar::HomeBack) {}
  const char* name() const override { return "exam-unlock"; }
  // At large text the header is one short row: the form needs the room.
  bool compactHeader(const UiContext& ui) const override { return ui.display.scale >= 1.5f; }

 protected:
  Next drawContent(UiContext& ui) override {
    if (!ui.session.learner) return requireLearner(ui.session);
    if (!loaded_) load(ui);
    // The PIN way keeps Start and Back in a footer under a scrolling form,
    // so they show at every size and text scale.
    const auto grace = ui.app.grace.current();
    const bool pinWay = !facilitators_.empty() && !(grace && !typePin_);
    if (pinWay) {
      // A refusal ("wrong PIN") shows just above the buttons, where the eye is.
      float footer = std::ceil(buttonHeight()) + ImGui::GetStyle().ItemSpacing.y * 2 + 2.0f;
      if (!error_.empty())
        footer += ImGui::CalcTextSize(error_.c_str(), nullptr, false, ImGui::GetContentRegionAvail().x).y +
                  ImGui::GetStyle().ItemSpacing.y;
      ImGui::BeginChild("##unlock-form", ImVec2(0, -footer), false);
    }
    // At large text the class helper's part comes first, in smaller type
    // (it is theirs to read; still >= 48 px to tap), under the line that
    // asks the learner to call them; the rules follow at the learner's size.
    const bool compact = compactHeader(ui) && pinWay;
    if (compact) wrappedText(tr("The class helper starts the exam. Please call them now."), ui.platform.fonts.bold);
    else drawIntro(ui, true);
    Next next;
    if (facilitators_.empty()) {
      errorText(tr("No class helper is set up on this computer yet. The technician adds one with: hocso facilitator add"));
      return bigButton(tr("Back###back"), 0, false) ? Next::to(makeHomeScreen()) : Next();
    }
    if (grace && !typePin_) return drawGraceWay(ui, *grace);
    drawPinForm(ui, compact);
    moreBelowCue();
    ImGui::EndChild();
    if (!error_.empty()) errorText(error_.c_str());
    ImGui::Spacing();
    // "Quay lại" is in the bar at the top.
    if (iconButton(tr("Start the exam###start-exam"), Icon::Play, std::max(ImGui::GetContentRegionAvail().x * 0.5f,
                                                                             iconButtonWidth(tr("Start the exam###start-exam")))))
      next = start(ui);
    return next;
  }

 private:
  // The class helper typed their PIN a few minutes ago: one tap starts the exam.
  Next drawGraceWay(UiContext& ui, const app::GraceUnlock& g) {
    ui.platform.tick = true;
    std::string line = fmt::sprintf(tr("Class helper: %s (no PIN needed for %s more)"), g.facilitator.name.c_str(),
                                    waitText(g.remaining_ms).c_str());
    wrappedText(line, ui.platform.fonts.bold);
    wrappedText(tr("Look at the learner's citizen ID card (or other identity document) and check the name and the birth year before the exam starts."));
    extraTimeChoice(extraMinutes_);
    if (!error_.empty()) errorText(error_.c_str());
    if (iconButton(tr("I have checked the identity document: start the exam###start-exam-grace"), Icon::Play, 0)) {
      chosen_ = g.facilitator.id;
      pin_ = g.pin;
      idChecked_ = true;
      return start(ui);
    }
    ImGui::SameLine();
    Next next;
    if (bigButton(tr("Back###back"), 0, false)) next = Next::to(makeHomeScreen());
    if (bigButton(tr("Another class helper###other-helper"), 0, false)) typePin_ = true;
    return next;
  }

  // The class helper's name, their PIN, the identity check and extra time
  // (smaller type at large text), then, at large text, the rules.
  void drawPinForm(UiContext& ui, bool compact) {
    const float before = ImGui::GetCurrentWindow()->FontWindowScale;
    if (compact) ImGui::SetWindowFontScale(before * std::max(0.6f, 1.25f / ui.display.scale));
    wrappedText(tr("Class helper: choose your name"));
    drawHelperNames(ui);
    takePhysicalDigits(pin_, 4);
    drawPinField(ui, compact);
    digitPad(pin_, 4);
    const std::string check = std::string(tr("I have checked the learner's identity document")) + "###id-checked";
    if (checkButton(check.c_str(), idChecked_, -1.0f)) idChecked_ = !idChecked_;
    extraTimeChoice(extraMinutes_);
    ImGui::SetWindowFontScale(before);
    if (compact) {
      ImGui::Spacing();
      rule();
      drawIntro(ui, false);
    }
  }

  // The names side by side where they fit.
  void drawHelperNames(UiContext& ui) {
    std::vector<std::string> labels;
    std::vector<float> widths;
    const float most = std::min(ImGui::GetContentRegionAvail().x, 520.0f * ui.display.scale);
    for (const auto& f : facilitators_) {
      labels.push_back(f.name + "###fac-" + f.id);
      widths.push_back(std::min(most, std::max(ImGui::CalcTextSize(labels.back().c_str(), nullptr, true).x +
                                                   ImGui::GetStyle().FramePadding.x * 4,
                                               most * 0.5f)));
    }
    for (const auto& row : flowRows(widths, ImGui::GetContentRegionAvail().x, ImGui::GetStyle().ItemSpacing.x))
      for (size_t k = 0; k < row.size(); ++k) {
        const size_t i = static_cast<size_t>(row[k]);
        if (k > 0) ImGui::SameLine();
        if (bigButton(labels[i].c_str(), widths[i], chosen_ == facilitators_[i].id)) chosen_ = facilitators_[i].id;
      }
  }

  // "Mã PIN của người hướng dẫn [****]" on one line where it fits.
  void drawPinField(UiContext& ui, bool compact) {
    const char* pinLabel = tr("Class helper's PIN");
    const float fieldW = 200.0f * ui.display.scale * (compact ? std::max(0.6f, 1.25f / ui.display.scale) : 1.0f);
    const bool pinBeside = ImGui::CalcTextSize(pinLabel).x + ImGui::GetStyle().ItemSpacing.x + fieldW <= ImGui::GetContentRegionAvail().x;
    if (pinBeside) ImGui::SetCursorPosY(ImGui::GetCursorPosY() + (buttonHeight() - ImGui::GetTextLineHeight()) * 0.5f);
    ImGui::TextUnformatted(pinLabel);
    if (pinBeside) {
      ImGui::SameLine();
      ImGui::SetCursorPosY(ImGui::GetCursorPosY() - (buttonHeight() - ImGui::GetTextLineHeight()) * 0.5f);
    }
    fieldBox("facilitator_pin", std::string(pin_.size(), '*'), true, fieldW);
  }

  void drawIntro(UiContext& ui, bool callLine) {
    wrappedText(tr("Certification exam"), callLine ? ui.platform.fonts.title : ui.platform.fonts.bold);
    if (blueprint_) {
      std::string line;
      if (blueprint_->group_min_questions > 1)
        line = fmt::sprintf(tr("%d questions, %d minutes. You pass with %d%% overall and at least %d%% in each skill group "
                         "of %d questions or more."),
                      blueprint_->totalQuestions(), blueprint_->time_limit_minutes, blueprint_->pass_percent,
                      blueprint_->group_min_percent, blueprint_->group_min_questions);
      else
        line = fmt::sprintf(tr("%d questions, %d minutes. You pass with %d%% overall and at least %d%% in each skill group."),
                      blueprint_->totalQuestions(), blueprint_->time_limit_minutes, blueprint_->pass_percent,
                      blueprint_->group_min_percent);
      wrappedText(line);
    }
    if (!callLine) return;
    wrappedText(tr("The class helper starts the exam. Please call them now."), ui.platform.fonts.bold);
    rule();
  }

 public:

 private:
  void load(UiContext& ui) {
    loaded_ = true;
    if (auto f = ui.app.facilitators.facilitatorsForLogin()) facilitators_ = *f;
    if (auto b = ui.app.exams.blueprintFor(ui.session.learner->target_group)) blueprint_ = *b;
    if (facilitators_.size() == 1) chosen_ = facilitators_.front().id;
  }

  Next start(UiContext& ui) {
    error_.clear();
    if (chosen_.empty()) {
      error_ = tr("Class helper: please choose your name first.");
      return {};
    }
    if (!idChecked_) {
      error_ = tr("Please check the learner's identity document, then tick the box.");
      return {};
    }
    const std::string pin = pin_;
    pin_.clear();
    auto outcome = startProctoredExam(ui, ui.session.learner->id, chosen_, pin, extraMinutes_, error_);
    if (!outcome) return {};
    switch (outcome->status) {
      case app::ExamStartStatus::Started:
        // The next learner's exam needs one tap for a while (app::FacilitatorGrace).
        for (const auto& f : facilitators_)
          if (f.id == chosen_) ui.app.grace.grant(f, pin);
        return Next::to(makeExamScreen(outcome->exam.attempt_id));
      case app::ExamStartStatus::WrongFacilitatorPin:
        ui.app.grace.clear();  // a remembered PIN that no longer works (changed meanwhile)
        error_ = outcome->retry_after_ms > 0 ? lockedText(outcome->retry_after_ms) : tr("The PIN is not right. Please try again.");
        return {};
      case app::ExamStartStatus::FacilitatorLocked: error_ = lockedText(outcome->retry_after_ms); return {};
    }
    return {};
  }

  static std::string lockedText(long long ms) {
    std::string line = fmt::sprintf(tr("Too many wrong PINs. Please wait %lld minute(s)."), (ms + 59999) / 60000);
    return line;
  }

  bool loaded_ = false;
  std::vector<assessment::Facilitator> facilitators_;
  std::optional<content::Blueprint> blueprint_;
  std::string chosen_, pin_, error_;
  bool idChecked_ = false;
  bool typePin_ = false;   // "Another class helper": the PIN form even within the grace
  int extraMinutes_ = 0;
};

}  // namespace

std::unique_ptr<Screen> makeExamUnlockScreen() { return std::make_unique<ExamUnlockScreen>(); }

}  // namespace hocso::ui
