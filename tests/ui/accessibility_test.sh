#!/usr/bin/env bash
# UI: text size 200% reflows, high contrast applies, an idle learner is warned
# then signed out (and the display choices reset). Checks the screenshots are
# not blank and that high contrast really darkened the screen.
# Usage: accessibility_test.sh HOCSO_KIOSK PNG_STATS SOURCE_DIR OUT_DIR
set -euo pipefail
KIOSK="$1"; STATS="$2"; SRC="$3"; OUT="$4"
. "$(dirname "${BASH_SOURCE[0]}")/xvfb_lib.sh"   # with_xvfb
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
mkdir -p "$OUT"
printf '[content]\npack = "%s/content/packs/starter"\n' "$SRC" >"$WORK/hocso.toml"
sed "s|SHOTS|$OUT|g" "$SRC/tests/ui/scripts/accessibility.script" >"$WORK/a.script"
with_xvfb -s "1366x768x24" "$KIOSK" --renderer software --windowed --idle-timeout 6 \
  --config "$WORK/hocso.toml" --data-dir "$WORK/data" --script "$WORK/a.script" 2>"$WORK/log.txt" \
  || { cat "$WORK/log.txt" >&2; fail "the script failed"; }
grep -q "text size 200%" "$WORK/log.txt" || fail "text size never reached 200%"
grep -q "signed out after 6 s without input" "$WORK/log.txt" || fail "no idle sign-out logged"
for f in welcome-200 register-200 home-contrast lesson-contrast idle-warning after-idle; do
  "$STATS" "$OUT/$f.png" >/dev/null || fail "$f.png looks blank"
done
# High contrast: the most common colour (the background) is black.
"$STATS" "$OUT/home-contrast.png" | grep -q "bg=000000" || fail "high contrast background is not black"
"$STATS" "$OUT/after-idle.png" | grep -q "bg=000000" && fail "contrast was not reset at sign-out"
echo "1 passed, 0 failed"
