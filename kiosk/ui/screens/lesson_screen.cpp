// Lesson reader: one page at a time, big "next" and "back" buttons, the
// practice quiz at the end.
#include <spdlog/spdlog.h>

#include <fmt/printf.h>

#include <algorithm>

#include "../i18n.hpp"
#include "../icons.hpp"
#include "../rich_text.hpp"
#include "../screen.hpp"

namespace hocso::ui {
namespace {

class LessonScreen final : public Screen {
 public:
  explicit LessonScreen(std::string lesson_id) : Screen(NavBar::HomeBack), lessonId_(std::move(lesson_id)) {}
  const char* name() const override { return "lesson"; }
  // "Quay lại": the lessons of this one's skill group.
  Next goBack(UiContext& ui) override {
    const content::Lesson* lesson = ui.app.learning.pack().findLesson(lessonId_);
    return Next::to(lesson ? makeGroupScreen(lesson->group) : makeHomeScreen());
  }

 protected:
  Next drawContent(UiContext& ui) override {
    const content::Lesson* lesson = ui.app.learning.pack().findLesson(lessonId_);
    Next next;
    if (!lesson) {
      errorText(tr("This lesson is missing. Please choose another one."));
      return bigButton(tr("Back to lessons###home")) ? Next::to(makeHomeScreen()) : Next();
    }
    if (!viewed_) {
      viewed_ = true;
      recordView(ui);
    }
    if (parsedPage_ != page_) {
      blocks_ = content::parseMarkdown(page_ < 0 ? lesson->goal : lesson->pages[static_cast<size_t>(page_)].markdown);
      parsedPage_ = page_;
    }
    const int total = static_cast<int>(lesson->pages.size());
    // A compact header (title, page count, a thin progress bar) so the page
    // itself keeps most of the screen even at 200% text.
    wrappedText(lesson->title, ui.platform.fonts.bold);
    std::string pageText = fmt::sprintf(tr("Page %d of %d"), page_ + 2, total + 1);
    ImGui::TextDisabled("%s", pageText.c_str());
    ImGui::SameLine();
    ImGui::ProgressBar(static_cast<float>(page_ + 2) / static_cast<float>(total + 1),
                       ImVec2(-1, ImGui::GetFontSize() * 0.4f), "");

    const float footer = buttonHeight() + ImGui::GetStyle().ItemSpacing.y * 3;
    ImGui::BeginChild("##page", ImVec2(0, -footer), false);
    if (page_ >= 0) wrappedText(lesson->pages[static_cast<size_t>(page_)].title, ui.platform.fonts.title);
    drawBlocks(blocks_, ui.platform, ui.app.learning.pack());
    if (!error_.empty()) errorText(error_.c_str());
    moreBelowCue();
    ImGui::EndChild();

    // Footer: back, read aloud, next; the two page buttons as wide as their
    // words need (never cut at large text), with arrows.
    const float avail = ImGui::GetContentRegionAvail().x, sp = ImGui::GetStyle().ItemSpacing.x;
    const char* backLabel = page_ > -1 ? tr("Previous page###prev") : tr("Back to lessons###home");
    const char* nextLabel = page_ + 1 < total ? tr("Next page###next") : tr("Practice###practice");
    const float readW = ui.platform.reader ? readAloudWidth() + sp : 0.0f;
    const float side = std::max((avail - readW - sp) * 0.5f, 0.0f);
    const float w = std::min(side, std::max({avail * 0.3f, iconButtonWidth(backLabel), iconButtonWidth(nextLabel)}));
    if (iconButton(backLabel, Icon::Previous, w, false)) {
      if (page_ > -1) {
        turn(ui, page_ - 1);
      } else {
        ui.stopReading();
        next = Next::to(makeGroupScreen(lesson->group));
      }
    }
    ImGui::SameLine();
    readAloudButton(ui, "read", spokenPage(*lesson));
    ImGui::SameLine(ImGui::GetContentRegionMax().x - w);
    if (page_ + 1 < total) {
      if (iconButton(nextLabel, Icon::Next, w)) turn(ui, page_ + 1);
    } else if (iconButton(nextLabel, Icon::Check, w)) {
      next = startPractice(ui);
    }
    return next;
  }

 private:
  void turn(UiContext& ui, int page) {
    ui.stopReading();
    page_ = page;
    recordView(ui);
  }

  // Records how far the learner read (xAPI experienced/completed); a
  // failure is logged and never stops the reading.
  void recordView(UiContext& ui) {
    if (!ui.session.learner) return;
    const content::Lesson* l = ui.app.learning.pack().findLesson(lessonId_);
    if (!l) return;
    auto r = ui.app.learning.recordLessonViewed(ui.session.learner->id, lessonId_, page_ + 1, static_cast<int>(l->pages.size()));
    if (!r) {
      spdlog::warn("lesson view not recorded: {}", r.error().message);
      return;
    }
    if (r->first_view_today || r->completed_now) ui.platform.sync.sendNow();
  }

  // What read-aloud says: the page's title and its text, block by block.
  std::string spokenPage(const content::Lesson& lesson) const {
    std::string text = page_ < 0 ? lesson.title : lesson.pages[static_cast<size_t>(page_)].title;
    for (const auto& b : blocks_) text += "\n" + b.plainText();
    return text;
  }

  Next startPractice(UiContext& ui) {
    ui.stopReading();
    if (!ui.session.learner) return requireLearner(ui.session);
    auto attempt = ui.app.learning.startLessonQuiz(ui.session.learner->id, lessonId_);
    if (!attempt) {
      error_ = tr("This lesson has no practice questions yet.");
      return {};
    }
    return Next::to(makeQuizScreen(*attempt));
  }

  std::string lessonId_;
  int page_ = -1;  // -1: the goal page
  bool viewed_ = false;
  int parsedPage_ = -2;
  std::vector<content::Block> blocks_;
  std::string error_;
};

}  // namespace

std::unique_ptr<Screen> makeLessonScreen(std::string lesson_id) {
  return std::make_unique<LessonScreen>(std::move(lesson_id));
}

}  // namespace hocso::ui
