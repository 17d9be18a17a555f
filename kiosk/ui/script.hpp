// --script FILE: drives the real UI for tests, one command per line:
//   click LABEL | click #id      press a button/field by its visible text or id
//   click-first A|B|C            click the first of these labels/ids that is on screen
//   type TEXT                    type text into the focused field
//   key NAME                     Tab, Enter, Escape, Backspace, Space, Up, Down, Left, Right (Shift+NAME too)
//   wait-screen NAME             wait (≤ 5 s) until the named screen is shown
//   expect-text TEXT             fail unless some visible label contains TEXT
//   expect-no-text TEXT          fail if some visible label contains TEXT
//   screenshot FILE              save the current frame as PNG
//   sleep SECONDS                keep running for a while (crash tests kill the app here)
//   resize WxH                   resize the window (layout tests)
//   expect-focus LABEL|#id       wait until the keyboard focus ring is on this control
//   expect-targets N             fail if a control on screen is under N px high or wide
//   tab-to LABEL|#id             press Tab until the focus ring is on this control (≤ 40 times)
//   drag LABEL|#id DY            press on a widget, move DY pixels (negative: up), release
//   advance-clock SECONDS        move the wall clock the services read (lockouts, dates) forward:
//                                a test skips a 30 s PIN lockout without waiting it out
//   quit                         end the script (also at end of file)
//   fail-screen TEXT             the screen throws TEXT mid-frame (tests the frame loop's error screen)
//   expect-visible #a #b | TEXT  fail unless each is on screen whole (not scrolled away, not past an
//                                edge, not under a "more below" band)
//   check-visible LABEL #a #b    the same check, but a miss only logs "layout fault: LABEL: ..." after
//                                a second (the layout matrix compares these with its known faults)
//   save-text #id FILE           write the item's text, as shown, to FILE (a code a person copies off the screen)
// Blank lines and lines starting with '#' are ignored. Input is injected at
// Dear ImGui's IO level each frame, so every widget runs its real logic.
#pragma once

#include <SDL.h>
#include <imgui.h>

#include <chrono>
#include <optional>
#include <utility>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "probe.hpp"

namespace hocso::ui {

struct ScriptStep {
  int line = 0;
  std::string verb, arg;
};

class ScriptRunner {
 public:
  static Result<ScriptRunner> load(const std::string& path);
  static Result<ScriptRunner> parse(const std::string& text, const std::string& name);

  // Called after the platform backend's NewFrame, before ImGui::NewFrame.
  void beforeFrame(ImGuiIO& io);
  // Called after the frame is rendered (the probe holds what it showed).
  // Returns false when the script has finished (see exitCode()).
  bool afterFrame(const Probe& probe, const char* screen, SDL_Renderer* renderer);
  int exitCode() const { return exit_code_; }
  // A window size the script asked for since the last call.
  std::optional<std::pair<int, int>> takeResize() { return std::exchange(resize_, std::nullopt); }
  // Milliseconds the script moved the wall clock forward since the last call (advance-clock).
  long long takeClockAdvance() { return std::exchange(clock_advance_ms_, 0); }
  // The text of a fail-screen step, taken (and passed) by the frame loop,
  // which then throws it from inside the frame as a failing screen would.
  std::optional<std::string> takeScreenFault();
  // True while the current step injects input (it counts as activity).
  bool injectingInput() const;

 private:
  bool fail(const std::string& why);
  void next();

  std::string name_;
  std::vector<ScriptStep> steps_;
  size_t pc_ = 0;
  int phase_ = 0;
  ImVec2 target_{0, 0};
  float dragBy_ = 0.0f;
  int key_ = -1;
  bool shift_ = false;
  std::string pendingText_;
  std::chrono::steady_clock::time_point stepStart_ = std::chrono::steady_clock::now();
  int exit_code_ = 0;
  bool done_ = false;
  std::optional<std::pair<int, int>> resize_;
  long long clock_advance_ms_ = 0;
};

bool saveScreenshot(SDL_Renderer* renderer, const std::string& path);

}  // namespace hocso::ui
