// The signal thread: sigwait for SIGTERM/SIGINT, record which, wake the loop.
#include "stop_signals.hpp"

#include <pthread.h>
#include <spdlog/spdlog.h>

#include <csignal>

namespace hocso::ui {
namespace {

sigset_t stopSet() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  return set;
}

}  // namespace

StopSignals::StopSignals() {
  const sigset_t set = stopSet();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  thread_ = std::thread([this] { run(); });
}

StopSignals::~StopSignals() {
  closing_ = true;
  setWake({});
  pthread_kill(thread_.native_handle(), SIGTERM);  // ends its sigwait
  thread_.join();
}

void StopSignals::setWake(std::function<void()> wake) {
  std::lock_guard<std::mutex> lock(mutex_);
  wake_ = std::move(wake);
}

void StopSignals::run() {
  const sigset_t set = stopSet();
  for (;;) {
    int sig = 0;
    if (sigwait(&set, &sig) != 0) continue;
    if (closing_) return;
    if (signal_.exchange(sig) == 0) spdlog::info("{} received: closing", sig == SIGTERM ? "SIGTERM" : "SIGINT");
    std::lock_guard<std::mutex> lock(mutex_);
    if (wake_) wake_();
  }
}

}  // namespace hocso::ui
