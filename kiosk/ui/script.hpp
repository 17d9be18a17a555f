// --script FILE: drives the real UI for tests, one command per line
// ("VERB ARGUMENT"). The verbs, their arguments and what they do are listed
// once, in the verb table in script.cpp (ScriptRunner::verbs()): parsing,
// input injection and each frame's step all go through it.
// Blank lines and lines starting with '#' are ignored. Input is injected at
// Dear ImGui's IO level each frame, so every widget runs its real logic.
#pragma once

#include <SDL.h>
#include <imgui.h>

#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "base/error.hpp"
#include "probe.hpp"

namespace hocso::ui {

struct ScriptVerb;

struct ScriptStep {
  int line = 0;
  std::string verb, arg;
  const ScriptVerb* spec = nullptr;  // the verb's row in ScriptRunner::verbs()
};

// What a step sees after a frame: the probe of what it showed, the screen's
// name, the renderer (screenshots) and whether the step has waited too long.
struct ScriptFrame {
  const Probe& probe;
  const char* screen;
  SDL_Renderer* renderer;
  bool timedOut;
};

class ScriptRunner;

// One row of the verb table: the verb, its argument and meaning (the
// documentation), what the parser checks and what runs before and after
// each frame while the step is current.
struct ScriptVerb {
  using Check = const char* (*)(const std::string& arg);  // null when the argument is fine, else why not
  using Before = void (ScriptRunner::*)(const ScriptStep&, ImGuiIO&);
  using After = bool (ScriptRunner::*)(const ScriptStep&, const ScriptFrame&);
  const char* name;
  const char* args;  // "" when it takes none
  const char* help;
  bool injects_input;       // the step counts as a person's activity
  bool taken_by_frame_loop; // the frame loop takes the step (takeScreenFault)
  Check check;              // may be null
  Before before;            // may be null
  After after;
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
  // The verb table: every verb the scripts may use, once.
  static std::span<const ScriptVerb> verbs();

 private:
  bool fail(const std::string& why);
  void next();
  void pressKey(ImGuiIO& io, bool down);
  bool clickOn(const ProbeItem* item, const ScriptFrame& f);
  bool checkVisible(const ScriptStep& s, const ScriptFrame& f, bool soft);

  void beforeClick(const ScriptStep& s, ImGuiIO& io);
  void beforeDrag(const ScriptStep& s, ImGuiIO& io);
  void beforeKey(const ScriptStep& s, ImGuiIO& io);
  void beforeTabTo(const ScriptStep& s, ImGuiIO& io);
  void beforeType(const ScriptStep& s, ImGuiIO& io);
  bool stepClick(const ScriptStep& s, const ScriptFrame& f);
  bool stepClickFirst(const ScriptStep& s, const ScriptFrame& f);
  bool stepDrag(const ScriptStep& s, const ScriptFrame& f);
  bool stepKey(const ScriptStep& s, const ScriptFrame& f);
  bool stepType(const ScriptStep& s, const ScriptFrame& f);
  bool stepWaitScreen(const ScriptStep& s, const ScriptFrame& f);
  bool stepExpectText(const ScriptStep& s, const ScriptFrame& f);
  bool stepExpectNoText(const ScriptStep& s, const ScriptFrame& f);
  bool stepSaveText(const ScriptStep& s, const ScriptFrame& f);
  bool stepTabTo(const ScriptStep& s, const ScriptFrame& f);
  bool stepExpectFocus(const ScriptStep& s, const ScriptFrame& f);
  bool stepExpectTargets(const ScriptStep& s, const ScriptFrame& f);
  bool stepExpectVisible(const ScriptStep& s, const ScriptFrame& f);
  bool stepCheckVisible(const ScriptStep& s, const ScriptFrame& f);
  bool stepResize(const ScriptStep& s, const ScriptFrame& f);
  bool stepAdvanceClock(const ScriptStep& s, const ScriptFrame& f);
  bool stepSleep(const ScriptStep& s, const ScriptFrame& f);
  bool stepScreenshot(const ScriptStep& s, const ScriptFrame& f);
  bool stepQuit(const ScriptStep& s, const ScriptFrame& f);
  bool stepTakenByLoop(const ScriptStep& s, const ScriptFrame& f);

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
