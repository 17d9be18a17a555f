// Sign-in for a returning learner: full name (accents and case do not
// matter) + birth year + PIN, or citizen ID + PIN; the picture way is
// offered first. When the PIN is right for several learners of that name
// and year, the month they registered is asked (never a list of people).
// A wrong PIN only counts a failure; after five the screen says how long
// to wait (the lockout lives in kiosk.db).
#include <algorithm>
#include <cstdlib>

#include "signin_widgets.hpp"

namespace hocso::ui {
namespace {

enum class Field { Name, Year, CitizenId, Pin };

class SignInScreen final : public SignInScreenBase {
 public:
  const char* name() const override { return "signin"; }

 protected:
  Next drawContent(UiContext& ui) override {
    // Sign in / Back stay in a footer; the fields and keyboard scroll above
    // them at large text sizes.
    const float footer = buttonHeight() + ImGui::GetStyle().ItemSpacing.y * 2;
    ImGui::BeginChild("##page", ImVec2(0, -footer), false);
    if (askMonth_) return drawMonthQuestion(ui);
    const float width = std::min(ImGui::GetContentRegionAvail().x, 640.0f * ui.display.scale);
    Next next = drawTitle(ui, width);
    if (active_ == Field::Name) takePhysicalTyping(name_);
    if (active_ == Field::Year) takePhysicalDigits(year_, 4);
    if (active_ == Field::CitizenId) takePhysicalDigits(citizenId_, 12);
    if (active_ == Field::Pin) takePhysicalDigits(pin_, 4);
    if (!byId_) drawNameFields(width);
    else drawIdFields(width);
    if (!error_.empty()) errorText(error_.c_str());
    ImGui::Spacing();
    switch (active_) {
      case Field::Name: break;  // drawn under the name
      case Field::Year: digitPad(year_, 4); break;
      case Field::CitizenId: digitPad(citizenId_, 12); break;
      case Field::Pin: digitPad(pin_, 4); break;
    }
    if (active_ != Field::Name) keepKeyboardInView();
    moreBelowCue();
    ImGui::EndChild();
    return std::move(next).then(drawFooter(ui));
  }

 private:
  // The PIN was right for several learners of this name and year: the
  // safe hint (nobody is listed). Closes the page.
  Next drawMonthQuestion(UiContext& ui) {
    wrappedText(tr("In which month did you register?"), ui.platform.fonts.title);
    const int m = monthQuestion(error_, tr("Another learner has the same name, birth year and secret number. To know which one is you, tap the month you first registered here."));
    ImGui::EndChild();
    Next next;
    if (m > 0) next = submit(ui, m);
    const float bw = columnWidth(3);
    if (bigButton(tr("Back###back"), bw, false)) {
      askMonth_ = false;
      pin_.clear();
      active_ = Field::Pin;
    }
    return next;
  }

  // The easiest way, offered first: no name to type. On the title's line
  // when both fit (a row more for the keyboard), else under it.
  Next drawTitle(UiContext& ui, float width) {
    const char* byPicture = tr("No typing: sign in with my picture###by-picture");
    ImGui::PushFont(ui.platform.fonts.title);
    const float titleW = ImGui::CalcTextSize(tr("Welcome back")).x;
    ImGui::PopFont();
    const float pictureW = ImGui::CalcTextSize(byPicture, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 4;
    const float avail = ImGui::GetContentRegionAvail().x;
    bool toPictures = false;
    if (titleW + pictureW + ImGui::GetStyle().ItemSpacing.x * 4 <= avail) {
      const ImVec2 at = ImGui::GetCursorPos();
      wrappedText(tr("Welcome back"), ui.platform.fonts.title);
      const float below = ImGui::GetCursorPosY();
      ImGui::SetCursorPos(ImVec2(at.x + avail - pictureW, at.y));
      toPictures = bigButton(byPicture, pictureW, false);
      ImGui::SetCursorPosY(std::max(below, ImGui::GetCursorPosY()));
    } else {
      wrappedText(tr("Welcome back"), ui.platform.fonts.title);
      toPictures = bigButton(byPicture, width, false);
    }
    return toPictures ? Next::to(makePictureSignInScreen()) : Next();
  }

  void drawNameFields(float width) {
    ImGui::TextUnformatted(tr("Full name"));
    if (fieldBox("name", name_.text(), active_ == Field::Name, width)) active_ = Field::Name;
    if (active_ == Field::Name) {
      // The letter keyboard right under the name, so at large text the
      // field and its keys show together (the short fields follow).
      ImGui::Spacing();
      letterKeyboard(name_, shift_);
      keepKeyboardInView();
    }
    // Birth year and secret number side by side (two short fields), so
    // the name's letter keyboard fits under them on a 768-line screen.
    const float yearW = width * 0.4f, pinW = width * 0.3f;
    const float pinLabelW = ImGui::CalcTextSize(tr("Your secret number (4 digits)")).x;
    const float gap = ImGui::GetStyle().ItemSpacing.x * 3;
    const bool sideBySide = yearW + gap + std::max(pinW, pinLabelW) <= ImGui::GetContentRegionAvail().x;
    ImGui::BeginGroup();
    ImGui::TextUnformatted(tr("Year of birth"));
    if (fieldBox("birth_year", year_, active_ == Field::Year, yearW)) active_ = Field::Year;
    ImGui::EndGroup();
    if (sideBySide) ImGui::SameLine(0.0f, gap);
    ImGui::BeginGroup();
    ImGui::TextUnformatted(tr("Your secret number (4 digits)"));
    if (fieldBox("pin", std::string(pin_.size(), '*'), active_ == Field::Pin, pinW)) active_ = Field::Pin;
    ImGui::EndGroup();
  }

  void drawIdFields(float width) {
    ImGui::TextUnformatted(tr("Citizen ID number (12 digits)"));
    if (fieldBox("citizen_id", citizenId_, active_ == Field::CitizenId, width * 0.7f)) active_ = Field::CitizenId;
    ImGui::TextUnformatted(tr("Your secret number (4 digits)"));
    if (fieldBox("pin", std::string(pin_.size(), '*'), active_ == Field::Pin, width * 0.3f)) active_ = Field::Pin;
  }

  Next drawFooter(UiContext& ui) {
    Next next;
    const float bw = columnWidth(3);
    if (bigButton(tr("Sign in###signin"), bw)) next = submit(ui);
    ImGui::SameLine();
    if (bigButton(tr("Back###back"), bw, false)) next = Next::to(makeWelcomeScreen());
    ImGui::SameLine();
    // The other way to sign in.
    if (byId_) {
      if (bigButton(tr("With my name###by-name"), bw, false)) switchMode(false);
    } else if (bigButton(tr("With my citizen ID###by-id"), bw, false)) {
      switchMode(true);
    }
    return next;
  }

  void switchMode(bool byId) {
    byId_ = byId;
    active_ = byId ? Field::CitizenId : Field::Name;
    error_.clear();
  }

  Next submit(UiContext& ui, std::optional<int> month = std::nullopt) {
    error_.clear();
    if (!byId_ && (app::LearnerService::validateField("name", name_.text()) ||
                   app::LearnerService::validateField("birth_year", year_))) {
      error_ = tr("Please type your full name and the year you were born.");
      return {};
    }
    if (byId_ && (citizenId_.empty() || app::LearnerService::validateField("citizen_id", citizenId_))) {
      error_ = tr("A citizen ID number has exactly 12 digits.");
      active_ = Field::CitizenId;
      return {};
    }
    if (app::LearnerService::validateField("pin", pin_)) {
      error_ = tr("The secret number must have exactly 4 digits.");
      active_ = Field::Pin;
      return {};
    }
    auto outcome = byId_ ? ui.app.learners.signInByCitizenId(citizenId_, pin_)
                         : ui.app.learners.signInByName(name_.text(), std::atoi(year_.c_str()), pin_, month);
    if (outcome && outcome->status == app::SignInStatus::NeedsHint) {
      askMonth_ = true;  // the PIN is kept for the second try
      return {};
    }
    askMonth_ = false;
    pin_.clear();
    if (!outcome) {
      error_ = tr("Could not check right now. Please tell the class helper.");
      return {};
    }
    if (outcome->status == app::SignInStatus::SignedIn) return signedIn(ui.session, *outcome);
    error_ = refusal(*outcome, tr("The name, year or secret number does not match. Please check and try again."),
                     tr("We cannot tell you apart from another learner. Please ask the class helper."));
    active_ = Field::Pin;
    return {};
  }

  bool byId_ = false;
  bool askMonth_ = false;
  Field active_ = Field::Name;
  // After the keyboard: when the field, the text size or the window changed,
  // scroll so the keyboard is whole in view (nothing to do while all fits).
  void keepKeyboardInView() {
    const ImVec2 size = ImGui::GetMainViewport()->Size;
    const float font = ImGui::GetFontSize();
    if (scrolledFor_ == active_ && font == scrolledFont_ && size.x == scrolledSize_.x && size.y == scrolledSize_.y) return;
    // Clear of the "more below" band too (the short fields follow).
    const float bottom = ImGui::GetCursorPosY() + moreBelowHeight();
    if (bottom > ImGui::GetScrollY() + ImGui::GetWindowHeight()) ImGui::SetScrollY(bottom - ImGui::GetWindowHeight());
    scrolledFor_ = active_;
    scrolledFont_ = font;
    scrolledSize_ = size;
  }

  std::optional<Field> scrolledFor_;
  float scrolledFont_ = 0.0f;
  ImVec2 scrolledSize_;
  input::Composer name_;
  std::string year_, citizenId_, pin_;
  bool shift_ = true;
  std::string error_;
};

}  // namespace

std::unique_ptr<Screen> makeSignInScreen() { return std::make_unique<SignInScreen>(); }

}  // namespace hocso::ui
