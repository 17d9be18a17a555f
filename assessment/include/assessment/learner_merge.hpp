// The same person registered twice: on two kiosks of a site while they were
// offline, or again on one kiosk after forgetting. Found by the citizen-ID
// blind index or by the folded name with the birth year (name_fold.hpp); a
// facilitator, after checking the identity document, merges the one to drop
// (`from`) into the one to keep (`into`), or says they are two people.
//
// Nothing is rewritten: answers, results and certificates stay sealed in
// the record chain under the id they were made with. The learner merged
// away no longer signs in or shows on any list, and every learner-scoped
// progress query reads the whole group (kLearnerScope over the view
// learner_group), so the kept learner continues with both histories. A
// merge travels through the site journal (kSiteMerge), so every kiosk of
// the site sees one learner. Repositories here never open transactions.
#pragma once

#include <SQLiteCpp/Database.h>

#include <optional>
#include <string>
#include <vector>

#include "base/error.hpp"

namespace hocso::assessment {

// `learner_id` of the learner whose id is bound here, or of any learner
// merged into them: the one SQL fragment for "this learner's records".
inline constexpr const char* kLearnerScope = "learner_id IN (SELECT id FROM learner_group WHERE root = ?)";
// A learner row (alias-free `id`) that was not merged into another.
inline constexpr const char* kNotMergedAway = "id NOT IN (SELECT from_id FROM learner_merges)";

enum class DuplicateReason { SameCitizenId, SameNameAndBirthYear };

struct DuplicatePair {
  std::string first_id, second_id;  // first_id < second_id
  DuplicateReason reason = DuplicateReason::SameNameAndBirthYear;
};

struct LearnerMerge {
  std::string from_id, into_id;
  std::string merged_by;     // the facilitator's id (on the kiosk where it was done)
  std::string merged_at;     // ISO 8601 UTC
  std::string origin_kiosk;  // "" made here
};

// Why a merge cannot be done.
enum class MergeRefusal { None, SameLearner, NotFound, Erased, AlreadyMerged, WouldLoop };

class LearnerMergeRepository {
 public:
  explicit LearnerMergeRepository(SQLite::Database& db) : db_(db) {}

  // Pairs of learners (neither erased nor merged away) with the same
  // citizen ID or the same folded name and birth year, that no facilitator
  // has said are two people; oldest registration first.
  Result<std::vector<DuplicatePair>> duplicates();

  // Checks a merge made here: both learners here, neither erased nor merged
  // away, not the same.
  Result<MergeRefusal> check(const std::string& from_id, const std::string& into_id);

  // Records `from` merged into `into` (here, or as another kiosk's record).
  // `into` is followed to the learner it was itself merged into, and the
  // learners merged into `from` move to that learner too, so every group is
  // one level deep whatever order merges arrive in. WouldLoop (nothing
  // written) when `into` leads back to `from`; a second record for `from`
  // changes nothing (AlreadyMerged).
  Result<MergeRefusal> record(const LearnerMerge& merge);

  // The learner `id` was merged into (nullopt: not merged away).
  Result<std::optional<std::string>> mergedInto(const std::string& id);
  // `root` and every learner merged into it.
  Result<std::vector<std::string>> group(const std::string& root);
  // Merges made on this kiosk, oldest first (what its journal carries).
  Result<std::vector<LearnerMerge>> madeHere();

  // A facilitator says the two are different people: the pair is not
  // offered again on this kiosk.
  Result<void> markDistinct(const std::string& a, const std::string& b, const std::string& by, const std::string& at);

 private:
  SQLite::Database& db_;
};

}  // namespace hocso::assessment
