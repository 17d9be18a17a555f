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

namespace {

// One pass over the certification rows: where they go and what happened.
struct CertificationPass {
  CertificationPass(SQLite::Database& db_, const SyncConfig& config_, const SyncOptions& options_, HttpClient& http_)
      : db(db_), config(config_), options(options_), http(http_), outbox(db_) {}

  SQLite::Database& db;
  const SyncConfig& config;
  const SyncOptions& options;
  HttpClient& http;
  OutboxRepository outbox;
  SyncReport report;
  std::optional<std::chrono::seconds> retry_after;
  std::string token, base, url, chain_head;
  bool clock_measured = false;

  bool cancelled() const { return options.cancel && options.cancel->load(); }

  // Ends the pass on a kiosk.db error: the next pass tries again.
  void stopOnDatabase(const Error& e) {
    report.outcome = SyncOutcome::TryLater;
    report.kind = ErrorKind::Database;
    report.message = e.message;
  }
};

// What time is it at the server? A certificate's clock correction is fixed
// before its first send (a resend must be the same body, or the endpoint
// sees a conflict), so ask first when some pending row has none yet.
// Rows an older version already tried were sent without one: they stay so.
// False ends the pass (report set).
bool pinClockCorrections(CertificationPass& pass) {
  if (auto ok = pass.outbox.pinTriedTimeOffset(kCertification, 0); !ok) {
    pass.stopOnDatabase(ok.error());
    return false;
  }
  auto unpinned = pass.outbox.firstUnpinned(kCertification);
  if (!unpinned) {
    pass.stopOnDatabase(unpinned.error());
    return false;
  }
  if (!*unpinned) return true;
  HttpRequest probe;
  probe.url = pass.url + "/" + **unpinned;
  probe.timeout_seconds = pass.config.lrs.timeout_seconds;
  probe.ca_bundle = pass.config.ca_bundle;
  probe.cancel = pass.options.cancel;
  probe.headers = {"Accept: application/json", "Authorization: Bearer " + pass.token};
  const auto sent = Clock::now();
  HttpResponse res = pass.http.perform(probe);
  if (res.status == 0) {  // no way to the server: nothing is sent
    detail::stopOn(res, kServer, pass.report, pass.retry_after);
    return false;
  }
  std::optional<long long> offset = measureClockOffset(res, sent, Clock::now());
  if (offset) {
    pass.clock_measured = true;
    if (auto ok = pass.outbox.recordClock(kCertification, *offset, formatIso8601(Clock::now())); !ok)
      spdlog::warn("{}", ok.error().message);
    if (correctionFor(offset) != 0)
      spdlog::warn("the kiosk clock is off by {} s from the certification endpoint; certificates are sent "
                   "with the corrected time alongside the kiosk's",
                   *offset / 1000);
  } else {
    offset = lastKnownClockOffset(pass.outbox);  // the server sent no Date: the last measurement, if any
  }
  if (auto ok = pass.outbox.pinTimeOffset(kCertification, correctionFor(offset)); !ok) {
    pass.stopOnDatabase(ok.error());
    return false;
  }
  return true;
}

// Sets a row aside with the reason; false (report set) if kiosk.db failed.
bool quarantine(CertificationPass& pass, const OutboxRow& row, const std::string& reason) {
  spdlog::warn("certification row {} quarantined: {}", row.record_id, reason);
  if (auto ok = pass.outbox.markQuarantined(row.seq, reason); !ok) {
    pass.stopOnDatabase(ok.error());
    return false;
  }
  ++pass.report.quarantined;
  return true;
}

HttpRequest certificationRequest(const CertificationPass& pass, const OutboxRow& row, const json& body,
                                 bool erasure) {
  HttpRequest req;
  req.method = "POST";
  req.url = erasure ? pass.base + "erasures" : pass.url;
  req.body = detail::asciiJson(detail::dumpJson(body));  // plain ASCII on the wire (pass.hpp)
  req.timeout_seconds = pass.config.lrs.timeout_seconds;
  req.ca_bundle = pass.config.ca_bundle;
  req.cancel = pass.options.cancel;
  req.headers = {"Content-Type: application/json; charset=utf-8", "Accept: application/json",
                 "Authorization: Bearer " + pass.token, "Idempotency-Key: " + row.record_id};
  if (!pass.chain_head.empty()) req.headers.push_back(std::string(kChainHeadHeader) + ": " + pass.chain_head);
  return req;
}

// A 200/201: delivered if the endpoint names our id. False ends the pass.
bool acceptAcknowledgement(CertificationPass& pass, const OutboxRow& row, const HttpResponse& res, bool erasure) {
  auto ack = json::parse(res.body, nullptr, false);
  if (!ack.is_object() || detail::stringField(ack, erasure ? "erasure_id" : "certificate_id") != row.record_id) {
    pass.report.outcome = SyncOutcome::TryLater;
    pass.report.kind = ErrorKind::Unexpected;
    pass.report.message = std::string("the certification endpoint answered without our ") +
                          (erasure ? "erasure id" : "certificate id") + " (a captive portal?)";
    (void)pass.outbox.noteTry({row.seq});
    return false;
  }
  if (auto ok = writeTransaction(pass.db, "kiosk.db", [&] { return pass.outbox.markDelivered({row.seq}); }); !ok) {
    pass.stopOnDatabase(ok.error());
    return false;
  }
  ++pass.report.delivered;
  return true;
}

// Sends one pending row and acts on the answer; false ends the pass.
bool sendRow(CertificationPass& pass, const FieldCipher& cipher, const OutboxRow& row) {
  auto body = certificationRequestBody(row.payload, cipher, *row.time_offset_ms);
  if (!body) return quarantine(pass, row, "cannot be sent: " + body.error().message);
  const bool erasure = isErasureRequest(*body);
  const auto sent = Clock::now();
  HttpResponse res = pass.http.perform(certificationRequest(pass, row, *body, erasure));
  if (!pass.clock_measured) {
    if (auto offset = measureClockOffset(res, sent, Clock::now())) {
      pass.clock_measured = true;
      (void)pass.outbox.recordClock(kCertification, *offset, formatIso8601(Clock::now()));
    }
  }
  if (res.status == 200 || res.status == 201) return acceptAcknowledgement(pass, row, res, erasure);
  if (res.status == 400 || res.status == 409 || res.status == 413 || res.status == 422) {
    const std::string what = res.status == 409 && !erasure
                                 ? "conflict: the endpoint holds a different certificate with this id"
                                 : "rejected by the certification endpoint (HTTP " + std::to_string(res.status) + ")";
    return quarantine(pass, row, what + ": " + serverReason(res));
  }
  if (res.error != TransportError::Cancelled) (void)pass.outbox.noteTry({row.seq});
  detail::stopOn(res, kServer, pass.report, pass.retry_after);
  return false;
}

// Sends the pending rows one by one until none is left or one stops the pass.
void sendPending(CertificationPass& pass, const FieldCipher& cipher) {
  while (true) {
    if (pass.cancelled()) {
      pass.report.outcome = SyncOutcome::Cancelled;
      pass.report.message = "stopped";
      return;
    }
    auto rows = pass.outbox.pending(kCertification, 1);
    if (!rows) return pass.stopOnDatabase(rows.error());
    if (rows->empty()) return;
    const OutboxRow& row = rows->front();
    if (!row.time_offset_ms) {  // queued while this pass runs: fix its correction too
      if (auto ok = pass.outbox.pinTimeOffset(kCertification, correctionFor(lastKnownClockOffset(pass.outbox))); !ok)
        return pass.stopOnDatabase(ok.error());
      continue;
    }
    if (!sendRow(pass, cipher, row)) return;
  }
}

}  // namespace

SyncReport syncCertificationOnce(SQLite::Database& db, const SyncConfig& config, const FieldCipher& cipher,
                                 const SyncOptions& options) {
  SyncReport report;
  OutboxRepository outbox(db);
  if (config.certification.endpoint.empty()) {
    report.outcome = SyncOutcome::NotConfigured;
    report.message = "no certification endpoint is configured ([sync.certification] endpoint); certificates wait";
    if (auto st = outbox.status(kCertification)) report.remaining = st->pending;
    return report;
  }
  auto token = detail::readBearerToken(config.certification.token_file, "[sync.certification] token_file");
  if (!token) {
    report.outcome = SyncOutcome::ConfigProblem;
    report.kind = ErrorKind::Config;
    report.message = token.error().message;
    detail::finishPass(db, kCertification, config, report, std::nullopt);
    return report;
  }
  HttpClient ownClient;
  CertificationPass pass(db, config, options, options.http ? *options.http : ownClient);
  pass.token = *token;
  pass.base = config.certification.endpoint;
  if (pass.base.back() != '/') pass.base += '/';
  pass.url = pass.base + "certificates";
  pass.chain_head = chainHeadHeaderValue(db, options.kiosk_id);
  if (pinClockCorrections(pass)) sendPending(pass, cipher);
  detail::finishPass(db, kCertification, config, pass.report, pass.retry_after);
  return pass.report;
}

EndpointProbe probeCertification(const SyncConfig& config, HttpClient* client) {
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
