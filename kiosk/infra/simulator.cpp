// Deterministic simulation: everything random comes from one seeded engine
// (mt19937_64 and our own conversions, so a seed gives the same run on any
// standard library). Ids never appear in the output.
#include "simulator.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <map>
#include <random>
#include <set>

#include "base/file_lock.hpp"
#include "exam_service.hpp"
#include "facilitator_service.hpp"
#include "learner_service.hpp"
#include "progress_service.hpp"

namespace hocso::app {
namespace {

const char* kFamily[] = {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"};
const char* kMiddle[] = {"Văn", "Thị", "Hữu", "Minh", "Ngọc", "Đức", "Thu", "Quang"};
const char* kGiven[] = {"An", "Bình", "Cường", "Dung", "Giang", "Hà", "Hạnh", "Hùng",
                        "Lan", "Mai", "Nam", "Phúc", "Quyên", "Sơn", "Thảo", "Yến"};
const char* kMiddleMale[] = {"Văn", "Hữu", "Minh", "Đức", "Quang", "Công", "Thành", "Xuân"};
const char* kMiddleFemale[] = {"Thị", "Ngọc", "Thu", "Minh", "Thanh", "Kim", "Hồng", "Diệu"};
const char* kGivenMale[] = {"An", "Bình", "Cường", "Dũng", "Giang", "Hùng", "Khánh", "Long",
                            "Nam", "Phúc", "Quân", "Sơn", "Thắng", "Toàn", "Vinh", "Tuấn"};
const char* kGivenFemale[] = {"Anh", "Dung", "Hà", "Hạnh", "Hương", "Lan", "Linh", "Mai",
                              "Nga", "Nhung", "Quyên", "Thảo", "Trang", "Vân", "Yến", "Xuân"};
const char* kProvinces[] = {"001", "022", "030", "031", "034", "036", "038", "040", "048", "079", "092"};

constexpr const char* kFacilitatorName = "Tổ công nghệ số (mô phỏng)";
constexpr const char* kFacilitatorPin = "2468";

template <size_t N>
const char* pick(std::mt19937_64& rng, const char* (&arr)[N]) {
  return arr[rng() % N];
}

// A uniform double in [0, 1) from 53 random bits (portable).
double unit(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * (1.0 / 9007199254740992.0); }

// A response for `q`: fully right with probability `p`; otherwise a
// realistic mistake, often partly right (a missing option, two items swapped).
assessment::Response answerFor(const content::Question& q, double p, std::mt19937_64& rng, bool partial_mistakes) {
  const bool right = unit(rng) < p;
  using content::QuestionType;
  auto indexWhere = [&](auto& v, bool want) {
    std::vector<int> idx;
    for (size_t i = 0; i < v.size(); ++i)
      if (v[i].correct == want) idx.push_back(static_cast<int>(i));
    return idx;
  };
  switch (q.type) {
    case QuestionType::Single:
    case QuestionType::Scenario: {
      auto pool = right ? (q.type == QuestionType::Single ? indexWhere(q.options, true) : indexWhere(q.targets, true))
                        : (q.type == QuestionType::Single ? indexWhere(q.options, false) : indexWhere(q.targets, false));
      if (pool.empty()) pool = {0};
      return {pool[rng() % pool.size()]};
    }
    case QuestionType::Multiple: {
      auto pool = indexWhere(q.options, true);
      if (!right) {
        auto wrong = indexWhere(q.options, false);
        const bool dropOne = partial_mistakes ? (rng() % 2 == 0) : wrong.empty();
        if (!dropOne && !wrong.empty()) pool.push_back(wrong[rng() % wrong.size()]);
        else if (!pool.empty()) pool.erase(pool.begin() + static_cast<long>(rng() % pool.size()));
      }
      return pool;
    }
    case QuestionType::TrueFalse:
      return {(q.answer == right) ? 1 : 0};
    case QuestionType::Ordering:
    case QuestionType::Matching: {
      const size_t n = q.type == QuestionType::Ordering ? q.items.size() : q.pairs.size();
      assessment::Response r;
      for (size_t i = 0; i < n; ++i) r.push_back(static_cast<int>(i));
      if (!right && n >= 2) {
        const size_t a = partial_mistakes ? rng() % (n - 1) : 0;
        std::swap(r[a], r[a + 1]);
        if (partial_mistakes && n >= 4 && rng() % 3 == 0) std::swap(r[0], r[n - 1]);
      }
      return r;
    }
  }
  return {};
}

class AckLog {
 public:
  Result<void> open(const std::string& path) {
    if (path.empty()) return {};
    fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd_ < 0) return fail(ErrorCode::Io, "cannot open ack log " + path);
    return {};
  }
  ~AckLog() {
    if (fd_ >= 0) ::close(fd_);
  }
  // Called only after the answer's transaction has committed.
  Result<void> ack(const std::string& attempt_id, const std::string& question_id) {
    if (fd_ < 0) return {};
    const std::string line = "ACK " + attempt_id + " " + question_id + "\n";
    if (::write(fd_, line.data(), line.size()) != static_cast<ssize_t>(line.size()))
      return fail(ErrorCode::Io, "cannot write the ack log");
    return {};
  }

 private:
  int fd_ = -1;
};

// A registration with the current consent text (no citizen ID, no phone).
// The PIN comes from the learner's number, not the engine, so a seed draws
// the same learners and answers as before registration asked for consent.
Registration consentedRegistration(const std::string& name, int birth_year, int index) {
  Registration r;
  r.full_name = name;
  r.birth_year = birth_year;
  r.pin = std::to_string(1000 + (index * 7919) % 9000);
  r.consent_given = true;
  r.consent_version = currentConsentText().version;
  return r;
}

// The thin path (register, one lesson quiz), exactly as before the exam.
Result<SimulationSummary> simulateThin(LearningService& service, const SimulationOptions& options, std::ostream& out,
                                       AckLog& acks) {
  std::mt19937_64 rng(options.seed);
  SimulationSummary summary;
  std::vector<const content::Lesson*> quizLessons;
  for (const auto& l : service.pack().lessons)
    if (!service.pack().questionsForLesson(l.id).empty()) quizLessons.push_back(&l);
  if (quizLessons.empty()) return fail(ErrorCode::NotFound, "the content pack has no lesson with questions");
  for (int i = 0; i < options.learners; ++i) {
    const std::string name = std::string(pick(rng, kFamily)) + " " + pick(rng, kMiddle) + " " + pick(rng, kGiven);
    const int birthYear = 1945 + static_cast<int>(rng() % 60);
    const double skill = 0.35 + 0.6 * std::uniform_real_distribution<double>(0, 1)(rng);
    auto learner = LearnerService(service.context()).registerLearner(consentedRegistration(name, birthYear, i));
    if (!learner) return tl::unexpected(learner.error());
    ++summary.learners;
    const content::Lesson* lesson = quizLessons[rng() % quizLessons.size()];
    auto attempt = service.startLessonQuiz(learner->id, lesson->id);
    if (!attempt) return tl::unexpected(attempt.error());
    int correct = 0;
    for (const auto& qid : attempt->question_ids) {
      const content::Question* q = service.pack().findQuestion(qid);
      auto g = service.submitAnswer(*attempt, qid, answerFor(*q, skill, rng, false));
      if (!g) return tl::unexpected(g.error());
      ++summary.answers;
      correct += g->correct;
      if (auto ok = acks.ack(attempt->id, qid); !ok) return tl::unexpected(ok.error());
    }
    auto result = service.finishQuiz(attempt->id);
    if (!result) return tl::unexpected(result.error());
    ++summary.quizzes;
    summary.passed += result->passed;
    out << "learner " << (i + 1) << ": " << name << " (" << birthYear << ") lesson " << lesson->id << " score "
        << correct << "/" << attempt->question_ids.size() << (result->passed ? " passed" : " not yet") << "\n";
  }
  return summary;
}

struct Identity {
  std::string name;
  int birth_year = 0;
  std::string target_group;
  std::string citizen_id, phone, pin;
  bool share_identity = true;
};

Identity makeIdentity(std::mt19937_64& rng) {
  Identity id;
  const bool female = rng() % 2 == 0;
  id.name = std::string(pick(rng, kFamily)) + " " + (female ? pick(rng, kMiddleFemale) : pick(rng, kMiddleMale)) + " " +
            (female ? pick(rng, kGivenFemale) : pick(rng, kGivenMale));
  const double g = unit(rng);
  id.target_group = g < 0.7 ? "citizen" : g < 0.8 ? "worker" : g < 0.9 ? "civil_servant" : "student";
  id.birth_year = id.target_group == "student" ? 2000 + static_cast<int>(rng() % 10) : 1950 + static_cast<int>(rng() % 55);
  if (unit(rng) < 0.9) {  // most adults give their CCCD number (synthetic: province, century/sex, year, serial)
    const int century = id.birth_year >= 2000 ? 2 : 0;
    id.citizen_id = std::string(pick(rng, kProvinces)) + std::to_string(century + (female ? 1 : 0));
    char tail[16];
    std::snprintf(tail, sizeof tail, "%02d%06d", id.birth_year % 100, static_cast<int>(rng() % 1000000));
    id.citizen_id += tail;
  }
  if (unit(rng) < 0.5) {
    char phone[16];
    std::snprintf(phone, sizeof phone, "09%08d", static_cast<int>(rng() % 100000000));
    id.phone = phone;
  }
  char pin[8];
  std::snprintf(pin, sizeof pin, "%04d", static_cast<int>(rng() % 10000));
  id.pin = pin;
  id.share_identity = unit(rng) < 0.85;
  return id;
}

// Which runs may finish interrupted attempts. Every run holds
// DATA_DIR/.simulate.lock while it writes: shared, so several runs work side
// by side. A run that can take it exclusively at its start knows no other
// run is alive (a killed one's lock died with it), so every unfinished
// attempt is an interrupted one: it resumes them, then shares the lock. A run
// that finds another alive leaves open attempts alone (they may be that run's
// live ones); the next run alone finishes them.
class RunLease {
 public:
  static Result<RunLease> take(const std::filesystem::path& data_dir) {
    const auto file = data_dir / ".simulate.lock";
    auto sole = FileLock::tryTake(file, FileLock::Mode::Exclusive);
    if (!sole) return tl::unexpected(sole.error());
    if (*sole) return RunLease(std::move(**sole), true);
    auto shared = FileLock::take(file, FileLock::Mode::Shared);
    if (!shared) return tl::unexpected(shared.error());
    return RunLease(std::move(*shared), false);
  }
  // True while this run is the only one: it may finish open attempts.
  bool sole() const { return sole_; }
  // After resuming: let other runs start beside this one.
  Result<void> share() {
    sole_ = false;
    return lock_.change(FileLock::Mode::Shared);
  }

 private:
  RunLease(FileLock lock, bool sole) : lock_(std::move(lock)), sole_(sole) {}
  FileLock lock_;
  bool sole_;
};

class FullSimulation {
 public:
  FullSimulation(LearningService& learning, const SimulationOptions& options, std::ostream& out, AckLog& acks,
                 RunLease& lease)
      : learning_(learning),
        ctx_(learning.context()),
        learners_(ctx_),
        exams_(ctx_),
        facilitators_(ctx_),
        progress_(ctx_),
        options_(options),
        out_(out),
        acks_(acks),
        lease_(lease),
        rng_(options.seed) {}

  Result<SimulationSummary> run() {
    if (lease_.sole()) {
      if (auto r = resumeInterrupted(); !r) return tl::unexpected(r.error());
    }
    if (auto r = lease_.share(); !r) return tl::unexpected(r.error());
    for (const auto& l : ctx_.pack.lessons)
      if (!ctx_.pack.questionsForLesson(l.id).empty()) quizLessons_.push_back(&l);
    if (quizLessons_.empty()) return fail(ErrorCode::NotFound, "the content pack has no lesson with questions");
    auto facilitator = simulationFacilitator();
    if (!facilitator) return tl::unexpected(facilitator.error());
    facilitator_ = *facilitator;
    std::FILE* identities = nullptr;
    if (!options_.identities_out.empty()) {
      identities = std::fopen(options_.identities_out.c_str(), "w");
      if (!identities) return fail(ErrorCode::Io, "cannot write " + options_.identities_out);
    }
    Result<void> ok;
    for (int i = 0; i < options_.learners && ok; ++i) ok = oneLearner(i, identities);
    if (identities) std::fclose(identities);
    if (!ok) return tl::unexpected(ok.error());
    return summary_;
  }

 private:
  // Finishes every attempt a crash interrupted (same questions, answers
  // kept). Only called while no other run is alive (RunLease).
  Result<void> resumeInterrupted() {
    auto open = assessment::AttemptRepository(*ctx_.db).allUnfinished();
    if (!open) return tl::unexpected(open.error());
    std::mt19937_64 rng(options_.seed ^ 0x5eed5eed5eedULL);
    for (const auto& a : *open) {
      auto answers = assessment::AttemptRepository(*ctx_.db).answers(a.id);
      if (!answers) return tl::unexpected(answers.error());
      std::set<std::string> done;
      for (const auto& an : *answers) done.insert(an.question_id);
      for (const auto& qid : a.question_ids) {
        const content::Question* q = ctx_.pack.findQuestion(qid);
        if (done.count(qid) || !q) continue;
        if (a.kind == assessment::AttemptKind::Exam) {
          auto r = exams_.submitAnswer(a.id, qid, answerFor(*q, 0.7, rng, true));
          if (!r) break;  // time is up: finish with what was recorded
        } else {
          auto r = learning_.submitAnswer(a, qid, answerFor(*q, 0.7, rng, true));
          if (!r) return tl::unexpected(r.error());
        }
        if (auto ok = acks_.ack(a.id, qid); !ok) return ok;
      }
      if (a.kind == assessment::AttemptKind::Exam) {
        if (auto r = exams_.finishExam(a.id); !r) return tl::unexpected(r.error());
      } else if (auto r = learning_.finishQuiz(a.id); !r) {
        return tl::unexpected(r.error());
      }
      ++summary_.resumed;
    }
    if (summary_.resumed) out_ << "resumed " << summary_.resumed << " interrupted attempts\n";
    return {};
  }

  Result<std::string> simulationFacilitator() {
    auto all = facilitators_.facilitators();
    if (!all) return tl::unexpected(all.error());
    // Flagged as test data (also one an older version made): never offered
    // on the kiosk's facilitator login or exam unlock lists.
    for (const auto& f : *all)
      if (f.name == kFacilitatorName) {
        if (auto ok = facilitators_.markSimulated(f.id); !ok) return tl::unexpected(ok.error());
        return f.id;
      }
    auto f = facilitators_.addFacilitator(kFacilitatorName, kFacilitatorPin);
    if (!f) return tl::unexpected(f.error());
    if (auto ok = facilitators_.markSimulated(f->id); !ok) return tl::unexpected(ok.error());
    return f->id;
  }

  // Registers (or, when the citizen ID is already known with the same PIN —
  // the same seed run again — signs in as a returning learner).
  Result<std::optional<assessment::Learner>> enrol(const Identity& id) {
    Registration r;
    r.full_name = id.name;
    r.birth_year = id.birth_year;
    r.target_group = id.target_group;
    r.citizen_id = id.citizen_id;
    r.phone = id.phone;
    r.pin = id.pin;
    r.mentor_id = mentor_;
    r.consent_given = true;
    r.consent_version = currentConsentText().version;
    r.share_identity_for_certificate = id.share_identity;
    auto learner = learners_.registerLearner(r);
    if (learner) return std::optional<assessment::Learner>(*learner);
    if (id.citizen_id.empty() || learner.error().code != ErrorCode::Exists)
      return tl::unexpected(learner.error());
    auto back = learners_.signInByCitizenId(id.citizen_id, id.pin);
    if (!back) return tl::unexpected(back.error());
    if (back->status != SignInStatus::SignedIn) return std::optional<assessment::Learner>{};
    ++summary_.sign_ins;
    return std::optional<assessment::Learner>(back->learner);
  }

  // One learner's day: registers, practises, maybe signs in again, most take
  // the exam. The engine's draws keep their order, so a seed gives the same run.
  Result<void> oneLearner(int index, std::FILE* identities) {
    const Identity id = makeIdentity(rng_);
    const bool becomesMentor = index % 6 == 0;  // each Đại sứ số then guides the next five
    const double ability = 0.35 + 0.6 * unit(rng_);
    std::map<std::string, double> groupAbility;
    for (const auto& g : ctx_.pack.framework.groups)
      groupAbility[g.code] = std::clamp(ability + 0.4 * (unit(rng_) - 0.5), 0.05, 0.98);
    if (identities) std::fprintf(identities, "%s,%s\n", id.citizen_id.c_str(), id.name.c_str());

    auto enrolled = enrol(id);
    if (!enrolled) return tl::unexpected(enrolled.error());
    out_ << "learner " << (index + 1) << ": " << id.name << " (" << id.birth_year << ", " << id.target_group << ")";
    if (!*enrolled) {
      out_ << " citizen ID already used by someone else: skipped\n";
      return {};
    }
    const assessment::Learner learner = **enrolled;
    ++summary_.learners;
    if (becomesMentor) mentor_ = learner.id;
    if (auto ok = practise(learner, groupAbility); !ok) return ok;
    if (auto ok = maybeSignInAgain(id); !ok) return ok;
    if (unit(rng_) < 0.75)
      if (auto ok = takeExam(learner, groupAbility); !ok) return ok;
    out_ << "\n";
    return {};
  }

  // Study: follow "what to learn next", a few quizzes.
  Result<void> practise(const assessment::Learner& learner, std::map<std::string, double>& groupAbility) {
    const int quizzes = 2 + static_cast<int>(rng_() % 3);
    int passedQuizzes = 0;
    for (int k = 0; k < quizzes; ++k) {
      std::string lessonId;
      auto next = progress_.nextStep(learner.id);
      if (!next) return tl::unexpected(next.error());
      if (*next && !(*next)->lesson_id.empty() && unit(rng_) < 0.8) lessonId = (*next)->lesson_id;
      else lessonId = quizLessons_[rng_() % quizLessons_.size()]->id;
      // The lesson is read to its last page before its quiz (no randomness
      // drawn: the rest of the run is as before).
      if (const content::Lesson* lesson = ctx_.pack.findLesson(lessonId)) {
        const int pages = static_cast<int>(lesson->pages.size());
        if (auto read = learning_.recordLessonViewed(learner.id, lessonId, pages, pages); !read)
          return tl::unexpected(read.error());
      }
      auto attempt = learning_.startLessonQuiz(learner.id, lessonId);
      if (!attempt) return tl::unexpected(attempt.error());
      for (const auto& qid : attempt->question_ids) {
        const content::Question* q = ctx_.pack.findQuestion(qid);
        auto g = learning_.submitAnswer(*attempt, qid, answerFor(*q, groupAbility[q->group()], rng_, true));
        if (!g) return tl::unexpected(g.error());
        ++summary_.answers;
        if (auto ok = acks_.ack(attempt->id, qid); !ok) return ok;
      }
      auto result = learning_.finishQuiz(attempt->id);
      if (!result) return tl::unexpected(result.error());
      ++summary_.quizzes;
      summary_.passed += result->passed;
      passedQuizzes += result->passed;
      for (auto& [g, a] : groupAbility) a = std::min(0.98, a + 0.03);  // practice helps a little
    }
    out_ << " practised " << quizzes << " quizzes (" << passedQuizzes << " passed)";
    return {};
  }

  // Some come back another day and sign in again (now and then after a wrong PIN).
  Result<void> maybeSignInAgain(const Identity& id) {
    if (unit(rng_) >= 0.3) return {};
    if (unit(rng_) < 0.3) (void)learners_.signInByName(id.name, id.birth_year, id.pin == "0000" ? "1111" : "0000");
    auto back = !id.citizen_id.empty() && unit(rng_) < 0.5 ? learners_.signInByCitizenId(id.citizen_id, id.pin)
                                                          : learners_.signInByName(id.name, id.birth_year, id.pin);
    if (!back) return tl::unexpected(back.error());
    if (back->status == SignInStatus::SignedIn) {
      ++summary_.sign_ins;
      out_ << ", signed in again";
    }
    return {};
  }

  // The exam, started by the simulation's facilitator; a few questions are
  // flagged and answered at the end.
  Result<void> takeExam(const assessment::Learner& learner, std::map<std::string, double>& groupAbility) {
    auto started = exams_.startExam({learner.id, facilitator_, kFacilitatorPin, true, rng_()});
    if (!started) return tl::unexpected(started.error());
    if (started->status != ExamStartStatus::Started) {
      out_ << ", exam not started (facilitator locked out)";
      return {};
    }
    const auto& exam = started->exam;
    std::vector<std::string> later;
    auto answer = [&](const std::string& qid) -> Result<void> {
      const content::Question* q = ctx_.pack.findQuestion(qid);
      auto left = exams_.submitAnswer(exam.attempt_id, qid, answerFor(*q, groupAbility[q->group()], rng_, true));
      if (!left) return tl::unexpected(left.error());
      ++summary_.answers;
      return acks_.ack(exam.attempt_id, qid);
    };
    for (const auto& q : exam.questions) {
      if (unit(rng_) < 0.05) {  // unsure: flag it and come back at the end
        if (auto ok = exams_.setFlag(exam.attempt_id, q.question_id, true); !ok) return ok;
        later.push_back(q.question_id);
        continue;
      }
      if (auto ok = answer(q.question_id); !ok) return ok;
    }
    for (const auto& qid : later) {
      if (auto ok = answer(qid); !ok) return ok;
      if (auto ok = exams_.setFlag(exam.attempt_id, qid, false); !ok) return ok;
    }
    auto done = exams_.finishExam(exam.attempt_id);
    if (!done) return tl::unexpected(done.error());
    ++summary_.exams;
    summary_.exams_passed += done->result.passed;
    out_ << ", exam " << done->result.correct << "/" << exam.questions.size() << " ("
         << static_cast<int>(std::lround(done->verdict.percent())) << "%) "
         << (done->result.passed ? "passed, certificate issued" : "failed");
    if (!done->result.passed && done->verdict.passed_overall) out_ << " (a skill group below the minimum)";
    return {};
  }

  LearningService& learning_;
  KioskContext& ctx_;
  LearnerService learners_;
  ExamService exams_;
  FacilitatorService facilitators_;
  ProgressService progress_;
  const SimulationOptions& options_;
  std::ostream& out_;
  AckLog& acks_;
  RunLease& lease_;
  std::mt19937_64 rng_;
  std::vector<const content::Lesson*> quizLessons_;
  std::string facilitator_;
  std::string mentor_;
  SimulationSummary summary_;
};

}  // namespace

Result<SimulationSummary> simulate(LearningService& service, const SimulationOptions& options, std::ostream& out) {
  AckLog acks;
  if (auto ok = acks.open(options.ack_log); !ok) return tl::unexpected(ok.error());
  auto lease = RunLease::take(service.context().data_dir);
  if (!lease) return tl::unexpected(lease.error());
  if (options.practice_only) return simulateThin(service, options, out, acks);
  return FullSimulation(service, options, out, acks, *lease).run();
}

}  // namespace hocso::app
