# Sourced by UI tests after they set KIOSK, SRC and OUT (and HOCSO to add a
# facilitator): a work folder removed at exit, fail(), and the helpers below;
# with_xvfb and start_xvfb (xvfb_lib.sh).
. "$(dirname "${BASH_SOURCE[0]}")/xvfb_lib.sh"
WORK="$(mktemp -d)"
DATA="${DATA:-$WORK/data}"  # the kiosk's data dir (a test may point it elsewhere)
trap 'stop_xvfb; rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
mkdir -p "$OUT"

# use_pack PACK [TOML...]: $WORK/hocso.toml reading content/packs/PACK (or
# the folder PACK when it is a path), then any further TOML lines.
use_pack() {
  local pack="$1"
  shift
  case "$pack" in /*) ;; *) pack="$SRC/content/packs/$pack" ;; esac
  printf '[content]\npack = "%s"\n' "$pack" >"$WORK/hocso.toml"
  local line
  for line in "$@"; do printf '%s\n' "$line" >>"$WORK/hocso.toml"; done
}

# add_facilitator PIN: the facilitator "Trần Văn Bình" with that PIN, added
# with `hocso facilitator add` to ${DATA:-$WORK/data}.
add_facilitator() {
  echo "$1" >"$WORK/pin"
  "$HOCSO" facilitator add --name "Trần Văn Bình" --pin-file "$WORK/pin" --config "$WORK/hocso.toml" \
    --data-dir "${DATA:-$WORK/data}" >/dev/null || fail "facilitator add"
}

# fresh_kiosk SHOTS PACK [PIN]: the usual start of a test: its screenshots
# of an earlier run ($OUT/SHOTS-*.png) removed, so that whatever waits for
# or checks one sees this run's; content PACK (use_pack); with PIN, the
# facilitator (add_facilitator).
fresh_kiosk() {
  rm -f "$OUT/$1"-*.png
  use_pack "$2"
  [ -z "${3:-}" ] || add_facilitator "$3"
}

# q SQL: runs SQL on ${DATA:-$WORK/data}/kiosk.db.
q() { sqlite3 "${DATA:-$WORK/data}/kiosk.db" "$1"; }

# expect_shots NAME...: $OUT/NAME.png exists and is not empty.
# expect_not_blank STATS NAME...: png_stats finds $OUT/NAME.png not blank.
expect_shots() {
  local f
  for f in "$@"; do [ -s "$OUT/$f.png" ] || fail "missing screenshot $f.png"; done
}
expect_not_blank() {
  local stats="$1" f
  shift
  for f in "$@"; do "$stats" "$OUT/$f.png" >/dev/null || fail "$f.png looks blank"; done
}

# prepare_script NAME: tests/ui/scripts/NAME.script with SHOTS replaced by
# $OUT (and any sed expressions in the array SCRIPT_SED), after the lines in
# SCRIPT_HEAD if set, written to $WORK/NAME.script.
prepare_script() {
  { [ -z "${SCRIPT_HEAD:-}" ] || printf '%s\n' "$SCRIPT_HEAD"
    sed -e "s|SHOTS|$OUT|g" ${SCRIPT_SED[@]+"${SCRIPT_SED[@]}"} "$SRC/tests/ui/scripts/$1.script"; } >"$WORK/$1.script"
}

# run_script NAME [KIOSK ARGS...]: drives the real kiosk under Xvfb
# (${SCREEN:-1366x768x24}, software renderer, the flags in KIOSK_FLAGS
# (default --no-sync), data in ${DATA:-$WORK/data}) with the script from
# prepare_script; its log is $WORK/NAME.log (printed when the script fails).
KIOSK_FLAGS=(--no-sync)
run_script() {
  local name="$1"
  shift
  prepare_script "$name"
  with_xvfb -s "${SCREEN:-1366x768x24}" "$KIOSK" --renderer software --windowed ${KIOSK_FLAGS[@]+"${KIOSK_FLAGS[@]}"} \
    --data-dir "${DATA:-$WORK/data}" "$@" --script "$WORK/$name.script" 2>"$WORK/$name.log" \
    || { cat "$WORK/$name.log" >&2; fail "the script $name failed"; }
}
