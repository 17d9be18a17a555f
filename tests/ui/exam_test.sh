#!/usr/bin/env bash
# UI: the certification exam in the real hocso-kiosk under Xvfb. A learner
# registers, a facilitator unlocks the exam (wrong PIN, then the right one),
# the learner answers and flags, and the app is SIGKILLed mid-exam. After a
# restart the learner signs in, resumes the same exam with the same answers
# and flag (checked against kiosk.db) and submits; kiosk.db then holds one
# finished exam attempt, its result, the facilitator who unlocked it and its
# xAPI statements.
# Usage: exam_test.sh HOCSO_KIOSK HOCSO SOURCE_DIR OUT_DIR
set -euo pipefail
KIOSK="$1"; HOCSO="$2"; SRC="$3"; OUT="$4"
. "$SRC/tests/ui/ui_lib.sh"
KPID=""
trap '[ -n "$KPID" ] && kill -9 "$KPID" 2>/dev/null; stop_xvfb; rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*" >&2; [ -f "$WORK/exam_part1.log" ] && tail -20 "$WORK/exam_part1.log" >&2; exit 1; }
fresh_kiosk exam citizen 2580  # the kill waits for a fresh screenshot

prepare_script exam_part1
with_xvfb "$KIOSK" --renderer software --windowed --no-sync --config "$WORK/hocso.toml" --data-dir "$DATA" \
  --script "$WORK/exam_part1.script" 2>"$WORK/exam_part1.log" &
KPID=$!
# Wait until the flag and the last answer are committed, then kill it.
for _ in $(seq 1 600); do
  [ -s "$OUT/exam-03-answered.png" ] && break
  kill -0 "$KPID" 2>/dev/null || fail "the kiosk ended before the kill"
  sleep 0.1
done
[ -s "$OUT/exam-03-answered.png" ] || fail "part 1 never reached the kill point"
sleep 0.5
pkill -KILL -f "^$KIOSK .*exam_part1.script" || fail "no kiosk process to kill"
wait "$KPID" 2>/dev/null || true
KPID=""

attempt=$(q "SELECT id FROM attempts WHERE kind = 'exam'")
[ -n "$attempt" ] || fail "no exam attempt stored"
[ "$(q "SELECT COUNT(*) FROM attempts WHERE kind = 'exam' AND finished_at IS NULL")" = 1 ] || fail "the exam should be unfinished"
answered=$(q "SELECT COUNT(DISTINCT question_id) FROM answers WHERE attempt_id = '$attempt'")
[ "$answered" -ge 2 ] || fail "expected at least 2 committed exam answers, found $answered"
[ "$(q "SELECT COUNT(*) FROM exam_flags WHERE attempt_id = '$attempt'")" = 1 ] || fail "the review flag was not saved"
[ "$(q "SELECT f.id FROM exam_sessions s JOIN facilitators f ON f.id = s.facilitator_id WHERE s.attempt_id = '$attempt'")" != "" ] \
  || fail "the exam does not record its facilitator"
before=$(q "SELECT group_concat(question_id || '=' || response, ';') FROM (SELECT question_id, response FROM answers WHERE attempt_id = '$attempt' ORDER BY question_id)")

SCRIPT_SED=(-e "s|ANSWERED|$answered|g")
run_script exam_part2 --config "$WORK/hocso.toml"  # resume and submit

[ "$(q "SELECT COUNT(*) FROM attempts WHERE kind = 'exam'")" = 1 ] || fail "resuming started a second exam"
[ "$(q "SELECT COUNT(*) FROM attempts WHERE id = '$attempt' AND finished_at IS NOT NULL")" = 1 ] || fail "the exam was not finished"
[ "$(q "SELECT COUNT(*) FROM results WHERE attempt_id = '$attempt'")" = 1 ] || fail "expected one exam result"
after=$(q "SELECT group_concat(question_id || '=' || response, ';') FROM (SELECT question_id, response FROM answers WHERE attempt_id = '$attempt' ORDER BY question_id)")
[ "$before" = "$after" ] || fail "the answers changed across the restart: $before / $after"
verdicts=$(q "SELECT COUNT(*) FROM outbox WHERE payload LIKE '%$attempt%' AND (payload LIKE '%adlnet.gov/expapi/verbs/passed%' OR payload LIKE '%adlnet.gov/expapi/verbs/failed%')")
[ "$verdicts" = 1 ] || fail "expected exactly one passed/failed statement for the exam, found $verdicts"
expect_shots exam-01-unlock exam-02-question exam-04-home-resume exam-05-navigator exam-06-confirm exam-07-result
echo "exam: $answered answers and a flag survived SIGKILL; resumed, submitted, one result"
echo "1 passed, 0 failed"
