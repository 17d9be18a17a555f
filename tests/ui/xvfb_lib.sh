# Xvfb for the UI tests. `xvfb-run -a` guesses a free display number and can
# collide when tests run in parallel; here the server picks a free display
# itself (-displayfd) and reports it. Sourced by ui_lib.sh and the UI tests.
#
# with_xvfb [-s SCREEN] CMD [ARGS...]   runs CMD on an X server of its own
#     (SCREEN like 1366x768x24, the default), stopped when CMD ends however it
#     ends; returns CMD's exit status (1 if the server did not start).
# start_xvfb [SCREEN]   starts a server for this shell and exports DISPLAY;
#     stop_xvfb ends every server this shell started (call it from the EXIT trap).

XVFB_PIDS=()

start_xvfb() {
  local screen="${1:-1366x768x24}" dir pid
  dir="$(mktemp -d)"
  Xvfb -displayfd 3 -screen 0 "$screen" -nolisten tcp 3>"$dir/display" </dev/null >"$dir/log" 2>&1 &
  pid=$!
  XVFB_PIDS+=("$pid")
  # The number is written, with a newline, once the server accepts clients.
  for _ in $(seq 1 300); do
    grep -q '^[0-9][0-9]*$' "$dir/display" 2>/dev/null && [ "$(tail -c 1 "$dir/display" | od -An -tx1)" = " 0a" ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  if ! grep -q '^[0-9][0-9]*$' "$dir/display" 2>/dev/null; then
    echo "FAIL: Xvfb did not start: $(cat "$dir/log")" >&2
    rm -rf "$dir"
    return 1
  fi
  export DISPLAY=":$(head -1 "$dir/display")"
  rm -rf "$dir"
}

stop_xvfb() {
  local pid
  for pid in ${XVFB_PIDS[@]+"${XVFB_PIDS[@]}"}; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  XVFB_PIDS=()
}

with_xvfb() {
  local screen=1366x768x24
  if [ "${1:-}" = -s ]; then screen="$2"; shift 2; fi
  (
    XVFB_PIDS=()
    trap stop_xvfb EXIT
    start_xvfb "$screen" || exit 1
    "$@"
  )
}
