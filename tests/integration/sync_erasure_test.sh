#!/usr/bin/env bash
# Integration: erasure reaches the certification endpoint. Two learners pass
# the exam and agree to share their identity. A is deleted before anything
# is sent: neither a USB bundle exported afterwards (imported and delivered
# by the central office) nor `sync once` ever gives the server A's identity;
# the server gets A's certificate without it, then the erasure request.
# B's certificate is delivered with identity, then B is deleted: the next
# `sync once` (through a 503 and a reset) has the server drop its copy. The
# kiosk's files hold neither.
# Usage: sync_erasure_test.sh PATH_TO_HOCSO PATH_TO_CERT_ENQUEUE (unused)
set -euo pipefail
HOCSO="$1"
source "$(cd "$(dirname "$0")" && pwd)/sync_lib.sh"

TOKEN="cert-test-token"
start_cert_server "$TOKEN"
cert_log() { curl -fsS "http://127.0.0.1:$CERT_PORT/__log"; }

openssl genpkey -algorithm X25519 -out "$WORK/central.pem" 2>/dev/null
openssl pkey -in "$WORK/central.pem" -pubout -out "$WORK/central.pub.pem"
printf '%s\n' "$TOKEN" >"$WORK/cert.token"
DATA="$WORK/data"
CONF="$WORK/hocso.toml"
cat >"$CONF" <<TOML
[site]
id = "xa-xoa"
[sync]
bundle_public_key = "$WORK/central.pub.pem"
[sync.certification]
endpoint = "http://127.0.0.1:$CERT_PORT/api/v1/"
token_file = "$WORK/cert.token"
TOML
hocso() { "$HOCSO" "$@" --data-dir "$DATA" --config "$CONF"; }
sql() { sqlite3 "$DATA/kiosk.db" "$1"; }

# One simulated learner who passed and shared their identity. Whether a
# seed's learner passes depends on the questions the content draws, so the
# seeds are tried from SEED on until one does (the others stay as learners
# without a certificate with identity, which no check below counts).
learner() {  # learner SEED → sets ID, CID, NAME, SEED_USED
  local seed before id
  for seed in $(seq "$1" $(($1 + 40))); do
    before=$(sql "SELECT COUNT(*) FROM learners" 2>/dev/null || echo 0)
    hocso simulate --learners 1 --seed "$seed" --identities-out "$WORK/who-$seed.csv" >"$WORK/sim-$seed.txt" 2>&1 \
      || fail "simulate: $(cat "$WORK/sim-$seed.txt")"
    id=$(sql "SELECT id FROM learners ORDER BY rowid LIMIT 1 OFFSET $before")
    [ -n "$id" ] || fail "seed $seed made no learner"
    if [ "$(sql "SELECT COUNT(*) FROM outbox WHERE endpoint = 'certification' AND json_extract(payload, '\$.learner_id') = '$id'
              AND json_extract(payload, '\$.identity_sealed') IS NOT NULL")" = 1 ]; then
      ID=$id SEED_USED=$seed
      IFS=, read -r CID NAME <"$WORK/who-$seed.csv"
      [ -n "$CID" ] && [ -n "$NAME" ] || fail "seed $seed: a certificate with identity but no citizen ID written"
      return 0
    fi
  done
  fail "no seed from $1 to $(($1 + 40)) made a learner who passed and shared their identity"
}
learner 3
A_ID=$ID A_CID=$CID A_NAME=$NAME
learner $((SEED_USED + 1))
B_ID=$ID B_CID=$CID B_NAME=$NAME
[ "$A_ID" != "$B_ID" ] && [ "$A_CID" != "$B_CID" ] || fail "the two runs made the same learner"

# A is deleted before anything was sent.
hocso learner delete "$A_ID" >"$WORK/del-a.txt" 2>&1 || fail "delete A: $(cat "$WORK/del-a.txt")"
grep -q "erasure request queued" "$WORK/del-a.txt" || fail "delete A said: $(cat "$WORK/del-a.txt")"
holds() { grep -aqF -e "$1" -e "$2" "$3"; }
for f in "$DATA"/kiosk.db*; do holds "$A_NAME" "$A_CID" "$f" && fail "$f still holds A in clear"; done
[ ! -s "$DATA/kiosk.db-wal" ] || fail "the WAL was not emptied"

# A USB bundle written now, delivered by the central office.
hocso sync export -o "$WORK/bundle.hocso" >"$WORK/export.txt" || fail "export exited $?"
CENTRAL="$WORK/central"
# The office accepts bundles from enrolled kiosks only.
KIOSK_ID=$(sed -n 's/.*--kiosk-id \([^ ]*\).*/\1/p' "$WORK/export.txt")
[ -n "$KIOSK_ID" ] || fail "export did not name the kiosk: $(cat "$WORK/export.txt")"
"$HOCSO" sync trust-kiosk "$DATA/keys/kiosk-sign.pub.pem" --kiosk-id "$KIOSK_ID" --by tester --data-dir "$CENTRAL" \
  --config "$CONF" >/dev/null || fail "trust-kiosk exited $?"
"$HOCSO" sync import "$WORK/bundle.hocso" --key "$WORK/central.pem" --data-dir "$CENTRAL" --config "$CONF" \
  >"$WORK/import.txt" 2>&1 || fail "import: $(cat "$WORK/import.txt")"
log=$(cert_log)
jq -e --arg a "$A_ID" '[.stored[] | select(.body.learner_id == $a)] | length == 1' <<<"$log" >/dev/null \
  || fail "A's certificate did not arrive through the bundle: $log"
jq -e --arg b "$B_NAME" '[.received[] | select(.identity.full_name == $b)] | length == 1' <<<"$log" >/dev/null \
  || fail "B's identity should have arrived through the bundle: $log"
jq -e --arg a "$A_ID" '[.erasures[] | select(.body.learner_id == $a)] | length == 1' <<<"$log" >/dev/null \
  || fail "A's erasure request did not arrive through the bundle"
for who in "$A_NAME" "$A_CID"; do
  grep -qF "$who" <<<"$log" && fail "the server received A's identity ($who) from the bundle"
done

# The kiosk online: the same certificates (idempotent), A's erasure again.
hocso sync once >"$WORK/once1.txt" 2>&1 || fail "sync once: $(cat "$WORK/once1.txt")"
log=$(cert_log)
for who in "$A_NAME" "$A_CID"; do grep -qF "$who" <<<"$log" && fail "the server received A's identity ($who)"; done
jq -e '[.stored[] | select(.body.identity != null)] | length == 1' <<<"$log" >/dev/null || fail "stored: $log"
jq -e --arg b "$B_CID" '.stored[] | select(.body.identity != null) | .body.identity.citizen_id == $b' <<<"$log" >/dev/null \
  || fail "B's certificate should be stored with identity"
jq -e '.erasures | length == 1' <<<"$log" >/dev/null || fail "erasures: $(jq .erasures <<<"$log")"
[ "$(sql "SELECT COUNT(*) FROM outbox WHERE endpoint = 'certification' AND state != 'delivered'")" = 0 ] || fail "rows left undelivered"

# B is deleted after their certificate was delivered: the server drops it.
hocso learner delete "$B_ID" >"$WORK/del-b.txt" 2>&1 || fail "delete B: $(cat "$WORK/del-b.txt")"
for f in "$DATA"/kiosk.db*; do holds "$B_NAME" "$B_CID" "$f" && fail "$f still holds B in clear"; done
[ "$(sql "SELECT COUNT(*) FROM outbox WHERE endpoint = 'certification' AND state = 'pending'")" = 1 ] || fail "expected B's erasure request pending"
# Delivered with the certificates' retry rules: through a 503 + Retry-After and a reset.
curl -fsS -X POST -H 'content-type: application/json' --data '["503-retry:1","reset"]' \
  "http://127.0.0.1:$CERT_PORT/__faults" >/dev/null
sync_until_ok 6 "B's erasure request was not delivered" "$WORK/once2.txt"
[ "$(jq '[.log[] | select(.erasure_id != null and .fault != "pass")] | length' <<<"$(cert_log)")" = 2 ] \
  || fail "the faults did not hit the erasure request: $(jq .log <<<"$(cert_log)")"
stored=$(cert_log | jq '{stored, erasures}')
for who in "$B_NAME" "$B_CID" "$A_NAME" "$A_CID"; do
  grep -qF "$who" <<<"$stored" && fail "the server still holds $who: $stored"
done
jq -e --arg b "$B_ID" '.stored[] | select(.body.learner_id == $b) | .identity_erased_at != null' <<<"$stored" >/dev/null \
  || fail "B's certificate is not marked erased: $stored"
[ "$(jq '.erasures | length' <<<"$stored")" = 2 ] || fail "erasures held: $(jq .erasures <<<"$stored")"
curl -fsS -H "Authorization: Bearer $TOKEN" \
  "http://127.0.0.1:$CERT_PORT/api/v1/certificates/$(sql "SELECT id FROM certificates WHERE learner_id = '$B_ID'")" \
  | jq -e '.identity == null and .consent == null and .identity_erased_at != null' >/dev/null \
  || fail "GET certificates/{id} still shows B's identity"

# Nothing more to send; a second delete of B only confirms the WAL is empty.
hocso sync once >/dev/null 2>&1 || fail "a last sync once exited $?"
[ "$(jq '.erasures | length' <<<"$(cert_log)")" = 2 ] || fail "an erasure was stored twice"
hocso learner delete "$B_ID" >"$WORK/del-b2.txt" 2>&1 || fail "a second delete of B: $(cat "$WORK/del-b2.txt")"
grep -q "already deleted" "$WORK/del-b2.txt" || fail "second delete said: $(cat "$WORK/del-b2.txt")"
echo "sync_erasure: A's identity never left the kiosk (bundle and sync once); B's copy at the server erased (exits:$SYNC_CODES)"
echo "1 passed, 0 failed"
