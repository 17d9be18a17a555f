// hocso report [--from DATE] [--to DATE] [--format csv|json]
// Dates are YYYY-MM-DD (UTC days, both inclusive). JSON fields: assessment/README.md.
#include <iostream>

#include "assessment/report.hpp"
#include "commands.hpp"
#include "kiosk_context.hpp"

namespace hocso::cli {

Runner addReportCommand(CLI::App& app, Globals& g) {
  auto* cmd = app.add_subcommand("report", "Learners, lessons, exams and certificates, by group and quarter");
  auto range = std::make_shared<assessment::ReportRange>();
  auto format = std::make_shared<std::string>("json");
  cmd->add_option("--from", range->from, "First day (YYYY-MM-DD)");
  cmd->add_option("--to", range->to, "Last day (YYYY-MM-DD)");
  cmd->add_option("--format", *format, "json (default) or csv")->check(CLI::IsMember({"json", "csv"}));
  return [cmd, range, format, &g]() -> std::optional<int> {
    if (!cmd->parsed()) return std::nullopt;
    for (const auto* d : {&range->from, &range->to})
      if (!d->empty() && !assessment::isValidDate(*d))
        return error("'" + *d + "' is not a date: use YYYY-MM-DD, e.g. 2026-04-01", kExitUsage);
    if (!range->from.empty() && !range->to.empty() && range->to < range->from)
      return error("--to " + range->to + " is before --from " + range->from, kExitUsage);
    auto s = setup(g, true, DataAccess::ReadOnly);
    if (!s) return kExitConfig;
    std::string source;
    auto pack = app::loadConfiguredPack(s->config, s->data_dir, &source);
    if (!pack) return error(pack.error().message);
    auto db = app::openKioskDatabaseReadOnly(s->data_dir);
    if (!db) return error(db.error().message);
    auto report = assessment::buildReport(**db, *pack, *range);
    if (!report) return error(report.error().message);
    if (*format == "csv")
      std::cout << report->toCsv();
    else
      std::cout << report->toJson().dump(2) << "\n";
    return kExitOk;
  };
}

}  // namespace hocso::cli
