// hocso keys init | selftest | backup -o FILE | restore FILE [--force]
// The backup passphrase comes from --passphrase-file or $HOCSO_KEY_PASSPHRASE.
#include <cstdlib>
#include <fstream>
#include <iostream>

#include "base/files.hpp"
#include "commands.hpp"
#include "key_service.hpp"

namespace hocso::cli {
namespace {
namespace fs = std::filesystem;

struct KeysOptions {
  std::string out, file, passphrase_file;
  bool force = false;
};

// The first line of --passphrase-file, else $HOCSO_KEY_PASSPHRASE; nullopt
// when neither is given.
Result<std::optional<std::string>> passphrase(const KeysOptions& o) {
  if (!o.passphrase_file.empty()) {
    auto text = readFileBounded(o.passphrase_file, kSmallFileLimit);
    if (!text) return fail(text.error().code, "--passphrase-file " + text.error().message);
    if (text->empty()) return std::optional<std::string>();
    return std::optional<std::string>(text->substr(0, text->find('\n')));
  }
  if (const char* env = std::getenv("HOCSO_KEY_PASSPHRASE")) return std::optional<std::string>(env);
  return std::optional<std::string>();
}

}  // namespace

Runner addKeysCommands(CLI::App& app, Globals& g) {
  auto* keys = addCommandGroup(app, "keys", "The kiosk's data key and signing key");
  auto o = std::make_shared<KeysOptions>();
  auto* init = keys->add_subcommand("init", "Create the keys that are missing (DATA_DIR/keys, mode 0600)");
  auto* selftest = keys->add_subcommand("selftest", "Check the keys: present, private, working, matching kiosk.db");
  auto* backup = keys->add_subcommand("backup", "Write both keys to one passphrase-encrypted file");
  backup->add_option("-o,--output", o->out, "Backup file to write (mode 0600)")->required();
  backup->add_option("--passphrase-file", o->passphrase_file, "File whose first line is the passphrase");
  auto* restore = keys->add_subcommand("restore", "Put the keys back from a backup");
  restore->add_option("file", o->file, "Backup file")->required();
  restore->add_option("--passphrase-file", o->passphrase_file, "File whose first line is the passphrase");
  restore->add_flag("--force", o->force, "Replace different existing keys (data encrypted with them is lost)");
  return [=, &g]() -> std::optional<int> {
    if (!init->parsed() && !selftest->parsed() && !backup->parsed() && !restore->parsed()) return std::nullopt;
    auto s = setup(g, true);
    if (!s) return kExitConfig;
    if (init->parsed()) {
      auto st = app::initKeys(s->data_dir);
      if (!st) return error(st.error().message);
      std::cout << (st->created ? "created" : "already present") << ": data key " << st->data_key.string()
                << ", signing key " << st->signing_key.string() << " (key id " << st->signing_key_id << "), public key "
                << st->public_key.string() << "\n";
      return kExitOk;
    }
    if (selftest->parsed()) {
      int failed = 0;
      for (const auto& c : app::selftestKeys(s->data_dir)) {
        std::cout << (c.ok ? "ok    " : "FAIL  ") << c.name << ": " << c.detail << "\n";
        failed += !c.ok;
      }
      if (failed) return error(std::to_string(failed) + " key check(s) failed");
      return kExitOk;
    }
    auto given = passphrase(*o);
    if (!given) return error(given.error().message, kExitUsage);
    const auto& pass = *given;
    if (!pass) return error("give the passphrase with --passphrase-file FILE or $HOCSO_KEY_PASSPHRASE", kExitUsage);
    if (backup->parsed()) {
      if (auto ok = app::backupKeys(s->data_dir, o->out, *pass); !ok) return error(ok.error().message);
      std::cout << "wrote " << o->out << ": keep it away from the kiosk, with the passphrase stored separately\n";
      return kExitOk;
    }
    auto st = app::restoreKeys(s->data_dir, o->file, *pass, o->force);
    if (!st) return error(st.error().message);
    std::cout << "restored the keys into " << (s->data_dir / "keys").string() << " (signing key id " << st->signing_key_id
              << ")\n";
    return kExitOk;
  };
}

}  // namespace hocso::cli
