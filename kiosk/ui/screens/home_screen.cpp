// Home (thin path): the pack's lessons, grouped by skill group, each one tap away.
#include "../i18n.hpp"
#include "../screen.hpp"

namespace hocso::ui {
namespace {

class HomeScreen final : public Screen {
 public:
  const char* name() const override { return "home"; }

 protected:
  void drawContent(UiContext& ui) override {
    wrappedText(tr("Choose a lesson"), ui.fonts.title);
    ImGui::Spacing();
    const auto& pack = ui.learning.pack();
    std::string group;
    for (const auto& lesson : pack.lessons) {
      if (lesson.group != group) {
        group = lesson.group;
        ImGui::Spacing();
        ImGui::PushFont(ui.fonts.bold);
        ImGui::Text(tr("Skill group %s"), group.c_str());
        ImGui::PopFont();
      }
      const std::string label = lesson.title + "###" + lesson.id;
      if (bigButton(label.c_str(), -1.0f, false)) {
        ui.session.lesson_id = lesson.id;
        ui.navigate(makeLessonScreen(lesson.id));
      }
    }
    ImGui::Spacing();
    if (bigButton(tr("Sign out###signout"), 0, false)) {
      ui.signOut();
    }
  }
};

}  // namespace

std::unique_ptr<Screen> makeHomeScreen() { return std::make_unique<HomeScreen>(); }

}  // namespace hocso::ui
