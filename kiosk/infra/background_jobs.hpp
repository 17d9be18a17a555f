// Slow file work started from a screen (pack checks and installs from USB,
// report exports) run one at a time on a worker thread, so the frame loop
// keeps drawing. The result comes back to the UI thread through `post` (the
// kiosk's MainQueue) and waits there, under the job's kind, until a screen
// takes it: the screen that started a job may be gone (the facilitator
// opened another section) and a later one shows the outcome.
#pragma once

#include <any>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

namespace hocso::app {

class BackgroundJobs {
 public:
  // Hands a closure to the UI thread (any thread may call it).
  using Post = std::function<void(std::function<void()>)>;
  // `delay` is waited before each job's work: UI tests slow jobs down with
  // HOCSO_TEST_JOB_DELAY_MS (see delayForTests) to see the progress message.
  explicit BackgroundJobs(Post post, std::chrono::milliseconds delay = {});
  // Waits for a running job (its result is dropped).
  ~BackgroundJobs();
  BackgroundJobs(const BackgroundJobs&) = delete;
  BackgroundJobs& operator=(const BackgroundJobs&) = delete;

  // UI thread, all of them.
  // Runs `work` on a worker thread. Returns false (nothing started) while
  // another job runs (or when `kind` is empty). `work` must not touch anything the UI thread uses
  // (ImGui, the main SQLite connection, the running pack): give it copies.
  // An exception from `work` is logged and its result is an empty std::any.
  bool start(std::string kind, std::function<std::any()> work);
  bool running() const;
  // The kind of the running job; empty when none runs.
  const std::string& runningKind() const;
  // The result of the last finished job of `kind`, once.
  std::optional<std::any> take(std::string_view kind);

  // HOCSO_TEST_JOB_DELAY_MS from the environment (0 when unset).
  static std::chrono::milliseconds delayForTests();

 private:
  // Shared with the closures the worker posts, so a result arriving after
  // this object is gone is dropped instead of touching freed memory.
  struct State {
    std::string running;                                      // kind, empty when idle
    std::map<std::string, std::any, std::less<>> finished;    // kind -> result not yet taken
  };
  Post post_;
  std::chrono::milliseconds delay_;
  std::shared_ptr<State> state_ = std::make_shared<State>();
  std::thread thread_;
};

}  // namespace hocso::app
