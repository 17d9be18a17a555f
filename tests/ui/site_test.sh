#!/usr/bin/env bash
# UI: a learner of kiosk A signs in on kiosk B. Two data dirs of one site
# (`hocso site init` on A, `site join` on B); Lê Thị Thu Hà registers in the
# real hocso-kiosk on A under Xvfb and answers a practice quiz; A's journal goes to a folder (`site
# export`) and into B (`site import`); then on B's hocso-kiosk she signs in
# with her name typed without accents and her PIN, and by picture + year +
# PIN, and her home page on B (Học tiếp, her skills) is pixel for pixel the
# one A showed after her practice. Before the import, B does not know her.
# Then B's volunteer sees kiosk A and its news on the sync page. Last, she
# registers again on B; the volunteer merges the two registrations from the
# screen, and the merge reaches A.
# Usage: site_test.sh HOCSO_KIOSK HOCSO SOURCE_DIR OUT_DIR
set -euo pipefail
KIOSK="$1"; HOCSO="$2"; SRC="$3"; OUT="$4"
source "$SRC/tests/ui/ui_lib.sh"
use_pack starter
A="$WORK/a"
B="$WORK/b"
H() { "$HOCSO" --config "$WORK/hocso.toml" "$@"; }
printf '482913\n' >"$WORK/pin"
H site init --name "Xã Tân Hòa" -o "$WORK/invite.json" --pin-file "$WORK/pin" --data-dir "$A" >/dev/null 2>&1 || fail "site init"
H site join "$WORK/invite.json" --pin-file "$WORK/pin" --data-dir "$B" >/dev/null 2>&1 || fail "site join"

DATA="$A" run_script site_part1 --config "$WORK/hocso.toml"
[ "$(sqlite3 "$A/kiosk.db" "SELECT COUNT(*) FROM learners WHERE pin_hash LIKE 'site:%'")" = 1 ] \
  || fail "the learner's PIN on A is not peppered with the site key"
[ "$(sqlite3 "$B/kiosk.db" "SELECT COUNT(*) FROM learners")" = 0 ] || fail "B knows learners before the import"
H site export -o "$WORK/stick" --data-dir "$A" >/dev/null 2>&1 || fail "site export"
H site import "$WORK/stick" --data-dir "$B" >"$WORK/import.txt" 2>&1 || fail "site import: $(cat "$WORK/import.txt")"
before=$(sqlite3 "$B/kiosk.db" "SELECT COUNT(*) FROM outbox")

DATA="$B" run_script site_part2 --config "$WORK/hocso.toml"
[ "$(sqlite3 "$B/kiosk.db" "SELECT COUNT(*) FROM learners WHERE origin_kiosk IS NOT NULL")" = 1 ] || fail "B holds no learner from A"
[ "$(sqlite3 "$B/kiosk.db" "SELECT COUNT(*) FROM outbox")" = "$before" ] || fail "signing in on B queued something"
expect_shots site-00-home-on-a-before site-01-home-on-a site-02-home-on-b
cmp -s "$OUT/site-00-home-on-a-before.png" "$OUT/site-01-home-on-a.png" && fail "the practice on A did not change her home page"
cmp -s "$OUT/site-01-home-on-a.png" "$OUT/site-02-home-on-b.png" || fail "her home page on B differs from the one on A"
[ "$(sqlite3 "$B/kiosk.db" "SELECT COUNT(*) FROM answers")" = 5 ] || fail "B lacks her 5 practice answers"

# The volunteer on B sees kiosk A on the sync page.
printf '1357\n' >"$WORK/fpin"
H facilitator add --name "Trần Văn Bình" --pin-file "$WORK/fpin" --data-dir "$B" >/dev/null 2>&1 || fail "facilitator add"
KIOSK_A=$(H site status --json --data-dir "$B" 2>/dev/null | jq -r '.kiosks[] | select(.this_kiosk | not) | .id' | cut -c1-8)
[ -n "$KIOSK_A" ] || fail "site status on B names no other kiosk"
SCRIPT_SED=(-e "s|@KIOSK_A@|$KIOSK_A|g")
DATA="$B" run_script site_part3 --config "$WORK/hocso.toml"
expect_shots site-03-today-on-b site-04-sync-on-b

# Registered twice: she registers again on B, the volunteer merges B's new
# registration into A's; the merge reaches A through the journal.
HA=$(sqlite3 "$B/kiosk.db" "SELECT id FROM learners WHERE origin_kiosk IS NOT NULL")
DATA="$B" run_script site_part4 --config "$WORK/hocso.toml"
expect_shots site-05-registered-twice site-06-merged site-07-dashboard-by-kiosk
FAC=$(sqlite3 "$B/kiosk.db" "SELECT id FROM facilitators LIMIT 1")
[ "$(sqlite3 "$B/kiosk.db" "SELECT COUNT(*) FROM learner_merges WHERE into_id = '$HA' AND merged_by = '$FAC' AND origin_kiosk IS NULL AND from_id IN (SELECT id FROM learners WHERE origin_kiosk IS NULL)")" = 1 ] \
  || fail "the merge on B is not recorded with who did it: $(sqlite3 "$B/kiosk.db" "SELECT * FROM learner_merges")"
[ "$(H learner duplicates --json --data-dir "$B" 2>/dev/null | jq length)" = 0 ] || fail "B still offers the pair"
H site export -o "$WORK/stick-b" --data-dir "$B" >/dev/null 2>&1 || fail "site export on B"
H site import "$WORK/stick-b" --data-dir "$A" >"$WORK/import-a.txt" 2>&1 || fail "site import on A: $(cat "$WORK/import-a.txt")"
[ "$(sqlite3 "$A/kiosk.db" "SELECT COUNT(*) FROM learner_merges WHERE into_id = '$HA' AND origin_kiosk IS NOT NULL")" = 1 ] \
  || fail "the merge did not reach A"
echo "3 passed, 0 failed"
