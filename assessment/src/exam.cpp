// Exam assembly, the pass/fail verdict, and the SQL of facilitators, exam
// sessions and review flags.
#include "assessment/exam.hpp"
#include "assessment/learner_merge.hpp"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/VariadicBind.h>

#include <algorithm>
#include <optional>
#include <random>

#include "base/ids.hpp"
#include "sql_util.hpp"

namespace hocso::assessment {

using nlohmann::json;

namespace {

// A uniform integer in [0, n) from mt19937_64 by rejection (no modulo bias,
// and unlike std::uniform_int_distribution the same on every library).
uint64_t below(std::mt19937_64& rng, uint64_t n) {
  const uint64_t limit = UINT64_MAX - UINT64_MAX % n;
  uint64_t v;
  do v = rng();
  while (v >= limit);
  return v % n;
}

// Takes `count` items of `pool` in random order (partial Fisher–Yates).
std::vector<std::string> drawFrom(std::vector<std::string> pool, size_t count, std::mt19937_64& rng) {
  count = std::min(count, pool.size());
  for (size_t i = 0; i < count; ++i) std::swap(pool[i], pool[i + below(rng, pool.size() - i)]);
  pool.resize(count);
  return pool;
}

}  // namespace

namespace {

// How many of `need` questions to take at each difficulty: in proportion to
// the pool (largest remainder, ties to the easier level), so every exam drawn
// from one pack and blueprint has the same mix of difficulties per group.
std::map<int, size_t> difficultyQuotas(const std::map<int, size_t>& pool, size_t need) {
  size_t total = 0;
  for (const auto& [d, n] : pool) total += n;
  std::map<int, size_t> quota;
  if (total == 0) return quota;
  std::vector<std::pair<size_t, int>> remainders;  // (remainder × total, difficulty)
  size_t given = 0;
  for (const auto& [d, n] : pool) {
    quota[d] = need * n / total;
    given += quota[d];
    remainders.push_back({need * n % total, d});
  }
  std::stable_sort(remainders.begin(), remainders.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (size_t i = 0; given < need && i < remainders.size(); ++i, ++given) ++quota[remainders[i].second];
  return quota;
}

}  // namespace

Result<std::vector<DrawnQuestion>> assembleExam(const content::Pack& pack, const content::Blueprint& blueprint,
                                                uint64_t seed, const std::set<std::string>& avoid) {
  std::mt19937_64 rng(seed);
  std::vector<DrawnQuestion> out;
  std::optional<size_t> opener;  // index in `out` of the easy single-choice question that opens the exam
  for (const auto& [group, count] : blueprint.questions) {  // std::map: group code order
    if (count <= 0) continue;
    // The group's pool by difficulty, split into questions new to the learner and seen ones.
    std::map<int, std::vector<const content::Question*>> pool;
    size_t available = 0;
    for (const auto& q : pack.questions) {
      if (q.group() != group || !q.servesTargetGroup(blueprint.target_group)) continue;
      pool[q.difficulty].push_back(&q);
      ++available;
    }
    const size_t need = static_cast<size_t>(count);
    if (available < need)
      return fail(ErrorCode::Invalid, "the content pack has " + std::to_string(available) +
                                          " questions in skill group " + group + " for " +
                                          (blueprint.target_group.empty() ? "every target group" : blueprint.target_group) +
                                          " but the exam blueprint for " +
                                          blueprint.target_group + " asks for " + std::to_string(need));
    std::map<int, size_t> sizes;
    for (const auto& [d, qs] : pool) sizes[d] = qs.size();
    for (const auto& [difficulty, quota] : difficultyQuotas(sizes, need)) {
      if (quota == 0) continue;
      std::vector<std::string> fresh, seen;
      for (const content::Question* q : pool[difficulty]) (avoid.count(q->id) ? seen : fresh).push_back(q->id);
      std::sort(fresh.begin(), fresh.end());
      std::sort(seen.begin(), seen.end());
      std::vector<std::string> drawn;
      // The exam opens with an easy single-choice question: the first group
      // with easy questions draws one of its easy single-choice ones first.
      if (!opener && difficulty == 1) {
        for (auto* list : {&fresh, &seen}) {
          std::vector<std::string> singles;
          for (const auto& id : *list)
            if (pack.findQuestion(id)->type == content::QuestionType::Single) singles.push_back(id);
          if (singles.empty()) continue;
          drawn = drawFrom(singles, 1, rng);
          list->erase(std::find(list->begin(), list->end(), drawn.front()));
          opener = out.size();
          break;
        }
      }
      auto more = drawFrom(fresh, quota - drawn.size(), rng);
      drawn.insert(drawn.end(), more.begin(), more.end());
      if (drawn.size() < quota) {  // not enough new ones: reuse some of the previous attempt's
        more = drawFrom(seen, quota - drawn.size(), rng);
        drawn.insert(drawn.end(), more.begin(), more.end());
      }
      for (auto& id : drawn) out.push_back({std::move(id), group});
    }
  }
  if (out.empty()) return fail(ErrorCode::Invalid, "the exam blueprint for " + blueprint.target_group + " asks for no questions");
  if (!opener) {
    // No easy single-choice question anywhere: open with the simplest kind drawn.
    auto rank = [&](const DrawnQuestion& d) {
      const content::Question* q = pack.findQuestion(d.id);
      static const std::map<content::QuestionType, int> kinds = {
          {content::QuestionType::Single, 0},   {content::QuestionType::TrueFalse, 1},
          {content::QuestionType::Multiple, 2}, {content::QuestionType::Ordering, 3},
          {content::QuestionType::Scenario, 4}, {content::QuestionType::Matching, 5}};
      return std::pair{kinds.at(q->type), q->difficulty};
    };
    opener = static_cast<size_t>(std::min_element(out.begin(), out.end(), [&](const auto& a, const auto& b) {
                                   return rank(a) < rank(b);
                                 }) - out.begin());
  }
  std::rotate(out.begin(), out.begin() + static_cast<long>(*opener), out.begin() + static_cast<long>(*opener) + 1);
  return out;
}

bool minimumApplies(const content::Blueprint& blueprint, const GroupScore& group) {
  return group.max > 0 && group.max + 1e-9 >= blueprint.group_min_questions;
}

ExamVerdict judgeExam(const std::vector<ScoredQuestion>& questions, const content::Blueprint& blueprint) {
  ExamVerdict v;
  for (const auto& q : questions) {
    GroupScore& g = v.groups[q.group];
    g.score += q.score;
    g.max += 1;
    v.score += q.score;
    v.max += 1;
    v.correct += q.correct;
  }
  constexpr double eps = 1e-9;
  v.passed_overall = v.max > 0 && v.percent() + eps >= blueprint.pass_percent;
  for (const auto& [code, g] : v.groups)
    if (minimumApplies(blueprint, g) && g.percent() + eps < blueprint.group_min_percent)
      v.groups_below_minimum.push_back(code);
  v.passed = v.passed_overall && v.groups_below_minimum.empty();
  return v;
}

json ExamVerdict::toJson(const content::Blueprint& b) const {
  json groupsJson = json::object();
  for (const auto& [code, g] : groups)
    groupsJson[code] = {{"score", g.score},
                        {"max", g.max},
                        {"percent", g.percent()},
                        {"minimum_applies", minimumApplies(b, g)},
                        {"passed", g.percent() + 1e-9 >= b.group_min_percent}};  // reached it (dashboard)
  return {{"kind", "exam"},
          {"percent", percent()},
          {"pass_percent", b.pass_percent},
          {"group_min_percent", b.group_min_percent},
          {"group_min_questions", b.group_min_questions},
          {"passed_overall", passed_overall},
          {"groups_below_minimum", groups_below_minimum},
          {"groups", groupsJson}};
}

json blueprintToJson(const content::Blueprint& b) {
  return {{"target_group", b.target_group},
          {"time_limit_minutes", b.time_limit_minutes},
          {"pass_percent", b.pass_percent},
          {"group_min_percent", b.group_min_percent},
          {"group_min_questions", b.group_min_questions},
          {"questions", b.questions},
          {"origin", b.origin}};
}

content::Blueprint blueprintFromJson(const json& j) {
  content::Blueprint b;
  b.target_group = j.value("target_group", "");
  b.time_limit_minutes = j.value("time_limit_minutes", 0);
  b.pass_percent = j.value("pass_percent", 0);
  b.group_min_percent = j.value("group_min_percent", 0);
  b.group_min_questions = j.value("group_min_questions", 0);  // sessions stored before it: every group
  if (j.contains("questions") && j["questions"].is_object())
    b.questions = j["questions"].get<std::map<std::string, int>>();
  b.origin = j.value("origin", "");
  return b;
}

// ---- facilitators ----------------------------------------------------------------

Result<Facilitator> FacilitatorRepository::create(const std::string& name, const std::string& pin_hash) {
  return guardedSql("saving the facilitator failed", [&]() -> Result<Facilitator> {
    Facilitator f{uuid4(), name, nowIso8601(), true};
    auto enc = cipher_.encrypt(name, "facilitators.name");
    if (!enc) return tl::unexpected(enc.error());
    SQLite::Statement q(db_, "INSERT INTO facilitators(id, name_enc, pin_hash, created_at) VALUES (?, ?, ?, ?)");
    q.bind(1, f.id);
    q.bind(2, enc->data(), static_cast<int>(enc->size()));
    q.bind(3, pin_hash);
    q.bind(4, f.created_at);
    q.exec();
    return f;
  });
}

namespace {

Result<Facilitator> rowToFacilitator(SQLite::Statement& q, const FieldCipher& cipher) {
  Facilitator f;
  f.id = q.getColumn(0).getString();
  auto name = cipher.decrypt(detail::blobOf(q.getColumn(1)), "facilitators.name");
  if (!name) return tl::unexpected(name.error());
  f.name = *name;
  f.created_at = q.getColumn(2).getString();
  f.active = q.getColumn(3).isNull();
  return f;
}

}  // namespace

Result<Facilitator> FacilitatorRepository::find(const std::string& id) {
  return guardedSql("reading the facilitator failed", [&]() -> Result<Facilitator> {
    SQLite::Statement q(db_, "SELECT id, name_enc, created_at, disabled_at FROM facilitators WHERE id = ?");
    q.bind(1, id);
    if (!q.executeStep()) return fail(ErrorCode::NotFound, "no facilitator " + id);
    return rowToFacilitator(q, cipher_);
  });
}

Result<std::vector<Facilitator>> FacilitatorRepository::list() {
  return guardedSql("reading facilitators failed", [&]() -> Result<std::vector<Facilitator>> {
    SQLite::Statement q(db_,
                        "SELECT id, name_enc, created_at, disabled_at FROM facilitators WHERE disabled_at IS NULL "
                        "ORDER BY created_at, rowid");
    std::vector<Facilitator> out;
    while (q.executeStep()) {
      auto f = rowToFacilitator(q, cipher_);
      if (!f) return tl::unexpected(f.error());
      out.push_back(*f);
    }
    return out;
  });
}

Result<std::string> FacilitatorRepository::pinHash(const std::string& id) {
  return guardedSql("reading the facilitator failed", [&]() -> Result<std::string> {
    SQLite::Statement q(db_, "SELECT pin_hash FROM facilitators WHERE id = ? AND disabled_at IS NULL");
    q.bind(1, id);
    if (!q.executeStep()) return std::string();
    return q.getColumn(0).getString();
  });
}

// ---- exam sessions ----------------------------------------------------------------

Result<void> ExamRepository::create(const ExamSession& s) {
  return guardedSql("saving the exam session failed", [&]() -> Result<void> {
    json questions = json::array();
    for (const auto& q : s.questions) questions.push_back({{"id", q.id}, {"group", q.group}});
    SQLite::Statement q(db_,
                        "INSERT INTO exam_sessions(attempt_id, target_group, framework, framework_version, blueprint, "
                        "seed, questions, facilitator_id, identity_checked, time_limit_ms, elapsed_ms, extra_minutes) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    SQLite::bind(q, s.attempt_id, s.target_group, s.framework, s.framework_version,
                 blueprintToJson(s.blueprint).dump());
    q.bind(6, std::to_string(s.seed));  // text: SQLite integers are signed
    q.bind(7, questions.dump());
    q.bind(8, s.facilitator_id);
    q.bind(9, s.identity_checked ? 1 : 0);
    q.bind(10, static_cast<int64_t>(s.time_limit_ms));
    q.bind(11, static_cast<int64_t>(s.elapsed_ms));
    q.bind(12, s.extra_minutes);
    q.exec();
    return {};
  });
}

Result<ExamSession> ExamRepository::find(const std::string& attempt_id) {
  return guardedSql("reading the exam session failed", [&]() -> Result<ExamSession> {
    SQLite::Statement q(db_,
                        "SELECT attempt_id, target_group, framework, framework_version, blueprint, seed, questions, "
                        "facilitator_id, identity_checked, time_limit_ms, elapsed_ms, extra_minutes FROM exam_sessions "
                        "WHERE attempt_id = ?");
    q.bind(1, attempt_id);
    if (!q.executeStep()) return fail(ErrorCode::NotFound, "attempt " + attempt_id + " is not an exam");
    ExamSession s;
    s.attempt_id = q.getColumn(0).getString();
    s.target_group = q.getColumn(1).getString();
    s.framework = q.getColumn(2).getString();
    s.framework_version = q.getColumn(3).getString();
    s.blueprint = blueprintFromJson(json::parse(q.getColumn(4).getString(), nullptr, false));
    s.seed = std::stoull(q.getColumn(5).getString());
    auto questions = json::parse(q.getColumn(6).getString(), nullptr, false);
    if (questions.is_array())
      for (const auto& j : questions) s.questions.push_back({j.value("id", ""), j.value("group", "")});
    s.facilitator_id = q.getColumn(7).getString();
    s.identity_checked = q.getColumn(8).getInt() != 0;
    s.time_limit_ms = q.getColumn(9).getInt64();
    s.elapsed_ms = q.getColumn(10).getInt64();
    s.extra_minutes = q.getColumn(11).getInt();
    return s;
  });
}

Result<long long> ExamRepository::addElapsed(const std::string& attempt_id, long long delta_ms) {
  return guardedSql("saving the exam time failed", [&]() -> Result<long long> {
    SQLite::Statement q(db_,
                        "UPDATE exam_sessions SET elapsed_ms = MIN(time_limit_ms, elapsed_ms + ?) WHERE attempt_id = ? "
                        "RETURNING elapsed_ms");
    q.bind(1, static_cast<int64_t>(std::max(0LL, delta_ms)));
    q.bind(2, attempt_id);
    if (!q.executeStep()) return fail(ErrorCode::NotFound, "attempt " + attempt_id + " is not an exam");
    return static_cast<long long>(q.getColumn(0).getInt64());
  });
}

Result<void> ExamRepository::setFlag(const std::string& attempt_id, const std::string& question_id, bool flagged) {
  return guardedSql("saving the review flag failed", [&]() -> Result<void> {
    SQLite::Statement q(db_, flagged ? "INSERT OR IGNORE INTO exam_flags(attempt_id, question_id) VALUES (?, ?)"
                                     : "DELETE FROM exam_flags WHERE attempt_id = ? AND question_id = ?");
    q.bind(1, attempt_id);
    q.bind(2, question_id);
    q.exec();
    return {};
  });
}

Result<std::set<std::string>> ExamRepository::flags(const std::string& attempt_id) {
  return guardedSql("reading review flags failed", [&]() -> Result<std::set<std::string>> {
    SQLite::Statement q(db_, "SELECT question_id FROM exam_flags WHERE attempt_id = ?");
    q.bind(1, attempt_id);
    std::set<std::string> out;
    while (q.executeStep()) out.insert(q.getColumn(0).getString());
    return out;
  });
}

Result<std::set<std::string>> ExamRepository::previousQuestions(const std::string& learner_id, const std::string& except) {
  return guardedSql("reading the previous exam failed", [&]() -> Result<std::set<std::string>> {
    SQLite::Statement q(db_,
                        std::string("SELECT question_ids FROM attempts WHERE ") + kLearnerScope + " AND kind = 'exam' AND id <> ? "
                        "ORDER BY started_at DESC, rowid DESC LIMIT 1");
    q.bind(1, learner_id);
    q.bind(2, except);
    std::set<std::string> out;
    if (q.executeStep()) {
      auto ids = json::parse(q.getColumn(0).getString(), nullptr, false);
      if (ids.is_array())
        for (const auto& id : ids)
          if (id.is_string()) out.insert(id.get<std::string>());
    }
    return out;
  });
}

Result<std::optional<std::string>> ExamRepository::unfinished(const std::string& learner_id) {
  return guardedSql("reading exams failed", [&]() -> Result<std::optional<std::string>> {
    SQLite::Statement q(db_,
                        std::string("SELECT id FROM attempts WHERE ") + kLearnerScope + " AND kind = 'exam' AND finished_at IS NULL "
                        "ORDER BY started_at DESC LIMIT 1");
    q.bind(1, learner_id);
    return firstValue<std::string>(q);
  });
}

Result<std::vector<UnfinishedExam>> ExamRepository::unfinishedExams() {
  return guardedSql("reading the exams under way failed", [&]() -> Result<std::vector<UnfinishedExam>> {
    SQLite::Statement q(db_,
                        "SELECT a.id, a.learner_id, a.started_at, s.facilitator_id, s.time_limit_ms, s.elapsed_ms, "
                        "(SELECT COUNT(*) FROM answers WHERE attempt_id = a.id), json_array_length(a.question_ids) "
                        "FROM attempts a JOIN exam_sessions s ON s.attempt_id = a.id "
                        "WHERE a.kind = 'exam' AND a.finished_at IS NULL ORDER BY a.started_at, a.id");
    std::vector<UnfinishedExam> out;
    while (q.executeStep())
      out.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(3).getString(),
                     q.getColumn(2).getString(), q.getColumn(4).getInt64(), q.getColumn(5).getInt64(),
                     q.getColumn(6).getInt(), q.getColumn(7).getInt()});
    return out;
  });
}

}  // namespace hocso::assessment
