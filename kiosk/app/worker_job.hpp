// A job facilitator mode runs on a worker thread (BackgroundJobs), so the
// frame loop keeps drawing: a report or list export, a USB backup or results
// bundle, an erasure. Made on the UI thread, it holds jobContext(ctx)'s copies
// of what it reads from the running kiosk (the settings, which the
// facilitator may change meanwhile; the data and site keys; the kiosk id; the
// pack's lessons, questions and framework, which an install may replace) and
// a clock. Its run() (any thread, once) opens the job's own connection to
// kiosk.db (openDatabase): a SQLite connection must not be used by two threads
// at once and the UI thread keeps using the main one; WAL lets the job run
// beside the UI's writes.
#pragma once

#include <memory>

#include "kiosk_context.hpp"
#include "service_support.hpp"

namespace hocso::app {

class WorkerJob {
 public:
  explicit WorkerJob(const KioskContext& ctx, WallClock now_ms = systemNowMs)
      : ctx_(jobContext(ctx)), now_ms_(std::move(now_ms)) {}

 protected:
  // The job's own connection, into ctx_->db.
  Result<void> openDatabase() { return openJobDatabase(*ctx_); }

  std::shared_ptr<KioskContext> ctx_;  // the copies; ctx_->db is opened by run()
  WallClock now_ms_;
};

}  // namespace hocso::app
