// The practice result: score in words and numbers, what to do next.
#include <fmt/printf.h>
#include <algorithm>
#include <cmath>
#include <vector>

#include "../i18n.hpp"
#include "../icons.hpp"
#include "../screen.hpp"

namespace hocso::ui {
namespace {

class ScoreScreen final : public Screen {
 public:
  ScoreScreen(assessment::ResultRecord result, std::string lesson_id)
      : Screen(NavBar::HomeBack), result_(std::move(result)), lessonId_(std::move(lesson_id)) {}
  const char* name() const override { return "score"; }
  Next goBack(UiContext& /*ui*/) override { return Next::to(lessonId_.empty() ? makeHomeScreen() : makeLessonScreen(lessonId_)); }
  // At large text the header is one short row, so the verdict and the
  // buttons that say what to do next share the screen.
  bool compactHeader(const UiContext& ui) const override { return ui.display.scale >= 1.5f; }

 protected:
  Next drawContent(UiContext& ui) override {
    // Air above and below the verdict, less of it at large text so the
    // buttons stay on screen.
    const float air = ui.display.scale >= 1.5f ? ImGui::GetStyle().ItemSpacing.y : ImGui::GetFontSize();
    ImGui::Dummy(ImVec2(0, air));
    centeredText(result_.passed ? tr("Well done!") : tr("Good effort!"), ui.platform.fonts.title);
    std::string line = fmt::sprintf(tr("You got %d of %d questions right."),
                  result_.correct, static_cast<int>(std::lround(result_.max_score)));
    centeredText(line.c_str(), ui.platform.fonts.bold);
    centeredText(result_.passed ? tr("You have mastered this lesson.")
                                : tr("Read the lesson again and try once more: you will get there."),
                 ui.platform.fonts.body);
    ImGui::Dummy(ImVec2(0, air));
    // What to do next. "Read the lesson again and try once more" comes with
    // the two buttons that do it. In two columns when every label fits
    // (large text would otherwise push the last ones off the screen).
    struct Action {
      const char* label;
      bool primary;
      int what;
      Icon icon;
    };
    std::vector<Action> actions;
    if (!result_.passed && !lessonId_.empty()) {
      actions.push_back({tr("Read the lesson again###reread"), true, 0, Icon::Book});
      actions.push_back({tr("Try the practice again###retry"), false, 1, Icon::Check});
    }
    actions.push_back({tr("Choose another lesson###home"), result_.passed, 2, Icon::Home});
    actions.push_back({tr("Finish for today###signout"), false, 3, Icon::SignOut});
    const ImGuiStyle& style = ImGui::GetStyle();
    const float avail = ImGui::GetContentRegionAvail().x;
    float widest = 0.0f;
    for (const auto& a : actions)
      // (the words decide; an icon is left out on a button too narrow for it)
      widest = std::max(widest, ImGui::CalcTextSize(a.label, nullptr, true).x + style.FramePadding.x * 2);
    const bool two = widest <= (avail - style.ItemSpacing.x) * 0.5f;
    const float w = two ? (avail - style.ItemSpacing.x) * 0.5f : std::max(std::min(avail * 0.45f, 480.0f * ui.display.scale), std::min(widest, avail));
    for (size_t i = 0; i < actions.size(); ++i) {
      if (two && i % 2 == 1) ImGui::SameLine();
      else if (!two) ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (avail - w) * 0.5f);
      if (!iconButton(actions[i].label, actions[i].icon, w, actions[i].primary)) continue;
      switch (actions[i].what) {
        case 0: return Next::to(makeLessonScreen(lessonId_));
        case 1:
          if (ui.session.learner)
            if (auto attempt = ui.app.learning.startLessonQuiz(ui.session.learner->id, lessonId_)) {
              return Next::to(makeQuizScreen(*attempt));
            }
          return Next::to(makeLessonScreen(lessonId_));
        case 2: return Next::to(makeHomeScreen());
        default: return Next::signOut();
      }
    }
    return {};
  }

 private:
  assessment::ResultRecord result_;
  std::string lessonId_;
};

}  // namespace

std::unique_ptr<Screen> makeScoreScreen(assessment::ResultRecord result, std::string lesson_id) {
  return std::make_unique<ScoreScreen>(std::move(result), std::move(lesson_id));
}

}  // namespace hocso::ui
