// Small pieces the application services share: one transaction around a
// service call, the xAPI context of this kiosk, and injectable clocks.
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Transaction.h>

#include <chrono>
#include <functional>
#include <string>

#include "base/error.hpp"
#include "kiosk_context.hpp"
#include "sync/xapi.hpp"

namespace hocso::app {

// Runs `body` in one transaction, committed only when it returns a value.
template <typename F>
auto inTransaction(SQLite::Database& db, const char* what, F&& body) -> decltype(body()) {
  try {
    SQLite::Transaction tx(db);
    auto r = body();
    if (r) tx.commit();
    return r;
  } catch (const SQLite::Exception& e) {
    return fail(ErrorCode::Database, std::string(what) + ": " + e.what());
  }
}

inline sync::XapiContext xapiContext(const KioskContext& ctx, const std::string& pack_id,
                                     const std::string& pack_version) {
  return sync::XapiContext{ctx.config.activity_base, ctx.config.account_home_page, ctx.kiosk_id,
                           ctx.config.site_id,       pack_id,                        pack_version};
}

// Wall-clock time in Unix ms (lockouts, dates); tests replace it.
using WallClock = std::function<long long()>;
inline long long systemNowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The monotonic clock that measures exam time; tests replace it.
using MonotonicClock = std::function<std::chrono::steady_clock::time_point()>;
inline std::chrono::steady_clock::time_point steadyNow() { return std::chrono::steady_clock::now(); }

}  // namespace hocso::app
