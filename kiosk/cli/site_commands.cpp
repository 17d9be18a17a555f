// hocso site init --name N -o INVITE --pin-file F | join INVITE --pin-file F
//            | export -o DIR | import DIR | status [--json]
#include <iostream>
#include <nlohmann/json.hpp>

#include "base/files.hpp"
#include "commands.hpp"
#include "site_service.hpp"

namespace hocso::cli {
namespace {

struct SiteOptions {
  std::string name, out, invite, pin_file, dir;
  bool json = false;
};

int failed(const Error& e) { return error(e.message, exitCodeForError(e)); }

int initSite(app::KioskContext& c, const SiteOptions& o, const std::string& pin) {
  auto m = app::initSite(c, o.name, o.out, pin);
  if (!m) return failed(m.error());
  std::cout << "created site " << m->site_id << " (" << m->name << "); give " << o.out
            << " and its PIN (separately) to the other kiosks: hocso site join " << o.out << " --pin-file F\n";
  return kExitOk;
}

int joinSite(app::KioskContext& c, const SiteOptions& o, const std::string& pin) {
  auto m = app::joinSite(c, o.invite, pin);
  if (!m) return failed(m.error());
  std::cout << "this kiosk (" << c.kiosk_id << ") is in site " << m->site_id << " (" << m->name << ")\n";
  return kExitOk;
}

int exportSite(app::KioskContext& c, const SiteOptions& o) {
  auto r = app::exportSite(c, o.out);
  if (!r) return failed(r.error());
  if (r->journal.seq > 0)
    std::cout << "wrote segment " << r->journal.seq << " of kiosk " << c.kiosk_id << " (" << r->journal.records
              << " records)";
  else
    std::cout << "no new records for the journal";
  std::cout << "; copied " << r->copied << " segment file(s) to " << o.out << "\n";
  return kExitOk;
}

int importSite(app::KioskContext& c, const SiteOptions& o) {
  auto r = app::importSite(c, o.dir);
  if (!r) return failed(r.error());
  for (const auto& line : r->conflicts) std::cout << "conflict: " << line << "\n";
  std::cout << "imported " << r->segments << " new segment(s): " << r->inserted << " new, " << r->updated
            << " updated, " << r->unchanged << " unchanged, " << r->conflicts.size() << " conflict(s)";
  if (r->erased > 0) std::cout << "; " << r->erased << " learner(s) erased as another kiosk asked";
  std::cout << "\n";
  return r->conflicts.empty() ? kExitOk : 65;
}

nlohmann::json statusJson(const std::optional<app::SiteStatus>& st) {
  if (!st) return {{"site_id", nullptr}, {"kiosks", nlohmann::json::array()}, {"learners_from_peers", 0}};
  nlohmann::json j = {{"site_id", st->site_id},
                      {"name", st->name},
                      {"kiosks", nlohmann::json::array()},
                      {"learners_from_peers", st->learners_from_peers},
                      {"conflicts", st->conflicts}};
  for (const auto& k : st->kiosks)
    j["kiosks"].push_back({{"id", k.id},
                           {"this_kiosk", k.this_kiosk},
                           {"last_seen", k.last_seen.empty() ? nlohmann::json(nullptr) : nlohmann::json(k.last_seen)},
                           {"segments", k.segments},
                           {"segments_behind", k.segments_behind}});
  return j;
}

int printStatus(app::KioskContext& c, const SiteOptions& o) {
  auto st = app::siteStatus(c);
  if (!st) return failed(st.error());
  if (o.json) {
    std::cout << statusJson(*st).dump() << "\n";
    return kExitOk;
  }
  if (!*st) {
    std::cout << "this kiosk is in no site\n";
    return kExitOk;
  }
  std::cout << "site " << (*st)->site_id << " (" << (*st)->name << "), " << (*st)->learners_from_peers
            << " learner(s) from other kiosks, " << (*st)->conflicts << " conflict(s)\n";
  for (const auto& k : (*st)->kiosks)
    std::cout << "  " << k.id << (k.this_kiosk ? " (this kiosk)" : "") << ": " << k.segments << " segment(s), last "
              << (k.last_seen.empty() ? "never" : k.last_seen) << ", " << k.segments_behind << " behind\n";
  return kExitOk;
}

}  // namespace

Runner addSiteCommands(CLI::App& app, Globals& g) {
  auto* site = addCommandGroup(app, "site", "The kiosks of one commune acting as one site");
  auto o = std::make_shared<SiteOptions>();
  auto* init = site->add_subcommand("init", "Create the site on this kiosk and write the invite for the others");
  init->add_option("--name", o->name, "The site's name (e.g. the commune)")->required();
  init->add_option("-o,--output", o->out, "Invite file to write (mode 0600)")->required();
  init->add_option("--pin-file", o->pin_file, "File whose first line is the invite PIN (at least 6 characters)")->required();
  auto* join = site->add_subcommand("join", "Join the site of an invite");
  join->add_option("invite", o->invite, "Invite file (from hocso site init)")->required();
  join->add_option("--pin-file", o->pin_file, "File whose first line is the invite PIN")->required();
  auto* exp = site->add_subcommand("export", "Write this kiosk's new records to its journal and copy the site's journals to DIR");
  exp->add_option("-o,--output", o->out, "Folder to write (e.g. on a USB stick)")->required();
  auto* imp = site->add_subcommand("import", "Import the other kiosks' journals from DIR");
  imp->add_option("dir", o->dir, "Folder holding one folder per kiosk")->required();
  auto* status = site->add_subcommand("status", "The site's kiosks and how far this kiosk has their records");
  status->add_flag("--json", o->json, "Stable JSON output");
  return [=, &g]() -> std::optional<int> {
    if (!init->parsed() && !join->parsed() && !exp->parsed() && !imp->parsed() && !status->parsed()) return std::nullopt;
    auto s = setup(g, true);
    if (!s) return kExitConfig;
    std::string pin;
    if (init->parsed() || join->parsed()) {
      auto p = readSecretFile(o->pin_file);
      if (!p) return error("--pin-file " + p.error().message, kExitUsage);
      pin = *p;
    }
    auto ctx = app::openKiosk(s->config, s->data_dir);
    if (!ctx) return error(ctx.error().message);
    auto& c = **ctx;
    if (init->parsed()) return initSite(c, *o, pin);
    if (join->parsed()) return joinSite(c, *o, pin);
    if (exp->parsed()) return exportSite(c, *o);
    if (imp->parsed()) return importSite(c, *o);
    return printStatus(c, *o);
  };
}

}  // namespace hocso::cli
