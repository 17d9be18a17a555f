// A learner's records as they travel between the kiosks of one site (the
// site journal, sync/site.hpp): what this kiosk made, read out as plain JSON
// (personal data decrypted: the journal segment encrypts it with the site
// key), and another kiosk's records written here under this kiosk's data key
// and blind indexes, marked with their origin kiosk (learners.origin_kiosk
// and the same column on consents, attempts, results, certificates and
// lesson_views; assessment migration 12). Repositories here never open
// transactions; the caller runs them inside one.
#pragma once

#include <SQLiteCpp/Database.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/crypto.hpp"
#include "base/error.hpp"

namespace hocso::assessment {

// Kinds of journal records.
inline constexpr const char* kSiteLearner = "learner";
inline constexpr const char* kSiteConsent = "consent";
inline constexpr const char* kSiteAttempt = "attempt";        // finished only: with its answers, result, certificate
inline constexpr const char* kSiteLessonView = "lesson_view";  // id: learner/pack/lesson/day
// A learner erased at their request (id: the learner; data: learner_id,
// erased_at). Every kiosk of the site that holds them erases them too, and
// no kiosk takes their personal data in again.
inline constexpr const char* kSiteErasure = "erasure";
// An exam under way on its kiosk (id: learner/attempt; data: learner_id,
// attempt_id, started_at): an exam stays on the kiosk where it started, and
// the others tell the learner where to finish it. Its finished attempt
// record, arriving later, closes it.
inline constexpr const char* kSiteExamOpen = "exam_open";
// One learner merged into another by a facilitator (learner_merge.hpp; id:
// the learner merged away; data: from_id, into_id, merged_by, merged_at).
inline constexpr const char* kSiteMerge = "merge";

struct SiteRecord {
  std::string kind, id;
  nlohmann::json data;
};

// The PIN hash prefix of hashes peppered with the site key instead of the
// kiosk's data key: only these travel (every kiosk of the site can check them).
inline constexpr const char* kSitePinPrefix = "site:";

class SiteRecordRepository {
 public:
  SiteRecordRepository(SQLite::Database& db, const FieldCipher& cipher) : db_(db), cipher_(cipher) {}

  // Every record made on this kiosk (origin_kiosk IS NULL) that can travel,
  // in an order a reader can apply one by one: learners (oldest first, so a
  // mentor comes before the learners they brought), consents, finished
  // attempts, lesson views, merges, erasures. Records of a learner made here count
  // even when the learner came from another kiosk. An erased learner's
  // personal data and records no longer travel: an erasure record does (for
  // every erased learner; the caller leaves out erasures that came from
  // another kiosk). A PIN hash travels only when it is peppered with the
  // site key (kSitePinPrefix); otherwise it is left out.
  Result<std::vector<SiteRecord>> localRecords();

  enum class Applied { Inserted, Updated, Conflict };
  struct ApplyResult {
    Applied what = Applied::Inserted;
    std::string reason;  // a conflict: why the record was not written
  };
  // Writes another kiosk's record here, marked with `origin_kiosk`. With
  // `replace` (a later state of a record from the same origin: a lesson read
  // further, a new PIN), the row is updated; a row that exists here but
  // belongs to this kiosk or another origin is never touched: a Conflict.
  // A learner whose citizen ID is already registered here comes in too:
  // the same person registered twice, offered to a facilitator to merge
  // (LearnerMergeRepository::duplicates).
  Result<ApplyResult> apply(const SiteRecord& record, const std::string& origin_kiosk, bool replace);

  // The learner a record is about ("" for a learner record itself), and
  // whether that learner is here.
  static std::string learnerOf(const SiteRecord& record);
  Result<bool> hasLearner(const std::string& learner_id);

  // Learners that came from other kiosks of the site.
  Result<int> learnersFromPeers();

 private:
  Result<ApplyResult> applyLearner(const SiteRecord& r, const std::string& origin, bool replace);
  Result<ApplyResult> applyRow(const char* table, const char* key_where, const std::vector<std::string>& key,
                               const nlohmann::json& row, const std::string& origin, bool replace);
  Result<ApplyResult> applyAttempt(const SiteRecord& r, const std::string& origin);
  Result<ApplyResult> applyMerge(const SiteRecord& r, const std::string& origin);
  SQLite::Database& db_;
  const FieldCipher& cipher_;
};

}  // namespace hocso::assessment
