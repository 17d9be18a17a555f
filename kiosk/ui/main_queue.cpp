// MainQueue: a mutex-guarded list of closures and an SDL wake-up event.
#include "main_queue.hpp"

#include <SDL.h>

namespace hocso::ui {

void MainQueue::post(std::function<void()> task) {
  {
    std::lock_guard lock(mutex_);
    tasks_.push_back(std::move(task));
  }
  SDL_Event wake{};
  wake.type = SDL_USEREVENT;
  SDL_PushEvent(&wake);  // thread-safe; wakes SDL_WaitEventTimeout
}

bool MainQueue::drain() {
  std::vector<std::function<void()>> run;
  {
    std::lock_guard lock(mutex_);
    run.swap(tasks_);
  }
  for (auto& task : run) task();
  return !run.empty();
}

}  // namespace hocso::ui
