#!/usr/bin/env bash
# UI: drag to scroll on the real kiosk under Xvfb (default pack, 200% text):
# pages taller than the screen scroll under a finger, and a drag that starts
# on a button does not press it.
# Usage: touch_scroll_test.sh HOCSO_KIOSK SOURCE_DIR OUT_DIR
set -euo pipefail
KIOSK="$1"; SRC="$2"; OUT="$3"
source "$SRC/tests/ui/ui_lib.sh"
run_script touch_scroll
echo "1 passed, 0 failed"
