// Deterministic simulation: everything random comes from one seeded engine.
#include "simulator.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <random>

namespace hocso::app {
namespace {

const char* kFamily[] = {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"};
const char* kMiddle[] = {"Văn", "Thị", "Hữu", "Minh", "Ngọc", "Đức", "Thu", "Quang"};
const char* kGiven[] = {"An", "Bình", "Cường", "Dung", "Giang", "Hà", "Hạnh", "Hùng",
                        "Lan", "Mai", "Nam", "Phúc", "Quyên", "Sơn", "Thảo", "Yến"};

template <size_t N>
const char* pick(std::mt19937_64& rng, const char* (&arr)[N]) {
  return arr[rng() % N];
}

// A response for `q`: right with probability `skill`, otherwise a wrong one.
assessment::Response answerFor(const content::Question& q, double skill, std::mt19937_64& rng) {
  const bool right = std::uniform_real_distribution<double>(0, 1)(rng) < skill;
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
        if (!wrong.empty()) pool.push_back(wrong[rng() % wrong.size()]);
        else pool.pop_back();
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
      if (!right && n >= 2) std::swap(r[0], r[1]);
      return r;
    }
  }
  return {};
}

}  // namespace

Result<SimulationSummary> simulate(LearningService& service, const SimulationOptions& options, std::ostream& out) {
  std::mt19937_64 rng(options.seed);
  SimulationSummary summary;
  int ackFd = -1;
  if (!options.ack_log.empty()) {
    ackFd = ::open(options.ack_log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (ackFd < 0) return fail(ErrorCode::Io, "cannot open ack log " + options.ack_log);
  }
  const auto& lessons = service.pack().lessons;
  std::vector<const content::Lesson*> quizLessons;
  for (const auto& l : lessons)
    if (!service.pack().questionsForLesson(l.id).empty()) quizLessons.push_back(&l);
  if (quizLessons.empty()) return fail(ErrorCode::NotFound, "the content pack has no lesson with questions");

  for (int i = 0; i < options.learners; ++i) {
    const std::string name =
        std::string(pick(rng, kFamily)) + " " + pick(rng, kMiddle) + " " + pick(rng, kGiven);
    const int birthYear = 1945 + static_cast<int>(rng() % 60);
    const double skill = 0.35 + 0.6 * std::uniform_real_distribution<double>(0, 1)(rng);
    auto learner = service.registerLearner(name, birthYear);
    if (!learner) return tl::unexpected(learner.error());
    ++summary.learners;
    const content::Lesson* lesson = quizLessons[rng() % quizLessons.size()];
    auto attempt = service.startLessonQuiz(learner->id, lesson->id);
    if (!attempt) return tl::unexpected(attempt.error());
    int correct = 0;
    for (const auto& qid : attempt->question_ids) {
      const content::Question* q = service.pack().findQuestion(qid);
      auto g = service.submitAnswer(*attempt, qid, answerFor(*q, skill, rng));
      if (!g) return tl::unexpected(g.error());
      ++summary.answers;
      correct += g->correct;
      if (ackFd >= 0) {
        const std::string line = "ACK " + attempt->id + " " + qid + "\n";
        if (::write(ackFd, line.data(), line.size()) != static_cast<ssize_t>(line.size()))
          return fail(ErrorCode::Io, "cannot write ack log");
      }
    }
    auto result = service.finishQuiz(attempt->id);
    if (!result) return tl::unexpected(result.error());
    ++summary.quizzes;
    summary.passed += result->passed;
    out << "learner " << (i + 1) << ": " << name << " (" << birthYear << ") lesson " << lesson->id << " score "
        << correct << "/" << attempt->question_ids.size() << (result->passed ? " passed" : " not yet") << "\n";
  }
  if (ackFd >= 0) ::close(ackFd);
  return summary;
}

}  // namespace hocso::app
