// Facilitator mode, "Today": who has used the kiosk today and how far each
// has come (lessons passed, skills mastered, the exam); start a proctored
// exam for one of them (ID document checked) or stop an exam under way;
// list a learner as Đại sứ số (the only names new learners are offered as
// their mentor, see app::ListedMentor) or take them off that list.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>

#include "../../app/dashboard_service.hpp"
#include "../i18n.hpp"
#include "../keyboard.hpp"
#include "../probe.hpp"
#include "facilitator_mode.hpp"
#include "sync/status_text.hpp"

namespace hocso::ui {
namespace {

class TodaySection final : public FacilitatorSection {
 public:
  const char* screenName() const override { return "facilitator-today"; }
  void enter(UiContext& ui, FacilitatorMode&) override { refresh(ui); }

  void draw(UiContext& ui, FacilitatorMode& mode) override {
    if (confirm_ != Confirm::None) {
      drawConfirm(ui, mode);
      return;
    }
    wrappedText(tr("Today's learners"), ui.fonts.title);
    const char* refreshLabel = tr("Refresh###refresh");
    const float rw = ImGui::CalcTextSize(refreshLabel, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 4;
    ImGui::SameLine(ImGui::GetContentRegionMax().x - rw);
    if (bigButton(refreshLabel, rw, false)) refresh(ui);
    if (!message_.empty() && !messageInList_) notice(messageKind_, message_);
    if (!error_.empty()) {
      errorText(error_.c_str());
      return;
    }
    if (learners_.empty()) {
      wrappedText(tr("Nobody has used the kiosk yet today."));
      drawMentorList(ui, mode);
      return;
    }
    char count[120];
    std::snprintf(count, sizeof count, tr("%d learner(s) today"), static_cast<int>(learners_.size()));
    wrappedText(count, ui.fonts.bold);
    const float rowH = std::max(56.0f, ImGui::GetFontSize() * 2.4f);
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_PadOuterX;
    ImGui::PushStyleVar(ImGuiStyleVar_CellPadding, ImVec2(8.0f, 6.0f));
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(ImGui::GetStyle().ItemSpacing.x, 4.0f));
    if (!ImGui::BeginTable("##today", 3, flags)) {
      ImGui::PopStyleVar(2);
      return;
    }
    ImGui::TableSetupColumn("name", ImGuiTableColumnFlags_WidthStretch, 1.3f);
    ImGui::TableSetupColumn("progress", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("action", ImGuiTableColumnFlags_WidthStretch, 0.7f);
    std::optional<ListChange> pending;  // applied after the table (the list is re-read)
    for (size_t i = 0; i < learners_.size(); ++i) {
      const auto& t = learners_[i];
      ImGui::TableNextRow(ImGuiTableRowFlags_None, rowH);
      ImGui::TableNextColumn();
      ImGui::PushFont(ui.fonts.bold);
      wrappedText(t.learner.full_name);
      ImGui::PopFont();
      const std::string sub = t.target_group_title + " · " + sync::localTimeVi(t.last_activity) + " · " + statusOf(t);
      ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
      wrappedText(sub);
      ImGui::PopStyleColor();

      ImGui::TableNextColumn();
      char overlay[160];
      std::snprintf(overlay, sizeof overlay, tr("%d of %d lessons passed"), t.lessons_passed, t.lessons_total);
      meterBar(t.lessons_total ? static_cast<float>(t.lessons_passed) / static_cast<float>(t.lessons_total) : 0.0f, overlay);
      char skills[160];
      std::snprintf(skills, sizeof skills, tr("%d of %d skills mastered"), t.mastered, t.competencies);
      wrappedText(skills);

      ImGui::TableNextColumn();
      const std::string n = std::to_string(i);
      if (t.exam_in_progress) {
        const std::string label = std::string(tr("Stop the exam")) + "###stop-" + n;
        if (bigButton(label.c_str(), -1.0f, false)) ask(Confirm::Stop, i);
      } else if (!ui.app.ctx.pack.info.practice_only) {
        const std::string label = std::string(tr("Start the exam")) + "###exam-" + n;
        if (bigButton(label.c_str(), -1.0f)) ask(Confirm::Start, i);
      }
      const bool listed = isListed(t.learner.id);
      const std::string amb = std::string(listed ? "[x] " : "[  ] ") + tr("Digital ambassador") + "###ambassador-" + n;
      if (choiceButton(amb.c_str(), listed, -1.0f)) pending = {t.learner.id, t.learner.full_name, !listed};
    }
    ImGui::EndTable();
    ImGui::PopStyleVar(2);
    if (ui.app.ctx.pack.info.practice_only)
      wrappedText(tr("This lesson pack is for practice only, so no exam can be started from it."));
    drawMentorList(ui, mode);
    if (pending) setListed(ui, mode, *pending);
  }

 private:
  enum class Confirm { None, Start, Stop };

  static std::string statusOf(const app::TodayLearner& t) {
    if (t.exam_in_progress) return tr("Exam under way");
    if (t.exam_passed_today) return *t.exam_passed_today ? tr("Passed the exam today") : tr("Did not pass the exam today");
    return tr("Practising");
  }

  struct ListChange {
    std::string learner_id, full_name;
    bool listed = false;
  };

  bool isListed(const std::string& learner_id) const {
    return std::any_of(mentors_.begin(), mentors_.end(),
                       [&](const app::ListedMentor& m) { return m.learner_id == learner_id; });
  }

  // Everyone on the Đại sứ số list, also those not here today, each with a
  // button to take them off it.
  void drawMentorList(UiContext& ui, FacilitatorMode& mode) {
    ImGui::Spacing();
    wrappedText(tr("Digital ambassadors shown at registration"), ui.fonts.bold);
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
      probe().noteLastItem(m.full_name, "mentor-name-" + std::to_string(i), false);
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
    char line[400];
    std::snprintf(line, sizeof line,
                  change.listed ? tr("%s is on the list of digital ambassadors now. New learners can choose this name.")
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
    auto today = app::DashboardService(ui.app.ctx).today();
    if (!today) {
      error_ = tr("Today's list could not be read. Please tell the technician.");
      learners_.clear();
      return;
    }
    learners_ = std::move(*today);
  }

  void ask(Confirm what, size_t i) {
    confirm_ = what;
    chosen_ = learners_[i];
    idChecked_ = false;
    extraMinutes_ = 0;
    pin_.clear();
    confirmError_.clear();
    message_.clear();
  }

  void drawConfirm(UiContext& ui, FacilitatorMode& mode) {
    const std::string& who = chosen_.learner.full_name;
    char line[400];
    if (confirm_ == Confirm::Stop) {
      std::snprintf(line, sizeof line, tr("Stop %s's exam now?"), who.c_str());
      sectionTitle(ui, line);
      wrappedText(tr("The answers given so far are marked now. Questions without an answer count as wrong. This cannot be undone."));
      if (!confirmError_.empty()) errorText(confirmError_.c_str());
      if (bigButton(tr("Yes, stop the exam###stop-confirm"), 0)) stop(ui, mode);
      ImGui::SameLine();
      if (bigButton(tr("Cancel###cancel"), 0, false)) confirm_ = Confirm::None;
      return;
    }
    std::snprintf(line, sizeof line, tr("Certification exam for %s"), who.c_str());
    sectionTitle(ui, line);
    wrappedText(tr("Look at the learner's citizen ID card (or other identity document) and check the name and the birth year before the exam starts."));
    char born[120];
    std::snprintf(born, sizeof born, tr("Birth year: %d"), chosen_.learner.birth_year);
    wrappedText(born, ui.fonts.bold);
    const std::string check = std::string(idChecked_ ? "[x] " : "[  ] ") +
                              tr("I have checked the learner's identity document") + "###id-checked";
    if (bigButton(check.c_str(), -1.0f, idChecked_)) {
      idChecked_ = !idChecked_;
      confirmError_.clear();
    }
    extraTimeChoice(extraMinutes_);
    if (mode.pin.empty()) {
      wrappedText(tr("Type your PIN again to start the exam"));
      takePhysicalDigits(pin_, 4);
      fieldBox("exam_pin", std::string(pin_.size(), '*'), true, 220.0f * ui.scale);
    }
    if (!confirmError_.empty()) errorText(confirmError_.c_str());
    if (bigButton(tr("Start the exam###start-confirm"), 0)) start(ui, mode);
    ImGui::SameLine();
    if (bigButton(tr("Cancel###cancel"), 0, false)) confirm_ = Confirm::None;
    if (mode.pin.empty()) digitPad(pin_, 4);
  }

  void start(UiContext& ui, FacilitatorMode& mode) {
    confirmError_.clear();
    if (!idChecked_) {
      confirmError_ = tr("Please check the identity document first, then tick the box.");
      return;
    }
    app::ExamStartRequest req;
    req.learner_id = chosen_.learner.id;
    req.facilitator_id = mode.facilitator_id;
    req.facilitator_pin = mode.pin.empty() ? pin_ : mode.pin;
    req.identity_document_checked = true;
    req.extra_minutes = extraMinutes_;
    pin_.clear();
    auto outcome = ui.app.exams.startExam(req);
    if (!outcome) {
      confirmError_ = tr("The exam could not be prepared. Please tell the technician.");
      return;
    }
    switch (outcome->status) {
      case app::ExamStartStatus::Started:
        // The learner takes over the kiosk: facilitator mode closes, the PIN is forgotten.
        mode.pin.clear();
        ui.session.facilitator.reset();
        ui.session.learner = chosen_.learner;
        ui.navigate(makeExamScreen(outcome->exam.attempt_id));
        return;
      case app::ExamStartStatus::WrongFacilitatorPin:
        mode.pin.clear();
        confirmError_ = tr("That PIN is not right. Please type it again.");
        return;
      case app::ExamStartStatus::FacilitatorLocked: {
        mode.pin.clear();
        char line[300];
        std::snprintf(line, sizeof line, tr("Too many wrong PINs. For safety, please wait %s, then try again."),
                      waitText(outcome->retry_after_ms).c_str());
        confirmError_ = line;
        return;
      }
    }
  }

  void stop(UiContext& ui, FacilitatorMode& mode) {
    auto out = ui.app.exams.stopExam(*chosen_.exam_in_progress, mode.facilitator_id);
    if (!out) {
      confirmError_ = tr("The exam could not be stopped. Please tell the technician.");
      return;
    }
    char line[400];
    std::snprintf(line, sizeof line,
                  out->result.passed ? tr("%s's exam was stopped and marked: %d of %d right (%.0f%%), passed.")
                                     : tr("%s's exam was stopped and marked: %d of %d right (%.0f%%), not passed."),
                  chosen_.learner.full_name.c_str(), out->verdict.correct, out->blueprint.totalQuestions(),
                  std::round(out->verdict.percent()));
    message_ = line;
    messageKind_ = NoticeKind::Ok;
    messageInList_ = false;
    confirm_ = Confirm::None;
    refresh(ui);
  }

  std::vector<app::TodayLearner> learners_;
  std::vector<app::ListedMentor> mentors_;
  std::string error_, message_;
  NoticeKind messageKind_ = NoticeKind::Ok;
  bool messageInList_ = false;  // message_ is shown in the Đại sứ số list, not at the top
  Confirm confirm_ = Confirm::None;
  app::TodayLearner chosen_;
  bool idChecked_ = false;
  int extraMinutes_ = 0;   // extra exam time granted at the start
  std::string pin_, confirmError_;
};

}  // namespace

std::unique_ptr<FacilitatorSection> makeTodaySection() { return std::make_unique<TodaySection>(); }

}  // namespace hocso::ui
