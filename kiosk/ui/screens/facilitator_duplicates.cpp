// Facilitator mode, "Help a learner" → "Registered twice": the pairs of
// learners who may be one person (the same citizen ID, or the same name and
// birth year: app::LearnerHelpService::duplicates), side by side with where
// and when each registered and how far each got. The facilitator keeps one
// (after checking the identity document: mergeLearners, which the site's
// other kiosks learn through the journal) or says they are two people.
#include <fmt/format.h>
#include <imgui.h>

#include "../../app/learner_help_service.hpp"
#include "../i18n.hpp"
#include "facilitator_mode.hpp"

namespace hocso::ui {
namespace {

std::string kioskWords(const std::string& kiosk) {
  if (kiosk.empty()) return tr("on this kiosk");
  return fmt::format(fmt::runtime(tr("on kiosk {}")), kiosk.substr(0, 8));
}

// "dd/mm/yyyy" from an ISO 8601 time.
std::string dayOf(const std::string& iso) {
  if (iso.size() < 10) return iso;
  return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
}

void drawSide(UiContext& ui, const app::DuplicateSide& s) {
  const auto& l = s.found.learner;
  wrappedText(fmt::format("{} ({})", l.full_name, l.birth_year), ui.platform.fonts.bold);
  wrappedText(fmt::format(fmt::runtime(tr("Registered {} {}")), dayOf(l.created_at), kioskWords(s.kiosk)));
  wrappedText(fmt::format(fmt::runtime(tr("{} practice answers, {} lessons read")), s.practice_answers, s.lessons_read));
  if (const auto& cid = l.citizen_id; cid.size() >= 4)
    wrappedText(fmt::format(fmt::runtime(tr("Citizen ID ends in: {}")), cid.substr(cid.size() - 4)));
}

}  // namespace

void DuplicatesPanel::load(UiContext& ui) {
  error_.clear();
  loadList(ui.app.help.duplicates(), pairs_, error_,
           tr("The learners could not be read. Please tell the technician."));
}

bool DuplicatesPanel::draw(UiContext& ui, FacilitatorMode& mode) {
  if (keep_) return drawConfirm(ui, mode);
  sectionTitle(ui, tr("Registered twice"));
  if (!message_.empty()) notice(NoticeKind::Ok, message_);
  if (!error_.empty()) errorText(error_.c_str());
  if (pairs_.empty()) {
    wrappedText(tr("Nobody seems to be registered twice."));
  } else {
    wrappedText(tr("These learners may be one person who registered twice (on two kiosks, or again after forgetting). Ask them, and look at their identity document. Keep one registration: what the other did counts for it."));
  }
  for (size_t i = 0; i < pairs_.size(); ++i) drawPair(ui, i);
  ImGui::Spacing();
  if (bigButton(tr("Back###dup-back"), 0, false)) {
    message_.clear();
    return false;
  }
  return true;
}

void DuplicatesPanel::drawPair(UiContext& ui, size_t i) {
  const auto& p = pairs_[i];
  const std::string n = std::to_string(i);
  ImGui::Separator();
  wrappedText(p.reason == assessment::DuplicateReason::SameCitizenId ? tr("The same citizen ID")
                                                                     : tr("The same name and birth year"),
              ui.platform.fonts.bold);
  const ImGuiTableFlags flags = ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_PadOuterX;
  if (ImGui::BeginTable(("##pair-" + n).c_str(), 2, flags)) {
    ImGui::TableNextRow();
    for (const auto* side : {&p.first, &p.second}) {
      ImGui::TableNextColumn();
      drawSide(ui, *side);
      const bool first = side == &p.first;
      const std::string label = std::string(tr("Keep this one")) + (first ? "###dup-keep-first-" : "###dup-keep-second-") + n;
      if (bigButton(label.c_str(), -1.0f)) {
        keep_ = first ? p.first : p.second;
        drop_ = first ? p.second : p.first;
        idChecked_ = false;
        viewError_.clear();
      }
    }
    ImGui::EndTable();
  }
  const std::string distinct = std::string(tr("They are two different people")) + "###dup-distinct-" + n;
  if (bigButton(distinct.c_str(), 0, false)) decided_ = i;
}

bool DuplicatesPanel::drawConfirm(UiContext& ui, FacilitatorMode& mode) {
  const auto& keep = keep_->found.learner;
  sectionTitle(ui, fmt::format(fmt::runtime(tr("Keep the registration of {} {}?")), keep.full_name, kioskWords(keep_->kiosk)).c_str());
  wrappedText(tr("The other registration can no longer sign in; its lessons, practice and results count for the one kept, on every kiosk of the commune. The PIN of the one kept stays. This cannot be undone."));
  const std::string check = std::string(tr("I have checked the identity document")) + "###dup-id-checked";
  if (checkButton(check.c_str(), idChecked_, -1.0f)) {
    idChecked_ = !idChecked_;
    viewError_.clear();
  }
  if (!viewError_.empty()) errorText(viewError_.c_str());
  if (bigButton(tr("Make them one###dup-merge-confirm"), 0)) merge(ui, mode);
  ImGui::SameLine();
  if (bigButton(tr("Cancel###dup-cancel"), 0, false)) keep_.reset();
  return true;
}

void DuplicatesPanel::merge(UiContext& ui, FacilitatorMode& mode) {
  auto r = ui.app.help.mergeLearners(drop_->found.learner.id, keep_->found.learner.id,
                                                            mode.facilitator_id, idChecked_);
  if (!r) {
    viewError_ = tr("The two could not be made one. Please tell the technician.");
    return;
  }
  switch (*r) {
    case app::MergeStatus::IdentityNotChecked:
      viewError_ = tr("Please check the identity document first, then tick the box.");
      return;
    case app::MergeStatus::ExamUnderWay:
      viewError_ = tr("One of the two is taking an exam now. Let them finish it first.");
      return;
    case app::MergeStatus::Refused:
      viewError_ = tr("These two can no longer be made one (one was erased or already merged).");
      load(ui);
      return;
    case app::MergeStatus::Done: break;
  }
  message_ = fmt::format(fmt::runtime(tr("Done: {} is one learner now.")), keep_->found.learner.full_name);
  keep_.reset();
  drop_.reset();
  load(ui);
}

void DuplicatesPanel::takeDecision(UiContext& ui, FacilitatorMode& mode) {
  if (!decided_ || *decided_ >= pairs_.size()) return;
  const auto& p = pairs_[*decided_];
  decided_.reset();
  auto ok = ui.app.help.markDistinct(p.first.found.learner.id, p.second.found.learner.id,
                                                            mode.facilitator_id);
  if (!ok) {
    error_ = tr("This could not be saved. Please tell the technician.");
    return;
  }
  message_ = tr("Saved: they are two different people.");
  load(ui);
}

}  // namespace hocso::ui
