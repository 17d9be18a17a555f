// Calendar helpers on the kiosk's local clock.
#pragma once

namespace hocso {

// The current year in the kiosk's local time zone (birth-year limits).
int currentYear();

}  // namespace hocso
