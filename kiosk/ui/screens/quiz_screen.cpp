// Practice quiz: one question at a time; "Check" records the answer (the
// call returns only after it is committed), then shows the explanation.
#include <algorithm>
#include <cstdint>

#include "../i18n.hpp"
#include "../icons.hpp"
#include "../question_view.hpp"
#include "../screen.hpp"
#include "../theme.hpp"

namespace hocso::ui {
namespace {

class QuizScreen final : public Screen {
 public:
  explicit QuizScreen(assessment::Attempt attempt) : Screen(NavBar::HomeBack), attempt_(std::move(attempt)) {}
  const char* name() const override { return "quiz"; }
  // "Quay lại": the lesson (the answers given so far are already kept).
  Next goBack(UiContext& /*ui*/) override { return Next::to(makeLessonScreen(attempt_.lesson_id)); }
  bool compactHeader(const UiContext& ui) const override { return ui.display.scale >= 1.5f; }

 protected:
  Next drawContent(UiContext& ui) override {
    const size_t total = attempt_.question_ids.size();
    const content::Question* q = ui.app.learning.pack().findQuestion(attempt_.question_ids[index_]);
    if (!q) {
      errorText(tr("This question is missing from the lesson pack. Please tell the class helper."));
      return {};
    }
    if (preparedFor_ != index_) {
      preparedFor_ = index_;
      error_.clear();
      view_.reset(*q);
      ui.stopReading();
    }

    ImGui::TextDisabled(tr("Question %d of %d"), static_cast<int>(index_ + 1), static_cast<int>(total));
    ImGui::SameLine();
    ImGui::ProgressBar(static_cast<float>(index_ + 1) / static_cast<float>(total), ImVec2(-1, ImGui::GetFontSize() * 0.4f), "");
    // The prompt scrolls with the answers, so large text never squeezes them out.
    const float footer = buttonHeight() + ImGui::GetStyle().ItemSpacing.y * 3;
    ImGui::BeginChild("##question", ImVec2(0, -footer), false);
    wrappedText(q->prompt, ui.platform.fonts.bold);
    if (q->type != content::QuestionType::Matching) ImGui::Spacing();  // its how-to line sets it apart
    // After checking, the verdict and explanation come first, where the eye is.
    if (grade_) drawFeedback(ui, *q);
    view_.draw(ui.platform, *q, grade_.has_value(), ui.app.learning.pack());
    if (!error_.empty()) errorText(error_.c_str());
    moreBelowCue();
    ImGui::EndChild();

    // The footer: read aloud at the left, the next step at the right, as
    // wide as its words need (never cut at large text).
    const char* label = !grade_ ? tr("Check my answer###check")
                        : index_ + 1 < total ? tr("Next question###nextq")
                                             : tr("See my result###result");
    const Icon icon = !grade_ ? Icon::Check : Icon::Next;
    const float avail = ImGui::GetContentRegionAvail().x, sp = ImGui::GetStyle().ItemSpacing.x;
    const float readW = ui.platform.reader ? readAloudWidth() + sp : 0.0f;
    const float w = std::min(avail - readW, std::max(avail * 0.35f, iconButtonWidth(label)));
    readAloudButton(ui, "read", grade_ ? q->explanation : QuestionView::spokenText(*q));
    if (ui.platform.reader) ImGui::SameLine(ImGui::GetContentRegionMax().x - w);
    else ImGui::SetCursorPosX(ImGui::GetContentRegionMax().x - w);
    Next next;
    if (!grade_) {
      ImGui::BeginDisabled(!view_.answered());
      if (iconButton(label, icon, w)) check(ui, *q);
      ImGui::EndDisabled();
    } else if (index_ + 1 < total) {
      if (iconButton(label, icon, w)) {
        ++index_;
        grade_.reset();
      }
    } else if (iconButton(label, icon, w)) {
      auto result = ui.app.learning.finishQuiz(attempt_.id);
      if (!result) {
        error_ = tr("Could not save the result. Your answers are kept. Please tell the class helper.");
        return next;
      }
      ui.platform.sync.sendNow();
      next = Next::to(makeScoreScreen(*result, attempt_.lesson_id));
    }
    return next;
  }

 private:
  void drawFeedback(UiContext& ui, const content::Question& q) {
    const bool ok = grade_->correct;
    ImGui::PushStyleColor(ImGuiCol_Text, ok ? palette().right : palette().wrong);
    wrappedText(ok ? tr("Correct!") : tr("Not quite. Here is why:"), ui.platform.fonts.bold);
    ImGui::PopStyleColor();
    wrappedText(q.explanation);
    ImGui::Spacing();
  }

  void check(UiContext& ui, const content::Question& q) {
    auto g = ui.app.learning.submitAnswer(attempt_, q.id, view_.response());
    if (!g) {
      error_ = tr("Could not save your answer. Please try again, or tell the class helper.");
      return;
    }
    grade_ = *g;
    ui.stopReading();
  }

  assessment::Attempt attempt_;
  size_t index_ = 0;
  size_t preparedFor_ = SIZE_MAX;
  QuestionView view_;
  std::optional<assessment::Grade> grade_;
  std::string error_;
};

}  // namespace

std::unique_ptr<Screen> makeQuizScreen(assessment::Attempt attempt) {
  return std::make_unique<QuizScreen>(std::move(attempt));
}

}  // namespace hocso::ui
