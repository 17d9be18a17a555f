// Clock offset from HTTP Date headers.
#include "sync/clock.hpp"

#include <cstdlib>

namespace hocso::sync {

std::optional<long long> measureClockOffset(const HttpResponse& response, Clock::time_point sent,
                                            Clock::time_point received) {
  auto it = response.headers.find("date");
  if (response.status == 0 || it == response.headers.end()) return std::nullopt;
  auto server = parseHttpDate(it->second);
  if (!server) return std::nullopt;
  using std::chrono::milliseconds;
  // Date is truncated to the second: its middle is the best estimate; the
  // kiosk's best estimate of the same moment is the middle of the round trip.
  const auto serverMid = *server + milliseconds(500);
  const auto localMid = sent + (received - sent) / 2;
  return std::chrono::duration_cast<milliseconds>(serverMid - localMid).count();
}

long long correctionFor(std::optional<long long> offset_ms) {
  if (!offset_ms) return 0;
  const long long threshold = std::chrono::milliseconds(kClockCorrectionThreshold).count();
  return std::llabs(*offset_ms) >= threshold ? *offset_ms : 0;
}

}  // namespace hocso::sync
