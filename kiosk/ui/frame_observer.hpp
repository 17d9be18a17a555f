// The frame loop's test hooks behind one interface: script driving,
// the --screenshot PNG and --frame-stats timings each observe the loop
// (window.cpp) without it knowing which are there. A kiosk in use has none.
#pragma once

#include <imgui.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "services.hpp"

struct SDL_Window;
struct SDL_Renderer;

namespace hocso::ui {

class Probe;
class ScriptRunner;

// A frame the loop has built and rendered (not yet presented).
struct RenderedFrame {
  const Probe& probe;
  const char* screen;      // the screen that drew it
  SDL_Renderer* renderer;
  int number;              // 1 for the first frame drawn
};

// How long a presented frame took.
struct FrameTiming {
  const char* screen;
  double total_ms;  // the whole frame: building the UI, rendering and presenting
  double ui_ms;     // building the UI
};

class FrameObserver {
 public:
  virtual ~FrameObserver() = default;
  // True: the loop draws frames without waiting for real input.
  virtual bool keepsAwake() const { return false; }
  // True while the observer injects input (it counts as a person's activity).
  virtual bool injectingInput() const { return false; }
  // After the platform backend's NewFrame, before ImGui::NewFrame.
  virtual void beforeFrame(ImGuiIO& /*io*/) {}
  // Text the screen must throw mid-frame (tests the loop's error screen).
  virtual std::optional<std::string> takeScreenFault() { return std::nullopt; }
  // The frame is rendered, not presented yet. An exit code ends the loop.
  virtual std::optional<int> frameRendered(const RenderedFrame& /*frame*/) { return std::nullopt; }
  virtual void framePresented(const FrameTiming& /*timing*/) {}
  // The loop has ended.
  virtual void finished() {}
};

// --script: drives the UI (ScriptRunner), applies its window sizes and
// moves the services' wall clock as it asks.
std::unique_ptr<FrameObserver> makeScriptDriver(ScriptRunner script, SDL_Window* window, AppServices& services);
// --screenshot: saves the first screen as PNG once it has settled, then ends the loop.
std::unique_ptr<FrameObserver> makeScreenshotTaker(std::string path, int afterFrames,
                                                   std::chrono::steady_clock::time_point started);
// --frame-stats: writes "SCREEN TOTAL_MS UI_MS" per presented frame to `path` at the end.
std::unique_ptr<FrameObserver> makeFrameStats(std::string path);

}  // namespace hocso::ui
