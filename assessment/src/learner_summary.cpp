// The named list's facts about each learner (learner_summary.hpp).
#include "assessment/learner_summary.hpp"

#include "sql_util.hpp"

namespace hocso::assessment {

Result<std::vector<RegisteredLearner>> learnersRegisteredBy(SQLite::Database& db, const std::string& to) {
  return guardedSql("reading the learners failed", [&]() -> Result<std::vector<RegisteredLearner>> {
    std::vector<RegisteredLearner> out;
    SQLite::Statement q(db,
                        "SELECT id, date(created_at, 'localtime') FROM learners WHERE erased_at IS NULL "
                        "AND id NOT IN (SELECT from_id FROM learner_merges) "
                        "AND (?1 = '' OR date(created_at, 'localtime') <= ?1) ORDER BY created_at, id");
    q.bind(1, to);
    while (q.executeStep()) out.push_back({q.getColumn(0).getString(), q.getColumn(1).getString()});
    return out;
  });
}

struct LearnerSummaries::Statements {
  explicit Statements(SQLite::Database& db)
      : days(db,
             "SELECT COUNT(DISTINCT d), MAX(d) FROM ("
             " SELECT day AS d FROM lesson_views WHERE learner_id IN (SELECT id FROM learner_group WHERE root = ?1)"
             " UNION SELECT date(started_at, 'localtime') FROM attempts WHERE learner_id IN (SELECT id FROM learner_group WHERE root = ?1)) "
             "WHERE (?2 = '' OR d >= ?2) AND (?3 = '' OR d <= ?3)"),
        lessons(db,
                "SELECT COUNT(DISTINCT pack_id || '/' || lesson_id) FROM lesson_views "
                "WHERE learner_id IN (SELECT id FROM learner_group WHERE root = ?) AND completed_at IS NOT NULL"),
        exam(db,
             "SELECT r.passed, r.scaled, date(r.completed_at, 'localtime') FROM results r "
             "JOIN attempts a ON a.id = r.attempt_id WHERE r.learner_id IN (SELECT id FROM learner_group WHERE root = ?1) AND a.kind = 'exam' "
             "AND (?2 = '' OR date(r.completed_at, 'localtime') <= ?2) "
             "ORDER BY r.passed DESC, r.scaled DESC, r.completed_at DESC LIMIT 1"),
        cert(db, "SELECT EXISTS (SELECT 1 FROM certificates WHERE learner_id IN (SELECT id FROM learner_group WHERE root = ?))") {}
  SQLite::Statement days, lessons, exam, cert;
};

LearnerSummaries::LearnerSummaries(SQLite::Database& db) : db_(db) {}
LearnerSummaries::~LearnerSummaries() = default;

Result<LearnerSummary> LearnerSummaries::of(const std::string& id, const std::string& from, const std::string& to) {
  return guardedSql("reading the named list failed", [&]() -> Result<LearnerSummary> {
    if (!st_) st_ = std::make_unique<Statements>(db_);
    auto& [days, lessons, exam, cert] = *st_;
    LearnerSummary s;
    days.reset();
    days.bind(1, id);
    days.bind(2, from);
    days.bind(3, to);
    if (days.executeStep()) {
      s.days_present = days.getColumn(0).getInt();
      if (!days.getColumn(1).isNull()) s.last_seen = days.getColumn(1).getString();
    }
    lessons.reset();
    lessons.bind(1, id);
    if (lessons.executeStep()) s.lessons_completed = lessons.getColumn(0).getInt();
    exam.reset();
    exam.bind(1, id);
    exam.bind(2, to);
    if (exam.executeStep()) {
      s.exam_passed = exam.getColumn(0).getInt() != 0;
      s.exam_scaled = exam.getColumn(1).getDouble();
      s.exam_date = exam.getColumn(2).getString();
    }
    cert.reset();
    cert.bind(1, id);
    if (cert.executeStep()) s.certificate = cert.getColumn(0).getInt() != 0;
    return s;
  });
}

}  // namespace hocso::assessment
