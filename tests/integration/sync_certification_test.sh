#!/usr/bin/env bash
# Integration: the certification endpoint client against a test server that
# follows sync/certification-openapi.yaml. Certificates queued through the
# sync API are delivered once each through 503/Retry-After, 500 and a reset;
# one the server rejects is quarantined with its reason; identity travels
# only with consent; a resend is idempotent; a wrong token is exit 77. The
# LRS is not configured: its statements wait and do not fail `sync once`.
# Usage: sync_certification_test.sh PATH_TO_HOCSO PATH_TO_CERT_ENQUEUE
set -euo pipefail
HOCSO="$1"
ENQUEUE="$2"
source "$(cd "$(dirname "$0")" && pwd)/sync_lib.sh"

TOKEN="cert-test-token"
start_cert_server "$TOKEN"
CERT="http://127.0.0.1:$CERT_PORT/api/v1/"
cert_log() { curl -fsS "http://127.0.0.1:$CERT_PORT/__log"; }

DATA="$WORK/data"
CONF="$WORK/hocso.toml"
printf '%s\n' "$TOKEN" >"$WORK/cert.token"
cat >"$CONF" <<TOML
[sync]
interval_seconds = 1
[sync.certification]
endpoint = "$CERT"
token_file = "$WORK/cert.token"
TOML

"$HOCSO" simulate --practice-only --learners 1 --seed 61 --data-dir "$DATA" --config "$CONF" >/dev/null 2>&1
"$ENQUEUE" "$DATA" 5 cert-
"$ENQUEUE" "$DATA" 1 reject-
cat "$DATA"/kiosk.db* | grep -aq "Trần Thị Mai" && fail "identity is stored in clear in kiosk.db"
curl -fsS -X POST -H 'content-type: application/json' --data '["503-retry:1","500","reset"]' \
  "http://127.0.0.1:$CERT_PORT/__faults" >/dev/null

sync_until_ok 8 "certificates did not drain"
grep -q "no LRS configured" "$WORK/out.txt" || fail "unconfigured LRS not reported: $(cat "$WORK/out.txt")"

st=$(status_json "$DATA" "$CONF")
c=$(jq .certification <<<"$st")
[ "$(jq .delivered <<<"$c")" = 5 ] || fail "certificates delivered: $c"
[ "$(jq .quarantined <<<"$c")" = 1 ] || fail "certificates quarantined: $c"
jq -e '.quarantine[0].reason | test("signature does not verify")' <<<"$c" >/dev/null || fail "reason not kept: $c"
[ "$(jq .configured <<<"$st")" = false ] && [ "$(jq .pending <<<"$st")" = 0 ] && [ "$(jq .waiting <<<"$st")" = 6 ] \
  || fail "LRS statements should wait while the LRS is not configured: $st"

log=$(cert_log)
[ "$(jq '.stored | length' <<<"$log")" = 5 ] || fail "server stored $(jq '.stored | length' <<<"$log") certificates"
[ "$(jq '[.stored[] | select(.body.identity != null)] | length' <<<"$log")" = 3 ] || fail "identity count"
jq -e '[.stored[] | select(.body.identity != null) | .body.identity.full_name | test("^Trần Thị Mai")] | all' <<<"$log" \
  >/dev/null || fail "identity not delivered in clear to the endpoint"
jq -e '[.stored[] | select(.body.identity == null) | .body.consent == null] | all' <<<"$log" >/dev/null \
  || fail "consent sent without identity"

# Every request carried the kiosk's signed record-chain head (X-HocSo-Chain-Head): the
# endpoint knows how far this kiosk's records reached, and the signature checks out
# with the kiosk's public key.
IFS='|' read -r hseq hhash hkey hsig < <(sqlite3 "$DATA/kiosk.db" "SELECT seq, hash, key_id, signature FROM record_chain_head")
[ -n "$hseq" ] && [ "$hseq" -gt 0 ] || fail "the practice quizzes sealed no record"
[ "$(jq '.heads | length' <<<"$log")" -ge 6 ] || fail "not every request carried the chain head: $(jq -c .heads <<<"$log")"
last=$(jq -r '.heads[-1]' <<<"$log")
kiosk=$(sqlite3 "$DATA/kiosk.db" "SELECT value FROM kiosk_meta WHERE key = 'kiosk_id'")
[ "$last" = "kiosk=$kiosk; seq=$hseq; hash=$hhash; key=$hkey; signature=$hsig" ] || fail "chain head header: $last"
printf 'hocso-records-v1\n%s\n%s' "$hseq" "$hhash" >"$WORK/head.msg"
printf '%s' "$hsig" | tr '_-' '/+' | awk '{ while (length($0) % 4) $0 = $0 "="; print }' | base64 -d >"$WORK/head.sig"
openssl pkeyutl -verify -pubin -inkey "$DATA/keys/kiosk-signing.pub.pem" -rawin -in "$WORK/head.msg" \
  -sigfile "$WORK/head.sig" >/dev/null || fail "the chain head's signature does not verify"

# Queued again: nothing new. Resent after a lost answer: idempotent, stored once.
"$ENQUEUE" "$DATA" 5 cert-
[ "$(sqlite3 "$DATA/kiosk.db" "SELECT COUNT(*) FROM outbox WHERE endpoint = 'certification'")" = 6 ] || fail "re-queue added rows"
sqlite3 "$DATA/kiosk.db" "UPDATE outbox SET state = 'pending' WHERE endpoint = 'certification' AND state = 'delivered'"
"$HOCSO" sync once --data-dir "$DATA" --config "$CONF" >/dev/null || fail "the resend exited $?"
[ "$(jq '.stored | length' <<<"$(cert_log)")" = 5 ] || fail "a resend stored twice"
[ "$(jq .certification.delivered <<<"$(status_json "$DATA" "$CONF")")" = 5 ] || fail "resend not marked delivered"

printf 'wrong\n' >"$WORK/cert.token"
"$ENQUEUE" "$DATA" 1 late-
set +e
"$HOCSO" sync once --data-dir "$DATA" --config "$CONF" >/dev/null 2>"$WORK/err77.txt"
rc=$?
set -e
[ "$rc" = 77 ] || fail "a wrong token gave exit $rc, expected 77"
echo "sync_certification: 5 delivered once each through faults (exits:$SYNC_CODES), 1 quarantined, identity only with consent"
echo "1 passed, 0 failed"
