// Facilitators (the commune digital team's members who unlock exams and
// facilitator mode): adding them, listing them, and checking their PIN with
// the stored lockout learners have too.
#pragma once

#include <string>
#include <vector>

#include "assessment/exam.hpp"
#include "assessment/identity.hpp"
#include "kiosk_context.hpp"
#include "service_support.hpp"

namespace hocso::app {

// Facilitator PIN check (facilitator mode, and the start of an exam).
enum class FacilitatorPinStatus { Accepted, Wrong, Locked };

struct FacilitatorUnlock {
  FacilitatorPinStatus status = FacilitatorPinStatus::Wrong;
  assessment::Facilitator facilitator;      // Accepted only
  long long retry_after_ms = 0;             // Locked, or a Wrong PIN that has just locked
  int tries_before_lockout = 0;             // Wrong and not locked: wrong PINs still allowed before a wait
};

// The rules a new facilitator's name and PIN must meet (1 to 80 characters;
// exactly 4 digits); Invalid with what is wrong. addFacilitator applies them.
Result<void> checkFacilitatorAnswers(const std::string& name, const std::string& pin);

class FacilitatorService {
 public:
  explicit FacilitatorService(KioskContext& ctx, WallClock wall_ms = systemNowMs)
      : ctx_(ctx), wall_ms_(std::move(wall_ms)) {}

  Result<assessment::Facilitator> addFacilitator(const std::string& name, const std::string& pin);
  Result<std::vector<assessment::Facilitator>> facilitators();
  // Those offered on the kiosk's screens: not the facilitators `hocso
  // simulate` made (flagged with markSimulated), so test data never shows
  // on a real kiosk's login list. `hocso facilitator list` shows everyone.
  Result<std::vector<assessment::Facilitator>> facilitatorsForLogin();
  Result<void> markSimulated(const std::string& facilitator_id);

  // Checks a facilitator's PIN with the same stored lockout as the start of
  // an exam (the subject "facilitator:<id>", the same policy): a wrong PIN
  // counts a failure, a refused attempt while locked does not, a right one
  // clears the count. An unknown or disabled facilitator looks like a wrong PIN.
  Result<FacilitatorUnlock> checkPin(const std::string& facilitator_id, const std::string& pin);

  // The check without clearing the count on success: the caller clears it in
  // its own transaction (ExamService::startExam, with the exam it starts).
  // A failure is recorded in its own transaction.
  Result<FacilitatorUnlock> verifyPin(const std::string& facilitator_id, const std::string& pin);

  assessment::LockoutPolicy lockout_policy;

 private:
  KioskContext& ctx_;
  WallClock wall_ms_;
};

}  // namespace hocso::app
