// Sign-in without typing: the learner taps their picture, then types their
// birth year and PIN on the big digit pad. When the PIN is right for several
// learners with that picture and year, the month they registered is asked
// (never a list of people). The name and citizen ID ways are one tap away.
#include <algorithm>
#include <cstdlib>

#include "signin_widgets.hpp"

namespace hocso::ui {
namespace {

enum class Step { Picture, Year, Pin, Month };

class PictureSignInScreen final : public SignInScreenBase {
 public:
  const char* name() const override { return "signin-picture"; }
  Next goBack(UiContext& /*ui*/) override { return back(); }

 protected:
  Next drawContent(UiContext& ui) override {
    const float footer = buttonHeight() + ImGui::GetStyle().ItemSpacing.y + 2.0f;
    wrappedText(title(), ui.platform.fonts.title);
    const float width = std::min(ImGui::GetContentRegionAvail().x, 640.0f * ui.display.scale);
    Next next;
    switch (step_) {
      case Step::Picture: {
        // Large text: the question says it all; the room goes to the drawings.
        if (ui.display.scale < 1.5f) wrappedText(tr("Tap the picture you chose when you registered."));
        if (!error_.empty()) errorText(error_.c_str());
        const float h = ImGui::GetContentRegionAvail().y - footer;
        if (pictureGrid(ui, picture_, std::max(h, buttonHeight()))) error_.clear();
        break;
      }
      case Step::Year:
      case Step::Pin: {
        ImGui::BeginChild("##page", ImVec2(0, -footer), false);
        if (const auto* p = app::findSigninPicture(picture_)) {
          // The chosen picture stays in view, small, with its name.
          drawSigninPicture(ui.platform.pictures, *p, std::min(pictureTileSide(), ImGui::GetFontSize() * 3.0f));
          ImGui::SameLine();
          ImGui::AlignTextToFramePadding();
          ImGui::TextUnformatted(p->name_vi.c_str());
          ui.platform.probe.noteLastItem(p->name_vi, "chosen-picture", false);
        }
        if (step_ == Step::Year) {
          takePhysicalDigits(year_, 4);
          fieldBox("birth_year", year_, true, width * 0.4f);
        } else {
          takePhysicalDigits(pin_, 4);
          fieldBox("pin", std::string(pin_.size(), '*'), true, width * 0.3f);
        }
        if (!error_.empty()) errorText(error_.c_str());
        digitPad(step_ == Step::Year ? year_ : pin_, 4);
        moreBelowCue();
        ImGui::EndChild();
        break;
      }
      case Step::Month: {
        ImGui::BeginChild("##page", ImVec2(0, -footer), false);
        const int m = monthQuestion(error_, tr("Another learner has the same picture, birth year and secret number. To know which one is you, tap the month you first registered here."));
        ImGui::EndChild();
        if (m > 0) next = submit(ui, m);
        break;
      }
    }
    // Footer: the main action, Back, and the other way in.
    const float bw = columnWidth(3);
    if (step_ != Step::Month) {
      if (bigButton(step_ == Step::Pin ? tr("Sign in###signin") : tr("Continue###continue"), bw)) next = advance(ui);
      ImGui::SameLine();
    }
    if (bigButton(tr("Back###back"), bw, false)) next = back();
    ImGui::SameLine();
    if (bigButton(tr("With my name###by-name"), bw, false)) next = Next::to(makeSignInScreen());
    return next;
  }

 private:
  const char* title() const {
    switch (step_) {
      case Step::Picture: return tr("Which is your picture?");
      case Step::Year: return tr("In which year were you born?");
      case Step::Pin: return tr("Your secret number (4 digits)");
      case Step::Month: return tr("In which month did you register?");
    }
    return "";
  }

  Next back() {
    error_.clear();
    switch (step_) {
      case Step::Picture: return Next::to(makeWelcomeScreen());
      case Step::Year: step_ = Step::Picture; break;
      case Step::Pin: step_ = Step::Year; break;
      case Step::Month: pin_.clear(); step_ = Step::Pin; break;
    }
    return {};
  }

  // A page's answer is fine; else `why` is shown under it.
  bool passes(bool fine, const char* why) {
    if (!fine) error_ = why;
    return fine;
  }

  // The main button: the next step, or the sign-in itself.
  Next advance(UiContext& ui) {
    error_.clear();
    switch (step_) {
      case Step::Picture:
        if (passes(!picture_.empty(), tr("Tap your picture first."))) step_ = Step::Year;
        break;
      case Step::Year:
        if (passes(!app::LearnerService::validateField("birth_year", year_),
                   tr("Please type the year you were born, with 4 digits, for example 1965.")))
          step_ = Step::Pin;
        break;
      case Step::Pin:
        if (passes(!app::LearnerService::validateField("pin", pin_), tr("The secret number must have exactly 4 digits.")))
          return submit(ui, std::nullopt);
        break;
      case Step::Month: break;
    }
    return {};
  }

  Next submit(UiContext& ui, std::optional<int> month) {
    auto outcome = ui.app.learners.signInByPicture(picture_, std::atoi(year_.c_str()), pin_, month);
    if (!outcome) {
      pin_.clear();
      step_ = Step::Pin;
      error_ = tr("Could not check right now. Please tell the class helper.");
      return {};
    }
    if (outcome->status == app::SignInStatus::SignedIn) return signedIn(ui.session, *outcome);
    if (outcome->status == app::SignInStatus::NeedsHint) {
      step_ = Step::Month;  // the PIN is kept for the second try
      return {};
    }
    error_ = refusal(*outcome, tr("The picture, year or secret number does not match. Please check and try again."),
                     tr("We cannot tell you apart from another learner. Please ask the class helper, or sign in with your name."));
    pin_.clear();
    step_ = Step::Pin;
    return {};
  }

  Step step_ = Step::Picture;
  std::string picture_, year_, pin_, error_;
};

}  // namespace

std::unique_ptr<Screen> makePictureSignInScreen() { return std::make_unique<PictureSignInScreen>(); }

}  // namespace hocso::ui
