#!/usr/bin/env bash
# Integration: the keys and the record chain's anchor beside them (keys/anchor.json)
# make a wipe, a replaced database and lost keys show, through the real CLI:
#  - every result and the chain head deleted with sqlite3: `records verify` fails and says "wiped";
#  - kiosk.db deleted next to its keys: no command starts a new kiosk there;
#  - keys/data.key deleted: the kiosk stops ("restore"), no new key is made;
#  - another kiosk's key backup is not restored over this kiosk.db.
# Usage: records_anchor_test.sh PATH_TO_HOCSO
set -euo pipefail
HOCSO="$1"
source "$(cd "$(dirname "$0")" && pwd)/sync_lib.sh"   # WORK (kept with KEEP_WORK=1), fail
printf '[site]\nid = "xa-anchor"\n' >"$WORK/hocso.toml"
h() { "$HOCSO" --config "$WORK/hocso.toml" "$@"; }
printf 'mật khẩu sao lưu\n' >"$WORK/pass"

h simulate --learners 4 --seed 21 --data-dir "$WORK/a" >/dev/null 2>&1 || fail "simulate"
h records verify --data-dir "$WORK/a" >"$WORK/ok.txt" || fail "a fresh kiosk does not verify"
h keys backup -o "$WORK/a.backup" --passphrase-file "$WORK/pass" --data-dir "$WORK/a" >/dev/null 2>&1 || fail "backup"
cp -a "$WORK/a" "$WORK/a-copy"
seq=$(sqlite3 "$WORK/a/kiosk.db" "SELECT seq FROM record_chain_head")
[ "$(jq .chain.seq "$WORK/a/keys/anchor.json")" = "$seq" ] || fail "anchor not at the chain head #$seq"

# 1. Wipe the records, keep the database.
sqlite3 "$WORK/a/kiosk.db" "PRAGMA foreign_keys = OFF; DELETE FROM certificates; DELETE FROM results; DELETE FROM record_chain_head;"
set +e
h records verify --data-dir "$WORK/a" >"$WORK/out.txt" 2>"$WORK/err.txt"
rc=$?
set -e
[ "$rc" != 0 ] || fail "a wipe passed records verify: $(cat "$WORK/out.txt")"
grep -q "wiped" "$WORK/err.txt" || fail "the wipe is not named: $(cat "$WORK/err.txt")"
[ "$(wc -l <"$WORK/err.txt")" = 1 ] || fail "more than one line: $(cat "$WORK/err.txt")"

# 2. Delete kiosk.db next to its keys: nothing starts afresh there.
rm -rf "$WORK/a"; cp -a "$WORK/a-copy" "$WORK/a"
rm -f "$WORK/a"/kiosk.db*
for cmd in "simulate --learners 1 --seed 3" "sync once" "learner delete nobody"; do
  set +e
  # shellcheck disable=SC2086
  h $cmd --data-dir "$WORK/a" >"$WORK/out.txt" 2>"$WORK/err.txt"
  rc=$?
  set -e
  [ "$rc" != 0 ] || fail "'$cmd' ran on a deleted kiosk.db"
  grep -q "kiosk.db is missing" "$WORK/err.txt" || fail "'$cmd': $(cat "$WORK/err.txt")"
  [ ! -e "$WORK/a/kiosk.db" ] || fail "'$cmd' created a new kiosk.db"
done
set +e; h records verify --data-dir "$WORK/a" >/dev/null 2>"$WORK/err.txt"; rc=$?; set -e
[ "$rc" != 0 ] && grep -q "kiosk.db is missing" "$WORK/err.txt" || fail "verify on a deleted db: $(cat "$WORK/err.txt")"

# 3. Lose the data key: the kiosk stops, no new key appears, the backup brings it back.
rm -rf "$WORK/a"; cp -a "$WORK/a-copy" "$WORK/a"
rm -f "$WORK/a/keys/data.key"
set +e; h simulate --learners 1 --seed 4 --data-dir "$WORK/a" >/dev/null 2>"$WORK/err.txt"; rc=$?; set -e
[ "$rc" != 0 ] || fail "the kiosk ran without its data key"
grep -q "restore" "$WORK/err.txt" || fail "no restore hint: $(cat "$WORK/err.txt")"
[ ! -e "$WORK/a/keys/data.key" ] || fail "a new data key was made in silence"

# 4. Another kiosk's backup is refused, even with --force; the kiosk's own is accepted.
h simulate --learners 1 --seed 5 --data-dir "$WORK/b" >/dev/null 2>&1
h keys backup -o "$WORK/b.backup" --passphrase-file "$WORK/pass" --data-dir "$WORK/b" >/dev/null 2>&1
for force in "" "--force"; do
  set +e
  # shellcheck disable=SC2086
  h keys restore "$WORK/b.backup" --passphrase-file "$WORK/pass" $force --data-dir "$WORK/a" >/dev/null 2>"$WORK/err.txt"
  rc=$?
  set -e
  [ "$rc" != 0 ] || fail "another kiosk's keys were restored ($force)"
  grep -q "are not the keys of" "$WORK/err.txt" || fail "restore refusal: $(cat "$WORK/err.txt")"
done
[ ! -e "$WORK/a/keys/data.key" ] || fail "a refused restore left a key"
h keys restore "$WORK/a.backup" --passphrase-file "$WORK/pass" --data-dir "$WORK/a" >/dev/null 2>"$WORK/err.txt" \
  || fail "the kiosk's own backup: $(cat "$WORK/err.txt")"
h records export --include-personal --data-dir "$WORK/a" >"$WORK/export.jsonl" || fail "export after restore"
[ "$(jq -r 'select(.type == "learner") | .full_name // empty' "$WORK/export.jsonl" | grep -c .)" -ge 4 ] \
  || fail "names do not decrypt after the restore"
h simulate --learners 1 --seed 6 --data-dir "$WORK/a" >/dev/null 2>&1 || fail "the kiosk does not run after the restore"
h records verify --data-dir "$WORK/a" >/dev/null || fail "records do not verify after the restore"
echo "records_anchor: wipe named, deleted db not restarted, lost key not replaced, foreign backup refused"
echo "1 passed, 0 failed"
