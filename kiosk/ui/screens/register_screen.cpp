// Registration (thin path): full name and birth year, checked field by field
// with a plain Vietnamese message under the field that needs fixing.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <cstdlib>

#include "../i18n.hpp"
#include "../probe.hpp"
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
    ImGui::Spacing();
    const float fieldWidth = std::min(ImGui::GetContentRegionAvail().x, 640.0f * ui.scale);

    ImGui::TextUnformatted(tr("Full name"));
    ImGui::SetNextItemWidth(fieldWidth);
    if (focusFirst_) {
      ImGui::SetKeyboardFocusHere();
      focusFirst_ = false;
    }
    ImGui::InputText("##name", &name_);
    probe().noteLastItem(name_, "name", true);
    if (!nameError_.empty()) errorText(nameError_.c_str());
    ImGui::Spacing();

    ImGui::TextUnformatted(tr("Year of birth (for example 1965)"));
    ImGui::SetNextItemWidth(fieldWidth * 0.4f);
    ImGui::InputText("##birth_year", &year_, ImGuiInputTextFlags_CharsDecimal);
    probe().noteLastItem(year_, "birth_year", true);
    if (!yearError_.empty()) errorText(yearError_.c_str());
    ImGui::Spacing();
    if (!saveError_.empty()) errorText(saveError_.c_str());
    ImGui::Spacing();

    if (bigButton(tr("Continue###continue"), fieldWidth * 0.5f)) submit(ui);
    ImGui::SameLine();
    if (bigButton(tr("Back###back"), fieldWidth * 0.3f, false)) ui.navigate(makeWelcomeScreen());
  }

 private:
  void submit(UiContext& ui) {
    nameError_.clear();
    yearError_.clear();
    saveError_.clear();
    const int year = year_.empty() ? 0 : std::atoi(year_.c_str());
    for (const auto& e : app::LearningService::validateRegistration(name_, year)) {
      if (e.field == "name") nameError_ = tr("Please type your full name (at most 80 letters).");
      if (e.field == "birth_year") yearError_ = tr("Please type the year you were born, with 4 digits, for example 1965.");
    }
    if (!nameError_.empty() || !yearError_.empty()) return;
    auto learner = ui.learning.registerLearner(name_, year);
    if (!learner) {
      saveError_ = tr("Could not save. Please tell the class helper. Nothing you typed was lost.");
      return;
    }
    ui.session.learner = *learner;
    ui.navigate(makeHomeScreen());
  }

  std::string name_, year_;
  std::string nameError_, yearError_, saveError_;
  bool focusFirst_ = true;
};

}  // namespace

std::unique_ptr<Screen> makeRegisterScreen() { return std::make_unique<RegisterScreen>(); }

}  // namespace hocso::ui
