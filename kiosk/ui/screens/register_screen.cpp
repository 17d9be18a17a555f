// Registration, one question per page so nothing crowds the screen: full
// name (on-screen Telex/VNI keyboard or a physical one), birth year, target
// group, optional citizen ID and phone, then a 4-digit PIN typed twice.
// Each page is checked before moving on, with a plain message under the field.
#include <imgui.h>

#include <cstdlib>
#include <optional>

#include "../i18n.hpp"
#include "../keyboard.hpp"
#include "../screen.hpp"

namespace hocso::ui {
namespace {

enum class Step { Name, Year, Group, CitizenId, Phone, Pin, PinAgain };

class RegisterScreen final : public Screen {
 public:
  explicit RegisterScreen(std::string consent_version) : consentVersion_(std::move(consent_version)) {}
  const char* name() const override { return "register"; }

 protected:
  void drawContent(UiContext& ui) override {
    static const int kSteps = 7;
    const float fieldWidth = std::min(ImGui::GetContentRegionAvail().x, 640.0f * ui.scale);
    // The buttons stay in a footer; the page above scrolls at large text
    // sizes and keeps the field and its keyboard in view.
    const float footer = std::max(48.0f, ImGui::GetFontSize() * 2.2f) + ImGui::GetStyle().ItemSpacing.y * 2;
    ImGui::BeginChild("##page", ImVec2(0, -footer), false);
    ImGui::TextDisabled(tr("Step %d of %d"), static_cast<int>(step_) + 1, kSteps);
    switch (step_) {
      case Step::Name:
        question(ui, tr("What is your full name?"), tr("Type it as on your ID card, for example Nguyễn Thị Hồng."));
        takePhysicalTyping(name_);
        fieldBox("name", name_.text(), true, fieldWidth);
        break;
      case Step::Year:
        question(ui, tr("In which year were you born?"), tr("Four digits, for example 1965."));
        takePhysicalDigits(year_, 4);
        fieldBox("birth_year", year_, true, fieldWidth * 0.4f);
        break;
      case Step::Group: drawGroups(ui, fieldWidth); break;
      case Step::CitizenId:
        question(ui, tr("Your citizen ID number (not required)"),
                 tr("The 12 digits on your citizen ID card. It lets you sign in and have your certificate confirmed. You may skip it."));
        takePhysicalDigits(citizenId_, 12);
        fieldBox("citizen_id", citizenId_, true, fieldWidth * 0.7f);
        break;
      case Step::Phone:
        question(ui, tr("Your phone number (not required)"), tr("Ten digits starting with 0. You may skip it."));
        takePhysicalDigits(phone_, 10);
        fieldBox("phone", phone_, true, fieldWidth * 0.6f);
        break;
      case Step::Pin:
        question(ui, tr("Choose a secret number of 4 digits"),
                 tr("You will type it each time you come back. Do not tell it to anyone."));
        takePhysicalDigits(pin_, 4);
        fieldBox("pin", std::string(pin_.size(), '*'), true, fieldWidth * 0.3f);
        break;
      case Step::PinAgain:
        question(ui, tr("Type the same 4 digits once more"), tr("This makes sure you remember them."));
        takePhysicalDigits(pinAgain_, 4);
        fieldBox("pin_again", std::string(pinAgain_.size(), '*'), true, fieldWidth * 0.3f);
        break;
    }
    if (!error_.empty()) errorText(error_.c_str());
    ImGui::Spacing();
    switch (step_) {
      case Step::Name: letterKeyboard(name_, shift_); break;
      case Step::Year: digitPad(year_, 4); break;
      case Step::CitizenId: digitPad(citizenId_, 12); break;
      case Step::Phone: digitPad(phone_, 10); break;
      case Step::Pin: digitPad(pin_, 4); break;
      case Step::PinAgain: digitPad(pinAgain_, 4); break;
      case Step::Group: break;
    }
    if (scrolledFor_ != step_) {
      // A new page taller than the window (large text): scroll so the
      // keyboard is whole and the field just above it is in view.
      if (step_ != Step::Group) ImGui::SetScrollHereY(1.0f);
      scrolledFor_ = step_;
    }
    ImGui::EndChild();

    // Continue, Back and Skip side by side in any window width.
    const float bw = std::min(fieldWidth * 0.45f, (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x * 2) / 2.2f);
    if (bigButton(tr("Continue###continue"), bw)) next(ui);
    ImGui::SameLine();
    if (bigButton(tr("Back###back"), bw * 0.6f, false)) back(ui);
    if (step_ == Step::CitizenId || step_ == Step::Phone) {
      ImGui::SameLine();
      if (bigButton(tr("Skip###skip"), bw * 0.6f, false)) {
        (step_ == Step::CitizenId ? citizenId_ : phone_).clear();
        error_.clear();
        step_ = static_cast<Step>(static_cast<int>(step_) + 1);
      }
    }
  }

 private:
  void question(UiContext& ui, const char* title, const char* help) {
    wrappedText(title, ui.fonts.title);
    wrappedText(help);
    ImGui::Spacing();
  }

  void drawGroups(UiContext& ui, float width) {
    question(ui, tr("Which group are you in?"), tr("The lessons and the test are chosen for your group."));
    const auto& groups = ui.learning.pack().framework.target_groups;
    for (const auto& g : groups) {
      const bool chosen = group_ == g.code;
      // The chosen group is the filled (primary) button.
      const std::string label = g.title + "###group-" + g.code;
      if (bigButton(label.c_str(), width, chosen)) group_ = g.code;
    }
  }

  void back(UiContext& ui) {
    error_.clear();
    if (step_ == Step::Name) {
      ui.navigate(makeWelcomeScreen());
      return;
    }
    step_ = static_cast<Step>(static_cast<int>(step_) - 1);
    if (step_ == Step::Pin) pinAgain_.clear();
  }

  // Checks the page; moves on or says what to fix.
  void next(UiContext& ui) {
    error_.clear();
    auto check = [&](const char* field, const std::string& value, const char* message) {
      if (app::LearnerService::validateField(field, value)) {
        error_ = message;
        return false;
      }
      return true;
    };
    switch (step_) {
      case Step::Name:
        if (!check("name", name_.text(), tr("Please type your full name (at most 80 letters)."))) return;
        break;
      case Step::Year:
        if (!check("birth_year", year_, tr("Please type the year you were born, with 4 digits, for example 1965."))) return;
        break;
      case Step::Group: break;
      case Step::CitizenId:
        if (!check("citizen_id", citizenId_, tr("A citizen ID number has exactly 12 digits. Check the card, or tap Skip."))) return;
        break;
      case Step::Phone:
        if (!check("phone", phone_, tr("A phone number has 10 digits and starts with 0. Check it, or tap Skip."))) return;
        break;
      case Step::Pin:
        if (!check("pin", pin_, tr("The secret number must have exactly 4 digits."))) return;
        break;
      case Step::PinAgain:
        if (pinAgain_ != pin_) {
          error_ = tr("The two secret numbers are not the same. Please choose it again.");
          pin_.clear();
          pinAgain_.clear();
          step_ = Step::Pin;
          return;
        }
        save(ui);
        return;
    }
    step_ = static_cast<Step>(static_cast<int>(step_) + 1);
  }

  void save(UiContext& ui) {
    app::Registration r;
    r.full_name = name_.text();
    r.birth_year = std::atoi(year_.c_str());
    r.target_group = group_;
    r.citizen_id = citizenId_;
    r.phone = phone_;
    r.pin = pin_;
    r.consent_given = true;
    r.consent_version = consentVersion_;
    auto learner = ui.app.learners.registerLearner(r);
    if (!learner) {
      const std::string why = learner.error().message;
      if (why.find("already registered") != std::string::npos) {
        error_ = tr("This citizen ID number is already registered. Go back to the start and choose \"I have studied here before\".");
      } else {
        error_ = tr("Could not save. Please tell the class helper. Nothing you typed was lost.");
      }
      return;
    }
    ui.session.learner = *learner;
    ui.navigate(makeHomeScreen());
  }

  std::string consentVersion_;
  Step step_ = Step::Name;
  std::optional<Step> scrolledFor_;
  input::Composer name_;
  std::string year_, citizenId_, phone_, pin_, pinAgain_;
  std::string group_ = "citizen";
  bool shift_ = true;  // a name starts with a capital
  std::string error_;
};

}  // namespace

std::unique_ptr<Screen> makeRegisterScreen(std::string consent_version) {
  return std::make_unique<RegisterScreen>(std::move(consent_version));
}

}  // namespace hocso::ui
