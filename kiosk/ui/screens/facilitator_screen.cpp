// Facilitator mode, unlocked: a menu on the left (today, dashboard, sync,
// content, reports, settings; pause; close) and the chosen section on the
// right. Left alone for the idle timeout, it closes itself so a walk-away
// never leaves it open to learners.
#include <cmath>
#include <imgui.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>

#include "../i18n.hpp"
#include "../probe.hpp"
#include "../widget_context.hpp"
#include "../theme.hpp"
#include "facilitator_mode.hpp"

namespace hocso::ui {
namespace {

struct MenuEntry {
  const char* label;  // msgid with ###id
  std::unique_ptr<FacilitatorSection> (*make)();
};

const MenuEntry kMenu[] = {
    {"Today###menu-today", makeTodaySection},
    {"Dashboard###menu-dashboard", makeDashboardSection},
    {"Sending results###menu-sync", makeSyncSection},
    {"Lessons from USB###menu-content", makeContentSection},
    {"Reports to USB###menu-reports", makeReportSection},
    {"Help a learner###menu-learners", makeLearnerHelpSection},
    {"Certificates###menu-certificates", makeCertificatesSection},
    {"Settings###menu-settings", makeSettingsSection},
};

// A menu entry: the full menu width, at least 48 px high.
bool menuButton(const char* label, bool selected) {
  const float h = std::max(kTouchTarget, ImGui::GetFontSize() * 1.85f);
  const Palette& p = palette();
  ImGui::PushStyleColor(ImGuiCol_Button, selected ? p.primary : p.secondary);
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, selected ? p.primaryHover : p.secondaryHover);
  ImGui::PushStyleColor(ImGuiCol_Text, selected ? p.primaryText : p.secondaryText);
  const bool pressed = ImGui::Button(label, ImVec2(-1.0f, h));
  ImGui::PopStyleColor(3);
  auto [text, id] = splitLabel(label);
  widgetProbe().noteLastItem(text, id, true);
  return pressed;
}

// True when this frame carries any input (pointer, wheel, keys, text).
bool anyInput() {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.MouseDelta.x != 0 || io.MouseDelta.y != 0 || io.MouseWheel != 0 || !io.InputQueueCharacters.empty())
    return true;
  for (bool down : io.MouseDown)
    if (down) return true;
  for (bool down : io.KeysDown)
    if (down) return true;
  return false;
}

class FacilitatorScreen final : public Screen {
 public:
  explicit FacilitatorScreen(FacilitatorMode mode) : mode_(std::move(mode)) {}
  const char* name() const override { return section_ ? section_->screenName() : "facilitator"; }

 protected:
  Next drawContent(UiContext& ui) override {
    if (!ui.session.facilitator)  // not unlocked (or closed elsewhere): ask for the PIN
      return Next::to(makeFacilitatorLoginScreen());
    if (mode_.facilitator_id.empty()) {
      mode_.facilitator_id = ui.session.facilitator->id;
      mode_.facilitator_name = ui.session.facilitator->name;
    }
    if (!section_) open(ui, 0);
    Next next = closeWhenIdle(ui);

    const float menuW = std::min(330.0f * ui.display.scale, ImGui::GetContentRegionAvail().x * 0.3f);
    ImGui::BeginChild("##menu", ImVec2(menuW, 0), false, ImGuiWindowFlags_NoSavedSettings);
    // At large text the menu takes smaller type (its rows stay >= 48 px), and
    // Pause / Close stay pinned under the sections, which scroll if they must:
    // the way out of facilitator mode shows at every size.
    const float menuScale = ui.display.scale >= 1.5f ? std::max(0.6f, 1.25f / ui.display.scale) : 1.0f;
    ImGui::SetWindowFontScale(menuScale);
    const float rowH = std::ceil(std::max(kTouchTarget, ImGui::GetFontSize() * 1.85f));
    const float pinned = 2 * rowH + 5 * std::min(ImGui::GetStyle().ItemSpacing.y, 6.0f) + ImGui::GetStyle().ItemSpacing.y + 14.0f;
    ImGui::BeginChild("##menu-sections", ImVec2(0, -pinned), false, ImGuiWindowFlags_NoSavedSettings);
    ImGui::SetWindowFontScale(1.0f);
    ImGui::PushFont(ui.platform.fonts.bold);
    ImGui::TextWrapped("%s", mode_.facilitator_name.c_str());
    ImGui::PopFont();
    ui.platform.probe.noteLastItem(mode_.facilitator_name, "facilitator-name", false);
    // Compact rows (still ≥ 48 px) so the whole menu fits at 1366×768.
    const ImVec2 spacing = ImGui::GetStyle().ItemSpacing;
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(spacing.x, std::min(spacing.y, 6.0f)));
    for (size_t i = 0; i < std::size(kMenu); ++i)
      if (menuButton(tr(kMenu[i].label), current_ == i) && current_ != i) open(ui, i);
    ImGui::PopStyleVar();
    moreBelowCue();
    ImGui::EndChild();
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(spacing.x, std::min(spacing.y, 6.0f)));
    ImGui::Dummy(ImVec2(0, 2));
    rule();
    ImGui::Dummy(ImVec2(0, 2));
    if (menuButton(tr("Pause the kiosk###pause"), false)) {
      // Kept in kiosk.db so a power cut or a crash brings the kiosk back
      // paused. If it cannot be saved the kiosk still pauses now.
      if (auto saved = ui.app.settings.setPaused(true, mode_.facilitator_id); !saved)
        spdlog::error("the pause will not survive a restart: {}", saved.error().message);
      else
        spdlog::info("kiosk paused by facilitator {}", mode_.facilitator_id);
      ui.session.facilitator.reset();
      ui.app.grace.clear();
      next = Next::to(makePausedScreen());
    }
    if (menuButton(tr("Close facilitator mode###close"), false)) {
      ui.session.facilitator.reset();
      ui.app.grace.clear();  // closed on purpose: the next one types their PIN
      next = Next::to(makeWelcomeScreen());
    }
    ImGui::PopStyleVar();
    ImGui::SetWindowFontScale(1.0f);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("##section", ImVec2(0, 0), false, ImGuiWindowFlags_NoSavedSettings);
    next = std::move(next).then(section_->draw(ui, mode_));
    ImGui::EndChild();
    return next;
  }

 private:
  void open(UiContext& ui, size_t i) {
    current_ = i;
    section_ = kMenu[i].make();
    section_->enter(ui, mode_);
  }

  // Redraws once a second while open, so the idle clock (and the figures)
  // stay current; after the idle limit, closes (the welcome screen).
  Next closeWhenIdle(UiContext& ui) {
    ui.platform.tick = true;
    const auto now = std::chrono::steady_clock::now();
    if (anyInput()) last_input_ = now;
    const int limit = std::max(60, ui.session.idle_timeout_seconds);
    if (now - last_input_ > std::chrono::seconds(limit)) {
      ui.session.facilitator.reset();
      ui.app.grace.clear();  // walked away
      return Next::to(makeWelcomeScreen());
    }
    return {};
  }

  FacilitatorMode mode_;
  size_t current_ = 0;
  std::unique_ptr<FacilitatorSection> section_;
  std::chrono::steady_clock::time_point last_input_ = std::chrono::steady_clock::now();
};

// ---- paused -------------------------------------------------------------------

class PausedScreen final : public Screen {
 public:
  const char* name() const override { return "paused"; }

 protected:
  Next drawContent(UiContext& ui) override {
    const float h = ImGui::GetContentRegionAvail().y;
    if (!unlocking_) {
      ImGui::Dummy(ImVec2(0, h * 0.18f));
      centeredText(tr("Paused"), ui.platform.fonts.title);
      ImGui::Spacing();
      centeredText(tr("The kiosk is paused for a moment."), ui.platform.fonts.body);
      centeredText(tr("Please wait for the class helper."), ui.platform.fonts.body);
      ImGui::Dummy(ImVec2(0, h * 0.2f));
      const float fw = ImGui::CalcTextSize(tr("For the class helper")).x + ImGui::GetStyle().FramePadding.x * 4;
      ImGui::SetCursorPos(ImVec2(ImGui::GetContentRegionMax().x - fw,
                                 std::max(ImGui::GetCursorPosY(), ImGui::GetContentRegionMax().y - facilitatorButtonHeight())));
      if (bigButton(tr("For the class helper###resume"), fw, false)) unlocking_ = true;
      return {};
    }
    wrappedText(tr("Resume the kiosk"), ui.platform.fonts.title);
    if (bigButton(tr("Cancel###cancel"), 0, false) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
      unlocking_ = false;
      entry_ = FacilitatorPinEntry{};
      return {};
    }
    Next next;
    if (auto mode = entry_.draw(ui, tr("Resume###unlock"))) {
      // Only the right PIN gets here; the pause is lifted for good (a
      // failure to save it only means the next start opens paused again).
      if (auto cleared = ui.app.settings.setPaused(false, mode->facilitator_id); !cleared)
        spdlog::error("the pause could not be lifted in kiosk.db: {}", cleared.error().message);
      else
        spdlog::info("kiosk resumed by facilitator {}", mode->facilitator_id);
      next = Next::to(makeFacilitatorScreen(std::move(*mode)));
    }
    return next;
  }

 private:
  bool unlocking_ = false;
  FacilitatorPinEntry entry_;
};

}  // namespace

std::unique_ptr<Screen> makeFacilitatorScreen(FacilitatorMode mode) {
  return std::make_unique<FacilitatorScreen>(std::move(mode));
}
std::unique_ptr<Screen> makeFacilitatorScreen() { return std::make_unique<FacilitatorScreen>(FacilitatorMode{}); }
std::unique_ptr<Screen> makePausedScreen() { return std::make_unique<PausedScreen>(); }

}  // namespace hocso::ui
