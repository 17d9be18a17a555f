// The certification exam's records: facilitators (PIN hashed, name
// encrypted), exam sessions (blueprint as used, seed, who started it, the
// monotonic elapsed time), review flags; the seeded draw of questions from a
// blueprint and the pass/fail verdict. Repositories never open transactions.
#pragma once

#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "base/crypto.hpp"
#include "base/error.hpp"
#include "content/model.hpp"

namespace hocso::assessment {

// ---- assembly (pure) ----------------------------------------------------------

struct DrawnQuestion {
  std::string id;
  std::string group;   // skill group code it was drawn for
};

// Draws blueprint.questions[g] questions of every skill group g, without
// repeats, from the pack's questions of that group that serve
// blueprint.target_group (untagged ones, and those tagged with it; with an
// empty target_group only untagged ones); exam-only questions included.
// Difficulty is balanced: each group takes its questions at difficulty 1, 2
// and 3 in proportion to its pool (largest remainder), so every exam of one
// pack and blueprint has the same mix. Questions in `avoid` (the learner's
// previous attempt) are used only when a difficulty of a group has too few
// others. The exam opens with an easy (difficulty 1) single-choice question,
// drawn by the first group that has easy questions (failing that, the
// simplest kind of question drawn). The same pack, blueprint, seed and
// `avoid` always give the same exam: questions are taken in id order and
// shuffled with mt19937_64 and rejection sampling (both fully specified, so
// portable across libraries). Order: the opener, then skill groups in code
// order, within a group by difficulty, drawn order within a difficulty.
Result<std::vector<DrawnQuestion>> assembleExam(const content::Pack& pack, const content::Blueprint& blueprint,
                                                uint64_t seed, const std::set<std::string>& avoid);

// ---- verdict (pure) -------------------------------------------------------------

struct GroupScore {
  double score = 0, max = 0;
  double percent() const { return max > 0 ? 100.0 * score / max : 0.0; }
};

struct ExamVerdict {
  double score = 0, max = 0;
  int correct = 0;
  std::map<std::string, GroupScore> groups;   // by skill group code
  bool passed_overall = false;
  std::vector<std::string> groups_below_minimum;
  bool passed = false;                        // overall AND every group
  double percent() const { return max > 0 ? 100.0 * score / max : 0.0; }
  nlohmann::json toJson(const content::Blueprint& blueprint) const;
};

struct ScoredQuestion {
  std::string group;
  double score = 0;    // 0..1; unanswered = 0
  bool correct = false;
};

// Whether blueprint.group_min_percent applies to a group: it has questions,
// at least blueprint.group_min_questions of them (a minimum over 3 or 4
// questions mostly measures luck; qd757.toml explains the numbers).
bool minimumApplies(const content::Blueprint& blueprint, const GroupScore& group);

// Passed when the overall percentage reaches blueprint.pass_percent and every
// group the minimum applies to reaches blueprint.group_min_percent.
ExamVerdict judgeExam(const std::vector<ScoredQuestion>& questions, const content::Blueprint& blueprint);

nlohmann::json blueprintToJson(const content::Blueprint& b);
content::Blueprint blueprintFromJson(const nlohmann::json& j);

// ---- facilitators ----------------------------------------------------------------

struct Facilitator {
  std::string id;
  std::string name;        // decrypted on read
  std::string created_at;
  bool active = true;
};

class FacilitatorRepository {
 public:
  FacilitatorRepository(SQLite::Database& db, const FieldCipher& cipher) : db_(db), cipher_(cipher) {}
  Result<Facilitator> create(const std::string& name, const std::string& pin_hash);
  Result<Facilitator> find(const std::string& id);
  Result<std::vector<Facilitator>> list();   // active ones, oldest first
  Result<std::string> pinHash(const std::string& id);

 private:
  SQLite::Database& db_;
  const FieldCipher& cipher_;
};

// ---- exam sessions ----------------------------------------------------------------

struct ExamSession {
  std::string attempt_id;
  std::string target_group;
  std::string framework, framework_version;
  content::Blueprint blueprint;              // exactly as used for this attempt
  uint64_t seed = 0;
  std::vector<DrawnQuestion> questions;      // with the group each was drawn for
  std::string facilitator_id;
  bool identity_checked = false;
  int extra_minutes = 0;                     // granted by the facilitator at the start (0..kMaxExtraMinutes)
  long long time_limit_ms = 0;               // the blueprint's time plus the extra minutes
  long long elapsed_ms = 0;                  // sum of monotonic-clock segments
};

// The most extra time a facilitator may grant for one exam.
inline constexpr int kMaxExtraMinutes = 60;

// An exam started on this kiosk and not finished yet, as stored.
struct UnfinishedExam {
  std::string attempt_id, learner_id, facilitator_id;
  std::string started_at;                 // ISO 8601 UTC
  long long time_limit_ms = 0, elapsed_ms = 0;   // elapsed: committed so far
  int answered = 0, questions = 0;
};

class ExamRepository {
 public:
  explicit ExamRepository(SQLite::Database& db) : db_(db) {}
  Result<void> create(const ExamSession& session);
  Result<ExamSession> find(const std::string& attempt_id);
  // Adds a monotonic-clock segment to the elapsed time (capped at the limit).
  Result<long long> addElapsed(const std::string& attempt_id, long long delta_ms);
  Result<void> setFlag(const std::string& attempt_id, const std::string& question_id, bool flagged);
  Result<std::set<std::string>> flags(const std::string& attempt_id);
  // The questions of the learner's most recent exam attempt other than `except`.
  Result<std::set<std::string>> previousQuestions(const std::string& learner_id, const std::string& except = "");
  // The learner's unfinished exam attempt, if any.
  Result<std::optional<std::string>> unfinished(const std::string& learner_id);
  // Every unfinished exam, oldest first.
  Result<std::vector<UnfinishedExam>> unfinishedExams();

 private:
  SQLite::Database& db_;
};

}  // namespace hocso::assessment
