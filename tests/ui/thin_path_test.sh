#!/usr/bin/env bash
# UI: drives the real hocso-kiosk under Xvfb through the learner path with a
# script (tests/ui/scripts/thin_path.script): consent, registration page by
# page, lesson, practice, sign-out, sign-in by citizen ID with a wrong PIN
# first. Then checks kiosk.db: the learner (name and citizen ID encrypted),
# the consent, 5 answers, 1 result, 8 pending statements (incl. the lesson
# experienced/completed), one PIN failure
# cleared by the right PIN.
# Usage: thin_path_test.sh HOCSO_KIOSK SOURCE_DIR OUT_DIR
set -euo pipefail
KIOSK="$1"; SRC="$2"; OUT="$3"
. "$SRC/tests/ui/ui_lib.sh"
use_pack starter
KIOSK_FLAGS=()  # with the sync worker: the statements must still be pending (no endpoint)
run_script thin_path --config "$WORK/hocso.toml"

db="$WORK/data/kiosk.db"
[ "$(q 'SELECT COUNT(*) FROM learners')" = 1 ] || fail "expected one learner"
[ "$(q 'SELECT birth_year FROM learners')" = 1962 ] || fail "birth year not saved"
[ "$(q 'SELECT COUNT(*) FROM answers')" = 5 ] || fail "expected 5 answers"
[ "$(q 'SELECT SUM(correct) FROM answers')" = 4 ] || fail "expected 4 correct answers"
[ "$(q 'SELECT COUNT(*) FROM results WHERE passed = 1')" = 1 ] || fail "expected one passed result"
[ "$(q "SELECT COUNT(*) FROM outbox WHERE state = 'pending'")" = 8 ] || fail "expected 8 pending statements (quiz: 5 answered + completed; lesson: experienced + completed)"
[ "$(q "SELECT COUNT(*) FROM outbox WHERE payload LIKE '%verbs/experienced%'")" = 1 ] || fail "expected one lesson experienced statement"
[ "$(q 'SELECT COUNT(*) FROM consents')" = 1 ] || fail "expected one recorded consent"
if grep -a -q "Hồng" "$db" "$db-wal" 2>/dev/null; then fail "the name is stored in plaintext"; fi
if grep -a -q "001065012345" "$db" "$db-wal" 2>/dev/null; then fail "the citizen ID is stored in plaintext"; fi
grep -qw "001065012345\|2468" "$WORK/thin_path.log" && fail "the citizen ID or PIN appears in the log"
expect_shots 01-welcome 01b-consent 02b-register-group 03-home 03b-group 05-lesson-page 08-quiz-feedback 10-score \
  11-signin-wrong 12-search
echo "1 passed, 0 failed"
