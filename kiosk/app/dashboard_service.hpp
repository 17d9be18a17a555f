// What facilitator mode shows: today's learners and how far each has come,
// and the dashboard's figures (learners per target group, exam pass rate per
// skill group, a week-by-week trend). Read-only; the SQL is assessment's: the
// commune report (assessment/report.hpp) supplies this kiosk's totals and
// assessment/report_queries.hpp the rest.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "assessment/records.hpp"
#include "assessment/report_queries.hpp"
#include "kiosk_context.hpp"
#include "service_support.hpp"
#include "sync/status.hpp"

namespace hocso::app {

struct TargetGroupCount {
  std::string code, title;
  long long learners = 0;        // registered, all time
};

struct SkillGroupPassRate {
  std::string code, title;
  long long exams = 0;           // finished exams that had questions from this group
  long long passed = 0;          // ... where the group reached its minimum
  double rate() const { return exams > 0 ? static_cast<double>(passed) / static_cast<double>(exams) : 0.0; }
};

// A week's new learners, lessons completed and exams (assessment counts them).
using WeekTrend = assessment::WeekTrend;

// One kiosk's share of the site's figures (what was done there).
using KioskFigures = assessment::KioskFigures;

struct Dashboard {
  // The whole site: this kiosk's figures (its report) plus what came from
  // the other kiosks of the site; by_kiosk splits them, this kiosk first.
  long long learners = 0, lessons_completed = 0, exams_taken = 0, exams_passed = 0, certificates = 0;
  std::vector<KioskFigures> by_kiosk;
  std::vector<TargetGroupCount> target_groups;   // framework order, then any other code found
  std::vector<SkillGroupPassRate> skill_groups;  // framework order
  std::vector<WeekTrend> weeks;                  // oldest first, ending with this week
};

// Where a learner of today's list stands, for the facilitator's filters.
//  NotStarted:    no lesson read, no practice quiz taken yet;
//  Learning:      started, not yet ready;
//  ReadyForExam:  every skill with content mastered (or every lesson's quiz
//                 passed) and no exam passed yet;
//  Passed:        has passed a certification exam (today or before).
enum class TodayStatus { NotStarted, Learning, ReadyForExam, Passed };

// One learner seen on the kiosk today (registered, or started or finished
// something since local midnight).
struct TodayLearner {
  assessment::Learner learner;
  std::string target_group_title;
  int lessons_passed = 0, lessons_total = 0;     // practice quizzes passed, lessons in the pack
  int mastered = 0, competencies = 0;            // competencies mastered / with content
  std::optional<std::string> exam_in_progress;   // attempt id of an unfinished exam
  std::optional<bool> exam_passed_today;         // the last exam finished today, if any
  std::string last_activity;                     // ISO 8601 UTC
  std::string last_kiosk;                        // the site kiosk of that activity; "" for this kiosk
  std::optional<std::string> exam_elsewhere;     // the site kiosk where an exam of theirs is under way
  bool started = false;                          // read a lesson or took a practice quiz
  bool ever_passed = false;                      // passed a certification exam (any day)
  TodayStatus status = TodayStatus::NotStarted;
};

// The exam may be offered: none under way (here or on another kiosk of the
// site), none passed today, and no
// certification exam passed before either (they already have a certificate).
bool canStartExam(const TodayLearner& t);

enum class TodaySort { Recent, Name, Progress };

struct TodayFilter {
  std::string name;                              // see nameMatches (accents and case folded)
  std::optional<TodayStatus> status;             // none: everyone
  TodaySort sort = TodaySort::Recent;
};

// The learners of `all` that pass `filter`, in its order: Recent (as
// today() gives them), Name (alphabetical, accents folded), Progress (most
// lessons passed first, then skills mastered). A learner whose whole name
// is the search comes first.
std::vector<TodayLearner> filterToday(const std::vector<TodayLearner>& all, const TodayFilter& filter);

class DashboardService {
 public:
  explicit DashboardService(KioskContext& ctx, WallClock now_ms = systemNowMs) : ctx_(ctx), now_ms_(std::move(now_ms)) {}

  Result<Dashboard> dashboard(int weeks = 8);
  // Most recently active first.
  Result<std::vector<TodayLearner>> today();
  // The sync status read from kiosk.db (when the kiosk's sync worker is not running).
  Result<sync::SyncStatus> syncStatus();

  // Local midnight today as an ISO 8601 UTC instant ("2026-05-12T17:00:00.000Z").
  std::string startOfToday() const;

 private:
  KioskContext& ctx_;
  WallClock now_ms_;
};

}  // namespace hocso::app
