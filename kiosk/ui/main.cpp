// hocso-kiosk — the learner-facing app. A thin main: options, configuration,
// logging, the shared composition, then the window's frame loop.
#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <chrono>
#include <cstdio>
#include <future>
#include <iostream>

#include "../app/kiosk_context.hpp"
#include "../app/learning_service.hpp"
#include "services.hpp"
#include "sync/worker.hpp"
#include "base/logging.hpp"
#include "base/paths.hpp"
#include "i18n.hpp"
#include "stop_signals.hpp"
#include "window.hpp"

namespace {

// What the command line asks for, besides the window's options.
struct Flags {
  std::string config, dataDir;
  bool verbose = false;
  int idleSeconds = 0;
  bool noSync = false;
  std::string size = "1366x768";
};

void addOptions(CLI::App& cli, Flags& flags, hocso::ui::WindowOptions& opt) {
  cli.add_option("--config", flags.config, "Configuration file (TOML)");
  cli.add_option("--data-dir", flags.dataDir, "Data directory holding kiosk.db");
  cli.add_flag("--windowed", opt.windowed, "Run in a window instead of fullscreen (developers)");
  cli.add_option("--renderer", opt.renderer, "auto | software | opengl")
      ->check(CLI::IsMember({"auto", "software", "opengl"}));
  cli.add_option("--screenshot", opt.screenshot, "Render the first screen, save it as PNG, exit");
  cli.add_option("--script", opt.script, "Drive the real UI from a script (tests), then exit");
  cli.add_option("--frame-stats", opt.frame_stats, "Write each rendered frame's screen, duration and UI-building time (ms) to FILE at exit (benchmarks)");
  cli.add_option("--size", flags.size, "Window size WIDTHxHEIGHT in windowed mode (default 1366x768)");
  cli.add_flag("-v,--verbose", flags.verbose, "Log debug details to stderr");
  cli.add_option("--idle-timeout", flags.idleSeconds, "Sign a learner out after this many idle seconds (overrides [kiosk] idle_minutes)")
      ->check(CLI::Range(2, 86400));
  cli.add_flag("--no-sync", flags.noSync, "Do not start the background sync (tests)");
}

// An empty value would silently mean the default (the home directory).
bool emptyFlagGiven(const CLI::App& cli, const Flags& flags) {
  if (cli.get_option("--data-dir")->count() > 0 && flags.dataDir.empty()) {
    std::cerr << "error: --data-dir is empty; give the folder that holds kiosk.db (e.g. /var/lib/hocso)\n";
    return true;
  }
  if (cli.get_option("--config")->count() > 0 && flags.config.empty()) {
    std::cerr << "error: --config is empty; give the path of hocso.toml (e.g. /etc/hocso/hocso.toml)\n";
    return true;
  }
  return false;
}

struct Notice {
  std::string title, body;
};

// What the screen says when the kiosk cannot start (a technician must fix it).
Notice startupNotice(bool siteKeyMissing, hocso::ErrorCode code) {
  using hocso::ui::tr;
  if (siteKeyMissing)
    return {tr("This kiosk has lost the key it shares with the other kiosks"),
            tr("Without it, learners cannot sign in here. Nothing was changed or deleted. The kiosk "
               "cannot be used until a technician puts the key back. Please call the class helper."
               "\n\nTechnician: run \"hocso keys restore\" with this kiosk's key backup, or \"hocso "
               "site join\" with the site's invite and its PIN.")};
  if (code == hocso::ErrorCode::WrongMachine)
    return {tr("This kiosk was copied from another computer"),
            tr("Its records and identity belong to another kiosk, so it cannot be used until a technician "
               "sets it up again. Please call the class helper.\n\nTechnician: run \"sudo hocso provision\" "
               "on this computer.")};
  if (code == hocso::ErrorCode::Mismatch || code == hocso::ErrorCode::Damaged)
    return {tr("This kiosk's keys and records do not match"),
            tr("A key file is missing, damaged or from another kiosk. Nothing was changed or deleted. "
               "The kiosk cannot be used until a technician restores this kiosk's key backup. Please call "
               "the class helper.\n\nTechnician: run \"sudo hocso doctor\", then \"hocso keys restore\" "
               "with this kiosk's key backup, or \"hocso restore\" with its full backup.")};
  return {tr("The kiosk cannot start"),
          tr("Its records could not be opened. Nothing was changed or deleted. Please call the class "
             "helper.\n\nTechnician: run \"sudo hocso doctor\"; it says what is wrong and what to do.")};
}

// The sync runs on its own thread and connection; the UI only reads its
// snapshots. Endpoints that are not configured simply wait. Null when it
// cannot start (logged).
std::unique_ptr<hocso::sync::SyncWorker> startSync(const hocso::Config& config, const std::filesystem::path& dataDir,
                                                   const hocso::app::KioskContext& ctx, hocso::ui::MainQueue& queue) {
  hocso::sync::SyncWorker::Options so;
  so.database = dataDir / "kiosk.db";
  so.sync = config;
  so.content = config;
  so.kiosk_id = config.kiosk_id;
  so.cipher = ctx.cipher;
  so.publish = [&queue](const hocso::sync::SyncSnapshot&) { queue.post([] {}); };
  auto worker = std::make_unique<hocso::sync::SyncWorker>(std::move(so));
  if (auto running = worker->start(); !running) {
    spdlog::warn("sync not started: {}", running.error().message);
    worker.reset();
  }
  return worker;
}

}  // namespace

int main(int argc, char** argv) {
  const auto started = std::chrono::steady_clock::now();
  ::umask(027);  // kiosk.db, logs and keys: the kiosk's user and group only
  // Before any thread starts: SIGTERM/SIGINT go to StopSignals' thread only.
  hocso::ui::StopSignals stop;
  CLI::App cli{"hocso-kiosk — the HọcSố learning and assessment kiosk", "hocso-kiosk"};
  Flags flags;
  hocso::ui::WindowOptions opt;
  opt.started = started;
  addOptions(cli, flags, opt);
  CLI11_PARSE(cli, argc, argv);
  if (emptyFlagGiven(cli, flags)) return 2;

  std::vector<hocso::ConfigWarning> warnings;
  auto config = hocso::loadConfig(hocso::resolveConfigPath(flags.config), !flags.config.empty(), &warnings);
  const auto dataDir = hocso::resolveDataDir(flags.dataDir);
  hocso::setupLogging(dataDir, "hocso-kiosk", flags.verbose, false);
  for (const auto& w : warnings) spdlog::warn("{}", w.message);
  if (!config) {
    std::cerr << "error: " << config.error().message << "\n";
    return 78;
  }
  if (std::sscanf(flags.size.c_str(), "%dx%d", &opt.width, &opt.height) != 2 || opt.width < 640 || opt.height < 480) {
    std::cerr << "error: --size must look like 1366x768 (at least 640x480)\n";
    return 2;
  }
  auto phase = [started](const char* what) {
    spdlog::debug("start-up: {} after {:.1f} ms", what,
                  std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count());
  };
  phase("configuration read");
  // Open the database and the content pack while SDL connects to the display.
  auto opening = std::async(std::launch::async, [&] {
    auto opened = hocso::app::openKiosk(*config, dataDir);
    phase("database and content pack opened");
    return opened;
  });
  auto display = hocso::ui::openDisplay(opt);
  auto ctx = opening.get();
  // Without the site key, every learner whose PIN was set on a site kiosk
  // would be told "wrong PIN": stop as for a missing data key.
  const bool siteKeyMissing = ctx && (*ctx)->site_key_error;
  if (siteKeyMissing) ctx = tl::unexpected(*(*ctx)->site_key_error);
  if (!ctx) {
    std::cerr << "error: " << ctx.error().message << "\n";
    // Say it on the screen too: a kiosk that only exits shows a black screen
    // (and systemd restarts it in a loop). The notice stays until a
    // technician fixes the cause; nothing in the data dir is changed.
    if (!display) return 1;
    hocso::ui::setLanguage(config->language);
    const Notice notice = startupNotice(siteKeyMissing, ctx.error().code);
    return hocso::ui::runStartupNotice(*display, opt, notice.title, notice.body, stop);
  }
  if (!display) return 1;  // the reason is logged
  // The effective settings: hocso.toml with the facilitator's saved changes.
  const hocso::Config& effective = (*ctx)->config;
  opt.text_scale = static_cast<float>(effective.text_scale);
  opt.high_contrast = effective.high_contrast;
  opt.idle_timeout_seconds = flags.idleSeconds > 0 ? flags.idleSeconds : effective.idle_minutes * 60;
  opt.voice = effective.voice;
  hocso::ui::setLanguage(effective.language);
  hocso::ui::AppServices services(**ctx);
  hocso::ui::MainQueue queue;
  std::unique_ptr<hocso::sync::SyncWorker> worker;
  if (!flags.noSync) worker = startSync(*config, dataDir, **ctx, queue);
  phase("sync worker started");
  const int code = hocso::ui::runKioskWindow(*display, opt, services, queue, worker.get(), stop);
  if (worker) worker->stop();
  return code;
}
