// Registration, one question per page so nothing crowds the screen: full
// name (on-screen Telex/VNI keyboard or a physical one), birth year, target
// group, optional citizen ID and phone, optionally their Đại sứ số (mentor),
// a sign-in picture (required, nothing chosen beforehand: they sign in later
// with picture + birth year + PIN, typing nothing), then a 4-digit PIN
// typed twice.
// Each page is checked before moving on, with a plain message under the field.
#include <imgui.h>
#include <spdlog/spdlog.h>

#include <fmt/printf.h>
#include <cstdlib>
#include <optional>
#include <vector>

#include "../i18n.hpp"
#include "../keyboard.hpp"
#include "../probe.hpp"
#include "../screen.hpp"
#include "signin_widgets.hpp"

namespace hocso::ui {
namespace {

// Quotes the welcome screen's sign-in button as it reads now (its catalog
// entry), so the message never names a button that is no longer there.
std::string alreadyRegisteredMessage() {
  const std::string button = splitLabel(tr("I have studied here: sign in with my picture###returning-picture")).first;
  std::string line = fmt::sprintf(tr("This citizen ID number is already registered. Go back to the start and choose \"%s\"."),
                button.c_str());
  return line;
}

enum class Step { Name, Year, Group, CitizenId, Phone, Mentor, Picture, Pin, PinAgain };

class RegisterScreen final : public Screen {
 public:
  explicit RegisterScreen(std::string consent_version) : Screen(NavBar::HomeBack), consentVersion_(std::move(consent_version)) {}
  const char* name() const override { return "register"; }
  Next goBack(UiContext& /*ui*/) override { return back(); }

 protected:
  Next drawContent(UiContext& ui) override {
    if (!mentorsLoaded_) loadMentors(ui);
    // Large text: tighter gaps between the lines, so the question, the field,
    // the whole keyboard and the buttons share a 768-px-high screen.
    const bool large = ui.display.scale >= 1.5f;
    if (large) {
      const ImVec2 sp = ImGui::GetStyle().ItemSpacing;
      ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(sp.x, std::min(sp.y, 12.0f)));
    }
    const float fieldWidth = std::min(ImGui::GetContentRegionAvail().x, 640.0f * ui.display.scale);
    // The step and the question stay at the top and the buttons in a footer;
    // the page between them scrolls at large text sizes and keeps the field
    // and its keyboard in view.
    int shown = static_cast<int>(step_) + 1, steps = 9;
    if (mentors_.empty()) {  // no Đại sứ số listed here: the page is left out
      --steps;
      if (step_ > Step::Mentor) --shown;
    }
    stepAndTitle(ui, shown, steps);
    // The footer: one spacing, the buttons and 2 px to spare.
    const float footer = buttonHeight() + ImGui::GetStyle().ItemSpacing.y + 2.0f;
    ImGui::BeginChild("##page", ImVec2(0, -footer), false);
    drawPage(ui, fieldWidth, large);
    ImGui::EndChild();
    Next next = drawFooter(ui, fieldWidth);
    if (large) ImGui::PopStyleVar();
    return next;
  }

 private:
  // A page that asks for digits: its help line, the field and the digit pad.
  struct DigitPage {
    const char* help;
    std::string* value;
    size_t maxLength;
    const char* id;
    float widthShare;  // of the field width
    bool secret;       // shown as stars
  };
  std::optional<DigitPage> digitPage() {
    switch (step_) {
      case Step::Year: return DigitPage{tr("Four digits, for example 1965."), &year_, 4, "birth_year", 0.4f, false};
      case Step::CitizenId:
        return DigitPage{tr("The 12 digits on your citizen ID card. It lets you sign in and have your certificate confirmed. You may skip it."),
                         &citizenId_, 12, "citizen_id", 0.7f, false};
      case Step::Phone:
        return DigitPage{tr("Ten digits starting with 0. You may skip it."), &phone_, 10, "phone", 0.6f, false};
      case Step::Pin:
        return DigitPage{tr("You will type it each time you come back. Do not tell it to anyone."), &pin_, 4, "pin",
                         0.3f, true};
      case Step::PinAgain:
        return DigitPage{tr("This makes sure you remember them."), &pinAgain_, 4, "pin_again", 0.3f, true};
      default: return std::nullopt;
    }
  }

  // The page between the title and the footer: the question's field (or
  // choices), its error and its keyboard.
  void drawPage(UiContext& ui, float fieldWidth, bool large) {
    const std::optional<DigitPage> digits = digitPage();
    if (digits) {
      help(digits->help);
      takePhysicalDigits(*digits->value, digits->maxLength);
      fieldBox(digits->id, digits->secret ? std::string(digits->value->size(), '*') : *digits->value, true,
               fieldWidth * digits->widthShare);
    } else {
      drawChoicePage(ui, fieldWidth, large);
    }
    if (!error_.empty() && step_ != Step::Picture) errorText(error_.c_str());
    if (!large) ImGui::Spacing();  // large text: no room to spare above the keyboard
    if (digits) digitPad(*digits->value, digits->maxLength);
    if (step_ == Step::Name) letterKeyboard(name_, shift_);
    if (scrolledFor_ != step_) {
      // A new page taller than the window (large text): scroll so the
      // keyboard is whole and the field just above it is in view.
      if (step_ != Step::Group && step_ != Step::Mentor && step_ != Step::Picture) ImGui::SetScrollHereY(1.0f);
      scrolledFor_ = step_;
    }
  }

  // The pages that are not digits: the name, the group, the mentor, the picture.
  void drawChoicePage(UiContext& ui, float fieldWidth, bool large) {
    switch (step_) {
      case Step::Name:
        help(tr("Type it as on your ID card, for example Nguyễn Thị Hồng."));
        takePhysicalTyping(name_);
        fieldBox("name", name_.text(), true, fieldWidth);
        break;
      case Step::Group: drawGroups(ui, fieldWidth); break;
      case Step::Mentor: drawMentors(fieldWidth); break;
      case Step::Picture:
        // Large text: a short line, so a whole row of drawings shows; the
        // error, when there is one, takes the help line's place.
        if (!error_.empty()) {
          errorText(error_.c_str());
        } else {
          help(large ? tr("Next time, tap this picture to sign in.")
                     : tr("Next time, tap this picture and type your birth year and secret number: no need to type your name. Others may choose the same picture."));
        }
        if (pictureGrid(ui, picture_, std::max(buttonHeight(), ImGui::GetContentRegionAvail().y))) error_.clear();
        break;
      default: break;
    }
  }

  // Continue, Back and Skip side by side in any window width.
  Next drawFooter(UiContext& ui, float fieldWidth) {
    Next next;
    const float bw = std::min(fieldWidth * 0.45f, (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x * 2) / 2.2f);
    if (bigButton(tr("Continue###continue"), bw)) next = advance(ui);
    ImGui::SameLine();
    if (bigButton(tr("Back###back"), bw * 0.6f, false)) next = back();
    if (step_ == Step::CitizenId || step_ == Step::Phone || step_ == Step::Mentor) {
      ImGui::SameLine();
      if (bigButton(tr("Skip###skip"), bw * 0.6f, false)) {
        if (step_ == Step::CitizenId) citizenId_.clear();
        if (step_ == Step::Phone) phone_.clear();
        if (step_ == Step::Mentor) mentorId_.clear();
        error_.clear();
        forward();
      }
    }
    return next;
  }

  const char* title() const {
    switch (step_) {
      case Step::Name: return tr("What is your full name?");
      case Step::Year: return tr("In which year were you born?");
      case Step::Group: return tr("Which group are you in?");
      case Step::CitizenId: return tr("Your citizen ID number (not required)");
      case Step::Phone: return tr("Your phone number (not required)");
      case Step::Mentor: return tr("Who guides you? (not required)");
      case Step::Picture: return tr("Choose a picture you will remember");
      case Step::Pin: return tr("Choose a secret number of 4 digits");
      case Step::PinAgain: return tr("Type the same 4 digits once more");
    }
    return "";
  }

  // "Step 2 of 7" and the question, outside the scrolling page so the
  // question stays in view at 200% text; the step goes on the question's
  // line, at the right, when both fit (one line fewer above the keyboard).
  void stepAndTitle(UiContext& ui, int shown, int steps) const {
    std::string step = fmt::sprintf(tr("Step %d of %d"), shown, steps);
    const char* question = title();
    ImGui::PushFont(ui.platform.fonts.title);
    const float titleW = ImGui::CalcTextSize(question).x, titleH = ImGui::GetFontSize();
    ImGui::PopFont();
    const float stepW = ImGui::CalcTextSize(step.c_str()).x, gap = ImGui::GetStyle().ItemSpacing.x * 4;
    const float avail = ImGui::GetContentRegionAvail().x;
    if (titleW + gap + stepW > avail) {
      ImGui::TextDisabled("%s", step.c_str());
      ui.platform.probe.noteLastItem(step, "step", false);
      wrappedText(question, ui.platform.fonts.title);
      return;
    }
    const ImVec2 at = ImGui::GetCursorPos();
    wrappedText(question, ui.platform.fonts.title);
    const ImVec2 below = ImGui::GetCursorPos();
    ImGui::SetCursorPos(ImVec2(at.x + avail - stepW, at.y + (titleH - ImGui::GetFontSize()) * 0.5f));
    ImGui::TextDisabled("%s", step.c_str());
    ui.platform.probe.noteLastItem(step, "step", false);
    ImGui::SetCursorPos(below);
  }

  static void help(const char* text) {
    wrappedText(text);
    ImGui::Spacing();
  }

  // The Đại sứ số a learner may name. Privacy: only those a facilitator
  // listed, with their agreement, are shown by name (see
  // app::ListedMentor); the kiosk never lists the learners of the site, and
  // offers no search by name or phone that would tell who studies here.
  void loadMentors(UiContext& ui) {
    mentorsLoaded_ = true;
    auto listed = ui.app.learners.listedMentors();
    if (!listed) {
      spdlog::error("registration goes on without the Đại sứ số page: {}", listed.error().message);
      return;
    }
    mentors_ = std::move(*listed);
  }

  void drawMentors(float width) {
    help(tr("Digital ambassadors help people of the commune learn to use a phone. Tap the name of the one who helps you."));
    for (size_t i = 0; i < mentors_.size(); ++i) {
      const bool chosen = mentorId_ == mentors_[i].learner_id;
      const std::string label = mentors_[i].full_name + "###mentor-" + std::to_string(i);
      if (bigButton(label.c_str(), width, chosen)) {
        mentorId_ = mentors_[i].learner_id;
        error_.clear();
      }
    }
  }

  // The next page (the Đại sứ số page only when someone is listed).
  void forward() {
    step_ = static_cast<Step>(static_cast<int>(step_) + 1);
    if (step_ == Step::Mentor && mentors_.empty()) step_ = Step::Picture;
  }

  void drawGroups(UiContext& ui, float width) {
    help(tr("The lessons and the test are chosen for your group."));
    const auto& groups = ui.app.learning.pack().framework.target_groups;
    for (const auto& g : groups) {
      const bool chosen = group_ == g.code;
      // The chosen group is the filled (primary) button.
      const std::string label = g.title + "###group-" + g.code;
      if (bigButton(label.c_str(), width, chosen)) group_ = g.code;
    }
  }

  Next back() {
    error_.clear();
    if (step_ == Step::Name) return Next::to(makeWelcomeScreen());
    step_ = static_cast<Step>(static_cast<int>(step_) - 1);
    if (step_ == Step::Mentor && mentors_.empty()) step_ = Step::Phone;
    if (step_ == Step::Pin) pinAgain_.clear();
    return {};
  }

  // Checks the page; moves on or says what to fix.
  Next advance(UiContext& ui) {
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
        if (!check("name", name_.text(), tr("Please type your full name (at most 80 letters)."))) return {};
        break;
      case Step::Year:
        if (!check("birth_year", year_, tr("Please type the year you were born, with 4 digits, for example 1965."))) return {};
        break;
      case Step::Group: break;
      case Step::CitizenId:
        if (!check("citizen_id", citizenId_, tr("A citizen ID number has exactly 12 digits. Check the card, or tap Skip."))) return {};
        break;
      case Step::Phone:
        if (!check("phone", phone_, tr("A phone number has 10 digits and starts with 0. Check it, or tap Skip."))) return {};
        break;
      case Step::Mentor:
        if (mentorId_.empty()) {
          error_ = tr("Tap the name of the person who helps you, or tap Skip.");
          return {};
        }
        break;
      case Step::Picture:
        if (picture_.empty()) {
          error_ = ui.display.scale >= 1.5f ? tr("Tap one picture.") : tr("Tap a picture you will remember. You will tap it again to sign in.");
          return {};
        }
        break;
      case Step::Pin:
        if (!check("pin", pin_, tr("The secret number must have exactly 4 digits."))) return {};
        break;
      case Step::PinAgain:
        if (pinAgain_ != pin_) {
          error_ = tr("The two secret numbers are not the same. Please choose it again.");
          pin_.clear();
          pinAgain_.clear();
          step_ = Step::Pin;
          return {};
        }
        return save(ui);
    }
    forward();
    return {};
  }

  Next save(UiContext& ui) {
    app::Registration r;
    r.full_name = name_.text();
    r.birth_year = std::atoi(year_.c_str());
    r.target_group = group_;
    r.citizen_id = citizenId_;
    r.phone = phone_;
    r.mentor_id = mentorId_;
    r.pin = pin_;
    r.picture_id = picture_;
    r.consent_given = true;
    r.consent_version = consentVersion_;
    auto learner = ui.app.learners.registerLearner(r);
    if (!learner) {
      if (learner.error().code == ErrorCode::Exists) {
        error_ = alreadyRegisteredMessage();
      } else {
        error_ = tr("Could not save. Please tell the class helper. Nothing you typed was lost.");
      }
      return {};
    }
    ui.session.learner = *learner;
    return Next::to(makeHomeScreen());
  }

  std::string consentVersion_;
  Step step_ = Step::Name;
  std::optional<Step> scrolledFor_;
  input::Composer name_;
  std::string year_, citizenId_, phone_, pin_, pinAgain_;
  bool mentorsLoaded_ = false;
  std::vector<app::ListedMentor> mentors_;  // empty: the Đại sứ số page is left out
  std::string mentorId_;
  std::string picture_;  // no default: the learner chooses
  std::string group_ = "citizen";
  bool shift_ = true;  // a name starts with a capital
  std::string error_;
};

}  // namespace

std::unique_ptr<Screen> makeRegisterScreen(std::string consent_version) {
  return std::make_unique<RegisterScreen>(std::move(consent_version));
}

}  // namespace hocso::ui
