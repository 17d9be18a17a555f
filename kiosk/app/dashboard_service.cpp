// The dashboard read model: figures from assessment's report and report
// queries (assessment/report_queries.hpp), arranged for facilitator mode.
// Weeks run Monday to Sunday in the kiosk's local time (the process time
// zone, like localtime_r and SQLite's 'localtime').
#include "dashboard_service.hpp"

#include <ctime>
#include <map>

#include "assessment/exam.hpp"
#include "assessment/report.hpp"
#include "assessment/report_queries.hpp"
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

}  // namespace

std::string DashboardService::startOfToday() const { return isoUtc(localMidnight(now_ms_())); }

Result<Dashboard> DashboardService::dashboard(int weeks) {
  auto report = assessment::buildReport(*ctx_.db, ctx_.pack, {});
  if (!report) return tl::unexpected(report.error());
  Dashboard d;
  d.by_kiosk.push_back({"", report->learners_registered, report->lessons_completed, report->exams_taken,
                        report->exams_passed, report->certificates});
  if (auto peers = assessment::figuresOfOtherKiosks(*ctx_.db); !peers) return tl::unexpected(peers.error());
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
  auto rates = assessment::examsBySkillGroup(*ctx_.db);
  if (!rates) return tl::unexpected(rates.error());
  for (const auto& g : fw.groups) {
    const auto it = rates->find(g.code);
    const assessment::SkillGroupExams r = it == rates->end() ? assessment::SkillGroupExams{} : it->second;
    d.skill_groups.push_back({g.code, g.title, r.exams, r.passed});
  }
  // Every week shown, those with nothing done included.
  std::map<std::string, WeekTrend> byWeek;
  for (int i = weeks - 1; i >= 0; --i) {
    const std::string monday = mondayOf(now_ms_(), i);
    byWeek[monday].week_start = monday;
  }
  if (!byWeek.empty()) {
    auto done = assessment::weeklyActivity(*ctx_.db, byWeek.begin()->first);
    if (!done) return tl::unexpected(done.error());
    for (const auto& [monday, w] : *done)
      if (auto it = byWeek.find(monday); it != byWeek.end()) it->second = w;
  }
  for (auto& [monday, w] : byWeek) d.weeks.push_back(w);
  return d;
}

namespace {

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
  auto activity = assessment::activitySince(*ctx_.db, since);
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
    t.lessons_passed = activity->passed_lessons[id];
    t.lessons_total = static_cast<int>(ctx_.pack.lessons.size());
    auto p = progress.progress(id);
    if (!p) return tl::unexpected(p.error());
    t.mastered = p->mastered;
    t.competencies = p->total;
    auto open = exams.unfinished(id);
    if (!open) return tl::unexpected(open.error());
    t.exam_in_progress = *open;
    if (auto it = activity->exam_since.find(id); it != activity->exam_since.end()) t.exam_passed_today = it->second;
    t.last_activity = at;
    t.last_kiosk = kiosk;
    if (ctx_.site_cipher && !t.exam_in_progress) {
      auto elsewhere = examOnAnotherKiosk(ctx_, id);
      if (!elsewhere) return tl::unexpected(elsewhere.error());
      t.exam_elsewhere = *elsewhere;
    }
    t.started = activity->started[id] || t.lessons_passed > 0;
    t.ever_passed = activity->ever_passed[id];
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
