#!/usr/bin/env bash
# Integration: a kiosk that is never online exports a USB bundle (signed by
# the kiosk, sealed to the central office's X25519 key); a connected machine
# imports it and delivers to the real LRS and the certification endpoint.
# A second import delivers nothing; a tampered bundle, a bundle for another
# office key, or one signed by an unknown kiosk key is refused with nothing
# queued; the kiosk going online later sends the same statements (no
# conflict, none stored twice).
# Usage: sync_usb_test.sh PATH_TO_HOCSO PATH_TO_CERT_ENQUEUE
set -euo pipefail
HOCSO="$1"
ENQUEUE="$2"
source "$(cd "$(dirname "$0")" && pwd)/sync_lib.sh"

start_lrs "$WORK"
start_cert_server cert-token

openssl genpkey -algorithm X25519 -out "$WORK/central.pem" 2>/dev/null
openssl pkey -in "$WORK/central.pem" -pubout -out "$WORK/central.pub.pem"
openssl genpkey -algorithm X25519 -out "$WORK/other.pem" 2>/dev/null

# The offline kiosk: no endpoints, only the office's public key.
KIOSK="$WORK/kiosk"
KCONF="$WORK/kiosk.toml"
printf '[site]\nid = "xa-xa"\n[sync]\nbundle_public_key = "%s"\n' "$WORK/central.pub.pem" >"$KCONF"
"$HOCSO" simulate --practice-only --learners 10 --seed 81 --data-dir "$KIOSK" --config "$KCONF" >/dev/null 2>&1
"$ENQUEUE" "$KIOSK" 3 usb-cert-
"$HOCSO" sync export -o "$WORK/bundle.hocso" --data-dir "$KIOSK" --config "$KCONF" >"$WORK/export.txt" \
  || fail "export exited $?"
grep -q "60 statements, 3 certificates" "$WORK/export.txt" || fail "export: $(cat "$WORK/export.txt")"
grep -aq "Trần Thị Mai" "$WORK/bundle.hocso" && fail "the bundle holds identity in clear"
grep -aq "answered" "$WORK/bundle.hocso" && fail "the bundle holds statements in clear"
KIOSK_PUB="$KIOSK/keys/kiosk-sign.pub.pem"
[ -f "$KIOSK_PUB" ] || fail "no kiosk signing key was made"

# The connected machine at the central office.
CENTRAL="$WORK/central"
CCONF="$WORK/central.toml"
printf 'cert-token\n' >"$WORK/cert.token"
cat >"$CCONF" <<TOML
[sync.lrs]
endpoint = "$LRS_ENDPOINT"
username = "test"
password = "test"
[sync.certification]
endpoint = "http://127.0.0.1:$CERT_PORT/api/v1/"
token_file = "$WORK/cert.token"
TOML
import() { "$HOCSO" sync import "$1" --key "$2" "${@:3}" --data-dir "$CENTRAL" --config "$CCONF"; }
queued() { sqlite3 "$CENTRAL/kiosk.db" "SELECT COUNT(*) FROM outbox" 2>/dev/null || echo 0; }

# Refusals first: nothing may be queued.
cp "$WORK/bundle.hocso" "$WORK/tampered.hocso"
size=$(stat -c %s "$WORK/tampered.hocso")
printf 'X' | dd of="$WORK/tampered.hocso" bs=1 seek=$((size / 2)) conv=notrunc 2>/dev/null
import "$WORK/tampered.hocso" "$WORK/central.pem" >/dev/null 2>"$WORK/err.txt" && fail "a tampered bundle was accepted"
grep -q "refused" "$WORK/err.txt" || fail "tamper message: $(cat "$WORK/err.txt")"
import "$WORK/bundle.hocso" "$WORK/other.pem" >/dev/null 2>"$WORK/err.txt" && fail "another office key opened the bundle"
grep -q "not sealed for this" "$WORK/err.txt" || fail "wrong-key message: $(cat "$WORK/err.txt")"
openssl genpkey -algorithm ed25519 -out "$WORK/stranger.pem" 2>/dev/null
openssl pkey -in "$WORK/stranger.pem" -pubout -out "$WORK/stranger.pub.pem"
import "$WORK/bundle.hocso" "$WORK/central.pem" --kiosk-key "$WORK/stranger.pub.pem" >/dev/null 2>"$WORK/err.txt" \
  && fail "a bundle from an unknown kiosk key was accepted"
[ "$(queued)" = 0 ] || fail "a refused bundle queued rows"

import "$WORK/bundle.hocso" "$WORK/central.pem" --kiosk-key "$KIOSK_PUB" >"$WORK/import.txt" || fail "import exited $?"
grep -q "63 new of 63 rows" "$WORK/import.txt" || fail "import: $(cat "$WORK/import.txt")"
sqlite3 "$KIOSK/kiosk.db" "SELECT record_id FROM outbox WHERE endpoint = 'lrs' ORDER BY seq" >"$WORK/ids.txt"
node "$TOOLS/lrs_check.js" "$LRS_ENDPOINT" "$WORK/ids.txt" >/dev/null || fail "the LRS does not hold the kiosk's statements"
log=$(curl -fsS "http://127.0.0.1:$CERT_PORT/__log")
[ "$(jq '.stored | length' <<<"$log")" = 3 ] || fail "certificates stored: $(jq '.stored | length' <<<"$log")"
[ "$(jq '[.stored[] | select(.body.identity.full_name != null)] | length' <<<"$log")" = 2 ] || fail "identity lost on the way"

# Twice: nothing new, nothing sent.
import "$WORK/bundle.hocso" "$WORK/central.pem" >"$WORK/import2.txt" || fail "second import exited $?"
grep -q "0 new of 63 rows" "$WORK/import2.txt" || fail "second import: $(cat "$WORK/import2.txt")"
grep -q "delivered 0," "$WORK/import2.txt" || fail "second import sent again: $(cat "$WORK/import2.txt")"

# The kiosk gets online after all: the same statements, stored once, no conflict.
printf '[sync.lrs]\nendpoint = "%s"\nusername = "test"\npassword = "test"\n' "$LRS_ENDPOINT" >>"$KCONF"
"$HOCSO" sync once --data-dir "$KIOSK" --config "$KCONF" >/dev/null || fail "the kiosk's own sync exited $?"
[ "$(status_json "$KIOSK" "$KCONF" | jq .quarantined)" = 0 ] || fail "online resend conflicted"
node "$TOOLS/lrs_check.js" "$LRS_ENDPOINT" "$WORK/ids.txt" >/dev/null || fail "statements stored twice"
echo "sync_usb: 60 statements + 3 certificates via bundle; double import, tamper, wrong key, unknown kiosk handled"
echo "1 passed, 0 failed"
