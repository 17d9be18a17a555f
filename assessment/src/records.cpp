// SQL for learners, attempts, answers and results. SQLite exceptions are
// turned into Errors here, at the repository boundary.
#include "assessment/records.hpp"

#include <SQLiteCpp/Statement.h>

#include <nlohmann/json.hpp>

#include "base/ids.hpp"

namespace hocso::assessment {

const ModuleSchema& schema() {
  static const ModuleSchema s{"assessment",
                              {
                                  {1, R"sql(
CREATE TABLE learners (
  id            TEXT PRIMARY KEY,
  full_name_enc BLOB NOT NULL,
  birth_year    INTEGER NOT NULL,
  target_group  TEXT NOT NULL,
  created_at    TEXT NOT NULL
);
CREATE TABLE attempts (
  id           TEXT PRIMARY KEY,
  learner_id   TEXT NOT NULL REFERENCES learners(id),
  kind         TEXT NOT NULL CHECK (kind IN ('practice', 'exam')),
  lesson_id    TEXT,
  pack_id      TEXT NOT NULL,
  pack_version TEXT NOT NULL,
  question_ids TEXT NOT NULL,
  started_at   TEXT NOT NULL,
  finished_at  TEXT
);
CREATE INDEX attempts_by_learner ON attempts(learner_id);
CREATE TABLE answers (
  attempt_id  TEXT NOT NULL REFERENCES attempts(id),
  question_id TEXT NOT NULL,
  position    INTEGER NOT NULL,
  response    TEXT NOT NULL,
  score       REAL NOT NULL,
  correct     INTEGER NOT NULL,
  answered_at TEXT NOT NULL,
  PRIMARY KEY (attempt_id, question_id)
);
CREATE TABLE results (
  id           TEXT PRIMARY KEY,
  attempt_id   TEXT NOT NULL UNIQUE REFERENCES attempts(id),
  learner_id   TEXT NOT NULL REFERENCES learners(id),
  score        REAL NOT NULL,
  max_score    REAL NOT NULL,
  scaled       REAL NOT NULL,
  correct      INTEGER NOT NULL,
  passed       INTEGER NOT NULL,
  duration_ms  INTEGER NOT NULL,
  completed_at TEXT NOT NULL
);
)sql"},
                              }};
  return s;
}

namespace {

template <typename F>
auto guarded(const char* what, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const SQLite::Exception& e) {
    return fail(ErrorCode::Database, std::string(what) + ": " + e.what());
  }
}

Attempt rowToAttempt(SQLite::Statement& q) {
  Attempt a;
  a.id = q.getColumn(0).getString();
  a.learner_id = q.getColumn(1).getString();
  a.kind = q.getColumn(2).getString();
  a.lesson_id = q.getColumn(3).getString();
  a.pack_id = q.getColumn(4).getString();
  a.pack_version = q.getColumn(5).getString();
  a.question_ids = nlohmann::json::parse(q.getColumn(6).getString()).get<std::vector<std::string>>();
  a.started_at = q.getColumn(7).getString();
  if (!q.getColumn(8).isNull()) a.finished_at = q.getColumn(8).getString();
  return a;
}

constexpr const char* kAttemptCols =
    "id, learner_id, kind, lesson_id, pack_id, pack_version, question_ids, started_at, finished_at";

}  // namespace

Result<Learner> LearnerRepository::create(const std::string& full_name, int birth_year,
                                          const std::string& target_group) {
  return guarded("saving the learner failed", [&]() -> Result<Learner> {
    Learner l{uuid4(), full_name, birth_year, target_group, nowIso8601()};
    auto enc = cipher_.encrypt(full_name, "learners.full_name");
    SQLite::Statement q(db_,
                        "INSERT INTO learners(id, full_name_enc, birth_year, target_group, created_at) "
                        "VALUES (?, ?, ?, ?, ?)");
    q.bind(1, l.id);
    q.bind(2, enc.data(), static_cast<int>(enc.size()));
    q.bind(3, birth_year);
    q.bind(4, target_group);
    q.bind(5, l.created_at);
    q.exec();
    return l;
  });
}

Result<Learner> LearnerRepository::find(const std::string& id) {
  return guarded("reading the learner failed", [&]() -> Result<Learner> {
    SQLite::Statement q(db_, "SELECT id, full_name_enc, birth_year, target_group, created_at FROM learners WHERE id = ?");
    q.bind(1, id);
    if (!q.executeStep()) return fail(ErrorCode::NotFound, "no learner " + id);
    Learner l;
    l.id = q.getColumn(0).getString();
    const auto blob = q.getColumn(1);
    const auto* p = static_cast<const unsigned char*>(blob.getBlob());
    auto name = cipher_.decrypt(std::vector<unsigned char>(p, p + blob.getBytes()), "learners.full_name");
    if (!name) return tl::unexpected(name.error());
    l.full_name = *name;
    l.birth_year = q.getColumn(2).getInt();
    l.target_group = q.getColumn(3).getString();
    l.created_at = q.getColumn(4).getString();
    return l;
  });
}

int LearnerRepository::count() { return db_.execAndGet("SELECT COUNT(*) FROM learners").getInt(); }

Result<Attempt> AttemptRepository::start(const std::string& learner_id, const std::string& kind,
                                         const std::string& lesson_id, const std::string& pack_id,
                                         const std::string& pack_version,
                                         const std::vector<std::string>& question_ids) {
  return guarded("starting the attempt failed", [&]() -> Result<Attempt> {
    Attempt a{uuid4(), learner_id, kind, lesson_id, pack_id, pack_version, question_ids, nowIso8601(), std::nullopt};
    SQLite::Statement q(db_, std::string("INSERT INTO attempts(") + kAttemptCols +
                                 ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)");
    q.bind(1, a.id);
    q.bind(2, a.learner_id);
    q.bind(3, a.kind);
    q.bind(4, a.lesson_id);
    q.bind(5, a.pack_id);
    q.bind(6, a.pack_version);
    q.bind(7, nlohmann::json(a.question_ids).dump());
    q.bind(8, a.started_at);
    q.exec();
    return a;
  });
}

Result<Attempt> AttemptRepository::find(const std::string& id) {
  return guarded("reading the attempt failed", [&]() -> Result<Attempt> {
    SQLite::Statement q(db_, std::string("SELECT ") + kAttemptCols + " FROM attempts WHERE id = ?");
    q.bind(1, id);
    if (!q.executeStep()) return fail(ErrorCode::NotFound, "no attempt " + id);
    return rowToAttempt(q);
  });
}

Result<void> AttemptRepository::recordAnswer(const AnswerRecord& a) {
  return guarded("saving the answer failed", [&]() -> Result<void> {
    SQLite::Statement q(db_,
                        "INSERT INTO answers(attempt_id, question_id, position, response, score, correct, answered_at) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?) "
                        "ON CONFLICT(attempt_id, question_id) DO UPDATE SET response = excluded.response, "
                        "score = excluded.score, correct = excluded.correct, answered_at = excluded.answered_at");
    q.bind(1, a.attempt_id);
    q.bind(2, a.question_id);
    q.bind(3, a.position);
    q.bind(4, a.response);
    q.bind(5, a.score);
    q.bind(6, a.correct ? 1 : 0);
    q.bind(7, a.answered_at);
    q.exec();
    return {};
  });
}

Result<std::vector<AnswerRecord>> AttemptRepository::answers(const std::string& attempt_id) {
  return guarded("reading answers failed", [&]() -> Result<std::vector<AnswerRecord>> {
    SQLite::Statement q(db_,
                        "SELECT attempt_id, question_id, position, response, score, correct, answered_at "
                        "FROM answers WHERE attempt_id = ? ORDER BY position");
    q.bind(1, attempt_id);
    std::vector<AnswerRecord> out;
    while (q.executeStep()) {
      out.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getInt(),
                     q.getColumn(3).getString(), q.getColumn(4).getDouble(), q.getColumn(5).getInt() != 0,
                     q.getColumn(6).getString()});
    }
    return out;
  });
}

Result<ResultRecord> AttemptRepository::finish(const std::string& attempt_id, double score, double max_score,
                                               int correct, bool passed, long long duration_ms) {
  return guarded("saving the result failed", [&]() -> Result<ResultRecord> {
    auto attempt = find(attempt_id);
    if (!attempt) return tl::unexpected(attempt.error());
    if (attempt->finished_at) return fail(ErrorCode::Invalid, "attempt " + attempt_id + " is already finished");
    ResultRecord r{uuid4(), attempt_id, attempt->learner_id, score, max_score,
                   max_score > 0 ? score / max_score : 0.0, correct, passed, duration_ms, nowIso8601()};
    SQLite::Statement up(db_, "UPDATE attempts SET finished_at = ? WHERE id = ?");
    up.bind(1, r.completed_at);
    up.bind(2, attempt_id);
    up.exec();
    SQLite::Statement q(db_,
                        "INSERT INTO results(id, attempt_id, learner_id, score, max_score, scaled, correct, passed, duration_ms, "
                        "completed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    q.bind(1, r.id);
    q.bind(2, r.attempt_id);
    q.bind(3, r.learner_id);
    q.bind(4, r.score);
    q.bind(5, r.max_score);
    q.bind(6, r.scaled);
    q.bind(7, r.correct);
    q.bind(8, r.passed ? 1 : 0);
    q.bind(9, static_cast<int64_t>(r.duration_ms));
    q.bind(10, r.completed_at);
    q.exec();
    return r;
  });
}

Result<std::optional<ResultRecord>> AttemptRepository::resultFor(const std::string& attempt_id) {
  return guarded("reading the result failed", [&]() -> Result<std::optional<ResultRecord>> {
    SQLite::Statement q(db_,
                        "SELECT id, attempt_id, learner_id, score, max_score, scaled, correct, passed, duration_ms, "
                        "completed_at FROM results WHERE attempt_id = ?");
    q.bind(1, attempt_id);
    if (!q.executeStep()) return std::optional<ResultRecord>{};
    return std::optional<ResultRecord>(ResultRecord{
        q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString(),
        q.getColumn(3).getDouble(), q.getColumn(4).getDouble(), q.getColumn(5).getDouble(), q.getColumn(6).getInt(),
        q.getColumn(7).getInt() != 0, q.getColumn(8).getInt64(), q.getColumn(9).getString()});
  });
}

Result<std::vector<Attempt>> AttemptRepository::unfinished(const std::string& learner_id) {
  return guarded("reading attempts failed", [&]() -> Result<std::vector<Attempt>> {
    SQLite::Statement q(db_, std::string("SELECT ") + kAttemptCols +
                                 " FROM attempts WHERE learner_id = ? AND finished_at IS NULL ORDER BY started_at DESC");
    q.bind(1, learner_id);
    std::vector<Attempt> out;
    while (q.executeStep()) out.push_back(rowToAttempt(q));
    return out;
  });
}

}  // namespace hocso::assessment
