// Welcome: the first thing a learner sees; one clear way in.
#include "../i18n.hpp"
#include "../screen.hpp"

namespace hocso::ui {
namespace {

class WelcomeScreen final : public Screen {
 public:
  const char* name() const override { return "welcome"; }

 protected:
  void drawContent(UiContext& ui) override {
    const float h = ImGui::GetContentRegionAvail().y;
    ImGui::Dummy(ImVec2(0, h * 0.12f));
    centeredText(tr("Welcome to the digital skills class"), ui.fonts.title);
    ImGui::Spacing();
    centeredText(tr("Learn to use a phone and the Internet safely, step by step."), ui.fonts.body);
    centeredText(tr("Lessons are short. Take your time: there is no hurry."), ui.fonts.body);
    ImGui::Dummy(ImVec2(0, h * 0.08f));
    const float w = std::min(ImGui::GetContentRegionAvail().x * 0.6f, 520.0f * ui.scale);
    ImGui::SetCursorPosX((ImGui::GetContentRegionAvail().x - w) * 0.5f);
    if (bigButton(tr("Start learning###start"), w)) ui.navigate(makeRegisterScreen());
    ImGui::Dummy(ImVec2(0, h * 0.05f));
    const std::string site = ui.learning.context().config.site_name;
    centeredText(site.c_str(), ui.fonts.body);
  }
};

}  // namespace

std::unique_ptr<Screen> makeWelcomeScreen() { return std::make_unique<WelcomeScreen>(); }

}  // namespace hocso::ui
