#!/usr/bin/env bash
# UI: the learner path from the keyboard alone (Tab / Shift+Tab / Enter /
# Space) on the real kiosk under Xvfb: registration, the home page, a lesson
# and a practice answer; kiosk.db then holds the learner and the answer.
# Usage: keyboard_test.sh HOCSO_KIOSK SOURCE_DIR OUT_DIR
set -euo pipefail
KIOSK="$1"; SRC="$2"; OUT="$3"
source "$SRC/tests/ui/ui_lib.sh"
use_pack starter
run_script keyboard --config "$WORK/hocso.toml"
[ "$(q "SELECT COUNT(*) FROM learners")" = 1 ] || fail "the learner was not registered"
[ "$(q "SELECT COUNT(*) FROM answers WHERE correct = 1")" = 1 ] || fail "the keyboard answer was not recorded as right"
echo "1 passed, 0 failed"
