// The commune's report: learners registered, lessons completed, exams taken
// and passed, by target group and skill group, the quarterly summary
// (trained and certified per target group) and the Đại sứ số mentors with
// their mentees. Read-only aggregate SQL; pseudonymous ids only.
#pragma once

#include <SQLiteCpp/Database.h>

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "content/model.hpp"

namespace hocso::assessment {

struct ReportRange {
  std::string from;   // YYYY-MM-DD inclusive (UTC days); empty = from the start
  std::string to;     // YYYY-MM-DD inclusive; empty = until now
};

// Parses YYYY-MM-DD strictly (a real calendar date).
bool isValidDate(const std::string& ymd);

struct GroupCounts {
  long long registered = 0, trained = 0, exams_taken = 0, exams_passed = 0, certified = 0;
};

struct SkillGroupCounts {
  std::string title;
  long long answers = 0, correct = 0;
  double score = 0;                 // sum of answer scores (partial credit)
  double exam_score = 0, exam_max = 0;
};

struct MentorCounts {
  std::string mentor_id;
  long long mentees = 0, mentees_trained = 0, mentees_certified = 0;
};

struct Report {
  ReportRange range;
  // lessons_completed: lessons read to their last page (a learner once per
  // lesson); practice_completed: practice quizzes finished.
  long long learners_registered = 0, lessons_completed = 0, practice_completed = 0, exams_taken = 0, exams_passed = 0,
            certificates = 0;
  std::map<std::string, GroupCounts> by_target_group;
  std::map<std::string, SkillGroupCounts> by_skill_group;
  std::vector<MentorCounts> mentors;          // most mentees first
  // quarter ("2026-Q2") → target group → counts (registered, trained, certified)
  std::map<std::string, std::map<std::string, GroupCounts>> quarterly;
  int mentee_target = 5;                      // each Đại sứ số should guide at least this many

  nlohmann::json toJson() const;
  std::string toCsv() const;                  // section,key,metric,value
};

// `pack` maps practice answers to skill groups (and names them). The report
// counts what was done on this kiosk: records imported from the other kiosks
// of a site (origin_kiosk set) are left out, so a district that adds up its
// kiosks' reports counts each registration, answer and certificate once.
// A learner merged into another (registered twice, learner_merge.hpp) is not
// counted as registered: the person counts where the registration kept was made.
Result<Report> buildReport(SQLite::Database& db, const content::Pack& pack, const ReportRange& range);

}  // namespace hocso::assessment
