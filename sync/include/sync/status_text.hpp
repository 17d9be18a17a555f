// Sync status in plain Vietnamese for the facilitator screen: what happened
// and what to do ("Không có Internet — sẽ thử lại lúc 14:05"). Times are
// shown in the kiosk's local time zone.
#pragma once

#include <ctime>
#include <optional>
#include <string>

#include "sync/content_update.hpp"
#include "sync/outbox.hpp"
#include "sync/status.hpp"

namespace hocso::sync {

// The last error of an endpoint as one sentence; "" when the last attempt
// succeeded (or none was made) and the endpoint is configured.
std::string lastErrorVi(const EndpointStatus& status, std::time_t now = std::time(nullptr));

// One line for the screen: the error when there is one, else how many
// results are waiting or that everything has been sent.
std::string summaryVi(const EndpointStatus& status, std::time_t now = std::time(nullptr));

// The content channel in one line: "Nội dung đã mới nhất (vn.hocso.starter
// 0.3.0)", "Đã cập nhật nội dung 0.4.0 lúc 14:05", or the trouble and what
// happens next; "" when no channel is configured. (A pack installed while the
// kiosk runs is used from its next start: SyncSnapshot::content_installed.)
std::string contentSummaryVi(const ContentStatus& status, std::time_t now = std::time(nullptr));

// The kiosk's clock when a server's Date header showed it off by at least
// kClockCorrectionThreshold (5 minutes), in either direction: "Đồng hồ máy
// lệch khoảng 3 năm so với máy chủ — báo kỹ thuật viên chỉnh giờ" (minutes,
// hours, days, months or years, rounded); "" when smaller or never measured.
std::string clockWarningVi(std::optional<long long> offset_ms);
// "3 năm", "7 phút", … — how far off, in the largest fitting unit.
std::string clockOffsetAmountVi(long long offset_ms);
// The kiosk clock's offset by the most recent measurement of either server
// (LRS or certification endpoint); nullopt when neither was measured.
std::optional<long long> kioskClockOffsetMs(const SyncStatus& status);
// clockWarningVi(kioskClockOffsetMs(status)).
std::string clockWarningVi(const SyncStatus& status);

// "14:05", or "14:05 ngày 23/11" when that moment is not today; "" if the
// ISO 8601 text cannot be read.
std::string localTimeVi(const std::string& iso8601, std::time_t now = std::time(nullptr));

}  // namespace hocso::sync
