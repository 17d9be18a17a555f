// The UI script interpreter: a small state machine advanced once per frame.
#include "script.hpp"

#include "keyboard_nav.hpp"

#include <cstdio>
#include <cstdlib>
#include <algorithm>

#include <SDL_image.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace hocso::ui {
namespace {

constexpr auto kTimeout = std::chrono::seconds(10);
constexpr int kDragSteps = 8;  // frames a drag takes to move
constexpr int kMaxTabs = 40;   // tab-to gives up after this many presses

const std::map<std::string, SDL_Scancode>& keyNames() {
  static const std::map<std::string, SDL_Scancode> keys = {
      {"Tab", SDL_SCANCODE_TAB},       {"Enter", SDL_SCANCODE_RETURN}, {"Escape", SDL_SCANCODE_ESCAPE},
      {"Backspace", SDL_SCANCODE_BACKSPACE}, {"Space", SDL_SCANCODE_SPACE}, {"Up", SDL_SCANCODE_UP},
      {"Down", SDL_SCANCODE_DOWN},     {"Left", SDL_SCANCODE_LEFT},    {"Right", SDL_SCANCODE_RIGHT},
  };
  return keys;
}

const char* checkKey(const std::string& arg) {
  const std::string keyName = arg.rfind("Shift+", 0) == 0 ? arg.substr(6) : arg;
  return keyNames().count(keyName) ? nullptr : "unknown key '{}'";
}

const char* checkSeconds(const std::string& arg) {
  if (arg.find_first_not_of("0123456789") != std::string::npos || arg.size() > 9)
    return "'advance-clock' takes a whole number of seconds";
  return nullptr;
}

// The middle of the part that is shown: a control half scrolled out of its
// page is tapped where it can be seen.
ImVec2 shownMiddle(const ProbeItem& item) {
  return ImVec2((item.shown_min.x + item.shown_max.x) * 0.5f, (item.shown_min.y + item.shown_max.y) * 0.5f);
}

std::string nameOf(const ProbeItem& item) { return item.id.empty() ? item.text : "#" + item.id; }

bool focusMatches(const ProbeItem* f, const std::string& arg) {
  return f && (arg[0] == '#' ? f->id == arg.substr(1) : f->text == arg);
}

// Why `it` is not wholly visible, or "" when it is.
std::string visibilityFault(const ProbeItem& it, const std::vector<const ProbeItem*>& bands, ImVec2 screenSize) {
  const float h = it.max.y - it.min.y, shownH = it.shown_max.y - it.shown_min.y;
  const float w = it.max.x - it.min.x, shownW = it.shown_max.x - it.shown_min.x;
  if (shownH < h - 1.0f || shownW < w - 1.0f)
    return fmt::format("is cut off: {:.0f} of its {:.0f} px high show", std::max(0.0f, shownH), h);
  if (it.min.y < -0.5f || it.max.y > screenSize.y + 0.5f || it.min.x < -0.5f || it.max.x > screenSize.x + 0.5f)
    return fmt::format("is past the screen's edge ({:.0f}..{:.0f} of {:.0f} px)", it.min.y, it.max.y, screenSize.y);
  for (const ProbeItem* b : bands)
    if (it.id != "more-below" && it.max.y > b->min.y + 0.5f && it.min.y < b->max.y - 0.5f && it.max.x > b->min.x &&
        it.min.x < b->max.x)
      return fmt::format("is under the 'more below' band ({:.0f} px of it hidden)", std::min(it.max.y, b->max.y) - b->min.y);
  return {};
}

}  // namespace

bool saveScreenshot(SDL_Renderer* renderer, const std::string& path) {
  int w = 0, h = 0;
  SDL_GetRendererOutputSize(renderer, &w, &h);
  SDL_Surface* surface = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ABGR8888);
  if (!surface) return false;
  std::error_code ec;
  const auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  const bool ok =
      SDL_RenderReadPixels(renderer, nullptr, SDL_PIXELFORMAT_ABGR8888, surface->pixels, surface->pitch) == 0 &&
      IMG_SavePNG(surface, path.c_str()) == 0;
  SDL_FreeSurface(surface);
  return ok;
}

Result<ScriptRunner> ScriptRunner::load(const std::string& path) {
  std::ifstream in(path);
  if (!in) return hocso::fail(ErrorCode::NotFound, "cannot read script " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return parse(ss.str(), path);
}

std::span<const ScriptVerb> ScriptRunner::verbs() {
  using R = ScriptRunner;
  // name, argument, meaning; injects input, taken by the frame loop; check, before the frame, after the frame.
  static const ScriptVerb table[] = {
      {"click", "LABEL | #id", "press a button/field by its visible text or id", true, false, nullptr,
       &R::beforeClick, &R::stepClick},
      {"click-first", "A|B|C", "click the first of these labels/ids that is on screen", true, false, nullptr,
       &R::beforeClick, &R::stepClickFirst},
      {"type", "TEXT", "type text into the focused field", true, false, nullptr, &R::beforeType, &R::stepType},
      {"key", "NAME", "Tab, Enter, Escape, Backspace, Space, Up, Down, Left, Right (Shift+NAME too)", true, false,
       checkKey, &R::beforeKey, &R::stepKey},
      {"wait-screen", "NAME", "wait (<= 10 s) until the named screen is shown", false, false, nullptr, nullptr,
       &R::stepWaitScreen},
      {"expect-text", "TEXT", "fail unless some visible label contains TEXT", false, false, nullptr, nullptr,
       &R::stepExpectText},
      {"expect-no-text", "TEXT", "fail if some visible label contains TEXT", false, false, nullptr, nullptr,
       &R::stepExpectNoText},
      {"screenshot", "FILE", "save the current frame as PNG", false, false, nullptr, nullptr, &R::stepScreenshot},
      {"sleep", "SECONDS", "keep running for a while (crash tests kill the app here)", false, false, nullptr,
       nullptr, &R::stepSleep},
      {"resize", "WxH", "resize the window (layout tests)", false, false, nullptr, nullptr, &R::stepResize},
      {"drag", "LABEL|#id DY", "press on a widget, move DY pixels (negative: up), release", true, false, nullptr,
       &R::beforeDrag, &R::stepDrag},
      {"expect-focus", "LABEL|#id", "wait until the keyboard focus ring is on this control", false, false, nullptr,
       nullptr, &R::stepExpectFocus},
      {"tab-to", "LABEL|#id", "press Tab until the focus ring is on this control (<= 40 times)", true, false,
       nullptr, &R::beforeTabTo, &R::stepTabTo},
      {"expect-targets", "N", "fail if a control on screen is under N px high or wide", false, false, nullptr,
       nullptr, &R::stepExpectTargets},
      {"advance-clock", "SECONDS",
       "move the wall clock the services read (lockouts, dates) forward: a test skips a 30 s PIN lockout "
       "without waiting it out",
       false, false, checkSeconds, nullptr, &R::stepAdvanceClock},
      {"quit", "", "end the script (also at end of file)", false, false, nullptr, nullptr, &R::stepQuit},
      {"fail-screen", "TEXT", "the screen throws TEXT mid-frame (tests the frame loop's error screen)", false, true,
       nullptr, nullptr, &R::stepTakenByLoop},
      {"expect-visible", "#a #b | TEXT",
       "fail unless each is on screen whole (not scrolled away, not past an edge, not under a \"more below\" band)",
       false, false, nullptr, nullptr, &R::stepExpectVisible},
      {"save-text", "#id FILE", "write the item's text, as shown, to FILE (a code a person copies off the screen)",
       false, false, nullptr, nullptr, &R::stepSaveText},
      {"check-visible", "LABEL #a #b",
       "the same check, but a miss only logs \"layout fault: LABEL: ...\" after a second (the layout matrix "
       "compares these with its known faults)",
       false, false, nullptr, nullptr, &R::stepCheckVisible},
  };
  return table;
}

Result<ScriptRunner> ScriptRunner::parse(const std::string& text, const std::string& name) {
  ScriptRunner r;
  r.name_ = name;
  std::istringstream in(text);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    const size_t b = line.find_first_not_of(' ');
    if (b == std::string::npos || line[b] == '#') continue;
    line = line.substr(b);
    const size_t sp = line.find(' ');
    ScriptStep step{n, line.substr(0, sp), sp == std::string::npos ? "" : line.substr(sp + 1)};
    const auto where = name + ":" + std::to_string(n) + ": ";
    for (const ScriptVerb& v : verbs())
      if (step.verb == v.name) step.spec = &v;
    if (!step.spec) return hocso::fail(ErrorCode::Invalid, where + "unknown command '" + step.verb + "'");
    if (step.spec->check)
      if (const char* why = step.spec->check(step.arg))
        return hocso::fail(ErrorCode::Invalid, where + fmt::format(fmt::runtime(why), step.arg));
    if (step.spec->args[0] && step.arg.empty())
      return hocso::fail(ErrorCode::Invalid, where + "'" + step.verb + "' needs an argument");
    r.steps_.push_back(step);
  }
  return r;
}

bool ScriptRunner::fail(const std::string& why) {
  const ScriptStep& s = steps_[pc_];
  spdlog::error("{}:{}: {} {}: {}", name_, s.line, s.verb, s.arg, why);
  exit_code_ = 1;
  done_ = true;
  return false;
}

bool ScriptRunner::injectingInput() const {
  if (done_ || pc_ >= steps_.size()) return false;
  return steps_[pc_].spec->injects_input;
}

void ScriptRunner::next() {
  ++pc_;
  phase_ = 0;
  stepStart_ = std::chrono::steady_clock::now();
}

void ScriptRunner::beforeFrame(ImGuiIO& io) {
  if (done_ || pc_ >= steps_.size()) return;
  const ScriptStep& s = steps_[pc_];
  if (s.spec->before) (this->*s.spec->before)(s, io);
}

bool ScriptRunner::afterFrame(const Probe& probe, const char* screen, SDL_Renderer* renderer) {
  if (done_) return false;
  if (pc_ >= steps_.size()) {
    done_ = true;
    return false;
  }
  const ScriptStep& s = steps_[pc_];
  const ScriptFrame frame{probe, screen, renderer, std::chrono::steady_clock::now() - stepStart_ > kTimeout};
  return (this->*s.spec->after)(s, frame);
}

std::optional<std::string> ScriptRunner::takeScreenFault() {
  if (done_ || pc_ >= steps_.size() || !steps_[pc_].spec->taken_by_frame_loop) return std::nullopt;
  std::string what = steps_[pc_].arg;
  next();
  return what;
}

// --- before the frame: the input a step injects ---

void ScriptRunner::beforeClick(const ScriptStep&, ImGuiIO& io) {
  if (phase_ == 0) return;
  // 1: hover, 2: press, 3: release (the click happens on release).
  io.MousePos = target_;
  io.MouseDown[0] = phase_ == 2;
}

void ScriptRunner::beforeDrag(const ScriptStep&, ImGuiIO& io) {
  if (phase_ == 0) return;
  // 1: hover, 2: press, 3..2+kDragSteps: move while pressed, then release.
  const int moved = std::clamp(phase_ - 2, 0, kDragSteps);
  io.MousePos = ImVec2(target_.x, target_.y + dragBy_ * static_cast<float>(moved) / kDragSteps);
  io.MouseDown[0] = phase_ >= 2 && phase_ <= 2 + kDragSteps;
}

void ScriptRunner::pressKey(ImGuiIO& io, bool down) {
  if (key_ < 0) return;
  io.KeysDown[key_] = down;
  io.KeyShift = shift_ && down;
}

// key: down in phase 1, up in phase 2.
void ScriptRunner::beforeKey(const ScriptStep&, ImGuiIO& io) { pressKey(io, phase_ == 1); }

// tab-to: down in odd phases.
void ScriptRunner::beforeTabTo(const ScriptStep&, ImGuiIO& io) { pressKey(io, phase_ % 2 == 1); }

void ScriptRunner::beforeType(const ScriptStep&, ImGuiIO& io) {
  if (pendingText_.empty()) return;
  io.AddInputCharactersUTF8(pendingText_.c_str());
  pendingText_.clear();
}

// --- after the frame: each verb's step ---

bool ScriptRunner::stepQuit(const ScriptStep&, const ScriptFrame&) {
  done_ = true;
  return false;
}

bool ScriptRunner::stepClick(const ScriptStep& s, const ScriptFrame& f) {
  return clickOn(phase_ == 0 ? f.probe.find(s.arg) : nullptr, f);
}

bool ScriptRunner::stepClickFirst(const ScriptStep& s, const ScriptFrame& f) {
  // "A|B|C": the first of these that is on screen.
  const ProbeItem* item = nullptr;
  size_t start = 0;
  while (phase_ == 0 && !item && start <= s.arg.size()) {
    size_t bar = s.arg.find('|', start);
    if (bar == std::string::npos) bar = s.arg.size();
    item = f.probe.find(s.arg.substr(start, bar - start));
    start = bar + 1;
  }
  return clickOn(item, f);
}

bool ScriptRunner::clickOn(const ProbeItem* item, const ScriptFrame& f) {
  if (phase_ == 0) {
    if (!item) return f.timedOut ? fail("no such widget on screen '" + std::string(f.screen) + "'") : true;
    target_ = shownMiddle(*item);
    spdlog::debug("script: click {} at ({:.0f}, {:.0f})", nameOf(*item), target_.x, target_.y);
    phase_ = 1;
  } else if (++phase_ > 3) {
    next();
  }
  return true;
}

bool ScriptRunner::stepDrag(const ScriptStep& s, const ScriptFrame& f) {
  if (phase_ == 0) {
    // "drag TARGET DY": TARGET as for click, DY pixels (negative: up).
    const size_t sp = s.arg.rfind(' ');
    if (sp == std::string::npos) return fail("expected TARGET DY");
    const ProbeItem* item = f.probe.find(s.arg.substr(0, sp));
    if (!item) return f.timedOut ? fail("no such widget on screen '" + std::string(f.screen) + "'") : true;
    target_ = shownMiddle(*item);
    dragBy_ = static_cast<float>(std::atof(s.arg.c_str() + sp + 1));
    phase_ = 1;
  } else if (++phase_ > 3 + kDragSteps) {
    next();
  }
  return true;
}

bool ScriptRunner::stepKey(const ScriptStep& s, const ScriptFrame&) {
  if (phase_ == 0) {
    shift_ = s.arg.rfind("Shift+", 0) == 0;
    key_ = keyNames().at(shift_ ? s.arg.substr(6) : s.arg);
    phase_ = 1;
  } else if (phase_ == 1) {
    phase_ = 2;
  } else {
    key_ = -1;
    next();
  }
  return true;
}

bool ScriptRunner::stepType(const ScriptStep& s, const ScriptFrame&) {
  if (phase_ == 0) {
    pendingText_ = s.arg;
    phase_ = 1;
  } else {
    next();
  }
  return true;
}

bool ScriptRunner::stepWaitScreen(const ScriptStep& s, const ScriptFrame& f) {
  if (s.arg == f.screen && phase_++ >= 2) next();  // let the new screen settle for two frames
  else if (f.timedOut) return fail(std::string("still on screen '") + f.screen + "'");
  return true;
}

bool ScriptRunner::stepExpectText(const ScriptStep& s, const ScriptFrame& f) {
  if (f.probe.showsText(s.arg)) next();
  else if (f.timedOut) return fail("not visible on screen '" + std::string(f.screen) + "'");
  return true;
}

bool ScriptRunner::stepExpectNoText(const ScriptStep& s, const ScriptFrame& f) {
  if (f.probe.showsText(s.arg)) return fail("visible but should not be");
  next();
  return true;
}

bool ScriptRunner::stepSaveText(const ScriptStep& s, const ScriptFrame& f) {
  // "save-text #id FILE": the item's text as shown, written to FILE: what
  // a person copies off the screen (a backup code) for the test to use.
  const size_t sp = s.arg.find(' ');
  if (sp == std::string::npos) return fail("save-text needs an item and a file");
  const ProbeItem* it = f.probe.find(s.arg.substr(0, sp));
  if (!it) {
    if (f.timedOut) return fail("not on screen '" + std::string(f.screen) + "'");
    return true;
  }
  std::ofstream out(s.arg.substr(sp + 1));
  out << it->text << "\n";
  if (!out) return fail("cannot write " + s.arg.substr(sp + 1));
  next();
  return true;
}

bool ScriptRunner::stepTabTo(const ScriptStep& s, const ScriptFrame& f) {
  // Press Tab (one frame down, one up) until the focus ring is on the
  // control: proves it can be reached from the keyboard.
  if (phase_ % 2 == 0 && focusMatches(KeyboardNav::focused(f.probe), s.arg)) {
    key_ = -1;
    next();
    return true;
  }
  if (phase_ >= 2 * kMaxTabs) return fail("not reached after " + std::to_string(kMaxTabs) + " presses of Tab");
  key_ = SDL_SCANCODE_TAB;
  shift_ = false;
  ++phase_;
  return true;
}

bool ScriptRunner::stepExpectFocus(const ScriptStep& s, const ScriptFrame& f) {
  // The keyboard focus ring is on this control (label or #id).
  const ProbeItem* focused = KeyboardNav::focused(f.probe);
  if (focusMatches(focused, s.arg)) next();
  else if (f.timedOut)
    return fail(focused ? "the focus is on '" + nameOf(*focused) + "'" : "nothing has the keyboard focus");
  return true;
}

bool ScriptRunner::stepExpectTargets(const ScriptStep& s, const ScriptFrame& f) {
  // "expect-targets 48": every control on screen is at least 48 px high
  // and wide (what a finger needs). Fails naming the first that is not.
  const float least = static_cast<float>(std::atof(s.arg.c_str()));
  for (const auto& it : f.probe.items()) {
    if (!it.clickable) continue;
    const float w = it.max.x - it.min.x, h = it.max.y - it.min.y;
    if (w + 0.5f < least || h + 0.5f < least) return fail(fmt::format("'{}' is only {:.0f}x{:.0f} px", nameOf(it), w, h));
  }
  next();
  return true;
}

bool ScriptRunner::stepExpectVisible(const ScriptStep& s, const ScriptFrame& f) { return checkVisible(s, f, false); }

bool ScriptRunner::stepCheckVisible(const ScriptStep& s, const ScriptFrame& f) { return checkVisible(s, f, true); }

bool ScriptRunner::checkVisible(const ScriptStep& s, const ScriptFrame& f, bool soft) {
  // "expect-visible #a #b" (ids) or "expect-visible Some text": each is on
  // screen whole, not scrolled out of its window, not under the footer or
  // a "more below" band and not past the screen's edge. Fails naming the
  // first that is not. "check-visible LABEL #a #b" does not fail: after a
  // second it logs "layout fault: LABEL: ..." and goes on (the layout
  // matrix collects these and compares them with its list of known faults).
  std::string label, ids = s.arg;
  if (soft) {
    const size_t sp = s.arg.find(' ');
    if (sp == std::string::npos) return fail("check-visible needs a label and items");
    label = s.arg.substr(0, sp);
    ids = s.arg.substr(sp + 1);
  }
  const bool given = soft ? std::chrono::steady_clock::now() - stepStart_ > std::chrono::seconds(1) : f.timedOut;
  auto fault = [&](const std::string& why) {
    if (!given) return true;
    if (!soft) return fail(why);
    spdlog::warn("layout fault: {}: {}", label, why);
    next();
    return true;
  };
  std::vector<std::string> keys;
  if (ids[0] == '#') {
    std::istringstream words(ids);
    for (std::string w; words >> w;) keys.push_back(w);
  } else {
    keys.push_back(ids);
  }
  // A "more below" band is drawn over the bottom of its page: what it
  // covers is not visible either.
  std::vector<const ProbeItem*> bands;
  for (const auto& it : f.probe.items())
    if (it.id == "more-below") bands.push_back(&it);
  for (const auto& key : keys) {
    const ProbeItem* it = f.probe.find(key);
    if (!it) return fault("'" + key + "' is not on screen '" + std::string(f.screen) + "'");
    const std::string why = visibilityFault(*it, bands, ImGui::GetMainViewport()->Size);
    if (!why.empty()) return fault("'" + key + "' " + why + " on screen '" + std::string(f.screen) + "'");
  }
  next();
  return true;
}

bool ScriptRunner::stepResize(const ScriptStep& s, const ScriptFrame&) {
  // The window loop applies it; the next frames lay out at the new size.
  int w = 0, h = 0;
  if (std::sscanf(s.arg.c_str(), "%dx%d", &w, &h) != 2 || w < 640 || h < 480) return fail("expected WIDTHxHEIGHT");
  resize_ = std::make_pair(w, h);
  next();
  return true;
}

bool ScriptRunner::stepAdvanceClock(const ScriptStep& s, const ScriptFrame&) {
  // The window loop adds it to the services' wall clock before the next frame.
  clock_advance_ms_ += std::atoll(s.arg.c_str()) * 1000;
  spdlog::info("script: wall clock moved {} s forward", s.arg);
  next();
  return true;
}

bool ScriptRunner::stepSleep(const ScriptStep& s, const ScriptFrame&) {
  // Keeps the app running (and drawing) for a while: crash tests kill it here.
  if (std::chrono::steady_clock::now() - stepStart_ >= std::chrono::duration<double>(std::atof(s.arg.c_str()))) next();
  return true;
}

bool ScriptRunner::stepScreenshot(const ScriptStep& s, const ScriptFrame& f) {
  if (!saveScreenshot(f.renderer, s.arg)) return fail(std::string("cannot save: ") + SDL_GetError());
  spdlog::info("script: screenshot {}", s.arg);
  next();
  return true;
}

// fail-screen: the frame loop takes the step (takeScreenFault) and throws in the frame.
bool ScriptRunner::stepTakenByLoop(const ScriptStep&, const ScriptFrame&) { return true; }

}  // namespace hocso::ui
