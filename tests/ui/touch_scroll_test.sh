#!/usr/bin/env bash
# UI: drag to scroll on the real kiosk under Xvfb (default pack, 200% text):
# pages taller than the screen scroll under a finger, and a drag that starts
# on a button does not press it.
# Usage: touch_scroll_test.sh HOCSO_KIOSK SOURCE_DIR OUT_DIR
set -euo pipefail
KIOSK="$1"; SRC="$2"; OUT="$3"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$OUT"
sed "s|SHOTS|$OUT|g" "$SRC/tests/ui/scripts/touch_scroll.script" >"$WORK/t.script"
xvfb-run -a -s "-screen 0 1366x768x24" "$KIOSK" --renderer software --windowed --no-sync \
  --data-dir "$WORK/data" --script "$WORK/t.script" 2>"$WORK/log.txt" \
  || { cat "$WORK/log.txt" >&2; echo "FAIL: the script failed" >&2; exit 1; }
echo "1 passed, 0 failed"
