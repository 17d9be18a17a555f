// Synthetic learners through the same services the UI uses: they register
// with consent (citizen ID, PIN, sometimes a phone and a Đại sứ số mentor),
// follow "what to learn next" through practice quizzes, sometimes sign out
// and back in, and most take the certification exam started by a
// facilitator. Answers follow a per-learner, per-skill-group ability, so some
// pass and some fail. Everything random comes from one seeded engine.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>

#include "learning_service.hpp"

namespace hocso::app {

struct SimulationOptions {
  int learners = 1;
  uint64_t seed = 1;
  std::string ack_log;         // appends "ACK <attempt_id> <question_id>" after each committed answer
  std::string identities_out;  // writes "citizen_id,full_name" per learner (citizen_id may be empty)
  // The thin path only (register with consent, one practice quiz): what
  // the simulator did before the exam existed; kept for sync tests that
  // count statements.
  bool practice_only = false;
};

struct SimulationSummary {
  int learners = 0, quizzes = 0, passed = 0, answers = 0;
  int exams = 0, exams_passed = 0, sign_ins = 0, resumed = 0;
};

// Writes one deterministic line per learner to `out` (no random ids in it).
// Before the new learners, every interrupted attempt in the database (a
// crash) is resumed and finished — only by a run that finds no other
// simulate run alive on the data dir (DATA_DIR/.simulate.lock), so runs side
// by side never finish each other's attempts.
Result<SimulationSummary> simulate(LearningService& service, const SimulationOptions& options, std::ostream& out);

}  // namespace hocso::app
