#!/usr/bin/env bash
# UI: the real kiosk under Xvfb (1920x1080 screen) resized by its script
# between 1366x768, 1024x768 and 1920x1080 while a learner registers,
# reads and practises; every screenshot must have the window's size and not
# be blank, and the script's clicks must land (it fails otherwise).
# Usage: sizes_test.sh HOCSO_KIOSK PNG_STATS SOURCE_DIR OUT_DIR
set -euo pipefail
KIOSK="$1"; STATS="$2"; SRC="$3"; OUT="$4"
. "$SRC/tests/ui/ui_lib.sh"
fresh_kiosk size starter
SCREEN=1920x1080x24 run_script sizes --config "$WORK/hocso.toml"
for f in "$OUT"/size-*.png; do
  want=$(basename "$f" | sed -E 's/size-([0-9]+)-.*/\1/')
  case "$want" in 1366) dims=1366x768 ;; 1024) dims=1024x768 ;; 1920) dims=1920x1080 ;; esac
  stats=$("$STATS" "$f") || fail "$f looks blank"
  case "$stats" in "$dims "*) ;; *) fail "$f: expected $dims, got $stats" ;; esac
done
[ "$(ls "$OUT"/size-*.png | wc -l)" = 7 ] || fail "expected 7 screenshots"
echo "1 passed, 0 failed"
