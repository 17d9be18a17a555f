// hocso simulate --learners N [--seed S] [--ack-log FILE] [--identities-out FILE] [--practice-only]
#include <iostream>

#include "commands.hpp"
#include "kiosk_context.hpp"
#include "learning_service.hpp"
#include "simulator.hpp"

namespace hocso::cli {

Runner addSimulateCommand(CLI::App& app, Globals& g) {
  auto* cmd = app.add_subcommand("simulate", "Run synthetic learners through registration, practice and the exam (no window)");
  auto opts = std::make_shared<app::SimulationOptions>();
  cmd->add_option("--learners", opts->learners, "How many learners")->required()->check(CLI::Range(0, 1000000));
  cmd->add_option("--seed", opts->seed, "Seed: the same seed gives the same output");
  cmd->add_option("--ack-log", opts->ack_log, "Append 'ACK <attempt> <question>' after each committed answer");
  cmd->add_option("--identities-out", opts->identities_out, "Write 'citizen_id,full_name' per learner to FILE");
  cmd->add_flag("--practice-only", opts->practice_only,
                "Only the thin path: register (no consent) and one practice quiz per learner");
  return [cmd, opts, &g]() -> std::optional<int> {
    if (!cmd->parsed()) return std::nullopt;
    auto s = setup(g, true);
    if (!s) return kExitConfig;
    auto ctx = app::openKiosk(s->config, s->data_dir);
    if (!ctx) return error(ctx.error().message);
    app::LearningService service(**ctx);
    auto summary = app::simulate(service, *opts, std::cout);
    if (!summary) return error(summary.error().message);
    std::cout << "simulated " << summary->learners << " learners, " << summary->quizzes << " quizzes ("
              << summary->passed << " passed), " << summary->answers << " answers";
    if (!opts->practice_only)
      std::cout << ", " << summary->exams << " exams (" << summary->exams_passed << " passed), " << summary->sign_ins
                << " sign-ins";
    std::cout << "\n";
    return kExitOk;
  };
}

}  // namespace hocso::cli
