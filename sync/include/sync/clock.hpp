// Wrong kiosk clocks: the server's Date header tells how far off we are; a
// large offset is corrected in statement timestamps sent to the LRS.
#pragma once

#include <chrono>
#include <optional>

#include "sync/http.hpp"
#include "sync/retry.hpp"

namespace hocso::sync {

// Offsets smaller than this are left alone (Date has one-second resolution,
// and a few minutes do not matter to a learning record).
inline constexpr std::chrono::seconds kClockCorrectionThreshold{300};

// Server clock minus kiosk clock in milliseconds, from the Date header of a
// response to a request sent at `sent` and answered at `received` (kiosk
// clock); nullopt without a usable Date header.
std::optional<long long> measureClockOffset(const HttpResponse& response, Clock::time_point sent,
                                            Clock::time_point received);

// The correction to fix on rows about to be sent: the offset when it is at
// least the threshold, else 0.
long long correctionFor(std::optional<long long> offset_ms);

}  // namespace hocso::sync
