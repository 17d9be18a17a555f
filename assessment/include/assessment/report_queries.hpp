// Read-only figures over assessment's tables for the commune report
// (report.hpp) and the facilitator's dashboard (kiosk/app/dashboard_service):
// the SQL on learners, attempts, results, lesson views and certificates that
// those read models need lives here, with one definition of each measure.
#pragma once

#include <SQLiteCpp/Database.h>

#include <map>
#include <string>
#include <vector>

#include "base/error.hpp"

namespace hocso::assessment {

// ---- lessons completed: the one definition ----------------------------------
// A lesson is completed when its last page is reached; each learner counts
// once per lesson, at the first time they got to the end.
struct LessonsCompletedQuery {
  // Only lessons read on this kiosk (origin_kiosk NULL): the first completion
  // among this kiosk's own views. Otherwise every view, imported ones included.
  bool this_kiosk_only = false;
  // The first completion in [from, before) (ISO 8601 instants or dates; "" and
  // "9999": no bound).
  std::string from, before = "9999";
  // How the counts are split: Total (one key, ""), OriginKiosk (the kiosk of
  // the first completion; those of this kiosk, NULL, are left out) or Week
  // (the Monday, YYYY-MM-DD, of the kiosk's local week holding it).
  enum class By { Total, OriginKiosk, Week } by = By::Total;
};
Result<std::map<std::string, long long>> countLessonsCompleted(SQLite::Database& db, const LessonsCompletedQuery& query);

// SQL for the Monday (YYYY-MM-DD) of the local week that holds the instant in
// `column`: SQLite's date(ts, 'localtime', 'weekday 0', '-6 days'), in the
// process time zone like localtime_r.
std::string weekOfSql(const std::string& column);

// ---- the site's kiosks ------------------------------------------------------

// What one kiosk of the site did, as imported from it (origin_kiosk), or this
// kiosk (kiosk "") when its figures come from the report.
struct KioskFigures {
  std::string kiosk;             // "" this kiosk, else the peer's id
  long long learners = 0, lessons_completed = 0, exams_taken = 0, exams_passed = 0, certificates = 0;
};
// The other kiosks' figures, by kiosk id (the same measures as the report
// counts for this kiosk: a person merged away is not a registration).
Result<std::vector<KioskFigures>> figuresOfOtherKiosks(SQLite::Database& db);

// ---- exams by skill group ---------------------------------------------------

struct SkillGroupExams {
  long long exams = 0;           // finished exams that had questions from the group
  long long passed = 0;          // ... where the group reached its minimum
};
// Skill group code → its exams, from the results' details (every kiosk).
Result<std::map<std::string, SkillGroupExams>> examsBySkillGroup(SQLite::Database& db);

// ---- week by week -----------------------------------------------------------

struct WeekTrend {
  std::string week_start;        // Monday, YYYY-MM-DD, kiosk local time
  long long new_learners = 0, lessons_completed = 0, exams_taken = 0, exams_passed = 0;
};
// Every local week from the one starting on `first_monday` (YYYY-MM-DD) that
// had any activity, Monday → counts (every kiosk's records).
Result<std::map<std::string, WeekTrend>> weeklyActivity(SQLite::Database& db, const std::string& first_monday);

// ---- who was active since an instant ----------------------------------------

// The learners seen since `since` (registered, or started or finished an
// attempt), each counted as the registration kept when merged
// (learner_merge.hpp), and what each has done so far (any day).
struct ActivitySince {
  struct Seen {
    std::string id, at, kiosk;   // learner (the one kept), last activity, its kiosk ("" here)
  };
  std::vector<Seen> seen;        // most recent first
  std::map<std::string, int> passed_lessons;          // lessons whose practice quiz they passed
  std::map<std::string, bool> exam_since;             // their last exam since `since`: passed?
  std::map<std::string, bool> started;                // read a lesson or took a practice quiz
  std::map<std::string, bool> ever_passed;            // passed a certification exam
};
Result<ActivitySince> activitySince(SQLite::Database& db, const std::string& since);

}  // namespace hocso::assessment
