// SQL of lesson_views (see lessons.hpp).
#include "assessment/lessons.hpp"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/VariadicBind.h>

#include "sql_util.hpp"

namespace hocso::assessment {
namespace {

constexpr const char* kCols =
    "learner_id, pack_id, lesson_id, day, pack_version, pages_seen, total_pages, views, first_viewed_at, "
    "last_viewed_at, completed_at";

LessonView rowToView(const SQLite::Statement& q) {
  LessonView v;
  readColumns(q, v.learner_id, v.pack_id, v.lesson_id, v.day, v.pack_version, v.pages_seen, v.total_pages, v.views,
              v.first_viewed_at, v.last_viewed_at, v.completed_at);  // kCols' order
  return v;
}

}  // namespace

Result<LessonView> LessonViewRepository::record(const LessonViewInput& in) {
  return guardedSql("saving the lesson view failed", [&]() -> Result<LessonView> {
    if (in.pages_seen < 0 || in.total_pages < 0 || in.pages_seen > in.total_pages)
      return fail(ErrorCode::Invalid, "pages seen must be between 0 and the lesson's page count");
    const bool reached = in.pages_seen >= in.total_pages;
    SQLite::Statement q(db_,
                        "INSERT INTO lesson_views(learner_id, pack_id, lesson_id, day, pack_version, pages_seen, "
                        "total_pages, views, first_viewed_at, last_viewed_at, completed_at) "
                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1, ?8, ?8, CASE WHEN ?9 THEN ?8 END) "
                        "ON CONFLICT(learner_id, pack_id, lesson_id, day) DO UPDATE SET "
                        "pack_version = excluded.pack_version, "
                        "pages_seen = MAX(pages_seen, excluded.pages_seen), "
                        "total_pages = excluded.total_pages, "
                        "views = views + 1, "
                        "last_viewed_at = excluded.last_viewed_at, "
                        "completed_at = COALESCE(completed_at, excluded.completed_at)");
    SQLite::bind(q, in.learner_id, in.pack_id, in.lesson_id, in.day, in.pack_version, in.pages_seen, in.total_pages,
                 in.at, reached ? 1 : 0);
    q.exec();
    auto row = find(in.learner_id, in.pack_id, in.lesson_id, in.day);
    if (!row) return tl::unexpected(row.error());
    if (!*row) return fail(ErrorCode::Database, "the lesson view was not saved");
    return **row;
  });
}

Result<std::optional<LessonView>> LessonViewRepository::find(const std::string& learner_id, const std::string& pack_id,
                                                             const std::string& lesson_id, const std::string& day) {
  return guardedSql("reading the lesson view failed", [&]() -> Result<std::optional<LessonView>> {
    SQLite::Statement q(db_, std::string("SELECT ") + kCols +
                                 " FROM lesson_views WHERE learner_id = ? AND pack_id = ? AND lesson_id = ? AND day = ?");
    SQLite::bind(q, learner_id, pack_id, lesson_id, day);
    return firstRow(q, rowToView);
  });
}

Result<std::optional<std::string>> LessonViewRepository::firstCompletion(const std::string& learner_id,
                                                                         const std::string& pack_id,
                                                                         const std::string& lesson_id) {
  return guardedSql("reading lesson views failed", [&]() -> Result<std::optional<std::string>> {
    SQLite::Statement q(db_,
                        "SELECT MIN(completed_at) FROM lesson_views "
                        "WHERE learner_id = ? AND pack_id = ? AND lesson_id = ? AND completed_at IS NOT NULL");
    SQLite::bind(q, learner_id, pack_id, lesson_id);
    q.executeStep();  // MIN() makes one row, NULL when none is completed
    return columnValue<std::optional<std::string>>(q);
  });
}

Result<std::vector<LessonView>> LessonViewRepository::ofLearner(const std::string& learner_id) {
  return guardedSql("reading lesson views failed", [&]() -> Result<std::vector<LessonView>> {
    SQLite::Statement q(db_, std::string("SELECT ") + kCols +
                                 " FROM lesson_views WHERE learner_id = ? ORDER BY day, pack_id, lesson_id");
    q.bind(1, learner_id);
    return allRows(q, rowToView);
  });
}

}  // namespace hocso::assessment
