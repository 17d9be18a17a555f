// Facilitator mode's private pieces, shared by its files: the PIN entry
// (facilitator chooser, digit pad, lockout countdown), the sections shown
// beside the menu, and the screens only facilitator mode opens.
#pragma once

#include <any>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "../../app/learner_help_service.hpp"
#include "usb_media.hpp"
#include "../screen.hpp"
#include "vietnamese_input.hpp"

namespace hocso::ui {

// Who is unlocked and the PIN they typed, kept in memory only (never
// written, never logged) so an exam can be started without asking again.
struct FacilitatorMode {
  std::string facilitator_id;
  std::string facilitator_name;
  std::string pin;
};

// Choose a facilitator (when there are several), type the 4-digit PIN on the
// pad or the keyboard, press the button (or Enter). The check and the
// lockout are FacilitatorService::checkPin's.
class FacilitatorPinEntry {
 public:
  // Returns the unlocked facilitator mode once the PIN was right.
  std::optional<FacilitatorMode> draw(UiContext& ui, const char* button_label);

 private:
  void load(UiContext& ui);
  void submit(UiContext& ui, std::optional<FacilitatorMode>& unlocked);

  bool loaded_ = false;
  std::vector<assessment::Facilitator> facilitators_;
  size_t chosen_ = 0;
  std::string pin_;
  std::string message_;
  long long locked_ms_ = 0;                                 // lockout remaining when it was reported
  std::chrono::steady_clock::time_point locked_at_{};
};

// One part of facilitator mode (Today, Dashboard, ...).
class FacilitatorSection {
 public:
  virtual ~FacilitatorSection() = default;
  virtual const char* screenName() const = 0;           // "facilitator-today", ... (scripts)
  // Called when the section is opened from the menu (refresh data here).
  virtual void enter(UiContext&, FacilitatorMode&) {}
  // What the section asks for (an exam started, leaving kiosk mode) goes
  // back through the facilitator screen to the frame loop.
  virtual Next draw(UiContext& ui, FacilitatorMode& mode) = 0;
};

std::unique_ptr<FacilitatorSection> makeTodaySection();
std::unique_ptr<FacilitatorSection> makeDashboardSection();
std::unique_ptr<FacilitatorSection> makeSyncSection();
std::unique_ptr<FacilitatorSection> makeContentSection();
std::unique_ptr<FacilitatorSection> makeReportSection();
std::unique_ptr<FacilitatorSection> makeSettingsSection();
std::unique_ptr<FacilitatorSection> makeLearnerHelpSection();
std::unique_ptr<FacilitatorSection> makeCertificatesSection();

// Facilitator mode already unlocked with `mode` (PIN kept for exams).
std::unique_ptr<Screen> makeFacilitatorScreen(FacilitatorMode mode);

// Small shared drawing helpers.
float facilitatorButtonHeight();
// A heading in the title font.
void sectionTitle(UiContext& ui, const char* text);
// A choice button that looks pressed when `selected`.
bool choiceButton(const char* label, bool selected, float width = 0.0f);
// A notice with a coloured bar: ok (green), warning (amber) or error (red).
enum class NoticeKind { Ok, Warning, Error };
void notice(NoticeKind kind, const std::string& text);
// "3 phút 05 giây" / "3 minutes 05 seconds" in the UI language.
std::string waitText(long long ms);
// Choice buttons in as many rows as the width needs; returns the index
// tapped this frame or -1. Labels carry their ###id.
int choiceRow(const std::vector<std::string>& labels, int selected);

// A learner's name and birth year, in bold: the first line of a row about them.
void learnerHeading(UiContext& ui, const assessment::Learner& learner);

// A list read from a service: on failure `into` is emptied, `error` says
// `why` and the result is false.
template <class T>
bool loadList(Result<std::vector<T>> read, std::vector<T>& into, std::string& error, const char* why) {
  if (!read) {
    error = why;
    into.clear();
    return false;
  }
  into = std::move(*read);
  return true;
}

// What a background job about something named (a learner, a drive) gives
// back: the name, for the message, and the job's result.
template <class T>
struct NamedOutcome {
  std::string name;
  Result<T> result;
};

// The finished job of `kind`, taken: false while none is waiting; `out` is
// empty when the job gave back something else (it threw).
template <class T>
bool takeJob(UiContext& ui, std::string_view kind, std::optional<T>& out) {
  auto r = ui.platform.jobs.take(kind);
  if (!r) return false;
  if (auto* value = std::any_cast<T>(&*r)) out = std::move(*value);
  return true;
}

// Starts a proctored exam for the learner: the class helper's PIN, the
// identity document checked (the button they tapped says so) and any extra
// time. Null, with `error` set for the screen, when the service failed.
std::optional<app::ExamStartOutcome> startProctoredExam(UiContext& ui, const std::string& learner_id,
                                                        const std::string& facilitator_id, const std::string& pin,
                                                        int extra_minutes, std::string& error);

// "No USB drive found…", or `label` and a choice button per drive
// (#drive-N) on one line; then "Look again" (#rescan). Returns the drive
// tapped this frame or -1; `rescan` is set when Look again is tapped.
int usbDriveLine(const char* label, const std::vector<app::UsbDrive>& drives, size_t chosen, bool& rescan);

// The USB drives plugged in, one of them chosen.
class UsbDrivePicker {
 public:
  void scan();
  // "No USB drive found…", or a choice button per drive (#<prefix>drive-N);
  // then "Look again" (#<prefix>rescan).
  void draw(const char* id_prefix);
  const app::UsbDrive* chosen() const { return chosen_ < drives_.size() ? &drives_[chosen_] : nullptr; }

 private:
  std::vector<app::UsbDrive> drives_;
  size_t chosen_ = 0;
};

// Learners who may be registered twice (facilitator_duplicates.cpp): the
// pairs side by side; keep one (merged after the identity check) or say
// they are two people.
class DuplicatesPanel {
 public:
  void load(UiContext& ui);
  size_t count() const { return pairs_.size(); }
  // The list, or the merge confirmation; false once the facilitator goes back.
  bool draw(UiContext& ui, FacilitatorMode& mode);
  // Applies "two different people" tapped during the last frame (outside the list loop).
  void takeDecision(UiContext& ui, FacilitatorMode& mode);

 private:
  void drawPair(UiContext& ui, size_t i);
  bool drawConfirm(UiContext& ui, FacilitatorMode& mode);
  void merge(UiContext& ui, FacilitatorMode& mode);
  std::vector<app::DuplicateCandidate> pairs_;
  std::optional<app::DuplicateSide> keep_, drop_;
  std::optional<size_t> decided_;
  bool idChecked_ = false;
  std::string error_, viewError_, message_;
};

// A name search box for facilitator mode: what is typed on a keyboard goes
// into it at once; tapping it opens the on-screen letter keyboard (with
// "Done" and "Clear"). Accents do not matter to the search (name_search.hpp).
class NameSearch {
 public:
  // Draws the box (and the keyboard while open). True when the text changed.
  bool draw(UiContext& ui, const char* id, const char* hint);
  std::string text() const { return composer_.text(); }
  bool keyboardOpen() const { return keyboard_; }
  void clear() { composer_.clear(); }

 private:
  input::Composer composer_;
  bool keyboard_ = false, shift_ = false;
};

}  // namespace hocso::ui
