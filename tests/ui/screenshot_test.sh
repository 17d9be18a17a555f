#!/usr/bin/env bash
# UI: hocso-kiosk under Xvfb with the software renderer renders its welcome
# screen to PNG; the picture must not be blank. The PNG is kept in OUT_DIR
# so a person can look at it.
# Usage: screenshot_test.sh HOCSO_KIOSK PNG_STATS OUT_DIR
set -euo pipefail
KIOSK="$1"; STATS="$2"; OUT="$3"
. "$(dirname "${BASH_SOURCE[0]}")/ui_lib.sh"

for size in 1366x768 1024x768; do
  w=${size%x*}
  png="$OUT/welcome-$size.png"
  rm -f "$png"
  with_xvfb -s "${size}x24" \
    "$KIOSK" --renderer software --windowed --size "$size" --screenshot "$png" --data-dir "$WORK/data" \
    2>"$WORK/log.txt" || { cat "$WORK/log.txt" >&2; fail "hocso-kiosk exited non-zero"; }
  [ -s "$png" ] || fail "no screenshot written"
  grep -q "renderer: software" "$WORK/log.txt" || fail "the software renderer was not used"
  stats=$("$STATS" "$png") || fail "screenshot looks blank: $stats"
  case "$stats" in "${size} "*) ;; *) fail "unexpected size: $stats" ;; esac
  echo "$png: $stats"
done

# --renderer software must not load the GL stack at all.
maps="$WORK/maps.txt"
with_xvfb -s "1366x768x24" bash -c \
  "\"$KIOSK\" --renderer software --windowed --screenshot \"$WORK/x.png\" --data-dir \"$WORK/data\" 2>/dev/null & pid=\$!; \
   for i in \$(seq 1 100); do [ -s \"$WORK/x.png\" ] && break; cat /proc/\$pid/maps > \"$maps\" 2>/dev/null || true; sleep 0.02; done; wait \$pid"
[ -s "$maps" ] || fail "could not read the process map"
if grep -qiE "libGL|libEGL|dri" "$maps"; then fail "GL libraries were loaded with --renderer software"; fi

echo "1 passed, 0 failed"
