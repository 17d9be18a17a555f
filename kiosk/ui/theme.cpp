// The two palettes and the Dear ImGui style built from them.
#include "theme.hpp"

namespace hocso::ui {
namespace {

ImVec4 rgb(int r, int g, int b) {
  return ImVec4(static_cast<float>(r) / 255.0f, static_cast<float>(g) / 255.0f, static_cast<float>(b) / 255.0f, 1.0f);
}

const Palette kLight = {
    rgb(251, 250, 246), rgb(20, 23, 31), rgb(95, 100, 110), rgb(13, 89, 166),
    rgb(13, 102, 191), rgb(26, 122, 217), rgb(5, 77, 153), rgb(255, 255, 255),
    rgb(224, 230, 237), rgb(204, 214, 230), rgb(26, 31, 41),
    rgb(140, 148, 166), rgb(13, 102, 191), rgb(242, 140, 0),
    rgb(242, 245, 247), rgb(217, 235, 255), rgb(204, 224, 250),
    rgb(13, 128, 38), rgb(209, 240, 214), rgb(191, 77, 0), rgb(255, 224, 191), rgb(179, 13, 13),
    rgb(224, 242, 255), rgb(26, 115, 204), rgb(255, 237, 204), rgb(217, 115, 0),
    rgb(247, 247, 250), rgb(237, 237, 237), rgb(230, 237, 250), rgb(13, 77, 217), rgb(51, 140, 77), rgb(255, 255, 255),
    rgb(204, 204, 209), rgb(255, 217, 77),
    rgb(26, 140, 77),
};

const Palette kHighContrast = {
    rgb(0, 0, 0), rgb(255, 255, 255), rgb(230, 230, 230), rgb(255, 255, 0),
    rgb(255, 255, 0), rgb(255, 255, 150), rgb(230, 230, 0), rgb(0, 0, 0),
    rgb(0, 0, 0), rgb(60, 60, 60), rgb(255, 255, 255),
    rgb(255, 255, 255), rgb(255, 255, 0), rgb(0, 255, 255),
    rgb(0, 0, 0), rgb(0, 0, 140), rgb(50, 50, 50),
    rgb(0, 255, 0), rgb(0, 70, 0), rgb(255, 170, 0), rgb(90, 40, 0), rgb(255, 110, 110),
    rgb(0, 0, 90), rgb(0, 255, 255), rgb(80, 40, 0), rgb(255, 170, 0),
    rgb(0, 0, 0), rgb(40, 40, 40), rgb(0, 0, 90), rgb(0, 255, 255), rgb(255, 255, 0), rgb(0, 0, 0),
    rgb(60, 60, 60), rgb(0, 0, 160),
    rgb(0, 255, 0),
};

bool g_high = false;

}  // namespace

const Palette& palette() { return g_high ? kHighContrast : kLight; }
bool highContrast() { return g_high; }

void applyTheme(bool high, float scale) {
  g_high = high;
  const Palette& p = palette();
  ImGuiStyle& s = ImGui::GetStyle();
  s = ImGuiStyle();
  ImGui::StyleColorsLight(&s);
  s.WindowPadding = ImVec2(32, 24);
  s.FramePadding = ImVec2(16, 12);
  s.ItemSpacing = ImVec2(14, 14);
  s.FrameRounding = 0;
  s.GrabRounding = 0;
  s.ScrollbarSize = 28;
  s.FrameBorderSize = high ? 2.0f : 1.0f;
  s.WindowBorderSize = 0;
  s.Colors[ImGuiCol_WindowBg] = p.background;
  s.Colors[ImGuiCol_PopupBg] = p.background;
  s.Colors[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);
  s.Colors[ImGuiCol_Text] = p.text;
  s.Colors[ImGuiCol_TextDisabled] = p.textMuted;
  s.Colors[ImGuiCol_Button] = p.primary;
  s.Colors[ImGuiCol_ButtonHovered] = p.primaryHover;
  s.Colors[ImGuiCol_ButtonActive] = p.primaryActive;
  s.Colors[ImGuiCol_FrameBg] = high ? p.background : ImVec4(1, 1, 1, 1);
  s.Colors[ImGuiCol_FrameBgHovered] = p.choiceHover;
  s.Colors[ImGuiCol_Header] = p.choiceSelected;
  s.Colors[ImGuiCol_HeaderHovered] = p.choiceHover;
  s.Colors[ImGuiCol_Border] = p.border;
  s.Colors[ImGuiCol_Separator] = p.border;
  s.Colors[ImGuiCol_PlotHistogram] = p.progress;
  s.Colors[ImGuiCol_NavHighlight] = p.focus;
  s.Colors[ImGuiCol_TextSelectedBg] = p.choiceSelected;
  s.ScaleAllSizes(scale);
}

namespace {
ImFont* g_bold = nullptr;
}  // namespace

ImFont* boldFont() { return g_bold; }
void setBoldFont(ImFont* font) { g_bold = font; }

}  // namespace hocso::ui
