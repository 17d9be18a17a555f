// Assessment benchmark (prints figures, never fails on timing): the latency of
// committing one exam answer with synchronous=FULL (p50/p99), and the time to
// build `hocso report` over 100,000 results (about 1.1 million answers).
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string_view>

#include "assessment/report.hpp"
#include "exam_service.hpp"
#include "learner_service.hpp"

namespace {

using namespace hocso;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

double ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

std::unique_ptr<app::KioskContext> openKiosk(const fs::path& dir) {
  Config config;
  config.pack = (fs::path(HOCSO_TEST_SOURCE_DIR) / "content" / "packs" / "citizen").string();
  config.kiosk_id = "bench-kiosk";
  auto ctx = app::openKiosk(config, dir);
  if (!ctx) {
    std::fprintf(stderr, "error: %s\n", ctx.error().message.c_str());
    return nullptr;
  }
  return std::move(*ctx);
}

int benchAnswers(const fs::path& dir) {
  auto ctx = openKiosk(dir / "answers");
  if (!ctx) return 1;
  const std::string sync = ctx->db->execAndGet("PRAGMA synchronous").getString();
  const std::string journal = ctx->db->execAndGet("PRAGMA journal_mode").getString();
  app::LearnerService learners(*ctx);
  app::ExamService exams(*ctx);
  app::Registration r;
  r.full_name = "Người Đo Thời Gian";
  r.birth_year = 1980;
  r.pin = "1234";
  r.consent_given = true;
  r.consent_version = app::currentConsentText().version;
  auto learner = learners.registerLearner(r);
  auto f = app::FacilitatorService(*ctx).addFacilitator("Giám sát", "4321");
  if (!learner || !f) return 1;
  auto started = exams.startExam({learner->id, f->id, "4321", true, 1});
  if (!started || started->status != app::ExamStartStatus::Started) return 1;
  const auto& qs = started->exam.questions;
  std::vector<double> lat;
  for (int i = 0; i < 400; ++i) {
    const auto& qid = qs[static_cast<size_t>(i) % qs.size()].question_id;
    const auto t0 = Clock::now();
    auto left = exams.submitAnswer(started->exam.attempt_id, qid, {i % 3});
    lat.push_back(ms(Clock::now() - t0));
    if (!left) {
      std::fprintf(stderr, "error: %s\n", left.error().message.c_str());
      return 1;
    }
  }
  std::printf("answer commit (exam answer + elapsed time, one transaction, journal_mode=%s, synchronous=%s): "
              "n=%zu p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
              journal.c_str(), sync == "2" ? "FULL" : sync.c_str(), lat.size(), percentile(lat, 0.5),
              percentile(lat, 0.99), *std::max_element(lat.begin(), lat.end()));
  return 0;
}

int benchReport(const fs::path& dir) {
  auto ctx = openKiosk(dir / "report");
  if (!ctx) return 1;
  SQLite::Database& db = *ctx->db;
  const int kResults = 100000;
  std::mt19937_64 rng(7);
  std::vector<const content::Question*> byGroup[7];
  for (const auto& q : ctx->pack.questions) {
    const int g = std::atoi(q.group().c_str());
    if (g >= 0 && g < 7) byGroup[g].push_back(&q);
  }
  const auto t0 = Clock::now();
  {
    SQLite::Transaction tx(db);
    db.exec("INSERT INTO facilitators(id, name_enc, pin_hash, created_at) VALUES ('f', X'00', 'x', '2025-01-01T00:00:00.000Z')");
    SQLite::Statement learner(db, "INSERT INTO learners(id, full_name_enc, birth_year, target_group, created_at, mentor_id) VALUES (?, X'00', 1970, ?, ?, ?)");
    SQLite::Statement attempt(db, "INSERT INTO attempts(id, learner_id, kind, lesson_id, pack_id, pack_version, question_ids, started_at, finished_at) VALUES (?, ?, ?, 'l', 'p', '1', '[]', ?, ?)");
    SQLite::Statement session(db, "INSERT INTO exam_sessions(attempt_id, target_group, framework, framework_version, blueprint, seed, questions, facilitator_id, identity_checked, time_limit_ms, elapsed_ms) VALUES (?, ?, 'qd757', '1.0', '{}', '1', '[]', 'f', 1, 2400000, 1200000)");
    SQLite::Statement answer(db, "INSERT INTO answers(attempt_id, question_id, position, response, score, correct, answered_at) VALUES (?, ?, ?, '[0]', ?, ?, ?)");
    SQLite::Statement result(db, "INSERT INTO results(id, attempt_id, learner_id, score, max_score, scaled, correct, passed, duration_ms, completed_at, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 60000, ?, ?)");
    const char* groups[] = {"citizen", "citizen", "citizen", "worker", "civil_servant", "student"};
    const int kLearners = 20000;
    for (int i = 0; i < kLearners; ++i) {
      char ts[32];
      std::snprintf(ts, sizeof ts, "202%d-%02d-%02dT08:00:00.000Z", 5 + i % 2, 1 + i % 12, 1 + i % 28);
      learner.reset();
      learner.bind(1, "L" + std::to_string(i));
      learner.bind(2, groups[i % 6]);
      learner.bind(3, ts);
      if (i % 6 != 0)
        learner.bind(4, "L" + std::to_string(i - i % 6));
      else
        learner.bind(4);
      learner.exec();
    }
    for (int i = 0; i < kResults; ++i) {
      const bool exam = i % 5 == 0;
      const std::string a = "A" + std::to_string(i), lid = "L" + std::to_string(i % kLearners);
      char ts[32];
      std::snprintf(ts, sizeof ts, "202%d-%02d-%02dT%02d:00:00.000Z", 5 + i % 2, 1 + (i / 7) % 12, 1 + i % 28, 7 + i % 10);
      attempt.reset();
      attempt.bind(1, a);
      attempt.bind(2, lid);
      attempt.bind(3, exam ? "exam" : "practice");
      attempt.bind(4, ts);
      attempt.bind(5, ts);
      attempt.exec();
      const int n = exam ? 30 : 5;
      int correct = 0;
      nlohmann::json details = {{"groups", nlohmann::json::object()}};
      for (int k = 0; k < n; ++k) {
        const auto& pool = byGroup[exam ? k % 7 : (i % 7)];
        const content::Question* q = pool[(static_cast<size_t>(i) + static_cast<size_t>(k)) % pool.size()];
        const bool ok = rng() % 10 < 7;
        correct += ok;
        answer.reset();
        answer.bind(1, a);
        answer.bind(2, q->id);
        answer.bind(3, k);
        answer.bind(4, ok ? 1.0 : 0.0);
        answer.bind(5, ok ? 1 : 0);
        answer.bind(6, ts);
        answer.exec();
        if (exam) {
          auto& g = details["groups"][q->group()];
          if (g.is_null()) g = {{"score", 0.0}, {"max", 0.0}};
          g["score"] = g["score"].get<double>() + (ok ? 1.0 : 0.0);
          g["max"] = g["max"].get<double>() + 1.0;
        }
      }
      if (exam) {
        session.reset();
        session.bind(1, a);
        session.bind(2, groups[(i % kLearners) % 6]);
        session.exec();
      }
      result.reset();
      result.bind(1, "R" + std::to_string(i));
      result.bind(2, a);
      result.bind(3, lid);
      result.bind(4, correct);
      result.bind(5, n);
      result.bind(6, static_cast<double>(correct) / n);
      result.bind(7, correct);
      result.bind(8, correct * 10 >= n * 7 ? 1 : 0);
      result.bind(9, ts);
      if (exam)
        result.bind(10, details.dump());
      else
        result.bind(10);
      result.exec();
    }
    tx.commit();
  }
  const auto answers = db.execAndGet("SELECT COUNT(*) FROM answers").getInt64();
  std::printf("report data: %d results, %lld answers, 20000 learners, loaded in %.1f s\n", kResults,
              static_cast<long long>(answers), ms(Clock::now() - t0) / 1000);
  for (const auto& [label, range] : {std::pair{"all time", assessment::ReportRange{}},
                                     std::pair{"one quarter", assessment::ReportRange{"2026-04-01", "2026-06-30"}}}) {
    const auto t1 = Clock::now();
    auto report = assessment::buildReport(db, ctx->pack, range);
    if (!report) {
      std::fprintf(stderr, "error: %s\n", report.error().message.c_str());
      return 1;
    }
    const std::string json = report->toJson().dump(2);
    const std::string csv = report->toCsv();
    std::printf("report over 100,000 results (%s): %.0f ms (%lld exams, %zu mentors, %zu quarters, %zu bytes of JSON)\n",
                label, ms(Clock::now() - t1), report->exams_taken, report->mentors.size(), report->quarterly.size(),
                json.size());
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // --answers-only: just the answer-commit figures (deploy/bench-lowend.sh).
  const bool answersOnly = argc > 1 && std::string_view(argv[1]) == "--answers-only";
  const fs::path dir = fs::temp_directory_path() / ("hocso-bench-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  int rc = benchAnswers(dir);
  if (rc == 0 && !answersOnly) rc = benchReport(dir);
  std::error_code ec;
  if (!std::getenv("HOCSO_BENCH_KEEP")) fs::remove_all(dir, ec);
  else std::printf("kept %s\n", dir.c_str());
  return rc;
}
