// Vietnamese sentences for the sync status, one per kind of trouble.
#include "sync/status_text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "sync/clock.hpp"
#include "sync/retry.hpp"

namespace hocso::sync {
namespace {

std::string retryPart(const EndpointStatus& s, std::time_t now) {
  const std::string when = localTimeVi(s.next_attempt, now);
  return when.empty() ? "sẽ thử lại sau" : "sẽ thử lại lúc " + when;
}

}  // namespace

std::string localTimeVi(const std::string& iso8601, std::time_t now) {
  auto t = parseIso8601(iso8601);
  if (!t) return "";
  const std::time_t when = Clock::to_time_t(*t);
  std::tm at{}, today{};
  localtime_r(&when, &at);
  localtime_r(&now, &today);
  char buf[48];
  if (at.tm_year == today.tm_year && at.tm_yday == today.tm_yday)
    std::snprintf(buf, sizeof buf, "%02d:%02d", at.tm_hour, at.tm_min);
  else
    std::snprintf(buf, sizeof buf, "%02d:%02d ngày %d/%d", at.tm_hour, at.tm_min, at.tm_mday, at.tm_mon + 1);
  return buf;
}

std::string lastErrorVi(const EndpointStatus& s, std::time_t now) {
  if (!s.configured) return "Chưa cài đặt máy chủ nhận kết quả — kết quả được giữ an toàn trên máy";
  switch (errorKindFromName(s.last_error_kind)) {
    case ErrorKind::None:
      return s.last_error.empty() ? "" : "Chưa gửi được kết quả — " + retryPart(s, now);
    case ErrorKind::Network: return "Không có Internet — " + retryPart(s, now);
    case ErrorKind::Server: return "Máy chủ đang gặp sự cố — " + retryPart(s, now);
    case ErrorKind::Busy: return "Máy chủ đang bận — " + retryPart(s, now);
    case ErrorKind::Unexpected:
      return "Mạng trả lời bất thường (có thể cần đăng nhập Wi-Fi) — " + retryPart(s, now);
    case ErrorKind::Credentials: return "Máy chủ từ chối tài khoản — báo kỹ thuật viên";
    case ErrorKind::Tls: return "Không xác minh được chứng chỉ của máy chủ — báo kỹ thuật viên";
    case ErrorKind::Config: return "Cài đặt đồng bộ bị sai — báo kỹ thuật viên";
    case ErrorKind::Database: return "Lỗi lưu dữ liệu trên máy — báo kỹ thuật viên";
  }
  return "";
}

std::string summaryVi(const EndpointStatus& s, std::time_t now) {
  if (!s.configured)
    return s.waiting > 0 ? "Chưa cài đặt máy chủ — " + std::to_string(s.waiting) + " kết quả đang chờ trên máy"
                         : "Chưa cài đặt máy chủ nhận kết quả";
  std::string line = lastErrorVi(s, now);
  if (line.empty()) {
    if (s.pending > 0) {
      line = "Đang chờ gửi " + std::to_string(s.pending) + " kết quả";
    } else {
      const std::string when = localTimeVi(s.last_success, now);
      line = when.empty() ? "Đã gửi hết kết quả" : "Đã gửi hết kết quả (lần cuối lúc " + when + ")";
    }
  }
  if (s.quarantined > 0)
    line += "; " + std::to_string(s.quarantined) + " kết quả bị máy chủ từ chối — báo kỹ thuật viên";
  return line;
}

std::string contentSummaryVi(const ContentStatus& s, std::time_t now) {
  if (!s.configured) return "";
  const std::string next = localTimeVi(s.next_check, now);
  const std::string later = next.empty() ? "sẽ thử lại sau" : "sẽ thử lại lúc " + next;
  const std::string pack = s.pack_id.empty() ? "" : " (" + s.pack_id + " " + s.installed_version + ")";
  if (s.result.empty()) return "Chưa kiểm tra nội dung mới";
  if (s.result == "updated") {
    const std::string when = localTimeVi(s.last_update, now);
    return "Đã cập nhật nội dung " + s.installed_version + (when.empty() ? "" : " lúc " + when);
  }
  if (s.result == "current") return "Nội dung đã mới nhất" + pack;
  if (s.result == "try_later") {
    if (s.last_error_kind == "unexpected") return "Mạng trả lời bất thường (có thể cần đăng nhập Wi-Fi) — " + later;
    return "Chưa tải được nội dung mới — " + later;
  }
  if (s.result == "refused" && s.last_error_kind == "signature")
    return "Danh sách nội dung trên máy chủ không có chữ ký hợp lệ, máy giữ nội dung cũ — báo kỹ thuật viên";
  if (s.result == "refused" && s.last_error_kind == "downgrade")
    return "Máy chủ nội dung chỉ có phiên bản cũ hơn bản đang dùng, máy giữ nội dung hiện tại — báo kỹ thuật viên";
  if (s.result == "refused") return "Gói nội dung tải về không hợp lệ, máy giữ nội dung cũ — báo kỹ thuật viên";
  if (s.result == "credentials") return "Máy chủ nội dung từ chối tài khoản — báo kỹ thuật viên";
  if (s.result == "config") return "Cài đặt tải nội dung bị sai — báo kỹ thuật viên";
  return "Lỗi khi cài nội dung mới, máy giữ nội dung cũ — báo kỹ thuật viên";
}

std::string clockOffsetAmountVi(long long offset_ms) {
  const double seconds = std::fabs(static_cast<double>(offset_ms)) / 1000.0;
  auto amount = [](double v, const char* unit) {
    return std::to_string(std::max(1LL, std::llround(v))) + " " + unit;
  };
  const double minutes = seconds / 60, hours = seconds / 3600, days = seconds / 86400;
  if (minutes < 59.5) return amount(minutes, "phút");
  if (hours < 23.5) return amount(hours, "giờ");
  if (days < 45) return amount(days, "ngày");
  if (days / 30.44 < 11.5) return amount(days / 30.44, "tháng");
  return amount(days / 365.25, "năm");
}

std::string clockWarningVi(std::optional<long long> offset_ms) {
  if (!offset_ms || correctionFor(offset_ms) == 0) return "";
  return "Đồng hồ máy lệch khoảng " + clockOffsetAmountVi(*offset_ms) +
         " so với máy chủ — báo kỹ thuật viên chỉnh giờ";
}

std::optional<long long> kioskClockOffsetMs(const SyncStatus& status) {
  const EndpointStatus& a = status.lrs;
  const EndpointStatus& b = status.certification;
  if (!a.clock_offset_ms) return b.clock_offset_ms;
  if (!b.clock_offset_ms) return a.clock_offset_ms;
  auto ta = parseIso8601(a.clock_checked_at), tb = parseIso8601(b.clock_checked_at);
  if (tb && (!ta || *tb > *ta)) return b.clock_offset_ms;
  return a.clock_offset_ms;
}

std::string clockWarningVi(const SyncStatus& status) { return clockWarningVi(kioskClockOffsetMs(status)); }

}  // namespace hocso::sync
