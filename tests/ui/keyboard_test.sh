#!/usr/bin/env bash
# UI: the learner path from the keyboard alone (Tab / Shift+Tab / Enter /
# Space) on the real kiosk under Xvfb: registration, the home page, a lesson
# and a practice answer; kiosk.db then holds the learner and the answer.
# Usage: keyboard_test.sh HOCSO_KIOSK SOURCE_DIR OUT_DIR
set -euo pipefail
KIOSK="$1"; SRC="$2"; OUT="$3"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
mkdir -p "$OUT"
printf '[content]\npack = "%s/content/packs/starter"\n' "$SRC" >"$WORK/hocso.toml"
sed "s|SHOTS|$OUT|g" "$SRC/tests/ui/scripts/keyboard.script" >"$WORK/k.script"
xvfb-run -a -s "-screen 0 1366x768x24" "$KIOSK" --renderer software --windowed --no-sync \
  --config "$WORK/hocso.toml" --data-dir "$WORK/data" --script "$WORK/k.script" 2>"$WORK/log.txt" \
  || { cat "$WORK/log.txt" >&2; fail "the script failed"; }
q() { sqlite3 "$WORK/data/kiosk.db" "$1"; }
[ "$(q "SELECT COUNT(*) FROM learners")" = 1 ] || fail "the learner was not registered"
[ "$(q "SELECT COUNT(*) FROM answers WHERE correct = 1")" = 1 ] || fail "the keyboard answer was not recorded as right"
echo "1 passed, 0 failed"
