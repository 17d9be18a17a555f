// Backoff, Retry-After and time parsing for the sync clients.
#include "sync/retry.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>
#include <random>

namespace hocso::sync {
namespace {

constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

int monthIndex(std::string_view m) {
  for (size_t i = 0; i < kMonths.size(); ++i)
    if (m.size() == 3 && std::equal(m.begin(), m.end(), kMonths[i],
                                    [](char a, char b) { return std::tolower(a) == std::tolower(b); }))
      return static_cast<int>(i);
  return -1;
}

std::optional<Clock::time_point> fromUtc(int year, int month0, int day, int hour, int minute, int second) {
  if (month0 < 0 || month0 > 11 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59 ||
      second < 0 || second > 60)
    return std::nullopt;
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month0;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  return Clock::from_time_t(timegm(&tm));
}

// At most `max` bytes, never cutting a UTF-8 sequence in two.
std::string clip(const std::string& s, size_t max) {
  if (s.size() <= max) return s;
  size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

}  // namespace

std::string errorKindName(ErrorKind k) {
  switch (k) {
    case ErrorKind::None: return "";
    case ErrorKind::Network: return "network";
    case ErrorKind::Tls: return "tls";
    case ErrorKind::Server: return "server";
    case ErrorKind::Busy: return "busy";
    case ErrorKind::Credentials: return "credentials";
    case ErrorKind::Config: return "config";
    case ErrorKind::Unexpected: return "unexpected";
    case ErrorKind::Database: return "database";
  }
  return "";
}

ErrorKind errorKindFromName(std::string_view s) {
  for (ErrorKind k : {ErrorKind::Network, ErrorKind::Tls, ErrorKind::Server, ErrorKind::Busy, ErrorKind::Credentials,
                      ErrorKind::Config, ErrorKind::Unexpected, ErrorKind::Database})
    if (errorKindName(k) == s) return k;
  return ErrorKind::None;
}

RetryPolicy RetryPolicy::fromInterval(int interval_seconds) {
  RetryPolicy p;
  const long interval = std::max(1, interval_seconds);
  p.base = std::chrono::seconds(std::clamp(interval / 10, 1L, 30L));
  p.cap = std::chrono::seconds(std::max(12 * interval, static_cast<long>(p.base.count())));
  return p;
}

std::chrono::milliseconds backoffDelay(int failures, const RetryPolicy& policy, double unit) {
  using std::chrono::milliseconds;
  const int exponent = std::clamp(failures - 1, 0, 30);
  const double full = std::min(static_cast<double>(milliseconds(policy.cap).count()),
                               static_cast<double>(milliseconds(policy.base).count()) * static_cast<double>(1LL << exponent));
  unit = std::clamp(unit, 0.0, 1.0);
  return milliseconds(static_cast<long long>(full / 2 + unit * full / 2));
}

double jitterUnit() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(rng);
}

std::optional<std::chrono::seconds> parseRetryAfter(std::string_view value, Clock::time_point now) {
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.front()))) value.remove_prefix(1);
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back()))) value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
    long long secs = 0;
    auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), secs);
    if (ec == std::errc::result_out_of_range) return std::chrono::seconds(365LL * 24 * 3600);
    if (ec != std::errc() || p != value.data() + value.size()) return std::nullopt;
    return std::chrono::seconds(secs);
  }
  auto when = parseHttpDate(value);
  if (!when) return std::nullopt;
  if (*when <= now) return std::chrono::seconds(0);
  return std::chrono::ceil<std::chrono::seconds>(*when - now);
}

std::optional<Clock::time_point> parseHttpDate(std::string_view value) {
  const std::string s(value);
  char wkday[16] = {0}, mon[8] = {0}, tz[8] = {0};
  int day = 0, year = 0, h = 0, m = 0, sec = 0;
  // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
  if (std::sscanf(s.c_str(), "%15[A-Za-z], %d %3s %d %d:%d:%d %7s", wkday, &day, mon, &year, &h, &m, &sec, tz) == 8 &&
      std::string(tz) == "GMT")
    return fromUtc(year, monthIndex(mon), day, h, m, sec);
  // RFC 850: Sunday, 06-Nov-94 08:49:37 GMT
  if (std::sscanf(s.c_str(), "%15[A-Za-z], %d-%3s-%d %d:%d:%d %7s", wkday, &day, mon, &year, &h, &m, &sec, tz) == 8 &&
      std::string(tz) == "GMT")
    return fromUtc(year < 70 ? year + 2000 : (year < 100 ? year + 1900 : year), monthIndex(mon), day, h, m, sec);
  // asctime: Sun Nov  6 08:49:37 1994
  if (std::sscanf(s.c_str(), "%15s %3s %d %d:%d:%d %d", wkday, mon, &day, &h, &m, &sec, &year) == 7)
    return fromUtc(year, monthIndex(mon), day, h, m, sec);
  return std::nullopt;
}

std::string formatIso8601(Clock::time_point t) {
  using namespace std::chrono;
  const auto ms = duration_cast<milliseconds>(t.time_since_epoch()).count();
  const std::time_t secs = static_cast<std::time_t>(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
  const int frac = static_cast<int>(ms - static_cast<long long>(secs) * 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, frac);
  return buf;
}

std::optional<Clock::time_point> parseIso8601(std::string_view value) {
  const std::string s(value);
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0, consumed = 0;
  if (std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &sec, &consumed) != 6)
    return std::nullopt;
  auto base = fromUtc(y, mo - 1, d, h, mi, sec);
  if (!base) return std::nullopt;
  size_t i = static_cast<size_t>(consumed);
  long long ms = 0;
  if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
    ++i;
    int digits = 0;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
      if (digits < 3) ms = ms * 10 + (s[i] - '0');
      ++digits;
      ++i;
    }
    if (digits == 0) return std::nullopt;
    for (int k = digits; k < 3; ++k) ms *= 10;
  }
  long long offset_s = 0;
  if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) {
    ++i;
  } else if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    int oh = 0, om = 0;
    const std::string rest = s.substr(i + 1);
    if (std::sscanf(rest.c_str(), "%2d:%2d", &oh, &om) != 2 && std::sscanf(rest.c_str(), "%2d%2d", &oh, &om) != 2)
      return std::nullopt;
    offset_s = (oh * 3600LL + om * 60LL) * (s[i] == '+' ? 1 : -1);
    i = s.size();
  } else {
    return std::nullopt;  // xAPI timestamps carry a zone; a local time is ambiguous
  }
  if (i != s.size()) return std::nullopt;
  return *base + std::chrono::milliseconds(ms) - std::chrono::seconds(offset_s);
}

ErrorKind errorKindOf(const HttpResponse& r) {
  if (r.status == 0) {
    switch (r.error) {
      case TransportError::Tls: return ErrorKind::Tls;
      case TransportError::Config: return ErrorKind::Config;
      default: return ErrorKind::Network;
    }
  }
  if (r.status == 401 || r.status == 403) return ErrorKind::Credentials;
  if (r.status == 429) return ErrorKind::Busy;
  if (r.status == 503) return r.headers.count("retry-after") ? ErrorKind::Busy : ErrorKind::Server;
  if (r.status >= 500) return ErrorKind::Server;
  return ErrorKind::Unexpected;
}

std::string describeResponse(const HttpResponse& r, const std::string& server_name) {
  if (r.status == 0) {
    switch (r.error) {
      case TransportError::Tls:
        return "the " + server_name + "'s TLS certificate is not trusted (" + r.transport_error +
               "); add its CA with [sync] ca_bundle";
      case TransportError::Timeout: return "the " + server_name + " did not answer in time (" + r.transport_error + ")";
      case TransportError::Broken:
        return "the connection to the " + server_name + " broke (" + r.transport_error + ")";
      case TransportError::Config: return r.transport_error;
      default: return "no connection to the " + server_name + " (" + r.transport_error + ")";
    }
  }
  std::string body = clip(serverReason(r), 200);
  for (char& c : body)
    if (c == '\n' || c == '\r') c = ' ';
  return "the " + server_name + " answered HTTP " + std::to_string(r.status) + (body.empty() ? "" : ": " + body);
}

std::string serverReason(const HttpResponse& r) {
  auto j = nlohmann::json::parse(r.body, nullptr, false);
  if (j.is_object()) {
    std::string out;
    if (j.contains("message") && j["message"].is_string()) out = j["message"].get<std::string>();
    if (j.contains("warnings") && j["warnings"].is_array())
      for (const auto& w : j["warnings"])
        if (w.is_string()) out += (out.empty() ? "" : "; ") + w.get<std::string>();
    if (out.empty() && j.contains("error") && j["error"].is_string()) out = j["error"].get<std::string>();
    if (!out.empty()) return clip(out, 1000);
  }
  return clip(r.body, 500);
}

}  // namespace hocso::sync
