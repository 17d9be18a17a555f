// The UI script interpreter: a small state machine advanced once per frame.
#include "script.hpp"

#include "keyboard_nav.hpp"

#include <cstdio>
#include <cstdlib>
#include <algorithm>

#include <SDL_image.h>
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

Result<ScriptRunner> ScriptRunner::parse(const std::string& text, const std::string& name) {
  static const char* verbs[] = {"click", "click-first", "type", "key", "wait-screen", "expect-text", "expect-no-text",
                                "screenshot", "sleep", "resize", "drag", "expect-focus", "tab-to", "expect-targets",
                                "advance-clock", "quit", "fail-screen", "expect-visible", "save-text",
                                "check-visible"};
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
    bool known = false;
    for (const char* v : verbs) known |= step.verb == v;
    if (!known) return hocso::fail(ErrorCode::Invalid, name + ":" + std::to_string(n) + ": unknown command '" + step.verb + "'");
    const std::string keyName = step.arg.rfind("Shift+", 0) == 0 ? step.arg.substr(6) : step.arg;
    if (step.verb == "key" && !keyNames().count(keyName))
      return hocso::fail(ErrorCode::Invalid, name + ":" + std::to_string(n) + ": unknown key '" + step.arg + "'");
    if (step.verb != "quit" && step.arg.empty())
      return hocso::fail(ErrorCode::Invalid, name + ":" + std::to_string(n) + ": '" + step.verb + "' needs an argument");
    if (step.verb == "advance-clock" &&
        (step.arg.find_first_not_of("0123456789") != std::string::npos || step.arg.size() > 9))
      return hocso::fail(ErrorCode::Invalid,
                         name + ":" + std::to_string(n) + ": 'advance-clock' takes a whole number of seconds");
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
  const std::string& v = steps_[pc_].verb;
  return v == "click" || v == "click-first" || v == "type" || v == "key" || v == "drag" || v == "tab-to";
}

void ScriptRunner::next() {
  ++pc_;
  phase_ = 0;
  stepStart_ = std::chrono::steady_clock::now();
}

void ScriptRunner::beforeFrame(ImGuiIO& io) {
  if (done_ || pc_ >= steps_.size()) return;
  const ScriptStep& s = steps_[pc_];
  if ((s.verb == "click" || s.verb == "click-first") && phase_ > 0) {
    // 1: hover, 2: press, 3: release (the click happens on release).
    io.MousePos = target_;
    io.MouseDown[0] = phase_ == 2;
  }
  if (s.verb == "drag" && phase_ > 0) {
    // 1: hover, 2: press, 3..2+kDragSteps: move while pressed, then release.
    const int moved = std::clamp(phase_ - 2, 0, kDragSteps);
    io.MousePos = ImVec2(target_.x, target_.y + dragBy_ * static_cast<float>(moved) / kDragSteps);
    io.MouseDown[0] = phase_ >= 2 && phase_ <= 2 + kDragSteps;
  }
  if (key_ >= 0) {
    // key: down in phase 1, up in phase 2; tab-to: down in odd phases.
    const bool down = s.verb == "tab-to" ? phase_ % 2 == 1 : phase_ == 1;
    io.KeysDown[key_] = down;
    io.KeyShift = shift_ && down;
  }
  if (!pendingText_.empty()) {
    io.AddInputCharactersUTF8(pendingText_.c_str());
    pendingText_.clear();
  }
}

bool ScriptRunner::afterFrame(const Probe& probe, const char* screen, SDL_Renderer* renderer) {
  if (done_) return false;
  if (pc_ >= steps_.size()) {
    done_ = true;
    return false;
  }
  const ScriptStep& s = steps_[pc_];
  const bool timedOut = std::chrono::steady_clock::now() - stepStart_ > kTimeout;
  if (s.verb == "quit") {
    done_ = true;
    return false;
  }
  if (s.verb == "click" || s.verb == "click-first") {
    if (phase_ == 0) {
      const ProbeItem* item = nullptr;
      if (s.verb == "click") {
        item = probe.find(s.arg);
      } else {
        // "A|B|C": the first of these that is on screen.
        size_t start = 0;
        while (!item && start <= s.arg.size()) {
          size_t bar = s.arg.find('|', start);
          if (bar == std::string::npos) bar = s.arg.size();
          item = probe.find(s.arg.substr(start, bar - start));
          start = bar + 1;
        }
      }
      if (!item) return timedOut ? fail("no such widget on screen '" + std::string(screen) + "'") : true;
      // The middle of the part that is shown: a control half scrolled out
      // of its page is tapped where it can be seen.
      target_ = ImVec2((item->shown_min.x + item->shown_max.x) * 0.5f, (item->shown_min.y + item->shown_max.y) * 0.5f);
      spdlog::debug("script: click {} at ({:.0f}, {:.0f})", item->id.empty() ? item->text : "#" + item->id, target_.x,
                    target_.y);
      phase_ = 1;
    } else if (++phase_ > 3) {
      next();
    }
    return true;
  }
  if (s.verb == "drag") {
    if (phase_ == 0) {
      // "drag TARGET DY": TARGET as for click, DY pixels (negative: up).
      const size_t sp = s.arg.rfind(' ');
      if (sp == std::string::npos) return fail("expected TARGET DY");
      const ProbeItem* item = probe.find(s.arg.substr(0, sp));
      if (!item) return timedOut ? fail("no such widget on screen '" + std::string(screen) + "'") : true;
      target_ = ImVec2((item->shown_min.x + item->shown_max.x) * 0.5f, (item->shown_min.y + item->shown_max.y) * 0.5f);
      dragBy_ = static_cast<float>(std::atof(s.arg.c_str() + sp + 1));
      phase_ = 1;
    } else if (++phase_ > 3 + kDragSteps) {
      next();
    }
    return true;
  }
  if (s.verb == "key") {
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
  if (s.verb == "type") {
    if (phase_ == 0) {
      pendingText_ = s.arg;
      phase_ = 1;
    } else {
      next();
    }
    return true;
  }
  if (s.verb == "wait-screen") {
    if (s.arg == screen && phase_++ >= 2) next();  // let the new screen settle for two frames
    else if (timedOut) return fail(std::string("still on screen '") + screen + "'");
    return true;
  }
  if (s.verb == "expect-text") {
    if (probe.showsText(s.arg)) next();
    else if (timedOut) return fail("not visible on screen '" + std::string(screen) + "'");
    return true;
  }
  if (s.verb == "save-text") {
    // "save-text #id FILE": the item's text as shown, written to FILE: what
    // a person copies off the screen (a backup code) for the test to use.
    const size_t sp = s.arg.find(' ');
    if (sp == std::string::npos) return fail("save-text needs an item and a file");
    const ProbeItem* it = probe.find(s.arg.substr(0, sp));
    if (!it) {
      if (timedOut) return fail("not on screen '" + std::string(screen) + "'");
      return true;
    }
    std::ofstream out(s.arg.substr(sp + 1));
    out << it->text << "\n";
    if (!out) return fail("cannot write " + s.arg.substr(sp + 1));
    next();
    return true;
  }
  if (s.verb == "tab-to") {
    // Press Tab (one frame down, one up) until the focus ring is on the
    // control: proves it can be reached from the keyboard.
    const ProbeItem* f = KeyboardNav::focused(probe);
    const bool match = f && (s.arg[0] == '#' ? f->id == s.arg.substr(1) : f->text == s.arg);
    if (phase_ % 2 == 0 && match) {
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
  if (s.verb == "expect-targets") {
    // "expect-targets 48": every control on screen is at least 48 px high
    // and wide (what a finger needs). Fails naming the first that is not.
    const float least = static_cast<float>(std::atof(s.arg.c_str()));
    for (const auto& it : probe.items()) {
      if (!it.clickable) continue;
      const float w = it.max.x - it.min.x, h = it.max.y - it.min.y;
      if (w + 0.5f < least || h + 0.5f < least) {
        char size[64];
        std::snprintf(size, sizeof size, "%.0fx%.0f px", w, h);
        return fail("'" + (it.id.empty() ? it.text : "#" + it.id) + "' is only " + size);
      }
    }
    next();
    return true;
  }
  if (s.verb == "expect-visible" || s.verb == "check-visible") {
    // "expect-visible #a #b" (ids) or "expect-visible Some text": each is on
    // screen whole, not scrolled out of its window, not under the footer or
    // a "more below" band and not past the screen's edge. Fails naming the
    // first that is not. "check-visible LABEL #a #b" does not fail: after a
    // second it logs "layout fault: LABEL: ..." and goes on (the layout
    // matrix collects these and compares them with its list of known faults).
    const bool soft = s.verb == "check-visible";
    std::string label, ids = s.arg;
    if (soft) {
      const size_t sp = s.arg.find(' ');
      if (sp == std::string::npos) return fail("check-visible needs a label and items");
      label = s.arg.substr(0, sp);
      ids = s.arg.substr(sp + 1);
    }
    const bool given = soft ? std::chrono::steady_clock::now() - stepStart_ > std::chrono::seconds(1) : timedOut;
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
    const ImVec2 screenSize = ImGui::GetMainViewport()->Size;
    // A "more below" band is drawn over the bottom of its page: what it
    // covers is not visible either.
    std::vector<const ProbeItem*> bands;
    for (const auto& it : probe.items())
      if (it.id == "more-below") bands.push_back(&it);
    for (const auto& key : keys) {
      const ProbeItem* it = probe.find(key);
      if (!it) return fault("'" + key + "' is not on screen '" + std::string(screen) + "'");
      const float h = it->max.y - it->min.y, shownH = it->shown_max.y - it->shown_min.y;
      const float w = it->max.x - it->min.x, shownW = it->shown_max.x - it->shown_min.x;
      char why[160] = "";
      if (shownH < h - 1.0f || shownW < w - 1.0f)
        std::snprintf(why, sizeof why, "is cut off: %.0f of its %.0f px high show", std::max(0.0f, shownH), h);
      else if (it->min.y < -0.5f || it->max.y > screenSize.y + 0.5f || it->min.x < -0.5f || it->max.x > screenSize.x + 0.5f)
        std::snprintf(why, sizeof why, "is past the screen's edge (%.0f..%.0f of %.0f px)", it->min.y, it->max.y, screenSize.y);
      for (const ProbeItem* b : bands)
        if (!why[0] && it->id != "more-below" && it->max.y > b->min.y + 0.5f && it->min.y < b->max.y - 0.5f &&
            it->max.x > b->min.x && it->min.x < b->max.x)
          std::snprintf(why, sizeof why, "is under the 'more below' band (%.0f px of it hidden)",
                        std::min(it->max.y, b->max.y) - b->min.y);
      if (why[0]) return fault("'" + key + "' " + why + " on screen '" + std::string(screen) + "'");
    }
    next();
    return true;
  }
  if (s.verb == "expect-focus") {
    // The keyboard focus ring is on this control (label or #id).
    const ProbeItem* f = KeyboardNav::focused(probe);
    const bool match = f && (s.arg[0] == '#' ? f->id == s.arg.substr(1) : f->text == s.arg);
    if (match) next();
    else if (timedOut) return fail(f ? "the focus is on '" + (f->id.empty() ? f->text : "#" + f->id) + "'" : "nothing has the keyboard focus");
    return true;
  }
  if (s.verb == "expect-no-text") {
    if (probe.showsText(s.arg)) return fail("visible but should not be");
    next();
    return true;
  }
  if (s.verb == "resize") {
    // The window loop applies it; the next frames lay out at the new size.
    int w = 0, h = 0;
    if (std::sscanf(s.arg.c_str(), "%dx%d", &w, &h) != 2 || w < 640 || h < 480) return fail("expected WIDTHxHEIGHT");
    resize_ = std::make_pair(w, h);
    next();
    return true;
  }
  if (s.verb == "advance-clock") {
    // The window loop adds it to the services' wall clock before the next frame.
    clock_advance_ms_ += std::atoll(s.arg.c_str()) * 1000;
    spdlog::info("script: wall clock moved {} s forward", s.arg);
    next();
    return true;
  }
  if (s.verb == "sleep") {
    // Keeps the app running (and drawing) for a while: crash tests kill it here.
    if (std::chrono::steady_clock::now() - stepStart_ >= std::chrono::duration<double>(std::atof(s.arg.c_str()))) next();
    return true;
  }
  if (s.verb == "screenshot") {
    if (!saveScreenshot(renderer, s.arg)) return fail(std::string("cannot save: ") + SDL_GetError());
    spdlog::info("script: screenshot {}", s.arg);
    next();
    return true;
  }
  if (s.verb == "fail-screen") return true;  // taken in the frame by takeScreenFault()
  return fail("unknown command");
}

std::optional<std::string> ScriptRunner::takeScreenFault() {
  if (done_ || pc_ >= steps_.size() || steps_[pc_].verb != "fail-screen") return std::nullopt;
  std::string what = steps_[pc_].arg;
  next();
  return what;
}

}  // namespace hocso::ui
