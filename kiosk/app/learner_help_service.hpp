// Helping a learner from facilitator mode: find them by name (facilitator
// only), reset a forgotten PIN after checking their identity document, and
// erase them on request (LearnerService::deleteLearner, the same service as
// `hocso learner delete`). Each change is recorded in kiosk_audit with who
// did it (the facilitator's id) and whose account (the learner's id).
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "assessment/learner_merge.hpp"
#include "assessment/records.hpp"
#include "kiosk_context.hpp"
#include "kiosk_tables.hpp"
#include "learner_service.hpp"
#include "service_support.hpp"
#include "worker_job.hpp"

namespace hocso::app {

struct FoundLearner {
  assessment::Learner learner;
  std::string target_group_title;
};

// Two learners who may be the same person registered twice
// (assessment/learner_merge.hpp), with what a facilitator needs to decide.
struct DuplicateSide {
  FoundLearner found;
  std::string kiosk;           // where they registered: "" this kiosk, else its id
  int practice_answers = 0;    // answers given in practice (the whole group)
  int lessons_read = 0;        // lessons opened (distinct)
  bool has_pin = false;
};
struct DuplicateCandidate {
  DuplicateSide first, second;
  assessment::DuplicateReason reason = assessment::DuplicateReason::SameNameAndBirthYear;
};

// What a merge did: Done, or why nothing was changed.
enum class MergeStatus { Done, IdentityNotChecked, ExamUnderWay, Refused };

// What a PIN reset did: Done, or why nothing was changed.
enum class PinResetStatus { Done, IdentityNotChecked, PinNotFourDigits, PinsDiffer };

class LearnerHelpService {
 public:
  explicit LearnerHelpService(KioskContext& ctx, WallClock now_ms = systemNowMs) : ctx_(ctx), now_ms_(std::move(now_ms)) {}

  // Learners not erased whose name matches `query` (see nameMatches; a
  // 4-digit query matches the birth year), sorted by name, at most `limit`.
  // An empty query finds nobody: the list is never shown whole.
  Result<std::vector<FoundLearner>> search(const std::string& query, size_t limit = 30);

  // Sets a new PIN (hashed as at registration), clears the learner's
  // sign-in lockouts (theirs, and those counted against their name or
  // citizen ID) and records who did it, in one transaction. Nothing changes
  // (and the status says why) when the identity document was not checked,
  // the PIN is not 4 digits or the two differ. Invalid for an erased learner.
  Result<PinResetStatus> resetPin(const std::string& learner_id, const std::string& pin, const std::string& pin_again,
                        const std::string& facilitator_id, bool identity_document_checked);

  // Learners who may be registered twice, oldest registration first.
  Result<std::vector<DuplicateCandidate>> duplicates();

  // Merges `from_id` into `into_id` after the facilitator checked the
  // identity document: `from` no longer signs in or shows on any list, and
  // everything of theirs counts for `into` (on every kiosk of the site: the
  // merge travels in the journal). Refused while either has an exam under
  // way, here or on another kiosk; Refused (with nothing changed) when either
  // is erased, already merged away, unknown, or they are the same.
  Result<MergeStatus> mergeLearners(const std::string& from_id, const std::string& into_id,
                                    const std::string& facilitator_id, bool identity_document_checked);

  // The two are different people: the pair is not offered again here.
  Result<void> markDistinct(const std::string& a, const std::string& b, const std::string& facilitator_id);

  // The audit rows about one learner, oldest first.
  Result<std::vector<AuditEntry>> auditOf(const std::string& learner_id);

 private:
  KioskContext& ctx_;
  WallClock now_ms_;
};

// Records an action in kiosk_audit (inside the caller's transaction, or alone).
Result<void> recordAudit(SQLite::Database& db, const std::string& facilitator_id, const std::string& action,
                         const std::string& learner_id);

// An erasure started from facilitator mode, for a worker thread: it may wait
// up to LearnerService::wal_wipe_wait for other readers to let go of the
// WAL, and the frame loop must keep drawing meanwhile. Made on the UI thread
// (copies the settings, the data key and the kiosk id), run() opens its own
// connection to kiosk.db. The audit row is written in its own transaction
// right after the erasure commits (whether or not the WAL could be emptied).
class LearnerErasureJob : private WorkerJob {
 public:
  explicit LearnerErasureJob(const KioskContext& ctx, std::chrono::milliseconds wal_wipe_wait = std::chrono::seconds(15))
      : WorkerJob(ctx), wal_wipe_wait_(wal_wipe_wait) {}
  Result<ErasureSummary> run(const std::string& learner_id, const std::string& facilitator_id);

 private:
  std::chrono::milliseconds wal_wipe_wait_;
};

}  // namespace hocso::app
