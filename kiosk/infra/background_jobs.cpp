// BackgroundJobs: one std::thread per job (jobs are rare and slow), joined
// before the next one starts and at destruction. Only the UI thread reads
// or writes State; the worker reaches it through a posted closure.
#include "background_jobs.hpp"

#include <spdlog/spdlog.h>

#include <cstdlib>

namespace hocso::app {

BackgroundJobs::BackgroundJobs(Post post, std::chrono::milliseconds delay) : post_(std::move(post)), delay_(delay) {}

BackgroundJobs::~BackgroundJobs() {
  if (thread_.joinable()) {
    if (!state_->running.empty()) spdlog::info("waiting for the background job '{}' to finish", state_->running);
    thread_.join();
  }
}

bool BackgroundJobs::start(std::string kind, std::function<std::any()> work) {
  if (kind.empty() || !state_->running.empty()) return false;
  // The previous job has posted its result (running is cleared by it), so
  // its thread is finished or about to return.
  if (thread_.joinable()) thread_.join();
  state_->running = kind;
  state_->finished.erase(kind);
  std::weak_ptr<State> weak = state_;
  spdlog::info("background job '{}' started", kind);
  thread_ = std::thread([post = post_, delay = delay_, kind = std::move(kind), work = std::move(work), weak] {
    const auto started = std::chrono::steady_clock::now();
    if (delay.count() > 0) std::this_thread::sleep_for(delay);
    std::any result;
    try {
      result = work();
    } catch (const std::exception& e) {  // never let a job take the kiosk down
      spdlog::error("the background job '{}' failed: {}", kind, e.what());
    } catch (...) {
      spdlog::error("the background job '{}' failed", kind);
    }
    spdlog::info("background job '{}' finished after {} ms", kind,
                 std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count());
    // shared_ptr: std::function needs a copyable closure; std::any is copyable
    // but the result may be large, so it is moved once into the box.
    auto box = std::make_shared<std::any>(std::move(result));
    post([weak, kind, box] {
      auto state = weak.lock();
      if (!state) return;  // the kiosk is shutting down
      state->finished[kind] = std::move(*box);
      if (state->running == kind) state->running.clear();
    });
  });
  return true;
}

bool BackgroundJobs::running() const { return !state_->running.empty(); }

const std::string& BackgroundJobs::runningKind() const { return state_->running; }

std::optional<std::any> BackgroundJobs::take(std::string_view kind) {
  auto it = state_->finished.find(kind);
  if (it == state_->finished.end()) return std::nullopt;
  std::any out = std::move(it->second);
  state_->finished.erase(it);
  return out;
}

std::chrono::milliseconds BackgroundJobs::delayForTests() {
  const char* v = std::getenv("HOCSO_TEST_JOB_DELAY_MS");
  if (!v || !*v) return {};
  return std::chrono::milliseconds(std::strtol(v, nullptr, 10));
}

}  // namespace hocso::app
