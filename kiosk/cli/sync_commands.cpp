// hocso sync once | run | status [--json] | export -o FILE | import FILE --key PEM
// | trust-kiosk PUBKEY_PEM --kiosk-id ID | trusted | untrust-kiosk ID
// (status also shows the last content channel check, see `hocso content update`)
#include <pwd.h>
#include <signal.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <iostream>

#include "commands.hpp"
#include "key_binding.hpp"
#include "key_service.hpp"
#include "kiosk_context.hpp"
#include "machine_identity.hpp"
#include "site_watcher.hpp"
#include "sync/bundle.hpp"
#include "sync/certification.hpp"
#include "sync/kiosk_registry.hpp"
#include "sync/lrs_sync.hpp"
#include "sync/outbox.hpp"
#include "sync/site.hpp"
#include "sync/status.hpp"
#include "sync/status_text.hpp"
#include "sync/worker.hpp"

namespace hocso::cli {
namespace {


// `sync import` found record ids that arrived with other content than the
// rows already here (sysexits EX_DATAERR; see sync/README.md).
constexpr int kExitImportConflict = 65;

// How bad an outcome is for the exit code: the worst configured endpoint wins.
int exitCodeFor(sync::SyncOutcome o) {
  switch (o) {
    case sync::SyncOutcome::Drained:
    case sync::SyncOutcome::NotConfigured:
      return kExitOk;
    case sync::SyncOutcome::TryLater:
    case sync::SyncOutcome::Cancelled:
      return kExitTempFail;
    case sync::SyncOutcome::Credentials:
      return kExitNoPerm;
    case sync::SyncOutcome::ConfigProblem:
      return kExitConfig;
  }
  return kExitError;
}

int severity(int code) {
  switch (code) {
    case kExitOk: return 0;
    case kExitTempFail: return 1;
    case kExitNoPerm: return 2;
    default: return 3;
  }
}

// One pass for each configured endpoint; prints counts; returns the exit code.
int deliverNow(const Setup& s, SQLite::Database& db) {
  const bool lrsConfigured = !s.config.lrs.endpoint.empty();
  const bool certConfigured = !s.config.certification.endpoint.empty();
  int code = kExitOk;
  std::string why;
  auto account = [&](const sync::SyncReport& r) {
    const int c = exitCodeFor(r.outcome);
    if (severity(c) > severity(code)) {
      code = c;
      why = r.message;
      if (c == kExitTempFail && !r.next_attempt.empty()) why += " (next attempt " + r.next_attempt + ")";
    }
  };
  auto lrs = sync::syncLrsOnce(db, s.config, {.kiosk_id = s.config.kiosk_id});
  if (lrsConfigured) {
    std::cout << "delivered " << lrs.delivered << ", quarantined " << lrs.quarantined << ", pending " << lrs.remaining
              << "\n";
    account(lrs);
  } else {
    std::cout << "no LRS configured ([sync.lrs] endpoint): " << lrs.remaining << " statements wait on this kiosk\n";
  }
  if (certConfigured) {
    auto keys = app::bindKeys(db, s.data_dir, "");
    if (!keys) return error(keys.error().message);
    auto cert = sync::syncCertificationOnce(db, s.config, keys->cipher, {.kiosk_id = s.config.kiosk_id});
    std::cout << "certificates: delivered " << cert.delivered << ", quarantined " << cert.quarantined << ", pending "
              << cert.remaining << "\n";
    account(cert);
  } else if (auto st = sync::OutboxRepository(db).status(sync::kCertification); st && st->pending > 0) {
    std::cout << "no certification endpoint configured ([sync.certification] endpoint): " << st->pending
              << " certificates wait on this kiosk\n";
  }
  if (code == kExitTempFail) std::cerr << "will retry later: " << why << "\n";
  else if (code != kExitOk) return error(why, code);
  return code;
}

int runOnce(const Globals& g) {
  auto s = setup(g, false);
  if (!s) return kExitConfig;
  auto db = app::openKioskDatabase(s->data_dir);
  if (!db) return error(db.error().message);
  // A copied disk sends nothing under the other kiosk's identity.
  if (auto same = app::checkMachineIdentity(**db, s->data_dir); !same) return error(same.error().message, kExitConfig);
  return deliverNow(*s, **db);
}

int runExport(const Globals& g, const std::string& out) {
  auto s = setup(g, true);
  if (!s) return kExitConfig;
  auto ctx = app::openKiosk(s->config, s->data_dir);
  if (!ctx) return error(ctx.error().message);
  const sync::BundleIdentity kiosk{(*ctx)->kiosk_id, s->config.site_id, app::bundleSigningKeyFile(s->data_dir)};
  auto summary = sync::exportBundle(*(*ctx)->db, s->config, (*ctx)->cipher, kiosk, out);
  if (!summary)
    return error(summary.error().message, summary.error().code == ErrorCode::Config ? kExitConfig : kExitError);
  std::cout << "wrote " << out << ": " << summary->statements << " statements, " << summary->certificates
            << " certificates, signed by kiosk key " << summary->signer_key_id << "\n"
            << "the office accepts it once this kiosk is enrolled there: hocso sync trust-kiosk "
            << app::bundlePublicKeyFile(s->data_dir).filename().string() << " --kiosk-id " << (*ctx)->kiosk_id
            << " (that file is in " << app::bundlePublicKeyFile(s->data_dir).parent_path().string() << ")\n";
  return kExitOk;
}

int runImport(const Globals& g, const std::string& file, const std::string& key, const std::vector<std::string>& kioskKeys) {
  auto s = setup(g, false);
  if (!s) return kExitConfig;
  auto db = app::openKioskDatabase(s->data_dir);
  if (!db) return error(db.error().message);
  auto bound = app::bindKeys(**db, s->data_dir, "");
  if (!bound) return error(bound.error().message);
  std::vector<std::filesystem::path> keys(kioskKeys.begin(), kioskKeys.end());
  auto summary = sync::importBundle(**db, bound->cipher, file, key, keys);
  if (!summary) {
    const ErrorCode code = summary.error().code;
    return error(summary.error().message, code == ErrorCode::Config        ? kExitConfig
                                          : code == ErrorCode::Credentials ? kExitNoPerm
                                                                           : kExitError);
  }
  std::cout << "imported " << file << " from kiosk " << summary->kiosk_id << " (site " << summary->site_id << ", "
            << summary->created_at << ", key " << summary->signer_key_id
            << (summary->enrolled ? ", enrolled" : ", trusted for this import by --kiosk-key") << "): " << summary->added
            << " new of " << summary->rows << " rows, " << summary->conflicts.size() << " conflicts\n";
  for (const auto& c : summary->conflicts)
    std::cout << "conflict: " << c.endpoint << " record " << c.record_id
              << " differs from the one already imported; the first one was kept\n";
  const int delivered = deliverNow(*s, **db);
  if (summary->chain_went_back) {
    std::cerr << "error: the record chain of kiosk " << summary->kiosk_id << " went back from record "
              << summary->chain_went_back->from_seq << " to " << summary->chain_went_back->to_seq
              << " (a later bundle holds fewer records than an earlier one showed): records were wiped or an old "
                 "copy was restored on that kiosk; the rows were imported, and the rollback is in chain_rollbacks. "
                 "Run \"hocso records verify\" on that kiosk\n";
    if (delivered == kExitOk) return kExitImportConflict;
  }
  if (!summary->conflicts.empty()) {
    std::cerr << "error: " << summary->conflicts.size() << " record(s) from kiosk " << summary->kiosk_id
              << " conflict with rows imported before (a forged or altered bundle came first?); they were not "
                 "queued: compare the bundles and the import_conflicts table before acting\n";
    return delivered == kExitOk ? kExitImportConflict : delivered;
  }
  return delivered;
}

std::string currentUser() {
  if (const char* sudo = std::getenv("SUDO_USER"); sudo && *sudo) return sudo;
  if (const passwd* pw = ::getpwuid(::getuid()); pw && pw->pw_name) return pw->pw_name;
  return "uid " + std::to_string(::getuid());
}

int runTrustKiosk(const Globals& g, const std::string& pubkey, const std::string& kioskId, std::string by) {
  auto s = setup(g, true);
  if (!s) return kExitConfig;
  auto key = readEd25519PublicKeyPem(pubkey);
  if (!key)
    return error("cannot enrol kiosk " + kioskId + ": " + key.error().message +
                 " (give the kiosk's keys/kiosk-sign.pub.pem)");
  auto db = app::openKioskDatabase(s->data_dir);
  if (!db) return error(db.error().message);
  if (by.empty()) by = currentUser();
  if (auto ok = sync::KioskRegistry(**db).enroll(kioskId, *key, by); !ok) return error(ok.error().message);
  std::cout << "kiosk " << kioskId << " enrolled with key " << ed25519KeyId(*key) << " by " << by
            << ": its USB bundles are accepted here\n";
  return kExitOk;
}

int runTrusted(const Globals& g, bool asJson) {
  auto s = setup(g, true);
  if (!s) return kExitConfig;
  auto db = app::openKioskDatabase(s->data_dir);
  if (!db) return error(db.error().message);
  auto all = sync::KioskRegistry(**db).all();
  if (!all) return error(all.error().message);
  if (asJson) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& k : *all)
      out.push_back({{"kiosk_id", k.kiosk_id}, {"key_id", k.key_id}, {"enrolled_by", k.enrolled_by},
                     {"enrolled_at", k.enrolled_at}});
    std::cout << out.dump(2) << "\n";
    return kExitOk;
  }
  if (all->empty()) std::cout << "no kiosk is enrolled (hocso sync trust-kiosk PUBKEY_PEM --kiosk-id ID)\n";
  for (const auto& k : *all)
    std::cout << k.kiosk_id << "  key " << k.key_id << "  enrolled " << k.enrolled_at << " by " << k.enrolled_by << "\n";
  return kExitOk;
}

int runUntrustKiosk(const Globals& g, const std::string& kioskId) {
  auto s = setup(g, true);
  if (!s) return kExitConfig;
  auto db = app::openKioskDatabase(s->data_dir);
  if (!db) return error(db.error().message);
  auto removed = sync::KioskRegistry(**db).remove(kioskId);
  if (!removed) return error(removed.error().message);
  if (!*removed) return error("kiosk " + kioskId + " is not enrolled here (see hocso sync trusted)");
  std::cout << "kiosk " << kioskId << " removed: its USB bundles are refused here from now on\n";
  return kExitOk;
}

int runService(const Globals& g) {
  auto s = setup(g, false);
  if (!s) return kExitConfig;
  std::optional<FieldCipher> cipher;
  {
    auto db = app::openKioskDatabase(s->data_dir);  // creates and migrates kiosk.db if needed
    if (!db) return error(db.error().message);
    if (auto same = app::checkMachineIdentity(**db, s->data_dir); !same) return error(same.error().message, kExitConfig);
    auto keys = app::bindKeys(**db, s->data_dir, "");  // the keys of this kiosk.db, never a silent new one
    if (!keys) return error(keys.error().message);
    cipher = keys->cipher;
  }
  // SIGTERM/SIGINT are taken synchronously by this thread; the worker thread
  // inherits the blocked mask and never sees them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  sync::SyncWorker::Options options;
  options.database = s->data_dir / "kiosk.db";
  options.data_dir = s->data_dir;
  options.sync = s->config;
  options.content = s->config;
  options.kiosk_id = s->config.kiosk_id;
  if (!s->config.certification.endpoint.empty()) options.cipher = *cipher;
  if (s->config.lrs.endpoint.empty() && s->config.certification.endpoint.empty())
    spdlog::warn("no endpoint is configured ([sync.lrs] / [sync.certification] endpoint): records wait on this kiosk");
  sync::SyncWorker worker(std::move(options));
  if (auto ok = worker.start(); !ok) return error(ok.error().message);
  spdlog::info("sync service running (every {} s, and on new records); SIGTERM or SIGINT stops it",
               s->config.sync_interval_seconds);
  int sig = 0;
  // A kiosk in a site also watches DATA_DIR/site on this thread: its journal
  // and the peers' segments (app/site_watcher.hpp), between signals.
  std::unique_ptr<app::KioskContext> siteCtx;
  if (auto db = app::openKioskDatabase(s->data_dir); db) {
    auto m = sync::SiteRepository(**db).membership();
    if (m && *m) {
      // A site problem must not stop the deliveries: they go on, unwatched.
      if (auto ctx = app::openKiosk(s->config, s->data_dir); !ctx) {
        spdlog::error("site {}: not watching {}: {}", (*m)->site_id, app::siteFolder(s->data_dir).string(),
                      ctx.error().message);
      } else {
        siteCtx = std::move(*ctx);
        spdlog::info("site {}: watching {} (journal and the other kiosks' segments)", (*m)->site_id,
                     app::siteFolder(s->data_dir).string());
      }
    }
  }
  if (siteCtx) {
    app::SiteWatcher watcher(*siteCtx);
    const timespec tick{2, 0};
    for (;;) {
      watcher.pass();
      sig = sigtimedwait(&signals, nullptr, &tick);
      if (sig == SIGTERM || sig == SIGINT) break;
    }
  } else {
    sigwait(&signals, &sig);
  }
  spdlog::info("stopping on {}", sig == SIGTERM ? "SIGTERM" : "SIGINT");
  worker.stop();
  const auto snap = worker.snapshot();
  spdlog::info("sync service stopped: {} delivered since start, {} pending", snap.delivered_since_start,
               snap.status.lrs.pending + snap.status.certification.pending);
  return kExitOk;
}

int runStatus(const Globals& g, bool asJson) {
  auto s = setup(g, true, DataAccess::ReadOnly);
  if (!s) return kExitConfig;
  auto db = app::openKioskDatabaseReadOnly(s->data_dir);
  if (!db) return error(db.error().message);
  auto st = sync::readSyncStatus(**db, s->config, s->config);
  if (!st) return error(st.error().message);
  sync::OutboxRepository outbox(**db);
  auto lrsQ = outbox.quarantined(sync::kLrs, 50);
  auto certQ = outbox.quarantined(sync::kCertification, 50);
  if (asJson) {
    auto list = [](const Result<std::vector<sync::QuarantinedRow>>& rows) {
      nlohmann::json a = nlohmann::json::array();
      if (rows)
        for (const auto& r : *rows) a.push_back({{"record_id", r.record_id}, {"reason", r.reason}});
      return a;
    };
    nlohmann::json j = sync::statusJson(*st);
    j["summary_vi"] = sync::summaryVi(st->lrs);
    j["quarantine"] = list(lrsQ);
    j["certification"]["summary_vi"] = sync::summaryVi(st->certification);
    j["certification"]["quarantine"] = list(certQ);
    j["content"]["summary_vi"] = sync::contentSummaryVi(st->content);
    std::cout << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return kExitOk;
  }
  auto show = [](const char* name, const std::string& endpoint, const sync::EndpointStatus& e,
                 const Result<std::vector<sync::QuarantinedRow>>& q) {
    std::cout << name << " " << (endpoint.empty() ? "(not configured)" : endpoint) << "\n"
              << "  " << sync::summaryVi(e) << "\n"
              << "  pending:      " << e.pending << (e.configured ? "" : " (" + std::to_string(e.waiting) + " waiting)")
              << "\n"
              << "  delivered:    " << e.delivered << "\n"
              << "  quarantined:  " << e.quarantined << "\n"
              << "  last success: " << (e.last_success.empty() ? "never" : e.last_success) << "\n"
              << "  last error:   " << (e.last_error.empty() ? "none" : e.last_error) << "\n";
    if (!e.next_attempt.empty()) std::cout << "  next attempt: " << e.next_attempt << "\n";
    if (e.clock_offset_ms)
      std::cout << "  clock offset: " << *e.clock_offset_ms / 1000 << " s (server − kiosk, " << e.clock_checked_at
                << ")\n";
    if (q)
      for (const auto& r : *q) std::cout << "  quarantined " << r.record_id << ": " << r.reason << "\n";
  };
  if (const std::string clock = sync::clockWarningVi(*st); !clock.empty()) std::cout << "Clock: " << clock << "\n";
  show("LRS", s->config.lrs.endpoint, st->lrs, lrsQ);
  show("Certification", s->config.certification.endpoint, st->certification, certQ);
  const auto& c = st->content;
  std::cout << "Content channel " << (c.configured ? c.channel : "(not configured)") << "\n";
  if (!c.pack_id.empty()) std::cout << "  installed:    " << c.pack_id << " " << c.installed_version << "\n";
  if (!c.available_version.empty()) std::cout << "  on channel:   " << c.available_version << "\n";
  std::cout << "  last check:   " << (c.last_check.empty() ? "never" : c.last_check + " (" + c.result + ")") << "\n";
  if (!c.last_error.empty()) std::cout << "  last error:   " << c.last_error << "\n";
  if (!c.last_update.empty()) std::cout << "  last update:  " << c.last_update << "\n";
  if (!c.next_check.empty()) std::cout << "  next check:   " << c.next_check << "\n";
  return kExitOk;
}

}  // namespace

Runner addSyncCommands(CLI::App& app, Globals& g) {
  auto* sync = addCommandGroup(app, "sync", "Deliver recorded results to the central LRS and certification endpoint");
  auto* once = sync->add_subcommand(
      "once", "Send everything pending now; exit 0 when none is left, 75 when some must wait, 77 credentials, 78 config");
  auto* run = sync->add_subcommand("run", "Run the sync service until SIGTERM/SIGINT (systemd)");
  auto* status = sync->add_subcommand("status", "Show what is pending, delivered and quarantined");
  auto asJson = std::make_shared<bool>(false);
  status->add_flag("--json", *asJson, "Print stable JSON");
  struct BundleArgs {
    std::string out, file, key;
    std::vector<std::string> kiosk_keys;
  };
  auto b = std::make_shared<BundleArgs>();
  auto* exp = sync->add_subcommand("export", "Write everything not yet delivered to a signed, encrypted USB bundle");
  exp->add_option("-o,--output", b->out, "Bundle file to write")->required();
  auto* imp = sync->add_subcommand("import", "Queue a USB bundle's rows here and deliver them (idempotent)");
  imp->add_option("file", b->file, "Bundle file")->required();
  imp->add_option("--key", b->key, "Central office X25519 private key (PEM)")->required();
  imp->add_option("--kiosk-key", b->kiosk_keys,
                  "Also trust this kiosk public key (PEM) for this import only; repeatable (enrolled kiosks need none)");
  struct TrustArgs {
    std::string pubkey, kiosk_id, by, untrust_id;
    bool json = false;
  };
  auto t = std::make_shared<TrustArgs>();
  auto* trust = sync->add_subcommand("trust-kiosk", "Enrol a kiosk: accept its USB bundles, signed by this public key");
  trust->add_option("pubkey", t->pubkey, "The kiosk's bundle public key (its keys/kiosk-sign.pub.pem)")->required();
  trust->add_option("--kiosk-id", t->kiosk_id, "The kiosk's id (`hocso sync export` on the kiosk prints it)")->required();
  trust->add_option("--by", t->by, "Who enrols it (default: the user running the command)");
  auto* trusted = sync->add_subcommand("trusted", "List the enrolled kiosks");
  trusted->add_flag("--json", t->json, "Print stable JSON");
  auto* untrust = sync->add_subcommand("untrust-kiosk", "Remove an enrolled kiosk: refuse its USB bundles");
  untrust->add_option("kiosk_id", t->untrust_id, "Kiosk id")->required();
  return [once, run, status, exp, imp, trust, trusted, untrust, asJson, b, t, &g]() -> std::optional<int> {
    if (once->parsed()) return runOnce(g);
    if (run->parsed()) return runService(g);
    if (status->parsed()) return runStatus(g, *asJson);
    if (exp->parsed()) return runExport(g, b->out);
    if (imp->parsed()) return runImport(g, b->file, b->key, b->kiosk_keys);
    if (trust->parsed()) return runTrustKiosk(g, t->pubkey, t->kiosk_id, t->by);
    if (trusted->parsed()) return runTrusted(g, t->json);
    if (untrust->parsed()) return runUntrustKiosk(g, t->untrust_id);
    return std::nullopt;
  };
}

}  // namespace hocso::cli
