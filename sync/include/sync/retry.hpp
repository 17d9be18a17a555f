// When to try again: how an HTTP answer is classified, exponential backoff
// with jitter, Retry-After, and the time formats (ISO 8601, HTTP-date) that
// sync_state and servers use. Pure functions, shared by every endpoint client.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "sync/http.hpp"

namespace hocso::sync {

using Clock = std::chrono::system_clock;

// What a failed pass is about; stored as text in sync_state.last_error_kind
// and turned into a Vietnamese sentence by status_text.hpp.
enum class ErrorKind {
  None,
  Network,      // no connection, timeout, reset, answer cut short
  Tls,          // the server's certificate is not trusted
  Server,       // 5xx
  Busy,         // 429 / 503 with Retry-After: the server asked us to wait
  Credentials,  // 401 / 403
  Config,       // our configuration cannot work (token file, CA bundle, URL)
  Unexpected,   // an answer that is not the protocol's (captive portal, redirect)
  Database,     // kiosk.db failed
};

std::string errorKindName(ErrorKind k);          // "network", "tls", ... ("" for None)
ErrorKind errorKindFromName(std::string_view s);

// How the next attempt is scheduled. Derived from [sync] interval_seconds:
// the first retry after interval/10 (1 – 30 s), doubling per consecutive
// failure, never more than 12 × interval; Retry-After is honoured up to 6 h.
struct RetryPolicy {
  std::chrono::seconds base{30};
  std::chrono::seconds cap{3600};
  std::chrono::seconds retry_after_cap{6 * 3600};

  static RetryPolicy fromInterval(int interval_seconds);
};

// Delay before attempt number `failures + 1` after `failures` consecutive
// failed passes (failures >= 1): d = min(cap, base · 2^(failures-1)), then
// "equal jitter": d/2 + unit·d/2 with unit ∈ [0, 1) from the caller.
std::chrono::milliseconds backoffDelay(int failures, const RetryPolicy& policy, double unit);

// A random number in [0, 1) for the jitter.
double jitterUnit();

// Retry-After: delta-seconds ("120") or an HTTP-date; nullopt if unusable.
// A date in the past gives zero.
std::optional<std::chrono::seconds> parseRetryAfter(std::string_view value, Clock::time_point now);

// IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"), RFC 850 and asctime forms.
std::optional<Clock::time_point> parseHttpDate(std::string_view value);

// "2026-11-22T04:40:33.544Z" and back (also accepts "+hh:mm" offsets and no fraction).
std::string formatIso8601(Clock::time_point t);
std::optional<Clock::time_point> parseIso8601(std::string_view value);

// The error kind of an answer that is not a success, for messages and backoff.
ErrorKind errorKindOf(const HttpResponse& r);

// One line for the operator: "no connection to the LRS (Connection refused)".
std::string describeResponse(const HttpResponse& r, const std::string& server_name);

// The reason a server gave in a JSON error body ("message", "warnings",
// "error"), else the start of the body.
std::string serverReason(const HttpResponse& r);

}  // namespace hocso::sync
