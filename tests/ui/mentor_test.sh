#!/usr/bin/env bash
# UI: a learner names their Đại sứ số (mentor) at registration. Three learners
# come from `hocso simulate`; in the real hocso-kiosk under Xvfb a class
# helper lists one of them as Đại sứ số, a new learner registers and picks
# that name (only listed people are shown), then the class helper takes the
# name off the list. kiosk.db must then hold the new learner with mentor_id
# set to that learner, and an empty list.
# Usage: mentor_test.sh HOCSO_KIOSK HOCSO SOURCE_DIR OUT_DIR
set -euo pipefail
KIOSK="$1"; HOCSO="$2"; SRC="$3"; OUT="$4"
source "$SRC/tests/ui/ui_lib.sh"
use_pack citizen
H() { "$HOCSO" --config "$WORK/hocso.toml" --data-dir "$DATA" "$@"; }
db="$DATA/kiosk.db"
add_facilitator 2468
FAC_ID=$(H facilitator list | awk '/Trần Văn Bình/ {print $1}')
H simulate --learners 3 --seed 11 --identities-out "$WORK/ids.csv" >/dev/null || fail "simulate"
# The most recently active learner heads today's list (ambassador-0).
MENTOR=$(tail -n 1 "$WORK/ids.csv" | cut -d, -f2-)
OTHER=$(head -n 1 "$WORK/ids.csv" | cut -d, -f2-)
[ -n "$MENTOR" ] && [ -n "$OTHER" ] && [ "$MENTOR" != "$OTHER" ] || fail "the simulation did not give two learners"
before=$(q "SELECT COUNT(*) FROM learners")

SCRIPT_SED=(-e "s|@MENTOR@|$MENTOR|g" -e "s|@OTHER@|$OTHER|g")
run_script mentor --config "$WORK/hocso.toml"

[ "$(q "SELECT COUNT(*) FROM learners")" = $((before + 1)) ] || fail "expected one new learner"
new_id=$(q "SELECT id FROM learners ORDER BY created_at DESC, rowid DESC LIMIT 1")
mentor_id=$(q "SELECT mentor_id FROM learners WHERE id = '$new_id'")
[ -n "$mentor_id" ] || fail "the new learner has no mentor_id"
# The mentor is the simulated learner with that name (names are encrypted:
# compared through the CLI's records export).
H records export --format jsonl --include-personal >"$WORK/records.jsonl" || fail "records export"
named=$(jq -r --arg id "$mentor_id" 'select(.type == "learner" and .learner_id == $id) | .full_name' "$WORK/records.jsonl")
[ "$named" = "$MENTOR" ] || fail "mentor_id $mentor_id is $named, not $MENTOR"
new_name=$(jq -r --arg id "$new_id" 'select(.type == "learner" and .learner_id == $id) | .full_name' "$WORK/records.jsonl")
[ "$new_name" = "Đinh Thị Lan" ] || fail "the newest learner is $new_name, not Đinh Thị Lan"
grep -q "mentor" <<<"$(q "SELECT fields FROM consents WHERE learner_id = '$new_id'")" || fail "the consent does not list the mentor"
[ "$(q "SELECT COUNT(*) FROM kiosk_mentors")" = 0 ] || fail "the mentor is still listed after being taken off"
expect_shots mentor-listed mentor-chosen mentor-200 mentor-unlisted
echo "1 passed, 0 failed"
