// Exam transactions. Time: each call adds the CLOCK_MONOTONIC (steady_clock)
// time since the previous commit to exam_sessions.elapsed_ms in the same
// transaction as the answer, so wall-clock changes never count and a restart
// resumes with the time already used (a crash loses at most the seconds since
// the last commit, in the learner's favour).
#include "exam_service.hpp"

#include <SQLiteCpp/Statement.h>
#include <openssl/rand.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>

#include "key_binding.hpp"
#include "assessment/certificate.hpp"
#include "assessment/chain.hpp"
#include "base/ids.hpp"
#include "sync/certification.hpp"
#include "sync/outbox.hpp"
#include "sync/xapi.hpp"
#include "sync/xapi_exam.hpp"

namespace hocso::app {

namespace {

uint64_t randomSeed() {
  uint64_t seed = 0;
  if (RAND_bytes(reinterpret_cast<unsigned char*>(&seed), sizeof seed) != 1)
    seed = static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
  return seed;
}

}  // namespace

Result<content::Blueprint> ExamService::blueprintFor(const std::string& target_group) const {
  const auto& fw = ctx_.pack.framework;
  const content::Blueprint* bp = fw.blueprint(target_group);
  if (!bp || bp->totalQuestions() == 0) bp = fw.blueprint("citizen");
  if (!bp || bp->totalQuestions() == 0)
    return fail(ErrorCode::Config, "framework " + fw.id + " has no exam blueprint for " + target_group +
                                       " (nor for citizen); add [exam." + target_group + "] to hocso.toml");
  content::Blueprint out = *bp;
  out.target_group = target_group;
  return out;
}

Result<ExamStartOutcome> ExamService::startExam(const ExamStartRequest& req) {
  if (!req.identity_document_checked)
    return fail(ErrorCode::Invalid, "the facilitator must confirm the learner's identity document was checked");
  if (req.extra_minutes < 0 || req.extra_minutes > assessment::kMaxExtraMinutes)
    return fail(ErrorCode::Invalid, "extra time must be between 0 and " + std::to_string(assessment::kMaxExtraMinutes) +
                                        " minutes");
  if (ctx_.pack.info.practice_only)
    return fail(ErrorCode::Config, "content pack " + ctx_.pack.info.id + " is for practice only: no exam can be drawn from it");
  assessment::LearnerRepository learners(*ctx_.db, ctx_.cipher);
  auto learner = learners.find(req.learner_id);
  if (!learner) return tl::unexpected(learner.error());
  if (learner->erased) return fail(ErrorCode::Invalid, "learner " + req.learner_id + " was deleted");

  // The facilitator's PIN, with the same stored lockout as learners.
  auto pin = FacilitatorService(ctx_, wall_ms_).verifyPin(req.facilitator_id, req.facilitator_pin);
  if (!pin) return tl::unexpected(pin.error());
  if (pin->status == FacilitatorPinStatus::Locked)
    return ExamStartOutcome{ExamStartStatus::FacilitatorLocked, {}, pin->retry_after_ms};
  if (pin->status == FacilitatorPinStatus::Wrong)
    return ExamStartOutcome{ExamStartStatus::WrongFacilitatorPin, {}, pin->retry_after_ms};
  assessment::LockoutRepository lockouts(*ctx_.db);
  const auto subject = assessment::LockoutSubject::facilitator(req.facilitator_id);

  auto blueprint = blueprintFor(learner->target_group);
  if (!blueprint) return tl::unexpected(blueprint.error());
  const uint64_t seed = req.seed ? *req.seed : randomSeed();
  auto started = writeTransaction(*ctx_.db, "starting the exam failed", [&]() -> Result<std::string> {
    if (auto ok = lockouts.clear(subject); !ok) return tl::unexpected(ok.error());
    assessment::ExamRepository exams(*ctx_.db);
    auto open = exams.unfinished(req.learner_id);
    if (!open) return tl::unexpected(open.error());
    if (*open) return fail(ErrorCode::Invalid, "the learner has an unfinished exam: resume it instead");
    auto previous = exams.previousQuestions(req.learner_id);
    if (!previous) return tl::unexpected(previous.error());
    auto drawn = assessment::assembleExam(ctx_.pack, *blueprint, seed, *previous);
    if (!drawn) return tl::unexpected(drawn.error());
    std::vector<std::string> ids;
    for (const auto& d : *drawn) ids.push_back(d.id);
    auto attempt = assessment::AttemptRepository(*ctx_.db).start(req.learner_id, assessment::AttemptKind::Exam, "", ctx_.pack.info.id,
                                                                  ctx_.pack.info.version, ids);
    if (!attempt) return tl::unexpected(attempt.error());
    assessment::ExamSession s;
    s.attempt_id = attempt->id;
    s.target_group = learner->target_group;
    s.framework = ctx_.pack.framework.id.empty() ? ctx_.pack.info.framework : ctx_.pack.framework.id;
    s.framework_version =
        ctx_.pack.framework.version.empty() ? ctx_.pack.info.framework_version : ctx_.pack.framework.version;
    s.blueprint = *blueprint;
    s.seed = seed;
    s.questions = *drawn;
    s.facilitator_id = req.facilitator_id;
    s.identity_checked = true;
    s.extra_minutes = req.extra_minutes;
    s.time_limit_ms = static_cast<long long>(blueprint->time_limit_minutes + req.extra_minutes) * 60'000;
    if (auto ok = exams.create(s); !ok) return tl::unexpected(ok.error());
    return attempt->id;
  });
  if (!started) return tl::unexpected(started.error());
  segment_start_[*started] = monotonic_();
  auto v = resume(*started);
  if (!v) return tl::unexpected(v.error());
  return ExamStartOutcome{ExamStartStatus::Started, *v, 0};
}

Result<std::vector<ExamInProgress>> ExamService::examsInProgress() {
  auto stored = assessment::ExamRepository(*ctx_.db).unfinishedExams();
  if (!stored) return tl::unexpected(stored.error());
  std::vector<ExamInProgress> out;
  for (const auto& u : *stored) {
    ExamInProgress e;
    static_cast<assessment::UnfinishedExam&>(e) = u;
    long long elapsed = u.elapsed_ms;
    if (auto it = segment_start_.find(e.attempt_id); it != segment_start_.end()) {
      e.clock_running = true;
      elapsed += std::max<long long>(
          0, std::chrono::duration_cast<std::chrono::milliseconds>(monotonic_() - it->second).count());
    }
    e.remaining_ms = std::max(0LL, e.time_limit_ms - elapsed);
    out.push_back(std::move(e));
  }
  assessment::LearnerRepository learners(*ctx_.db, ctx_.cipher);
  assessment::FacilitatorRepository facilitators(*ctx_.db, ctx_.cipher);
  for (auto& e : out) {
    auto l = learners.find(e.learner_id);
    if (!l) return tl::unexpected(l.error());
    e.learner_name = l->full_name;
    if (auto f = facilitators.find(e.facilitator_id)) e.facilitator_name = f->name;
  }
  return out;
}

Result<std::optional<std::string>> ExamService::unfinishedExam(const std::string& learner_id) {
  return assessment::ExamRepository(*ctx_.db).unfinished(learner_id);
}

Result<assessment::ExamSession> ExamService::openSession(const std::string& attempt_id) {
  auto session = assessment::ExamRepository(*ctx_.db).find(attempt_id);
  if (!session) return session;
  if (!segment_start_.count(attempt_id)) segment_start_[attempt_id] = monotonic_();  // resumed here
  return session;
}

Result<ExamView> ExamService::resume(const std::string& attempt_id) {
  auto attempt = assessment::AttemptRepository(*ctx_.db).find(attempt_id);
  if (!attempt) return tl::unexpected(attempt.error());
  auto session = openSession(attempt_id);
  if (!session) return tl::unexpected(session.error());
  auto answers = assessment::AttemptRepository(*ctx_.db).answers(attempt_id);
  if (!answers) return tl::unexpected(answers.error());
  auto flags = assessment::ExamRepository(*ctx_.db).flags(attempt_id);
  if (!flags) return tl::unexpected(flags.error());
  ExamView v;
  v.attempt_id = attempt_id;
  v.learner_id = attempt->learner_id;
  v.target_group = session->target_group;
  std::map<std::string, const assessment::AnswerRecord*> byQuestion;
  for (const auto& a : *answers) byQuestion[a.question_id] = &a;
  for (const auto& q : session->questions) {
    ExamQuestionState st{q.id, q.group, false, {}, flags->count(q.id) > 0};
    if (auto it = byQuestion.find(q.id); it != byQuestion.end()) {
      st.answered = true;
      st.response = assessment::responseFromJson(it->second->response);
    }
    v.answered += st.answered;
    v.flagged += st.flagged;
    v.questions.push_back(std::move(st));
  }
  v.time_limit_ms = session->time_limit_ms;
  v.extra_minutes = session->extra_minutes;
  const auto running = std::chrono::duration_cast<std::chrono::milliseconds>(monotonic_() - segment_start_[attempt_id]);
  v.elapsed_ms = attempt->finished_at ? session->elapsed_ms
                                      : std::min(session->time_limit_ms, session->elapsed_ms + std::max(0LL, static_cast<long long>(running.count())));
  v.remaining_ms = std::max(0LL, v.time_limit_ms - v.elapsed_ms);
  v.time_up = v.remaining_ms == 0;
  return v;
}

Result<long long> ExamService::commitElapsed(const std::string& attempt_id) {
  const auto now = monotonic_();
  auto it = segment_start_.find(attempt_id);
  if (it == segment_start_.end()) it = segment_start_.emplace(attempt_id, now).first;
  const long long delta = std::max<long long>(0, std::chrono::duration_cast<std::chrono::milliseconds>(now - it->second).count());
  auto elapsed = assessment::ExamRepository(*ctx_.db).addElapsed(attempt_id, delta);
  if (elapsed) pending_segment_[attempt_id] = now;
  return elapsed;
}

void ExamService::noteCommitted(const std::string& attempt_id) {
  if (auto it = pending_segment_.find(attempt_id); it != pending_segment_.end()) {
    segment_start_[attempt_id] = it->second;
    pending_segment_.erase(it);
  }
}

Result<long long> ExamService::submitAnswer(const std::string& attempt_id, const std::string& question_id,
                                            const assessment::Response& response) {
  auto session = openSession(attempt_id);
  if (!session) return tl::unexpected(session.error());
  auto pos = std::find_if(session->questions.begin(), session->questions.end(),
                          [&](const assessment::DrawnQuestion& q) { return q.id == question_id; });
  const content::Question* q = ctx_.pack.findQuestion(question_id);
  if (pos == session->questions.end() || !q)
    return fail(ErrorCode::Invalid, "question " + question_id + " is not part of exam " + attempt_id);
  const assessment::Grade g = assessment::grade(*q, response);  // kept for the end: no feedback now
  bool timeUp = false;
  auto remaining = writeTransaction(*ctx_.db, "saving the exam answer failed", [&]() -> Result<long long> {
    assessment::AttemptRepository attempts(*ctx_.db);
    auto attempt = attempts.find(attempt_id);
    if (!attempt) return tl::unexpected(attempt.error());
    if (attempt->finished_at) return fail(ErrorCode::Invalid, "exam " + attempt_id + " is already finished");
    auto elapsed = commitElapsed(attempt_id);
    if (!elapsed) return tl::unexpected(elapsed.error());
    const long long left = session->time_limit_ms - *elapsed;
    if (left <= 0) {
      timeUp = true;
      return 0LL;  // commit the time used, not the answer
    }
    auto saved = attempts.recordAnswer({attempt_id, question_id, static_cast<int>(pos - session->questions.begin()),
                                        assessment::responseToJson(response), g.score, g.correct, nowIso8601()});
    if (!saved) return tl::unexpected(saved.error());
    return left;
  });
  if (remaining) noteCommitted(attempt_id);
  if (timeUp) return fail(ErrorCode::Expired, "the exam time is up: the answer was not recorded; finish the exam");
  return remaining;
}

Result<void> ExamService::setFlag(const std::string& attempt_id, const std::string& question_id, bool flagged) {
  auto session = openSession(attempt_id);
  if (!session) return tl::unexpected(session.error());
  if (std::none_of(session->questions.begin(), session->questions.end(),
                   [&](const assessment::DrawnQuestion& q) { return q.id == question_id; }))
    return fail(ErrorCode::Invalid, "question " + question_id + " is not part of exam " + attempt_id);
  auto ok = writeTransaction(*ctx_.db, "saving the review flag failed", [&]() -> Result<void> {
    auto elapsed = commitElapsed(attempt_id);
    if (!elapsed) return tl::unexpected(elapsed.error());
    return assessment::ExamRepository(*ctx_.db).setFlag(attempt_id, question_id, flagged);
  });
  if (ok) noteCommitted(attempt_id);
  return ok;
}

Result<long long> ExamService::checkpoint(const std::string& attempt_id) {
  auto session = openSession(attempt_id);
  if (!session) return tl::unexpected(session.error());
  auto elapsed = writeTransaction(*ctx_.db, "saving the exam time failed", [&]() -> Result<long long> {
    auto attempt = assessment::AttemptRepository(*ctx_.db).find(attempt_id);
    if (!attempt) return tl::unexpected(attempt.error());
    if (attempt->finished_at) return session->elapsed_ms;
    return commitElapsed(attempt_id);
  });
  if (!elapsed) return tl::unexpected(elapsed.error());
  noteCommitted(attempt_id);
  return std::max(0LL, session->time_limit_ms - *elapsed);
}

namespace {

// The exam judged against its blueprint: each drawn question with the score
// of its answer (0 when not answered).
assessment::ExamVerdict judge(const assessment::ExamSession& session,
                              const std::vector<assessment::AnswerRecord>& answers) {
  std::map<std::string, const assessment::AnswerRecord*> byQuestion;
  for (const auto& a : answers) byQuestion[a.question_id] = &a;
  std::vector<assessment::ScoredQuestion> scored;
  for (const auto& q : session.questions) {
    auto it = byQuestion.find(q.id);
    scored.push_back({q.group, it == byQuestion.end() ? 0.0 : it->second->score,
                      it != byQuestion.end() && it->second->correct});
  }
  return assessment::judgeExam(scored, session.blueprint);
}

// Everything the exam statements say beyond the attempt and its result.
sync::ExamFacts examFacts(const assessment::ExamSession& session, const content::Pack& pack,
                          const std::optional<std::string>& certificate_id) {
  sync::ExamFacts facts{session.target_group, session.framework, session.framework_version, {}, "",
                        session.extra_minutes};
  std::set<std::string> competencies;
  for (const auto& q : session.questions)
    if (const content::Question* cq = pack.findQuestion(q.id))
      competencies.insert(cq->competencies.begin(), cq->competencies.end());
  facts.competencies.assign(competencies.begin(), competencies.end());
  if (certificate_id) facts.certificate_id = *certificate_id;
  return facts;
}

}  // namespace

Result<void> ExamService::queueCertificateDelivery(const assessment::Certificate& cert) {
  sync::CertificateSubmission sub;
  sub.certificate_id = cert.id;
  sub.learner_id = cert.learner_id;
  sub.kiosk_id = ctx_.kiosk_id;
  sub.site_id = ctx_.config.site_id;
  sub.issued_at = cert.issued_at;
  sub.certificate = {{"payload", cert.payload},
                     {"claims", cert.claims()},
                     {"public_key", assessment::base64url(std::string(
                                        reinterpret_cast<const char*>(ctx_.signer->publicKey().data()), 32))}};
  // The learner's identity only with their consent to the certification endpoint.
  auto consent = assessment::ConsentRepository(*ctx_.db).current(cert.learner_id);
  if (!consent) return tl::unexpected(consent.error());
  if (*consent && (*consent)->covers("certification_endpoint")) {
    auto learner = assessment::LearnerRepository(*ctx_.db, ctx_.cipher).find(cert.learner_id);
    if (!learner) return tl::unexpected(learner.error());
    sub.identity = sync::ConsentedIdentity{learner->full_name, learner->citizen_id, learner->phone,
                                           learner->birth_year, (*consent)->given_at, (*consent)->text_version};
  }
  sync::OutboxRepository outbox(*ctx_.db);
  return sync::enqueueCertificate(outbox, sub, ctx_.cipher);
}

Result<std::optional<assessment::Certificate>> ExamService::certify(const assessment::ExamSession& session,
                                                                    const assessment::ResultRecord& result,
                                                                    const std::string& learner_id, double percent) {
  if (!result.passed) return std::optional<assessment::Certificate>{};
  if (!ctx_.signer) return fail(ErrorCode::Crypto, "the kiosk has no signing key: run hocso keys init");
  assessment::CertificateFacts facts{result.id,      learner_id,         session.target_group,
                                     session.framework, session.framework_version, percent,
                                     localDate(wall_ms_()), ctx_.config.site_id, ctx_.kiosk_id,
                                     result.completed_at, session.facilitator_id};
  auto cert = assessment::issueCertificate(*ctx_.db, *ctx_.signer, facts);
  if (!cert) return tl::unexpected(cert.error());
  if (auto ok = queueCertificateDelivery(*cert); !ok) return tl::unexpected(ok.error());
  return std::optional<assessment::Certificate>(*cert);
}

Result<ExamOutcome> ExamService::finishExam(const std::string& attempt_id) {
  auto session = openSession(attempt_id);
  if (!session) return tl::unexpected(session.error());
  auto outcome = writeTransaction(*ctx_.db, "saving the exam result failed", [&]() -> Result<ExamOutcome> {
    assessment::AttemptRepository attempts(*ctx_.db);
    auto attempt = attempts.find(attempt_id);
    if (!attempt) return tl::unexpected(attempt.error());
    if (attempt->kind != assessment::AttemptKind::Exam) return fail(ErrorCode::Invalid, "attempt " + attempt_id + " is not an exam");
    if (attempt->finished_at) return fail(ErrorCode::Invalid, "exam " + attempt_id + " is already finished");
    auto elapsed = commitElapsed(attempt_id);
    if (!elapsed) return tl::unexpected(elapsed.error());
    auto answers = attempts.answers(attempt_id);
    if (!answers) return tl::unexpected(answers.error());
    ExamOutcome out;
    out.blueprint = session->blueprint;
    out.verdict = judge(*session, *answers);
    auto details = out.verdict.toJson(session->blueprint);
    details["extra_minutes"] = session->extra_minutes;  // recorded with the result
    auto result = attempts.finish(attempt_id, out.verdict.score, out.verdict.max, out.verdict.correct,
                                  out.verdict.passed, *elapsed, details.dump());
    if (!result) return tl::unexpected(result.error());
    out.result = *result;

    // The certificate of a passed exam and its delivery to the certification endpoint.
    auto cert = certify(*session, *result, attempt->learner_id, out.verdict.percent());
    if (!cert) return tl::unexpected(cert.error());
    if (*cert) {
      out.certificate_id = (*cert)->id;
      out.certificate_payload = (*cert)->payload;
    }
    // The result (and certificate) joins the signed hash chain.
    if (auto sealed = assessment::RecordChain(*ctx_.db, ctx_.signer.get()).seal(result->id); !sealed)
      return tl::unexpected(sealed.error());
    // The statements for the LRS, in the same transaction.
    sync::OutboxRepository outbox(*ctx_.db);
    const auto statements =
        sync::finishedExamStatements(xapiContext(ctx_, attempt->pack_id, attempt->pack_version), ctx_.pack, *attempt,
                                     *answers, *result, examFacts(*session, ctx_.pack, out.certificate_id));
    if (auto ok = sync::enqueueStatements(outbox, statements); !ok) return tl::unexpected(ok.error());
    return out;
  });
  if (outcome) {
    pending_segment_.erase(attempt_id);
    segment_start_.erase(attempt_id);
    // The anchor beside the keys follows the chain (a wipe or rollback then shows).
    if (auto a = advanceAnchor(*ctx_.db, ctx_.data_dir); !a) spdlog::error("{}", a.error().message);
  }
  return outcome;
}

Result<ExamOutcome> ExamService::stopExam(const std::string& attempt_id, const std::string& facilitator_id) {
  auto out = finishExam(attempt_id);
  if (out)
    spdlog::info("exam {} stopped by facilitator {}: {} of {} correct, {}", attempt_id, facilitator_id,
                 out->verdict.correct, out->blueprint.totalQuestions(), out->result.passed ? "passed" : "not passed");
  return out;
}

}  // namespace hocso::app
