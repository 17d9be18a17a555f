// Facilitator mode, "Help a learner": find a learner by name (accents and
// case do not matter; the list is never shown whole), then
//  - reset a forgotten PIN after checking their identity document: the new
//    PIN typed twice, hashed as at registration, their lockouts cleared and
//    who did it recorded (app::LearnerHelpService::resetPin);
//  - erase them at their request, with the same service as
//    `hocso learner delete` (LearnerService::deleteLearner), as a background
//    job because it may wait for the WAL (app::LearnerErasureJob);
//  - merge a learner registered twice (DuplicatesPanel), offered above the
//    search when there are any.
#include <fmt/format.h>
#include <imgui.h>

#include <fmt/printf.h>
#include <any>

#include "../../app/learner_help_service.hpp"
#include "../i18n.hpp"
#include "../keyboard.hpp"
#include "../probe.hpp"
#include "facilitator_mode.hpp"

namespace hocso::ui {
namespace {

constexpr const char* kEraseJob = "learner-erase";

using EraseOutcome = NamedOutcome<app::ErasureSummary>;  // the learner's full name

class LearnerHelpSection final : public FacilitatorSection {
 public:
  const char* screenName() const override { return "facilitator-learners"; }

  void enter(UiContext& ui, FacilitatorMode&) override { duplicates_.load(ui); }

  Next draw(UiContext& ui, FacilitatorMode& mode) override {
    takeErasure(ui);
    switch (view_) {
      case View::Reset: drawReset(ui, mode); return {};
      case View::Erase: drawErase(ui, mode); return {};
      case View::Duplicates:
        duplicates_.takeDecision(ui, mode);
        if (!duplicates_.draw(ui, mode)) view_ = View::Search;
        return {};
      case View::Search: break;
    }
    sectionTitle(ui, tr("Help a learner"));
    if (!message_.empty()) notice(messageKind_, message_);
    if (ui.platform.jobs.running() && ui.platform.jobs.runningKind() == kEraseJob)
      notice(NoticeKind::Warning, tr("Erasing the learner's information… Please wait."));
    // The explanation until something is typed; then the room goes to the results.
    if (search_.text().empty()) {
      if (duplicates_.count() > 0) {
        notice(NoticeKind::Warning, fmt::format(fmt::runtime(tr("{} learner(s) may be registered twice.")), duplicates_.count()));
        if (bigButton(tr("See who is registered twice###dup-open"), 0)) {
          duplicates_.load(ui);
          view_ = View::Duplicates;
          return {};
        }
      }
      wrappedText(tr("Find the learner by name (with or without accents) or by birth year. Then you can give them a new PIN or erase their information."));
    }
    if (search_.draw(ui, "learner-search", tr("Name or birth year…"))) {
      message_.clear();
      find(ui);
    }
    if (search_.keyboardOpen()) {
      std::string line = fmt::sprintf(tr("%d learner(s) match"), static_cast<int>(found_.size()));
      wrappedText(line, ui.platform.fonts.bold);
      return {};
    }
    if (!error_.empty()) errorText(error_.c_str());
    if (search_.text().empty()) return {};
    if (found_.empty()) {
      wrappedText(tr("Nobody with that name. Check the spelling, or try the birth year."));
      return {};
    }
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_PadOuterX;
    if (!ImGui::BeginTable("##found", 2, flags)) return {};
    ImGui::TableSetupColumn("who", ImGuiTableColumnFlags_WidthStretch, 1.2f);
    ImGui::TableSetupColumn("actions", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    const bool busy = ui.platform.jobs.running();
    for (size_t i = 0; i < found_.size(); ++i) {
      const auto& f = found_[i];
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      learnerHeading(ui, f.learner);
      ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
      wrappedText(f.target_group_title);
      ImGui::PopStyleColor();
      ImGui::TableNextColumn();
      const std::string n = std::to_string(i);
      const std::string reset = std::string(tr("New PIN")) + "###reset-" + n;
      const std::string erase = std::string(tr("Erase")) + "###erase-" + n;
      const float pad = ImGui::GetStyle().FramePadding.x * 4;
      const float rw = ImGui::CalcTextSize(reset.c_str(), nullptr, true).x + pad;
      const float ew = ImGui::CalcTextSize(erase.c_str(), nullptr, true).x + pad;
      const bool together = rw + ew + ImGui::GetStyle().ItemSpacing.x <= ImGui::GetContentRegionAvail().x;
      if (bigButton(reset.c_str(), together ? rw : -1.0f)) open(View::Reset, f);
      if (together) ImGui::SameLine();
      ImGui::BeginDisabled(busy);
      if (bigButton(erase.c_str(), together ? ew : -1.0f, false)) open(View::Erase, f);
      ImGui::EndDisabled();
    }
    ImGui::EndTable();
    return {};
  }

 private:
  enum class View { Search, Reset, Erase, Duplicates };

  void find(UiContext& ui) {
    error_.clear();
    auto found = ui.app.help.search(search_.text());
    if (!found) {
      error_ = tr("The learners could not be read. Please tell the technician.");
      found_.clear();
      return;
    }
    found_ = std::move(*found);
  }

  void open(View v, const app::FoundLearner& f) {
    view_ = v;
    chosen_ = f;
    idChecked_ = false;
    pin_.clear();
    pinAgain_.clear();
    second_ = false;
    viewError_.clear();
    message_.clear();
  }

  // A page about the chosen learner: its title, what to do, their birth year.
  void learnerPage(UiContext& ui, const std::string& title, const char* explanation) {
    sectionTitle(ui, title.c_str());
    wrappedText(explanation);
    wrappedText(fmt::sprintf(tr("Birth year: %d"), chosen_.learner.birth_year), ui.platform.fonts.bold);
  }

  void drawReset(UiContext& ui, FacilitatorMode& mode) {
    std::string line;
    learnerPage(ui, fmt::sprintf(tr("A new PIN for %s"), chosen_.learner.full_name.c_str()),
                tr("First look at the learner's citizen ID card (or other identity document): the name and birth year must match."));
    if (const auto& cid = chosen_.learner.citizen_id; cid.size() >= 4) {
      line = fmt::sprintf(tr("Citizen ID ends in: %s"), cid.substr(cid.size() - 4).c_str());
      wrappedText(line, ui.platform.fonts.bold);
    }
    const std::string check = std::string(tr("I have checked the identity document")) + "###id-checked";
    if (checkButton(check.c_str(), idChecked_, -1.0f)) {
      idChecked_ = !idChecked_;
      viewError_.clear();
    }
    takePhysicalDigits(second_ ? pinAgain_ : pin_, 4);
    if (!second_ && pin_.size() == 4 && justTyped_ != pin_) {  // on to the second box
      second_ = true;
      justTyped_ = pin_;
    }
    // The two boxes side by side when they fit (the digit pad stays in view).
    const float fw = 200.0f * ui.display.scale;
    const float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) * 0.5f;
    const bool sideBySide = half >= fw;
    const float startX = ImGui::GetCursorPosX(), startY = ImGui::GetCursorPosY();
    ImGui::PushTextWrapPos(sideBySide ? startX + half - 8.0f : 0.0f);
    ImGui::TextWrapped("%s", tr("New PIN (4 digits), typed by the learner:"));
    ui.platform.probe.noteLastItem(tr("New PIN (4 digits), typed by the learner:"), "", false);
    ImGui::PopTextWrapPos();
    if (fieldBox("new-pin", std::string(pin_.size(), '*'), !second_, fw)) second_ = false;
    if (sideBySide) ImGui::SetCursorPos(ImVec2(startX + half + ImGui::GetStyle().ItemSpacing.x, startY));
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextWrapped("%s", tr("The same PIN again:"));
    ui.platform.probe.noteLastItem(tr("The same PIN again:"), "", false);
    ImGui::PopTextWrapPos();
    if (sideBySide) ImGui::SetCursorPosX(startX + half + ImGui::GetStyle().ItemSpacing.x);
    if (fieldBox("new-pin-again", std::string(pinAgain_.size(), '*'), second_, fw)) second_ = true;
    if (!viewError_.empty()) errorText(viewError_.c_str());
    if (bigButton(tr("Save the new PIN###reset-confirm"), 0)) reset(ui, mode);
    ImGui::SameLine();
    if (bigButton(tr("Cancel###cancel"), 0, false)) view_ = View::Search;
    digitPad(second_ ? pinAgain_ : pin_, 4);
  }

  void reset(UiContext& ui, FacilitatorMode& mode) {
    viewError_.clear();
    auto r = ui.app.help.resetPin(chosen_.learner.id, pin_, pinAgain_, mode.facilitator_id, idChecked_);
    if (!r) {
      viewError_ = tr("The new PIN could not be saved. Please tell the technician.");
      return;
    }
    switch (*r) {
      case app::PinResetStatus::IdentityNotChecked:
        viewError_ = tr("Please check the identity document first, then tick the box.");
        return;
      case app::PinResetStatus::PinNotFourDigits:
        viewError_ = tr("The new PIN must be exactly 4 digits.");
        second_ = false;
        return;
      case app::PinResetStatus::PinsDiffer:
        viewError_ = tr("The two PINs are not the same. Please type the PIN again, twice.");
        pin_.clear();
        pinAgain_.clear();
        justTyped_.clear();
        second_ = false;
        return;
      case app::PinResetStatus::Done: break;
    }
    std::string line = fmt::sprintf(tr("%s has a new PIN now. They can sign in with it at once."),
                  chosen_.learner.full_name.c_str());
    message_ = line;
    messageKind_ = NoticeKind::Ok;
    pin_.clear();
    pinAgain_.clear();
    view_ = View::Search;
  }

  void drawErase(UiContext& ui, FacilitatorMode& mode) {
    learnerPage(ui, fmt::sprintf(tr("Erase the information of %s?"), chosen_.learner.full_name.c_str()),
                tr("Do this only when the learner asks for it. Their name, birth year, citizen ID, phone number and PIN are erased from this kiosk, and results already sent are withdrawn. Counts without names stay. This cannot be undone."));
    if (!viewError_.empty()) errorText(viewError_.c_str());
    ImGui::BeginDisabled(ui.platform.jobs.running());
    if (bigButton(tr("Yes, erase it###erase-confirm"), 0)) erase(ui, mode);
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (bigButton(tr("Cancel###cancel"), 0, false)) view_ = View::Search;
  }

  void erase(UiContext& ui, FacilitatorMode& mode) {
    app::LearnerErasureJob job(ui.app.ctx, ui.app.learners.wal_wipe_wait);
    const std::string id = chosen_.learner.id, name = chosen_.learner.full_name, by = mode.facilitator_id;
    if (!ui.platform.jobs.start(kEraseJob, [job, id, name, by]() mutable { return std::any(EraseOutcome{name, job.run(id, by)}); })) {
      viewError_ = tr("Something else is being saved. Please wait a moment and try again.");
      return;
    }
    view_ = View::Search;
    found_.clear();
    search_.clear();
  }

  void takeErasure(UiContext& ui) {
    std::optional<EraseOutcome> out;
    if (!takeJob(ui, kEraseJob, out)) return;
    if (out && out->result) {
      message_ = fmt::sprintf(tr("The information of %s was erased."), out->name.c_str());
      messageKind_ = NoticeKind::Ok;
    } else {
      message_ = tr("The erasure could not be finished. Please tell the technician (hocso learner delete finishes it).");
      messageKind_ = NoticeKind::Error;
    }
    if (!search_.text().empty()) find(ui);
  }

  View view_ = View::Search;
  DuplicatesPanel duplicates_;
  NameSearch search_;
  std::vector<app::FoundLearner> found_;
  app::FoundLearner chosen_;
  bool idChecked_ = false, second_ = false;
  std::string pin_, pinAgain_, justTyped_, error_, viewError_, message_;
  NoticeKind messageKind_ = NoticeKind::Ok;
};

}  // namespace

std::unique_ptr<FacilitatorSection> makeLearnerHelpSection() { return std::make_unique<LearnerHelpSection>(); }

}  // namespace hocso::ui
