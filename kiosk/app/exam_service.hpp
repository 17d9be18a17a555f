// The certification exam as services for the UI and the simulator: started
// by a facilitator (PIN + identity document checked), drawn from the target
// group's blueprint, timed on a monotonic clock that survives restarts, every
// answer durable before the call returns, no feedback until the end, and a
// finish that writes result, certificate and outbox rows in one transaction.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "assessment/certificate.hpp"
#include "assessment/exam.hpp"
#include "assessment/grading.hpp"
#include "assessment/identity.hpp"
#include "assessment/records.hpp"
#include "facilitator_service.hpp"
#include "kiosk_context.hpp"
#include "service_support.hpp"

namespace hocso::app {

struct ExamStartRequest {
  std::string learner_id;
  std::string facilitator_id;
  std::string facilitator_pin;
  bool identity_document_checked = false;   // the facilitator confirms they saw the ID document
  std::optional<uint64_t> seed;             // tests and the simulator; otherwise random
  // Extra time the facilitator grants this learner (disability, age), added
  // to the blueprint's limit and recorded with the session and the result.
  int extra_minutes = 0;                    // 0..assessment::kMaxExtraMinutes
};

struct ExamQuestionState {
  std::string question_id;
  std::string group;
  bool answered = false;
  assessment::Response response;            // the last answer given (no score: no feedback)
  bool flagged = false;
};

struct ExamView {
  std::string attempt_id;
  std::string learner_id;
  std::string target_group;
  std::vector<ExamQuestionState> questions; // fixed order for the whole attempt
  long long time_limit_ms = 0;              // including the extra time
  int extra_minutes = 0;                    // granted at the start
  long long elapsed_ms = 0;
  long long remaining_ms = 0;
  bool time_up = false;
  int answered = 0, flagged = 0;
};

enum class ExamStartStatus { Started, WrongFacilitatorPin, FacilitatorLocked };

struct ExamStartOutcome {
  ExamStartStatus status = ExamStartStatus::Started;
  ExamView exam;                            // Started only
  long long retry_after_ms = 0;             // facilitator lockout
};

struct ExamOutcome {
  assessment::ResultRecord result;
  assessment::ExamVerdict verdict;
  content::Blueprint blueprint;
  std::optional<std::string> certificate_id;   // passed only
  std::string certificate_payload;             // the signed compact payload (QR), passed only
};

// An exam started on this kiosk and not finished yet (facilitator mode's
// list of exams under way).
struct ExamInProgress : assessment::UnfinishedExam {  // attempt, learner, facilitator (who started it), counts
  std::string learner_name, facilitator_name;
  long long remaining_ms = 0;                     // as the exam screen would show it now
  bool clock_running = false;                     // opened in this process (its time is counting)
};

class ExamService {
 public:
  explicit ExamService(KioskContext& ctx, MonotonicClock monotonic = steadyNow, WallClock wall_ms = systemNowMs)
      : ctx_(ctx), monotonic_(std::move(monotonic)), wall_ms_(std::move(wall_ms)) {}

  // The blueprint this kiosk uses for a target group (the framework's, with
  // hocso.toml's [exam.<group>] overrides; a group without its own blueprint
  // uses the citizen blueprint).
  Result<content::Blueprint> blueprintFor(const std::string& target_group) const;

  // Checks the facilitator's PIN (same lockout rule as learners) and that the
  // identity document was checked, then draws and stores the exam.
  Result<ExamStartOutcome> startExam(const ExamStartRequest& request);

  // Every unfinished exam on this kiosk, oldest first, with the time left.
  // Only looks: unlike resume(), it never starts an exam's clock.
  Result<std::vector<ExamInProgress>> examsInProgress();

  // The learner's unfinished exam (after a crash or a walk-away), if any.
  Result<std::optional<std::string>> unfinishedExam(const std::string& learner_id);

  // The exam as it stands: same questions, answers, flags, remaining time.
  // Starts a new monotonic segment when this process has none for it.
  Result<ExamView> resume(const std::string& attempt_id);
  Result<ExamView> view(const std::string& attempt_id) { return resume(attempt_id); }

  // Records the answer and the elapsed time in one transaction (durable when
  // it returns). Refused once the time is up. Returns the remaining time.
  Result<long long> submitAnswer(const std::string& attempt_id, const std::string& question_id,
                                 const assessment::Response& response);
  Result<void> setFlag(const std::string& attempt_id, const std::string& question_id, bool flagged);
  // Commits the elapsed time (the UI calls it every few seconds).
  Result<long long> checkpoint(const std::string& attempt_id);

  // Grades, judges against the blueprint and writes the result, the
  // certificate (if passed) and the outbox rows in one transaction.
  Result<ExamOutcome> finishExam(const std::string& attempt_id);
  // A facilitator stops an unfinished exam now (facilitator mode): it is
  // finished exactly as finishExam does — graded on the answers given so
  // far, questions not answered score 0 — and who stopped it is logged.
  Result<ExamOutcome> stopExam(const std::string& attempt_id, const std::string& facilitator_id);

 private:
  // Adds the monotonic time since the last commit to `attempt_id` (inside the
  // caller's transaction) and returns the new elapsed time.
  Result<long long> commitElapsed(const std::string& attempt_id);
  void noteCommitted(const std::string& attempt_id);
  Result<assessment::ExamSession> openSession(const std::string& attempt_id);
  // A passed exam's certificate, issued and queued for the certification
  // endpoint (inside finishExam's transaction); nothing for a failed one.
  Result<std::optional<assessment::Certificate>> certify(const assessment::ExamSession& session,
                                                         const assessment::ResultRecord& result,
                                                         const std::string& learner_id, double percent);
  Result<void> queueCertificateDelivery(const assessment::Certificate& cert);
  KioskContext& ctx_;
  MonotonicClock monotonic_;
  WallClock wall_ms_;
  // Start of the current, not yet committed monotonic segment per attempt.
  std::map<std::string, std::chrono::steady_clock::time_point> segment_start_;
  std::map<std::string, std::chrono::steady_clock::time_point> pending_segment_;
};

}  // namespace hocso::app
