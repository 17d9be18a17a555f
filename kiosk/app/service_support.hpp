// Small pieces the application services share: the xAPI context of this
// kiosk and injectable clocks (write transactions: base/transaction.hpp).
#pragma once

#include <SQLiteCpp/Database.h>

#include <chrono>
#include <ctime>
#include <functional>
#include <string>

#include "assessment/identity.hpp"
#include "assessment/site_records.hpp"
#include "base/error.hpp"
#include "base/time.hpp"
#include "base/transaction.hpp"
#include "kiosk_context.hpp"
#include "sync/xapi.hpp"

namespace hocso::app {

inline sync::XapiContext xapiContext(const KioskContext& ctx, const std::string& pack_id,
                                     const std::string& pack_version) {
  return sync::XapiContext{ctx.config.activity_base, ctx.config.account_home_page, ctx.kiosk_id,
                           ctx.config.site_id,       pack_id,                        pack_version};
}

// A learner's PIN hash: peppered with the site key when this kiosk is in a
// site (kSitePinPrefix; every kiosk of the site can check it, so the hash
// travels in the site journal), else with the kiosk's data key.
inline std::string learnerPinHash(const KioskContext& ctx, const std::string& pin) {
  if (ctx.site_cipher) return assessment::kSitePinPrefix + assessment::hashPin(pin, *ctx.site_cipher);
  return assessment::hashPin(pin, ctx.cipher);
}
inline bool learnerPinMatches(const KioskContext& ctx, const std::string& pin, const std::string& stored) {
  const std::string prefix = assessment::kSitePinPrefix;
  if (stored.rfind(prefix, 0) == 0)
    return ctx.site_cipher && assessment::verifyPin(pin, stored.substr(prefix.size()), *ctx.site_cipher);
  return assessment::verifyPin(pin, stored, ctx.cipher);
}
inline bool isSitePinHash(const std::string& stored) { return stored.rfind(assessment::kSitePinPrefix, 0) == 0; }

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
