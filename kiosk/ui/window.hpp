// The SDL window, renderer and Dear ImGui set-up, and the event-driven frame
// loop: it sleeps in SDL_WaitEventTimeout and renders a few frames after
// each event, so an idle kiosk uses no CPU.
#pragma once

#include <chrono>
#include <memory>
#include <string>

struct SDL_Window;
struct SDL_Renderer;

#include "main_queue.hpp"
#include "screen.hpp"
#include "stop_signals.hpp"
#include "sync/worker.hpp"

namespace hocso::ui {

struct WindowOptions {
  // Kiosk mode unless windowed: fullscreen, and closing the window (Alt+F4,
  // the window manager's close) is ignored; only the facilitator's "Leave
  // kiosk mode" or SIGTERM/SIGINT end the app. Windowed (developers): closing quits.
  bool windowed = false;
  std::string renderer = "auto";   // auto | software | opengl
  std::string screenshot;          // render the first screen to this PNG and exit
  std::string script;              // drive the UI from this script file and exit
  std::string frame_stats;         // write "SCREEN TOTAL_MS UI_MS" per rendered frame at exit (benchmarks)
  int width = 1366, height = 768;  // windowed size
  float text_scale = 1.0f;
  bool high_contrast = false;
  int idle_timeout_seconds = 300;  // a signed-in learner idle this long is signed out
  std::string voice = "vi";        // read-aloud voice (espeak-ng name)
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();  // process start, for timings
};

// The SDL window and renderer (accelerated unless `renderer` says software;
// software when no accelerated renderer works). Opening the display takes
// tens of milliseconds, so main() opens the database meanwhile on another
// thread. Closing it shuts SDL down.
struct Display {
  SDL_Window* window = nullptr;
  SDL_Renderer* renderer = nullptr;
  Display() = default;
  Display(const Display&) = delete;
  Display& operator=(const Display&) = delete;
  ~Display();
};

// Null (the reason logged) when no display, window or renderer can be had.
std::unique_ptr<Display> openDisplay(const WindowOptions& options);

// Runs the UI until the facilitator leaves kiosk mode, `stop` reports
// SIGTERM/SIGINT (exit 0), or, windowed, the window is closed. Returns the
// process exit code. `queue` carries worker results to the UI thread;
// `worker` (may be null) is the background sync, whose snapshots the UI
// shows. An exception from a screen is caught at the frame: it is logged and
// the error screen shown (exit 70 if even that fails).
int runKioskWindow(Display& display, const WindowOptions& options, AppServices& services, MainQueue& queue,
                   sync::SyncWorker* worker, StopSignals& stop);

// The kiosk's fonts (Noto Sans, Vietnamese glyphs) into the current ImGui context.
bool loadKioskFonts(Fonts& fonts, float scale);

// The kiosk cannot start for a reason only a technician can fix (its data was
// copied from another PC): a full-screen notice with `title` and `body` until
// SIGTERM/SIGINT (or, windowed, the window is closed). With --screenshot it
// saves the first frames' PNG and exits. Returns the process exit code.
int runStartupNotice(Display& display, const WindowOptions& options, const std::string& title,
                     const std::string& body, StopSignals& stop);

}  // namespace hocso::ui
