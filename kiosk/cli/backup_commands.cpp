// hocso backup -o FILE | restore FILE [--overwrite-config]: the whole kiosk
// (kiosk.db, keys, hocso.toml and the files it names) in one archive sealed
// with a passphrase, from --passphrase-file or typed (not shown; twice for a backup).
#include <iostream>

#include "backup_service.hpp"
#include "base/files.hpp"
#include "commands.hpp"

namespace hocso::cli {
namespace {

struct BackupOptions {
  std::string out, file, passphrase_file;
  bool overwrite_config = false;
};

Result<std::string> passphrase(const std::string& file, bool twice) {
  if (!file.empty()) {
    auto text = readFileBounded(file, kSmallFileLimit);
    if (!text) return fail(text.error().code, "--passphrase-file " + text.error().message);
    return text->substr(0, text->find('\n'));
  }
  std::cerr << "Backup passphrase (not shown): " << std::flush;
  auto first = readAnswer(true);
  if (!first) return fail(ErrorCode::Invalid, "no passphrase given: type it, or use --passphrase-file FILE");
  if (!twice) return *first;
  if (auto ok = app::checkBackupPassphrase(*first); !ok) return tl::unexpected(ok.error());
  std::cerr << "The same passphrase again: " << std::flush;
  auto again = readAnswer(true);
  if (!again || *again != *first) return fail(ErrorCode::Invalid, "the two passphrases differ; nothing was written");
  return *first;
}

}  // namespace

Runner addBackupCommands(CLI::App& app, Globals& g) {
  auto o = std::make_shared<BackupOptions>();
  auto* backup = app.add_subcommand("backup", "Back up the whole kiosk (while it runs) into one passphrase-sealed file");
  backup->add_option("-o,--output", o->out, "Archive to write (mode 0600)")->required();
  backup->add_option("--passphrase-file", o->passphrase_file, "File whose first line is the passphrase");
  auto* restore = app.add_subcommand("restore", "Check a backup, then put it in place of this kiosk's data");
  restore->add_option("file", o->file, "Archive written by hocso backup")->required();
  restore->add_option("--passphrase-file", o->passphrase_file, "File whose first line is the passphrase");
  restore->add_flag("--overwrite-config", o->overwrite_config, "Also replace hocso.toml and its files when they exist");
  return [=, &g]() -> std::optional<int> {
    if (!backup->parsed() && !restore->parsed()) return std::nullopt;
    if (backup->parsed()) {
      auto s = setup(g, true, DataAccess::ReadOnly);
      if (!s) return kExitConfig;
      auto pass = passphrase(o->passphrase_file, true);
      if (!pass) return error(pass.error().message, kExitUsage);
      auto done = app::backupKiosk(s->config, s->data_dir, o->out, *pass);
      if (!done) return error(done.error().message, done.error().code == ErrorCode::Invalid ? kExitUsage : kExitError);
      std::cout << "wrote " << o->out << " (" << done->bytes / 1024 << " KiB): kiosk.db with " << done->results
                << " results, " << done->files.size() - 1
                << " key and config files; keep it off the kiosk and the passphrase apart from it\n";
      return kExitOk;
    }
    auto s = setup(g, true, DataAccess::None);
    if (!s) return kExitConfig;
    auto pass = passphrase(o->passphrase_file, false);
    if (!pass) return error(pass.error().message, kExitUsage);
    auto done = app::restoreKiosk(o->file, *pass, s->data_dir, o->overwrite_config);
    if (!done) return error(done.error().message);
    std::cout << "restored kiosk " << done->kiosk_id << " into " << s->data_dir.string() << ": " << done->results
              << " results, records chain intact";
    if (!done->replaced.empty()) std::cout << "; the data it replaced is in " << done->replaced.string();
    std::cout << "\n";
    for (const auto& f : done->config_written) std::cout << "put back " << f.string() << "\n";
    for (const auto& f : done->config_kept) std::cout << "kept the existing " << f.string() << " (--overwrite-config replaces it)\n";
    return kExitOk;
  };
}

}  // namespace hocso::cli
