// Work handed to the UI thread by workers (sync, read-aloud): closures run
// at the start of the next frame; posting wakes the frame loop with an SDL
// user event, so the loop can keep sleeping in SDL_WaitEventTimeout.
#pragma once

#include <functional>
#include <mutex>
#include <vector>

namespace hocso::ui {

class MainQueue {
 public:
  // Any thread. Wakes the frame loop.
  void post(std::function<void()> task);
  // UI thread: runs what was posted; returns true when anything ran.
  bool drain();

 private:
  std::mutex mutex_;
  std::vector<std::function<void()>> tasks_;
};

}  // namespace hocso::ui
