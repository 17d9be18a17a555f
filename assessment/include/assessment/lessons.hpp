// Lessons read by learners (table lesson_views, assessment migration 8): one
// row per learner, pack, lesson and kiosk-local day, holding the furthest
// page reached that day and when the last page was first reached that day.
// Pseudonymous (learner id only). Repositories never open transactions.
#pragma once

#include <SQLiteCpp/Database.h>

#include <optional>
#include <string>
#include <vector>

#include "base/error.hpp"

namespace hocso::assessment {

struct LessonView {
  std::string learner_id;
  std::string pack_id, lesson_id;
  std::string day;                         // YYYY-MM-DD, the kiosk's local date
  std::string pack_version;                // of the last view that day
  int pages_seen = 0;                      // the most content pages seen that day (never goes down)
  int total_pages = 0;
  int views = 0;                           // calls recorded that day
  std::string first_viewed_at, last_viewed_at;  // ISO 8601 UTC
  std::optional<std::string> completed_at;      // the first time that day the last page was reached
};

struct LessonViewInput {
  std::string learner_id;
  std::string pack_id, pack_version, lesson_id;
  std::string day;                         // YYYY-MM-DD (kiosk local)
  int pages_seen = 0, total_pages = 0;     // validated by the caller: 0 <= pages_seen <= total_pages
  std::string at;                          // ISO 8601 UTC of this view
};

class LessonViewRepository {
 public:
  explicit LessonViewRepository(SQLite::Database& db) : db_(db) {}
  // Creates the day's row or updates it (pages_seen = the larger, views + 1,
  // completed_at set the first time pages_seen reaches total_pages); returns
  // the row as it is now.
  Result<LessonView> record(const LessonViewInput& view);
  Result<std::optional<LessonView>> find(const std::string& learner_id, const std::string& pack_id,
                                         const std::string& lesson_id, const std::string& day);
  // The earliest completed_at of this learner's lesson over all days.
  Result<std::optional<std::string>> firstCompletion(const std::string& learner_id, const std::string& pack_id,
                                                     const std::string& lesson_id);
  // Every row of the learner, oldest day first.
  Result<std::vector<LessonView>> ofLearner(const std::string& learner_id);

 private:
  SQLite::Database& db_;
};

}  // namespace hocso::assessment
