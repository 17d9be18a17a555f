#!/usr/bin/env bash
# Integration: simulated learners → outbox → `hocso sync once` → the real LRS,
# then every statement read back by id. Also: an unreachable LRS gives exit 75
# and loses nothing; the next run delivers the rest exactly once.
# Usage: lrs_roundtrip_test.sh PATH_TO_HOCSO
set -euo pipefail
HOCSO="$1"
source "$(cd "$(dirname "$0")" && pwd)/sync_lib.sh"

start_lrs_site it-site "" "batch_size = 7"

# Deterministic simulation: same seed, same output.
"$HOCSO" simulate --learners 12 --seed 42 --data-dir "$DATA" --config "$CONF" >"$WORK/sim1.txt"
"$HOCSO" simulate --learners 12 --seed 42 --data-dir "$WORK/data2" --config "$CONF" >"$WORK/sim2.txt"
cmp -s "$WORK/sim1.txt" "$WORK/sim2.txt" || fail "simulate is not deterministic for one seed"

pending=$(status_json "$DATA" "$CONF" | jq .pending)
[ "$pending" -gt 12 ] || fail "expected statements pending after simulate, got $pending"

"$HOCSO" sync once --data-dir "$DATA" --config "$CONF" || fail "sync once exited $?"
status=$(status_json "$DATA" "$CONF")
[ "$(jq .pending <<<"$status")" = 0 ] || fail "pending after sync: $status"
[ "$(jq .delivered <<<"$status")" = "$pending" ] || fail "delivered != pending before: $status"
[ -n "$(jq -r .last_success <<<"$status")" ] || fail "no last_success: $status"

# Every statement is in the LRS, by id, with the pseudonymous actor. Read
# the LRS's whole store in pages (following "more"): one request per 500
# statements, not one per statement, so the check costs the same on a
# loaded machine as on an idle one.
sqlite3 "$DATA/kiosk.db" "SELECT record_id FROM outbox WHERE endpoint = 'lrs'" | sort >"$WORK/sent-ids.txt"
: >"$WORK/lrs-statements.jsonl"
next="${LRS_ENDPOINT}statements?limit=500"
pages=0
while [ -n "$next" ]; do
  page=$(curl -fsS -u test:test -H 'X-Experience-API-Version: 1.0.3' "$next") \
    || fail "cannot read the LRS's statements ($next)"
  jq -c '.statements[]' <<<"$page" >>"$WORK/lrs-statements.jsonl"
  next=$(jq -r '.more // ""' <<<"$page")
  # "more" is an IRL relative to the server (xAPI 1.0.3, 2.5.1).
  case "$next" in /*) next="http://127.0.0.1:${LRS_PORT}${next}" ;; esac
  pages=$((pages + 1))
  [ "$pages" -lt 100 ] || fail "the LRS's 'more' links never end"
done
jq -r .id "$WORK/lrs-statements.jsonl" | sort >"$WORK/lrs-ids.txt"
missing=$(comm -23 "$WORK/sent-ids.txt" "$WORK/lrs-ids.txt" | head -3)
[ -z "$missing" ] || fail "statements not in the LRS: $missing"
n=$(wc -l <"$WORK/sent-ids.txt")
[ "$n" = "$pending" ] || fail "the outbox lists $n statements, expected $pending"
bad=$(jq -r 'select((.actor.account.name | length) != 36) | .id' "$WORK/lrs-statements.jsonl" | head -3)
[ -z "$bad" ] || fail "actor is not the pseudonymous id in: $bad"

# A second run sends nothing again.
out=$("$HOCSO" sync once --data-dir "$DATA" --config "$CONF")
grep -q "delivered 0," <<<"$out" || fail "second sync sent again: $out"
total=$(curl -fsS -u test:test -H 'X-Experience-API-Version: 1.0.3' "${LRS_ENDPOINT}statements?limit=1000" | jq '.statements | length')
[ "$total" = "$pending" ] || fail "LRS holds $total statements, expected $pending (duplicates?)"

# The LRS goes away: exit 75, one line saying why, nothing lost.
stop_lrs
"$HOCSO" simulate --learners 3 --seed 43 --data-dir "$DATA" --config "$CONF" >/dev/null
sync_once_exits 75 "the LRS down"
grep -q "retry later" "$WORK/err.txt" || fail "no reason printed: $(cat "$WORK/err.txt")"
waiting=$(status_json "$DATA" "$CONF" | jq .pending)
[ "$waiting" -gt 0 ] || fail "nothing pending while the LRS was down"
[ -n "$(status_json "$DATA" "$CONF" | jq -r .last_error)" ] || fail "no last_error"

# A broken config is exit 78 with the key named.
printf '[sync.lrs]\nbatch_size = "x"\n' >"$WORK/bad.toml"
CONF="$WORK/bad.toml" sync_once_exits 78 "a bad config" "$WORK/err2.txt"
grep -q "sync.lrs.batch_size" "$WORK/err2.txt" || fail "bad config message does not name the key"

echo "lrs_roundtrip: $n statements delivered and read back; outage handled (exit 75, $waiting waiting)"
echo "1 passed, 0 failed"
