// Colours by role, in two themes: the default (light, calm) and high
// contrast (black background, white text, yellow focus). Screens take their
// colours from here, never as literals, so both themes cover every screen.
#pragma once

#include <imgui.h>

namespace hocso::ui {

struct Palette {
  ImVec4 background, text, textMuted, brand;
  ImVec4 primary, primaryHover, primaryActive, primaryText;
  ImVec4 secondary, secondaryHover, secondaryText;
  ImVec4 border, selectedBorder, focus;
  ImVec4 choice, choiceSelected, choiceHover;
  ImVec4 right, rightBg, wrong, wrongBg, error;
  ImVec4 tipBg, tipBar, warnBg, warnBar;
  ImVec4 mockupBg, mockupHeader, mockupBubble, mockupLink, mockupButton, mockupButtonText, mockupImage, mockupSelected;
  ImVec4 progress;
};

// The smallest height of anything a finger taps, in pixels.
inline constexpr float kTouchTarget = 48.0f;
// Body text at 100% on a 768-line screen, in pixels (the font atlas scales
// it by the learner's text size and the screen's height).
inline constexpr float kBaseFontSize = 26.0f;

// The colours of one theme.
const Palette& palette(bool high_contrast);
// The colours of the display's theme now (DisplaySettings::high_contrast,
// through the WidgetContext of the current Dear ImGui context).
const Palette& palette();
bool highContrast();
// The bold face of the loaded font atlas (Platform::fonts), for text drawn
// straight into a draw list; nullptr before fonts are loaded.
ImFont* boldFont();
// Sets Dear ImGui's style colours and sizes for a theme.
void applyTheme(bool high_contrast, float scale);

}  // namespace hocso::ui
