// The facilitator's unlock, remembered in memory for a short while after a
// right PIN, so that a round of exams (one learner after another) needs one
// tap per learner instead of the PIN each time. Never written to disk or
// logged; cleared when the facilitator closes facilitator mode, pauses the
// kiosk, or the period runs out. The exam still records who started it
// (ExamService::startExam checks the remembered PIN as if typed).
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "assessment/exam.hpp"
#include "service_support.hpp"

namespace hocso::app {

struct GraceUnlock {
  assessment::Facilitator facilitator;
  std::string pin;                  // what they typed, for ExamService::startExam
  long long remaining_ms = 0;       // until the PIN is asked again
};

class FacilitatorGrace {
 public:
  static constexpr std::chrono::milliseconds kDefaultPeriod = std::chrono::minutes(10);

  explicit FacilitatorGrace(WallClock now_ms = systemNowMs, std::chrono::milliseconds period = kDefaultPeriod)
      : now_ms_(std::move(now_ms)), period_ms_(period.count()) {}

  // After a right PIN: the period starts again from now.
  void grant(const assessment::Facilitator& facilitator, const std::string& pin);
  // The remembered unlock while the period lasts. A clock that went back
  // before the grant ends it too (never longer than the period).
  std::optional<GraceUnlock> current() const;
  void clear();

 private:
  WallClock now_ms_;
  long long period_ms_;
  std::optional<GraceUnlock> unlock_;
  long long granted_at_ms_ = 0;
};

}  // namespace hocso::app
