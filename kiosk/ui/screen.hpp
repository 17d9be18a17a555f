// Screens: each one a class that draws its own content into the full-window
// frame the base class owns (ImHex's View pattern). Screens hold UI state and
// a reference to the services; never SQL, never the network.
#pragma once

#include <imgui.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ui_context.hpp"

namespace hocso::ui {

class Screen;
struct NavLabels;

// The bar at the top of a learner's screens (the header's row): the same
// place, the same buttons on every screen. None: the welcome screen and the
// exam (leaving it is guarded) and facilitator mode (its own menu).
enum class NavBar {
  None,
  HomeBack,  // "Về trang chủ" and "Quay lại" (#nav-home, #nav-back)
  Home,      // only "Về trang chủ" (a screen with no step back, e.g. a result)
  SignOut,   // the home screen itself: "Đăng xuất, rời máy" (#signout) where Home/Back would be
};

class Next;

class Screen {
 public:
  // `bar`: the navigation bar the header shows (navBar() may decide per frame instead).
  explicit Screen(NavBar bar = NavBar::None) : bar_(bar) {}
  virtual ~Screen() = default;
  // The stable name scripts and logs use ("welcome", "register", ...).
  virtual const char* name() const = 0;
  // Full-window frame: header with the app name, then the screen's content.
  // Returns what the screen asks for (the header's buttons or the content's).
  Next draw(UiContext& ui);

 protected:
  virtual Next drawContent(UiContext& ui) = 0;
  // Screens whose content must keep the screen at large text (a question and
  // its answers) ask for a header of one short row: the learner's name and
  // the display controls in smaller type, no app name.
  virtual bool compactHeader(const UiContext& /*ui*/) const { return false; }
  // The type size, as a factor of the learner's, of what drawContent draws:
  // below 1 for a screen whose own chrome (position, clock, footer) takes
  // smaller type at large text. The frame sets it around drawContent; a part
  // that must stay full size (a question and its answers, in a child window,
  // which multiplies its parent's factor) sets 1 for itself and chromeScale
  // back after.
  virtual float chromeScale(const UiContext& /*ui*/) const { return 1.0f; }
  // Which navigation bar the header shows (NavBar), and what its "Quay lại"
  // does: by default the home screen when a learner is signed in, else the
  // welcome screen (the same as "Về trang chủ").
  virtual NavBar navBar(const UiContext& /*ui*/) const { return bar_; }
  virtual Next goBack(UiContext& ui);
  // Items a screen adds to the header's row after the learner's name, in
  // the header's type (the exam's position and clock at large text). Each
  // starts with ImGui::SameLine and sits on the row (headerText).
  virtual void headerItems(UiContext& /*ui*/) {}
  // Text on the header's row, centred on its height (for headerItems).
  void headerText(const char* text, const char* id = "", bool bold = false, const ImVec4* colour = nullptr);

 private:
  Next drawContentAtChromeScale(UiContext& ui);
  Next drawHeader(UiContext& ui, bool compact);
  struct HeaderRow {
    float used = 0.0f, room = 0.0f;  // width the bar takes; what is left for the names
    bool any = false;                // something is on the row
  };
  Next drawNavButtons(UiContext& ui, NavBar nav, const NavLabels& labels, HeaderRow& row);
  bool drawHeaderNames(UiContext& ui, NavBar nav, bool compact, bool small, HeaderRow& row);
  NavBar bar_;
  float headerTop_ = 0.0f, headerHeight_ = 0.0f;
};

// A screen's outcome: what it asks the frame loop to do once the frame is
// drawn, instead of acting on the world itself. Stay (the default), open
// another screen, go home, sign out, or leave kiosk mode. When a frame asks
// twice (the header's button and the content's), the later request wins.
class Next {
 public:
  enum class Kind { Stay, Open, Home, SignOut, Quit };
  Next() = default;
  // Opens `screen`.
  static Next to(std::unique_ptr<Screen> screen) {
    Next n(Kind::Open);
    n.screen_ = std::move(screen);
    return n;
  }
  // "Về trang chủ": the home screen for a signed-in learner, else the
  // welcome screen; stops reading aloud.
  static Next home() { return Next(Kind::Home); }
  // Clears the session and the display choices; the welcome screen.
  static Next signOut() { return Next(Kind::SignOut); }
  // Leaves kiosk mode (facilitator): the app ends.
  static Next quit() { return Next(Kind::Quit); }
  Kind kind() const { return kind_; }
  bool stays() const { return kind_ == Kind::Stay; }
  // The screen an Open outcome carries (once).
  std::unique_ptr<Screen> takeScreen() { return std::move(screen_); }
  // `later` when it asks for something, else this one.
  Next then(Next later) && { return later.stays() ? std::move(*this) : std::move(later); }

 private:
  explicit Next(Kind kind) : kind_(kind) {}
  Kind kind_ = Kind::Stay;
  std::unique_ptr<Screen> screen_;
};

// A learner's screen with nobody signed in (signed out meanwhile): the
// welcome screen; otherwise stays.
Next requireLearner(const UiSession& session);

// Screens, one file each.
// Learner path.
std::unique_ptr<Screen> makeWelcomeScreen();
std::unique_ptr<Screen> makeConsentScreen();
std::unique_ptr<Screen> makeRegisterScreen(std::string consent_version);
std::unique_ptr<Screen> makeSignInScreen();
// Sign-in by picture + birth year + PIN (type nothing).
std::unique_ptr<Screen> makePictureSignInScreen();
std::unique_ptr<Screen> makeHomeScreen();
std::unique_ptr<Screen> makeGroupScreen(std::string group);
std::unique_ptr<Screen> makeLessonScreen(std::string lesson_id);
std::unique_ptr<Screen> makeQuizScreen(assessment::Attempt attempt);
std::unique_ptr<Screen> makeScoreScreen(assessment::ResultRecord result, std::string lesson_id);
// Certification exam.
std::unique_ptr<Screen> makeExamUnlockScreen();
std::unique_ptr<Screen> makeExamScreen(std::string attempt_id);
std::unique_ptr<Screen> makeExamResultScreen(app::ExamOutcome outcome);
// Facilitator mode (behind a PIN).
std::unique_ptr<Screen> makeFacilitatorLoginScreen();
std::unique_ptr<Screen> makeFacilitatorScreen();

// The kiosk paused by a facilitator: a full-screen notice; only a
// facilitator PIN lifts it. The pause is kept in kiosk.db (SettingsService),
// and the welcome screen opens this one while it lasts, so the kiosk starts
// paused after a power cut or a crash.
std::unique_ptr<Screen> makePausedScreen();

// A screen failed with an unexpected error (an exception the frame loop
// caught): a plain notice, what to do, and a button back to the welcome screen.
std::unique_ptr<Screen> makeErrorScreen();

// Shared widgets (widgets.cpp).
bool bigButton(const char* label, float width = 0.0f, bool primary = true);
float buttonHeight();  // of bigButton at the current text size (≥ 48 px)
// The width of each of `columns` equal buttons side by side across the
// content region (a footer's Sign in / Back / other way).
float columnWidth(int columns);
// Secondary buttons of equal width across the page, in as many columns (up
// to `count`) as let every label show whole. Returns the index pressed or -1.
int buttonGrid(const char* const* labels, int count);
// A check box the size of a big button: a box (ticked when `checked`) and
// the label, left-aligned, on a secondary button (#id from "label###id").
// `width` 0: as wide as it needs (checkButtonWidth); -1: the whole row.
// True when tapped: the caller flips its state.
bool checkButton(const char* label, bool checked, float width = 0.0f);
float checkButtonWidth(const char* label);
// A horizontal line across the content region (instead of ImGui::Separator,
// whose fractional coordinates show a seam in the software renderer).
void rule();
// Inside a scrolling child, after its content: when more lies below what
// shows, a band at the bottom says so ("Còn nữa bên dưới") with an arrow.
// Scripts see it as #more-below.
void moreBelowCue();
float moreBelowHeight();  // of that band
void wrappedText(const std::string& text, ImFont* font = nullptr);
void centeredText(const char* text, ImFont* font);
void errorText(const char* text);
// A "Read aloud" / "Stop reading" button for `text` (hidden without audio).
void readAloudButton(UiContext& ui, const char* id, const std::string& text);
float readAloudWidth();  // what readAloudButton takes, for layouts
// Greedy rows of items with these widths that fit `avail` (indices per row).
std::vector<std::vector<int>> flowRows(const std::vector<float>& widths, float avail, float spacing);
// The facilitator's choice of extra exam time for this learner (disability,
// age): none, +10, +20 or +30 minutes (#extra-0, #extra-10, …).
void extraTimeChoice(int& minutes);
// A horizontal bar 0..1 with a label inside (progress, scores).
void meterBar(float fraction, const char* overlay, float height = 0.0f);

}  // namespace hocso::ui
