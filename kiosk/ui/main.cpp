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

int main(int argc, char** argv) {
  const auto started = std::chrono::steady_clock::now();
  ::umask(027);  // kiosk.db, logs and keys: the kiosk's user and group only
  // Before any thread starts: SIGTERM/SIGINT go to StopSignals' thread only.
  hocso::ui::StopSignals stop;
  CLI::App cli{"hocso-kiosk — the HọcSố learning and assessment kiosk", "hocso-kiosk"};
  std::string configFlag, dataDirFlag;
  bool verbose = false;
  hocso::ui::WindowOptions opt;
  opt.started = started;
  auto* configOpt = cli.add_option("--config", configFlag, "Configuration file (TOML)");
  auto* dataDirOpt = cli.add_option("--data-dir", dataDirFlag, "Data directory holding kiosk.db");
  cli.add_flag("--windowed", opt.windowed, "Run in a window instead of fullscreen (developers)");
  cli.add_option("--renderer", opt.renderer, "auto | software | opengl")
      ->check(CLI::IsMember({"auto", "software", "opengl"}));
  cli.add_option("--screenshot", opt.screenshot, "Render the first screen, save it as PNG, exit");
  cli.add_option("--script", opt.script, "Drive the real UI from a script (tests), then exit");
  cli.add_option("--frame-stats", opt.frame_stats, "Write each rendered frame's screen, duration and UI-building time (ms) to FILE at exit (benchmarks)");
  std::string size = "1366x768";
  cli.add_option("--size", size, "Window size WIDTHxHEIGHT in windowed mode (default 1366x768)");
  cli.add_flag("-v,--verbose", verbose, "Log debug details to stderr");
  int idleSeconds = 0;
  cli.add_option("--idle-timeout", idleSeconds, "Sign a learner out after this many idle seconds (overrides [kiosk] idle_minutes)")
      ->check(CLI::Range(2, 86400));
  bool noSync = false;
  cli.add_flag("--no-sync", noSync, "Do not start the background sync (tests)");
  CLI11_PARSE(cli, argc, argv);
  // An empty value would silently mean the default (the home directory).
  if (dataDirOpt->count() > 0 && dataDirFlag.empty()) {
    std::cerr << "error: --data-dir is empty; give the folder that holds kiosk.db (e.g. /var/lib/hocso)\n";
    return 2;
  }
  if (configOpt->count() > 0 && configFlag.empty()) {
    std::cerr << "error: --config is empty; give the path of hocso.toml (e.g. /etc/hocso/hocso.toml)\n";
    return 2;
  }

  std::vector<hocso::ConfigWarning> warnings;
  auto config = hocso::loadConfig(hocso::resolveConfigPath(configFlag), !configFlag.empty(), &warnings);
  const auto dataDir = hocso::resolveDataDir(dataDirFlag);
  hocso::setupLogging(dataDir, "hocso-kiosk", verbose, false);
  for (const auto& w : warnings) spdlog::warn("{}", w.message);
  if (!config) {
    std::cerr << "error: " << config.error().message << "\n";
    return 78;
  }
  if (std::sscanf(size.c_str(), "%dx%d", &opt.width, &opt.height) != 2 || opt.width < 640 || opt.height < 480) {
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
    if (display) {
      hocso::ui::setLanguage(config->language);
      const auto code = ctx.error().code;
      std::string title, body;
      if (siteKeyMissing) {
        title = hocso::ui::tr("This kiosk has lost the key it shares with the other kiosks");
        body = hocso::ui::tr("Without it, learners cannot sign in here. Nothing was changed or deleted. The kiosk "
                             "cannot be used until a technician puts the key back. Please call the class helper."
                             "\n\nTechnician: run \"hocso keys restore\" with this kiosk's key backup, or \"hocso "
                             "site join\" with the site's invite and its PIN.");
      } else if (code == hocso::ErrorCode::WrongMachine) {
        title = hocso::ui::tr("This kiosk was copied from another computer");
        body = hocso::ui::tr("Its records and identity belong to another kiosk, so it cannot be used until a technician "
                             "sets it up again. Please call the class helper.\n\nTechnician: run \"sudo hocso provision\" "
                             "on this computer.");
      } else if (code == hocso::ErrorCode::Mismatch || code == hocso::ErrorCode::Damaged) {
        title = hocso::ui::tr("This kiosk's keys and records do not match");
        body = hocso::ui::tr("A key file is missing, damaged or from another kiosk. Nothing was changed or deleted. "
                             "The kiosk cannot be used until a technician restores this kiosk's key backup. Please call "
                             "the class helper.\n\nTechnician: run \"sudo hocso doctor\", then \"hocso keys restore\" "
                             "with this kiosk's key backup, or \"hocso restore\" with its full backup.");
      } else {
        title = hocso::ui::tr("The kiosk cannot start");
        body = hocso::ui::tr("Its records could not be opened. Nothing was changed or deleted. Please call the class "
                             "helper.\n\nTechnician: run \"sudo hocso doctor\"; it says what is wrong and what to do.");
      }
      return hocso::ui::runStartupNotice(*display, opt, title, body, stop);
    }
    return 1;
  }
  if (!display) return 1;  // the reason is logged
  // The effective settings: hocso.toml with the facilitator's saved changes.
  const hocso::Config& effective = (*ctx)->config;
  opt.text_scale = static_cast<float>(effective.text_scale);
  opt.high_contrast = effective.high_contrast;
  opt.idle_timeout_seconds = idleSeconds > 0 ? idleSeconds : effective.idle_minutes * 60;
  opt.voice = effective.voice;
  hocso::ui::setLanguage(effective.language);
  hocso::ui::AppServices services(**ctx);
  hocso::ui::MainQueue queue;
  // The sync runs on its own thread and connection; the UI only reads its
  // snapshots. Endpoints that are not configured simply wait.
  std::unique_ptr<hocso::sync::SyncWorker> worker;
  if (!noSync) {
    hocso::sync::SyncWorker::Options so;
    so.database = dataDir / "kiosk.db";
    so.config = *config;
    so.cipher = (*ctx)->cipher;
    so.publish = [&queue](const hocso::sync::SyncSnapshot&) { queue.post([] {}); };
    worker = std::make_unique<hocso::sync::SyncWorker>(std::move(so));
    if (auto running = worker->start(); !running) {
      spdlog::warn("sync not started: {}", running.error().message);
      worker.reset();
    }
  }
  phase("sync worker started");
  const int code = hocso::ui::runKioskWindow(*display, opt, services, queue, worker.get(), stop);
  if (worker) worker->stop();
  return code;
}
