// Read-only facts about each learner for the commune's named list
// (kiosk/app/named_report.cpp): who registered by a day, and per person
// (every registration merged into theirs, learner_merge.hpp) the days they
// came, the lessons they finished, their best exam and whether they hold a
// certificate. Days are the kiosk's local days (YYYY-MM-DD).
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/error.hpp"

namespace hocso::assessment {

struct RegisteredLearner {
  std::string id;
  std::string registered_on;        // local day
};
// The learners kept (not erased, not merged away) registered by `to`
// (every one when empty), oldest registration first.
Result<std::vector<RegisteredLearner>> learnersRegisteredBy(SQLite::Database& db, const std::string& to);

struct LearnerSummary {
  int days_present = 0;             // days with a lesson read or a quiz/exam started, in the period
  std::string last_seen;            // the last such day; empty: none in the period
  int lessons_completed = 0;        // lessons read to the end (ever, each once)
  std::optional<bool> exam_passed;  // the best exam finished by `to` (none: not taken)
  double exam_scaled = 0;           // of that exam, 0..1
  std::string exam_date;            // local day
  bool certificate = false;
};

// One learner's summary after another, with its statements prepared once.
class LearnerSummaries {
 public:
  explicit LearnerSummaries(SQLite::Database& db);
  ~LearnerSummaries();
  // The person whose kept registration is `learner_id`, in the period [from, to]
  // (local days, either empty: open).
  Result<LearnerSummary> of(const std::string& learner_id, const std::string& from, const std::string& to);

 private:
  struct Statements;
  SQLite::Database& db_;
  std::unique_ptr<Statements> st_;
};

}  // namespace hocso::assessment
