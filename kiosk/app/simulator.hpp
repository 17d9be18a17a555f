// Synthetic learners walking the thin path through the same services the UI
// uses: register → pick a lesson → answer its quiz → finish.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>

#include "learning_service.hpp"

namespace hocso::app {

struct SimulationOptions {
  int learners = 1;
  uint64_t seed = 1;
  std::string ack_log;   // appends "ACK <attempt_id> <question_id>" after each committed answer
};

struct SimulationSummary {
  int learners = 0, quizzes = 0, passed = 0, answers = 0;
};

// Writes one deterministic line per learner to `out` (no random ids in it).
Result<SimulationSummary> simulate(LearningService& service, const SimulationOptions& options, std::ostream& out);

}  // namespace hocso::app
