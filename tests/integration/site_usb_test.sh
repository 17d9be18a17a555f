#!/usr/bin/env bash
# Integration: two kiosks of one site (two data dirs) through the real CLI.
# A creates the site, B joins with the invite and its PIN (a wrong PIN and a
# damaged invite are refused); A's learners register, practise and sit the
# exam (`hocso simulate`); A exports its journal to a folder (a USB stick),
# B imports it: B holds A's learners, answers, results and certificates,
# marked as A's, with nothing queued in B's outbox (only A sends them), its
# own record chain intact. A second import adds nothing; a tampered copy, a
# segment missing, one replayed under another number and another site's
# folder are refused with nothing imported. `site status --json` on both.
# Usage: site_usb_test.sh PATH_TO_HOCSO
set -euo pipefail
HOCSO="$1"
source "$(cd "$(dirname "$0")" && pwd)/sync_lib.sh"   # WORK (kept with KEEP_WORK=1), fail
printf '[site]\nid = "xa-tan-hoa"\n' >"$WORK/hocso.toml"
A="$WORK/a"
B="$WORK/b"
X="$WORK/x"
h() { "$HOCSO" --config "$WORK/hocso.toml" "$@"; }
q() { sqlite3 "$1/kiosk.db" "$2"; }
printf '482913\n' >"$WORK/pin"
printf '000000\n' >"$WORK/wrong-pin"

# 1. The site: init on A, join on B.
h site init --name "Xã Tân Hòa" -o "$WORK/invite.json" --pin-file "$WORK/pin" --data-dir "$A" >"$WORK/init.txt" 2>&1 \
  || fail "init: $(cat "$WORK/init.txt")"
[ "$(stat -c %a "$WORK/invite.json")" = 600 ] || fail "the invite is not 0600"
[ "$(stat -c %a "$A/keys/site.key")" = 600 ] || fail "the site key is not 0600"
set +e
h site join "$WORK/invite.json" --pin-file "$WORK/wrong-pin" --data-dir "$B" >"$WORK/out.txt" 2>"$WORK/err.txt"
rc=$?
set -e
[ "$rc" -ne 0 ] || fail "a wrong PIN joined the site"
[ "$(grep -c '^error:' "$WORK/err.txt")" -eq 1 ] && grep -q "^error: .*wrong PIN" "$WORK/err.txt" || fail "wrong PIN: $(cat "$WORK/err.txt")"
[ -e "$B/keys/site.key" ] && fail "a wrong PIN left a site key"
head -c 100 "$WORK/invite.json" >"$WORK/cut.json"
set +e
h site join "$WORK/cut.json" --pin-file "$WORK/pin" --data-dir "$B" >"$WORK/out.txt" 2>"$WORK/err.txt"
rc=$?
set -e
[ "$rc" -ne 0 ] && grep -q "not a HọcSố site invite" "$WORK/err.txt" || fail "damaged invite: rc $rc $(cat "$WORK/err.txt")"
h site join "$WORK/invite.json" --pin-file "$WORK/pin" --data-dir "$B" >"$WORK/join.txt" 2>&1 || fail "join: $(cat "$WORK/join.txt")"
SITE=$(h site status --json --data-dir "$A" 2>/dev/null | jq -r .site_id)
[ "$(h site status --json --data-dir "$B" 2>/dev/null | jq -r .site_id)" = "$SITE" ] || fail "B is not in A's site"

# 2. Learners on A (registration, practice, exams, certificates).
h simulate --learners 6 --seed 31 --data-dir "$A" >/dev/null 2>&1 || fail "simulate on A"
A_ID=$(q "$A" "SELECT value FROM kiosk_meta WHERE key = 'kiosk_id'")
[ -n "$A_ID" ] || A_ID=$(h site status --json --data-dir "$A" 2>/dev/null | jq -r '.kiosks[] | select(.this_kiosk) | .id')
LEARNERS=$(q "$A" "SELECT COUNT(*) FROM learners")
ANSWERS=$(q "$A" "SELECT COUNT(*) FROM answers an JOIN attempts at ON at.id = an.attempt_id WHERE at.finished_at IS NOT NULL")
CERTS=$(q "$A" "SELECT COUNT(*) FROM certificates")
[ "$LEARNERS" -ge 6 ] && [ "$ANSWERS" -gt 0 ] || fail "simulate made $LEARNERS learners, $ANSWERS answers"
[ "$(h site status --json --data-dir "$A" 2>/dev/null | jq '[.kiosks[] | select(.this_kiosk)][0].segments_behind')" = 1 ] \
  || fail "A's status does not show records waiting for its journal"

# 3. Export A → stick → import on B.
start=$(date +%s%N)
h site export -o "$WORK/stick" --data-dir "$A" >"$WORK/export.txt" 2>&1 || fail "export: $(cat "$WORK/export.txt")"
grep -q "wrote segment 1" "$WORK/export.txt" || fail "export: $(cat "$WORK/export.txt")"
SEG="$WORK/stick/$A_ID/seg-000001.hseg"
[ -f "$SEG" ] || fail "no segment at $SEG: $(ls -R "$WORK/stick")"
NAME=$(h records export --include-personal --data-dir "$A" 2>/dev/null | jq -r 'select(.type == "learner") | .full_name' | head -1)
[ -n "$NAME" ] && [ "$NAME" != null ] || NAME="Nguyễn"
grep -aq "$NAME" "$SEG" && fail "the segment holds a learner's name in clear"
OUTBOX_B=$(q "$B" "SELECT COUNT(*) FROM outbox")
h site import "$WORK/stick" --data-dir "$B" >"$WORK/import.txt" 2>&1 || fail "import: $(cat "$WORK/import.txt")"
end=$(date +%s%N)
grep -q "imported 1 new segment" "$WORK/import.txt" || fail "import: $(cat "$WORK/import.txt")"
[ "$(q "$B" "SELECT COUNT(*) FROM learners WHERE origin_kiosk = '$A_ID'")" = "$LEARNERS" ] || fail "B lacks A's learners"
[ "$(q "$B" "SELECT COUNT(*) FROM answers")" = "$ANSWERS" ] || fail "B lacks A's answers"
[ "$(q "$B" "SELECT COUNT(*) FROM certificates WHERE origin_kiosk = '$A_ID'")" = "$CERTS" ] || fail "B lacks A's certificates"
[ "$(q "$B" "SELECT COUNT(*) FROM outbox")" = "$OUTBOX_B" ] || fail "the import queued records on B (only A may send them)"
h records verify --data-dir "$B" >"$WORK/verify.txt" 2>&1 || fail "B's records: $(cat "$WORK/verify.txt")"
ST=$(h site status --json --data-dir "$B" 2>/dev/null)
[ "$(jq .learners_from_peers <<<"$ST")" = "$LEARNERS" ] || fail "status: $ST"
[ "$(jq -r --arg a "$A_ID" '.kiosks[] | select(.id == $a) | .segments_behind' <<<"$ST")" = 0 ] || fail "status: $ST"
[ "$(jq -r --arg a "$A_ID" '.kiosks[] | select(.id == $a) | .last_seen' <<<"$ST")" != null ] || fail "status: $ST"
echo "export + import of $LEARNERS learners, $ANSWERS answers: $(( (end - start) / 1000000 )) ms"

# 4. Again: nothing new. B's export carries A's segment too.
h site import "$WORK/stick" --data-dir "$B" >"$WORK/again.txt" 2>&1 || fail "re-import: $(cat "$WORK/again.txt")"
grep -q "imported 0 new segment(s): 0 new, 0 updated" "$WORK/again.txt" || fail "re-import: $(cat "$WORK/again.txt")"
h site export -o "$WORK/stick-b" --data-dir "$B" >/dev/null 2>&1 || fail "export on B"
cmp -s "$SEG" "$WORK/stick-b/$A_ID/seg-000001.hseg" || fail "B's stick does not carry A's segment"

# 5. Refused, with nothing imported: on a fresh member C.
C="$WORK/c"
h site join "$WORK/invite.json" --pin-file "$WORK/pin" --data-dir "$C" >/dev/null 2>&1 || fail "join C"
refused() {  # refused DIR WORDS
  set +e
  h site import "$1" --data-dir "$C" >"$WORK/out.txt" 2>"$WORK/err.txt"
  local rc=$?
  set -e
  [ "$rc" -ne 0 ] || fail "$1 was imported"
  grep -q "$2" "$WORK/err.txt" || fail "$1: $(cat "$WORK/err.txt")"
  [ "$(grep -c '^error:' "$WORK/err.txt")" -eq 1 ] || fail "$1: not one error line: $(cat "$WORK/err.txt")"
  [ "$(q "$C" "SELECT COUNT(*) FROM learners")" = 0 ] || fail "$1 imported learners"
}
mkdir -p "$WORK/tampered/$A_ID"
cp "$SEG" "$WORK/tampered/$A_ID/"
printf '\x01' | dd of="$WORK/tampered/$A_ID/seg-000001.hseg" bs=1 seek=$(( $(stat -c %s "$SEG") / 2 )) conv=notrunc 2>/dev/null
refused "$WORK/tampered" "signature does not match"
mkdir -p "$WORK/renamed/$A_ID"
cp "$SEG" "$WORK/renamed/$A_ID/seg-000002.hseg"
refused "$WORK/renamed" "moved or renamed"
h simulate --learners 1 --seed 32 --practice-only --data-dir "$A" >/dev/null 2>&1 || fail "simulate on A again"
h site export -o "$WORK/stick2" --data-dir "$A" >"$WORK/export2.txt" 2>&1 || fail "second export"
grep -q "wrote segment 2" "$WORK/export2.txt" || fail "second export: $(cat "$WORK/export2.txt")"
mkdir -p "$WORK/gap/$A_ID"
cp "$WORK/stick2/$A_ID/seg-000002.hseg" "$WORK/gap/$A_ID/"
refused "$WORK/gap" "segment 1 is missing"
mkdir -p "$WORK/replayed/$A_ID"
cp "$SEG" "$WORK/replayed/$A_ID/seg-000001.hseg"
cp "$SEG" "$WORK/replayed/$A_ID/seg-000002.hseg"
refused "$WORK/replayed" "moved or renamed"
h site init --name "Xã khác" -o "$WORK/x.json" --pin-file "$WORK/pin" --data-dir "$X" >/dev/null 2>&1 || fail "init X"
h simulate --learners 1 --seed 5 --practice-only --data-dir "$X" >/dev/null 2>&1 || fail "simulate on X"
h site export -o "$WORK/foreign" --data-dir "$X" >/dev/null 2>&1 || fail "export on X"
refused "$WORK/foreign" "another site"
h site import "$WORK/stick" --data-dir "$C" >/dev/null 2>&1 || fail "C cannot import the sound stick"
[ "$(q "$C" "SELECT COUNT(*) FROM learners")" = "$LEARNERS" ] || fail "C lacks A's learners"
h site import "$WORK/stick2" --data-dir "$B" >"$WORK/import2.txt" 2>&1 || fail "second import: $(cat "$WORK/import2.txt")"
grep -q "imported 1 new segment" "$WORK/import2.txt" || fail "second import: $(cat "$WORK/import2.txt")"
[ "$(q "$B" "SELECT COUNT(*) FROM learners WHERE origin_kiosk = '$A_ID'")" = "$((LEARNERS + 1))" ] || fail "B lacks A's new learner"
[ "$(q "$B" "SELECT COUNT(*) FROM outbox")" = "$OUTBOX_B" ] || fail "the second import queued records on B"
echo "PASS"
