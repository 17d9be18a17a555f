#!/usr/bin/env bash
# Integration: an HTTPS LRS with a self-signed certificate (made with openssl
# here) is refused — exit 75, error kind "tls", nothing marked delivered —
# until its certificate is trusted through [sync] ca_bundle; a missing
# ca_bundle file is a configuration error (exit 78).
# Usage: sync_tls_test.sh PATH_TO_HOCSO
set -euo pipefail
HOCSO="$1"
source "$(cd "$(dirname "$0")" && pwd)/sync_lib.sh"

openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" \
  -addext "subjectAltName=IP:127.0.0.1" -keyout "$WORK/key.pem" -out "$WORK/cert.pem" 2>/dev/null
start_lrs "$WORK"
start_proxy --tls-cert "$WORK/cert.pem" --tls-key "$WORK/key.pem"
HTTPS_URL="https://127.0.0.1:$PROXY_PORT/xAPI/"

write_conf() { lrs_conf "" "$HTTPS_URL" "ca_bundle = \"$1\"" >"$CONF"; }
write_conf ""
"$HOCSO" simulate --practice-only --learners 3 --seed 31 --data-dir "$DATA" --config "$CONF" >/dev/null 2>&1
total=$(sqlite3 "$DATA/kiosk.db" "SELECT COUNT(*) FROM outbox")

sync_once_exits 75 "an untrusted certificate"
grep -qi "certificate" "$WORK/err.txt" || fail "the message does not mention the certificate: $(cat "$WORK/err.txt")"
st=$(status_json "$DATA" "$CONF")
[ "$(jq -r .last_error_kind <<<"$st")" = tls ] || fail "last_error_kind is not tls: $st"
[ "$(jq .delivered <<<"$st")" = 0 ] || fail "something was delivered over untrusted TLS: $st"
[ "$(proxy_log | jq '[.[] | select(.method == "POST")] | length')" = 0 ] || fail "statements reached the untrusted server"

write_conf "$WORK/missing-ca.pem"
sync_once_exits 78 "a missing ca_bundle" "$WORK/err78.txt"
grep -q "ca_bundle" "$WORK/err78.txt" || fail "the message does not name ca_bundle: $(cat "$WORK/err78.txt")"

write_conf "$WORK/cert.pem"
"$HOCSO" sync once --data-dir "$DATA" --config "$CONF" >/dev/null || fail "sync once with the CA configured exited $?"
st=$(status_json "$DATA" "$CONF")
[ "$(jq .delivered <<<"$st")" = "$total" ] || fail "not all delivered over trusted TLS: $st"
expected_ids "$DATA" >"$WORK/ids.txt"
node "$TOOLS/lrs_check.js" "$LRS_ENDPOINT" "$WORK/ids.txt" >/dev/null || fail "the LRS does not hold exactly the outbox"
echo "sync_tls: self-signed server refused without ca_bundle (exit 75, kind tls), accepted with it; missing ca_bundle exit 78"
echo "1 passed, 0 failed"
