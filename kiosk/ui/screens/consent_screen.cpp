// Consent (Nghị định 13/2023): before anything personal is typed, the
// learner sees what is collected, why, who receives it and how to have it
// deleted — in plain Vietnamese, readable aloud — and agrees or leaves.
#include <algorithm>
#include <sstream>
#include <vector>

#include "../i18n.hpp"
#include "../screen.hpp"

namespace hocso::ui {
namespace {

class ConsentScreen final : public Screen {
 public:
  ConsentScreen() : Screen(NavBar::HomeBack) {}
  const char* name() const override { return "consent"; }

 protected:
  Next drawContent(UiContext& ui) override {
    const app::ConsentText& consent = app::currentConsentText();
    if (paragraphs_.empty()) {
      std::istringstream in(consent.text_vi);
      for (std::string line; std::getline(in, line);)
        if (!line.empty()) paragraphs_.push_back(line);
    }
    wrappedText(tr("Before you start: your information"), ui.platform.fonts.title);
    // Footer: read aloud, "no", "yes" on one row when they fit, else the
    // "yes" on a row of its own, so the text keeps most of the screen even
    // at 200% (the page scrolls by dragging, the wheel or the keyboard).
    const ImGuiStyle& st = ImGui::GetStyle();
    const char* agree = tr("I agree###agree");
    const char* disagree = tr("I do not agree###disagree");
    auto natural = [&st](const char* label) {
      return ImGui::CalcTextSize(label, nullptr, true).x + st.FramePadding.x * 4;
    };
    const float readW = ImGui::CalcTextSize(tr("Stop reading")).x + st.FramePadding.x * 2 + ImGui::GetFontSize() * 2.5f;
    const float avail = ImGui::GetContentRegionAvail().x;
    const float choiceW = std::max(natural(agree), natural(disagree));
    const bool oneRow = readW + choiceW * 2 + st.ItemSpacing.x * 2 <= avail;
    const float rowH = buttonHeight();
    const float footer = rowH * (oneRow ? 1 : 2) + st.ItemSpacing.y * (oneRow ? 2 : 3);
    ImGui::BeginChild("##consent", ImVec2(0, -footer), false);
    // The headings name the four things the law asks us to say.
    const char* headings[] = {tr("What we keep"), tr("Why"), tr("Who receives it"), tr("Deleting it")};
    for (size_t i = 0; i < paragraphs_.size(); ++i) {
      if (i < 4) wrappedText(headings[i], ui.platform.fonts.bold);
      wrappedText(paragraphs_[i]);
      ImGui::Spacing();
    }
    moreBelowCue();
    ImGui::EndChild();
    ImGui::Spacing();
    readAloudButton(ui, "read", consent.text_vi);
    ImGui::SameLine();
    if (oneRow) ImGui::SameLine(ImGui::GetContentRegionMax().x - choiceW * 2 - st.ItemSpacing.x);
    const float noW = oneRow ? choiceW : ImGui::GetContentRegionAvail().x;
    Next next;
    if (bigButton(disagree, noW, false)) {
      ui.stopReading();
      next = Next::to(makeWelcomeScreen());
    }
    if (oneRow) ImGui::SameLine();
    if (bigButton(agree, oneRow ? choiceW : avail)) {
      ui.stopReading();
      next = Next::to(makeRegisterScreen(consent.version));
    }
    return next;
  }

 private:
  std::vector<std::string> paragraphs_;
};

}  // namespace

std::unique_ptr<Screen> makeConsentScreen() { return std::make_unique<ConsentScreen>(); }

}  // namespace hocso::ui
