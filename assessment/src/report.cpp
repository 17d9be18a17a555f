// Report aggregates: a handful of GROUP BY queries over kiosk.db, assembled
// into JSON (stable field names, documented in assessment/README.md) or CSV.
#include "assessment/report.hpp"

#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <sstream>

#include "assessment/report_queries.hpp"
#include "sql_util.hpp"

namespace hocso::assessment {

using nlohmann::json;

bool isValidDate(const std::string& ymd) {
  int y = 0, m = 0, d = 0;
  char tail = 0;
  if (ymd.size() != 10 || std::sscanf(ymd.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3) return false;
  if (m < 1 || m > 12 || d < 1) return false;
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= days[m - 1] + (m == 2 && leap ? 1 : 0);
}

namespace {

// The first instant after day `ymd` (UTC), as an ISO prefix that sorts right.
std::string dayAfter(const std::string& ymd) {
  std::tm tm{};
  std::sscanf(ymd.c_str(), "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday);
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  tm.tm_mday += 1;
  const std::time_t t = timegm(&tm);
  std::tm out{};
  gmtime_r(&t, &out);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &out);
  return buf;
}

std::string quarterOf(const std::string& column) {
  return "substr(" + column + ", 1, 4) || '-Q' || ((CAST(substr(" + column + ", 6, 2) AS INTEGER) + 2) / 3)";
}

double ratio(long long a, long long b) { return b > 0 ? static_cast<double>(a) / static_cast<double>(b) : 0.0; }

// Statements over kiosk.db with the report's range bound as ?1 (from) and ?2 (before).
struct RangeQuery {
  SQLite::Database& db;
  std::string lo, hi;

  std::unique_ptr<SQLite::Statement> operator()(const std::string& sql) const {
    auto q = std::make_unique<SQLite::Statement>(db, sql);
    q->bind(1, lo);
    q->bind(2, hi);
    return q;
  }
};

void countRegistered(const RangeQuery& stmt, Report& r) {
  // A person registered twice counts once: where the registration kept was made.
  auto q = stmt("SELECT target_group, COUNT(*) FROM learners WHERE origin_kiosk IS NULL "
                "AND id NOT IN (SELECT from_id FROM learner_merges) AND created_at >= ?1 AND created_at < ?2 GROUP BY 1");
  while (q->executeStep()) {
    r.by_target_group[q->getColumn(0).getString()].registered = q->getColumn(1).getInt64();
    r.learners_registered += q->getColumn(1).getInt64();
  }
}

void countPractice(const RangeQuery& stmt, Report& r) {
  auto q = stmt(
      "SELECT l.target_group, COUNT(*), COUNT(DISTINCT r.learner_id) FROM results r "
      "JOIN attempts a ON a.id = r.attempt_id JOIN learners l ON l.id = r.learner_id "
      "WHERE a.kind = 'practice' AND r.origin_kiosk IS NULL AND r.completed_at >= ?1 AND r.completed_at < ?2 "
      "GROUP BY 1");
  while (q->executeStep()) {
    r.practice_completed += q->getColumn(1).getInt64();
    r.by_target_group[q->getColumn(0).getString()].trained = q->getColumn(2).getInt64();
  }
}

// Lessons completed on this kiosk (the one definition, report_queries.hpp).
Result<void> countLessons(const RangeQuery& stmt, Report& r) {
  auto n = countLessonsCompleted(stmt.db, {.this_kiosk_only = true, .from = stmt.lo, .before = stmt.hi});
  if (!n) return tl::unexpected(n.error());
  r.lessons_completed = n->empty() ? 0 : n->begin()->second;
  return {};
}

void countExams(const RangeQuery& stmt, Report& r) {
  auto q = stmt(
      "SELECT s.target_group, COUNT(*), SUM(r.passed), COUNT(DISTINCT CASE WHEN r.passed THEN r.learner_id END) "
      "FROM results r JOIN exam_sessions s ON s.attempt_id = r.attempt_id "
      "WHERE r.completed_at >= ?1 AND r.completed_at < ?2 GROUP BY 1");
  while (q->executeStep()) {
    auto& g = r.by_target_group[q->getColumn(0).getString()];
    g.exams_taken = q->getColumn(1).getInt64();
    g.exams_passed = q->getColumn(2).getInt64();
    g.certified = q->getColumn(3).getInt64();
    r.exams_taken += g.exams_taken;
    r.exams_passed += g.exams_passed;
  }
}

void countCertificates(const RangeQuery& stmt, Report& r) {
  auto q = stmt("SELECT COUNT(*) FROM certificates WHERE origin_kiosk IS NULL AND issued_at >= ?1 AND issued_at < ?2");
  if (q->executeStep()) r.certificates = q->getColumn(0).getInt64();
}

// Skill groups: every answer in the range, mapped through the pack, and the
// exams' per-group scores.
void countSkillGroups(const RangeQuery& stmt, const content::Pack& pack, Report& r) {
  std::map<std::string, std::string> groupOf;
  for (const auto& q : pack.questions) groupOf[q.id] = q.group();
  for (const auto& g : pack.framework.groups) r.by_skill_group[g.code].title = g.title;
  auto answers = stmt(
      "SELECT question_id, COUNT(*), SUM(correct), SUM(score) FROM answers "
      "WHERE answered_at >= ?1 AND answered_at < ?2 "
      "AND attempt_id IN (SELECT id FROM attempts WHERE origin_kiosk IS NULL) GROUP BY question_id");
  while (answers->executeStep()) {
    auto it = groupOf.find(answers->getColumn(0).getString());
    const std::string group = it == groupOf.end() ? "unknown" : it->second;
    auto& g = r.by_skill_group[group];
    g.answers += answers->getColumn(1).getInt64();
    g.correct += answers->getColumn(2).getInt64();
    g.score += answers->getColumn(3).getDouble();
  }
  auto exams = stmt(
      "SELECT g.key, SUM(json_extract(g.value, '$.score')), SUM(json_extract(g.value, '$.max')) "
      "FROM results r, json_each(r.details, '$.groups') g "
      "WHERE r.details IS NOT NULL AND r.origin_kiosk IS NULL AND r.completed_at >= ?1 AND r.completed_at < ?2 "
      "GROUP BY g.key");
  while (exams->executeStep()) {
    auto& g = r.by_skill_group[exams->getColumn(0).getString()];
    g.exam_score = exams->getColumn(1).getDouble();
    g.exam_max = exams->getColumn(2).getDouble();
  }
}

// Mentors: mentees all time; trained and certified within the range.
void countMentors(const RangeQuery& stmt, Report& r) {
  std::map<std::string, MentorCounts> mentors;
  SQLite::Statement all(stmt.db, "SELECT mentor_id, COUNT(*) FROM learners WHERE mentor_id IS NOT NULL AND origin_kiosk IS NULL GROUP BY 1");
  while (all.executeStep()) {
    auto& m = mentors[all.getColumn(0).getString()];
    m.mentor_id = all.getColumn(0).getString();
    m.mentees = all.getColumn(1).getInt64();
  }
  auto trained = stmt(
      "SELECT l.mentor_id, COUNT(DISTINCT r.learner_id) FROM learners l JOIN results r ON r.learner_id = l.id "
      "JOIN attempts a ON a.id = r.attempt_id WHERE l.mentor_id IS NOT NULL AND a.kind = 'practice' "
      "AND r.origin_kiosk IS NULL "
      "AND r.completed_at >= ?1 AND r.completed_at < ?2 GROUP BY 1");
  while (trained->executeStep()) mentors[trained->getColumn(0).getString()].mentees_trained = trained->getColumn(1).getInt64();
  auto certified = stmt(
      "SELECT l.mentor_id, COUNT(DISTINCT r.learner_id) FROM learners l JOIN results r ON r.learner_id = l.id "
      "JOIN exam_sessions s ON s.attempt_id = r.attempt_id WHERE l.mentor_id IS NOT NULL AND r.passed = 1 "
      "AND r.completed_at >= ?1 AND r.completed_at < ?2 GROUP BY 1");
  while (certified->executeStep())
    mentors[certified->getColumn(0).getString()].mentees_certified = certified->getColumn(1).getInt64();
  for (auto& [id, m] : mentors) r.mentors.push_back(m);
  std::stable_sort(r.mentors.begin(), r.mentors.end(), [](const MentorCounts& a, const MentorCounts& b) {
    return a.mentees != b.mentees ? a.mentees > b.mentees : a.mentor_id < b.mentor_id;
  });
}

// Quarterly: registered, trained, certified per target group.
void countQuarterly(const RangeQuery& stmt, Report& r) {
  auto q = stmt("SELECT " + quarterOf("created_at") +
                ", target_group, COUNT(*) FROM learners WHERE origin_kiosk IS NULL "
                "AND id NOT IN (SELECT from_id FROM learner_merges) AND created_at >= ?1 AND created_at < ?2 GROUP BY 1, 2");
  while (q->executeStep()) r.quarterly[q->getColumn(0).getString()][q->getColumn(1).getString()].registered = q->getColumn(2).getInt64();
  auto t = stmt("SELECT " + quarterOf("r.completed_at") +
                ", l.target_group, COUNT(DISTINCT r.learner_id) FROM results r JOIN attempts a ON a.id = r.attempt_id "
                "JOIN learners l ON l.id = r.learner_id WHERE a.kind = 'practice' AND r.origin_kiosk IS NULL "
                "AND r.completed_at >= ?1 "
                "AND r.completed_at < ?2 GROUP BY 1, 2");
  while (t->executeStep()) r.quarterly[t->getColumn(0).getString()][t->getColumn(1).getString()].trained = t->getColumn(2).getInt64();
  auto c = stmt("SELECT " + quarterOf("r.completed_at") +
                ", s.target_group, COUNT(*), SUM(r.passed), COUNT(DISTINCT CASE WHEN r.passed THEN r.learner_id END) "
                "FROM results r JOIN exam_sessions s ON s.attempt_id = r.attempt_id "
                "WHERE r.completed_at >= ?1 AND r.completed_at < ?2 GROUP BY 1, 2");
  while (c->executeStep()) {
    auto& g = r.quarterly[c->getColumn(0).getString()][c->getColumn(1).getString()];
    g.exams_taken = c->getColumn(2).getInt64();
    g.exams_passed = c->getColumn(3).getInt64();
    g.certified = c->getColumn(4).getInt64();
  }
}

}  // namespace

Result<Report> buildReport(SQLite::Database& db, const content::Pack& pack, const ReportRange& range) {
  return guardedSql("building the report failed", [&]() -> Result<Report> {
    Report r;
    r.range = range;
    const RangeQuery stmt{db, range.from, range.to.empty() ? "9999" : dayAfter(range.to)};
    for (const auto& tg : pack.framework.target_groups) r.by_target_group[tg.code];
    countRegistered(stmt, r);
    countPractice(stmt, r);
    if (auto ok = countLessons(stmt, r); !ok) return tl::unexpected(ok.error());
    countExams(stmt, r);
    countCertificates(stmt, r);
    countSkillGroups(stmt, pack, r);
    countMentors(stmt, r);
    countQuarterly(stmt, r);
    return r;
  });
}

json Report::toJson() const {
  json tg = json::object();
  for (const auto& [code, g] : by_target_group)
    tg[code] = {{"learners_registered", g.registered}, {"trained", g.trained},      {"exams_taken", g.exams_taken},
                {"exams_passed", g.exams_passed},      {"certified", g.certified}, {"pass_rate", ratio(g.exams_passed, g.exams_taken)}};
  json sg = json::object();
  for (const auto& [code, g] : by_skill_group)
    sg[code] = {{"title", g.title},
                {"answers", g.answers},
                {"correct", g.correct},
                {"accuracy", g.answers ? g.score / static_cast<double>(g.answers) : 0.0},
                {"exam_percent", g.exam_max > 0 ? 100.0 * g.exam_score / g.exam_max : 0.0}};
  json ms = json::array();
  long long mentees = 0, meeting = 0;
  for (const auto& m : mentors) {
    ms.push_back({{"mentor_id", m.mentor_id},
                  {"mentees", m.mentees},
                  {"mentees_trained", m.mentees_trained},
                  {"mentees_certified", m.mentees_certified},
                  {"meets_target", m.mentees >= mentee_target}});
    mentees += m.mentees;
    meeting += m.mentees >= mentee_target;
  }
  json quarters = json::array();
  for (const auto& [quarter, groups] : quarterly) {
    json byGroup = json::object();
    for (const auto& [code, g] : groups)
      byGroup[code] = {{"learners_registered", g.registered}, {"trained", g.trained}, {"exams_taken", g.exams_taken},
                       {"certified", g.certified}};
    quarters.push_back({{"quarter", quarter}, {"by_target_group", byGroup}});
  }
  return {{"from", range.from.empty() ? json(nullptr) : json(range.from)},
          {"to", range.to.empty() ? json(nullptr) : json(range.to)},
          {"learners_registered", learners_registered},
          {"lessons_completed", lessons_completed},
          {"practice_completed", practice_completed},
          {"exams_taken", exams_taken},
          {"exams_passed", exams_passed},
          {"pass_rate", ratio(exams_passed, exams_taken)},
          {"certificates_issued", certificates},
          {"by_target_group", tg},
          {"by_skill_group", sg},
          {"mentors", ms},
          {"mentor_summary",
           {{"mentors", mentors.size()}, {"mentees", mentees}, {"target_mentees_per_mentor", mentee_target},
            {"mentors_meeting_target", meeting}}},
          {"quarterly", quarters}};
}

std::string Report::toCsv() const {
  std::ostringstream out;
  out << "section,key,metric,value\n";
  auto row = [&](const std::string& section, const std::string& key, const std::string& metric, const json& v) {
    out << section << "," << key << "," << metric << "," << v.dump() << "\n";
  };
  const json j = toJson();
  for (const char* m : {"learners_registered", "lessons_completed", "practice_completed", "exams_taken", "exams_passed",
                        "pass_rate", "certificates_issued"})
    row("summary", "", m, j[m]);
  for (const auto& [code, g] : j["by_target_group"].items())
    for (const auto& [metric, v] : g.items()) row("target_group", code, metric, v);
  for (const auto& [code, g] : j["by_skill_group"].items())
    for (const auto& [metric, v] : g.items())
      if (metric != "title") row("skill_group", code, metric, v);
  for (const auto& q : j["quarterly"])
    for (const auto& [code, g] : q["by_target_group"].items())
      for (const auto& [metric, v] : g.items()) row("quarter", q["quarter"].get<std::string>() + "/" + code, metric, v);
  for (const auto& m : j["mentors"])
    for (const char* metric : {"mentees", "mentees_trained", "mentees_certified", "meets_target"})
      row("mentor", m["mentor_id"].get<std::string>(), metric, m[metric]);
  return out.str();
}

}  // namespace hocso::assessment
