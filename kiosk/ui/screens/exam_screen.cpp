// The certification exam: one question at a time, no feedback until the
// end. Every change of answer is committed before anything else happens;
// the remaining time comes from the service's monotonic clock (survives a
// restart, ignores changes of the system time). Navigator, review flags,
// and a confirmation before submitting.
#include <spdlog/spdlog.h>

#include <fmt/printf.h>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <vector>

#include "../i18n.hpp"
#include "../icons.hpp"
#include "../probe.hpp"
#include "../question_view.hpp"
#include "../screen.hpp"
#include "../theme.hpp"

namespace hocso::ui {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kCheckpointEvery = std::chrono::seconds(15);

class ExamScreen final : public Screen {
 public:
  explicit ExamScreen(std::string attempt_id) : attemptId_(std::move(attempt_id)) {}
  const char* name() const override { return "exam"; }
  bool compactHeader(const UiContext& ui) const override { return ui.display.scale >= 1.5f; }
  // From 150% text the position, clock and footer take smaller type, so the
  // question and its answers (full size, in their own child) keep the screen.
  float chromeScale(const UiContext& ui) const override {
    return ui.display.scale >= 1.5f ? std::max(0.6f, 1.25f / ui.display.scale) : 1.0f;
  }

 protected:
  Next drawContent(UiContext& ui) override {
    if (!loaded_ && !load(ui)) {
      ImGui::SetWindowFontScale(1.0f);
      errorText(error_.c_str());
      return bigButton(tr("Back###home"), 0, false) ? Next::to(makeHomeScreen()) : Next();
    }
    ui.platform.tick = true;  // the clock on screen
    const long long left = remainingMs();
    if (left <= 0) return finish(ui, true);
    if (Clock::now() - lastCheckpoint_ >= kCheckpointEvery) checkpoint(ui);

    drawPosition(ui, left);  // at chromeScale
    if (confirming_ || navigator_) {  // at the learner's full text size
      ImGui::SetWindowFontScale(1.0f);
      if (confirming_) return drawConfirm(ui);
      drawNavigator(ui);
      return {};
    }
    auto& st = view_.questions[index_];
    const content::Question* q = ui.app.learning.pack().findQuestion(st.question_id);
    if (!q) {
      errorText(tr("This question is missing from the lesson pack. Please tell the class helper."));
      return {};
    }
    if (preparedFor_ != index_) {
      preparedFor_ = index_;
      qv_.reset(*q, st.answered ? std::optional(st.response) : std::nullopt);
      ui.stopReading();
    }
    const Footer footer = layoutFooter(ui, st.flagged);
    drawQuestion(ui, st, *q, footer.height);
    ImGui::Spacing();
    drawFooter(ui, st, *q, footer);
    return {};
  }

 private:
  // The footer: read aloud, the review flag, previous / all questions /
  // next (or submit), in as few rows as fit, so even at 200% text the
  // question area keeps the middle of the screen and no label is cut.
  struct Footer {
    std::string flag;
    bool last = false;
    const char* labels[5] = {};  // [1]: flag
    std::vector<float> widths;
    std::vector<std::vector<int>> rows;
    float avail = 0.0f, height = 0.0f;
  };
  Footer layoutFooter(const UiContext& ui, bool flagged) const {
    const ImGuiStyle& style = ImGui::GetStyle();
    const float fs = ImGui::GetFontSize();
    Footer f;
    f.last = index_ + 1 >= view_.questions.size();
    f.flag = std::string(flagged ? tr("Flagged for review") : tr("Flag for review")) + "###flag";
    const char* labels[] = {nullptr, f.flag.c_str(), tr("Previous###prevq"), tr("All questions###navigator"),
                            f.last ? tr("Submit the exam###submit") : tr("Next###nextq")};
    std::copy(std::begin(labels), std::end(labels), f.labels);
    f.labels[1] = nullptr;  // f.flag (a copy of `f` moves its text)
    f.widths.push_back(readAloudWidth());
    for (int i = 1; i < 5; ++i)
      f.widths.push_back(std::max(fs * 5.0f, ImGui::CalcTextSize(labels[i], nullptr, true).x + style.FramePadding.x * (compactHeader(ui) ? 2.0f : 4.0f)));
    f.avail = ImGui::GetContentRegionAvail().x;
    f.rows = flowRows(f.widths, f.avail, style.ItemSpacing.x);
    // Whole pixels (the chrome's type makes fractional heights, and a pixel
    // over would make the page scroll and hide the last row under its cue).
    const float rowH = std::ceil(buttonHeight());
    f.height = static_cast<float>(f.rows.size()) * (rowH + style.ItemSpacing.y) + style.ItemSpacing.y + 2.0f;
    return f;
  }

  // The question and its answers at the learner's full text size (a child
  // window multiplies its parent's font scale, so the parent's goes back to 1).
  void drawQuestion(UiContext& ui, app::ExamQuestionState& st, const content::Question& q, float footer) {
    ImGui::SetWindowFontScale(1.0f);
    ImGui::BeginChild("##question", ImVec2(0, -footer), false);
    wrappedText(q.prompt, ui.platform.fonts.bold);
    qv_.draw(ui.platform, q, false, ui.app.learning.pack());
    if (!error_.empty()) errorText(error_.c_str());
    moreBelowCue();
    ImGui::EndChild();
    ImGui::SetWindowFontScale(chromeScale(ui));
    // The answer is saved the moment it changes, before any other step:
    // also a part answer (some pairs of a matching question) and one taken
    // back after it was saved, so what is kept is always what the screen shows.
    if (qv_.touched() && (qv_.started() || st.answered) && (!st.answered || qv_.response() != st.response))
      save(ui, st, qv_.response());
  }

  void drawFooter(UiContext& ui, app::ExamQuestionState& st, const content::Question& q, const Footer& f) {
    const ImGuiStyle& style = ImGui::GetStyle();
    for (const auto& row : f.rows) {
      float used = -style.ItemSpacing.x;
      for (int i : row) used += f.widths[static_cast<size_t>(i)] + style.ItemSpacing.x;
      // Read aloud keeps its size; the other buttons share what is left.
      const size_t stretch = row.size() - static_cast<size_t>(std::count(row.begin(), row.end(), 0));
      const float extra = stretch > 0 ? (f.avail - used) / static_cast<float>(stretch) : 0.0f;
      bool first = true;
      for (int i : row) {
        if (!first) ImGui::SameLine();
        first = false;
        footerButton(ui, st, q, f, i, f.widths[static_cast<size_t>(i)] + extra);
      }
    }
  }

  void footerButton(UiContext& ui, app::ExamQuestionState& st, const content::Question& q, const Footer& f, int i,
                    float w) {
    switch (i) {
      case 0: readAloudButton(ui, "read", QuestionView::spokenText(q)); break;
      case 1:
        if (iconButton(f.flag.c_str(), Icon::Flag, w, st.flagged)) toggleFlag(ui);
        break;
      case 2:
        ImGui::BeginDisabled(index_ == 0);
        if (iconButton(f.labels[2], Icon::Previous, w, false)) go(ui, index_ - 1);
        ImGui::EndDisabled();
        break;
      case 3:
        if (iconButton(f.labels[3], Icon::Grid, w, false)) navigator_ = true;
        break;
      default:
        if (!iconButton(f.labels[4], f.last ? Icon::Check : Icon::Next, w)) break;
        if (f.last) confirming_ = true;
        else go(ui, index_ + 1);
    }
  }

  bool load(UiContext& ui) {
    auto v = ui.app.exams.resume(attemptId_);
    if (!v) {
      spdlog::error("exam {} cannot be resumed: {}", attemptId_, v.error().message);
      error_ = tr("This exam could not be opened. Please tell the class helper.");
      return false;
    }
    view_ = std::move(*v);
    loaded_ = true;
    syncClock(view_.remaining_ms);
    lastCheckpoint_ = Clock::now();
    // Resume at the first question not answered yet.
    index_ = 0;
    while (index_ + 1 < view_.questions.size() && view_.questions[index_].answered) ++index_;
    return !view_.questions.empty();
  }

  void syncClock(long long remaining) {
    remainingAtSync_ = remaining;
    syncedAt_ = Clock::now();
  }
  long long remainingMs() const {
    return remainingAtSync_ - std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - syncedAt_).count();
  }

  void checkpoint(UiContext& ui) {
    lastCheckpoint_ = Clock::now();
    if (auto r = ui.app.exams.checkpoint(attemptId_)) syncClock(*r);
  }

  void save(UiContext& ui, app::ExamQuestionState& st, const assessment::Response& response) {
    auto left = ui.app.exams.submitAnswer(attemptId_, st.question_id, response);
    if (!left) {
      if (left.error().code == ErrorCode::Expired) {
        syncClock(0);
        return;
      }
      error_ = tr("Could not save your answer. Please try again, or tell the class helper.");
      return;
    }
    error_.clear();
    if (!st.answered) ++view_.answered;
    st.answered = true;
    st.response = response;
    syncClock(*left);
    lastCheckpoint_ = Clock::now();
  }

  void go(UiContext& ui, size_t index) {
    ui.stopReading();
    index_ = std::min(index, view_.questions.size() - 1);
    navigator_ = false;
  }

  std::string clockText(long long left) const {
    const long long secs = (left + 999) / 1000;
    std::string clock = fmt::sprintf(tr("Time left: %lld:%02lld"), secs / 60, secs % 60);
    return clock;
  }
  std::string positionText() const {
    std::string pos = fmt::sprintf(tr("Question %d of %d"), static_cast<int>(index_ + 1), static_cast<int>(view_.questions.size()));
    return pos;
  }

 protected:
  // At large text the position and the clock go on the header's one row
  // (beside the learner's name), so the question keeps that room.
  void headerItems(UiContext& ui) override {
    if (!compactHeader(ui) || !loaded_) return;
    const long long left = remainingMs();
    const float sp = ImGui::GetStyle().ItemSpacing.x * 2;
    const std::string pos = positionText(), clock = clockText(left);
    ImGui::SameLine(0.0f, sp);
    headerText(pos.c_str(), "position", true);
    ImGui::SameLine(0.0f, sp);
    headerText(clock.c_str(), "clock", true, left <= 300000 ? &palette().wrong : nullptr);
  }

 private:
  void drawPosition(UiContext& ui, long long left) {
    if (compactHeader(ui)) {
      // The position and the clock are on the header's row: here only the bar.
      ImGui::ProgressBar(static_cast<float>(view_.answered) / static_cast<float>(view_.questions.size()),
                         ImVec2(-1, std::max(6.0f, ImGui::GetFontSize() * 0.25f)), "");
      return;
    }
    const long long secs = (left + 999) / 1000;
    const std::string clockS = clockText(left), posS = positionText();
    const char* clock = clockS.c_str();
    const char* pos = posS.c_str();
    ImGui::PushFont(ui.platform.fonts.bold);
    ImGui::TextUnformatted(pos);
    ui.platform.probe.noteLastItem(pos, "position", false);
    ImGui::SameLine(std::max(ImGui::GetCursorPosX(), ImGui::GetContentRegionMax().x - ImGui::CalcTextSize(clock).x));
    if (secs <= 300) ImGui::PushStyleColor(ImGuiCol_Text, palette().wrong);
    ImGui::TextUnformatted(clock);
    ui.platform.probe.noteLastItem(clock, "clock", false);
    if (secs <= 300) ImGui::PopStyleColor();
    ImGui::PopFont();
    ImGui::ProgressBar(static_cast<float>(view_.answered) / static_cast<float>(view_.questions.size()),
                       ImVec2(-1, ImGui::GetFontSize() * 0.4f), "");
  }

  void toggleFlag(UiContext& ui) {
    auto& st = view_.questions[index_];
    if (!ui.app.exams.setFlag(attemptId_, st.question_id, !st.flagged)) {
      error_ = tr("Could not save the mark. Please try again.");
      return;
    }
    st.flagged = !st.flagged;
    view_.flagged += st.flagged ? 1 : -1;
  }

  // Numbered tiles: filled = answered, outlined in orange = flagged.
  void drawNavigator(UiContext& ui) {
    wrappedText(tr("All questions: tap one to go to it."), ui.platform.fonts.bold);
    ImGui::TextDisabled("%s", tr("Filled: answered. Orange frame: flagged for review."));
    const float fs = ImGui::GetFontSize();
    const float size = std::max(56.0f, fs * 2.4f);
    const int cols = std::max(1, static_cast<int>(ImGui::GetContentRegionAvail().x / (size + ImGui::GetStyle().ItemSpacing.x)));
    for (size_t i = 0; i < view_.questions.size(); ++i) {
      const auto& st = view_.questions[i];
      if (i % static_cast<size_t>(cols) != 0) ImGui::SameLine();
      // Answered: filled like a primary button; not answered: pale.
      ImGui::PushStyleColor(ImGuiCol_Button, st.answered ? palette().primary : palette().choice);
      ImGui::PushStyleColor(ImGuiCol_Text, st.answered ? palette().primaryText : palette().text);
      ImGui::PushStyleColor(ImGuiCol_Border, st.flagged ? palette().wrong : palette().border);
      ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, st.flagged ? 5.0f : 1.0f);
      const std::string label = std::to_string(i + 1) + "###q" + std::to_string(i + 1);
      if (ImGui::Button(label.c_str(), ImVec2(size, size))) go(ui, i);
      ImGui::PopStyleVar();
      ImGui::PopStyleColor(3);
      ui.platform.probe.noteLastItem(std::to_string(i + 1), "q" + std::to_string(i + 1), true);
    }
    ImGui::Spacing();
    std::string summary = fmt::sprintf(tr("Answered %d of %d. Flagged for review: %d."), view_.answered,
                  static_cast<int>(view_.questions.size()), view_.flagged);
    wrappedText(summary);
    if (bigButton(tr("Back to the question###back-question"), ImGui::GetContentRegionAvail().x * 0.45f, false)) navigator_ = false;
    ImGui::SameLine();
    if (bigButton(tr("Submit the exam###submit"), ImGui::GetContentRegionAvail().x)) confirming_ = true;
  }

  Next drawConfirm(UiContext& ui) {
    wrappedText(tr("Submit the exam now?"), ui.platform.fonts.title);
    const int unanswered = static_cast<int>(view_.questions.size()) - view_.answered;
    std::string line = fmt::sprintf(tr("You answered %d of %d questions."), view_.answered, static_cast<int>(view_.questions.size()));
    wrappedText(line);
    if (unanswered > 0) {
      line = fmt::sprintf(tr("%d question(s) have no answer and will count as wrong."), unanswered);
      errorText(line.c_str());
    }
    if (view_.flagged > 0) {
      line = fmt::sprintf(tr("You flagged %d question(s) to look at again."), view_.flagged);
      wrappedText(line);
    }
    wrappedText(tr("After you submit, you cannot change your answers."));
    ImGui::Spacing();
    const float w = ImGui::GetContentRegionAvail().x * 0.45f;
    Next next;
    if (bigButton(tr("Yes, submit###confirm-submit"), w)) next = finish(ui, false);
    ImGui::SameLine();
    if (bigButton(tr("No, go back###cancel-submit"), w, false)) confirming_ = false;
    if (!error_.empty()) errorText(error_.c_str());
    return next;
  }

  Next finish(UiContext& ui, bool timeUp) {
    if (finishing_) return {};
    finishing_ = true;
    auto outcome = ui.app.exams.finishExam(attemptId_);
    if (!outcome) {
      finishing_ = false;
      error_ = tr("Could not save the result. Your answers are kept. Please tell the class helper.");
      if (timeUp) confirming_ = true;  // show the error with a way to retry
      return {};
    }
    ui.platform.sync.sendNow();
    ui.stopReading();
    return Next::to(makeExamResultScreen(std::move(*outcome)));
  }

  std::string attemptId_;
  bool loaded_ = false, navigator_ = false, confirming_ = false, finishing_ = false;
  app::ExamView view_;
  size_t index_ = 0, preparedFor_ = SIZE_MAX;
  QuestionView qv_;
  long long remainingAtSync_ = 0;
  Clock::time_point syncedAt_, lastCheckpoint_;
  std::string error_;
};

}  // namespace

std::unique_ptr<Screen> makeExamScreen(std::string attempt_id) { return std::make_unique<ExamScreen>(std::move(attempt_id)); }

}  // namespace hocso::ui
