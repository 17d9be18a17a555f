// One pass of LRS delivery. Responses (xAPI 1.0.3 §7 / LRS conventions):
// 200 delivered; 409 → check each id with GET and compare; 400 → bisect
// the batch until the bad statement is alone, then quarantine it with the
// server's reason; 401/403 → stop, credentials; 413 → halve the batch;
// anything else (5xx, 429, transport errors) → stop, try later.
#include "sync/lrs_sync.hpp"

#include <fstream>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "sync/http.hpp"
#include "sync/outbox.hpp"

namespace hocso::sync {
namespace {

struct Lrs {
  const Config& config;

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
    r.headers = {"X-Experience-API-Version: 1.0.3", "Content-Type: application/json; charset=utf-8",
                 "Accept: application/json"};
    if (config.lrs.auth == "bearer") {
      std::ifstream in(config.lrs.token_file);
      std::string token;
      std::getline(in, token);
      r.headers.push_back("Authorization: Bearer " + token);
    } else {
      r.username = config.lrs.username;
      r.password = config.lrs.password;
    }
    return r;
  }

  HttpResponse post(const std::vector<OutboxRow>& rows) const {
    std::string body = "[";
    for (size_t i = 0; i < rows.size(); ++i) {
      if (i) body += ',';
      body += rows[i].payload;
    }
    body += ']';
    HttpRequest r = request("POST", base() + "statements");
    r.body = std::move(body);
    return perform(r);
  }

  // True when the LRS holds a statement with this id (a 409 on resend means
  // it was stored by an earlier, interrupted try).
  bool holds(const std::string& id) const {
    HttpResponse res = perform(request("GET", base() + "statements?statementId=" + id));
    return res.status == 200;
  }
};

std::string describe(const HttpResponse& r) {
  if (r.status == 0) return "no connection to the LRS (" + r.transport_error + ")";
  std::string body = r.body.substr(0, 200);
  for (char& c : body)
    if (c == '\n' || c == '\r') c = ' ';
  return "the LRS answered HTTP " + std::to_string(r.status) + (body.empty() ? "" : ": " + body);
}

std::string serverReason(const HttpResponse& r) {
  auto j = nlohmann::json::parse(r.body, nullptr, false);
  if (j.is_object() && j.contains("message") && j["message"].is_string()) return j["message"].get<std::string>();
  return r.body.substr(0, 500);
}

enum class BatchResult { Ok, Stop };

struct Run {
  Lrs lrs;
  OutboxRepository& outbox;
  SyncReport& report;

  // Delivers `rows`; on 400 splits them until the offending ones are alone.
  BatchResult deliver(const std::vector<OutboxRow>& rows) {
    std::vector<long long> seqs;
    for (const auto& r : rows) seqs.push_back(r.seq);
    (void)outbox.noteTry(seqs);
    HttpResponse res = lrs.post(rows);
    if (res.status == 200 || res.status == 204) {
      if (auto ok = outbox.markDelivered(seqs); !ok) return stop(ok.error().message, SyncOutcome::TryLater);
      report.delivered += static_cast<long long>(rows.size());
      return BatchResult::Ok;
    }
    if (res.status == 409) {
      // Some ids already exist: check each; ones the LRS holds are delivered.
      std::vector<long long> held;
      for (const auto& r : rows) {
        if (lrs.holds(r.record_id)) {
          held.push_back(r.seq);
        } else if (rows.size() == 1) {
          (void)outbox.markQuarantined(r.seq, "conflict: " + serverReason(res));
          ++report.quarantined;
        }
      }
      (void)outbox.markDelivered(held);
      report.delivered += static_cast<long long>(held.size());
      if (held.size() < rows.size() && rows.size() > 1) {
        std::vector<OutboxRow> rest;
        for (const auto& r : rows)
          if (std::find(held.begin(), held.end(), r.seq) == held.end()) rest.push_back(r);
        if (!held.empty()) return deliver(rest);
        // None is stored yet the batch conflicts: split to find the culprit.
        const auto mid = rest.begin() + static_cast<long>(rest.size() / 2);
        if (deliver({rest.begin(), mid}) == BatchResult::Stop) return BatchResult::Stop;
        return deliver({mid, rest.end()});
      }
      return BatchResult::Ok;
    }
    if (res.status == 400) {
      if (rows.size() == 1) {
        const std::string reason = serverReason(res);
        spdlog::warn("statement {} quarantined: {}", rows[0].record_id, reason);
        (void)outbox.markQuarantined(rows[0].seq, reason);
        ++report.quarantined;
        return BatchResult::Ok;
      }
      const auto mid = rows.begin() + static_cast<long>(rows.size() / 2);
      if (deliver({rows.begin(), mid}) == BatchResult::Stop) return BatchResult::Stop;
      return deliver({mid, rows.end()});
    }
    if (res.status == 413 && rows.size() > 1) {
      const auto mid = rows.begin() + static_cast<long>(rows.size() / 2);
      if (deliver({rows.begin(), mid}) == BatchResult::Stop) return BatchResult::Stop;
      return deliver({mid, rows.end()});
    }
    if (res.status == 401 || res.status == 403)
      return stop("the LRS refused our credentials (" + describe(res) + "); check [sync.lrs] username/password",
                  SyncOutcome::Credentials);
    return stop(describe(res), SyncOutcome::TryLater);
  }

  BatchResult stop(const std::string& message, SyncOutcome outcome) {
    report.outcome = outcome;
    report.message = message;
    return BatchResult::Stop;
  }
};

}  // namespace

SyncReport syncLrsOnce(SQLite::Database& db, const Config& config) {
  SyncReport report;
  OutboxRepository outbox(db);
  if (config.lrs.endpoint.empty()) {
    report.outcome = SyncOutcome::NotConfigured;
    report.message = "no LRS is configured ([sync.lrs] endpoint); statements wait on this kiosk";
    return report;
  }
  Run run{Lrs{config}, outbox, report};
  while (true) {
    auto rows = outbox.pending(kLrs, config.lrs.batch_size);
    if (!rows) {
      report.outcome = SyncOutcome::TryLater;
      report.message = rows.error().message;
      break;
    }
    if (rows->empty()) break;
    if (run.deliver(*rows) == BatchResult::Stop) break;
  }
  if (report.outcome == SyncOutcome::Drained) {
    (void)outbox.recordSuccess(kLrs);
  } else {
    (void)outbox.recordError(kLrs, report.message, "");
  }
  if (auto st = outbox.status(kLrs)) report.remaining = st->pending;
  return report;
}

}  // namespace hocso::sync
