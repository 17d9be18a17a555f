// hocso content build | verify | inspect | install | rollback | update |
// sign-manifest — compiling pack sources into a signed pack, checking and
// describing packs, signing the channel manifest, and changing the kiosk's
// installed pack atomically (by hand or from the channel).
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <iostream>

#include "base/files.hpp"
#include "commands.hpp"
#include "content/loader.hpp"
#include "content/pack_file.hpp"
#include "content/pack_store.hpp"
#include "kiosk_context.hpp"
#include "sync/channel.hpp"
#include "sync/channel_signature.hpp"
#include "sync/content_update.hpp"
#include "sync/retry.hpp"

namespace hocso::cli {
namespace {
namespace fs = std::filesystem;

struct ContentOptions {
  std::string src, out, key, pack, manifest;
  std::vector<std::string> pubkeys;
  bool json = false;
  bool allow_downgrade = false;
};

// --key, or in a developer build the build's key (with a note); "" after
// printing the usage error.
fs::path signingKey(const ContentOptions& o) {
  if (!o.key.empty()) return o.key;
  fs::path key = content::developerSigningKey();
  std::error_code ec;
  if (key.empty() || !fs::exists(key, ec)) {
    (void)error("--key PRIVATE_PEM is required (an Ed25519 key: openssl genpkey -algorithm ed25519 -out key.pem)",
                kExitUsage);
    return {};
  }
  std::cerr << "note: signing with the developer key " << key.string() << "\n";
  return key;
}

int runBuild(const ContentOptions& o) {
  const fs::path key = signingKey(o);
  if (key.empty()) return kExitUsage;
  std::vector<content::SourceProblem> problems;
  auto built = content::buildPackFile(o.src, o.out, key, &problems);
  if (!built) {
    if (problems.empty()) return error(built.error().message);
    for (const auto& p : problems) std::cerr << p.str() << "\n";
    return error(std::to_string(problems.size()) + " problem(s) in " + o.src + "; the pack was not built");
  }
  auto bytes = content::readWholeFile(o.out);
  auto summary = bytes ? content::inspectPackBytes(*bytes) : tl::unexpected(bytes.error());
  if (!summary) return error(summary.error().message);
  std::cout << "built " << o.out << ": " << summary->id << " " << summary->version << ", " << summary->lessons
            << " lessons, " << summary->questions << " questions, " << summary->images << " images, signed by key "
            << summary->signer_key_id << "\n";
  return kExitOk;
}

std::optional<std::vector<content::TrustedKey>> trusted(const Globals& g, const ContentOptions& o, int& code) {
  std::vector<fs::path> files(o.pubkeys.begin(), o.pubkeys.end());
  if (files.empty()) {
    auto s = setup(g, true, DataAccess::None);
    if (!s) {
      code = kExitConfig;
      return std::nullopt;
    }
    files = content::trustedKeyFiles(s->config);
  }
  auto keys = content::readTrustedKeys(files);
  if (!keys) {
    code = error(keys.error().message, kExitConfig);
    return std::nullopt;
  }
  if (keys->empty()) {
    code = error("no trusted public key: pass --pubkey PUBLIC_PEM or set [content] trusted_keys", kExitConfig);
    return std::nullopt;
  }
  return *keys;
}

int runVerify(const Globals& g, const ContentOptions& o) {
  int code = kExitOk;
  auto keys = trusted(g, o, code);
  if (!keys) return code;
  auto opened = content::openPackFile(o.pack, *keys);
  if (!opened) return error(opened.error().message);
  std::cout << o.pack << ": OK, " << opened->pack.info.id << " " << opened->pack.info.version << " signed by key "
            << content::keyId(opened->verification.trailer.signer) << " ("
            << opened->verification.trusted_key.string() << ")\n";
  return kExitOk;
}

nlohmann::json summaryJson(const content::PackSummary& s) {
  nlohmann::json byGroup = nlohmann::json::object();
  for (const auto& [g, c] : s.by_group) byGroup[g] = {{"lessons", c.lessons}, {"questions", c.questions}, {"reserved", c.reserved}};
  return {{"id", s.id},
          {"version", s.version},
          {"title", s.title},
          {"format", s.format},
          {"framework", s.framework},
          {"framework_version", s.framework_version},
          {"target_groups", s.target_groups},
          {"practice_only", s.practice_only},
          {"built_at", s.built_at},
          {"lessons", s.lessons},
          {"questions", s.questions},
          {"pages", s.pages},
          {"images", s.images},
          {"lexicon", s.lexicon},
          {"by_group", byGroup},
          {"by_type", s.by_type},
          {"by_competency", s.by_competency},
          {"signer_key_id", s.signer_key_id},
          {"sha256", s.sha256},
          {"file_bytes", s.file_bytes},
          {"sqlite_bytes", s.sqlite_bytes}};
}

int runInspect(const ContentOptions& o) {
  auto bytes = content::readWholeFile(o.pack);
  if (!bytes) return error(bytes.error().message);
  auto s = content::inspectPackBytes(*bytes);
  if (!s) return error(o.pack + ": " + s.error().message);
  if (o.json) {
    std::cout << summaryJson(*s).dump(2) << "\n";
    return kExitOk;
  }
  std::cout << s->id << " " << s->version << " — " << s->title << "\n"
            << "  framework:  " << s->framework << " " << s->framework_version << "\n"
            << "  lessons:    " << s->lessons << " (" << s->pages << " pages), questions: " << s->questions
            << ", images: " << s->images << ", lexicon: " << s->lexicon << " words\n";
  for (const auto& [g, c] : s->by_group)
    std::cout << "  group " << g << ":    " << c.lessons << " lessons, " << c.questions << " questions ("
              << c.reserved << " for exams only)\n";
  std::cout << "  types:     ";
  for (const auto& [t, n] : s->by_type) std::cout << " " << t << " " << n;
  std::cout << "\n  signed by key " << s->signer_key_id << " (not checked here: use `hocso content verify`)\n"
            << "  built " << s->built_at << ", sha256 " << s->sha256 << "\n";
  return kExitOk;
}

int runInstall(const Globals& g, const ContentOptions& o, bool rollback) {
  auto s = setup(g, false);
  if (!s) return kExitConfig;
  int code = kExitOk;
  auto keys = trusted(g, o, code);
  if (!keys) return code;
  content::PackStore store(s->data_dir);
  auto r = rollback ? store.rollback(*keys) : store.install(o.pack, *keys, o.allow_downgrade);
  if (!r) return error(r.error().message);
  std::cout << (rollback ? "rolled back to " : "installed ") << r->id << " " << r->version << " (key " << r->key_id
            << ") in " << store.current().string() << "\n";
  if (!r->replaced.empty()) std::cout << "kept " << r->replaced << " as the previous pack\n";
  std::cout << "the kiosk uses it from its next start\n";
  return kExitOk;
}

// Signs the channel manifest with the content key (the key that signs the
// packs it lists), after checking it is a manifest a kiosk can read.
int runSignManifest(const ContentOptions& o) {
  const fs::path key = signingKey(o);
  if (key.empty()) return kExitUsage;
  auto privateKey = Ed25519PrivateKey::fromPemFile(key);
  if (!privateKey) return error(key.string() + ": " + privateKey.error().message);
  auto text = readFileBounded(o.manifest, sync::kMaxManifestBytes);
  if (!text) return error(text.error().message);
  // Relative pack URLs are resolved against wherever the kiosks fetch it from.
  auto parsed = sync::parseChannelManifest(*text, "https://channel.invalid/channel.json", o.manifest);
  if (!parsed) return error(parsed.error().message + "; nothing was signed");
  auto signedText = sync::signChannelManifest(*text, *privateKey);
  if (!signedText) return error(o.manifest + ": " + signedText.error().message);
  const std::string out = o.out.empty() ? o.manifest : o.out;
  if (auto written = writeFileAtomically(out, *signedText, 0644); !written) return error(written.error().message);
  std::cout << "signed " << out << " (" << parsed->packs.size() << " pack entries) with key " << privateKey->keyId()
            << "; publish it as the channel manifest\n";
  return kExitOk;
}

int exitCodeFor(sync::UpdateOutcome o) {
  switch (o) {
    case sync::UpdateOutcome::Updated:
    case sync::UpdateOutcome::Current: return kExitOk;
    case sync::UpdateOutcome::TryLater:
    case sync::UpdateOutcome::Cancelled: return kExitTempFail;
    case sync::UpdateOutcome::Credentials: return kExitNoPerm;
    case sync::UpdateOutcome::NotConfigured:
    case sync::UpdateOutcome::ConfigProblem: return kExitConfig;
    case sync::UpdateOutcome::Refused:
    case sync::UpdateOutcome::Failed: return kExitError;
  }
  return kExitError;
}

// One check of [content] channel, recorded for `hocso sync status`.
int runUpdate(const Globals& g, const ContentOptions& o) {
  auto s = setup(g, true);
  if (!s) return kExitConfig;
  if (s->config.channel.empty())
    return error("no content channel is configured: set [content] channel to the publisher's channel.json URL",
                 kExitConfig);
  auto db = app::openKioskDatabase(s->data_dir);
  if (!db) return error(db.error().message);
  sync::UpdateOptions options;
  options.allow_downgrade = o.allow_downgrade;
  if (auto refused = sync::refusedPackSha256(**db)) options.refused_sha256 = *refused;
  const auto r = sync::updateContent(s->config, s->config, s->data_dir, options);
  if (auto saved = sync::recordContentCheck(**db, r, sync::formatIso8601(sync::Clock::now())); !saved)
    spdlog::warn("{}", saved.error().message);
  const int code = exitCodeFor(r.outcome);
  if (code != kExitOk) return error(r.message, code);
  if (r.outcome == sync::UpdateOutcome::Current) {
    std::cout << r.message << "\n";
    return kExitOk;
  }
  std::cout << "downloaded " << r.downloaded << " bytes";
  for (auto at : r.offsets)
    if (at > 0) std::cout << " (resumed at byte " << at << ")";
  std::cout << "\n" << r.message << "\n";
  if (!s->config.pack.empty())
    std::cout << "note: [content] pack = " << s->config.pack << " is set, so the kiosk keeps using that\n";
  else
    std::cout << "the kiosk uses it from its next start\n";
  return kExitOk;
}

}  // namespace

Runner addContentCommands(CLI::App& app, Globals& g) {
  auto* content = addCommandGroup(app, "content", "Build, check and install content packs");
  auto o = std::make_shared<ContentOptions>();

  auto* build = content->add_subcommand("build", "Compile pack sources into one signed pack file");
  build->add_option("SRC_DIR", o->src, "Pack source folder (pack.toml, lessons/, questions/, images/)")->required();
  build->add_option("-o,--output", o->out, "Pack file to write")->required();
  build->add_option("--key", o->key, "Private Ed25519 key (PEM) that signs the pack");

  auto* verify = content->add_subcommand("verify", "Check a pack's signature (every byte of the file)");
  verify->add_option("PACK", o->pack, "Pack file")->required();
  verify->add_option("--pubkey", o->pubkeys, "Public key (PEM) to trust; default: [content] trusted_keys");

  auto* inspect = content->add_subcommand("inspect", "Describe a pack: id, version, counts by group and type");
  inspect->add_option("PACK", o->pack, "Pack file")->required();
  inspect->add_flag("--json", o->json, "Print stable JSON");

  auto* install = content->add_subcommand("install", "Verify a pack and make it this kiosk's pack (atomically)");
  install->add_option("PACK", o->pack, "Pack file")->required();
  install->add_flag("--allow-downgrade", o->allow_downgrade, "Accept an older version of the installed pack");

  auto* rollback = content->add_subcommand("rollback", "Go back to the pack installed before the current one");

  auto* update = content->add_subcommand(
      "update", "Check [content] channel; download (resuming), verify and install a newer pack; exit 0 when "
                "updated or current, 75 to try later, 1 refused, 77 credentials, 78 config");
  update->add_flag("--allow-downgrade", o->allow_downgrade,
                   "Also install an older version when that is what the channel lists");

  auto* signManifest = content->add_subcommand(
      "sign-manifest", "Sign the channel manifest (channel.json) with the content key that signs the packs");
  signManifest->add_option("MANIFEST", o->manifest, "Channel manifest (JSON) to sign; rewritten in place")->required();
  signManifest->add_option("--key", o->key, "Private Ed25519 key (PEM): the content key");
  signManifest->add_option("-o,--output", o->out, "Write the signed manifest here instead of over MANIFEST");

  return [=, &g]() -> std::optional<int> {
    if (build->parsed()) return runBuild(*o);
    if (verify->parsed()) return runVerify(g, *o);
    if (inspect->parsed()) return runInspect(*o);
    if (install->parsed()) return runInstall(g, *o, false);
    if (rollback->parsed()) return runInstall(g, *o, true);
    if (update->parsed()) return runUpdate(g, *o);
    if (signManifest->parsed()) return runSignManifest(*o);
    return std::nullopt;
  };
}

}  // namespace hocso::cli
