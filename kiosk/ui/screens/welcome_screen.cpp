// Welcome: the first thing a learner sees. Clear ways in (first time, or
// coming back: by picture first, or by name), and a quieter door for the
// class helper.
#include <spdlog/spdlog.h>

#include <algorithm>

#include "../i18n.hpp"
#include "../probe.hpp"
#include "../theme.hpp"
#include "../screen.hpp"
#include "signin_widgets.hpp"

namespace hocso::ui {
namespace {

// The kiosk's mark, drawn (no image file, a handful of triangles for the
// software renderer): a phone in the brand blue, square-cornered like the
// rest of the kiosk, with a tick on its screen: a phone you can use, safely.
// `size` is its height; the name "HọcSố" follows on the same line.
void drawLogo(UiContext& ui, float size) {
  const Palette& p = palette();
  const char* name = "HọcSố";
  ImGui::PushFont(ui.platform.fonts.title);
  const ImVec2 nameSize = ImGui::CalcTextSize(name);
  const float nameFont = ImGui::GetFontSize();
  ImGui::PopFont();
  const float phoneW = size * 0.62f, gap = size * 0.3f;
  const float total = phoneW + gap + nameSize.x;
  const float x0 = ImGui::GetCursorScreenPos().x + (ImGui::GetContentRegionAvail().x - total) * 0.5f;
  const float y0 = ImGui::GetCursorScreenPos().y;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImU32 blue = ImGui::GetColorU32(p.brand), paper = ImGui::GetColorU32(p.background);
  const ImU32 green = ImGui::GetColorU32(p.right);
  // The phone: a body, its screen, a home button.
  dl->AddRectFilled(ImVec2(x0, y0), ImVec2(x0 + phoneW, y0 + size), blue);
  const float m = phoneW * 0.12f;
  const ImVec2 s0(x0 + m, y0 + size * 0.12f), s1(x0 + phoneW - m, y0 + size * 0.78f);
  dl->AddRectFilled(s0, s1, paper);
  dl->AddCircleFilled(ImVec2(x0 + phoneW * 0.5f, y0 + size * 0.89f), size * 0.055f, paper, 12);
  // A thick tick on the screen.
  const float cx = (s0.x + s1.x) * 0.5f, cy = (s0.y + s1.y) * 0.5f, k = (s1.x - s0.x) * 0.32f;
  const ImVec2 tick[] = {ImVec2(cx - k, cy), ImVec2(cx - k * 0.25f, cy + k * 0.75f), ImVec2(cx + k, cy - k * 0.8f)};
  dl->AddPolyline(tick, 3, green, 0, std::max(3.0f, size * 0.09f));
  // The name, centred on the phone's height.
  dl->AddText(ui.platform.fonts.title, nameFont, ImVec2(x0 + phoneW + gap, y0 + (size - nameSize.y) * 0.5f), blue, name);
  ImGui::Dummy(ImVec2(ImGui::GetContentRegionAvail().x, size));
  ui.platform.probe.noteLastItem(name, "logo", false);
}

class WelcomeScreen final : public Screen {
 public:
  const char* name() const override { return "welcome"; }

 protected:
  Next drawContent(UiContext& ui) override {
    // The kiosk left paused (even before a restart) is paused still: every
    // way to the welcome screen, start-up included, leads to the notice.
    if (!pauseChecked_) {
      pauseChecked_ = true;
      auto paused = ui.app.settings.paused();
      if (!paused) spdlog::error("{}", paused.error().message);
      if (paused && *paused) {
        return Next::to(makePausedScreen());
      }
    }
    const float h = ImGui::GetContentRegionAvail().y;
    // Large text: less air, so the ways in show without scrolling.
    const float air = ui.display.scale >= 1.5f ? 0.3f : 1.0f;
    // The mark in place of the top air; not at large text (the ways in come first).
    if (ui.display.scale < 1.5f) drawLogo(ui, ImGui::GetFontSize() * 2.2f);
    else ImGui::Dummy(ImVec2(0, h * 0.06f * air));
    centeredText(tr("Welcome to the digital skills class"), ui.platform.fonts.title);
    ImGui::Spacing();
    if (ui.display.scale < 1.5f) {  // large text: the ways in come first
      centeredText(tr("Learn to use a phone and the Internet safely, step by step."), ui.platform.fonts.body);
      centeredText(tr("Lessons are short. Take your time: there is no hurry."), ui.platform.fonts.body);
    }
    ImGui::Dummy(ImVec2(0, h * 0.05f * air));
    const float w = std::min(ImGui::GetContentRegionAvail().x * 0.7f, 620.0f * ui.display.scale);
    const float x = (ImGui::GetContentRegionAvail().x - w) * 0.5f;
    ImGui::SetCursorPosX(x);
    Next next;
    if (bigButton(tr("I am new here###new"), w)) next = Next::to(makeConsentScreen());
    ImGui::SetCursorPosX(x);
    // Coming back: the picture first (nothing to type), then the name.
    if (bigButton(tr("I have studied here: sign in with my picture###returning-picture"), w))
      next = Next::to(makePictureSignInScreen());
    ImGui::SetCursorPosX(x);
    if (bigButton(tr("Sign in with my name###returning"), w, false)) next = Next::to(makeSignInScreen());
    ImGui::Dummy(ImVec2(0, h * 0.04f * air));
    const std::string site = ui.app.ctx.config.site_name;
    centeredText(site.c_str(), ui.platform.fonts.body);
    // The class helper's door: bottom right, smaller, out of the learner's way.
    const float fw = ImGui::CalcTextSize(tr("For the class helper")).x + ImGui::GetStyle().FramePadding.x * 4;
    const float bh = std::max(kTouchTarget, ImGui::GetFontSize() * 2.2f);
    ImGui::SetCursorPos(ImVec2(ImGui::GetContentRegionMax().x - fw,
                               std::max(ImGui::GetCursorPosY(), ImGui::GetContentRegionMax().y - bh)));
    if (bigButton(tr("For the class helper###facilitator"), fw, false)) next = Next::to(makeFacilitatorLoginScreen());
    moreBelowCue();
    return next;
  }

 private:
  bool pauseChecked_ = false;
};

}  // namespace

std::unique_ptr<Screen> makeWelcomeScreen() { return std::make_unique<WelcomeScreen>(); }

}  // namespace hocso::ui
