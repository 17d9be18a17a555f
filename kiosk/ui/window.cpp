// SDL2 + Dear ImGui (SDL_Renderer backend) platform layer and frame loop.
#include "window.hpp"

#include <SDL.h>
#include <SDL_image.h>
#include <imgui.h>
#include <imgui_impl_sdl.h>
#include <imgui_internal.h>
#include <imgui_impl_sdlrenderer.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <vector>
#include <filesystem>
#include <algorithm>
#include <cmath>
#include <optional>
#include <stdexcept>

#include "i18n.hpp"
#include "pictures.hpp"
#include "probe.hpp"
#include "sdl_audio_sink.hpp"
#include "theme.hpp"
#include "touch_scroll.hpp"
#include "keyboard_nav.hpp"
#include "script.hpp"
#include "frame_observer.hpp"
#include "widget_context.hpp"

namespace hocso::ui {
namespace {

constexpr int kTrailingFrames = 3;  // frames drawn after an event (ImGui settles layout in 2–3)

std::string findFont(const char* file) {
  for (const char* dir : {"/usr/share/fonts/truetype/noto/", "/usr/share/fonts/noto/", "/usr/local/share/fonts/"}) {
    std::error_code ec;
    if (std::filesystem::exists(std::string(dir) + file, ec)) return std::string(dir) + file;
  }
  return {};
}

// Text grows with the screen: 100% is the same share of the screen's height
// on a 768-line screen and on a 1080-line one (public kiosks want 24–32 px
// body text there), up to 1.5×. Steps of 1/16 keep resizing from rebuilding
// the font atlas at every pixel.
float g_screenFactor = 1.0f;

float screenFactorFor(int height) {
  const float f = std::clamp(static_cast<float>(height) / 768.0f, 1.0f, 1.5f);
  return std::round(f * 16.0f) / 16.0f;
}

bool loadFonts(Fonts& fonts, float scale) {
  ImGuiIO& io = ImGui::GetIO();
  ImFontGlyphRangesBuilder builder;
  builder.AddRanges(io.Fonts->GetGlyphRangesVietnamese());
  static const ImWchar extra[] = {0x00A0, 0x00FF, 0x2010, 0x2027, 0x2190, 0x21FF, 0};
  builder.AddRanges(extra);
  static ImVector<ImWchar> ranges;
  ranges.clear();
  builder.BuildRanges(&ranges);
  const std::string regular = findFont("NotoSans-Regular.ttf");
  const std::string bold = findFont("NotoSans-Bold.ttf");
  if (regular.empty() || bold.empty()) {
    spdlog::error("Noto Sans is not installed (package fonts-noto-core); run deploy/setup.sh");
    return false;
  }
  ImFontConfig cfg;
  cfg.OversampleH = 1;  // small atlas: memory matters more than sub-pixel polish
  cfg.OversampleV = 1;
  const float base = kBaseFontSize * scale * g_screenFactor;
  fonts.body = io.Fonts->AddFontFromFileTTF(regular.c_str(), base, &cfg, ranges.Data);
  fonts.bold = io.Fonts->AddFontFromFileTTF(bold.c_str(), base, &cfg, ranges.Data);
  fonts.title = io.Fonts->AddFontFromFileTTF(bold.c_str(), base * 1.5f, &cfg, ranges.Data);
  return fonts.body && fonts.bold && fonts.title;
}

// Paddings grow with the text, but more slowly, so 200% text still fits.
float styleScale(float text_scale) { return (1.0f + (text_scale - 1.0f) * 0.5f) * g_screenFactor; }

// Text size or contrast changed on screen: rebuild the font atlas and the
// style between frames. Returns true when something changed.
bool applyDisplayRequests(UiContext& ui, int window_height) {
  const float factor = screenFactorFor(window_height);
  const bool screenChanged = factor != g_screenFactor;
  if (ui.display.requested_scale <= 0.0f && !ui.display.requested_contrast_toggle && !screenChanged) return false;
  if (ui.display.requested_contrast_toggle) ui.display.high_contrast = !ui.display.high_contrast;
  if (screenChanged || (ui.display.requested_scale > 0.0f && ui.display.requested_scale != ui.display.scale)) {
    if (ui.display.requested_scale > 0.0f) ui.display.scale = ui.display.requested_scale;
    g_screenFactor = factor;
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    loadFonts(ui.platform.fonts, ui.display.scale);
    ImGui_ImplSDLRenderer_DestroyFontsTexture();
    ImGui_ImplSDLRenderer_CreateFontsTexture();
    io.Fonts->ClearTexData();
    spdlog::info("text size {}% ({} px at this screen's height)", static_cast<int>(ui.display.scale * 100),
                 static_cast<int>(kBaseFontSize * ui.display.scale * g_screenFactor));
  }
  applyTheme(ui.display.high_contrast, styleScale(ui.display.scale));
  ui.display.requested_scale = 0.0f;
  ui.display.requested_contrast_toggle = false;
  return true;
}

// Idle sign-out for privacy: a warning in the last 30 seconds (or the last
// half of a short timeout), then back to the welcome screen (Next::signOut).
// `redraw`: the screen must be redrawn (the countdown changed).
Next checkIdle(UiSession& session, std::chrono::steady_clock::time_point lastInput, bool& redraw) {
  const int timeoutSeconds = session.idle_timeout_seconds;
  redraw = false;
  if (!session.learner || timeoutSeconds <= 0) {
    redraw = session.idle_warning_seconds != 0;
    session.idle_warning_seconds = 0;
    return {};
  }
  const double idle = std::chrono::duration<double>(std::chrono::steady_clock::now() - lastInput).count();
  const double remaining = timeoutSeconds - idle;
  const double warnLead = std::min(30.0, timeoutSeconds / 2.0);
  int warning = 0;
  if (remaining <= 0) {
    spdlog::info("signed out after {} s without input", timeoutSeconds);
    session.idle_warning_seconds = 0;
    redraw = true;
    return Next::signOut();
  }
  if (remaining <= warnLead) warning = static_cast<int>(std::ceil(remaining));
  if (warning == session.idle_warning_seconds) return {};
  session.idle_warning_seconds = warning;
  redraw = true;
  return {};
}

}  // namespace

bool loadKioskFonts(Fonts& fonts, float scale) { return loadFonts(fonts, scale); }

static void logPhase(std::chrono::steady_clock::time_point t0, const char* what) {
  spdlog::debug("start-up: {} after {:.1f} ms", what,
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
}

Display::~Display() {
  if (renderer) SDL_DestroyRenderer(renderer);
  if (window) SDL_DestroyWindow(window);
  SDL_Quit();
}

std::unique_ptr<Display> openDisplay(const WindowOptions& opt) {
  if (opt.renderer == "software") {
    // Keep the GL stack out of the process entirely.
    SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software");
    SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
  } else if (opt.renderer == "opengl") {
    SDL_SetHint(SDL_HINT_RENDER_DRIVER, "opengl");
  }
  SDL_SetHint(SDL_HINT_VIDEO_ALLOW_SCREENSAVER, "0");
  // SIGTERM/SIGINT are ours (StopSignals): SDL would turn them into SDL_QUIT,
  // the same event as a window closed with Alt+F4.
  SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
  if (SDL_Init(SDL_INIT_VIDEO) != 0) {
    spdlog::error("cannot start the display: {}", SDL_GetError());
    return nullptr;
  }
  auto display = std::make_unique<Display>();
  logPhase(opt.started, "display opened");
  Uint32 flags = SDL_WINDOW_ALLOW_HIGHDPI | SDL_WINDOW_RESIZABLE;
  if (!opt.windowed && opt.screenshot.empty()) flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
  display->window = SDL_CreateWindow("HọcSố Kiosk", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, opt.width,
                                     opt.height, flags);
  if (!display->window) {
    spdlog::error("cannot open a window: {}", SDL_GetError());
    return nullptr;
  }
  if (opt.renderer != "software") {
    display->renderer =
        SDL_CreateRenderer(display->window, -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC);
    if (!display->renderer) spdlog::warn("no accelerated renderer ({}); falling back to software", SDL_GetError());
  }
  if (!display->renderer) display->renderer = SDL_CreateRenderer(display->window, -1, SDL_RENDERER_SOFTWARE);
  if (!display->renderer) {
    spdlog::error("cannot create a renderer: {}", SDL_GetError());
    return nullptr;
  }
  logPhase(opt.started, "window and renderer created");
  return display;
}

namespace {

// The event-driven frame loop: set-up, one frame, waiting for events. It
// sleeps in SDL_WaitEventTimeout and draws kTrailingFrames frames after each
// event. Test hooks (script, screenshot, frame stats) are FrameObservers.
class FrameLoop {
 public:
  FrameLoop(Display& display, const WindowOptions& opt, AppServices& services, MainQueue& queue,
            sync::SyncWorker* worker, StopSignals& stop)
      : display_(display), opt_(opt), queue_(queue), worker_(worker), stop_(stop),
        // The reader's worker wakes the loop when it stops speaking (button label).
        reader_(audio_, [&queue] { queue.post([] {}); }), ui_(services) {}
  ~FrameLoop();
  FrameLoop(const FrameLoop&) = delete;
  FrameLoop& operator=(const FrameLoop&) = delete;

  void observe(std::unique_ptr<FrameObserver> observer) { observers_.push_back(std::move(observer)); }
  // The ImGui context, the UI context, fonts and theme. False: the fonts are missing.
  bool setUp();
  // Runs until stopped; returns the process exit code.
  int run();

 private:
  void setUpContext();
  // Sleeps until something happens (or a second passes, for timers) when
  // nothing is left to draw; handles the window's events.
  void waitForEvents();
  // Whether a frame is due now (input, worker results, idle countdown, a clock).
  bool frameDue();
  void frame();
  void throwScreenFault();
  void finishFrame();
  void recoverFromFrame(const char* what);
  // Carries out what the screen asked for (the next screen waits for the frame's end).
  void apply(Next next);

  Display& display_;
  const WindowOptions& opt_;
  MainQueue& queue_;
  sync::SyncWorker* worker_;
  StopSignals& stop_;
  SdlAudioSink audio_;
  tts::ReadAloud reader_;
  UiContext ui_;
  WidgetContext widgets_{&ui_.platform, &ui_.display};  // attached to the ImGui context
  bool imgui_ = false;
  std::vector<std::unique_ptr<FrameObserver>> observers_;
  std::unique_ptr<Screen> screen_, next_;
  bool running_ = true;
  int activeFrames_ = kTrailingFrames;
  int framesDrawn_ = 0;
  int exitCode_ = 0;
  int failedFrames_ = 0;  // in a row: the error screen failing too ends the app
  std::chrono::steady_clock::time_point lastInput_ = std::chrono::steady_clock::now(), lastTick_ = lastInput_;
  DragScroller scroller_;
  KeyboardNav keys_;
};

void FrameLoop::setUpContext() {
  ui_.platform.queue = &queue_;
  ui_.platform.voice = opt_.voice;
  ui_.session.idle_timeout_seconds = opt_.idle_timeout_seconds;
  ui_.platform.reader = &reader_;
  if (worker_) {
    ui_.platform.sync.snapshot = worker_->snapshot();
    ui_.platform.sync.started = true;
    ui_.platform.sync.send_now = [w = worker_] { w->notify(); };
  }
  ui_.display.scale = opt_.text_scale;
  ui_.display.high_contrast = ui_.display.default_high_contrast = opt_.high_contrast;
  ui_.display.default_scale = opt_.text_scale;
}

bool FrameLoop::setUp() {
  const auto t0 = opt_.started;
  ui_.platform.pictures.setRenderer(display_.renderer);
  SDL_RendererInfo info{};
  SDL_GetRendererInfo(display_.renderer, &info);
  spdlog::info("renderer: {}", info.name);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  imgui_ = true;
  attachWidgetContext(&widgets_);
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // nothing to remember between runs
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  setUpContext();
  {
    int w = 0, h = 0;
    SDL_GetWindowSize(display_.window, &w, &h);
    g_screenFactor = screenFactorFor(h);
  }
  applyTheme(ui_.display.high_contrast, styleScale(ui_.display.scale));
  if (!loadFonts(ui_.platform.fonts, opt_.text_scale)) return false;
  logPhase(t0, "fonts loaded");
  ImGui_ImplSDL2_InitForSDLRenderer(display_.window);
  ImGui_ImplSDLRenderer_Init(display_.renderer);
  ImGui_ImplSDLRenderer_CreateFontsTexture();
  io.Fonts->ClearTexData();  // the renderer holds the texture; free the CPU copy
  logPhase(t0, "font atlas built");
  screen_ = makeWelcomeScreen();
  return true;
}

FrameLoop::~FrameLoop() {
  if (!imgui_) return;
  if (screen_) {  // set up fully: the backends are running
    reader_.stop();
    ui_.platform.pictures.clear();  // textures belong to the renderer
    ImGui_ImplSDLRenderer_Shutdown();
    ImGui_ImplSDL2_Shutdown();
  }
  ImGui::DestroyContext();
}

int FrameLoop::run() {
  // Signals arrive on StopSignals' thread; it wakes this loop.
  stop_.setWake([this] { queue_.post([] {}); });
  while (running_) {
    waitForEvents();
    if (stop_.requested()) {
      spdlog::info("stopping on {}", stop_.signal() == SIGTERM ? "SIGTERM" : "SIGINT");
      break;
    }
    // A screen that throws: the frame is abandoned, the error is logged and
    // the error screen shown; the database is as the services left it (each
    // owns its transactions, which roll back as the exception passes).
    try {
      if (frameDue()) frame();
    } catch (const std::exception& e) {
      recoverFromFrame(e.what());
    } catch (...) {
      recoverFromFrame("an unknown exception");
    }
  }
  stop_.setWake({});
  for (auto& o : observers_) o->finished();
  return exitCode_;
}

void FrameLoop::waitForEvents() {
  SDL_Event event;
  // Sleep until something happens; wake once a second for timers.
  bool got = activeFrames_ > 0 ? SDL_PollEvent(&event) : SDL_WaitEventTimeout(&event, 1000);
  while (got) {
    ImGui_ImplSDL2_ProcessEvent(&event);
    const bool closeRequest =
        event.type == SDL_QUIT || (event.type == SDL_WINDOWEVENT && event.window.event == SDL_WINDOWEVENT_CLOSE);
    if (closeRequest && opt_.windowed) running_ = false;
    if (closeRequest && !opt_.windowed && event.type == SDL_WINDOWEVENT)
      spdlog::info("kiosk mode: a request to close the window was ignored (only the facilitator's \"Leave kiosk "
                   "mode\" or SIGTERM ends the app)");
    activeFrames_ = kTrailingFrames;
    lastInput_ = std::chrono::steady_clock::now();
    got = SDL_PollEvent(&event);
  }
}

bool FrameLoop::frameDue() {
  for (const auto& o : observers_) {
    if (o->keepsAwake()) activeFrames_ = kTrailingFrames;
    if (o->injectingInput()) lastInput_ = std::chrono::steady_clock::now();
  }
  if (queue_.drain()) activeFrames_ = std::max(activeFrames_, 1);
  // Snapshots are cheap copies; the worker also posts a wake-up on change.
  if (worker_) ui_.platform.sync.snapshot = worker_->snapshot();
  bool idleChanged = false;
  apply(checkIdle(ui_.session, lastInput_, idleChanged));
  if (idleChanged) activeFrames_ = std::max(activeFrames_, 1);
  if (ui_.platform.tick && std::chrono::steady_clock::now() - lastTick_ >= std::chrono::milliseconds(950))
    activeFrames_ = std::max(activeFrames_, 1);
  if (activeFrames_ == 0) return false;
  if (SDL_GetWindowFlags(display_.window) & SDL_WINDOW_MINIMIZED) {
    activeFrames_ = 0;
    return false;
  }
  return true;
}

void FrameLoop::throwScreenFault() {
  for (auto& o : observers_)
    if (auto fault = o->takeScreenFault()) {
      // Tests: fail as a screen would half-way through (a window and a style left open).
      ImGui::Begin("##failing-screen");
      ImGui::PushStyleColor(ImGuiCol_Text, palette().error);
      throw std::runtime_error(*fault);
    }
}

void FrameLoop::frame() {
  const auto frameStart = std::chrono::steady_clock::now();
  const char* frameScreen = screen_->name();
  ImGuiIO& io = ImGui::GetIO();
  ImGui_ImplSDLRenderer_NewFrame();
  ImGui_ImplSDL2_NewFrame();
  for (auto& o : observers_) o->beforeFrame(io);
  keys_.beforeFrame(io);
  ImGui::NewFrame();
  scroller_.update();
  Probe& probe = ui_.platform.probe;
  keys_.update(probe);
  probe.beginFrame();
  ui_.platform.tick = false;
  lastTick_ = std::chrono::steady_clock::now();
  throwScreenFault();
  apply(screen_->draw(ui_));
  probe.endFrame();
  keys_.drawFocusRing(probe, styleScale(ui_.display.scale));
  ImGui::Render();
  const auto uiDone = std::chrono::steady_clock::now();
  SDL_Renderer* renderer = display_.renderer;
  const ImVec4 bg = palette().background;
  SDL_SetRenderDrawColor(renderer, static_cast<Uint8>(bg.x * 255), static_cast<Uint8>(bg.y * 255),
                         static_cast<Uint8>(bg.z * 255), 255);
  SDL_RenderClear(renderer);
  ImGui_ImplSDLRenderer_RenderDrawData(ImGui::GetDrawData());
  ++framesDrawn_;
  const RenderedFrame rendered{probe, screen_->name(), renderer, framesDrawn_};
  for (auto& o : observers_)
    if (auto code = o->frameRendered(rendered)) {
      exitCode_ = *code;
      running_ = false;
    }
  SDL_RenderPresent(renderer);
  const auto now = std::chrono::steady_clock::now();
  const FrameTiming timing{frameScreen, std::chrono::duration<double, std::milli>(now - frameStart).count(),
                           std::chrono::duration<double, std::milli>(uiDone - frameStart).count()};
  for (auto& o : observers_) o->framePresented(timing);
  if (framesDrawn_ == 1) {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now - opt_.started);
    spdlog::info("first frame after {} ms", ms.count());
  }
  finishFrame();
}

// Between frames: display changes, the next screen.
void FrameLoop::finishFrame() {
  --activeFrames_;
  int windowW = 0, windowH = 0;
  SDL_GetWindowSize(display_.window, &windowW, &windowH);
  if (applyDisplayRequests(ui_, windowH)) activeFrames_ = kTrailingFrames;
  if (next_) {
    screen_ = std::move(next_);
    spdlog::debug("screen: {}", screen_->name());
    activeFrames_ = kTrailingFrames;
  }
  failedFrames_ = 0;
}

void FrameLoop::apply(Next next) {
  switch (next.kind()) {
    case Next::Kind::Stay: return;
    case Next::Kind::Open: next_ = next.takeScreen(); return;
    case Next::Kind::Home:
      ui_.stopReading();
      next_ = ui_.session.learner ? makeHomeScreen() : makeWelcomeScreen();
      return;
    case Next::Kind::SignOut:
      ui_.signOut();
      next_ = makeWelcomeScreen();
      return;
    case Next::Kind::Quit: running_ = false; return;
  }
}

void FrameLoop::recoverFromFrame(const char* what) {
  spdlog::error("the '{}' screen failed: {}; showing the error screen", screen_->name(), what);
  ImGuiContext* imgui = ImGui::GetCurrentContext();
  if (imgui->WithinFrameScope) {
    ImGui::ErrorCheckEndFrameRecover(nullptr);  // closes what the screen left open
    ImGui::EndFrame();
  }
  next_.reset();
  ui_.platform.tick = false;
  if (++failedFrames_ > 1) {
    spdlog::critical("the error screen failed too; closing (exit 70) so that the session restarts the kiosk");
    exitCode_ = 70;  // EX_SOFTWARE
    running_ = false;
    return;
  }
  screen_ = makeErrorScreen();
  activeFrames_ = kTrailingFrames;
}

}  // namespace

int runKioskWindow(Display& display, const WindowOptions& opt, AppServices& services, MainQueue& queue,
                   sync::SyncWorker* worker, StopSignals& stop) {
  FrameLoop loop(display, opt, services, queue, worker, stop);
  if (!opt.screenshot.empty()) loop.observe(makeScreenshotTaker(opt.screenshot, kTrailingFrames, opt.started));
  if (!opt.script.empty()) {
    auto loaded = ScriptRunner::load(opt.script);
    if (!loaded) {
      spdlog::error("{}", loaded.error().message);
      return 2;
    }
    loop.observe(makeScriptDriver(std::move(*loaded), display.window, services));
  }
  if (!opt.frame_stats.empty()) loop.observe(makeFrameStats(opt.frame_stats));
  if (!loop.setUp()) return 1;
  return loop.run();
}

}  // namespace hocso::ui
