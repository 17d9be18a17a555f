#!/usr/bin/env bash
# UI: kiosk mode cannot be left without the facilitator's PIN. Under Xvfb
# with a real window manager (openbox), Alt+F4 — openbox's Close, which sends
# WM_DELETE_WINDOW — is sent to hocso-kiosk in kiosk mode (no --windowed):
# it must stay alive, keep drawing (a screenshot taken after the close) and
# answer input (a click opens the consent screen). SIGTERM and SIGINT then end
# it promptly with exit 0. In windowed developer mode Alt+F4 still quits.
# Usage: lockdown_test.sh HOCSO_KIOSK SOURCE_DIR OUT_DIR
set -euo pipefail
KIOSK="$1"; SRC="$2"; OUT="$3"
. "$SRC/tests/ui/ui_lib.sh"
PIDS=()
cleanup() { exec 2>/dev/null; for p in "${PIDS[@]}"; do kill -9 "$p" || true; done; stop_xvfb; rm -rf "$WORK"; }
trap cleanup EXIT
command -v openbox >/dev/null && command -v xdotool >/dev/null || fail "openbox and xdotool are needed (deploy/setup.sh installs them)"
rm -f "$OUT"/{kiosk,sigint,windowed}-*.png

# A display of our own with openbox managing it.
start_xvfb 1366x768x24 || fail "no X server"
openbox --sm-disable >"$WORK/openbox.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 100); do xdotool get_desktop >/dev/null 2>&1 && break; sleep 0.1; done
xdotool get_desktop >/dev/null 2>&1 || fail "openbox did not start: $(cat "$WORK/openbox.log")"

# start_kiosk NAME ARGS...: the kiosk on our display, driven by lockdown.script; sets KPID.
start_kiosk() {
  local name="$1"; shift
  sed -e "s|SHOTS/lockdown-|$OUT/$name-|g" -e "s|CLOSE_WAIT|12|g" "$SRC/tests/ui/scripts/lockdown.script" >"$WORK/$name.script"
  "$KIOSK" --renderer software --no-sync --data-dir "$WORK/data-$name" "$@" --script "$WORK/$name.script" \
    2>"$WORK/$name.log" &
  KPID=$!
  PIDS+=("$KPID")
  for _ in $(seq 1 200); do
    [ -s "$OUT/$name-01-before.png" ] && break
    kill -0 "$KPID" 2>/dev/null || { cat "$WORK/$name.log" >&2; fail "$name: the kiosk ended before its first screen"; }
    sleep 0.1
  done
  [ -s "$OUT/$name-01-before.png" ] || fail "$name: no first screen"
  WID=$(xdotool search --sync --pid "$KPID" --name "HọcSố Kiosk" | head -1)
  [ -n "$WID" ] || fail "$name: no kiosk window"
}
# close_window: Alt+F4 to the focused kiosk window, twice (openbox's Close
# sends WM_DELETE_WINDOW each time).
close_window() {
  xdotool windowactivate --sync "$WID" key --clearmodifiers alt+F4
  sleep 0.5
  xdotool key --clearmodifiers alt+F4
}
# wait_exit SECONDS: waits for the kiosk to end; sets CODE (empty if still running).
wait_exit() {
  CODE=""
  for _ in $(seq 1 $(( $1 * 10 ))); do
    if ! kill -0 "$KPID" 2>/dev/null; then
      set +e; wait "$KPID"; CODE=$?; set -e
      return
    fi
    sleep 0.1
  done
}

# ---- kiosk mode: closing is ignored, SIGTERM ends it ------------------------
start_kiosk kiosk
close_window
sleep 1
kill -0 "$KPID" 2>/dev/null || { cat "$WORK/kiosk.log" >&2; fail "Alt+F4 / WM_DELETE_WINDOW ended the kiosk in kiosk mode"; }
xdotool search --pid "$KPID" --name "HọcSố Kiosk" >/dev/null || fail "the kiosk window is gone"
grep -q "request to close the window was ignored" "$WORK/kiosk.log" \
  || fail "the window manager's close request never reached the kiosk (test set-up?): $(tail -5 "$WORK/kiosk.log")"
for _ in $(seq 1 300); do [ -s "$OUT/kiosk-03-still-working.png" ] && break; sleep 0.1; done
[ -s "$OUT/kiosk-02-after-close.png" ] || fail "the kiosk stopped drawing after the close request"
[ -s "$OUT/kiosk-03-still-working.png" ] || { cat "$WORK/kiosk.log" >&2; fail "the kiosk stopped answering input after the close request"; }
kill -0 "$KPID" 2>/dev/null || fail "the kiosk ended"
kill -TERM "$KPID"
wait_exit 5
[ "$CODE" = 0 ] || { cat "$WORK/kiosk.log" >&2; fail "SIGTERM: exit '${CODE:-still running after 5 s}', expected 0 within 5 s"; }
grep -q "stopping on SIGTERM" "$WORK/kiosk.log" || fail "SIGTERM was not logged"

# ---- SIGINT ends it too --------------------------------------------------------
start_kiosk sigint
kill -INT "$KPID"
wait_exit 5
[ "$CODE" = 0 ] || { cat "$WORK/sigint.log" >&2; fail "SIGINT: exit '${CODE:-still running after 5 s}', expected 0"; }

# ---- windowed (developers): closing the window quits ---------------------------
start_kiosk windowed --windowed
close_window
wait_exit 5
[ "$CODE" = 0 ] || { cat "$WORK/windowed.log" >&2; fail "windowed: Alt+F4 should quit (exit 0), got '${CODE:-still running}'"; }
[ ! -e "$OUT/windowed-02-after-close.png" ] || fail "windowed: still drawing after Alt+F4"

echo "lockdown: Alt+F4/WM_DELETE_WINDOW ignored in kiosk mode (still drawing, still answering); SIGTERM/SIGINT exit 0; windowed closes"
echo "1 passed, 0 failed"
