// Consent (Nghị định 13/2023): before anything personal is typed, the
// learner sees what is collected, why, who receives it and how to have it
// deleted — in plain Vietnamese, readable aloud — and agrees or leaves.
#include <sstream>
#include <vector>

#include "../i18n.hpp"
#include "../screen.hpp"

namespace hocso::ui {
namespace {

class ConsentScreen final : public Screen {
 public:
  const char* name() const override { return "consent"; }

 protected:
  void drawContent(UiContext& ui) override {
    const app::ConsentText& consent = app::currentConsentText();
    if (paragraphs_.empty()) {
      std::istringstream in(consent.text_vi);
      for (std::string line; std::getline(in, line);)
        if (!line.empty()) paragraphs_.push_back(line);
    }
    wrappedText(tr("Before you start: your information"), ui.fonts.title);
    readAloudButton(ui, "read", consent.text_vi);
    const float footer = std::max(48.0f, ImGui::GetFontSize() * 2.2f) * 2 + ImGui::GetStyle().ItemSpacing.y * 4;
    ImGui::BeginChild("##consent", ImVec2(0, -footer), false);
    // The headings name the four things the law asks us to say.
    const char* headings[] = {tr("What we keep"), tr("Why"), tr("Who receives it"), tr("Deleting it")};
    for (size_t i = 0; i < paragraphs_.size(); ++i) {
      if (i < 4) wrappedText(headings[i], ui.fonts.bold);
      wrappedText(paragraphs_[i]);
      ImGui::Spacing();
    }
    ImGui::EndChild();
    const float w = ImGui::GetContentRegionAvail().x;
    if (bigButton(tr("I agree, continue###agree"), w)) {
      ui.stopReading();
      ui.navigate(makeRegisterScreen(consent.version));
    }
    if (bigButton(tr("I do not agree, go back###disagree"), w, false)) {
      ui.stopReading();
      ui.navigate(makeWelcomeScreen());
    }
  }

 private:
  std::vector<std::string> paragraphs_;
};

}  // namespace

std::unique_ptr<Screen> makeConsentScreen() { return std::make_unique<ConsentScreen>(); }

}  // namespace hocso::ui
