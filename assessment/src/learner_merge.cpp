// Learners registered twice (learner_merge.hpp).
#include "assessment/learner_merge.hpp"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/VariadicBind.h>

#include "sql_util.hpp"

namespace hocso::assessment {

Result<std::vector<DuplicatePair>> LearnerMergeRepository::duplicates() {
  return guardedSql("looking for learners registered twice failed", [&]() -> Result<std::vector<DuplicatePair>> {
    SQLite::Statement q(db_,
                        "SELECT a.id, b.id, a.citizen_id_index IS NOT NULL AND a.citizen_id_index = b.citizen_id_index "
                        "FROM learners a JOIN learners b ON a.id < b.id AND "
                        "  ((a.citizen_id_index IS NOT NULL AND a.citizen_id_index = b.citizen_id_index) OR "
                        "   (a.name_index IS NOT NULL AND a.name_index = b.name_index)) "
                        "WHERE a.erased_at IS NULL AND b.erased_at IS NULL "
                        "  AND a.id NOT IN (SELECT from_id FROM learner_merges) "
                        "  AND b.id NOT IN (SELECT from_id FROM learner_merges) "
                        "  AND NOT EXISTS (SELECT 1 FROM learner_distinct d WHERE d.first_id = a.id AND d.second_id = b.id) "
                        "ORDER BY MIN(a.created_at, b.created_at), a.id, b.id");
    std::vector<DuplicatePair> out;
    while (q.executeStep())
      out.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(),
                     q.getColumn(2).getInt() != 0 ? DuplicateReason::SameCitizenId : DuplicateReason::SameNameAndBirthYear});
    return out;
  });
}

Result<std::optional<std::string>> LearnerMergeRepository::mergedInto(const std::string& id) {
  return guardedSql("reading a learner merge failed", [&]() -> Result<std::optional<std::string>> {
    SQLite::Statement q(db_, "SELECT into_id FROM learner_merges WHERE from_id = ?");
    q.bind(1, id);
    return firstValue<std::string>(q);
  });
}

Result<MergeRefusal> LearnerMergeRepository::check(const std::string& from_id, const std::string& into_id) {
  return guardedSql("checking a learner merge failed", [&]() -> Result<MergeRefusal> {
    if (from_id == into_id) return MergeRefusal::SameLearner;
    SQLite::Statement q(db_, "SELECT erased_at IS NOT NULL, id IN (SELECT from_id FROM learner_merges) "
                             "FROM learners WHERE id = ?");
    for (const auto& id : {from_id, into_id}) {
      q.reset();
      q.bind(1, id);
      if (!q.executeStep()) return MergeRefusal::NotFound;
      if (q.getColumn(0).getInt() != 0) return MergeRefusal::Erased;
      if (q.getColumn(1).getInt() != 0) return MergeRefusal::AlreadyMerged;
    }
    return MergeRefusal::None;
  });
}

Result<MergeRefusal> LearnerMergeRepository::record(const LearnerMerge& m) {
  return guardedSql("recording a learner merge failed", [&]() -> Result<MergeRefusal> {
    if (m.from_id == m.into_id) return MergeRefusal::SameLearner;
    {
      SQLite::Statement known(db_, "SELECT 1 FROM learner_merges WHERE from_id = ?");
      known.bind(1, m.from_id);
      if (known.executeStep()) return MergeRefusal::AlreadyMerged;
    }
    // Groups stay one level deep: `into` may itself have been merged away
    // (one hop, as every row is kept pointing at a root).
    std::string root = m.into_id;
    if (auto up = mergedInto(root); !up) return tl::unexpected(up.error());
    else if (*up) root = **up;
    if (root == m.from_id) return MergeRefusal::WouldLoop;
    SQLite::Statement moveMembers(db_, "UPDATE learner_merges SET into_id = ? WHERE into_id = ?");
    moveMembers.bind(1, root);
    moveMembers.bind(2, m.from_id);
    moveMembers.exec();
    SQLite::Statement ins(db_, "INSERT INTO learner_merges(from_id, into_id, chosen_into, merged_by, merged_at, origin_kiosk) "
                               "VALUES (?, ?, ?, ?, ?, ?)");
    SQLite::bind(ins, m.from_id, root, m.into_id, m.merged_by, m.merged_at);
    if (m.origin_kiosk.empty()) ins.bind(6);
    else ins.bind(6, m.origin_kiosk);
    ins.exec();
    return MergeRefusal::None;
  });
}

Result<std::vector<std::string>> LearnerMergeRepository::group(const std::string& root) {
  return guardedSql("reading a learner's group failed", [&]() -> Result<std::vector<std::string>> {
    std::vector<std::string> out{root};
    SQLite::Statement q(db_, "SELECT from_id FROM learner_merges WHERE into_id = ? ORDER BY merged_at, from_id");
    q.bind(1, root);
    while (q.executeStep()) out.push_back(q.getColumn(0).getString());
    return out;
  });
}

Result<std::vector<LearnerMerge>> LearnerMergeRepository::madeHere() {
  return guardedSql("reading the learner merges failed", [&]() -> Result<std::vector<LearnerMerge>> {
    std::vector<LearnerMerge> out;
    SQLite::Statement q(db_, "SELECT from_id, chosen_into, merged_by, merged_at FROM learner_merges "
                             "WHERE origin_kiosk IS NULL ORDER BY merged_at, rowid");
    while (q.executeStep())
      out.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                     q.getColumn(3).getString(), ""});
    return out;
  });
}

Result<void> LearnerMergeRepository::markDistinct(const std::string& a, const std::string& b, const std::string& by,
                                                  const std::string& at) {
  return guardedSql("recording two different learners failed", [&]() -> Result<void> {
    if (a == b) return fail(ErrorCode::Invalid, "a learner is not distinct from themselves");
    SQLite::Statement q(db_, "INSERT INTO learner_distinct(first_id, second_id, decided_by, decided_at) "
                             "VALUES (?, ?, ?, ?) ON CONFLICT(first_id, second_id) DO NOTHING");
    SQLite::bind(q, a < b ? a : b, a < b ? b : a, by, at);
    q.exec();
    return {};
  });
}

}  // namespace hocso::assessment
