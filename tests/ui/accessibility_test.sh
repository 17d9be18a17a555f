#!/usr/bin/env bash
# UI: text size 200% reflows, high contrast applies, an idle learner is warned
# then signed out (and the display choices reset). Checks the screenshots are
# not blank and that high contrast really darkened the screen.
# Usage: accessibility_test.sh HOCSO_KIOSK PNG_STATS SOURCE_DIR OUT_DIR
set -euo pipefail
KIOSK="$1"; STATS="$2"; SRC="$3"; OUT="$4"
. "$SRC/tests/ui/ui_lib.sh"
use_pack starter
KIOSK_FLAGS=()  # with the sync worker, as a kiosk runs
run_script accessibility --idle-timeout 6 --config "$WORK/hocso.toml"
grep -q "text size 200%" "$WORK/accessibility.log" || fail "text size never reached 200%"
grep -q "signed out after 6 s without input" "$WORK/accessibility.log" || fail "no idle sign-out logged"
expect_not_blank "$STATS" welcome-200 register-200 home-contrast lesson-contrast idle-warning after-idle
# High contrast: the most common colour (the background) is black.
"$STATS" "$OUT/home-contrast.png" | grep -q "bg=000000" || fail "high contrast background is not black"
"$STATS" "$OUT/after-idle.png" | grep -q "bg=000000" && fail "contrast was not reset at sign-out"
echo "1 passed, 0 failed"
