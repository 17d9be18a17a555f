// Assessment records in kiosk.db: learners (personal fields encrypted),
// attempts, answers and results. Repositories never open transactions: the
// application services own them (one answer = one transaction).
#pragma once

#include <SQLiteCpp/Database.h>

#include <optional>
#include <string>
#include <vector>

#include "base/crypto.hpp"
#include "base/database.hpp"
#include "base/error.hpp"

namespace hocso::assessment {

// The assessment module's migrations (module name "assessment").
const ModuleSchema& schema();

// The scheme of learners.name_index written today (2: folded name, see name_fold.hpp).
inline constexpr int kNameIndexScheme = 2;

struct Learner {
  std::string id;            // pseudonymous UUID: the only learner id that leaves the kiosk
  std::string full_name;     // decrypted on read; stored only encrypted
  int birth_year = 0;
  std::string target_group = "citizen";
  std::string created_at;
  std::string citizen_id;    // optional, 12 digits; decrypted on read; stored encrypted + blind index
  std::string phone;         // optional; decrypted on read; stored only encrypted
  std::string mentor_id;     // optional: the learner id of their Đại sứ số
  bool erased = false;       // personal data erased at the learner's request
  std::string picture_id;    // the sign-in picture they chose (assets/signin-pictures); empty: none
};

// What a registration stores (validated by the service before it gets here).
struct NewLearner {
  std::string full_name;
  int birth_year = 0;
  std::string target_group = "citizen";
  std::string citizen_id;    // empty: none given
  std::string phone;         // empty: none given
  std::string mentor_id;     // empty: none
  std::string pin_hash;      // see pin.hpp; empty: no PIN (learners registered by the thin path)
  std::string picture_id;    // empty: none (learners registered before pictures, the thin path)
};

// What an attempt is: a lesson's practice quiz or the certification exam
// (stored as "practice" / "exam" in attempts.kind; the schema allows no other).
enum class AttemptKind { Practice, Exam };
const char* attemptKindName(AttemptKind kind);

struct Attempt {
  std::string id;
  std::string learner_id;
  AttemptKind kind = AttemptKind::Practice;
  std::string lesson_id;     // practice quizzes: the lesson it belongs to
  std::string pack_id, pack_version;
  std::vector<std::string> question_ids;  // fixed order for the whole attempt
  std::string started_at;
  std::optional<std::string> finished_at;
};

struct AnswerRecord {
  std::string attempt_id;
  std::string question_id;
  int position = 0;
  std::string response;      // JSON, see grading.hpp
  double score = 0;
  bool correct = false;
  std::string answered_at;
};

struct ResultRecord {
  std::string id;
  std::string attempt_id;
  std::string learner_id;
  double score = 0, max_score = 0, scaled = 0;  // partial credit counts (see grading.hpp)
  int correct = 0;                               // questions answered fully right
  bool passed = false;
  long long duration_ms = 0;
  std::string completed_at;
  std::string details;       // JSON breakdown (exams: per-group scores and thresholds); empty for practice
};

class LearnerRepository {
 public:
  LearnerRepository(SQLite::Database& db, const FieldCipher& cipher) : db_(db), cipher_(cipher) {}
  Result<Learner> create(const std::string& full_name, int birth_year, const std::string& target_group);
  Result<Learner> create(const NewLearner& learner);
  Result<Learner> find(const std::string& id);
  int count();
  // Learners whose name + birth year match (blind index of the folded name,
  // see name_fold.hpp: accents, case and spaces do not matter; homonyms are
  // possible).
  Result<std::vector<Learner>> findByName(const std::string& full_name, int birth_year);
  // Learners who chose this sign-in picture and were born that year (blind
  // index; several learners often share both).
  Result<std::vector<Learner>> findByPicture(const std::string& picture_id, int birth_year);
  Result<std::optional<Learner>> findByCitizenId(const std::string& citizen_id);
  // The stored PIN hash, empty when the learner has none (or was erased).
  Result<std::string> pinHash(const std::string& id);
  // Erases every personal field (name, citizen ID, phone, PIN, lookup
  // indexes) and marks the learner erased; the pseudonymous id stays.
  Result<void> erase(const std::string& id);
  // Upgrade step run at every open (idempotent; the caller owns the
  // transaction): learners whose name index was made by an older scheme
  // (exact accents, before version 2) get it recomputed from their
  // decrypted name. Returns how many were re-indexed.
  Result<int> upgradeNameIndexes();

  // The keyed hashes used for lookups (never the values themselves).
  std::string nameIndex(const std::string& full_name, int birth_year) const;
  std::string pictureIndex(const std::string& picture_id, int birth_year) const;
  std::string citizenIdIndex(const std::string& citizen_id) const;

 private:
  SQLite::Database& db_;
  const FieldCipher& cipher_;
};

class AttemptRepository {
 public:
  explicit AttemptRepository(SQLite::Database& db) : db_(db) {}
  Result<Attempt> start(const std::string& learner_id, AttemptKind kind, const std::string& lesson_id,
                        const std::string& pack_id, const std::string& pack_version,
                        const std::vector<std::string>& question_ids, const std::string& mastery_rule = "");
  Result<Attempt> find(const std::string& id);
  // Insert or replace the learner's answer to one question of the attempt.
  Result<void> recordAnswer(const AnswerRecord& answer);
  Result<std::vector<AnswerRecord>> answers(const std::string& attempt_id);
  // Closes the attempt and stores its result row.
  Result<ResultRecord> finish(const std::string& attempt_id, double score, double max_score, int correct,
                              bool passed, long long duration_ms, const std::string& details_json = "");
  Result<std::optional<ResultRecord>> resultFor(const std::string& attempt_id);
  // Attempts the learner started and never finished, newest first.
  Result<std::vector<Attempt>> unfinished(const std::string& learner_id);
  // Every attempt of the learner, oldest first.
  Result<std::vector<Attempt>> ofLearner(const std::string& learner_id);
  // Every unfinished attempt on this kiosk, oldest first (crash recovery).
  Result<std::vector<Attempt>> allUnfinished();

 private:
  SQLite::Database& db_;
};

}  // namespace hocso::assessment
