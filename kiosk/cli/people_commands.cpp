// hocso facilitator add --name NAME [--pin-file FILE] | list
// hocso learner delete LEARNER_ID   (erasure on request, Nghị định 13/2023;
//   again for an erased learner: only wipes old copies left in kiosk.db-wal)
// A PIN is read from --pin-file or from the first line of stdin, never from argv.
#include <fstream>
#include <iostream>

#include "base/files.hpp"
#include "commands.hpp"
#include "exam_service.hpp"
#include "kiosk_context.hpp"
#include "learner_service.hpp"

namespace hocso::cli {
namespace {

struct PeopleOptions {
  std::string name, pin_file, learner_id;
};

// The first line of --pin-file, or of stdin.
Result<std::string> readPin(const std::string& file) {
  std::string pin;
  if (!file.empty()) {
    auto text = readFileBounded(file, kSmallFileLimit);
    if (!text) return fail(text.error().code, "--pin-file " + text.error().message);
    pin = text->substr(0, text->find('\n'));
  } else {
    std::getline(std::cin, pin);
  }
  while (!pin.empty() && (pin.back() == '\r' || pin.back() == ' ')) pin.pop_back();
  return pin;
}

}  // namespace

Runner addPeopleCommands(CLI::App& app, Globals& g) {
  auto o = std::make_shared<PeopleOptions>();
  auto* fac = app.add_subcommand("facilitator", "Facilitators who start certification exams");
  fac->fallthrough(true);
  fac->require_subcommand(1);
  auto* add = fac->add_subcommand("add", "Add a facilitator (PIN: 4 digits from --pin-file or stdin)");
  add->add_option("--name", o->name, "Full name")->required();
  add->add_option("--pin-file", o->pin_file, "File whose first line is the PIN");
  auto* list = fac->add_subcommand("list", "List active facilitators");
  auto* learner = app.add_subcommand("learner", "Learners");
  learner->fallthrough(true);
  learner->require_subcommand(1);
  auto* del = learner->add_subcommand("delete", "Erase a learner's personal data and void what was sent about them");
  del->add_option("id", o->learner_id, "Learner id (pseudonymous)")->required();
  for (auto* sub : {add, list, del}) sub->fallthrough(true);
  return [=, &g]() -> std::optional<int> {
    if (!add->parsed() && !list->parsed() && !del->parsed()) return std::nullopt;
    auto s = setup(g, true);
    if (!s) return kExitConfig;
    auto ctx = app::openKiosk(s->config, s->data_dir);
    if (!ctx) return error(ctx.error().message);
    if (del->parsed()) {
      app::LearnerService learners(**ctx);
      auto known = learners.find(o->learner_id);
      if (!known) return error(known.error().message);
      if (known->erased) {  // a second run finishes a wipe that a reader held back
        if (auto ok = learners.wipeErasedCopies(); !ok)
          return error(ok.error().message + "; stop the kiosk app and the sync service, then run this again");
        std::cout << "learner " << o->learner_id << " was already deleted; no old copy is left in kiosk.db-wal\n";
        return kExitOk;
      }
      auto done = learners.deleteLearner(o->learner_id);
      if (!done) return error(done.error().message);
      std::cout << "learner " << o->learner_id << ": personal data erased (database and WAL), "
                << done->voiding_statements << " voiding statement(s) queued";
      if (done->certificates_scrubbed > 0)
        std::cout << ", identity taken out of " << done->certificates_scrubbed << " certificate(s)";
      if (done->erasure_request_queued) std::cout << ", erasure request queued for the certification endpoint";
      std::cout << "\n";
      return kExitOk;
    }
    app::ExamService exams(**ctx);
    if (list->parsed()) {
      auto all = exams.facilitators();
      if (!all) return error(all.error().message);
      for (const auto& f : *all) std::cout << f.id << "  " << f.name << "  since " << f.created_at << "\n";
      return kExitOk;
    }
    auto pin = readPin(o->pin_file);
    if (!pin) return error(pin.error().message);
    auto f = exams.addFacilitator(o->name, *pin);
    if (!f) return error(f.error().message);
    std::cout << "facilitator " << f->id << " added\n";
    return kExitOk;
  };
}

}  // namespace hocso::cli
