// A full-screen notice shown instead of the kiosk when it must not start (a
// copied disk: see kiosk/infra/machine_identity.hpp). No services, no database: only
// the window, the fonts and the words for the technician, in Vietnamese.
#include <SDL.h>
#include <imgui.h>
#include <imgui_impl_sdl.h>
#include <imgui_impl_sdlrenderer.h>
#include <spdlog/spdlog.h>

#include "script.hpp"
#include "theme.hpp"
#include "window.hpp"

namespace hocso::ui {

int runStartupNotice(Display& display, const WindowOptions& opt, const std::string& title, const std::string& body,
                     StopSignals& stop) {
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;
  applyTheme(opt.high_contrast, 1.0f);
  Fonts fonts;
  if (!loadKioskFonts(fonts, opt.text_scale)) {
    ImGui::DestroyContext();
    return 1;
  }
  ImGui_ImplSDL2_InitForSDLRenderer(display.window);
  ImGui_ImplSDLRenderer_Init(display.renderer);
  // Signals arrive on StopSignals' thread: wake the loop with an SDL event.
  stop.setWake([] {
    SDL_Event e{};
    e.type = SDL_USEREVENT;
    SDL_PushEvent(&e);
  });
  int code = 0, frames = 0;
  bool running = true;
  while (running && !stop.requested()) {
    SDL_Event event;
    // A few frames to settle the layout, then sleep until something happens.
    bool got = frames < 3 ? SDL_PollEvent(&event) : SDL_WaitEventTimeout(&event, 1000);
    while (got) {
      ImGui_ImplSDL2_ProcessEvent(&event);
      if (opt.windowed && (event.type == SDL_QUIT ||
                           (event.type == SDL_WINDOWEVENT && event.window.event == SDL_WINDOWEVENT_CLOSE)))
        running = false;
      got = SDL_PollEvent(&event);
    }
    ImGui_ImplSDLRenderer_NewFrame();
    ImGui_ImplSDL2_NewFrame();
    ImGui::NewFrame();
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->Pos);
    ImGui::SetNextWindowSize(vp->Size);
    ImGui::Begin("##startup-notice", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
    const float margin = vp->Size.x * 0.08f;
    ImGui::SetCursorPos(ImVec2(margin, vp->Size.y * 0.2f));
    ImGui::PushTextWrapPos(vp->Size.x - margin);
    ImGui::PushFont(fonts.title);
    ImGui::TextUnformatted(title.c_str());
    ImGui::PopFont();
    ImGui::Dummy(ImVec2(0, ImGui::GetFontSize()));
    ImGui::SetCursorPosX(margin);
    ImGui::PushFont(fonts.body);
    ImGui::TextUnformatted(body.c_str());
    ImGui::PopFont();
    ImGui::PopTextWrapPos();
    ImGui::End();
    ImGui::Render();
    const ImVec4 bg = palette(opt.high_contrast).background;
    SDL_SetRenderDrawColor(display.renderer, static_cast<Uint8>(bg.x * 255), static_cast<Uint8>(bg.y * 255),
                           static_cast<Uint8>(bg.z * 255), 255);
    SDL_RenderClear(display.renderer);
    ImGui_ImplSDLRenderer_RenderDrawData(ImGui::GetDrawData());
    if (++frames == 3 && !opt.screenshot.empty()) {
      if (!saveScreenshot(display.renderer, opt.screenshot)) {
        spdlog::error("cannot save screenshot {}: {}", opt.screenshot, SDL_GetError());
        code = 1;
      }
      running = false;
    }
    SDL_RenderPresent(display.renderer);
  }
  stop.setWake({});
  ImGui_ImplSDLRenderer_Shutdown();
  ImGui_ImplSDL2_Shutdown();
  ImGui::DestroyContext();
  return code;
}

}  // namespace hocso::ui
