// Calendar helpers on the kiosk's local clock.
#include "base/time.hpp"

namespace hocso {

int currentYear() { return localTime(static_cast<long long>(std::time(nullptr)) * 1000).tm_year + 1900; }

std::tm localTime(long long unix_ms) {
  const std::time_t t = static_cast<std::time_t>(unix_ms / 1000);
  std::tm tm{};
  localtime_r(&t, &tm);
  return tm;
}

std::string formatLocalTime(long long unix_ms, const char* format) {
  const std::tm tm = localTime(unix_ms);
  char buf[64];
  const size_t n = std::strftime(buf, sizeof buf, format, &tm);
  return std::string(buf, n);
}

}  // namespace hocso
