// Welcome: the first thing a learner sees. Clear ways in (first time, or
// coming back: by picture first, or by name), and a quieter door for the
// class helper.
#include <spdlog/spdlog.h>

#include <algorithm>

#include "../i18n.hpp"
#include "../theme.hpp"
#include "../screen.hpp"
#include "signin_widgets.hpp"

namespace hocso::ui {
namespace {

class WelcomeScreen final : public Screen {
 public:
  const char* name() const override { return "welcome"; }

 protected:
  void drawContent(UiContext& ui) override {
    // The kiosk left paused (even before a restart) is paused still: every
    // way to the welcome screen, start-up included, leads to the notice.
    if (!pauseChecked_) {
      pauseChecked_ = true;
      auto paused = ui.app.settings.paused();
      if (!paused) spdlog::error("{}", paused.error().message);
      if (paused && *paused) {
        ui.navigate(makePausedScreen());
        return;
      }
    }
    const float h = ImGui::GetContentRegionAvail().y;
    // Large text: less air, so the ways in show without scrolling.
    const float air = ui.scale >= 1.5f ? 0.3f : 1.0f;
    ImGui::Dummy(ImVec2(0, h * 0.06f * air));
    centeredText(tr("Welcome to the digital skills class"), ui.fonts.title);
    ImGui::Spacing();
    if (ui.scale < 1.5f) {  // large text: the ways in come first
      centeredText(tr("Learn to use a phone and the Internet safely, step by step."), ui.fonts.body);
      centeredText(tr("Lessons are short. Take your time: there is no hurry."), ui.fonts.body);
    }
    ImGui::Dummy(ImVec2(0, h * 0.05f * air));
    const float w = std::min(ImGui::GetContentRegionAvail().x * 0.7f, 620.0f * ui.scale);
    const float x = (ImGui::GetContentRegionAvail().x - w) * 0.5f;
    ImGui::SetCursorPosX(x);
    if (bigButton(tr("I am new here###new"), w)) ui.navigate(makeConsentScreen());
    ImGui::SetCursorPosX(x);
    // Coming back: the picture first (nothing to type), then the name.
    if (bigButton(tr("I have studied here: sign in with my picture###returning-picture"), w))
      ui.navigate(makePictureSignInScreen());
    ImGui::SetCursorPosX(x);
    if (bigButton(tr("Sign in with my name###returning"), w, false)) ui.navigate(makeSignInScreen());
    ImGui::Dummy(ImVec2(0, h * 0.04f * air));
    const std::string site = ui.app.ctx.config.site_name;
    centeredText(site.c_str(), ui.fonts.body);
    // The class helper's door: bottom right, smaller, out of the learner's way.
    const float fw = ImGui::CalcTextSize(tr("For the class helper")).x + ImGui::GetStyle().FramePadding.x * 4;
    const float bh = std::max(kTouchTarget, ImGui::GetFontSize() * 2.2f);
    ImGui::SetCursorPos(ImVec2(ImGui::GetContentRegionMax().x - fw,
                               std::max(ImGui::GetCursorPosY(), ImGui::GetContentRegionMax().y - bh)));
    if (bigButton(tr("For the class helper###facilitator"), fw, false)) ui.navigate(makeFacilitatorLoginScreen());
    moreBelowCue();
  }

 private:
  bool pauseChecked_ = false;
};

}  // namespace

std::unique_ptr<Screen> makeWelcomeScreen() { return std::make_unique<WelcomeScreen>(); }

}  // namespace hocso::ui
