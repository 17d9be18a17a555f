// The certification endpoint client (contract: sync/certification-openapi.yaml):
// one signed certificate per POST, idempotent by certificate id, bearer
// token from [sync.certification] token_file, the same retry rules as the LRS.
// Identity fields travel only with recorded consent, and wait in kiosk.db
// encrypted with the kiosk's data key (never in clear in the outbox). A
// learner's erasure takes their identity out of every queued or delivered
// row and queues an erasure request (POST erasures) for what was sent.
#pragma once

#include <SQLiteCpp/Database.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "sync/config.hpp"
#include "base/crypto.hpp"
#include "sync/lrs_sync.hpp"
#include "sync/outbox.hpp"
#include "sync/report.hpp"

namespace hocso::sync {

// Identity the learner agreed to send for the certificate.
struct ConsentedIdentity {
  std::string full_name;
  std::string citizen_id;         // CCCD number, 12 digits
  std::string phone;              // may be empty
  int birth_year = 0;
  std::string consent_given_at;   // ISO 8601 UTC
  std::string consent_version;    // which consent text the learner saw
};

struct CertificateSubmission {
  std::string certificate_id;     // idempotency key; also the outbox record_id
  std::string learner_id;         // pseudonymous, as in xAPI statements
  std::string kiosk_id, site_id;
  std::string issued_at;          // ISO 8601 UTC
  nlohmann::json certificate;     // the signed certificate exactly as issued
  std::optional<ConsentedIdentity> identity;  // nullopt: no consent, no identity sent
};

// The request body without identity, plus "identity_sealed" (AES-256-GCM
// under the data key, base64) when there is one: what the outbox stores.
Result<nlohmann::json> sealedCertificatePayload(const CertificateSubmission& submission, const FieldCipher& cipher);

// A request body (identity in clear, as from a USB bundle) made fit for the
// outbox: identity sealed under this kiosk's data key.
Result<nlohmann::json> sealCertificateBody(nlohmann::json body, const FieldCipher& cipher);

// A wrong kiosk clock, made visible to the endpoint. `offset_ms` is the
// correction fixed for the row before its first send (server − kiosk clock,
// 0 when below kClockCorrectionThreshold), so every resend is the same body.
// With a non-zero offset the body gets "clock_correction": {"offset_ms",
// "issued_at": issued_at + offset (UTC), "date": the kiosk-local date of that
// instant}; issued_at and the signed certificate (with its kiosk "date")
// stay exactly as the kiosk recorded them. 0: the body unchanged.
nlohmann::json withClockCorrection(nlohmann::json body, long long offset_ms);

// The freshest clock offset either server measured (sync_state of the
// certification endpoint and of the LRS), if any.
std::optional<long long> lastKnownClockOffset(OutboxRepository& outbox);

// The body sent to the server, from a stored payload (identity unsealed),
// with the row's clock correction applied (withClockCorrection). An erasure
// request is returned as stored.
Result<nlohmann::json> certificationRequestBody(const std::string& stored_payload, const FieldCipher& cipher,
                                                long long offset_ms = 0);

// Adds the certificate to the outbox (endpoint "certification"). Call it in
// the transaction that records the certificate.
Result<void> enqueueCertificate(OutboxRepository& outbox, const CertificateSubmission& submission,
                                const FieldCipher& cipher);

// Erasure of a learner at the certification endpoint: one request per
// learner, queued in the outbox (endpoint "certification", record_id =
// erasure_id) in the transaction that erases them, delivered in order with
// the certificates by syncCertificationOnce as POST {endpoint}erasures.
struct ErasureRequest {
  std::string erasure_id;                    // erasureIdFor(kiosk, learner): idempotency key
  std::string learner_id;                    // pseudonymous
  std::string kiosk_id, site_id;
  std::vector<std::string> certificate_ids;  // the certificates that were queued with identity
  std::string requested_at;                  // ISO 8601 UTC
};

// UUIDv5 of "<kiosk id>/erasure/<learner id>": the same learner, the same request.
std::string erasureIdFor(const std::string& kiosk_id, const std::string& learner_id);

// Whether a stored or received certification body is an erasure request.
bool isErasureRequest(const nlohmann::json& body);

struct OutboxErasure {
  std::vector<std::string> certificate_ids;  // rows that held identity (now without it)
  bool request_queued = false;               // an erasure request was queued for the endpoint
};

// Call in the transaction that erases the learner. Every certification row
// naming them (pending, delivered or quarantined) loses its identity and
// consent: a pending certificate still goes, pseudonymous, like one whose
// learner never agreed to share identity; a delivered row keeps no copy.
// When any row held identity, queues `request` (its certificate_ids filled
// in here) with clock correction 0, after those rows.
Result<OutboxErasure> eraseIdentityFromOutbox(OutboxRepository& outbox, ErasureRequest request);

// Sends every pending certificate (and erasure request), oldest first; records the outcome in
// sync_state like syncLrsOnce. `cipher` unseals identity fields. When some
// pending certificate has no clock correction fixed yet, the pass first
// asks the server's time (GET certificates/{id}: the answer's Date header),
// then fixes the correction on every such row.
SyncReport syncCertificationOnce(SQLite::Database& db, const SyncConfig& config, const FieldCipher& cipher,
                                 const SyncOptions& options = {});

// One GET of certificates/{an id that cannot exist} with the bearer token
// (hocso doctor): 404 (or 2xx) = reachable and accepted. Nothing is recorded.
EndpointProbe probeCertification(const SyncConfig& config, HttpClient* client = nullptr);

}  // namespace hocso::sync
