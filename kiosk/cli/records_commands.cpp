// hocso records verify [--pubkey PEM]... | export --format jsonl [--include-personal] [-o FILE]
#include <fstream>
#include <iostream>

#include "commands.hpp"
#include "records_service.hpp"

namespace hocso::cli {
namespace {

struct RecordsOptions {
  std::vector<std::string> pubkeys;
  std::string format = "jsonl", out;
  bool include_personal = false;
};

}  // namespace

Runner addRecordsCommands(CLI::App& app, Globals& g) {
  auto* records = addCommandGroup(app, "records", "Tamper-evident records: verify the chain, export");
  auto o = std::make_shared<RecordsOptions>();
  auto* verify = records->add_subcommand("verify", "Check the signed hash chain of results; names the first broken record");
  verify->add_option("--pubkey", o->pubkeys, "Another trusted public key PEM (e.g. of a previous signing key)");
  auto* exp = records->add_subcommand("export", "Every record as one JSON object per line");
  exp->add_option("--format", o->format, "Output format")->check(CLI::IsMember({"jsonl"}));
  exp->add_flag("--include-personal", o->include_personal, "Include decrypted names, citizen IDs and phones");
  exp->add_option("-o,--output", o->out, "Write to FILE instead of stdout");
  return [=, &g]() -> std::optional<int> {
    if (!verify->parsed() && !exp->parsed()) return std::nullopt;
    auto s = setup(g, true, DataAccess::ReadOnly);
    if (!s) return kExitConfig;
    if (verify->parsed()) {
      std::vector<std::filesystem::path> keys(o->pubkeys.begin(), o->pubkeys.end());
      auto report = app::verifyRecords(s->data_dir, keys);
      if (!report) return error(report.error().message);
      if (!report->intact) return error("records broken: " + report->problem);
      std::cout << "records intact: " << report->records << " results in the chain, head #" << report->head_seq << " "
                << report->head_hash.substr(0, 16) << " signed";
      if (report->unsealed_legacy)
        std::cout << "; " << report->unsealed_legacy << " results from before the chain existed (outside it, not sealed)";
      std::cout << "\n";
      return kExitOk;
    }
    std::ofstream file;
    if (!o->out.empty()) {
      file.open(o->out, std::ios::trunc);
      if (!file) return error("cannot write " + o->out);
    }
    std::ostream& out = o->out.empty() ? std::cout : file;
    auto lines = app::exportRecords(s->data_dir, out, o->include_personal);
    if (!lines) return error(lines.error().message);
    out.flush();
    if (!out) return error("writing the export failed");
    if (!o->out.empty()) std::cerr << "wrote " << *lines << " records to " << o->out << "\n";
    return kExitOk;
  };
}

}  // namespace hocso::cli
