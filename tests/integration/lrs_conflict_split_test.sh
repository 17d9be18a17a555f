#!/usr/bin/env bash
# Integration: the LRS answers 413 and 409 (forced through the fault proxy
# where the test LRS would not): batches above 7 statements get 413 → the
# kiosk halves until they pass, and one statement too large alone is
# quarantined; a batch holding ids the LRS already stores gets 409 → the
# kiosk reads each back with GET ?statementId=, marks the stored ones
# delivered and sends the rest; an id under which the LRS holds a different
# statement (the test LRS's own 409) is quarantined with the conflict. Every
# statement is then read back from the LRS by id, each stored once.
# Usage: lrs_conflict_split_test.sh PATH_TO_HOCSO
set -euo pipefail
HOCSO="$1"
source "$(cd "$(dirname "$0")" && pwd)/sync_lib.sh"

start_lrs "$WORK"
start_proxy
lrs_conf split-site "$PROXY_URL" "" "batch_size = 40" >"$CONF"
once() { "$HOCSO" sync once --data-dir "$DATA" --config "$CONF" >"$WORK/once.txt" 2>"$WORK/once.err" \
  || fail "sync once exited $?: $(cat "$WORK/once.err")"; }
posts() { proxy_log | jq -c '[.[] | select(.method == "POST") | {n: (.ids | length), status, fault}]'; }

# --- 413 above 7 statements; one statement is too large on its own.
"$HOCSO" simulate --practice-only --learners 20 --seed 91 --data-dir "$DATA" --config "$CONF" >/dev/null 2>&1
total=$(sqlite3 "$DATA/kiosk.db" "SELECT COUNT(*) FROM outbox")
BIG_ID=$(sqlite3 "$DATA/kiosk.db" "SELECT record_id FROM outbox ORDER BY seq LIMIT 1 OFFSET 50")
proxy_config "$(jq -nc --arg big "$BIG_ID" '{maxBatch: 7, tooLarge: [$big]}')"
once
st=$(status_json "$DATA" "$CONF")
[ "$(jq .pending <<<"$st")" = 0 ] || fail "413: still pending: $st"
[ "$(jq .quarantined <<<"$st")" = 1 ] || fail "413: expected only the large statement quarantined: $(jq -c .quarantine <<<"$st")"
jq -e --arg id "$BIG_ID" '.quarantine[] | select(.record_id == $id) | .reason | test("too large")' <<<"$st" >/dev/null \
  || fail "413: the large statement is not quarantined as too large: $(jq -c .quarantine <<<"$st")"
[ "$(jq .delivered <<<"$st")" = $((total - 1)) ] || fail "413: delivered $(jq .delivered <<<"$st") of $((total - 1))"
log=$(posts)
[ "$(jq '[.[] | select(.status == 413)] | length' <<<"$log")" -ge 3 ] || fail "413: the proxy refused too few batches: $log"
[ "$(jq '[.[] | select(.status == 413 and .n <= 7 and .fault != "too-large")] | length' <<<"$log")" = 0 ] \
  || fail "413 on a batch the proxy should have passed: $log"
[ "$(jq '[.[] | select(.status == 200 and .n > 7)] | length' <<<"$log")" = 0 ] || fail "a batch above 7 was stored: $log"
[ "$(jq '[.[] | select(.n == 40)] | length' <<<"$log")" = 1 ] || fail "the kiosk kept sending 40 after a 413: $log"
expected_ids "$DATA" >"$WORK/ids.txt"
node "$TOOLS/lrs_check.js" "$LRS_ENDPOINT" "$WORK/ids.txt" --by-id || fail "413: the LRS does not hold exactly the outbox"
proxy_config '{"maxBatch": 0, "tooLarge": [], "conflictOnKnown": true}'

# --- 409 for ids already stored: half the delivered rows sent again, with new ones.
sqlite3 "$DATA/kiosk.db" "UPDATE outbox SET state = 'pending', delivered_at = NULL WHERE state = 'delivered' AND seq % 2 = 0"
resent=$(sqlite3 "$DATA/kiosk.db" "SELECT COUNT(*) FROM outbox WHERE state = 'pending'")
"$HOCSO" simulate --practice-only --learners 5 --seed 92 --data-dir "$DATA" --config "$CONF" >/dev/null 2>&1
before=$(proxy_log | jq length)
once
st=$(status_json "$DATA" "$CONF")
[ "$(jq .pending <<<"$st")" = 0 ] || fail "409: still pending: $st"
[ "$(jq .quarantined <<<"$st")" = 1 ] || fail "409: a resent statement was quarantined: $(jq -c .quarantine <<<"$st")"
total=$(sqlite3 "$DATA/kiosk.db" "SELECT COUNT(*) FROM outbox")
[ "$(jq .delivered <<<"$st")" = $((total - 1)) ] || fail "409: delivered $(jq .delivered <<<"$st") of $((total - 1))"
log=$(proxy_log | jq -c ".[$before:]")
conflicts=$(jq '[.[] | select(.method == "POST" and .status == 409)] | length' <<<"$log")
lookups=$(jq '[.[] | select(.method == "GET" and (.path | test("statementId=")))] | length' <<<"$log")
[ "$conflicts" -ge 1 ] || fail "409: the proxy answered no 409: $log"
[ "$lookups" -ge "$resent" ] || fail "409: only $lookups lookups by id for $resent resent statements"
expected_ids "$DATA" >"$WORK/ids.txt"
node "$TOOLS/lrs_check.js" "$LRS_ENDPOINT" "$WORK/ids.txt" --by-id || fail "409: the LRS does not hold exactly the outbox"

# --- 409 from the LRS itself: it holds a different statement under one of our ids.
proxy_config '{"conflictOnKnown": false}'
"$HOCSO" simulate --practice-only --learners 2 --seed 93 --data-dir "$DATA" --config "$CONF" >/dev/null 2>&1
TAKEN_ID=$(sqlite3 "$DATA/kiosk.db" "SELECT record_id FROM outbox WHERE state = 'pending' ORDER BY seq LIMIT 1 OFFSET 2")
curl -fsS -u test:test -H 'X-Experience-API-Version: 1.0.3' -H 'Content-Type: application/json' \
  --data "$(jq -nc --arg id "$TAKEN_ID" '{id: $id, actor: {mbox: "mailto:someone@example.org"},
    verb: {id: "http://adlnet.gov/expapi/verbs/experienced"}, object: {id: "https://example.org/elsewhere"}}')" \
  "${LRS_ENDPOINT}statements" >/dev/null || fail "could not store the foreign statement"
once
st=$(status_json "$DATA" "$CONF")
[ "$(jq .pending <<<"$st")" = 0 ] || fail "conflict: still pending: $st"
[ "$(jq .quarantined <<<"$st")" = 2 ] || fail "conflict: expected the taken id quarantined: $(jq -c .quarantine <<<"$st")"
jq -e --arg id "$TAKEN_ID" '.quarantine[] | select(.record_id == $id) | .reason | test("different statement")' <<<"$st" \
  >/dev/null || fail "conflict: the taken id is not quarantined as a conflict: $(jq -c .quarantine <<<"$st")"
got=$(curl -fsS -u test:test -H 'X-Experience-API-Version: 1.0.3' "${LRS_ENDPOINT}statements?statementId=$TAKEN_ID")
[ "$(jq -r .object.id <<<"$got")" = "https://example.org/elsewhere" ] || fail "the LRS's own statement was replaced: $got"
expected_ids "$DATA" >"$WORK/ids.txt"
grep -v "$TAKEN_ID" "$WORK/ids.txt" >"$WORK/ids-ours.txt" || true
echo "$TAKEN_ID" >>"$WORK/ids-ours.txt"   # the LRS holds it (its own), once
node "$TOOLS/lrs_check.js" "$LRS_ENDPOINT" "$WORK/ids-ours.txt" || fail "conflict: the LRS does not hold exactly the outbox"
echo "lrs_conflict_split: 413 halved down to 7 (one too large quarantined), 409 resolved by lookups ($lookups), a different statement under our id quarantined"
echo "1 passed, 0 failed"
