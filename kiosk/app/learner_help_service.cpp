// Facilitator help for a learner's account: search, PIN reset, erasure job.
#include "learner_help_service.hpp"

#include <SQLiteCpp/Statement.h>

#include <algorithm>

#include "assessment/exam.hpp"
#include "assessment/identity.hpp"
#include "base/database.hpp"
#include "base/ids.hpp"
#include "kiosk_tables.hpp"
#include "name_search.hpp"
#include "site_service.hpp"

namespace hocso::app {

Result<void> recordAudit(SQLite::Database& db, const std::string& facilitator_id, const std::string& action,
                         const std::string& learner_id) {
  return AuditRepository(db).record({nowIso8601(), facilitator_id, action, learner_id});
}

Result<std::vector<FoundLearner>> LearnerHelpService::search(const std::string& query, size_t limit) {
  std::vector<FoundLearner> out;
  if (assessment::foldName(query).empty()) return out;
  std::vector<std::string> ids;
  try {
    SQLite::Statement q(*ctx_.db, std::string("SELECT id FROM learners WHERE erased_at IS NULL AND ") +
                                      assessment::kNotMergedAway);
    while (q.executeStep()) ids.push_back(q.getColumn(0).getString());
  } catch (const SQLite::Exception& e) {
    return fail(ErrorCode::Database, std::string("reading the learners failed: ") + e.what());
  }
  assessment::LearnerRepository learners(*ctx_.db, ctx_.cipher);
  for (const auto& id : ids) {
    auto l = learners.find(id);
    if (!l) return tl::unexpected(l.error());
    if (l->erased || !nameMatches(l->full_name, l->birth_year, query)) continue;
    FoundLearner f{*l, l->target_group};
    for (const auto& tg : ctx_.pack.framework.target_groups)
      if (tg.code == l->target_group) f.target_group_title = tg.title;
    out.push_back(std::move(f));
  }
  std::sort(out.begin(), out.end(), [](const FoundLearner& a, const FoundLearner& b) {
    const std::string ka = assessment::foldName(a.learner.full_name), kb = assessment::foldName(b.learner.full_name);
    if (ka != kb) return ka < kb;
    if (a.learner.birth_year != b.learner.birth_year) return a.learner.birth_year < b.learner.birth_year;
    return a.learner.id < b.learner.id;
  });
  const std::string exact = assessment::foldName(query);  // the whole name typed: first
  std::stable_partition(out.begin(), out.end(),
                        [&](const FoundLearner& f) { return assessment::foldName(f.learner.full_name) == exact; });
  if (out.size() > limit) out.resize(limit);
  return out;
}

Result<PinResetStatus> LearnerHelpService::resetPin(const std::string& learner_id, const std::string& pin,
                                                    const std::string& pin_again, const std::string& facilitator_id,
                                                    bool identity_document_checked) {
  if (!identity_document_checked) return PinResetStatus::IdentityNotChecked;
  if (!assessment::isValidPin(pin)) return PinResetStatus::PinNotFourDigits;
  if (pin != pin_again) return PinResetStatus::PinsDiffer;
  if (facilitator_id.empty()) return fail(ErrorCode::Invalid, "a PIN reset needs the facilitator who did it");
  auto hashed = learnerPinHash(ctx_, pin);  // slow on purpose: outside the transaction
  if (!hashed) return tl::unexpected(hashed.error());
  const std::string& hash = *hashed;
  return writeTransaction(*ctx_.db, "resetting the learner's PIN failed", [&]() -> Result<PinResetStatus> {
    assessment::LearnerRepository learners(*ctx_.db, ctx_.cipher);
    auto learner = learners.find(learner_id);
    if (!learner) return tl::unexpected(learner.error());
    if (learner->erased) return fail(ErrorCode::Invalid, "learner " + learner_id + " was deleted");
    SQLite::Statement up(*ctx_.db, "UPDATE learners SET pin_hash = ? WHERE id = ? AND erased_at IS NULL");
    up.bind(1, hash);
    up.bind(2, learner_id);
    if (up.exec() != 1) return fail(ErrorCode::NotFound, "learner " + learner_id + " not found");
    // The same lockout subjects as sign-in counts.
    assessment::LockoutRepository lockouts(*ctx_.db);
    for (const auto& s : learnerLockoutSubjects(learners, *learner))
      if (auto ok = lockouts.clear(s); !ok) return tl::unexpected(ok.error());
    if (auto ok = recordAudit(*ctx_.db, facilitator_id, "pin_reset", learner_id); !ok) return tl::unexpected(ok.error());
    return PinResetStatus::Done;
  });
}

namespace {

Result<DuplicateSide> duplicateSide(KioskContext& ctx, const std::string& id) {
  auto l = assessment::LearnerRepository(*ctx.db, ctx.cipher).find(id);
  if (!l) return tl::unexpected(l.error());
  DuplicateSide side;
  side.found = {*l, l->target_group};
  for (const auto& tg : ctx.pack.framework.target_groups)
    if (tg.code == l->target_group) side.found.target_group_title = tg.title;
  return guardedSql("reading a learner's activity failed", [&]() -> Result<DuplicateSide> {
    SQLite::Statement q(*ctx.db,
                        "SELECT IFNULL((SELECT origin_kiosk FROM learners WHERE id = ?1), ''), "
                        "(SELECT COUNT(*) FROM answers an JOIN attempts at ON at.id = an.attempt_id "
                        "  WHERE at.kind = 'practice' AND at.learner_id IN (SELECT id FROM learner_group WHERE root = ?1)), "
                        "(SELECT COUNT(DISTINCT pack_id || '/' || lesson_id) FROM lesson_views "
                        "  WHERE learner_id IN (SELECT id FROM learner_group WHERE root = ?1)), "
                        "(SELECT pin_hash IS NOT NULL FROM learners WHERE id = ?1)");
    q.bind(1, id);
    if (q.executeStep()) {
      side.kiosk = q.getColumn(0).getString();
      side.practice_answers = q.getColumn(1).getInt();
      side.lessons_read = q.getColumn(2).getInt();
      side.has_pin = q.getColumn(3).getInt() != 0;
    }
    return side;
  });
}

// An exam under way for the learner here, or on another kiosk of the site.
Result<bool> examUnderWay(KioskContext& ctx, const std::string& id) {
  auto here = assessment::ExamRepository(*ctx.db).unfinished(id);
  if (!here) return tl::unexpected(here.error());
  if (*here) return true;
  if (!ctx.site_cipher) return false;
  auto elsewhere = examOnAnotherKiosk(ctx, id);
  if (!elsewhere) return tl::unexpected(elsewhere.error());
  return elsewhere->has_value();
}

}  // namespace

Result<std::vector<DuplicateCandidate>> LearnerHelpService::duplicates() {
  auto pairs = assessment::LearnerMergeRepository(*ctx_.db).duplicates();
  if (!pairs) return tl::unexpected(pairs.error());
  std::vector<DuplicateCandidate> out;
  for (const auto& p : *pairs) {
    auto first = duplicateSide(ctx_, p.first_id);
    if (!first) return tl::unexpected(first.error());
    auto second = duplicateSide(ctx_, p.second_id);
    if (!second) return tl::unexpected(second.error());
    // The older registration first.
    if (second->found.learner.created_at < first->found.learner.created_at) std::swap(*first, *second);
    out.push_back({std::move(*first), std::move(*second), p.reason});
  }
  return out;
}

Result<MergeStatus> LearnerHelpService::mergeLearners(const std::string& from_id, const std::string& into_id,
                                                      const std::string& facilitator_id,
                                                      bool identity_document_checked) {
  if (!identity_document_checked) return MergeStatus::IdentityNotChecked;
  if (facilitator_id.empty()) return fail(ErrorCode::Invalid, "a merge needs the facilitator who did it");
  return writeTransaction(*ctx_.db, "merging the learners failed", [&]() -> Result<MergeStatus> {
    assessment::LearnerMergeRepository merges(*ctx_.db);
    auto refusal = merges.check(from_id, into_id);
    if (!refusal) return tl::unexpected(refusal.error());
    if (*refusal != assessment::MergeRefusal::None) return MergeStatus::Refused;
    for (const auto& id : {from_id, into_id}) {
      auto busy = examUnderWay(ctx_, id);
      if (!busy) return tl::unexpected(busy.error());
      if (*busy) return MergeStatus::ExamUnderWay;
    }
    auto done = merges.record({from_id, into_id, facilitator_id, nowIso8601(), ""});
    if (!done) return tl::unexpected(done.error());
    if (*done != assessment::MergeRefusal::None) return MergeStatus::Refused;
    // No longer shown by name as a Đại sứ số: the one kept is.
    if (auto ok = MentorRepository(*ctx_.db).unlist(from_id); !ok) return tl::unexpected(ok.error());
    return MergeStatus::Done;
  });
}

Result<void> LearnerHelpService::markDistinct(const std::string& a, const std::string& b,
                                              const std::string& facilitator_id) {
  if (facilitator_id.empty()) return fail(ErrorCode::Invalid, "this needs the facilitator who decided it");
  return writeTransaction(*ctx_.db, "recording two different learners failed", [&]() -> Result<void> {
    return assessment::LearnerMergeRepository(*ctx_.db).markDistinct(a, b, facilitator_id, nowIso8601());
  });
}

Result<std::vector<AuditEntry>> LearnerHelpService::auditOf(const std::string& learner_id) {
  return AuditRepository(*ctx_.db).ofLearner(learner_id);
}

Result<ErasureSummary> LearnerErasureJob::run(const std::string& learner_id, const std::string& facilitator_id) {
  if (auto opened = openDatabase(); !opened) return tl::unexpected(opened.error());
  LearnerService learners(*ctx_);
  learners.wal_wipe_wait = wal_wipe_wait_;
  auto before = learners.find(learner_id);
  const bool alreadyErased = before && before->erased;
  auto summary = learners.deleteLearner(learner_id);
  // Committed even when only the WAL could not be emptied (deleteLearner's
  // Database error after the erasure): record who did it in both cases, but
  // never for a learner erased before this call.
  bool erased = static_cast<bool>(summary);
  if (!summary && !alreadyErased) {
    auto now = learners.find(learner_id);
    erased = now && now->erased;
  }
  if (erased) {
    auto audited = writeTransaction(*ctx_->db, "recording the erasure failed", [&] {
      return recordAudit(*ctx_->db, facilitator_id, "learner_erased", learner_id);
    });
    if (!audited && summary) summary = tl::unexpected(audited.error());
  }
  ctx_->db.reset();
  return summary;
}

}  // namespace hocso::app
