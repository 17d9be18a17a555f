// SIGTERM and SIGINT end hocso-kiosk cleanly (systemd stopping the unit, a
// technician's Ctrl+C). SDL would turn them into SDL_QUIT, which looks the
// same as a window closed with Alt+F4, so SDL is told to leave signals alone
// and a thread of ours takes them with sigwait, then wakes the frame loop.
#pragma once

#include <atomic>
#include <functional>
#include <mutex>
#include <thread>

namespace hocso::ui {

class StopSignals {
 public:
  // Blocks SIGTERM and SIGINT in the calling thread and starts the thread
  // that waits for them. Construct it first thing in main(): threads started
  // later inherit the blocked mask, so only that thread ever sees them.
  StopSignals();
  ~StopSignals();
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

  // True once SIGTERM or SIGINT arrived; signal() says which.
  bool requested() const { return signal_.load() != 0; }
  int signal() const { return signal_.load(); }
  // Called (from the signal thread) when a signal arrives, e.g. to wake the
  // frame loop; pass an empty function before what it uses goes away.
  void setWake(std::function<void()> wake);

 private:
  void run();
  std::atomic<int> signal_{0};
  std::atomic<bool> closing_{false};
  std::mutex mutex_;
  std::function<void()> wake_;
  std::thread thread_;
};

}  // namespace hocso::ui
