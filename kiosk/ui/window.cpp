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
  setBoldFont(fonts.bold);
  return fonts.body && fonts.bold && fonts.title;
}

// Paddings grow with the text, but more slowly, so 200% text still fits.
float styleScale(float text_scale) { return (1.0f + (text_scale - 1.0f) * 0.5f) * g_screenFactor; }

// Text size or contrast changed on screen: rebuild the font atlas and the
// style between frames. Returns true when something changed.
bool applyDisplayRequests(UiContext& ui, int window_height) {
  const float factor = screenFactorFor(window_height);
  const bool screenChanged = factor != g_screenFactor;
  if (ui.requested_scale <= 0.0f && !ui.requested_contrast_toggle && !screenChanged) return false;
  if (ui.requested_contrast_toggle) ui.high_contrast = !ui.high_contrast;
  if (screenChanged || (ui.requested_scale > 0.0f && ui.requested_scale != ui.scale)) {
    if (ui.requested_scale > 0.0f) ui.scale = ui.requested_scale;
    g_screenFactor = factor;
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    loadFonts(ui.fonts, ui.scale);
    ImGui_ImplSDLRenderer_DestroyFontsTexture();
    ImGui_ImplSDLRenderer_CreateFontsTexture();
    io.Fonts->ClearTexData();
    spdlog::info("text size {}% ({} px at this screen's height)", static_cast<int>(ui.scale * 100),
                 static_cast<int>(kBaseFontSize * ui.scale * g_screenFactor));
  }
  applyTheme(ui.high_contrast, styleScale(ui.scale));
  ui.requested_scale = 0.0f;
  ui.requested_contrast_toggle = false;
  return true;
}

// Idle sign-out for privacy: a warning in the last 30 seconds (or the last
// half of a short timeout), then back to the welcome screen. Returns true
// when the screen must be redrawn (the countdown changed).
bool checkIdle(UiContext& ui, std::chrono::steady_clock::time_point lastInput, int timeoutSeconds) {
  if (!ui.session.learner || timeoutSeconds <= 0) {
    const bool was = ui.idle_warning_seconds != 0;
    ui.idle_warning_seconds = 0;
    return was;
  }
  const double idle = std::chrono::duration<double>(std::chrono::steady_clock::now() - lastInput).count();
  const double remaining = timeoutSeconds - idle;
  const double warnLead = std::min(30.0, timeoutSeconds / 2.0);
  int warning = 0;
  if (remaining <= 0) {
    spdlog::info("signed out after {} s without input", timeoutSeconds);
    ui.idle_warning_seconds = 0;
    ui.signOut();
    return true;
  }
  if (remaining <= warnLead) warning = static_cast<int>(std::ceil(remaining));
  if (warning == ui.idle_warning_seconds) return false;
  ui.idle_warning_seconds = warning;
  return true;
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

int runKioskWindow(Display& display, const WindowOptions& opt, AppServices& services, MainQueue& queue,
                   sync::SyncWorker* worker, StopSignals& stop) {
  const auto t0 = opt.started;
  std::optional<ScriptRunner> script;
  if (!opt.script.empty()) {
    auto loaded = ScriptRunner::load(opt.script);
    if (!loaded) {
      spdlog::error("{}", loaded.error().message);
      return 2;
    }
    script = std::move(*loaded);
  }
  SDL_Window* window = display.window;
  SDL_Renderer* renderer = display.renderer;
  pictures().setRenderer(renderer);
  SDL_RendererInfo info{};
  SDL_GetRendererInfo(renderer, &info);
  spdlog::info("renderer: {}", info.name);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // nothing to remember between runs
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  UiContext ui{services};
  ui.queue = &queue;
  ui.voice = opt.voice;
  ui.idle_timeout_seconds = opt.idle_timeout_seconds;
  SdlAudioSink audio;
  // The reader's worker wakes the loop when it stops speaking (button label).
  tts::ReadAloud reader(audio, [&queue] { queue.post([] {}); });
  ui.reader = &reader;
  bool running = true;
  ui.quit = [&running] { running = false; };
  if (worker) {
    ui.sync = worker->snapshot();
    ui.sync_started = true;
    ui.sync_now = [worker] { worker->notify(); };
  }
  ui.scale = opt.text_scale;
  ui.high_contrast = ui.default_high_contrast = opt.high_contrast;
  ui.default_scale = opt.text_scale;
  {
    int w = 0, h = 0;
    SDL_GetWindowSize(window, &w, &h);
    g_screenFactor = screenFactorFor(h);
  }
  applyTheme(ui.high_contrast, styleScale(ui.scale));
  if (!loadFonts(ui.fonts, opt.text_scale)) {
    ImGui::DestroyContext();
    return 1;
  }
  logPhase(t0, "fonts loaded");
  ImGui_ImplSDL2_InitForSDLRenderer(window);
  ImGui_ImplSDLRenderer_Init(renderer);
  ImGui_ImplSDLRenderer_CreateFontsTexture();
  io.Fonts->ClearTexData();  // the renderer holds the texture; free the CPU copy
  logPhase(t0, "font atlas built");

  std::unique_ptr<Screen> screen = makeWelcomeScreen();
  std::unique_ptr<Screen> next;
  ui.navigate = [&next](std::unique_ptr<Screen> s) { next = std::move(s); };

  int activeFrames = kTrailingFrames;
  int framesDrawn = 0;
  int exitCode = 0;
  auto lastInput = std::chrono::steady_clock::now();
  auto lastTick = lastInput;
  // Benchmarks: how long each rendered frame took (UI + render + present).
  struct FrameTime {
    std::string screen;
    double total_ms, ui_ms;  // whole frame; building the UI (the rest is rendering and presenting)
  };
  std::vector<FrameTime> frameTimes;
  DragScroller scroller;
  KeyboardNav keys;
  // A screen that throws: the frame is abandoned, the error is logged and
  // the error screen shown; the database is as the services left it (each
  // owns its transactions, which roll back as the exception passes).
  int failedFrames = 0;  // in a row: the error screen failing too ends the app
  auto recoverFromFrame = [&](const char* what) {
    spdlog::error("the '{}' screen failed: {}; showing the error screen", screen->name(), what);
    ImGuiContext* imgui = ImGui::GetCurrentContext();
    if (imgui->WithinFrameScope) {
      ImGui::ErrorCheckEndFrameRecover(nullptr);  // closes what the screen left open
      ImGui::EndFrame();
    }
    next.reset();
    ui.tick = false;
    if (++failedFrames > 1) {
      spdlog::critical("the error screen failed too; closing (exit 70) so that the session restarts the kiosk");
      exitCode = 70;  // EX_SOFTWARE
      running = false;
      return;
    }
    screen = makeErrorScreen();
    activeFrames = kTrailingFrames;
  };
  // Signals arrive on StopSignals' thread; it wakes this loop.
  stop.setWake([&queue] { queue.post([] {}); });
  while (running) {
    SDL_Event event;
    // Sleep until something happens; wake once a second for timers.
    bool got = activeFrames > 0 ? SDL_PollEvent(&event) : SDL_WaitEventTimeout(&event, 1000);
    while (got) {
      ImGui_ImplSDL2_ProcessEvent(&event);
      const bool closeRequest = event.type == SDL_QUIT ||
                                (event.type == SDL_WINDOWEVENT && event.window.event == SDL_WINDOWEVENT_CLOSE);
      if (closeRequest && opt.windowed) running = false;
      if (closeRequest && !opt.windowed && event.type == SDL_WINDOWEVENT)
        spdlog::info("kiosk mode: a request to close the window was ignored (only the facilitator's \"Leave kiosk "
                     "mode\" or SIGTERM ends the app)");
      activeFrames = kTrailingFrames;
      lastInput = std::chrono::steady_clock::now();
      got = SDL_PollEvent(&event);
    }
    if (stop.requested()) {
      spdlog::info("stopping on {}", stop.signal() == SIGTERM ? "SIGTERM" : "SIGINT");
      break;
    }
    try {
      if (script) {
        activeFrames = kTrailingFrames;  // a script never waits for real input
        if (script->injectingInput()) lastInput = std::chrono::steady_clock::now();
      }
      if (queue.drain()) activeFrames = std::max(activeFrames, 1);
      if (worker) {
        // Snapshots are cheap copies; the worker also posts a wake-up on change.
        ui.sync = worker->snapshot();
      }
      if (checkIdle(ui, lastInput, ui.idle_timeout_seconds)) activeFrames = std::max(activeFrames, 1);
      if (ui.tick && std::chrono::steady_clock::now() - lastTick >= std::chrono::milliseconds(950))
        activeFrames = std::max(activeFrames, 1);
      if (activeFrames == 0) continue;
      if (SDL_GetWindowFlags(window) & SDL_WINDOW_MINIMIZED) {
        activeFrames = 0;
        continue;
      }
      const auto frameStart = std::chrono::steady_clock::now();
      const char* frameScreen = screen->name();
      ImGui_ImplSDLRenderer_NewFrame();
      ImGui_ImplSDL2_NewFrame();
      if (script) script->beforeFrame(io);
      keys.beforeFrame(io);
      ImGui::NewFrame();
      scroller.update();
      keys.update(probe());
      probe().beginFrame();
      ui.tick = false;
      lastTick = std::chrono::steady_clock::now();
      if (script)
        if (auto fault = script->takeScreenFault()) {
          // Tests: fail as a screen would half-way through (a window and a style left open).
          ImGui::Begin("##failing-screen");
          ImGui::PushStyleColor(ImGuiCol_Text, palette().error);
          throw std::runtime_error(*fault);
        }
      screen->draw(ui);
      probe().endFrame();
      keys.drawFocusRing(probe(), styleScale(ui.scale));
      ImGui::Render();
      const auto uiDone = std::chrono::steady_clock::now();
      const ImVec4 bg = palette().background;
      SDL_SetRenderDrawColor(renderer, static_cast<Uint8>(bg.x * 255), static_cast<Uint8>(bg.y * 255),
                             static_cast<Uint8>(bg.z * 255), 255);
      SDL_RenderClear(renderer);
      ImGui_ImplSDLRenderer_RenderDrawData(ImGui::GetDrawData());
      ++framesDrawn;
      if (!opt.screenshot.empty() && framesDrawn == kTrailingFrames) {
        if (!saveScreenshot(renderer, opt.screenshot)) {
          spdlog::error("cannot save screenshot {}: {}", opt.screenshot, SDL_GetError());
          exitCode = 1;
        } else {
          const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0);
          spdlog::info("screenshot {} saved ({} ms after start)", opt.screenshot, ms.count());
        }
        running = false;
      }
      if (script && !script->afterFrame(probe(), screen->name(), renderer)) {
        exitCode = script->exitCode();
        running = false;
      }
      if (script) {
        if (auto size = script->takeResize()) SDL_SetWindowSize(window, size->first, size->second);
        services.wall_shift_ms += script->takeClockAdvance();
      }
      SDL_RenderPresent(renderer);
      if (!opt.frame_stats.empty())
        frameTimes.push_back({frameScreen,
                              std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - frameStart).count(),
                              std::chrono::duration<double, std::milli>(uiDone - frameStart).count()});
      if (framesDrawn == 1) {
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0);
        spdlog::info("first frame after {} ms", ms.count());
      }
      --activeFrames;
      int windowW = 0, windowH = 0;
      SDL_GetWindowSize(window, &windowW, &windowH);
      if (applyDisplayRequests(ui, windowH)) activeFrames = kTrailingFrames;
      if (next) {
        screen = std::move(next);
        spdlog::debug("screen: {}", screen->name());
        activeFrames = kTrailingFrames;
      }
      failedFrames = 0;
    } catch (const std::exception& e) {
      recoverFromFrame(e.what());
    } catch (...) {
      recoverFromFrame("an unknown exception");
    }
  }
  stop.setWake({});

  if (!opt.frame_stats.empty()) {
    if (FILE* f = std::fopen(opt.frame_stats.c_str(), "w")) {
      for (const auto& t : frameTimes) std::fprintf(f, "%s %.3f %.3f\n", t.screen.c_str(), t.total_ms, t.ui_ms);
      std::fclose(f);
    }
  }
  reader.stop();
  pictures().clear();  // textures belong to the renderer
  ImGui_ImplSDLRenderer_Shutdown();
  ImGui_ImplSDL2_Shutdown();
  ImGui::DestroyContext();
  return exitCode;
}

}  // namespace hocso::ui
