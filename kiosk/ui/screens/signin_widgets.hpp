// Shared by the registration and sign-in screens: the sign-in picture grid,
// the "more below" cue of a scrolling page, the month question.
#pragma once

#include <string>

#include "../../app/signin_pictures.hpp"
#include "../screen.hpp"

namespace hocso::ui {

// The side of a picture in a tile at the current text size (96..200 px).
float pictureTileSide();
// One sign-in picture at the cursor, `side` px square.
void drawSigninPicture(const app::SigninPicture& p, float side);
// Every sign-in picture as a tile (the drawing and its name, #pic-<id>) in a
// grid that scrolls inside `height` px; tapping one chooses it (a thick
// border and a tick) and reads its name aloud. True when one was tapped.
bool pictureGrid(UiContext& ui, std::string& chosen, float height);
// Inside a scrolling child window, after its content: when more lies below
// the visible part, a band with an arrow and "more below" at its bottom.
// Twelve big buttons "Tháng 1" … "Tháng 12" (#month-1 …); the month pressed, or 0.
int monthChoice();

}  // namespace hocso::ui
