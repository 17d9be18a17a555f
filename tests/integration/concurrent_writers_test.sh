#!/usr/bin/env bash
# Integration: three writers on one kiosk.db at once never fail with
# "database is locked": `hocso simulate` (the services the kiosk UI uses:
# registration, lesson views, answers, results), a loop of CLI writes
# (`hocso facilitator add`) and `hocso sync run` (the sync worker)
# delivering to the real LRS meanwhile. (Two simulate runs at once:
# simulate_parallel_test.sh.) Every write
# transaction begins IMMEDIATE, so each waits its turn under busy_timeout.
# Usage: concurrent_writers_test.sh PATH_TO_HOCSO
set -euo pipefail
HOCSO="$1"
HERE="$(cd "$(dirname "$0")" && pwd)"
source "$HERE/sync_lib.sh"   # WORK, fail, start_lrs, cleanup

start_lrs_site it-site "interval_seconds = 1" "batch_size = 25"

# One learner first, so the database and keys exist before the race.
"$HOCSO" simulate --learners 1 --seed 1 --data-dir "$DATA" --config "$CONF" >/dev/null

"$HOCSO" sync run --data-dir "$DATA" --config "$CONF" >"$WORK/sync-run.log" 2>&1 &
SYNC_PID=$!
EXTRA_PIDS+=("$SYNC_PID")

echo 1470 >"$WORK/pin"
fac_before=$(sqlite3 "$DATA/kiosk.db" "SELECT COUNT(*) FROM facilitators")
for round in 1 2 3; do
  "$HOCSO" simulate --learners 25 --seed $((round * 7)) --data-dir "$DATA" --config "$CONF" >"$WORK/a$round.log" 2>&1 &
  A=$!
  ( for i in $(seq 1 15); do
      "$HOCSO" facilitator add --name "Người giám sát $round-$i" --pin-file "$WORK/pin" --data-dir "$DATA" \
        --config "$CONF" || exit 1
    done ) >"$WORK/b$round.log" 2>&1 &
  B=$!
  rc=0; wait "$A" || rc=$?
  [ "$rc" = 0 ] || { tail -5 "$WORK/a$round.log" >&2; fail "simulate (round $round) exited $rc"; }
  rc=0; wait "$B" || rc=$?
  [ "$rc" = 0 ] || { tail -5 "$WORK/b$round.log" >&2; fail "facilitator add loop (round $round) exited $rc"; }
done

kill -TERM "$SYNC_PID"
rc=0; wait "$SYNC_PID" || rc=$?
[ "$rc" = 0 ] || { tail -20 "$WORK/sync-run.log" >&2; fail "sync run exited $rc"; }
if grep -qi "database is locked" "$WORK"/*.log; then
  grep -hi "database is locked" "$WORK"/*.log | head -5 >&2
  fail "a writer hit 'database is locked'"
fi

# Everything that was recorded is delivered once the last pass runs.
"$HOCSO" sync once --data-dir "$DATA" --config "$CONF" >/dev/null || fail "final sync once exited $?"
status=$("$HOCSO" sync status --json --data-dir "$DATA" --config "$CONF")
[ "$(jq .pending <<<"$status")" = 0 ] || fail "statements left pending: $status"
learners=$(sqlite3 "$DATA/kiosk.db" "SELECT COUNT(*) FROM learners")
[ "$learners" = 76 ] || fail "expected 76 learners, found $learners"
facilitators=$(sqlite3 "$DATA/kiosk.db" "SELECT COUNT(*) FROM facilitators")
[ "$facilitators" = $((fac_before + 45)) ] || fail "expected $((fac_before + 45)) facilitators, found $facilitators"
echo "concurrent writers: 3 simulate runs and 45 facilitator adds beside sync run, $(jq .delivered <<<"$status") statements delivered, no lock errors"
