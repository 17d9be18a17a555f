// The one "lessons completed" count (assessment/report_queries.hpp): the
// report, the dashboard's kiosks and its weeks all read it, and agree.
#include <SQLiteCpp/Database.h>

#include "assessment/learner_merge.hpp"
#include "assessment/learner_summary.hpp"
#include "assessment/report.hpp"
#include "assessment/report_queries.hpp"
#include "dashboard_service.hpp"
#include "test_support.hpp"

namespace hocso {
namespace {

constexpr long long kFriday6March2026Noon = 1772798400000;  // 2026-03-06T12:00:00Z

class ReportQueriesTest : public test::KioskTest {
 protected:
  std::string learner(const std::string& name) {
    auto l = test::registerWithConsent(*ctx, name, 1960);
    EXPECT_TRUE(l) << (l ? "" : l.error().message);
    return l ? l->id : "";
  }
  // A day's view of a lesson, read to its end at `completed` (noon UTC), on
  // `origin` (NULL: this kiosk).
  void view(const std::string& learner_id, const std::string& lesson, const std::string& day, bool completed,
            const char* origin = nullptr) {
    SQLite::Statement q(*ctx->db,
                        "INSERT INTO lesson_views(learner_id, pack_id, lesson_id, day, pack_version, pages_seen, "
                        "total_pages, views, first_viewed_at, last_viewed_at, completed_at, origin_kiosk) "
                        "VALUES (?1, 'p', ?2, ?3, '1', 3, 3, 1, ?4, ?4, ?5, ?6)");
    const std::string at = day + "T12:00:00.000Z";
    q.bind(1, learner_id);
    q.bind(2, lesson);
    q.bind(3, day);
    q.bind(4, at);
    if (completed) q.bind(5, at);
    if (origin) q.bind(6, origin);
    q.exec();
  }
  void seed() {
    const std::string an = learner("Nguyễn Văn An"), binh = learner("Trần Thị Bình"), chi = learner("Lê Thị Chi");
    view(an, "a", "2026-03-02", true);              // Monday: the first time An got to the end of a
    view(an, "a", "2026-03-05", true);              // again: not counted twice
    view(an, "b", "2026-03-05", false);             // not to the end
    view(binh, "a", "2026-03-01", true, "kiosk-b");  // Sunday, on kiosk B first ...
    view(binh, "a", "2026-03-03", true);            // ... then here
    view(chi, "a", "2026-03-04", true, "kiosk-c");
  }
  std::map<std::string, long long> count(const assessment::LessonsCompletedQuery& q) {
    auto n = assessment::countLessonsCompleted(*ctx->db, q);
    EXPECT_TRUE(n) << (n ? "" : n.error().message);
    return n ? *n : std::map<std::string, long long>{};
  }
};

TEST_F(ReportQueriesTest, TheReportAndTheDashboardCountTheSameLessonsCompleted) {
  ASSERT_NO_FATAL_FAILURE(seed());
  assessment::LessonsCompletedQuery here;
  here.this_kiosk_only = true;
  EXPECT_EQ(count(here), (std::map<std::string, long long>{{"", 2}}));  // An's a, Bình's a read here
  auto report = assessment::buildReport(*ctx->db, ctx->pack, {});
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->lessons_completed, 2);

  // The other kiosks: the kiosk of each first completion.
  assessment::LessonsCompletedQuery byOrigin;
  byOrigin.by = assessment::LessonsCompletedQuery::By::OriginKiosk;
  EXPECT_EQ(count(byOrigin), (std::map<std::string, long long>{{"kiosk-b", 1}, {"kiosk-c", 1}}));

  auto d = app::DashboardService(*ctx, [] { return kFriday6March2026Noon; }).dashboard(8);
  ASSERT_TRUE(d) << d.error().message;
  ASSERT_EQ(d->by_kiosk.size(), 3u);
  EXPECT_EQ(d->by_kiosk[0].kiosk, "");
  EXPECT_EQ(d->by_kiosk[0].lessons_completed, report->lessons_completed);
  EXPECT_EQ(d->by_kiosk[1].kiosk, "kiosk-b");
  EXPECT_EQ(d->by_kiosk[1].lessons_completed, 1);
  EXPECT_EQ(d->by_kiosk[2].kiosk, "kiosk-c");
  EXPECT_EQ(d->by_kiosk[2].lessons_completed, 1);
  EXPECT_EQ(d->lessons_completed, 4);

  // Week by week, every kiosk's first completions (times at noon UTC fall on
  // the same local day in the test's time zone).
  assessment::LessonsCompletedQuery byWeek;
  byWeek.by = assessment::LessonsCompletedQuery::By::Week;
  EXPECT_EQ(count(byWeek), (std::map<std::string, long long>{{"2026-02-23", 1}, {"2026-03-02", 2}}));
  ASSERT_EQ(d->weeks.size(), 8u);
  EXPECT_EQ(d->weeks[7].week_start, "2026-03-02");
  EXPECT_EQ(d->weeks[7].lessons_completed, 2);
  EXPECT_EQ(d->weeks[6].week_start, "2026-02-23");
  EXPECT_EQ(d->weeks[6].lessons_completed, 1);
  EXPECT_EQ(d->weeks[5].lessons_completed, 0);
}

TEST_F(ReportQueriesTest, ARangeCountsTheFirstCompletionInIt) {
  ASSERT_NO_FATAL_FAILURE(seed());
  // Bình first got to the end here on the 3rd; An on the 2nd (the 5th is a repeat).
  auto r = assessment::buildReport(*ctx->db, ctx->pack, {"2026-03-03", "2026-03-05"});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->lessons_completed, 1);
  assessment::LessonsCompletedQuery q;
  q.this_kiosk_only = true;
  q.from = "2026-03-03";
  q.before = "2026-03-06";
  EXPECT_EQ(count(q), (std::map<std::string, long long>{{"", 1}}));
  q.from = "2026-03-06";
  q.before = "9999";
  EXPECT_TRUE(count(q).empty());
}

// The named list's facts: a person registered twice counts once, as the
// registration kept, with what they did under either.
TEST_F(ReportQueriesTest, ALearnerSummaryCountsEveryRegistrationMergedIntoTheOneKept) {
  ASSERT_NO_FATAL_FAILURE(seed());
  const std::string kept = learner("Phạm Văn Dũng"), twice = learner("Phạm Văn Dung");  // registered again, without accents
  view(kept, "a", "2026-03-02", true);
  view(twice, "a", "2026-03-03", true);  // the same lesson: once
  view(twice, "b", "2026-03-04", false);
  auto merged = assessment::LearnerMergeRepository(*ctx->db).record({twice, kept, "fac-1", "2026-03-05T00:00:00.000Z", ""});
  ASSERT_TRUE(merged && *merged == assessment::MergeRefusal::None);

  auto registered = assessment::learnersRegisteredBy(*ctx->db, "");
  ASSERT_TRUE(registered) << registered.error().message;
  EXPECT_EQ(registered->size(), 4u);  // An, Bình, Chi, Dũng (kept)
  for (const auto& r : *registered) EXPECT_NE(r.id, twice);

  assessment::LearnerSummaries summaries(*ctx->db);
  auto s = summaries.of(kept, "", "");
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->lessons_completed, 1);
  EXPECT_EQ(s->days_present, 3);
  EXPECT_EQ(s->last_seen, "2026-03-04");
  EXPECT_FALSE(s->exam_passed);
  EXPECT_FALSE(s->certificate);
  s = summaries.of(kept, "2026-03-03", "2026-03-03");  // the same statements, another period
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->days_present, 1);
  EXPECT_EQ(s->last_seen, "2026-03-03");
}

}  // namespace
}  // namespace hocso
