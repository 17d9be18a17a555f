// What the screens are given each frame, in four parts: the application
// services (AppServices, built once), the session (who is signed in, the idle
// countdown, what is read aloud), the display settings (text size, contrast)
// and the platform (the main queue, fonts, the read-aloud voice, background
// jobs, the sync worker's snapshot, the frame clock). UiContext only holds
// them; a helper that needs one part takes only that part.
#pragma once

#include <imgui.h>

#include <functional>
#include <optional>
#include <string>

#include "background_jobs.hpp"
#include "main_queue.hpp"
#include "pictures.hpp"
#include "probe.hpp"
#include "services.hpp"
#include "speech.hpp"
#include "sync/worker.hpp"

namespace hocso::ui {

struct Fonts {
  ImFont* body = nullptr;
  ImFont* bold = nullptr;
  ImFont* title = nullptr;   // large headings
};

// Who is using the kiosk and what they are doing now. Sign-out clears the
// sign-in (learner, lesson, facilitator); the idle limit stays.
struct UiSession {
  std::optional<assessment::Learner> learner;
  std::string lesson_id;
  std::optional<assessment::Facilitator> facilitator;  // facilitator mode unlocked (PIN checked)
  int idle_timeout_seconds = 300;                      // a signed-in learner idle this long is signed out
  int idle_warning_seconds = 0;                        // > 0: the idle warning is showing
  std::string reading_id;                              // which read-aloud button is speaking
  std::string asked_to_read;                           // the "Đọc to" button last pressed (not a picture's name read on tap)
  void clearSignIn() {
    learner.reset();
    lesson_id.clear();
    facilitator.reset();
  }
};

// Text size and contrast: what shows now, what sign-out restores, and what a
// screen asked for this frame (applied between frames: fonts are rebuilt).
struct DisplaySettings {
  float scale = 1.0f;                                  // text size 1.0–2.0
  bool high_contrast = false;
  float default_scale = 1.0f;                          // restored at sign-out
  bool default_high_contrast = false;
  float requested_scale = 0.0f;                        // > 0: rebuild fonts between frames
  bool requested_contrast_toggle = false;
  // Asks for the defaults back (sign-out).
  void requestDefaults() {
    if (scale != default_scale) requested_scale = default_scale;
    if (high_contrast != default_high_contrast) requested_contrast_toggle = true;
  }
};

// The sync worker's latest snapshot, copied on the UI thread (never waits on the network).
struct SyncView {
  sync::SyncSnapshot snapshot;
  bool started = false;
  std::function<void()> send_now;                      // asks the worker to send now
  void sendNow() const {
    if (send_now) send_now();
  }
};

// What the window and its threads give the screens.
struct Platform {
  MainQueue* queue = nullptr;                          // workers → UI thread
  Fonts fonts;
  Probe probe;                                         // what the last frame showed (UI scripts)
  // Read-aloud (may be null: no audio device); voice is an espeak-ng name.
  tts::ReadAloud* reader = nullptr;
  std::string voice = tts::kVoiceNorth;
  PictureCache pictures;                               // the content pack's and the sign-in pictures
  SyncView sync;
  // A screen that shows a running clock sets this every frame it is shown:
  // the loop then redraws once a second; otherwise it sleeps until input.
  bool tick = false;
  // Slow file work started from facilitator mode (pack checks and installs,
  // report exports): one job at a time on a worker thread, the result posted
  // back through `queue` and kept until a screen takes it, so leaving the
  // screen that started a job is safe. The last member, so it is destroyed
  // first: it waits for a running job while everything else still exists.
  app::BackgroundJobs jobs{[this](std::function<void()> done) { queue->post(std::move(done)); },
                           app::BackgroundJobs::delayForTests()};
};

struct UiContext {
  explicit UiContext(AppServices& services) : app(services) {}
  AppServices& app;
  UiSession session;
  DisplaySettings display;
  Platform platform;  // last: its jobs are destroyed first (see Platform::jobs)
  void signOut();                                      // clears the session and display choices (Next::signOut)
  // Reads `text` aloud for the button `id`; the same button again stops it.
  void toggleReading(const std::string& id, const std::string& text);
  void stopReading();
};

}  // namespace hocso::ui
