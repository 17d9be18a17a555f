// Sync retry rules: backoff with jitter and its cap, Retry-After in both
// forms, HTTP-date and ISO 8601 parsing, classification of answers, and the
// clock offset taken from a Date header.
#include <gtest/gtest.h>

#include "sync/clock.hpp"
#include "sync/retry.hpp"

namespace hocso::sync {
namespace {

using namespace std::chrono_literals;

TEST(SyncRetry, PolicyFollowsTheInterval) {
  auto p = RetryPolicy::fromInterval(300);
  EXPECT_EQ(p.base, 30s);
  EXPECT_EQ(p.cap, 3600s);
  auto fast = RetryPolicy::fromInterval(1);
  EXPECT_EQ(fast.base, 1s);
  EXPECT_EQ(fast.cap, 12s);
  EXPECT_EQ(RetryPolicy::fromInterval(60).base, 6s);
}

TEST(SyncRetry, BackoffDoublesWithEqualJitterAndIsCapped) {
  RetryPolicy p;
  p.base = 10s;
  p.cap = 100s;
  // unit 0 → half the delay, unit → 1 → the whole delay.
  EXPECT_EQ(backoffDelay(1, p, 0.0), 5000ms);
  EXPECT_EQ(backoffDelay(1, p, 1.0), 10000ms);
  EXPECT_EQ(backoffDelay(2, p, 0.0), 10000ms);
  EXPECT_EQ(backoffDelay(3, p, 0.5), 30000ms);  // 40 s: 20 + 0.5·20
  EXPECT_EQ(backoffDelay(4, p, 1.0), 80000ms);
  EXPECT_EQ(backoffDelay(5, p, 1.0), 100000ms);  // capped
  EXPECT_EQ(backoffDelay(60, p, 0.0), 50000ms);  // no overflow on long outages
  EXPECT_EQ(backoffDelay(0, p, 0.0), 5000ms);    // treated as the first failure
  for (int i = 0; i < 100; ++i) {
    const double u = jitterUnit();
    EXPECT_GE(u, 0.0);
    EXPECT_LT(u, 1.0);
  }
}

TEST(SyncRetry, RetryAfterDeltaSeconds) {
  const auto now = Clock::now();
  EXPECT_EQ(parseRetryAfter("120", now), 120s);
  EXPECT_EQ(parseRetryAfter(" 0 ", now), 0s);
  EXPECT_FALSE(parseRetryAfter("", now));
  EXPECT_FALSE(parseRetryAfter("-5", now));
  EXPECT_FALSE(parseRetryAfter("soon", now));
  EXPECT_EQ(parseRetryAfter("99999999999999999999999", now), std::chrono::seconds(365LL * 24 * 3600));
}

TEST(SyncRetry, RetryAfterHttpDate) {
  auto now = parseHttpDate("Sun, 22 Nov 2026 05:11:46 GMT");
  ASSERT_TRUE(now);
  EXPECT_EQ(parseRetryAfter("Sun, 22 Nov 2026 05:13:46 GMT", *now), 120s);
  EXPECT_EQ(parseRetryAfter("Sun, 22 Nov 2026 05:00:00 GMT", *now), 0s);  // already past
}

TEST(SyncRetry, HttpDateForms) {
  auto imf = parseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT");
  auto rfc850 = parseHttpDate("Sunday, 06-Nov-94 08:49:37 GMT");
  auto asc = parseHttpDate("Sun Nov  6 08:49:37 1994");
  ASSERT_TRUE(imf && rfc850 && asc);
  EXPECT_EQ(Clock::to_time_t(*imf), 784111777);
  EXPECT_EQ(*imf, *rfc850);
  EXPECT_EQ(*imf, *asc);
  EXPECT_FALSE(parseHttpDate("yesterday"));
  EXPECT_FALSE(parseHttpDate("Sun, 06 Foo 1994 08:49:37 GMT"));
}

TEST(SyncRetry, Iso8601RoundTripAndOffsets) {
  auto t = parseIso8601("2026-11-22T04:40:33.544Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(formatIso8601(*t), "2026-11-22T04:40:33.544Z");
  EXPECT_EQ(parseIso8601("2026-11-22T11:40:33.544+07:00"), t);
  EXPECT_EQ(parseIso8601("2026-11-22T04:40:33.5441234Z"), t);
  EXPECT_EQ(formatIso8601(*parseIso8601("2026-11-22T04:40:33Z")), "2026-11-22T04:40:33.000Z");
  EXPECT_FALSE(parseIso8601("2026-11-22T04:40:33"));  // no zone: ambiguous
  EXPECT_FALSE(parseIso8601("not a time"));
  EXPECT_EQ(formatIso8601(*parseIso8601("1999-12-31T23:59:59.999Z") + 1ms), "2000-01-01T00:00:00.000Z");
}

HttpResponse answer(long status, std::map<std::string, std::string> headers = {}, std::string body = "") {
  HttpResponse r;
  r.status = status;
  r.headers = std::move(headers);
  r.body = std::move(body);
  return r;
}

HttpResponse transport(TransportError e) {
  HttpResponse r;
  r.error = e;
  r.transport_error = "test";
  return r;
}

TEST(SyncRetry, ErrorKinds) {
  EXPECT_EQ(errorKindOf(transport(TransportError::Connect)), ErrorKind::Network);
  EXPECT_EQ(errorKindOf(transport(TransportError::Timeout)), ErrorKind::Network);
  EXPECT_EQ(errorKindOf(transport(TransportError::Broken)), ErrorKind::Network);
  EXPECT_EQ(errorKindOf(transport(TransportError::Tls)), ErrorKind::Tls);
  EXPECT_EQ(errorKindOf(transport(TransportError::Config)), ErrorKind::Config);
  EXPECT_EQ(errorKindOf(answer(401)), ErrorKind::Credentials);
  EXPECT_EQ(errorKindOf(answer(403)), ErrorKind::Credentials);
  EXPECT_EQ(errorKindOf(answer(429)), ErrorKind::Busy);
  EXPECT_EQ(errorKindOf(answer(503, {{"retry-after", "5"}})), ErrorKind::Busy);
  EXPECT_EQ(errorKindOf(answer(503)), ErrorKind::Server);
  EXPECT_EQ(errorKindOf(answer(500)), ErrorKind::Server);
  EXPECT_EQ(errorKindOf(answer(302)), ErrorKind::Unexpected);
  for (ErrorKind k : {ErrorKind::Network, ErrorKind::Tls, ErrorKind::Server, ErrorKind::Busy, ErrorKind::Credentials,
                      ErrorKind::Config, ErrorKind::Unexpected, ErrorKind::Database})
    EXPECT_EQ(errorKindFromName(errorKindName(k)), k);
  EXPECT_EQ(errorKindFromName(""), ErrorKind::None);
}

TEST(SyncRetry, ServerReasonReadsLearningLockerAndPlainBodies) {
  EXPECT_EQ(serverReason(answer(400, {}, R"({"errorId":"x","warnings":["Problem in 'statements.1.verb.id'"]})")),
            "Problem in 'statements.1.verb.id'");
  EXPECT_EQ(serverReason(answer(409, {}, R"({"message":"abc is conflicting"})")), "abc is conflicting");
  EXPECT_EQ(serverReason(answer(400, {}, R"({"error":"bad_request"})")), "bad_request");
  EXPECT_EQ(serverReason(answer(500, {}, "plain text")), "plain text");
  EXPECT_NE(describeResponse(answer(500, {}, "boom"), "LRS").find("HTTP 500: boom"), std::string::npos);
  EXPECT_NE(describeResponse(transport(TransportError::Tls), "LRS").find("ca_bundle"), std::string::npos);
}

TEST(SyncClock, OffsetFromDateHeader) {
  const auto sent = *parseIso8601("2026-11-22T05:00:00.000Z");
  const auto received = sent + 200ms;
  // Server says 05:10:00 (truncated): the best estimate of its clock is 05:10:00.5.
  auto offset = measureClockOffset(answer(200, {{"date", "Sun, 22 Nov 2026 05:10:00 GMT"}}), sent, received);
  ASSERT_TRUE(offset);
  EXPECT_EQ(*offset, 600000 + 500 - 100);
  EXPECT_FALSE(measureClockOffset(answer(200), sent, received));
  EXPECT_FALSE(measureClockOffset(answer(200, {{"date", "garbage"}}), sent, received));
  EXPECT_EQ(correctionFor(std::nullopt), 0);
  EXPECT_EQ(correctionFor(299000), 0);
  EXPECT_EQ(correctionFor(-299000), 0);
  EXPECT_EQ(correctionFor(300000), 300000);
  EXPECT_EQ(correctionFor(-7200000), -7200000);
}

}  // namespace
}  // namespace hocso::sync
