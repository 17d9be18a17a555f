#!/usr/bin/env bash
# Integration: a kiosk that is never online exports a USB bundle (signed by
# the kiosk, sealed to the central office's X25519 key); a connected machine
# imports it and delivers to the real LRS and the certification endpoint.
# Only enrolled kiosks are accepted (hocso sync trust-kiosk): a bundle from a
# kiosk not enrolled, a forged one (another key claiming the kiosk's id), a
# tampered one, or one for another office key is refused with nothing
# queued. A second import delivers nothing; a genuine bundle arriving after
# a forged record is reported as a conflict (exit 65); the kiosk going
# online later sends the same statements (no conflict, none stored twice).
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
KIOSK_ID=$(sed -n 's/.*--kiosk-id \([^ ]*\).*/\1/p' "$WORK/export.txt")
[ -n "$KIOSK_ID" ] || fail "export does not say how to enrol the kiosk: $(cat "$WORK/export.txt")"

# A forger who copied the kiosk's data (so its id and record ids) but not its
# signing key, and altered one statement.
FORGER="$WORK/forger"
cp -a "$KIOSK" "$FORGER"
rm -f "$FORGER"/keys/kiosk-sign.pem "$FORGER"/keys/kiosk-sign.pub.pem
FORGED_ID=$(sqlite3 "$FORGER/kiosk.db" "SELECT record_id FROM outbox WHERE endpoint = 'lrs' ORDER BY seq LIMIT 1")
sqlite3 "$FORGER/kiosk.db" "UPDATE outbox SET payload = json_set(payload, '$.forged', 'yes') WHERE record_id = '$FORGED_ID'"
"$HOCSO" sync export -o "$WORK/forged.hocso" --data-dir "$FORGER" --config "$KCONF" >/dev/null || fail "forger export exited $?"

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
# Not enrolled: refused by default, saying how to enrol (forged or genuine alike).
for b in forged bundle; do
  rc=0
  import "$WORK/$b.hocso" "$WORK/central.pem" >/dev/null 2>"$WORK/err.txt" || rc=$?
  [ "$rc" = 77 ] || fail "$b bundle from a kiosk not enrolled: exit $rc, $(cat "$WORK/err.txt")"
  [ "$(wc -l <"$WORK/err.txt")" = 1 ] || fail "not one line: $(cat "$WORK/err.txt")"
  grep -q "hocso sync trust-kiosk PUBKEY_PEM --kiosk-id $KIOSK_ID" "$WORK/err.txt" || fail "no enrol hint: $(cat "$WORK/err.txt")"
done
openssl genpkey -algorithm ed25519 -out "$WORK/stranger.pem" 2>/dev/null
openssl pkey -in "$WORK/stranger.pem" -pubout -out "$WORK/stranger.pub.pem"
import "$WORK/bundle.hocso" "$WORK/central.pem" --kiosk-key "$WORK/stranger.pub.pem" >/dev/null 2>"$WORK/err.txt" \
  && fail "a bundle from an unknown kiosk key was accepted"

# Enrol the kiosk (its public key, carried by the technician).
"$HOCSO" sync trust-kiosk "$KIOSK_PUB" --kiosk-id "$KIOSK_ID" --by tester --data-dir "$CENTRAL" --config "$CCONF" \
  >"$WORK/trust.txt" || fail "trust-kiosk exited $?"
"$HOCSO" sync trusted --data-dir "$CENTRAL" --config "$CCONF" | grep -q "^$KIOSK_ID .*by tester" \
  || fail "sync trusted does not list the kiosk"
import "$WORK/bundle.hocso" "$WORK/other.pem" >/dev/null 2>"$WORK/err.txt" && fail "another office key opened the bundle"
grep -q "not sealed for this" "$WORK/err.txt" || fail "wrong-key message: $(cat "$WORK/err.txt")"
# The forgery names the enrolled kiosk with another key: refused, even if someone vouches for that key.
for extra in "" "--kiosk-key $FORGER/keys/kiosk-sign.pub.pem"; do
  # shellcheck disable=SC2086
  import "$WORK/forged.hocso" "$WORK/central.pem" $extra >/dev/null 2>"$WORK/err.txt" && fail "a forged bundle was accepted ($extra)"
  grep -q "not its enrolled key" "$WORK/err.txt" || fail "forgery message: $(cat "$WORK/err.txt")"
done
[ "$(queued)" = 0 ] || fail "a refused bundle queued rows"

import "$WORK/bundle.hocso" "$WORK/central.pem" >"$WORK/import.txt" || fail "import exited $?"
grep -q "63 new of 63 rows, 0 conflicts" "$WORK/import.txt" || fail "import: $(cat "$WORK/import.txt")"
sqlite3 "$KIOSK/kiosk.db" "SELECT record_id FROM outbox WHERE endpoint = 'lrs' ORDER BY seq" >"$WORK/ids.txt"
node "$TOOLS/lrs_check.js" "$LRS_ENDPOINT" "$WORK/ids.txt" >/dev/null || fail "the LRS does not hold the kiosk's statements"
log=$(curl -fsS "http://127.0.0.1:$CERT_PORT/__log")
[ "$(jq '.stored | length' <<<"$log")" = 3 ] || fail "certificates stored: $(jq '.stored | length' <<<"$log")"
[ "$(jq '[.stored[] | select(.body.identity.full_name != null)] | length' <<<"$log")" = 2 ] || fail "identity lost on the way"

# Twice: nothing new, nothing sent.
import "$WORK/bundle.hocso" "$WORK/central.pem" >"$WORK/import2.txt" || fail "second import exited $?"
grep -q "0 new of 63 rows" "$WORK/import2.txt" || fail "second import: $(cat "$WORK/import2.txt")"
grep -q "delivered 0," "$WORK/import2.txt" || fail "second import sent again: $(cat "$WORK/import2.txt")"

# Another office machine where someone trusted the forger's key for one import
# before the kiosk was enrolled: the genuine bundle then shows the conflict.
OFFICE2="$WORK/office2"
printf '[site]\nid = "office"\n' >"$WORK/office2.toml"
"$HOCSO" sync import "$WORK/forged.hocso" --key "$WORK/central.pem" --kiosk-key "$FORGER/keys/kiosk-sign.pub.pem" \
  --data-dir "$OFFICE2" --config "$WORK/office2.toml" >/dev/null || fail "one-off trusted import exited $?"
"$HOCSO" sync trust-kiosk "$KIOSK_PUB" --kiosk-id "$KIOSK_ID" --data-dir "$OFFICE2" --config "$WORK/office2.toml" >/dev/null
rc=0
"$HOCSO" sync import "$WORK/bundle.hocso" --key "$WORK/central.pem" --data-dir "$OFFICE2" --config "$WORK/office2.toml" \
  >"$WORK/conflict.txt" 2>"$WORK/err.txt" || rc=$?
[ "$rc" = 65 ] || fail "a conflicting import exited $rc: $(cat "$WORK/conflict.txt" "$WORK/err.txt")"
grep -q "0 new of 63 rows, 1 conflicts" "$WORK/conflict.txt" || fail "conflict summary: $(cat "$WORK/conflict.txt")"
grep -q "conflict: lrs record $FORGED_ID" "$WORK/conflict.txt" || fail "conflict not listed: $(cat "$WORK/conflict.txt")"
grep -q "USB import conflict: lrs record $FORGED_ID" "$OFFICE2/logs/"* 2>/dev/null || grep -q "USB import conflict" "$WORK/err.txt" \
  || fail "conflict not logged"
[ "$(sqlite3 "$OFFICE2/kiosk.db" "SELECT COUNT(*) FROM import_conflicts")" = 1 ] || fail "conflict not recorded"

# The kiosk gets online after all: the same statements, stored once, no conflict.
printf '[sync.lrs]\nendpoint = "%s"\nusername = "test"\npassword = "test"\n' "$LRS_ENDPOINT" >>"$KCONF"
"$HOCSO" sync once --data-dir "$KIOSK" --config "$KCONF" >/dev/null || fail "the kiosk's own sync exited $?"
if [ "$(status_json "$KIOSK" "$KCONF" | jq .quarantined)" != 0 ]; then
  # Seen twice in ~200 runs (2026-12), never reproduced since: say exactly
  # which statement differs and how, so the cause can be read off the log.
  for id in $(sqlite3 "$KIOSK/kiosk.db" "SELECT record_id FROM outbox WHERE state = 'quarantined'"); do
    echo "quarantined $id: $(sqlite3 "$KIOSK/kiosk.db" "SELECT last_error FROM outbox WHERE record_id = '$id'")" >&2
    echo "first in the kiosk's outbox: $(sqlite3 "$KIOSK/kiosk.db" "SELECT seq = (SELECT MIN(seq) FROM outbox) FROM outbox WHERE record_id = '$id'"), forged id: $FORGED_ID" >&2
    sqlite3 "$KIOSK/kiosk.db" "SELECT payload FROM outbox WHERE record_id = '$id'" | jq -S . >"$WORK/kiosk-copy.json"
    sqlite3 "$CENTRAL/kiosk.db" "SELECT payload FROM outbox WHERE record_id = '$id'" | jq -S . >"$WORK/central-copy.json"
    curl -fsS -u test:test -H 'X-Experience-API-Version: 1.0.3' "${LRS_ENDPOINT}statements?statementId=$id" \
      | jq -S 'del(.stored, .authority, .version)' >"$WORK/lrs-copy.json" || true
    echo "kiosk vs central:" >&2; diff "$WORK/kiosk-copy.json" "$WORK/central-copy.json" >&2 || true
    echo "kiosk vs LRS:" >&2; diff "$WORK/kiosk-copy.json" "$WORK/lrs-copy.json" >&2 || true
  done
  fail "online resend conflicted"
fi
node "$TOOLS/lrs_check.js" "$LRS_ENDPOINT" "$WORK/ids.txt" >/dev/null || fail "statements stored twice"
echo "sync_usb: 60 statements + 3 certificates via bundle; enrolment, forgery, conflict, double import, tamper, wrong key, unknown kiosk handled"
echo "1 passed, 0 failed"
