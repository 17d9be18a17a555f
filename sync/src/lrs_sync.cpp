// One pass of LRS delivery (xAPI 1.0.3). A GET of `about` first measures the
// server clock and checks the way is open; then batches, oldest first:
// 200 → delivered (the answer must list our ids); 409 → GET each id and
// compare → delivered or quarantined; 400 → bisect until the bad statement
// is alone, quarantine it with the server's reason; 413 → halve the batch;
// 401/403 → stop, credentials; 429/503 → stop, Retry-After; anything else
// → stop, exponential backoff. Rows leave `pending` only in a transaction
// after the server's answer, so an interruption anywhere resends at most
// the batch in flight — with the same ids, which the LRS stores once.
#include "sync/lrs_sync.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "base/files.hpp"
#include "pass.hpp"
#include "sync/chain_head.hpp"
#include "sync/clock.hpp"
#include "sync/http.hpp"
#include "sync/outbox.hpp"
#include "sync/xapi.hpp"

namespace hocso::sync {
namespace {

using nlohmann::json;

constexpr const char* kServer = "LRS";

struct Lrs {
  const SyncConfig& config;
  HttpClient& http;
  const std::atomic<bool>* cancel;
  std::string bearer;
  std::string password;  // [sync.lrs] password_file's, else password
  std::string chain_head;  // X-HocSo-Chain-Head (sync/chain_head.hpp)

  std::string base() const {
    std::string b = config.lrs.endpoint;
    if (!b.empty() && b.back() != '/') b += '/';
    return b;
  }

  HttpRequest request(const std::string& method, const std::string& url) const {
    HttpRequest r;
    r.method = method;
    r.url = url;
    r.timeout_seconds = config.lrs.timeout_seconds;
    r.ca_bundle = config.ca_bundle;
    r.cancel = cancel;
    r.headers = {"X-Experience-API-Version: 1.0.3", "Content-Type: application/json; charset=utf-8",
                 "Accept: application/json"};
    if (!chain_head.empty()) r.headers.push_back(std::string(kChainHeadHeader) + ": " + chain_head);
    if (config.lrs.auth == "bearer") {
      r.headers.push_back("Authorization: Bearer " + bearer);
    } else if (!config.lrs.username.empty()) {
      r.username = config.lrs.username;
      r.password = password;
    }
    return r;
  }

  void beginPost(std::string body) {
    HttpRequest r = request("POST", base() + "statements");
    r.body = detail::asciiJson(body);  // the same statements, in bytes no server can split (pass.hpp)
    http.begin(r);
  }

  HttpResponse post(std::string body) {
    beginPost(std::move(body));
    return http.finish();
  }

  HttpResponse get(const std::string& id) { return http.perform(request("GET", base() + "statements?statementId=" + id)); }

  HttpResponse about() { return http.perform(request("GET", base() + "about")); }

  // The bearer token or the password, read from their files at send time.
  Result<void> loadCredentials() {
    if (config.lrs.auth == "bearer") {
      auto token = detail::readBearerToken(config.lrs.token_file, "[sync.lrs] token_file");
      if (!token) return tl::unexpected(token.error());
      bearer = *token;
      return {};
    }
    password = config.lrs.password;
    if (config.lrs.password_file.empty()) return {};
    auto secret = readSecretFile(config.lrs.password_file);
    if (!secret) return fail(ErrorCode::Config, "password file " + secret.error().message + " ([sync.lrs] password_file)");
    password = *secret;
    return {};
  }
};

// A 200 must list the ids we sent: an HTML page from a captive portal is not a delivery.
bool acknowledges(const HttpResponse& res, const std::vector<OutboxRow>& rows) {
  if (res.status == 204 && res.body.empty()) return true;
  auto j = json::parse(res.body, nullptr, false);
  if (!j.is_array()) return false;
  std::set<std::string> ids;
  for (const auto& v : j)
    if (v.is_string()) ids.insert(v.get<std::string>());
  return std::all_of(rows.begin(), rows.end(), [&](const OutboxRow& r) { return ids.count(r.record_id) > 0; });
}

enum class Step { Ok, Stop };

struct Run {
  SQLite::Database& db;
  Lrs lrs;
  OutboxRepository outbox;
  SyncReport& report;
  int batch_limit;
  std::optional<std::chrono::seconds> retry_after;

  Step stop(const HttpResponse& res) {
    detail::stopOn(res, kServer, report, retry_after);
    return Step::Stop;
  }

  Step stopDb(const Error& e) {
    report.outcome = SyncOutcome::TryLater;
    report.kind = ErrorKind::Database;
    report.message = e.message;
    return Step::Stop;
  }

  Step delivered(const std::vector<long long>& seqs) {
    if (auto ok = writeTransaction(db, "kiosk.db", [&] { return outbox.markDelivered(seqs); }); !ok) return stopDb(ok.error());
    report.delivered += static_cast<long long>(seqs.size());
    return Step::Ok;
  }

  Step quarantine(const OutboxRow& row, const std::string& reason) {
    spdlog::warn("statement {} quarantined: {}", row.record_id, reason);
    if (auto ok = outbox.markQuarantined(row.seq, reason); !ok) return stopDb(ok.error());
    ++report.quarantined;
    return Step::Ok;
  }

  Step halves(const std::vector<OutboxRow>& rows) {
    const auto mid = rows.begin() + static_cast<long>(rows.size() / 2);
    if (deliver({rows.begin(), mid}) == Step::Stop) return Step::Stop;
    return deliver({mid, rows.end()});
  }

  void noteFailedTry(const std::vector<OutboxRow>& rows) {
    std::vector<long long> seqs;
    for (const auto& r : rows) seqs.push_back(r.seq);
    (void)writeTransaction(db, "kiosk.db", [&] { return outbox.noteTry(seqs); });
  }

  std::string batchBody(const std::vector<OutboxRow>& rows) const {
    std::string body = "[";
    for (size_t i = 0; i < rows.size(); ++i) {
      if (i) body += ',';
      body += wireStatement(rows[i], lrs.config.activity_base);
    }
    body += ']';
    return body;
  }

  Step deliver(const std::vector<OutboxRow>& rows) {
    if (rows.empty()) return Step::Ok;
    return handle(rows, lrs.post(batchBody(rows)));
  }

  // The main line: while batch k travels and the LRS stores it, the
  // delivery of batch k-1 (`unrecorded`) is committed. A crash before that
  // commit resends both batches — with the same ids, stored once.
  Step deliverOverlapped(const std::vector<OutboxRow>& rows, std::vector<long long>& unrecorded) {
    lrs.beginPost(batchBody(rows));
    const Step recorded = recordUnrecorded(unrecorded);
    HttpResponse res = lrs.http.finish();
    if (recorded == Step::Stop) return Step::Stop;
    if ((res.status == 200 || res.status == 204) && acknowledges(res, rows)) {
      for (const auto& r : rows) unrecorded.push_back(r.seq);
      return Step::Ok;
    }
    return handle(rows, res);
  }

  Step recordUnrecorded(std::vector<long long>& unrecorded) {
    if (unrecorded.empty()) return Step::Ok;
    const Step s = delivered(unrecorded);
    unrecorded.clear();
    return s;
  }

  Step handle(const std::vector<OutboxRow>& rows, const HttpResponse& res) {
    if (res.status == 200 || res.status == 204) {
      if (!acknowledges(res, rows)) {
        report.outcome = SyncOutcome::TryLater;
        report.kind = ErrorKind::Unexpected;
        report.message = "the LRS answered 200 without the ids we sent (a captive portal or a proxy?)";
        noteFailedTry(rows);
        return Step::Stop;
      }
      std::vector<long long> seqs;
      for (const auto& r : rows) seqs.push_back(r.seq);
      return delivered(seqs);
    }
    if (res.status == 409) return resolveConflict(rows, res);
    if (res.status == 400) {
      if (rows.size() == 1) return quarantine(rows[0], "rejected by the LRS: " + serverReason(res));
      return halves(rows);
    }
    if (res.status == 413) {
      if (rows.size() == 1) return quarantine(rows[0], "too large for the LRS (HTTP 413)");
      batch_limit = std::max(1, static_cast<int>(rows.size() / 2));
      spdlog::info("the LRS found a batch of {} too large; sending {} at a time", rows.size(), batch_limit);
      return halves(rows);
    }
    if (res.status != 0 || res.error != TransportError::Cancelled) noteFailedTry(rows);
    return stop(res);
  }

  // 409: some id is already in the LRS. Look each one up: the same statement
  // is delivered; a different one under our id is quarantined; the rest is sent again.
  Step resolveConflict(const std::vector<OutboxRow>& rows, const HttpResponse& conflict) {
    std::vector<long long> held;
    std::vector<OutboxRow> rest;
    for (const auto& row : rows) {
      HttpResponse got = lrs.get(row.record_id);
      if (got.status == 404) {
        rest.push_back(row);
        continue;
      }
      if (got.status != 200) return stop(got);
      auto stored = json::parse(got.body, nullptr, false);
      auto sent = json::parse(wireStatement(row, lrs.config.activity_base), nullptr, false);
      if (!stored.is_object()) {
        report.outcome = SyncOutcome::TryLater;
        report.kind = ErrorKind::Unexpected;
        report.message = "the LRS answered a statement lookup with something that is not a statement";
        return Step::Stop;
      }
      if (sameStatement(sent, stored)) {
        held.push_back(row.seq);
      } else if (quarantine(row, "conflict: the LRS already holds a different statement with this id (" +
                                     serverReason(conflict) + ")") == Step::Stop) {
        return Step::Stop;
      }
    }
    if (!held.empty() && delivered(held) == Step::Stop) return Step::Stop;
    if (rest.empty()) return Step::Ok;
    if (rest.size() == rows.size()) {
      // A conflict, yet none of these ids is stored: find the culprit by halves.
      if (rows.size() == 1) return quarantine(rows[0], "conflict: " + serverReason(conflict));
      return halves(rows);
    }
    return deliver(rest);
  }
};

}  // namespace

std::string wireStatement(const OutboxRow& row, const std::string& activity_base) {
  const long long offset = row.time_offset_ms.value_or(0);
  if (offset == 0) return row.payload;
  auto j = nlohmann::json::parse(row.payload, nullptr, false);
  if (j.is_discarded()) return row.payload;
  return detail::dumpJson(withCorrectedTimestamp(std::move(j), offset, activity_base));
}

SyncReport syncLrsOnce(SQLite::Database& db, const SyncConfig& config, const SyncOptions& options) {
  SyncReport report;
  if (config.lrs.endpoint.empty()) {
    report.outcome = SyncOutcome::NotConfigured;
    report.message = "no LRS is configured ([sync.lrs] endpoint); statements wait on this kiosk";
    if (auto st = OutboxRepository(db).status(kLrs)) report.remaining = st->pending;
    return report;
  }
  HttpClient ownClient;
  HttpClient& http = options.http ? *options.http : ownClient;
  Run run{db, Lrs{config, http, options.cancel, {}, {}, chainHeadHeaderValue(db, options.kiosk_id)}, OutboxRepository(db), report, config.lrs.batch_size, std::nullopt};

  auto finish = [&] {
    detail::finishPass(db, kLrs, config, report, run.retry_after);
    return report;
  };
  if (auto credentials = run.lrs.loadCredentials(); !credentials) {
    report.outcome = SyncOutcome::ConfigProblem;
    report.kind = ErrorKind::Config;
    report.message = credentials.error().message;
    return finish();
  }

  // Is the way open, and what time is it at the server?
  const auto sent = Clock::now();
  HttpResponse about = run.lrs.about();
  if (about.status == 0) {
    run.stop(about);
    return finish();
  }
  std::optional<long long> offset = measureClockOffset(about, sent, Clock::now());
  if (offset) {
    if (auto ok = run.outbox.recordClock(kLrs, *offset, formatIso8601(Clock::now())); !ok)
      spdlog::warn("{}", ok.error().message);
    if (correctionFor(offset) != 0)
      spdlog::warn("the kiosk clock is off by {} s from the LRS; statement timestamps are corrected", *offset / 1000);
  } else if (auto st = run.outbox.state(kLrs)) {
    offset = st->clock_offset_ms;  // the last measurement, if any
  }
  const long long correction = correctionFor(offset);

  // Fix the correction of every row before its first send, so that any
  // resend is the identical statement.
  if (auto ok = run.outbox.pinTimeOffset(kLrs, correction); !ok) {
    run.stopDb(ok.error());
    return finish();
  }
  std::vector<long long> unrecorded;  // acknowledged, commit overlapped with the next POST
  long long cursor = 0;                // rows up to here are delivered, quarantined or unrecorded
  while (true) {
    if (options.cancel && options.cancel->load()) {
      report.outcome = SyncOutcome::Cancelled;
      report.message = "stopped";
      break;
    }
    auto rows = run.outbox.pending(kLrs, run.batch_limit, cursor);
    if (!rows) {
      run.stopDb(rows.error());
      break;
    }
    if (rows->empty()) break;
    if (std::any_of(rows->begin(), rows->end(), [](const OutboxRow& r) { return !r.time_offset_ms; })) {
      // Rows queued while this pass runs: fix theirs too, then fetch again.
      if (auto ok = run.outbox.pinTimeOffset(kLrs, correction); !ok) {
        run.stopDb(ok.error());
        break;
      }
      continue;
    }
    if (run.deliverOverlapped(*rows, unrecorded) == Step::Stop) break;
    cursor = rows->back().seq;
  }
  run.recordUnrecorded(unrecorded);
  return finish();
}

EndpointProbe probeLrs(const SyncConfig& config, HttpClient* client) {
  EndpointProbe probe;
  if (config.lrs.endpoint.empty()) return probe;
  probe.configured = true;
  HttpClient ownClient;
  Lrs lrs{config, client ? *client : ownClient, nullptr, {}, {}, {}};
  if (auto credentials = lrs.loadCredentials(); !credentials) {
    probe.config_problem = true;
    probe.detail = credentials.error().message;
    return probe;
  }
  // An authenticated read of one statement: the way, the credentials and the clock at once.
  HttpRequest req = lrs.request("GET", lrs.base() + "statements?limit=1");
  req.timeout_seconds = std::min<long>(req.timeout_seconds, 15);
  req.total_timeout_seconds = 20;
  const auto sent = Clock::now();
  HttpResponse res = lrs.http.perform(req);
  probe.status = res.status;
  probe.reachable = res.status != 0;
  probe.clock_offset_ms = measureClockOffset(res, sent, Clock::now());
  probe.accepted = res.status >= 200 && res.status < 300;
  probe.detail = probe.accepted ? "HTTP " + std::to_string(res.status) : describeResponse(res, kServer);
  return probe;
}

}  // namespace hocso::sync
