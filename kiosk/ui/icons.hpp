// Small pictures drawn with lines and triangles (no icon font, square
// corners: cheap on the software renderer), for the navigation bar and the
// main action buttons. The skill groups' pictures are in home_screen.cpp.
#pragma once

#include <imgui.h>

namespace hocso::ui {

enum class Icon { Home, Back, SignOut, Search, Exam, Next, Previous, Flag, Grid, Check, Book, Play, Speaker };

// Draws `icon` centred on `c`, about `s` pixels square, in `col`.
void drawIcon(ImDrawList* dl, Icon icon, ImVec2 c, float s, ImU32 col);

// A big button (see bigButton) with a drawn icon left of its label; the
// label stays centred in the room right of the icon. The probe records the
// label and its "###id" as bigButton does.
bool iconButton(const char* label, Icon icon, float width = 0.0f, bool primary = true, float height = 0.0f);
// The width iconButton needs for `label` at the current type size.
float iconButtonWidth(const char* label);

}  // namespace hocso::ui
