// BackgroundJobs (facilitator mode's pack checks/installs and report
// exports): one job at a time on another thread, the result handed back
// through the posted closure and kept by kind until taken, exceptions
// contained, and destruction waiting for a running job.
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <future>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include "background_jobs.hpp"

namespace hocso {
namespace {

// Stands in for the kiosk's MainQueue: the test thread is the "UI thread".
class TestQueue {
 public:
  app::BackgroundJobs::Post post() {
    return [this](std::function<void()> task) {
      {
        std::lock_guard lock(mutex_);
        tasks_.push_back(std::move(task));
      }
      posted_.notify_all();
    };
  }
  // Waits until something was posted, then runs it here.
  void waitAndDrain() {
    std::vector<std::function<void()>> run;
    {
      std::unique_lock lock(mutex_);
      posted_.wait(lock, [this] { return !tasks_.empty(); });
      run.swap(tasks_);
    }
    for (auto& task : run) task();
  }

 private:
  std::mutex mutex_;
  std::condition_variable posted_;
  std::vector<std::function<void()>> tasks_;
};

TEST(BackgroundJobs, RunsOnAWorkerAndHandsTheResultBackThroughTheQueue) {
  TestQueue queue;
  app::BackgroundJobs jobs(queue.post());
  std::promise<void> gate;
  std::shared_future<void> open = gate.get_future().share();
  ASSERT_TRUE(jobs.start("check", [open] {
    open.wait();
    return std::any(std::this_thread::get_id());
  }));
  EXPECT_TRUE(jobs.running());
  EXPECT_EQ(jobs.runningKind(), "check");
  // One at a time: a second job is refused while the first runs.
  EXPECT_FALSE(jobs.start("export", [] { return std::any(1); }));
  EXPECT_FALSE(jobs.take("check"));
  gate.set_value();
  queue.waitAndDrain();
  EXPECT_FALSE(jobs.running());
  EXPECT_EQ(jobs.runningKind(), "");
  auto result = jobs.take("check");
  ASSERT_TRUE(result);
  EXPECT_NE(std::any_cast<std::thread::id>(*result), std::this_thread::get_id());
  EXPECT_FALSE(jobs.take("check"));  // taken once
}

TEST(BackgroundJobs, ResultsWaitByKindUntilAScreenTakesThem) {
  TestQueue queue;
  app::BackgroundJobs jobs(queue.post());
  ASSERT_TRUE(jobs.start("install", [] { return std::any(std::string("1.0.1")); }));
  queue.waitAndDrain();
  // Nobody took the install's result; the next job may start all the same.
  ASSERT_TRUE(jobs.start("export", [] { return std::any(42); }));
  queue.waitAndDrain();
  EXPECT_FALSE(jobs.take("rollback"));
  auto exported = jobs.take("export");
  ASSERT_TRUE(exported);
  EXPECT_EQ(std::any_cast<int>(*exported), 42);
  auto installed = jobs.take("install");
  ASSERT_TRUE(installed);
  EXPECT_EQ(std::any_cast<std::string>(*installed), "1.0.1");
}

TEST(BackgroundJobs, AnExceptionEndsTheJobWithAnEmptyResult) {
  TestQueue queue;
  app::BackgroundJobs jobs(queue.post());
  ASSERT_TRUE(jobs.start("export", []() -> std::any { throw std::runtime_error("disk full"); }));
  queue.waitAndDrain();
  EXPECT_FALSE(jobs.running());
  auto result = jobs.take("export");
  ASSERT_TRUE(result);
  EXPECT_FALSE(result->has_value());
  EXPECT_FALSE(jobs.start("", [] { return std::any(); }));  // a job needs a kind
}

TEST(BackgroundJobs, ShuttingDownWaitsForTheRunningJobAndDropsItsResult) {
  TestQueue queue;
  auto jobs = std::make_unique<app::BackgroundJobs>(queue.post());
  std::promise<void> gate;
  std::shared_future<void> open = gate.get_future().share();
  std::atomic<bool> finished{false};
  ASSERT_TRUE(jobs->start("install", [open, &finished] {
    open.wait();
    finished = true;
    return std::any(1);
  }));
  // The job is still blocked when the kiosk shuts down; it is let go meanwhile.
  std::thread release([&gate] { gate.set_value(); });
  jobs.reset();
  EXPECT_TRUE(finished);
  release.join();
  // The result posted during shutdown arrives after the jobs are gone: dropped, no crash.
  queue.waitAndDrain();
}

}  // namespace
}  // namespace hocso
