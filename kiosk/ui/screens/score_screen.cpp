// The practice result: score in words and numbers, what to do next.
#include <cmath>

#include "../i18n.hpp"
#include "../screen.hpp"

namespace hocso::ui {
namespace {

class ScoreScreen final : public Screen {
 public:
  ScoreScreen(assessment::ResultRecord result, std::string lesson_id)
      : result_(std::move(result)), lessonId_(std::move(lesson_id)) {}
  const char* name() const override { return "score"; }

 protected:
  void drawContent(UiContext& ui) override {
    ImGui::Dummy(ImVec2(0, ImGui::GetFontSize()));
    centeredText(result_.passed ? tr("Well done!") : tr("Good effort!"), ui.fonts.title);
    char line[160];
    std::snprintf(line, sizeof line, tr("You got %d of %d questions right."),
                  result_.correct, static_cast<int>(std::lround(result_.max_score)));
    centeredText(line, ui.fonts.bold);
    centeredText(result_.passed ? tr("You have mastered this lesson.")
                                : tr("Read the lesson again and try once more: you will get there."),
                 ui.fonts.body);
    ImGui::Dummy(ImVec2(0, ImGui::GetFontSize()));
    const float w = std::min(ImGui::GetContentRegionAvail().x * 0.45f, 480.0f * ui.scale);
    if (!result_.passed && !lessonId_.empty()) {
      // "Read the lesson again and try once more": the two buttons that do it.
      ImGui::SetCursorPosX((ImGui::GetContentRegionAvail().x - w) * 0.5f);
      if (bigButton(tr("Read the lesson again###reread"), w)) {
        ui.navigate(makeLessonScreen(lessonId_));
        return;
      }
      ImGui::SetCursorPosX((ImGui::GetContentRegionAvail().x - w) * 0.5f);
      if (bigButton(tr("Try the practice again###retry"), w, false)) {
        if (ui.session.learner) {
          if (auto attempt = ui.learning.startLessonQuiz(ui.session.learner->id, lessonId_)) {
            ui.navigate(makeQuizScreen(*attempt));
            return;
          }
        }
        ui.navigate(makeLessonScreen(lessonId_));
        return;
      }
    }
    ImGui::SetCursorPosX((ImGui::GetContentRegionAvail().x - w) * 0.5f);
    if (bigButton(tr("Choose another lesson###home"), w, result_.passed)) ui.navigate(makeHomeScreen());
    ImGui::SetCursorPosX((ImGui::GetContentRegionAvail().x - w) * 0.5f);
    if (bigButton(tr("Finish for today###signout"), w, false)) {
      ui.signOut();
    }
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
