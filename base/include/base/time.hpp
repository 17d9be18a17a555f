// Calendar helpers on the kiosk's local clock (the process time zone).
#pragma once

#include <ctime>
#include <string>

namespace hocso {

// The current year in the kiosk's local time zone (birth-year limits).
int currentYear();

// The local broken-down time of a Unix time in ms.
std::tm localTime(long long unix_ms);

// strftime(format) of a Unix time in ms, in local time (short results only:
// dates and stamps, under 64 bytes).
std::string formatLocalTime(long long unix_ms, const char* format);

// YYYY-MM-DD: the day printed on certificates, the day of a lesson view.
inline std::string localDate(long long unix_ms) { return formatLocalTime(unix_ms, "%Y-%m-%d"); }

// YYYYMMDD-HHMMSS: the time in the name of a file written to a USB drive.
inline std::string localFileStamp(long long unix_ms) { return formatLocalTime(unix_ms, "%Y%m%d-%H%M%S"); }

}  // namespace hocso
