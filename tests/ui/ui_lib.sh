# Sourced by UI tests after they set KIOSK, SRC and OUT: a work folder
# removed at exit, fail(), and run_script; with_xvfb and start_xvfb (xvfb_lib.sh).
. "$(dirname "${BASH_SOURCE[0]}")/xvfb_lib.sh"
WORK="$(mktemp -d)"
trap 'stop_xvfb; rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
mkdir -p "$OUT"
# run_script NAME [KIOSK ARGS...]: drives the real kiosk under Xvfb
# (1366x768, software renderer, no sync, data in ${DATA:-$WORK/data}) with
# tests/ui/scripts/NAME.script, SHOTS replaced by $OUT (and any sed
# expressions in the array SCRIPT_SED); its log is $WORK/NAME.log (printed
# when the script fails).
run_script() {
  local name="$1"
  shift
  sed -e "s|SHOTS|$OUT|g" ${SCRIPT_SED[@]+"${SCRIPT_SED[@]}"} "$SRC/tests/ui/scripts/$name.script" >"$WORK/$name.script"
  with_xvfb -s "1366x768x24" "$KIOSK" --renderer software --windowed --no-sync \
    --data-dir "${DATA:-$WORK/data}" "$@" --script "$WORK/$name.script" 2>"$WORK/$name.log" \
    || { cat "$WORK/$name.log" >&2; fail "the script $name failed"; }
}
