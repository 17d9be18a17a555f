// Dashboard queries. Weeks run Monday to Sunday in the kiosk's local time:
// SQLite's date(ts, 'localtime', 'weekday 0', '-6 days') is the Monday of
// the week that holds ts (the process time zone, like localtime_r).
#include "dashboard_service.hpp"

#include <SQLiteCpp/Statement.h>

#include <ctime>
#include <map>

#include "assessment/exam.hpp"
#include "base/transaction.hpp"
#include "assessment/report.hpp"
#include "name_search.hpp"
#include "progress_service.hpp"
#include "site_service.hpp"

#include <algorithm>

namespace hocso::app {

namespace {

std::string isoUtc(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S.000Z", &tm);
  return buf;
}

std::time_t localMidnight(long long now_ms) {
  const std::time_t now = static_cast<std::time_t>(now_ms / 1000);
  std::tm tm{};
  localtime_r(&now, &tm);
  tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
  tm.tm_isdst = -1;
  return std::mktime(&tm);
}

// The Monday of the local week `weeks_back` weeks before the one holding now.
std::string mondayOf(long long now_ms, int weeks_back) {
  const std::time_t now = static_cast<std::time_t>(now_ms / 1000);
  std::tm tm{};
  localtime_r(&now, &tm);
  const int sinceMonday = (tm.tm_wday + 6) % 7;
  tm.tm_mday -= sinceMonday + 7 * weeks_back;
  tm.tm_hour = 12;  // noon: safe across daylight-saving changes
  tm.tm_min = tm.tm_sec = 0;
  tm.tm_isdst = -1;
  const std::time_t t = std::mktime(&tm);
  std::tm out{};
  localtime_r(&t, &out);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &out);
  return buf;
}

constexpr const char* kWeekOf = "date(%s, 'localtime', 'weekday 0', '-6 days')";

std::string weekOf(const std::string& column) {
  char buf[128];
  std::snprintf(buf, sizeof buf, kWeekOf, column.c_str());
  return buf;
}

}  // namespace

std::string DashboardService::startOfToday() const { return isoUtc(localMidnight(now_ms_())); }

// What the other kiosks of the site did, by kiosk (the same measures as the
// report counts for this kiosk: a person merged away is not a registration).
Result<std::vector<KioskFigures>> DashboardService::peerFigures() {
  return guardedSql("reading the other kiosks' figures failed", [&]() -> Result<std::vector<KioskFigures>> {
    std::map<std::string, KioskFigures> by;
    auto add = [&](const std::string& sql, auto apply) {
      SQLite::Statement q(*ctx_.db, sql);
      while (q.executeStep()) {
        auto& k = by[q.getColumn(0).getString()];
        k.kiosk = q.getColumn(0).getString();
        apply(k, q);
      }
    };
    add("SELECT origin_kiosk, COUNT(*) FROM learners WHERE origin_kiosk IS NOT NULL "
        "AND id NOT IN (SELECT from_id FROM learner_merges) GROUP BY 1",
        [](KioskFigures& k, SQLite::Statement& q) { k.learners = q.getColumn(1).getInt64(); });
    // With MIN(), SQLite takes origin_kiosk from the row of the first completion.
    add("SELECT o, COUNT(*) FROM (SELECT origin_kiosk AS o, MIN(completed_at) FROM lesson_views "
        "WHERE completed_at IS NOT NULL GROUP BY learner_id, pack_id, lesson_id) WHERE o IS NOT NULL GROUP BY 1",
        [](KioskFigures& k, SQLite::Statement& q) { k.lessons_completed = q.getColumn(1).getInt64(); });
    add("SELECT r.origin_kiosk, COUNT(*), SUM(r.passed) FROM results r JOIN attempts a ON a.id = r.attempt_id "
        "WHERE a.kind = 'exam' AND r.origin_kiosk IS NOT NULL GROUP BY 1",
        [](KioskFigures& k, SQLite::Statement& q) {
          k.exams_taken = q.getColumn(1).getInt64();
          k.exams_passed = q.getColumn(2).getInt64();
        });
    add("SELECT origin_kiosk, COUNT(*) FROM certificates WHERE origin_kiosk IS NOT NULL GROUP BY 1",
        [](KioskFigures& k, SQLite::Statement& q) { k.certificates = q.getColumn(1).getInt64(); });
    std::vector<KioskFigures> out;
    for (auto& [id, k] : by) out.push_back(std::move(k));
    return out;
  });
}

Result<Dashboard> DashboardService::dashboard(int weeks) {
  auto report = assessment::buildReport(*ctx_.db, ctx_.pack, {});
  if (!report) return tl::unexpected(report.error());
  Dashboard d;
  d.by_kiosk.push_back({"", report->learners_registered, report->lessons_completed, report->exams_taken,
                        report->exams_passed, report->certificates});
  if (auto peers = peerFigures(); !peers) return tl::unexpected(peers.error());
  else d.by_kiosk.insert(d.by_kiosk.end(), peers->begin(), peers->end());
  for (const auto& k : d.by_kiosk) {
    d.learners += k.learners;
    d.lessons_completed += k.lessons_completed;
    d.exams_taken += k.exams_taken;
    d.exams_passed += k.exams_passed;
    d.certificates += k.certificates;
  }
  const auto& fw = ctx_.pack.framework;
  for (const auto& tg : fw.target_groups) {
    auto it = report->by_target_group.find(tg.code);
    d.target_groups.push_back({tg.code, tg.title, it == report->by_target_group.end() ? 0 : it->second.registered});
  }
  for (const auto& [code, g] : report->by_target_group) {
    bool known = false;
    for (const auto& tg : fw.target_groups) known |= tg.code == code;
    if (!known && g.registered > 0) d.target_groups.push_back({code, code, g.registered});
  }
  try {
    std::map<std::string, SkillGroupPassRate> rates;
    SQLite::Statement q(*ctx_.db,
                        "SELECT g.key, COUNT(*), SUM(CASE WHEN json_extract(g.value, '$.passed') THEN 1 ELSE 0 END) "
                        "FROM results r JOIN attempts a ON a.id = r.attempt_id, json_each(r.details, '$.groups') g "
                        "WHERE a.kind = 'exam' AND r.details IS NOT NULL AND json_extract(g.value, '$.max') > 0 "
                        "GROUP BY g.key");
    while (q.executeStep()) {
      auto& r = rates[q.getColumn(0).getString()];
      r.exams = q.getColumn(1).getInt64();
      r.passed = q.getColumn(2).getInt64();
    }
    for (const auto& g : fw.groups) {
      SkillGroupPassRate r = rates[g.code];
      r.code = g.code;
      r.title = g.title;
      d.skill_groups.push_back(r);
    }

    std::map<std::string, WeekTrend> byWeek;
    for (int i = weeks - 1; i >= 0; --i) {
      const std::string monday = mondayOf(now_ms_(), i);
      byWeek[monday].week_start = monday;
    }
    const std::string first = byWeek.empty() ? "" : byWeek.begin()->first;
    auto count = [&](const std::string& sql, auto apply) {
      SQLite::Statement s(*ctx_.db, sql);
      s.bind(1, first);
      while (s.executeStep()) {
        auto it = byWeek.find(s.getColumn(0).getString());
        if (it != byWeek.end()) apply(it->second, s);
      }
    };
    count("SELECT " + weekOf("created_at") + " AS w, COUNT(*) FROM learners GROUP BY w HAVING w >= ?1",
          [](WeekTrend& w, SQLite::Statement& s) { w.new_learners = s.getColumn(1).getInt64(); });
    // Lessons read to the end, each learner once per lesson (as the report).
    count("SELECT " + weekOf("first") +
              " AS w, COUNT(*) FROM (SELECT MIN(completed_at) AS first FROM lesson_views WHERE completed_at IS NOT NULL "
              "GROUP BY learner_id, pack_id, lesson_id) GROUP BY w HAVING w >= ?1",
          [](WeekTrend& w, SQLite::Statement& s) { w.lessons_completed = s.getColumn(1).getInt64(); });
    count("SELECT " + weekOf("r.completed_at") +
              " AS w, COUNT(*), SUM(r.passed) FROM results r JOIN attempts a ON a.id = r.attempt_id "
              "WHERE a.kind = 'exam' GROUP BY w HAVING w >= ?1",
          [](WeekTrend& w, SQLite::Statement& s) {
            w.exams_taken = s.getColumn(1).getInt64();
            w.exams_passed = s.getColumn(2).getInt64();
          });
    for (auto& [monday, w] : byWeek) d.weeks.push_back(w);
  } catch (const SQLite::Exception& e) {
    return fail(ErrorCode::Database, std::string("reading the dashboard failed: ") + e.what());
  }
  return d;
}

namespace {

// Who was seen today, and what each has done so far (one read per learner).
struct TodayActivity {
  struct Seen {
    std::string id, at, kiosk;  // learner, last activity, its kiosk ("" here)
  };
  std::vector<Seen> seen;
  std::map<std::string, int> passedLessons;
  std::map<std::string, bool> examToday, started, everPassed;
};

Result<TodayActivity> readTodayActivity(SQLite::Database& db, const std::string& since) {
  TodayActivity a;
  try {
    SQLite::Statement q(db,
                        // With MAX(), SQLite takes the bare column ev.k from the newest row.
                        // A learner merged into another counts as the one kept (learner_merge.hpp).
                        "SELECT l.id, MAX(ev.t), IFNULL(ev.k, '') FROM learners l "
                        "JOIN learner_group g ON g.root = l.id JOIN ("
                        "  SELECT id AS lid, created_at AS t, origin_kiosk AS k FROM learners"
                        "  UNION ALL SELECT learner_id, started_at, origin_kiosk FROM attempts"
                        "  UNION ALL SELECT learner_id, completed_at, origin_kiosk FROM results) ev ON ev.lid = g.id "
                        "WHERE ev.t >= ?1 AND l.erased_at IS NULL AND l.id NOT IN (SELECT from_id FROM learner_merges) "
                        "GROUP BY l.id ORDER BY 2 DESC, 1");
    q.bind(1, since);
    while (q.executeStep())
      a.seen.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString()});
    SQLite::Statement lessons(db,
                              "SELECT COUNT(DISTINCT a.lesson_id) FROM results r JOIN attempts a ON a.id = r.attempt_id "
                              "WHERE r.learner_id IN (SELECT id FROM learner_group WHERE root = ?) AND a.kind = 'practice' AND r.passed = 1");
    SQLite::Statement exam(db,
                           "SELECT r.passed FROM results r JOIN attempts a ON a.id = r.attempt_id "
                           "WHERE r.learner_id IN (SELECT id FROM learner_group WHERE root = ?) AND a.kind = 'exam' AND r.completed_at >= ? "
                           "ORDER BY r.completed_at DESC LIMIT 1");
    SQLite::Statement activity(db,
                               "SELECT EXISTS (SELECT 1 FROM attempts WHERE learner_id IN (SELECT id FROM learner_group WHERE root = ?1) AND kind = 'practice') "
                               "OR EXISTS (SELECT 1 FROM lesson_views WHERE learner_id IN (SELECT id FROM learner_group WHERE root = ?1)), "
                               "EXISTS (SELECT 1 FROM results r JOIN attempts a ON a.id = r.attempt_id "
                               "WHERE r.learner_id IN (SELECT id FROM learner_group WHERE root = ?1) AND a.kind = 'exam' AND r.passed = 1)");
    for (const auto& [id, at, kiosk] : a.seen) {
      activity.bind(1, id);
      if (activity.executeStep()) {
        a.started[id] = activity.getColumn(0).getInt() != 0;
        a.everPassed[id] = activity.getColumn(1).getInt() != 0;
      }
      activity.reset();
      lessons.bind(1, id);
      if (lessons.executeStep()) a.passedLessons[id] = lessons.getColumn(0).getInt();
      lessons.reset();
      exam.bind(1, id);
      exam.bind(2, since);
      if (exam.executeStep()) a.examToday[id] = exam.getColumn(0).getInt() != 0;
      exam.reset();
    }
  } catch (const SQLite::Exception& e) {
    return fail(ErrorCode::Database, std::string("reading today's learners failed: ") + e.what());
  }
  return a;
}

TodayStatus statusOf(const TodayLearner& t) {
  if (t.ever_passed) return TodayStatus::Passed;
  if ((t.competencies > 0 && t.mastered >= t.competencies) || (t.lessons_total > 0 && t.lessons_passed >= t.lessons_total))
    return TodayStatus::ReadyForExam;
  if (t.started) return TodayStatus::Learning;
  return TodayStatus::NotStarted;
}

}  // namespace

Result<std::vector<TodayLearner>> DashboardService::today() {
  const std::string since = startOfToday();
  auto activity = readTodayActivity(*ctx_.db, since);
  if (!activity) return tl::unexpected(activity.error());
  std::vector<TodayLearner> out;
  assessment::LearnerRepository learners(*ctx_.db, ctx_.cipher);
  assessment::ExamRepository exams(*ctx_.db);
  ProgressService progress(ctx_);
  for (const auto& [id, at, kiosk] : activity->seen) {
    auto l = learners.find(id);
    if (!l) return tl::unexpected(l.error());
    TodayLearner t;
    t.learner = *l;
    t.target_group_title = l->target_group;
    for (const auto& tg : ctx_.pack.framework.target_groups)
      if (tg.code == l->target_group) t.target_group_title = tg.title;
    t.lessons_passed = activity->passedLessons[id];
    t.lessons_total = static_cast<int>(ctx_.pack.lessons.size());
    auto p = progress.progress(id);
    if (!p) return tl::unexpected(p.error());
    t.mastered = p->mastered;
    t.competencies = p->total;
    auto open = exams.unfinished(id);
    if (!open) return tl::unexpected(open.error());
    t.exam_in_progress = *open;
    if (auto it = activity->examToday.find(id); it != activity->examToday.end()) t.exam_passed_today = it->second;
    t.last_activity = at;
    t.last_kiosk = kiosk;
    if (ctx_.site_cipher && !t.exam_in_progress) {
      auto elsewhere = examOnAnotherKiosk(ctx_, id);
      if (!elsewhere) return tl::unexpected(elsewhere.error());
      t.exam_elsewhere = *elsewhere;
    }
    t.started = activity->started[id] || t.lessons_passed > 0;
    t.ever_passed = activity->everPassed[id];
    t.status = statusOf(t);
    out.push_back(std::move(t));
  }
  return out;
}

bool canStartExam(const TodayLearner& t) {
  return !t.exam_in_progress && !t.exam_elsewhere && t.exam_passed_today != std::optional<bool>(true) && !t.ever_passed;
}

std::vector<TodayLearner> filterToday(const std::vector<TodayLearner>& all, const TodayFilter& filter) {
  std::vector<TodayLearner> out;
  for (const auto& t : all) {
    if (filter.status && t.status != *filter.status) continue;
    if (!nameMatches(t.learner.full_name, t.learner.birth_year, filter.name)) continue;
    out.push_back(t);
  }
  if (filter.sort == TodaySort::Name) {
    std::stable_sort(out.begin(), out.end(), [](const TodayLearner& a, const TodayLearner& b) {
      return assessment::foldName(a.learner.full_name) < assessment::foldName(b.learner.full_name);
    });
  } else if (filter.sort == TodaySort::Progress) {
    std::stable_sort(out.begin(), out.end(), [](const TodayLearner& a, const TodayLearner& b) {
      if (a.lessons_passed != b.lessons_passed) return a.lessons_passed > b.lessons_passed;
      return a.mastered > b.mastered;
    });
  }
  // The whole name typed: that learner first, whatever the order.
  const std::string exact = assessment::foldName(filter.name);
  if (!exact.empty())
    std::stable_partition(out.begin(), out.end(),
                          [&](const TodayLearner& t) { return assessment::foldName(t.learner.full_name) == exact; });
  return out;
}

Result<sync::SyncStatus> DashboardService::syncStatus() { return sync::readSyncStatus(*ctx_.db, ctx_.config, ctx_.config); }

}  // namespace hocso::app
