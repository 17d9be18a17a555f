// Facilitator mode, "Today": who has used the kiosk today and how far each
// has come (lessons passed, skills mastered, the exam), with a search by
// name, filters by where they stand, a sort and one compact row each; the
// exams under way on this kiosk with their time left; start a proctored
// exam for one of them (one tap once the ID document is checked, no PIN
// again for 10 minutes: app::FacilitatorGrace) or stop an exam under way;
// list a learner as Đại sứ số (the only names new learners are offered as
// their mentor, see app::ListedMentor) or take them off that list.
#include <imgui.h>

#include <fmt/printf.h>
#include <algorithm>
#include <cmath>
#include <optional>

#include "../../app/dashboard_service.hpp"
#include "../i18n.hpp"
#include "../keyboard.hpp"
#include "../probe.hpp"
#include "facilitator_mode.hpp"
#include "sync/status_text.hpp"

namespace hocso::ui {
namespace {

// Up to this many learners today, the list is shown without search and filters.
constexpr size_t kShortList = 5;

class TodaySection final : public FacilitatorSection {
 public:
  const char* screenName() const override { return "facilitator-today"; }
  void enter(UiContext& ui, FacilitatorMode&) override { refresh(ui); }

  Next draw(UiContext& ui, FacilitatorMode& mode) override {
    if (confirm_ != Confirm::None) return drawConfirm(ui, mode);
    ui.platform.tick = true;  // the exams' clocks count down
    const char* refreshLabel = tr("Refresh###refresh");
    const float rw = ImGui::CalcTextSize(refreshLabel, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 4;
    // The title and Refresh on one row when both fit with room between
    // them (at large text Refresh goes under the title instead of touching it).
    ImGui::PushFont(ui.platform.fonts.title);
    const float titleW = ImGui::CalcTextSize(tr("Today's learners")).x;
    ImGui::PopFont();
    const bool oneRow = titleW + rw + ImGui::GetStyle().ItemSpacing.x * 3 <= ImGui::GetContentRegionAvail().x;
    wrappedText(tr("Today's learners"), ui.platform.fonts.title);
    if (oneRow) ImGui::SameLine(ImGui::GetContentRegionMax().x - rw);
    if (bigButton(refreshLabel, rw, false)) refresh(ui);
    if (!message_.empty() && !messageInList_) notice(messageKind_, message_);
    if (!error_.empty()) {
      errorText(error_.c_str());
      return {};
    }
    drawExamsUnderWay(ui);
    if (learners_.empty()) {
      wrappedText(tr("Nobody has used the kiosk yet today."));
      drawMentorList(ui, mode);
      return {};
    }
    // Search, filters and sorting once the list is long enough to need them
    // (a short list stays short, with the Đại sứ số list in view).
    const bool tools = learners_.size() > kShortList || !filter_.name.empty() || filter_.status ||
                       filter_.sort != app::TodaySort::Recent;
    if (tools) {
      if (search_.draw(ui, "today-search", tr("Search by name…"))) {
        filter_.name = search_.text();
        apply();
      }
      if (search_.keyboardOpen()) {  // the keyboard takes the room; the count shows what matches so far
        std::string found = fmt::sprintf(tr("%d learner(s) match"), static_cast<int>(shown_.size()));
        wrappedText(found, ui.platform.fonts.bold);
        return {};
      }
      drawFilters(ui);
    }
    std::string count;
    if (shown_.size() == learners_.size())
      count = fmt::sprintf(tr("%d learner(s) today"), static_cast<int>(learners_.size()));
    else
      count = fmt::sprintf(tr("%d learner(s) today, %d shown"), static_cast<int>(learners_.size()),
                    static_cast<int>(shown_.size()));
    wrappedText(count, ui.platform.fonts.bold);
    if (shown_.empty()) wrappedText(tr("Nobody matches. Clear the search or choose \"Everyone\"."));
    std::optional<ListChange> pending;  // applied after the table (the list is re-read)
    if (!shown_.empty()) pending = drawRows(ui);
    if (ui.app.ctx.pack.info.practice_only)
      wrappedText(tr("This lesson pack is for practice only, so no exam can be started from it."));
    drawMentorList(ui, mode);
    if (pending) setListed(ui, mode, *pending);
    return {};
  }

 private:
  enum class Confirm { None, Start, Stop };

  static std::string statusOf(const app::TodayLearner& t) {
    if (t.exam_in_progress) return tr("Exam under way");
    if (t.exam_elsewhere) {
      std::string line = fmt::sprintf(tr("Exam under way on kiosk %s"), t.exam_elsewhere->substr(0, 8).c_str());
      return line;
    }
    if (t.exam_passed_today) return *t.exam_passed_today ? tr("Passed the exam today") : tr("Did not pass the exam today");
    return statusLabel(t.status);
  }

  struct ListChange {
    std::string learner_id, full_name;
    bool listed = false;
  };

  static const char* statusLabel(app::TodayStatus s) {
    switch (s) {
      case app::TodayStatus::NotStarted: return tr("Not started");
      case app::TodayStatus::Learning: return tr("Learning");
      case app::TodayStatus::ReadyForExam: return tr("Ready for the exam");
      case app::TodayStatus::Passed: return tr("Passed");
    }
    return "";
  }

  void apply() { shown_ = app::filterToday(learners_, filter_); }

  void drawFilters(UiContext&) {
    std::vector<std::string> labels = {std::string(tr("Everyone")) + "###filter-all"};
    const app::TodayStatus all[] = {app::TodayStatus::NotStarted, app::TodayStatus::Learning,
                                    app::TodayStatus::ReadyForExam, app::TodayStatus::Passed};
    static const char* ids[] = {"###filter-new", "###filter-learning", "###filter-ready", "###filter-passed"};
    int selected = 0;
    for (size_t i = 0; i < std::size(all); ++i) {
      const int n = static_cast<int>(std::count_if(learners_.begin(), learners_.end(),
                                                   [&](const app::TodayLearner& t) { return t.status == all[i]; }));
      labels.push_back(std::string(statusLabel(all[i])) + " (" + std::to_string(n) + ")" + ids[i]);
      if (filter_.status == all[i]) selected = static_cast<int>(i) + 1;
    }
    const int f = choiceRow(labels, selected);
    if (f == 0) filter_.status.reset();
    else if (f > 0) filter_.status = all[f - 1];
    const std::vector<std::string> sorts = {std::string(tr("Sort: most recent")) + "###sort-recent",
                                            std::string(tr("Sort: by name")) + "###sort-name",
                                            std::string(tr("Sort: by progress")) + "###sort-progress"};
    const int s = choiceRow(sorts, static_cast<int>(filter_.sort));
    if (s >= 0) filter_.sort = static_cast<app::TodaySort>(s);
    if (f >= 0 || s >= 0) apply();
  }

  // One compact row per learner: name and where they stand | progress | the
  // exam button and the Đại sứ số toggle (side by side when they fit).
  std::optional<ListChange> drawRows(UiContext& ui) {
    std::optional<ListChange> pending;
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_PadOuterX;
    ImGui::PushStyleVar(ImGuiStyleVar_CellPadding, ImVec2(8.0f, 4.0f));
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(ImGui::GetStyle().ItemSpacing.x, 4.0f));
    if (!ImGui::BeginTable("##today", 3, flags)) {
      ImGui::PopStyleVar(2);
      return pending;
    }
    ImGui::TableSetupColumn("name", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("progress", ImGuiTableColumnFlags_WidthStretch, 0.7f);
    ImGui::TableSetupColumn("action", ImGuiTableColumnFlags_WidthStretch, 1.4f);
    const bool examsHere = !ui.app.ctx.pack.info.practice_only;
    for (size_t i = 0; i < shown_.size(); ++i) {
      const auto& t = shown_[i];
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      learnerHeading(ui, t.learner);
      std::string sub = statusOf(t) + " · " + sync::localTimeVi(t.last_activity);
      if (!t.last_kiosk.empty()) {
        std::string where = fmt::sprintf(tr("on kiosk %s"), t.last_kiosk.substr(0, 8).c_str());
        sub += std::string(" · ") + where;
      }
      ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
      wrappedText(sub);
      ImGui::PopStyleColor();

      ImGui::TableNextColumn();
      std::string progress = fmt::sprintf(tr("%d/%d lessons · %d/%d skills"), t.lessons_passed, t.lessons_total,
                    t.mastered, t.competencies);
      wrappedText(progress);

      ImGui::TableNextColumn();
      const std::string n = std::to_string(i);
      std::string examLabel;
      bool examPrimary = true;
      Confirm examAction = Confirm::None;
      if (t.exam_in_progress) {
        examLabel = std::string(tr("Stop the exam")) + "###stop-" + n;
        examPrimary = false;
        examAction = Confirm::Stop;
      } else if (examsHere && app::canStartExam(t)) {
        examLabel = std::string(tr("Start the exam")) + "###exam-" + n;
        examAction = Confirm::Start;
      }
      const bool listed = isListed(t.learner.id);
      const std::string amb = std::string(tr("Digital ambassador")) + "###ambassador-" + n;
      const float pad = ImGui::GetStyle().FramePadding.x * 2 + 12.0f;  // the label and a little air
      const float ew = examLabel.empty() ? 0.0f : ImGui::CalcTextSize(examLabel.c_str(), nullptr, true).x + pad;
      const float aw = checkButtonWidth(amb.c_str()) + 12.0f;
      const bool together = ew + aw + ImGui::GetStyle().ItemSpacing.x <= ImGui::GetContentRegionAvail().x;
      if (!examLabel.empty()) {
        if (bigButton(examLabel.c_str(), together ? ew : -1.0f, examPrimary)) ask(examAction, t);
        if (together) ImGui::SameLine();
      }
      if (checkButton(amb.c_str(), listed, together ? aw : -1.0f)) pending = {t.learner.id, t.learner.full_name, !listed};
    }
    ImGui::EndTable();
    ImGui::PopStyleVar(2);
    return pending;
  }

  // Every exam started on this kiosk and not finished, with the time left
  // (read without starting anyone's clock: ExamService::examsInProgress).
  void drawExamsUnderWay(UiContext& ui) {
    auto exams = ui.app.exams.examsInProgress();
    if (!exams || exams->empty()) return;
    std::string line = fmt::sprintf(tr("Exams under way on this kiosk: %d"), static_cast<int>(exams->size()));
    wrappedText(line, ui.platform.fonts.bold);
    for (size_t i = 0; i < exams->size(); ++i) {
      const auto& e = (*exams)[i];
      const long long s = (e.remaining_ms + 999) / 1000;
      std::string left = fmt::sprintf("%lld:%02lld", s / 60, s % 60);
      line = fmt::sprintf(e.clock_running ? tr("%s — %d of %d answered — %s left (started by %s)")
                                    : tr("%s — %d of %d answered — %s left, paused until the learner comes back (started by %s)"),
                    e.learner_name.c_str(), e.answered, e.questions, left,
                    e.facilitator_name.empty() ? "?" : e.facilitator_name.c_str());
      notice(e.remaining_ms > 5 * 60'000 ? NoticeKind::Ok : NoticeKind::Warning, line);
    }
    ImGui::Spacing();
  }


  bool isListed(const std::string& learner_id) const {
    return std::any_of(mentors_.begin(), mentors_.end(),
                       [&](const app::ListedMentor& m) { return m.learner_id == learner_id; });
  }

  // Everyone on the Đại sứ số list, also those not here today, each with a
  // button to take them off it.
  void drawMentorList(UiContext& ui, FacilitatorMode& mode) {
    ImGui::Spacing();
    wrappedText(tr("Digital ambassadors shown at registration"), ui.platform.fonts.bold);
    wrappedText(tr("A new learner may choose one of these names as the person who guides them. Ask the person before you add their name."));
    if (!message_.empty() && messageInList_) notice(messageKind_, message_);  // beside the button tapped
    if (mentors_.empty()) {
      wrappedText(tr("Nobody is on the list. Tap \"Digital ambassador\" beside a learner above to add them."));
      return;
    }
    std::optional<ListChange> pending;
    for (size_t i = 0; i < mentors_.size(); ++i) {
      const auto& m = mentors_[i];
      ImGui::AlignTextToFramePadding();
      ImGui::TextUnformatted(m.full_name.c_str());
      ui.platform.probe.noteLastItem(m.full_name, "mentor-name-" + std::to_string(i), false);
      const std::string label = std::string(tr("Take off the list")) + "###unlist-" + std::to_string(i);
      const float bw = ImGui::CalcTextSize(label.c_str(), nullptr, true).x + ImGui::GetStyle().FramePadding.x * 4;
      ImGui::SameLine(std::max(ImGui::GetCursorPosX(), ImGui::GetContentRegionMax().x - bw));
      if (bigButton(label.c_str(), bw, false)) pending = ListChange{m.learner_id, m.full_name, false};
    }
    if (pending) setListed(ui, mode, *pending, true);
  }

  // `fromList`: tapped in the list at the bottom, so the message goes there.
  void setListed(UiContext& ui, FacilitatorMode& mode, const ListChange& change, bool fromList = false) {
    messageInList_ = fromList;
    auto ok = ui.app.learners.setListedMentor(change.learner_id, change.listed, mode.facilitator_id);
    if (!ok) {
      message_ = tr("The list of digital ambassadors could not be changed. Please tell the technician.");
      messageKind_ = NoticeKind::Error;
      return;
    }
    std::string line = fmt::sprintf(change.listed ? tr("%s is on the list of digital ambassadors now. New learners can choose this name.")
                                : tr("%s is no longer on the list of digital ambassadors."),
                  change.full_name.c_str());
    message_ = line;
    messageKind_ = NoticeKind::Ok;
    loadMentors(ui);
  }

  void loadMentors(UiContext& ui) {
    auto listed = ui.app.learners.listedMentors();
    if (!listed) {
      mentors_.clear();
      error_ = tr("Today's list could not be read. Please tell the technician.");
      return;
    }
    mentors_ = std::move(*listed);
  }

  void refresh(UiContext& ui) {
    error_.clear();
    loadMentors(ui);
    if (!error_.empty()) return;
    if (!loadList(ui.app.dashboard.today(), learners_, error_,
                  tr("Today's list could not be read. Please tell the technician.")))
      return;
    apply();
  }

  void ask(Confirm what, const app::TodayLearner& t) {
    confirm_ = what;
    chosen_ = t;
    extraMinutes_ = 0;
    pin_.clear();
    confirmError_.clear();
    message_.clear();
  }

  Next drawConfirm(UiContext& ui, FacilitatorMode& mode) {
    const std::string& who = chosen_.learner.full_name;
    std::string line;
    if (confirm_ == Confirm::Stop) {
      line = fmt::sprintf(tr("Stop %s's exam now?"), who.c_str());
      sectionTitle(ui, line.c_str());
      wrappedText(tr("The answers given so far are marked now. Questions without an answer count as wrong. This cannot be undone."));
      if (!confirmError_.empty()) errorText(confirmError_.c_str());
      if (bigButton(tr("Yes, stop the exam###stop-confirm"), 0)) stop(ui, mode);
      ImGui::SameLine();
      if (bigButton(tr("Cancel###cancel"), 0, false)) confirm_ = Confirm::None;
      return {};
    }
    line = fmt::sprintf(tr("Certification exam for %s"), who.c_str());
    sectionTitle(ui, line.c_str());
    wrappedText(tr("Look at the learner's citizen ID card (or other identity document) and check the name and the birth year before the exam starts."));
    std::string born = fmt::sprintf(tr("Birth year: %d"), chosen_.learner.birth_year);
    wrappedText(born, ui.platform.fonts.bold);
    extraTimeChoice(extraMinutes_);
    if (mode.pin.empty()) {
      wrappedText(tr("Type your PIN again to start the exam"));
      takePhysicalDigits(pin_, 4);
      fieldBox("exam_pin", std::string(pin_.size(), '*'), true, 220.0f * ui.display.scale);
    }
    if (!confirmError_.empty()) errorText(confirmError_.c_str());
    // One tap: the facilitator confirms the document and starts the exam.
    Next next;
    if (bigButton(tr("I have checked the identity document: start the exam###start-confirm"), 0)) next = start(ui, mode);
    ImGui::SameLine();
    if (bigButton(tr("Cancel###cancel"), 0, false)) confirm_ = Confirm::None;
    if (mode.pin.empty()) digitPad(pin_, 4);
    return next;
  }

  Next start(UiContext& ui, FacilitatorMode& mode) {
    confirmError_.clear();
    if (mode.pin.empty() && pin_.size() != 4) {
      confirmError_ = tr("Please type your 4-digit PIN first.");
      return {};
    }
    const std::string pin = mode.pin.empty() ? pin_ : mode.pin;
    pin_.clear();
    auto outcome = startProctoredExam(ui, chosen_.learner.id, mode.facilitator_id, pin, extraMinutes_, confirmError_);
    if (!outcome) return {};
    switch (outcome->status) {
      case app::ExamStartStatus::Started:
        // The learner takes over the kiosk: facilitator mode closes. The PIN
        // stays only in the short grace (app::FacilitatorGrace), counted
        // again from this start (the facilitator was here, unlocked), so
        // the next learner's exam needs one tap.
        if (ui.session.facilitator) ui.app.grace.grant(*ui.session.facilitator, pin);
        mode.pin.clear();
        ui.session.facilitator.reset();
        ui.session.learner = chosen_.learner;
        return Next::to(makeExamScreen(outcome->exam.attempt_id));
      case app::ExamStartStatus::WrongFacilitatorPin:
        mode.pin.clear();
        confirmError_ = tr("That PIN is not right. Please type it again.");
        return {};
      case app::ExamStartStatus::FacilitatorLocked: {
        mode.pin.clear();
        std::string line = fmt::sprintf(tr("Too many wrong PINs. For safety, please wait %s, then try again."),
                      waitText(outcome->retry_after_ms).c_str());
        confirmError_ = line;
        return {};
      }
    }
    return {};
  }

  void stop(UiContext& ui, FacilitatorMode& mode) {
    auto out = ui.app.exams.stopExam(*chosen_.exam_in_progress, mode.facilitator_id);
    if (!out) {
      confirmError_ = tr("The exam could not be stopped. Please tell the technician.");
      return;
    }
    std::string line = fmt::sprintf(out->result.passed ? tr("%s's exam was stopped and marked: %d of %d right (%.0f%%), passed.")
                                     : tr("%s's exam was stopped and marked: %d of %d right (%.0f%%), not passed."),
                  chosen_.learner.full_name.c_str(), out->verdict.correct, out->blueprint.totalQuestions(),
                  std::round(out->verdict.percent()));
    message_ = line;
    messageKind_ = NoticeKind::Ok;
    messageInList_ = false;
    confirm_ = Confirm::None;
    refresh(ui);
  }

  std::vector<app::TodayLearner> learners_, shown_;  // everyone today / those the filter shows
  app::TodayFilter filter_;
  NameSearch search_;
  std::vector<app::ListedMentor> mentors_;
  std::string error_, message_;
  NoticeKind messageKind_ = NoticeKind::Ok;
  bool messageInList_ = false;  // message_ is shown in the Đại sứ số list, not at the top
  Confirm confirm_ = Confirm::None;
  app::TodayLearner chosen_;
  int extraMinutes_ = 0;   // extra exam time granted at the start
  std::string pin_, confirmError_;
};

}  // namespace

std::unique_ptr<FacilitatorSection> makeTodaySection() { return std::make_unique<TodaySection>(); }

}  // namespace hocso::ui
