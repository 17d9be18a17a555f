// SQL for learners, attempts, answers and results. SQLite exceptions are
// turned into Errors here, at the repository boundary.
#include "assessment/records.hpp"
#include "assessment/learner_merge.hpp"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/VariadicBind.h>

#include <nlohmann/json.hpp>

#include "assessment/identity.hpp"
#include "assessment/name_fold.hpp"
#include "base/ids.hpp"
#include "sql_util.hpp"

namespace hocso::assessment {

// Long by design: the schema's migration SQL is data, one frozen step after another.
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
                                  // Learners with consent (Nghị định 13/2023): optional citizen ID and
                                  // phone (encrypted), lookups through keyed hashes, a PIN hash, a mentor
                                  // (Đại sứ số), erasure; the consent records; the stored PIN lockout.
                                  {2, R"sql(
ALTER TABLE learners ADD COLUMN name_index TEXT;
ALTER TABLE learners ADD COLUMN citizen_id_enc BLOB;
ALTER TABLE learners ADD COLUMN citizen_id_index TEXT;
ALTER TABLE learners ADD COLUMN phone_enc BLOB;
ALTER TABLE learners ADD COLUMN mentor_id TEXT REFERENCES learners(id);
ALTER TABLE learners ADD COLUMN pin_hash TEXT;
ALTER TABLE learners ADD COLUMN erased_at TEXT;
CREATE INDEX learners_by_name_index ON learners(name_index);
CREATE UNIQUE INDEX learners_by_citizen_id ON learners(citizen_id_index) WHERE citizen_id_index IS NOT NULL;
CREATE INDEX learners_by_mentor ON learners(mentor_id) WHERE mentor_id IS NOT NULL;
CREATE TABLE consents (
  id           TEXT PRIMARY KEY,
  learner_id   TEXT NOT NULL REFERENCES learners(id),
  text_version TEXT NOT NULL,
  fields       TEXT NOT NULL,
  purposes     TEXT NOT NULL,
  recipients   TEXT NOT NULL,
  given_at     TEXT NOT NULL,
  withdrawn_at TEXT
);
CREATE INDEX consents_by_learner ON consents(learner_id);
CREATE TABLE pin_lockouts (
  subject         TEXT PRIMARY KEY,
  failures        INTEGER NOT NULL,
  locked_until_ms INTEGER NOT NULL,
  last_failure_ms INTEGER NOT NULL
);
)sql"},
                                  // Practice mastery: the rule ("k/n") in force when a practice attempt
                                  // started, so a later change never rewrites what was mastered.
                                  {3, R"sql(
ALTER TABLE attempts ADD COLUMN mastery_rule TEXT;
)sql"},
                                  // The certification exam: facilitators (PIN hashed, name encrypted), the
                                  // session of each exam attempt (blueprint as used, seed, facilitator,
                                  // monotonic elapsed time), review flags, and the result's breakdown.
                                  {4, R"sql(
CREATE TABLE facilitators (
  id          TEXT PRIMARY KEY,
  name_enc    BLOB NOT NULL,
  pin_hash    TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  disabled_at TEXT
);
CREATE TABLE exam_sessions (
  attempt_id        TEXT PRIMARY KEY REFERENCES attempts(id),
  target_group      TEXT NOT NULL,
  framework         TEXT NOT NULL,
  framework_version TEXT NOT NULL,
  blueprint         TEXT NOT NULL,
  seed              TEXT NOT NULL,
  questions         TEXT NOT NULL,
  facilitator_id    TEXT NOT NULL REFERENCES facilitators(id),
  identity_checked  INTEGER NOT NULL CHECK (identity_checked = 1),
  time_limit_ms     INTEGER NOT NULL,
  elapsed_ms        INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE exam_flags (
  attempt_id  TEXT NOT NULL REFERENCES attempts(id),
  question_id TEXT NOT NULL,
  PRIMARY KEY (attempt_id, question_id)
);
ALTER TABLE results ADD COLUMN details TEXT;
CREATE INDEX results_by_completed_at ON results(completed_at);
CREATE INDEX attempts_by_kind ON attempts(kind, learner_id);
)sql"},
                                  // Certificates of passed exams, signed with the kiosk's Ed25519 key.
                                  {5, R"sql(
CREATE TABLE certificates (
  id                TEXT PRIMARY KEY,
  result_id         TEXT NOT NULL UNIQUE REFERENCES results(id),
  learner_id        TEXT NOT NULL REFERENCES learners(id),
  target_group      TEXT NOT NULL,
  framework         TEXT NOT NULL,
  framework_version TEXT NOT NULL,
  score             REAL NOT NULL,
  issued_on         TEXT NOT NULL,
  site_id           TEXT NOT NULL,
  kiosk_id          TEXT NOT NULL,
  key_id            TEXT NOT NULL,
  payload           TEXT NOT NULL,
  issued_at         TEXT NOT NULL
);
CREATE INDEX certificates_by_learner ON certificates(learner_id);
)sql"},
                                  // Tamper-evident records: each result carries its place in a hash chain
                                  // and the hash of the one before; the chain head is signed.
                                  {6, R"sql(
ALTER TABLE results ADD COLUMN chain_seq INTEGER;
ALTER TABLE results ADD COLUMN prev_hash TEXT;
ALTER TABLE results ADD COLUMN row_hash TEXT;
CREATE UNIQUE INDEX results_by_chain_seq ON results(chain_seq) WHERE chain_seq IS NOT NULL;
CREATE TABLE record_chain_head (
  id        INTEGER PRIMARY KEY CHECK (id = 1),
  seq       INTEGER NOT NULL,
  hash      TEXT NOT NULL,
  key_id    TEXT NOT NULL,
  signature TEXT NOT NULL,
  signed_at TEXT NOT NULL
);
)sql"},
                                  // Who unlocked the exam a certificate was issued for (the facilitator's
                                  // pseudonymous id; the name stays encrypted in facilitators). NULL for
                                  // certificates issued before this step (payload version 1).
                                  {7, R"sql(
ALTER TABLE certificates ADD COLUMN facilitator_id TEXT REFERENCES facilitators(id);
)sql"},
                                  // Lessons read: one row per learner, pack, lesson and kiosk-local day,
                                  // with the furthest page reached that day and when the last page was
                                  // first reached (the xAPI experienced / completed statements).
                                  {8, R"sql(
CREATE TABLE lesson_views (
  learner_id      TEXT NOT NULL REFERENCES learners(id),
  pack_id         TEXT NOT NULL,
  lesson_id       TEXT NOT NULL,
  day             TEXT NOT NULL,
  pack_version    TEXT NOT NULL,
  pages_seen      INTEGER NOT NULL CHECK (pages_seen >= 0),
  total_pages     INTEGER NOT NULL CHECK (total_pages >= 0),
  views           INTEGER NOT NULL,
  first_viewed_at TEXT NOT NULL,
  last_viewed_at  TEXT NOT NULL,
  completed_at    TEXT,
  PRIMARY KEY (learner_id, pack_id, lesson_id, day)
);
CREATE INDEX lesson_views_by_day ON lesson_views(day);
)sql"},
                                  // Results written before the chain existed (version 6), listed once by
                                  // the upgrade: they stay outside the chain and `verify` counts them apart.
                                  // Nothing else outside the chain is excused, whatever date it claims.
                                  {9, R"sql(
CREATE TABLE results_before_chain (
  result_id TEXT PRIMARY KEY
);
INSERT INTO results_before_chain(result_id)
  SELECT id FROM results
  WHERE chain_seq IS NULL
    AND completed_at < (SELECT applied_at FROM schema_migrations WHERE module = 'assessment' AND version = 6);
)sql"},
                                  // Extra time a facilitator granted at the start of an exam (disability,
                                  // age), in minutes; time_limit_ms already includes it.
                                  {10, R"sql(
ALTER TABLE exam_sessions ADD COLUMN extra_minutes INTEGER NOT NULL DEFAULT 0
  CHECK (extra_minutes BETWEEN 0 AND 120);
)sql"},
                                  // Sign-in without typing: the picture a learner chose (not a secret)
                                  // and its blind index with the birth year; the scheme of name_index
                                  // (1: exact accents, 2: folded name, see name_fold.hpp). Rows of
                                  // scheme 1 are re-indexed at open (LearnerRepository::upgradeNameIndexes)
                                  // because that needs the data key, which SQL does not have.
                                  {11, R"sql(
ALTER TABLE learners ADD COLUMN picture_id TEXT;
ALTER TABLE learners ADD COLUMN picture_index TEXT;
ALTER TABLE learners ADD COLUMN name_index_scheme INTEGER NOT NULL DEFAULT 1;
CREATE INDEX learners_by_picture_index ON learners(picture_index) WHERE picture_index IS NOT NULL;
)sql"},
                                  // A site of several kiosks: rows that came from another kiosk of the
                                  // site carry its id (NULL: made here). Only the origin kiosk sends a
                                  // record to the LRS; results from peers are outside this kiosk's chain.
                                  {12, R"sql(
ALTER TABLE learners ADD COLUMN origin_kiosk TEXT;
ALTER TABLE consents ADD COLUMN origin_kiosk TEXT;
ALTER TABLE attempts ADD COLUMN origin_kiosk TEXT;
ALTER TABLE results ADD COLUMN origin_kiosk TEXT;
ALTER TABLE certificates ADD COLUMN origin_kiosk TEXT;
ALTER TABLE lesson_views ADD COLUMN origin_kiosk TEXT;
CREATE INDEX learners_by_origin ON learners(origin_kiosk) WHERE origin_kiosk IS NOT NULL;
)sql"},
                                  // The same person registered twice (learner_merge.hpp): a learner
                                  // merged into another (`from_id`) no longer signs in, and everything
                                  // of theirs counts for the one kept (`learner_group`). A citizen ID
                                  // stays unique among the learners registered here; one that came
                                  // from another kiosk may repeat it, so the pair can be merged.
                                  {13, R"sql(
CREATE TABLE learner_merges (
  from_id      TEXT PRIMARY KEY,
  into_id      TEXT NOT NULL,  -- the learner kept now (followed to the end of a chain of merges)
  chosen_into  TEXT NOT NULL,  -- the learner the facilitator chose (what the journal carries)
  merged_by    TEXT NOT NULL,
  merged_at    TEXT NOT NULL,
  origin_kiosk TEXT
);
CREATE INDEX learner_merges_by_into ON learner_merges(into_id);
CREATE TABLE learner_distinct (
  first_id     TEXT NOT NULL,
  second_id    TEXT NOT NULL,
  decided_by   TEXT NOT NULL,
  decided_at   TEXT NOT NULL,
  PRIMARY KEY (first_id, second_id),
  CHECK (first_id < second_id)
);
CREATE VIEW learner_group(root, id) AS
  SELECT id, id FROM learners
  UNION ALL SELECT into_id, from_id FROM learner_merges;
DROP INDEX learners_by_citizen_id;
CREATE UNIQUE INDEX learners_by_citizen_id ON learners(citizen_id_index)
  WHERE citizen_id_index IS NOT NULL AND origin_kiosk IS NULL;
CREATE INDEX learners_by_citizen_id_any ON learners(citizen_id_index) WHERE citizen_id_index IS NOT NULL;
)sql"},
                              }};
  return s;
}

const char* attemptKindName(AttemptKind kind) { return kind == AttemptKind::Exam ? "exam" : "practice"; }

namespace {

Attempt rowToAttempt(const SQLite::Statement& q) {
  Attempt a;
  std::string kind, question_ids;
  readColumns(q, a.id, a.learner_id, kind, a.lesson_id, a.pack_id, a.pack_version, question_ids, a.started_at,
              a.finished_at);  // kAttemptCols' order
  a.kind = kind == "exam" ? AttemptKind::Exam : AttemptKind::Practice;
  a.question_ids = nlohmann::json::parse(question_ids).get<std::vector<std::string>>();
  return a;
}

constexpr const char* kAttemptCols =
    "id, learner_id, kind, lesson_id, pack_id, pack_version, question_ids, started_at, finished_at";

}  // namespace

Result<Learner> LearnerRepository::create(const std::string& full_name, int birth_year,
                                          const std::string& target_group) {
  NewLearner n;
  n.full_name = full_name;
  n.birth_year = birth_year;
  n.target_group = target_group;
  return create(n);
}

namespace {
// The name index scheme new rows get (see migration 11).
}  // namespace

std::string LearnerRepository::nameIndex(const std::string& full_name, int birth_year) const {
  return cipher_.blindIndex("name2\x1f" + foldName(full_name) + "\x1f" + std::to_string(birth_year));
}

std::string LearnerRepository::pictureIndex(const std::string& picture_id, int birth_year) const {
  return cipher_.blindIndex("picture\x1f" + picture_id + "\x1f" + std::to_string(birth_year));
}

std::string LearnerRepository::citizenIdIndex(const std::string& citizen_id) const {
  return cipher_.blindIndex("citizen_id\x1f" + citizen_id);
}

Result<Learner> LearnerRepository::create(const NewLearner& n) {
  return guardedSql("saving the learner failed", [&]() -> Result<Learner> {
    Learner l{uuid4(), n.full_name, n.birth_year, n.target_group, nowIso8601(), n.citizen_id, n.phone, n.mentor_id,
              false, n.picture_id};
    auto enc = cipher_.encrypt(n.full_name, "learners.full_name");
    if (!enc) return tl::unexpected(enc.error());
    SQLite::Statement q(db_,
                        "INSERT INTO learners(id, full_name_enc, birth_year, target_group, created_at, name_index, "
                        "citizen_id_enc, citizen_id_index, phone_enc, mentor_id, pin_hash, picture_id, picture_index, "
                        "name_index_scheme) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    q.bind(1, l.id);
    q.bind(2, enc->data(), static_cast<int>(enc->size()));
    q.bind(3, n.birth_year);
    q.bind(4, n.target_group);
    q.bind(5, l.created_at);
    q.bind(6, nameIndex(n.full_name, n.birth_year));
    if (n.citizen_id.empty()) {
      q.bind(7);
      q.bind(8);
    } else {
      auto cid = cipher_.encrypt(n.citizen_id, "learners.citizen_id");
      if (!cid) return tl::unexpected(cid.error());
      q.bind(7, cid->data(), static_cast<int>(cid->size()));
      q.bind(8, citizenIdIndex(n.citizen_id));
    }
    if (n.phone.empty()) {
      q.bind(9);
    } else {
      auto ph = cipher_.encrypt(n.phone, "learners.phone");
      if (!ph) return tl::unexpected(ph.error());
      q.bind(9, ph->data(), static_cast<int>(ph->size()));
    }
    if (n.mentor_id.empty())
      q.bind(10);
    else
      q.bind(10, n.mentor_id);
    if (n.pin_hash.empty())
      q.bind(11);
    else
      q.bind(11, n.pin_hash);
    if (n.picture_id.empty()) {
      q.bind(12);
      q.bind(13);
    } else {
      q.bind(12, n.picture_id);
      q.bind(13, pictureIndex(n.picture_id, n.birth_year));
    }
    q.bind(14, kNameIndexScheme);
    q.exec();
    return l;
  });
}

namespace {

constexpr const char* kLearnerCols =
    "id, full_name_enc, birth_year, target_group, created_at, citizen_id_enc, phone_enc, mentor_id, erased_at, "
    "picture_id";

Result<Learner> rowToLearner(SQLite::Statement& q, const FieldCipher& cipher) {
  Learner l;
  l.id = q.getColumn(0).getString();
  l.birth_year = q.getColumn(2).getInt();
  l.target_group = q.getColumn(3).getString();
  l.created_at = q.getColumn(4).getString();
  if (!q.getColumn(7).isNull()) l.mentor_id = q.getColumn(7).getString();
  l.erased = !q.getColumn(8).isNull();
  if (l.erased) return l;
  if (!q.getColumn(9).isNull()) l.picture_id = q.getColumn(9).getString();
  struct Field {
    int column;
    const char* context;
    std::string* out;
  };
  for (const Field& f : {Field{1, "learners.full_name", &l.full_name}, Field{5, "learners.citizen_id", &l.citizen_id},
                         Field{6, "learners.phone", &l.phone}}) {
    if (q.getColumn(f.column).isNull()) continue;
    auto plain = cipher.decrypt(detail::blobOf(q.getColumn(f.column)), f.context);
    if (!plain) return tl::unexpected(plain.error());
    *f.out = *plain;
  }
  return l;
}

}  // namespace

Result<Learner> LearnerRepository::find(const std::string& id) {
  return guardedSql("reading the learner failed", [&]() -> Result<Learner> {
    SQLite::Statement q(db_, std::string("SELECT ") + kLearnerCols + " FROM learners WHERE id = ?");
    q.bind(1, id);
    if (!q.executeStep()) return fail(ErrorCode::NotFound, "no learner " + id);
    return rowToLearner(q, cipher_);
  });
}

Result<std::vector<Learner>> LearnerRepository::findByName(const std::string& full_name, int birth_year) {
  return guardedSql("looking up the learner failed", [&]() -> Result<std::vector<Learner>> {
    SQLite::Statement q(db_, std::string("SELECT ") + kLearnerCols +
                                 " FROM learners WHERE name_index = ? AND erased_at IS NULL AND " + kNotMergedAway + " ORDER BY created_at");
    q.bind(1, nameIndex(full_name, birth_year));
    std::vector<Learner> out;
    while (q.executeStep()) {
      auto l = rowToLearner(q, cipher_);
      if (!l) return tl::unexpected(l.error());
      out.push_back(*l);
    }
    return out;
  });
}

Result<std::vector<Learner>> LearnerRepository::findByPicture(const std::string& picture_id, int birth_year) {
  return guardedSql("looking up the learner failed", [&]() -> Result<std::vector<Learner>> {
    std::vector<Learner> out;
    if (picture_id.empty()) return out;
    SQLite::Statement q(db_, std::string("SELECT ") + kLearnerCols +
                                 " FROM learners WHERE picture_index = ? AND erased_at IS NULL AND " + kNotMergedAway + " ORDER BY created_at");
    q.bind(1, pictureIndex(picture_id, birth_year));
    while (q.executeStep()) {
      auto l = rowToLearner(q, cipher_);
      if (!l) return tl::unexpected(l.error());
      out.push_back(*l);
    }
    return out;
  });
}

Result<int> LearnerRepository::upgradeNameIndexes() {
  return guardedSql("re-indexing the learners' names failed", [&]() -> Result<int> {
    struct Row {
      std::string id;
      std::vector<unsigned char> name_enc;
      int birth_year;
      bool erased;
    };
    std::vector<Row> rows;
    {
      SQLite::Statement q(db_, "SELECT id, full_name_enc, birth_year, erased_at FROM learners WHERE name_index_scheme < ?");
      q.bind(1, kNameIndexScheme);
      while (q.executeStep())
        rows.push_back({q.getColumn(0).getString(), detail::blobOf(q.getColumn(1)), q.getColumn(2).getInt(),
                        !q.getColumn(3).isNull()});
    }
    SQLite::Statement up(db_, "UPDATE learners SET name_index = ?, name_index_scheme = ? WHERE id = ?");
    int upgraded = 0;
    for (const auto& r : rows) {
      if (r.erased) {
        up.bind(1);  // erased: no index, as erase() leaves it
      } else {
        auto name = cipher_.decrypt(r.name_enc, "learners.full_name");
        if (!name) continue;  // a damaged row: left as it is (it cannot sign in by name either way)
        up.bind(1, nameIndex(*name, r.birth_year));
      }
      up.bind(2, kNameIndexScheme);
      up.bind(3, r.id);
      up.exec();
      up.reset();
      ++upgraded;
    }
    return upgraded;
  });
}

Result<std::optional<Learner>> LearnerRepository::findByCitizenId(const std::string& citizen_id) {
  return guardedSql("looking up the learner failed", [&]() -> Result<std::optional<Learner>> {
    SQLite::Statement q(db_, std::string("SELECT ") + kLearnerCols +
                                 " FROM learners WHERE citizen_id_index = ? AND erased_at IS NULL AND " + kNotMergedAway +
                                 " ORDER BY origin_kiosk IS NOT NULL, created_at");
    q.bind(1, citizenIdIndex(citizen_id));
    if (!q.executeStep()) return std::optional<Learner>{};
    auto l = rowToLearner(q, cipher_);
    if (!l) return tl::unexpected(l.error());
    return std::optional<Learner>(*l);
  });
}

Result<std::string> LearnerRepository::pinHash(const std::string& id) {
  return guardedSql("reading the learner failed", [&]() -> Result<std::string> {
    SQLite::Statement q(db_, "SELECT pin_hash FROM learners WHERE id = ? AND erased_at IS NULL");
    q.bind(1, id);
    if (!q.executeStep() || q.getColumn(0).isNull()) return std::string();
    return q.getColumn(0).getString();
  });
}

Result<void> LearnerRepository::erase(const std::string& id) {
  return guardedSql("erasing the learner failed", [&]() -> Result<void> {
    SQLite::Statement q(db_,
                        "UPDATE learners SET full_name_enc = X'', name_index = NULL, citizen_id_enc = NULL, "
                        "citizen_id_index = NULL, phone_enc = NULL, pin_hash = NULL, picture_id = NULL, picture_index = NULL, "
                        "erased_at = ? WHERE id = ?");
    q.bind(1, nowIso8601());
    q.bind(2, id);
    if (q.exec() != 1) return fail(ErrorCode::NotFound, "no learner " + id);
    return {};
  });
}

int LearnerRepository::count() { return db_.execAndGet("SELECT COUNT(*) FROM learners").getInt(); }

Result<Attempt> AttemptRepository::start(const std::string& learner_id, AttemptKind kind,
                                         const std::string& lesson_id, const std::string& pack_id,
                                         const std::string& pack_version,
                                         const std::vector<std::string>& question_ids,
                                         const std::string& mastery_rule) {
  return guardedSql("starting the attempt failed", [&]() -> Result<Attempt> {
    Attempt a{uuid4(), learner_id, kind, lesson_id, pack_id, pack_version, question_ids, nowIso8601(), std::nullopt};
    SQLite::Statement q(db_, std::string("INSERT INTO attempts(") + kAttemptCols +
                                 ", mastery_rule) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)");
    if (mastery_rule.empty())
      q.bind(9);
    else
      q.bind(9, mastery_rule);
    SQLite::bind(q, a.id, a.learner_id, attemptKindName(a.kind), a.lesson_id, a.pack_id, a.pack_version,
                 nlohmann::json(a.question_ids).dump(), a.started_at);
    q.exec();
    return a;
  });
}

Result<Attempt> AttemptRepository::find(const std::string& id) {
  return guardedSql("reading the attempt failed", [&]() -> Result<Attempt> {
    SQLite::Statement q(db_, std::string("SELECT ") + kAttemptCols + " FROM attempts WHERE id = ?");
    q.bind(1, id);
    if (!q.executeStep()) return fail(ErrorCode::NotFound, "no attempt " + id);
    return rowToAttempt(q);
  });
}

Result<void> AttemptRepository::recordAnswer(const AnswerRecord& a) {
  return guardedSql("saving the answer failed", [&]() -> Result<void> {
    // A finished attempt is sealed in the record chain: its answers are final.
    SQLite::Statement done(db_, "SELECT finished_at IS NOT NULL FROM attempts WHERE id = ?");
    done.bind(1, a.attempt_id);
    if (!done.executeStep()) return fail(ErrorCode::NotFound, "no attempt " + a.attempt_id);
    if (done.getColumn(0).getInt() != 0) return fail(ErrorCode::Invalid, "attempt " + a.attempt_id + " is finished: its answers are final");
    SQLite::Statement q(db_,
                        "INSERT INTO answers(attempt_id, question_id, position, response, score, correct, answered_at) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?) "
                        "ON CONFLICT(attempt_id, question_id) DO UPDATE SET response = excluded.response, "
                        "score = excluded.score, correct = excluded.correct, answered_at = excluded.answered_at");
    SQLite::bind(q, a.attempt_id, a.question_id, a.position, a.response, a.score, a.correct ? 1 : 0, a.answered_at);
    q.exec();
    return {};
  });
}

Result<std::vector<AnswerRecord>> AttemptRepository::answers(const std::string& attempt_id) {
  return guardedSql("reading answers failed", [&]() -> Result<std::vector<AnswerRecord>> {
    SQLite::Statement q(db_,
                        "SELECT attempt_id, question_id, position, response, score, correct, answered_at "
                        "FROM answers WHERE attempt_id = ? ORDER BY position");
    q.bind(1, attempt_id);
    return allRows(q, [](const SQLite::Statement& row) {
      AnswerRecord a;
      readColumns(row, a.attempt_id, a.question_id, a.position, a.response, a.score, a.correct, a.answered_at);
      return a;
    });
  });
}

Result<ResultRecord> AttemptRepository::finish(const std::string& attempt_id, double score, double max_score,
                                               int correct, bool passed, long long duration_ms,
                                               const std::string& details_json) {
  return guardedSql("saving the result failed", [&]() -> Result<ResultRecord> {
    auto attempt = find(attempt_id);
    if (!attempt) return tl::unexpected(attempt.error());
    if (attempt->finished_at) return fail(ErrorCode::Invalid, "attempt " + attempt_id + " is already finished");
    ResultRecord r{uuid4(), attempt_id, attempt->learner_id, score, max_score,
                   max_score > 0 ? score / max_score : 0.0, correct, passed, duration_ms, nowIso8601(), details_json};
    SQLite::Statement up(db_, "UPDATE attempts SET finished_at = ? WHERE id = ?");
    up.bind(1, r.completed_at);
    up.bind(2, attempt_id);
    up.exec();
    SQLite::Statement q(db_,
                        "INSERT INTO results(id, attempt_id, learner_id, score, max_score, scaled, correct, passed, duration_ms, "
                        "completed_at, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    SQLite::bind(q, r.id, r.attempt_id, r.learner_id, r.score, r.max_score, r.scaled, r.correct, r.passed ? 1 : 0,
                 static_cast<int64_t>(r.duration_ms), r.completed_at);
    if (details_json.empty())
      q.bind(11);
    else
      q.bind(11, details_json);
    q.exec();
    return r;
  });
}

Result<std::optional<ResultRecord>> AttemptRepository::resultFor(const std::string& attempt_id) {
  return guardedSql("reading the result failed", [&]() -> Result<std::optional<ResultRecord>> {
    SQLite::Statement q(db_,
                        "SELECT id, attempt_id, learner_id, score, max_score, scaled, correct, passed, duration_ms, "
                        "completed_at, details FROM results WHERE attempt_id = ?");
    q.bind(1, attempt_id);
    return firstRow(q, [](const SQLite::Statement& row) {
      ResultRecord r;
      readColumns(row, r.id, r.attempt_id, r.learner_id, r.score, r.max_score, r.scaled, r.correct, r.passed,
                  r.duration_ms, r.completed_at, r.details);  // details: NULL reads as ""
      return r;
    });
  });
}

Result<std::vector<Attempt>> AttemptRepository::unfinished(const std::string& learner_id) {
  return guardedSql("reading attempts failed", [&]() -> Result<std::vector<Attempt>> {
    SQLite::Statement q(db_, std::string("SELECT ") + kAttemptCols +
                                 " FROM attempts WHERE learner_id = ? AND finished_at IS NULL ORDER BY started_at DESC");
    q.bind(1, learner_id);
    return allRows(q, rowToAttempt);
  });
}

Result<std::vector<Attempt>> AttemptRepository::ofLearner(const std::string& learner_id) {
  return guardedSql("reading attempts failed", [&]() -> Result<std::vector<Attempt>> {
    SQLite::Statement q(db_, std::string("SELECT ") + kAttemptCols +
                                 " FROM attempts WHERE learner_id = ? ORDER BY started_at, rowid");
    q.bind(1, learner_id);
    return allRows(q, rowToAttempt);
  });
}

Result<std::vector<Attempt>> AttemptRepository::allUnfinished() {
  return guardedSql("reading attempts failed", [&]() -> Result<std::vector<Attempt>> {
    SQLite::Statement q(db_, std::string("SELECT ") + kAttemptCols +
                                 " FROM attempts WHERE finished_at IS NULL ORDER BY started_at, rowid");
    return allRows(q, rowToAttempt);
  });
}

}  // namespace hocso::assessment
