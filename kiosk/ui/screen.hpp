// Screens: each one a class that draws its own content into the full-window
// frame the base class owns (ImHex's View pattern). Screens hold UI state and
// a reference to the services; never SQL, never the network.
#pragma once

#include <imgui.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "../app/learning_service.hpp"

namespace hocso::ui {

struct Fonts {
  ImFont* body = nullptr;
  ImFont* bold = nullptr;
  ImFont* title = nullptr;   // large headings
};

// What the learner is doing right now (cleared on sign-out).
struct Session {
  std::optional<assessment::Learner> learner;
  std::string lesson_id;
};

class Screen;

struct UiContext {
  explicit UiContext(app::LearningService& service) : learning(service) {}
  app::LearningService& learning;
  Fonts fonts;
  Session session;
  float scale = 1.0f;                                  // text size 1.0–2.0
  bool high_contrast = false;
  float default_scale = 1.0f;                          // restored at sign-out
  bool default_high_contrast = false;
  float requested_scale = 0.0f;                        // > 0: rebuild fonts between frames
  bool requested_contrast_toggle = false;
  int idle_warning_seconds = 0;                        // > 0: the idle warning is showing
  void signOut();                                      // clears the session and display choices
  std::function<void(std::unique_ptr<Screen>)> navigate;  // applied after the frame
};

class Screen {
 public:
  virtual ~Screen() = default;
  // The stable name scripts and logs use ("welcome", "register", ...).
  virtual const char* name() const = 0;
  // Full-window frame: header with the app name, then the screen's content.
  void draw(UiContext& ui);

 protected:
  virtual void drawContent(UiContext& ui) = 0;
};

// Screens, one file each.
std::unique_ptr<Screen> makeWelcomeScreen();
std::unique_ptr<Screen> makeRegisterScreen();
std::unique_ptr<Screen> makeHomeScreen();
std::unique_ptr<Screen> makeLessonScreen(std::string lesson_id);
std::unique_ptr<Screen> makeQuizScreen(assessment::Attempt attempt);
std::unique_ptr<Screen> makeScoreScreen(assessment::ResultRecord result, std::string lesson_id);

// Shared widgets (widgets.cpp).
bool bigButton(const char* label, float width = 0.0f, bool primary = true);
void wrappedText(const std::string& text, ImFont* font = nullptr);
void centeredText(const char* text, ImFont* font);
void errorText(const char* text);

}  // namespace hocso::ui
