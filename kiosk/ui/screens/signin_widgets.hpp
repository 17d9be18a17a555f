// Shared by the registration and sign-in screens: the sign-in picture grid,
// the month question, the lockout message.
#pragma once

#include <string>

#include "signin_pictures.hpp"
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
// Twelve big buttons "Tháng 1" … "Tháng 12" (#month-1 …); the month pressed, or 0.
int monthChoice();
// The page that asks the month a learner registered (when the PIN was right
// for several learners): `error` if any, the month buttons, then `why` it
// is asked, and the "more below" cue. Inside the page's scrolling child.
// The month pressed, or 0.
int monthQuestion(const std::string& error, const char* why);
// What a learner reads after too many wrong tries: how long to wait.
std::string lockedOutMessage(long long retry_after_ms);

}  // namespace hocso::ui
