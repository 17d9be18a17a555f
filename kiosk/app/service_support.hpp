// Small pieces the application services share: the xAPI context of this
// kiosk and injectable clocks (write transactions: base/transaction.hpp).
#pragma once

#include <SQLiteCpp/Database.h>

#include <chrono>
#include <ctime>
#include <functional>
#include <string>

#include "base/error.hpp"
#include "base/transaction.hpp"
#include "kiosk_context.hpp"
#include "sync/xapi.hpp"

namespace hocso::app {

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

// The kiosk's local date of a Unix ms time, YYYY-MM-DD (printed on
// certificates; the day of a lesson view).
inline std::string localDate(long long unix_ms) {
  const std::time_t t = static_cast<std::time_t>(unix_ms / 1000);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

// The monotonic clock that measures exam time; tests replace it.
using MonotonicClock = std::function<std::chrono::steady_clock::time_point()>;
inline std::chrono::steady_clock::time_point steadyNow() { return std::chrono::steady_clock::now(); }

}  // namespace hocso::app
