// Certification endpoint: POST {endpoint}certificates, one certificate per
// request, and POST {endpoint}erasures for an erased learner. 200/201 with
// our certificate_id (erasure_id) → delivered; 400/409/413/422 →
// quarantined with the server's reason; 401/403 → credentials; 429/503 →
// Retry-After; anything else → backoff (see pass.hpp).
#include "sync/certification.hpp"

#include <openssl/evp.h>
#include <spdlog/spdlog.h>

#include <ctime>

#include "base/ids.hpp"
#include "base/time.hpp"
#include "pass.hpp"
#include "sync/chain_head.hpp"
#include "sync/clock.hpp"
#include "sync/http.hpp"

namespace hocso::sync {
namespace {

using nlohmann::json;

constexpr const char* kServer = "certification endpoint";

std::string base64(const std::vector<unsigned char>& in) {
  std::string out(4 * ((in.size() + 2) / 3), '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), in.data(), static_cast<int>(in.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

std::optional<std::vector<unsigned char>> unbase64(const std::string& in) {
  if (in.size() % 4 != 0) return std::nullopt;
  std::vector<unsigned char> out(in.size() / 4 * 3);
  const int n = EVP_DecodeBlock(out.data(), reinterpret_cast<const unsigned char*>(in.data()), static_cast<int>(in.size()));
  if (n < 0) return std::nullopt;
  size_t len = static_cast<size_t>(n);
  for (size_t i = in.size(); i > 0 && in[i - 1] == '='; --i) --len;  // EVP_DecodeBlock counts padding
  out.resize(len);
  return out;
}

std::string sealContext(const std::string& certificate_id) { return "outbox.identity:" + certificate_id; }

}  // namespace

Result<json> sealedCertificatePayload(const CertificateSubmission& s, const FieldCipher& cipher) {
  json body = {{"certificate_id", s.certificate_id}, {"learner_id", s.learner_id}, {"kiosk_id", s.kiosk_id},
               {"site_id", s.site_id},               {"issued_at", s.issued_at},   {"certificate", s.certificate}};
  if (s.identity) {
    const auto& id = *s.identity;
    json identity = {{"full_name", id.full_name}, {"citizen_id", id.citizen_id}, {"birth_year", id.birth_year}};
    if (!id.phone.empty()) identity["phone"] = id.phone;
    body["identity"] = identity;
    body["consent"] = {{"given_at", id.consent_given_at}, {"version", id.consent_version}};
  }
  return sealCertificateBody(std::move(body), cipher);
}

Result<json> sealCertificateBody(json body, const FieldCipher& cipher) {
  if (body.is_object() && body.contains("identity") && body.contains("certificate_id") &&
      body["certificate_id"].is_string()) {
    auto sealed = cipher.encrypt(detail::dumpJson(body["identity"]), sealContext(body["certificate_id"].get<std::string>()));
    if (!sealed) return tl::unexpected(sealed.error());
    body["identity_sealed"] = base64(*sealed);
    body.erase("identity");
  }
  return body;
}

json withClockCorrection(json body, long long offset_ms) {
  if (offset_ms == 0 || !body.is_object()) return body;
  json correction = {{"offset_ms", offset_ms}};
  if (auto issued = parseIso8601(detail::stringField(body, "issued_at"))) {
    const auto corrected = *issued + std::chrono::milliseconds(offset_ms);
    correction["issued_at"] = formatIso8601(corrected);
    correction["date"] = localDate(static_cast<long long>(Clock::to_time_t(corrected)) * 1000);
  }
  body["clock_correction"] = correction;
  return body;
}

std::optional<long long> lastKnownClockOffset(OutboxRepository& outbox) {
  auto cert = outbox.state(kCertification);
  auto lrs = outbox.state(kLrs);
  const bool c = cert && cert->clock_offset_ms, l = lrs && lrs->clock_offset_ms;
  if (!c) return l ? lrs->clock_offset_ms : std::nullopt;
  if (!l) return cert->clock_offset_ms;
  auto atCert = parseIso8601(cert->clock_checked_at), atLrs = parseIso8601(lrs->clock_checked_at);
  return atLrs && (!atCert || *atLrs > *atCert) ? lrs->clock_offset_ms : cert->clock_offset_ms;
}

std::string erasureIdFor(const std::string& kiosk_id, const std::string& learner_id) {
  return uuid5(kHocsoNamespace, kiosk_id + "/erasure/" + learner_id);
}

bool isErasureRequest(const json& body) {
  return body.is_object() && body.contains("erasure_id") && body["erasure_id"].is_string();
}

Result<OutboxErasure> eraseIdentityFromOutbox(OutboxRepository& outbox, ErasureRequest request) {
  if (request.erasure_id.empty() || request.learner_id.empty())
    return fail(ErrorCode::Invalid, "an erasure request needs an id and a learner");
  auto rows = outbox.certificationRowsOf(request.learner_id);
  if (!rows) return tl::unexpected(rows.error());
  OutboxErasure out;
  for (const auto& row : *rows) {
    json body = json::parse(row.payload, nullptr, false);
    if (!body.is_object() || isErasureRequest(body)) continue;
    const bool heldIdentity = body.contains("identity_sealed") || body.contains("identity");
    if (!heldIdentity && !body.contains("consent")) continue;
    body.erase("identity_sealed");
    body.erase("identity");
    body.erase("consent");
    if (auto ok = outbox.replacePayload(row.seq, detail::dumpJson(body)); !ok) return tl::unexpected(ok.error());
    if (heldIdentity) out.certificate_ids.push_back(row.record_id);
  }
  if (out.certificate_ids.empty()) return out;
  request.certificate_ids = out.certificate_ids;
  const json payload = {{"erasure_id", request.erasure_id},     {"learner_id", request.learner_id},
                        {"kiosk_id", request.kiosk_id},         {"site_id", request.site_id},
                        {"certificate_ids", request.certificate_ids}, {"requested_at", request.requested_at}};
  auto queued = outbox.enqueueFinal(kCertification, request.erasure_id, detail::dumpJson(payload));
  if (!queued) return tl::unexpected(queued.error());
  out.request_queued = true;
  return out;
}

Result<json> certificationRequestBody(const std::string& stored_payload, const FieldCipher& cipher,
                                      long long offset_ms) {
  json body = json::parse(stored_payload, nullptr, false);
  if (isErasureRequest(body)) return body;  // sent as queued: no identity, no clock correction
  if (!body.is_object() || !body.contains("certificate_id") || !body["certificate_id"].is_string())
    return fail(ErrorCode::Invalid, "the stored certificate is not a JSON object with a certificate_id");
  if (body.contains("identity_sealed")) {
    auto blob = body["identity_sealed"].is_string() ? unbase64(body["identity_sealed"].get<std::string>()) : std::nullopt;
    if (!blob) return fail(ErrorCode::Crypto, "the sealed identity is damaged");
    auto plain = cipher.decrypt(*blob, sealContext(body["certificate_id"].get<std::string>()));
    if (!plain) return fail(ErrorCode::Crypto, "the identity cannot be decrypted (" + plain.error().message + ")");
    json identity = json::parse(*plain, nullptr, false);
    if (!identity.is_object()) return fail(ErrorCode::Crypto, "the decrypted identity is not JSON");
    body.erase("identity_sealed");
    body["identity"] = identity;
  }
  return withClockCorrection(std::move(body), offset_ms);
}

Result<void> enqueueCertificate(OutboxRepository& outbox, const CertificateSubmission& submission,
                                const FieldCipher& cipher) {
  if (submission.certificate_id.empty()) return fail(ErrorCode::Invalid, "a certificate needs an id");
  if (submission.identity && submission.identity->consent_given_at.empty())
    return fail(ErrorCode::Invalid, "identity fields need a recorded consent");
  auto payload = sealedCertificatePayload(submission, cipher);
  if (!payload) return tl::unexpected(payload.error());
  return outbox.enqueue(kCertification, submission.certificate_id, detail::dumpJson(*payload));
}

SyncReport syncCertificationOnce(SQLite::Database& db, const Config& config, const FieldCipher& cipher,
                                 const SyncOptions& options) {
  SyncReport report;
  OutboxRepository outbox(db);
  if (config.certification.endpoint.empty()) {
    report.outcome = SyncOutcome::NotConfigured;
    report.message = "no certification endpoint is configured ([sync.certification] endpoint); certificates wait";
    if (auto st = outbox.status(kCertification)) report.remaining = st->pending;
    return report;
  }
  std::optional<std::chrono::seconds> retry_after;
  auto finish = [&] {
    detail::finishPass(db, kCertification, config, report, retry_after);
    return report;
  };
  auto token = detail::readBearerToken(config.certification.token_file, "[sync.certification] token_file");
  if (!token) {
    report.outcome = SyncOutcome::ConfigProblem;
    report.kind = ErrorKind::Config;
    report.message = token.error().message;
    return finish();
  }
  std::string base = config.certification.endpoint;
  if (base.back() != '/') base += '/';
  const std::string url = base + "certificates";
  const std::string chainHead = chainHeadHeaderValue(db, config);

  HttpClient ownClient;
  HttpClient& http = options.http ? *options.http : ownClient;
  bool clockMeasured = false;
  auto stopDb = [&](const Error& e) {
    report.outcome = SyncOutcome::TryLater;
    report.kind = ErrorKind::Database;
    report.message = e.message;
  };

  // What time is it at the server? A certificate's clock correction is fixed
  // before its first send (a resend must be the same body, or the endpoint
  // sees a conflict), so ask first when some pending row has none yet.
  // Rows an older version already tried were sent without one: they stay so.
  if (auto ok = outbox.pinTriedTimeOffset(kCertification, 0); !ok) {
    stopDb(ok.error());
    return finish();
  }
  auto unpinned = outbox.firstUnpinned(kCertification);
  if (!unpinned) {
    stopDb(unpinned.error());
    return finish();
  }
  if (*unpinned) {
    HttpRequest probe;
    probe.url = url + "/" + **unpinned;
    probe.timeout_seconds = config.lrs.timeout_seconds;
    probe.ca_bundle = config.ca_bundle;
    probe.cancel = options.cancel;
    probe.headers = {"Accept: application/json", "Authorization: Bearer " + *token};
    const auto sent = Clock::now();
    HttpResponse res = http.perform(probe);
    if (res.status == 0) {  // no way to the server: nothing is sent
      detail::stopOn(res, kServer, report, retry_after);
      return finish();
    }
    std::optional<long long> offset = measureClockOffset(res, sent, Clock::now());
    if (offset) {
      clockMeasured = true;
      if (auto ok = outbox.recordClock(kCertification, *offset, formatIso8601(Clock::now())); !ok)
        spdlog::warn("{}", ok.error().message);
      if (correctionFor(offset) != 0)
        spdlog::warn("the kiosk clock is off by {} s from the certification endpoint; certificates are sent "
                     "with the corrected time alongside the kiosk's",
                     *offset / 1000);
    } else {
      offset = lastKnownClockOffset(outbox);  // the server sent no Date: the last measurement, if any
    }
    if (auto ok = outbox.pinTimeOffset(kCertification, correctionFor(offset)); !ok) {
      stopDb(ok.error());
      return finish();
    }
  }
  while (true) {
    if (options.cancel && options.cancel->load()) {
      report.outcome = SyncOutcome::Cancelled;
      report.message = "stopped";
      break;
    }
    auto rows = outbox.pending(kCertification, 1);
    if (!rows) {
      report.outcome = SyncOutcome::TryLater;
      report.kind = ErrorKind::Database;
      report.message = rows.error().message;
      break;
    }
    if (rows->empty()) break;
    const OutboxRow& row = rows->front();
    if (!row.time_offset_ms) {  // queued while this pass runs: fix its correction too
      if (auto ok = outbox.pinTimeOffset(kCertification, correctionFor(lastKnownClockOffset(outbox))); !ok) {
        stopDb(ok.error());
        break;
      }
      continue;
    }
    auto quarantine = [&](const std::string& reason) {
      spdlog::warn("certification row {} quarantined: {}", row.record_id, reason);
      if (auto ok = outbox.markQuarantined(row.seq, reason); !ok) {
        report.outcome = SyncOutcome::TryLater;
        report.kind = ErrorKind::Database;
        report.message = ok.error().message;
        return false;
      }
      ++report.quarantined;
      return true;
    };
    auto body = certificationRequestBody(row.payload, cipher, *row.time_offset_ms);
    if (!body) {
      if (!quarantine("cannot be sent: " + body.error().message)) break;
      continue;
    }
    const bool erasure = isErasureRequest(*body);
    const char* idField = erasure ? "erasure_id" : "certificate_id";
    HttpRequest req;
    req.method = "POST";
    req.url = erasure ? base + "erasures" : url;
    req.body = detail::dumpJson(*body);
    req.timeout_seconds = config.lrs.timeout_seconds;
    req.ca_bundle = config.ca_bundle;
    req.cancel = options.cancel;
    req.headers = {"Content-Type: application/json; charset=utf-8", "Accept: application/json",
                   "Authorization: Bearer " + *token, "Idempotency-Key: " + row.record_id};
    if (!chainHead.empty()) req.headers.push_back(std::string(kChainHeadHeader) + ": " + chainHead);
    const auto sent = Clock::now();
    HttpResponse res = http.perform(req);
    if (!clockMeasured) {
      if (auto offset = measureClockOffset(res, sent, Clock::now())) {
        clockMeasured = true;
        (void)outbox.recordClock(kCertification, *offset, formatIso8601(Clock::now()));
      }
    }
    if (res.status == 200 || res.status == 201) {
      auto ack = json::parse(res.body, nullptr, false);
      if (!ack.is_object() || detail::stringField(ack, idField) != row.record_id) {
        report.outcome = SyncOutcome::TryLater;
        report.kind = ErrorKind::Unexpected;
        report.message = std::string("the certification endpoint answered without our ") +
                         (erasure ? "erasure id" : "certificate id") + " (a captive portal?)";
        (void)outbox.noteTry({row.seq});
        break;
      }
      if (auto ok = writeTransaction(db, "kiosk.db", [&] { return outbox.markDelivered({row.seq}); }); !ok) {
        report.outcome = SyncOutcome::TryLater;
        report.kind = ErrorKind::Database;
        report.message = ok.error().message;
        break;
      }
      ++report.delivered;
      continue;
    }
    if (res.status == 400 || res.status == 409 || res.status == 413 || res.status == 422) {
      const std::string what = res.status == 409 && !erasure ? "conflict: the endpoint holds a different certificate with this id"
                                                 : "rejected by the certification endpoint (HTTP " +
                                                       std::to_string(res.status) + ")";
      if (!quarantine(what + ": " + serverReason(res))) break;
      continue;
    }
    if (res.error != TransportError::Cancelled) (void)outbox.noteTry({row.seq});
    detail::stopOn(res, kServer, report, retry_after);
    break;
  }
  return finish();
}

EndpointProbe probeCertification(const Config& config, HttpClient* client) {
  EndpointProbe probe;
  if (config.certification.endpoint.empty()) return probe;
  probe.configured = true;
  auto token = detail::readBearerToken(config.certification.token_file, "[sync.certification] token_file");
  if (!token) {
    probe.config_problem = true;
    probe.detail = token.error().message;
    return probe;
  }
  std::string base = config.certification.endpoint;
  if (base.back() != '/') base += '/';
  HttpClient ownClient;
  HttpClient& http = client ? *client : ownClient;
  // A certificate that cannot exist: 404 means the way is open and the token accepted.
  HttpRequest req;
  req.url = base + "certificates/00000000-0000-0000-0000-000000000000";
  req.timeout_seconds = std::min<long>(config.lrs.timeout_seconds, 15);
  req.total_timeout_seconds = 20;
  req.ca_bundle = config.ca_bundle;
  req.headers = {"Accept: application/json", "Authorization: Bearer " + *token};
  const auto sent = Clock::now();
  HttpResponse res = http.perform(req);
  probe.status = res.status;
  probe.reachable = res.status != 0;
  probe.clock_offset_ms = measureClockOffset(res, sent, Clock::now());
  probe.accepted = res.status == 404 || (res.status >= 200 && res.status < 300);
  probe.detail = probe.accepted ? "HTTP " + std::to_string(res.status) : describeResponse(res, kServer);
  return probe;
}

}  // namespace hocso::sync
