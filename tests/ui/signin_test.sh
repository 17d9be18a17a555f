#!/usr/bin/env bash
# UI: the learner never gets stuck signing in. Two learners register in the
# real hocso-kiosk under Xvfb (both born in 1958, both with the buffalo
# picture and the same PIN); the test dates their registrations in March and
# September; then "le thi thu ha" (no accents) signs in, and the picture way
# (picture + year + PIN) asks the month to tell them apart, at 100% and 200%.
# Usage: signin_test.sh HOCSO_KIOSK SOURCE_DIR OUT_DIR
set -euo pipefail
KIOSK="$1"; SRC="$2"; OUT="$3"
source "$SRC/tests/ui/ui_lib.sh"
use_pack citizen
db="$DATA/kiosk.db"

run_script signin_part1 --config "$WORK/hocso.toml"
[ "$(q "SELECT COUNT(*) FROM learners WHERE picture_id = 'trau' AND picture_index IS NOT NULL")" = 2 ] \
  || fail "expected two learners with the buffalo picture"
# Names stay encrypted; the first registered is Lê Thị Thu Hà.
q "UPDATE learners SET created_at = '2025-03-15T12:00:00Z' WHERE rowid = (SELECT MIN(rowid) FROM learners)"
q "UPDATE learners SET created_at = '2025-09-15T12:00:00Z' WHERE rowid = (SELECT MAX(rowid) FROM learners)"

run_script signin_part2 --config "$WORK/hocso.toml"
expect_shots signin-01-register-picture signin-02-register-picture-chosen signin-03-welcome signin-04-name-no-accents \
  signin-05-picture-grid signin-06-picture-pin signin-07-month signin-08-picture-grid-200 \
  signin-08b-picture-grid-200-scrolled signin-09-picture-pin-200 signin-10-month-200
echo "1 passed, 0 failed"
