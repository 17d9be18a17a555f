// Calendar helpers on the kiosk's local clock.
#include "base/time.hpp"

#include <ctime>

namespace hocso {

int currentYear() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  return tm.tm_year + 1900;
}

}  // namespace hocso
