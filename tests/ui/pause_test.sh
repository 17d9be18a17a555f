#!/usr/bin/env bash
# UI: a pause outlives a restart. Three runs of the real hocso-kiosk on one
# data dir under Xvfb: (1) a class helper pauses the kiosk and the app ends;
# (2) it starts on the paused screen, a wrong PIN leaves it paused, the right
# PIN resumes it; (3) it starts on the welcome screen. kiosk.db is checked
# after each run (kiosk_settings row "paused", with who paused / resumed).
# Usage: pause_test.sh HOCSO_KIOSK HOCSO SOURCE_DIR OUT_DIR
set -euo pipefail
KIOSK="$1"; HOCSO="$2"; SRC="$3"; OUT="$4"
source "$SRC/tests/ui/ui_lib.sh"
use_pack starter
add_facilitator 2468
FAC_ID=$("$HOCSO" facilitator list --config "$WORK/hocso.toml" --data-dir "$DATA" | awk '/Trần Văn Bình/ {print $1}')
[ -n "$FAC_ID" ] || fail "the facilitator is not listed"

run() { run_script "pause_$1" --config "$WORK/hocso.toml"; }  # PART

run part1
[ "$(q "SELECT value || ' ' || changed_by FROM kiosk_settings WHERE key = 'paused'")" = "1 $FAC_ID" ] \
  || fail "the pause is not in kiosk.db: $(q "SELECT * FROM kiosk_settings")"
grep -q "kiosk paused by facilitator $FAC_ID" "$WORK/pause_part1.log" || fail "the pause was not logged"

run part2
[ "$(q "SELECT value || ' ' || changed_by FROM kiosk_settings WHERE key = 'paused'")" = "0 $FAC_ID" ] \
  || fail "resuming did not lift the pause in kiosk.db: $(q "SELECT * FROM kiosk_settings")"
grep -q "kiosk resumed by facilitator $FAC_ID" "$WORK/pause_part2.log" || fail "resuming was not logged"
[ -s "$OUT/paused-after-restart.png" ] || fail "missing screenshot paused-after-restart.png"

run part3

# A technician without any facilitator PIN lifts a pause from the shell.
H() { "$HOCSO" "$@" --config "$WORK/hocso.toml" --data-dir "$DATA"; }
[ "$(H kiosk status)" = "not paused" ] || fail "kiosk status: $(H kiosk status)"
run part1
[ "$(H kiosk status)" = "paused" ] || fail "kiosk status after pausing: $(H kiosk status)"
H kiosk resume >/dev/null || fail "kiosk resume"
[ "$(q "SELECT value || ' ' || changed_by FROM kiosk_settings WHERE key = 'paused'")" = "0 technician (hocso kiosk resume)" ] \
  || fail "kiosk resume did not lift the pause: $(q "SELECT * FROM kiosk_settings")"
[ "$(H kiosk status)" = "not paused" ] || fail "kiosk status after resume: $(H kiosk status)"
run part3
echo "1 passed, 0 failed"
