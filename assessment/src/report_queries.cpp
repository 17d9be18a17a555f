// Aggregate reads for the report and the dashboard (report_queries.hpp).
#include "assessment/report_queries.hpp"

#include <SQLiteCpp/Statement.h>

#include "sql_util.hpp"

namespace hocso::assessment {

std::string weekOfSql(const std::string& column) {
  return "date(" + column + ", 'localtime', 'weekday 0', '-6 days')";
}

Result<std::map<std::string, long long>> countLessonsCompleted(SQLite::Database& db, const LessonsCompletedQuery& query) {
  using By = LessonsCompletedQuery::By;
  const std::string key = query.by == By::Total ? "''" : query.by == By::OriginKiosk ? "origin" : weekOfSql("first");
  // With MIN(), SQLite takes origin_kiosk from the row of the first completion.
  const std::string sql =
      "SELECT " + key + ", COUNT(*) FROM (SELECT origin_kiosk AS origin, MIN(completed_at) AS first FROM lesson_views "
      "WHERE completed_at IS NOT NULL" + (query.this_kiosk_only ? " AND origin_kiosk IS NULL" : "") +
      " GROUP BY learner_id, pack_id, lesson_id) WHERE first >= ?1 AND first < ?2" +
      (query.by == By::OriginKiosk ? " AND origin IS NOT NULL" : "") + " GROUP BY 1";
  return guardedSql("counting the lessons completed failed", [&]() -> Result<std::map<std::string, long long>> {
    std::map<std::string, long long> out;
    SQLite::Statement q(db, sql);
    q.bind(1, query.from);
    q.bind(2, query.before);
    while (q.executeStep()) out[q.getColumn(0).getString()] = q.getColumn(1).getInt64();
    return out;
  });
}

Result<std::vector<KioskFigures>> figuresOfOtherKiosks(SQLite::Database& db) {
  LessonsCompletedQuery byOrigin;
  byOrigin.by = LessonsCompletedQuery::By::OriginKiosk;
  auto lessons = countLessonsCompleted(db, byOrigin);
  if (!lessons) return tl::unexpected(lessons.error());
  return guardedSql("reading the other kiosks' figures failed", [&]() -> Result<std::vector<KioskFigures>> {
    std::map<std::string, KioskFigures> by;
    auto figuresOf = [&](const std::string& kiosk) -> KioskFigures& {
      auto& k = by[kiosk];
      k.kiosk = kiosk;
      return k;
    };
    auto add = [&](const char* sql, auto apply) {
      SQLite::Statement q(db, sql);
      while (q.executeStep()) apply(figuresOf(q.getColumn(0).getString()), q);
    };
    add("SELECT origin_kiosk, COUNT(*) FROM learners WHERE origin_kiosk IS NOT NULL "
        "AND id NOT IN (SELECT from_id FROM learner_merges) GROUP BY 1",
        [](KioskFigures& k, SQLite::Statement& q) { k.learners = q.getColumn(1).getInt64(); });
    for (const auto& [kiosk, n] : *lessons) figuresOf(kiosk).lessons_completed = n;
    add("SELECT r.origin_kiosk, COUNT(*), SUM(r.passed) FROM results r JOIN attempts a ON a.id = r.attempt_id "
        "WHERE a.kind = 'exam' AND r.origin_kiosk IS NOT NULL GROUP BY 1",
        [](KioskFigures& k, SQLite::Statement& q) {
          k.exams_taken = q.getColumn(1).getInt64();
          k.exams_passed = q.getColumn(2).getInt64();
        });
    add("SELECT origin_kiosk, COUNT(*) FROM certificates WHERE origin_kiosk IS NOT NULL GROUP BY 1",
        [](KioskFigures& k, SQLite::Statement& q) { k.certificates = q.getColumn(1).getInt64(); });
    std::vector<KioskFigures> out;
    for (auto& [id, k] : by) out.push_back(std::move(k));
    return out;
  });
}

Result<std::map<std::string, SkillGroupExams>> examsBySkillGroup(SQLite::Database& db) {
  return guardedSql("reading the dashboard failed", [&]() -> Result<std::map<std::string, SkillGroupExams>> {
    std::map<std::string, SkillGroupExams> rates;
    SQLite::Statement q(db,
                        "SELECT g.key, COUNT(*), SUM(CASE WHEN json_extract(g.value, '$.passed') THEN 1 ELSE 0 END) "
                        "FROM results r JOIN attempts a ON a.id = r.attempt_id, json_each(r.details, '$.groups') g "
                        "WHERE a.kind = 'exam' AND r.details IS NOT NULL AND json_extract(g.value, '$.max') > 0 "
                        "GROUP BY g.key");
    while (q.executeStep()) {
      auto& r = rates[q.getColumn(0).getString()];
      r.exams = q.getColumn(1).getInt64();
      r.passed = q.getColumn(2).getInt64();
    }
    return rates;
  });
}

Result<std::map<std::string, WeekTrend>> weeklyActivity(SQLite::Database& db, const std::string& first_monday) {
  LessonsCompletedQuery weekly;
  weekly.by = LessonsCompletedQuery::By::Week;
  auto lessons = countLessonsCompleted(db, weekly);
  if (!lessons) return tl::unexpected(lessons.error());
  return guardedSql("reading the dashboard failed", [&]() -> Result<std::map<std::string, WeekTrend>> {
    std::map<std::string, WeekTrend> byWeek;
    auto weekOf = [&](const std::string& monday) -> WeekTrend& {
      auto& w = byWeek[monday];
      w.week_start = monday;
      return w;
    };
    auto count = [&](const std::string& sql, auto apply) {
      SQLite::Statement s(db, sql);
      s.bind(1, first_monday);
      while (s.executeStep()) apply(weekOf(s.getColumn(0).getString()), s);
    };
    count("SELECT " + weekOfSql("created_at") + " AS w, COUNT(*) FROM learners GROUP BY w HAVING w >= ?1",
          [](WeekTrend& w, SQLite::Statement& s) { w.new_learners = s.getColumn(1).getInt64(); });
    for (const auto& [monday, n] : *lessons)
      if (monday >= first_monday) weekOf(monday).lessons_completed = n;
    count("SELECT " + weekOfSql("r.completed_at") +
              " AS w, COUNT(*), SUM(r.passed) FROM results r JOIN attempts a ON a.id = r.attempt_id "
              "WHERE a.kind = 'exam' GROUP BY w HAVING w >= ?1",
          [](WeekTrend& w, SQLite::Statement& s) {
            w.exams_taken = s.getColumn(1).getInt64();
            w.exams_passed = s.getColumn(2).getInt64();
          });
    return byWeek;
  });
}

// Who was seen since ?1: each learner kept (a learner merged into another
// counts as the one kept, learner_merge.hpp) with their last activity and its
// kiosk. With MAX(), SQLite takes the bare column ev.k from the newest row.
constexpr const char* kSeenSince =
    "SELECT l.id, MAX(ev.t), IFNULL(ev.k, '') FROM learners l "
    "JOIN learner_group g ON g.root = l.id JOIN ("
    "  SELECT id AS lid, created_at AS t, origin_kiosk AS k FROM learners"
    "  UNION ALL SELECT learner_id, started_at, origin_kiosk FROM attempts"
    "  UNION ALL SELECT learner_id, completed_at, origin_kiosk FROM results) ev ON ev.lid = g.id "
    "WHERE ev.t >= ?1 AND l.erased_at IS NULL AND l.id NOT IN (SELECT from_id FROM learner_merges) "
    "GROUP BY l.id ORDER BY 2 DESC, 1";

Result<ActivitySince> activitySince(SQLite::Database& db, const std::string& since) {
  return guardedSql("reading today's learners failed", [&]() -> Result<ActivitySince> {
    ActivitySince a;
    SQLite::Statement q(db, kSeenSince);
    q.bind(1, since);
    while (q.executeStep())
      a.seen.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString()});
    SQLite::Statement lessons(db,
                              "SELECT COUNT(DISTINCT a.lesson_id) FROM results r JOIN attempts a ON a.id = r.attempt_id "
                              "WHERE r.learner_id IN (SELECT id FROM learner_group WHERE root = ?) AND a.kind = 'practice' AND r.passed = 1");
    SQLite::Statement exam(db,
                           "SELECT r.passed FROM results r JOIN attempts a ON a.id = r.attempt_id "
                           "WHERE r.learner_id IN (SELECT id FROM learner_group WHERE root = ?) AND a.kind = 'exam' AND r.completed_at >= ? "
                           "ORDER BY r.completed_at DESC LIMIT 1");
    SQLite::Statement activity(db,
                               "SELECT EXISTS (SELECT 1 FROM attempts WHERE learner_id IN (SELECT id FROM learner_group WHERE root = ?1) AND kind = 'practice') "
                               "OR EXISTS (SELECT 1 FROM lesson_views WHERE learner_id IN (SELECT id FROM learner_group WHERE root = ?1)), "
                               "EXISTS (SELECT 1 FROM results r JOIN attempts a ON a.id = r.attempt_id "
                               "WHERE r.learner_id IN (SELECT id FROM learner_group WHERE root = ?1) AND a.kind = 'exam' AND r.passed = 1)");
    for (const auto& [id, at, kiosk] : a.seen) {
      activity.bind(1, id);
      if (activity.executeStep()) {
        a.started[id] = activity.getColumn(0).getInt() != 0;
        a.ever_passed[id] = activity.getColumn(1).getInt() != 0;
      }
      activity.reset();
      lessons.bind(1, id);
      if (lessons.executeStep()) a.passed_lessons[id] = lessons.getColumn(0).getInt();
      lessons.reset();
      exam.bind(1, id);
      exam.bind(2, since);
      if (exam.executeStep()) a.exam_since[id] = exam.getColumn(0).getInt() != 0;
      exam.reset();
    }
    return a;
  });
}

}  // namespace hocso::assessment
