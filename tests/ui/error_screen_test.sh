#!/usr/bin/env bash
# UI: no exception ends the kiosk. A learner's unfinished exam gets a damaged
# attempts.question_ids (written with sqlite3, as a hand edit or a broken
# disk would); resuming it shows a plain Vietnamese error and the kiosk stays
# up. Then a screen throws mid-frame (the script's fail-screen): the frame
# loop shows the error screen ("Đã có lỗi", call the class helper, back to
# the start), logs the details, and kiosk.db is exactly as it was.
# Usage: error_screen_test.sh HOCSO_KIOSK HOCSO SOURCE_DIR OUT_DIR
set -euo pipefail
KIOSK="$1"; HOCSO="$2"; SRC="$3"; OUT="$4"
. "$SRC/tests/ui/ui_lib.sh"
fresh_kiosk error citizen 2580
db="$DATA/kiosk.db"

run_script error_screen_part1 --config "$WORK/hocso.toml"
attempt=$(q "SELECT id FROM attempts WHERE kind = 'exam' AND finished_at IS NULL")
[ -n "$attempt" ] || fail "part 1 left no unfinished exam"
q "UPDATE attempts SET question_ids = '[\"broken' WHERE id = '$attempt'"
# Everything but the learners table (signing in records the time) and the log of sign-ins.
snapshot() {
  for t in attempts answers exam_sessions exam_flags results certificates outbox kiosk_settings; do
    echo "== $t"; sqlite3 "$db" "SELECT * FROM $t ORDER BY 1"
  done
}
before=$(snapshot)

run_script error_screen_part2 --config "$WORK/hocso.toml"
expect_shots error-01-exam-damaged error-02-error-screen
grep -q "cannot be resumed: .*a stored row is damaged" "$WORK/error_screen_part2.log" \
  || fail "the damaged row is not in the log: $(grep -i exam "$WORK/error_screen_part2.log" | tail -3)"
grep -q "the .home. screen failed: a failure injected by the UI test" "$WORK/error_screen_part2.log" \
  || fail "the failure is not in the log: $(tail -5 "$WORK/error_screen_part2.log")"
[ "$(snapshot)" = "$before" ] || fail "kiosk.db changed: $(diff <(echo "$before") <(snapshot) | head -20)"
echo "error screen: a damaged exam row and a failing screen leave the kiosk running and kiosk.db unchanged"
echo "1 passed, 0 failed"
