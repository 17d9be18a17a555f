// The frame loop's test hooks (frame_observer.hpp): script, screenshot, frame stats.
#include "frame_observer.hpp"

#include <SDL.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <vector>

#include "probe.hpp"
#include "script.hpp"

namespace hocso::ui {
namespace {

class ScriptDriver final : public FrameObserver {
 public:
  ScriptDriver(ScriptRunner script, SDL_Window* window, AppServices& services)
      : script_(std::move(script)), window_(window), services_(services) {}
  bool keepsAwake() const override { return true; }  // a script never waits for real input
  bool injectingInput() const override { return script_.injectingInput(); }
  void beforeFrame(ImGuiIO& io) override { script_.beforeFrame(io); }
  std::optional<std::string> takeScreenFault() override { return script_.takeScreenFault(); }
  std::optional<int> frameRendered(const RenderedFrame& frame) override {
    std::optional<int> exit;
    if (!script_.afterFrame(frame.probe, frame.screen, frame.renderer)) exit = script_.exitCode();
    if (auto size = script_.takeResize()) SDL_SetWindowSize(window_, size->first, size->second);
    services_.wall_shift_ms += script_.takeClockAdvance();
    return exit;
  }

 private:
  ScriptRunner script_;
  SDL_Window* window_;
  AppServices& services_;
};

class ScreenshotTaker final : public FrameObserver {
 public:
  ScreenshotTaker(std::string path, int afterFrames, std::chrono::steady_clock::time_point started)
      : path_(std::move(path)), afterFrames_(afterFrames), started_(started) {}
  std::optional<int> frameRendered(const RenderedFrame& frame) override {
    if (frame.number != afterFrames_) return std::nullopt;
    if (!saveScreenshot(frame.renderer, path_)) {
      spdlog::error("cannot save screenshot {}: {}", path_, SDL_GetError());
      return 1;
    }
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started_);
    spdlog::info("screenshot {} saved ({} ms after start)", path_, ms.count());
    return 0;
  }

 private:
  std::string path_;
  int afterFrames_;
  std::chrono::steady_clock::time_point started_;
};

class FrameStats final : public FrameObserver {
 public:
  explicit FrameStats(std::string path) : path_(std::move(path)) {}
  void framePresented(const FrameTiming& t) override { times_.push_back({t.screen, t.total_ms, t.ui_ms}); }
  void finished() override {
    FILE* f = std::fopen(path_.c_str(), "w");
    if (!f) return;
    for (const auto& t : times_) std::fprintf(f, "%s %.3f %.3f\n", t.screen.c_str(), t.total_ms, t.ui_ms);
    std::fclose(f);
  }

 private:
  struct Time {
    std::string screen;
    double total_ms, ui_ms;
  };
  std::string path_;
  std::vector<Time> times_;
};

}  // namespace

std::unique_ptr<FrameObserver> makeScriptDriver(ScriptRunner script, SDL_Window* window, AppServices& services) {
  return std::make_unique<ScriptDriver>(std::move(script), window, services);
}

std::unique_ptr<FrameObserver> makeScreenshotTaker(std::string path, int afterFrames,
                                                   std::chrono::steady_clock::time_point started) {
  return std::make_unique<ScreenshotTaker>(std::move(path), afterFrames, started);
}

std::unique_ptr<FrameObserver> makeFrameStats(std::string path) { return std::make_unique<FrameStats>(std::move(path)); }

}  // namespace hocso::ui
