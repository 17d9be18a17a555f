#!/usr/bin/env bash
# Integration: simulated learners → outbox → `hocso sync once` → the real LRS,
# then every statement read back by id. Also: an unreachable LRS gives exit 75
# and loses nothing; the next run delivers the rest exactly once.
# Usage: lrs_roundtrip_test.sh PATH_TO_HOCSO
set -euo pipefail
HOCSO="$1"
HERE="$(cd "$(dirname "$0")" && pwd)"
source "$HERE/lrs_env.sh"

WORK="$(mktemp -d)"
cleanup() { stop_lrs; rm -rf "$WORK"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

start_lrs "$WORK"
DATA="$WORK/data"
CONF="$WORK/hocso.toml"
cat >"$CONF" <<TOML
[site]
id = "it-site"
[sync.lrs]
endpoint = "$LRS_ENDPOINT"
username = "test"
password = "test"
batch_size = 7
TOML

# Deterministic simulation: same seed, same output.
"$HOCSO" simulate --learners 12 --seed 42 --data-dir "$DATA" --config "$CONF" >"$WORK/sim1.txt"
"$HOCSO" simulate --learners 12 --seed 42 --data-dir "$WORK/data2" --config "$CONF" >"$WORK/sim2.txt"
cmp -s "$WORK/sim1.txt" "$WORK/sim2.txt" || fail "simulate is not deterministic for one seed"

pending=$("$HOCSO" sync status --json --data-dir "$DATA" --config "$CONF" | jq .pending)
[ "$pending" -gt 12 ] || fail "expected statements pending after simulate, got $pending"

"$HOCSO" sync once --data-dir "$DATA" --config "$CONF" || fail "sync once exited $?"
status=$("$HOCSO" sync status --json --data-dir "$DATA" --config "$CONF")
[ "$(jq .pending <<<"$status")" = 0 ] || fail "pending after sync: $status"
[ "$(jq .delivered <<<"$status")" = "$pending" ] || fail "delivered != pending before: $status"
[ -n "$(jq -r .last_success <<<"$status")" ] || fail "no last_success: $status"

# Every statement is in the LRS, by id, with the content we sent.
ids=$(sqlite3 "$DATA/kiosk.db" "SELECT record_id FROM outbox WHERE endpoint = 'lrs'")
n=0
for id in $ids; do
  got=$(curl -fsS -u test:test -H 'X-Experience-API-Version: 1.0.3' "${LRS_ENDPOINT}statements?statementId=$id") \
    || fail "statement $id not in the LRS"
  [ "$(jq -r .id <<<"$got")" = "$id" ] || fail "LRS returned another statement for $id"
  [ "$(jq -r '.actor.account.name | length' <<<"$got")" = 36 ] || fail "actor is not the pseudonymous id: $got"
  n=$((n + 1))
done
[ "$n" = "$pending" ] || fail "read back $n of $pending"

# A second run sends nothing again.
out=$("$HOCSO" sync once --data-dir "$DATA" --config "$CONF")
grep -q "delivered 0," <<<"$out" || fail "second sync sent again: $out"
total=$(curl -fsS -u test:test -H 'X-Experience-API-Version: 1.0.3' "${LRS_ENDPOINT}statements?limit=1000" | jq '.statements | length')
[ "$total" = "$pending" ] || fail "LRS holds $total statements, expected $pending (duplicates?)"

# The LRS goes away: exit 75, one line saying why, nothing lost.
stop_lrs
"$HOCSO" simulate --learners 3 --seed 43 --data-dir "$DATA" --config "$CONF" >/dev/null
set +e
"$HOCSO" sync once --data-dir "$DATA" --config "$CONF" 2>"$WORK/err.txt" >/dev/null
rc=$?
set -e
[ "$rc" = 75 ] || fail "expected exit 75 with the LRS down, got $rc"
grep -q "retry later" "$WORK/err.txt" || fail "no reason printed: $(cat "$WORK/err.txt")"
waiting=$("$HOCSO" sync status --json --data-dir "$DATA" --config "$CONF" | jq .pending)
[ "$waiting" -gt 0 ] || fail "nothing pending while the LRS was down"
[ -n "$("$HOCSO" sync status --json --data-dir "$DATA" --config "$CONF" | jq -r .last_error)" ] || fail "no last_error"

# A broken config is exit 78 with the key named.
printf '[sync.lrs]\nbatch_size = "x"\n' >"$WORK/bad.toml"
set +e
"$HOCSO" sync once --data-dir "$DATA" --config "$WORK/bad.toml" 2>"$WORK/err2.txt"
rc=$?
set -e
[ "$rc" = 78 ] || fail "expected exit 78 for a bad config, got $rc"
grep -q "sync.lrs.batch_size" "$WORK/err2.txt" || fail "bad config message does not name the key"

echo "lrs_roundtrip: $n statements delivered and read back; outage handled (exit 75, $waiting waiting)"
echo "1 passed, 0 failed"
