#!/usr/bin/env bash
# UI: drives the real hocso-kiosk under Xvfb through the thin path with a
# script (tests/ui/scripts/thin_path.script), then checks kiosk.db holds the
# learner (name encrypted), 5 answers, 1 result and 6 pending statements.
# Usage: thin_path_test.sh HOCSO_KIOSK SOURCE_DIR OUT_DIR
set -euo pipefail
KIOSK="$1"; SRC="$2"; OUT="$3"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
mkdir -p "$OUT"
printf '[content]\npack = "%s/content/packs/starter"\n' "$SRC" >"$WORK/hocso.toml"
sed "s|SHOTS|$OUT|g" "$SRC/tests/ui/scripts/thin_path.script" >"$WORK/thin.script"

xvfb-run -a -s "-screen 0 1366x768x24" "$KIOSK" --renderer software --windowed \
  --config "$WORK/hocso.toml" --data-dir "$WORK/data" --script "$WORK/thin.script" 2>"$WORK/log.txt" \
  || { cat "$WORK/log.txt" >&2; fail "the script failed"; }

db="$WORK/data/kiosk.db"
q() { sqlite3 "$db" "$1"; }
[ "$(q 'SELECT COUNT(*) FROM learners')" = 1 ] || fail "expected one learner"
[ "$(q 'SELECT birth_year FROM learners')" = 1962 ] || fail "birth year not saved"
[ "$(q 'SELECT COUNT(*) FROM answers')" = 5 ] || fail "expected 5 answers"
[ "$(q 'SELECT SUM(correct) FROM answers')" = 4 ] || fail "expected 4 correct answers"
[ "$(q 'SELECT COUNT(*) FROM results WHERE passed = 1')" = 1 ] || fail "expected one passed result"
[ "$(q "SELECT COUNT(*) FROM outbox WHERE state = 'pending'")" = 6 ] || fail "expected 6 pending statements"
if grep -a -q "Hồng" "$db" "$db-wal" 2>/dev/null; then fail "the name is stored in plaintext"; fi
for f in 01-welcome 03-home 05-lesson-page 08-quiz-feedback 10-score; do
  [ -s "$OUT/$f.png" ] || fail "missing screenshot $f"
done
echo "1 passed, 0 failed"
