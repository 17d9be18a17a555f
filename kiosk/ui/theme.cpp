// The two palettes and the Dear ImGui style built from them.
#include "theme.hpp"

#include "ui_context.hpp"
#include "widget_context.hpp"

#include <iterator>
#include <utility>

namespace hocso::ui {
namespace {

// Each role's colour (0xRRGGBB) in the light palette and in high contrast,
// side by side, in the order of Palette's members.
struct Colours {
  unsigned light, high;
};
constexpr Colours kColours[] = {
    {0xFBFAF6, 0x000000},  // background
    {0x14171F, 0xFFFFFF},  // text
    {0x5F646E, 0xE6E6E6},  // textMuted
    {0x0D59A6, 0xFFFF00},  // brand
    {0x0D66BF, 0xFFFF00},  // primary
    {0x1A7AD9, 0xFFFF96},  // primaryHover
    {0x054D99, 0xE6E600},  // primaryActive
    {0xFFFFFF, 0x000000},  // primaryText
    {0xE0E6ED, 0x000000},  // secondary
    {0xCCD6E6, 0x3C3C3C},  // secondaryHover
    {0x1A1F29, 0xFFFFFF},  // secondaryText
    {0x8C94A6, 0xFFFFFF},  // border
    {0x0D66BF, 0xFFFF00},  // selectedBorder
    {0xF28C00, 0x00FFFF},  // focus
    {0xF2F5F7, 0x000000},  // choice
    {0xD9EBFF, 0x00008C},  // choiceSelected
    {0xCCE0FA, 0x323232},  // choiceHover
    {0x0D8026, 0x00FF00},  // right
    {0xD1F0D6, 0x004600},  // rightBg
    {0xBF4D00, 0xFFAA00},  // wrong
    {0xFFE0BF, 0x5A2800},  // wrongBg
    {0xB30D0D, 0xFF6E6E},  // error
    {0xE0F2FF, 0x00005A},  // tipBg
    {0x1A73CC, 0x00FFFF},  // tipBar
    {0xFFEDCC, 0x502800},  // warnBg
    {0xD97300, 0xFFAA00},  // warnBar
    {0xF7F7FA, 0x000000},  // mockupBg
    {0xEDEDED, 0x282828},  // mockupHeader
    {0xE6EDFA, 0x00005A},  // mockupBubble
    {0x0D4DD9, 0x00FFFF},  // mockupLink
    {0x338C4D, 0xFFFF00},  // mockupButton
    {0xFFFFFF, 0x000000},  // mockupButtonText
    {0xCCCCD1, 0x3C3C3C},  // mockupImage
    {0xFFD94D, 0x0000A0},  // mockupSelected
    {0x1A8C4D, 0x00FF00},  // progress
};
static_assert(sizeof(Palette) == std::size(kColours) * sizeof(ImVec4), "a colour for each of Palette's roles");

ImVec4 rgb(unsigned hex) {
  return ImVec4(static_cast<float>((hex >> 16) & 0xFF) / 255.0f, static_cast<float>((hex >> 8) & 0xFF) / 255.0f,
                static_cast<float>(hex & 0xFF) / 255.0f, 1.0f);
}

template <size_t... I>
Palette paletteOf(unsigned Colours::*which, std::index_sequence<I...>) {
  return Palette{rgb(kColours[I].*which)...};
}

const Palette kLight = paletteOf(&Colours::light, std::make_index_sequence<std::size(kColours)>());
const Palette kHighContrast = paletteOf(&Colours::high, std::make_index_sequence<std::size(kColours)>());

}  // namespace

void attachWidgetContext(WidgetContext* context) { ImGui::GetIO().UserData = context; }

WidgetContext& widgetContext() {
  auto* context = static_cast<WidgetContext*>(ImGui::GetIO().UserData);
  IM_ASSERT(context && context->platform && context->display && "no WidgetContext attached to this ImGui context");
  return *context;
}

Probe& widgetProbe() { return widgetContext().platform->probe; }

const Palette& palette(bool high_contrast) { return high_contrast ? kHighContrast : kLight; }
const Palette& palette() { return palette(highContrast()); }
bool highContrast() { return widgetContext().display->high_contrast; }
ImFont* boldFont() { return widgetContext().platform->fonts.bold; }

void applyTheme(bool high, float scale) {
  const Palette& p = palette(high);
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

}  // namespace hocso::ui
