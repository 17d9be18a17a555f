// Shared by the registration and sign-in screens: the sign-in picture grid,
// the month question, the lockout message; and what the two sign-in screens
// (by name or citizen ID, by picture) have in common.
#pragma once

#include <optional>
#include <string>

#include "../../app/learner_service.hpp"
#include "../i18n.hpp"
#include "../keyboard.hpp"
#include "../pictures.hpp"
#include "../screen.hpp"
#include "signin_pictures.hpp"

namespace hocso::ui {

// A sign-in screen: the bar with Home and Back, and what an attempt's
// outcome means for it (the learner signed in, or a refusal in words).
class SignInScreenBase : public Screen {
 public:
  SignInScreenBase() : Screen(NavBar::HomeBack) {}

 protected:
  // Signed in: the learner's session starts and the home screen opens.
  static Next signedIn(UiSession& session, const app::SignInOutcome& outcome);
  // Why a sign-in was refused, in words: too many tries (how long to wait),
  // `mismatch` (wrong details) or `cannot_tell` (NeedsHelp). Empty when it
  // was not refused (SignedIn, NeedsHint).
  static std::string refusal(const app::SignInOutcome& outcome, const char* mismatch, const char* cannot_tell);
};

// The side of a picture in a tile at the current text size (96..200 px).
float pictureTileSide();
// One sign-in picture at the cursor, `side` px square.
void drawSigninPicture(PictureCache& pictures, const app::SigninPicture& p, float side);
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
