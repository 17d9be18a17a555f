// Registration (thin path): full name and birth year, typed on the screen's
// own keyboard (Telex/VNI) or a physical one, checked field by field with a
// plain Vietnamese message under the field that needs fixing.
#include <imgui.h>

#include <cstdlib>

#include "../i18n.hpp"
#include "../keyboard.hpp"
#include "../screen.hpp"

namespace hocso::ui {
namespace {

class RegisterScreen final : public Screen {
 public:
  const char* name() const override { return "register"; }

 protected:
  void drawContent(UiContext& ui) override {
    wrappedText(tr("Tell us who you are"), ui.fonts.title);
    wrappedText(tr("Your name stays on this computer, locked with a key. It is only used to keep your progress."));
    const float fieldWidth = std::min(ImGui::GetContentRegionAvail().x, 640.0f * ui.scale);

    if (active_ == Field::Name) takePhysicalTyping(name_);
    if (active_ == Field::Year) takePhysicalDigits(year_, 4);

    ImGui::TextUnformatted(tr("Full name"));
    if (fieldBox("name", name_.text(), active_ == Field::Name, fieldWidth)) active_ = Field::Name;
    if (!nameError_.empty()) errorText(nameError_.c_str());

    ImGui::TextUnformatted(tr("Year of birth (for example 1965)"));
    if (fieldBox("birth_year", year_, active_ == Field::Year, fieldWidth * 0.4f)) active_ = Field::Year;
    if (!yearError_.empty()) errorText(yearError_.c_str());
    if (!saveError_.empty()) errorText(saveError_.c_str());

    if (bigButton(tr("Continue###continue"), fieldWidth * 0.5f)) submit(ui);
    ImGui::SameLine();
    if (bigButton(tr("Back###back"), fieldWidth * 0.3f, false)) ui.navigate(makeWelcomeScreen());

    ImGui::Spacing();
    if (active_ == Field::Name)
      letterKeyboard(name_, shift_);
    else
      digitPad(year_, 4);
  }

 private:
  enum class Field { Name, Year };

  void submit(UiContext& ui) {
    nameError_.clear();
    yearError_.clear();
    saveError_.clear();
    const std::string name = name_.text();
    const int year = year_.empty() ? 0 : std::atoi(year_.c_str());
    for (const auto& e : app::LearningService::validateRegistration(name, year)) {
      if (e.field == "name") nameError_ = tr("Please type your full name (at most 80 letters).");
      if (e.field == "birth_year") yearError_ = tr("Please type the year you were born, with 4 digits, for example 1965.");
    }
    if (!nameError_.empty()) active_ = Field::Name;
    else if (!yearError_.empty()) active_ = Field::Year;
    if (!nameError_.empty() || !yearError_.empty()) return;
    auto learner = ui.learning.registerLearner(name, year);
    if (!learner) {
      saveError_ = tr("Could not save. Please tell the class helper. Nothing you typed was lost.");
      return;
    }
    ui.session.learner = *learner;
    ui.navigate(makeHomeScreen());
  }

  input::Composer name_;
  std::string year_;
  Field active_ = Field::Name;
  bool shift_ = true;  // a name starts with a capital
  std::string nameError_, yearError_, saveError_;
};

}  // namespace

std::unique_ptr<Screen> makeRegisterScreen() { return std::make_unique<RegisterScreen>(); }

}  // namespace hocso::ui
