#!/usr/bin/env bash
# Integration: two `hocso simulate` runs on one data dir at once, several
# rounds: neither finishes the other's live attempts ("attempt … is already
# finished"), both exit 0, and no attempt is left open. Then a run killed
# mid-way (SIGKILL) leaves attempts that a run beside a live one leaves
# alone, and the next run on its own finishes them (as crash.simulate_kill).
# Usage: simulate_parallel_test.sh PATH_TO_HOCSO
set -euo pipefail
HOCSO="$1"
source "$(cd "$(dirname "$0")" && pwd)/kill_lib.sh"   # kill_when
WORK="$(mktemp -d)"
PIDS=()
cleanup() { for p in ${PIDS[@]+"${PIDS[@]}"}; do kill -9 "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
DATA="$WORK/data"; CONF="$WORK/hocso.toml"
printf '[site]\nid = "parallel-site"\n' >"$CONF"
SIM=("$HOCSO" simulate --data-dir "$DATA" --config "$CONF")   # an array, not a function: $! is then hocso itself
open_attempts() { sqlite3 "$DATA/kiosk.db" "SELECT COUNT(*) FROM attempts WHERE finished_at IS NULL"; }

# The database and keys exist before the race.
"${SIM[@]}" --learners 1 --seed 1 >/dev/null

for round in 1 2 3 4; do
  "${SIM[@]}" --learners 12 --seed $((round * 100 + 1)) >"$WORK/a$round.log" 2>&1 &
  A=$!; PIDS+=("$A")
  sleep 0.$((RANDOM % 5))   # B starts while A is in the middle of an attempt (or not: both must hold)
  "${SIM[@]}" --learners 12 --seed $((round * 100 + 2)) >"$WORK/b$round.log" 2>&1 &
  B=$!; PIDS+=("$B")
  rcA=0; wait "$A" || rcA=$?
  rcB=0; wait "$B" || rcB=$?
  PIDS=()
  if grep -h "already finished" "$WORK/a$round.log" "$WORK/b$round.log" >&2; then
    fail "round $round: one simulate run finished the other's attempt"
  fi
  [ "$rcA" = 0 ] || { tail -3 "$WORK/a$round.log" >&2; fail "round $round: the first simulate exited $rcA"; }
  [ "$rcB" = 0 ] || { tail -3 "$WORK/b$round.log" >&2; fail "round $round: the second simulate exited $rcB"; }
  [ "$(open_attempts)" = 0 ] || fail "round $round: $(open_attempts) attempts left open"
done

# A run killed mid-attempt beside a live one (L, paused with SIGSTOP outside
# any transaction, so it stays alive and holds its lock): a run started then
# leaves every open attempt alone (any could be L's); once L is done, the
# next run, alone, finishes exactly the killed run's.
open_ids() { sqlite3 "$DATA/kiosk.db" "SELECT id FROM attempts WHERE finished_at IS NULL ORDER BY id"; }
"${SIM[@]}" --learners 40 --seed 901 >"$WORK/long.log" 2>&1 &
L=$!; PIDS+=("$L")
sleep 0.5
paused=0
for _ in $(seq 1 50); do
  kill -STOP "$L"
  sqlite3 "$DATA/kiosk.db" "PRAGMA busy_timeout = 200; BEGIN IMMEDIATE; ROLLBACK;" >/dev/null 2>&1 && { paused=1; break; }
  kill -CONT "$L"; sleep 0.05
done
kill -0 "$L" 2>/dev/null || fail "the long run ended too early: $(tail -3 "$WORK/long.log")"
[ "$paused" = 1 ] || fail "the long run could not be paused outside a transaction in 50 tries"
open_ids >"$WORK/open-L.txt"   # L's open attempt, if it has one now
k_open() { open_ids | comm -23 - "$WORK/open-L.txt"; }   # open attempts that are not L's
k_has_open() { [ -n "$(k_open)" ]; }
for i in $(seq 1 30); do
  "${SIM[@]}" --learners 50 --seed $((5000 + i)) >"$WORK/k.log" 2>&1 &
  # Killed while it has an attempt open: wait until one shows, however slow
  # the machine is (a fixed delay found none when the machine was loaded),
  # then a moment more so the kill lands anywhere in the attempt.
  kill_when $! 600 "0.0$((RANDOM % 10))" k_has_open
  k_open >"$WORK/open-K.txt"
  [ -s "$WORK/open-K.txt" ] && break
done
[ -s "$WORK/open-K.txt" ] || fail "no simulate run could be killed with an attempt open"
"${SIM[@]}" --learners 0 >"$WORK/beside.log" 2>&1 || fail "a run beside a live one failed: $(cat "$WORK/beside.log")"
grep -q "resumed" "$WORK/beside.log" && fail "a run beside a live one resumed attempts: $(cat "$WORK/beside.log")"
kill -CONT "$L"
rc=0; wait "$L" || rc=$?
PIDS=()
grep -h "already finished" "$WORK/long.log" >&2 && fail "the long run's attempt was finished by another run"
[ "$rc" = 0 ] || fail "the long run exited $rc: $(tail -3 "$WORK/long.log")"
open_ids >"$WORK/open-after.txt"
cmp -s "$WORK/open-after.txt" "$WORK/open-K.txt" \
  || fail "after the runs the open attempts should be the killed run's: $(cat "$WORK/open-after.txt") / $(cat "$WORK/open-K.txt")"
left=$(wc -l <"$WORK/open-K.txt")
"${SIM[@]}" --learners 0 >"$WORK/alone.log" 2>&1 || fail "the run alone failed: $(cat "$WORK/alone.log")"
grep -q "resumed $left interrupted attempts" "$WORK/alone.log" \
  || fail "the run alone did not resume the $left killed attempts: $(cat "$WORK/alone.log")"
[ "$(open_attempts)" = 0 ] || fail "attempts left open after the runs: $(open_attempts)"
echo "simulate_parallel: 4 rounds of two simulate runs at once, no attempt finished twice;" \
     "a killed run's $left open attempts left alone beside a live run and resumed by the next run alone"
