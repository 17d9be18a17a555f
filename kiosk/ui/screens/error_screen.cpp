// Shown when a screen failed with an unexpected error (the frame loop caught
// it): in plain words what happened and what to do, and a way back to the
// start. The details go to the log; what was saved before stays saved.
#include <algorithm>

#include "../i18n.hpp"
#include "../screen.hpp"

namespace hocso::ui {
namespace {

class ErrorScreen final : public Screen {
 public:
  const char* name() const override { return "error"; }

 protected:
  Next drawContent(UiContext& ui) override {
    ImGui::Dummy(ImVec2(0, ImGui::GetFontSize()));
    wrappedText(tr("Something went wrong"), ui.platform.fonts.title);
    wrappedText(tr("The kiosk could not show this page. What you did before was saved."), ui.platform.fonts.body);
    wrappedText(tr("Please call the class helper. The details are in the kiosk's log."), ui.platform.fonts.body);
    ImGui::Dummy(ImVec2(0, ImGui::GetFontSize()));
    const float w = std::min(ImGui::GetContentRegionAvail().x * 0.6f, 560.0f * ui.display.scale);
    // Back to the welcome screen, signed out: a learner signs in again and
    // carries on (an unfinished exam is offered again).
    return bigButton(tr("Back to the start###error-home"), w) ? Next::signOut() : Next();
  }
};

}  // namespace

std::unique_ptr<Screen> makeErrorScreen() { return std::make_unique<ErrorScreen>(); }

}  // namespace hocso::ui
