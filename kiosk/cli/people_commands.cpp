// hocso facilitator add --name NAME [--pin-file FILE] | list
// hocso learner delete LEARNER_ID   (erasure on request, Nghị định 13/2023;
//   again for an erased learner: only wipes old copies left in kiosk.db-wal)
// hocso learner duplicates [--json]   (learners who may be registered twice)
// hocso learner merge FROM_ID INTO_ID --by WHO --identity-checked
// A PIN is read from --pin-file or from the first line of stdin, never from argv.
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "base/files.hpp"
#include "commands.hpp"
#include "facilitator_service.hpp"
#include "kiosk_context.hpp"
#include "learner_help_service.hpp"
#include "learner_service.hpp"

namespace hocso::cli {
namespace {

struct PeopleOptions {
  std::string name, pin_file, learner_id, into_id, by;
  bool json = false, identity_checked = false;
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

const char* reasonText(assessment::DuplicateReason r) {
  return r == assessment::DuplicateReason::SameCitizenId ? "same citizen ID" : "same name and birth year";
}

int listDuplicates(app::KioskContext& ctx, bool json) {
  auto found = app::LearnerHelpService(ctx).duplicates();
  if (!found) return error(found.error().message);
  if (json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& d : *found) {
      nlohmann::json pair = {{"reason", d.reason == assessment::DuplicateReason::SameCitizenId ? "citizen_id" : "name_and_birth_year"}};
      for (const auto* s : {&d.first, &d.second})
        pair[s == &d.first ? "first" : "second"] = {{"id", s->found.learner.id},
                                                     {"registered_at", s->found.learner.created_at},
                                                     {"kiosk", s->kiosk},
                                                     {"practice_answers", s->practice_answers},
                                                     {"lessons_read", s->lessons_read}};
      out.push_back(pair);
    }
    std::cout << out.dump(2) << "\n";
    return kExitOk;
  }
  if (found->empty()) std::cout << "no learner seems to be registered twice\n";
  for (const auto& d : *found)
    std::cout << d.first.found.learner.id << "  " << d.second.found.learner.id << "  " << reasonText(d.reason)
              << " (registered " << d.first.found.learner.created_at.substr(0, 10) << " on "
              << (d.first.kiosk.empty() ? "this kiosk" : d.first.kiosk) << " and "
              << d.second.found.learner.created_at.substr(0, 10) << " on "
              << (d.second.kiosk.empty() ? "this kiosk" : d.second.kiosk) << ")\n";
  return kExitOk;
}

int mergeLearners(app::KioskContext& ctx, const PeopleOptions& o) {
  auto done = app::LearnerHelpService(ctx).mergeLearners(o.learner_id, o.into_id, o.by, o.identity_checked);
  if (!done) return error(done.error().message);
  switch (*done) {
    case app::MergeStatus::Done:
      std::cout << "learner " << o.learner_id << " merged into " << o.into_id << " by " << o.by
                << "; the merge reaches the site's other kiosks with the next journal\n";
      return kExitOk;
    case app::MergeStatus::IdentityNotChecked:
      return error("check the learner's identity document first, then add --identity-checked");
    case app::MergeStatus::ExamUnderWay:
      return error("one of the two has an exam under way; finish it first, then merge");
    default:
      return error("these two cannot be merged: one is unknown, deleted or already merged, or they are the same "
                   "learner (see hocso learner duplicates)");
  }
}

}  // namespace

Runner addPeopleCommands(CLI::App& app, Globals& g) {
  auto o = std::make_shared<PeopleOptions>();
  auto* fac = addCommandGroup(app, "facilitator", "Facilitators who start certification exams");
  auto* add = fac->add_subcommand("add", "Add a facilitator (PIN: 4 digits from --pin-file or stdin)");
  add->add_option("--name", o->name, "Full name")->required();
  add->add_option("--pin-file", o->pin_file, "File whose first line is the PIN");
  auto* list = fac->add_subcommand("list", "List active facilitators");
  auto* learner = addCommandGroup(app, "learner", "Learners");
  auto* del = learner->add_subcommand("delete", "Erase a learner's personal data and void what was sent about them");
  del->add_option("id", o->learner_id, "Learner id (pseudonymous)")->required();
  auto* dups = learner->add_subcommand("duplicates", "List learners who may be registered twice");
  dups->add_flag("--json", o->json, "Machine-readable output");
  auto* merge = learner->add_subcommand("merge", "Merge a learner registered twice into the one to keep");
  merge->add_option("from", o->learner_id, "Learner id to merge away")->required();
  merge->add_option("into", o->into_id, "Learner id to keep")->required();
  merge->add_option("--by", o->by, "Who merged them (the facilitator's name or id)")->required();
  merge->add_flag("--identity-checked", o->identity_checked, "The learner's identity document was checked");
  return [=, &g]() -> std::optional<int> {
    if (!add->parsed() && !list->parsed() && !del->parsed() && !dups->parsed() && !merge->parsed()) return std::nullopt;
    auto s = setup(g, true);
    if (!s) return kExitConfig;
    auto ctx = app::openKiosk(s->config, s->data_dir);
    if (!ctx) return error(ctx.error().message);
    if (dups->parsed()) return listDuplicates(**ctx, o->json);
    if (merge->parsed()) return mergeLearners(**ctx, *o);
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
    app::FacilitatorService facilitators(**ctx);
    if (list->parsed()) {
      auto all = facilitators.facilitators();
      if (!all) return error(all.error().message);
      for (const auto& f : *all) std::cout << f.id << "  " << f.name << "  since " << f.created_at << "\n";
      return kExitOk;
    }
    auto pin = readPin(o->pin_file);
    if (!pin) return error(pin.error().message);
    auto f = facilitators.addFacilitator(o->name, *pin);
    if (!f) return error(f.error().message);
    std::cout << "facilitator " << f->id << " added\n";
    return kExitOk;
  };
}

}  // namespace hocso::cli
