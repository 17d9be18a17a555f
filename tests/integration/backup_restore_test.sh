#!/usr/bin/env bash
# Integration: `hocso backup` while a writer (`hocso simulate` in a loop)
# runs, then `hocso restore` into a fresh data dir: records verify is ok and
# every answer acknowledged before the backup started is in the restored
# kiosk.db. A tampered archive and a wrong passphrase are refused in one line
# with nothing restored; a restore over a kiosk.db in use is refused; a
# restore over existing data keeps that data aside.
# Usage: backup_restore_test.sh PATH_TO_HOCSO
set -euo pipefail
HOCSO="$1"
HERE="$(cd "$(dirname "$0")" && pwd)"
source "$HERE/sync_lib.sh"   # WORK, fail, cleanup (no LRS needed)

export HOCSO_MACHINE_ID_FILE="$WORK/machine-id"
echo 0123456789abcdef0123456789abcdef >"$HOCSO_MACHINE_ID_FILE"
CONF="$WORK/etc/hocso.toml"
DATA="$WORK/data"
ACKS="$WORK/acks.txt"
mkdir -p "$WORK/etc"
echo 1357 >"$WORK/pin"
echo "đúng-mật-khẩu sao lưu" >"$WORK/pass"
echo "sai-mật-khẩu-rồi" >"$WORK/wrong"
"$HOCSO" provision --non-interactive --config "$CONF" --data-dir "$DATA" --site-id it-backup --site-name "Nhà văn hóa" \
  --facilitator-name "Hà Thị Lan" --facilitator-pin-file "$WORK/pin" >/dev/null || fail "provision failed"
: >"$ACKS"
"$HOCSO" simulate --learners 3 --seed 1 --ack-log "$ACKS" --config "$CONF" --data-dir "$DATA" >/dev/null || fail "simulate failed"

# The writer: simulate runs back to back until told to stop.
( i=10; while [ ! -e "$WORK/stop" ]; do
    i=$((i + 1))
    "$HOCSO" simulate --learners 4 --seed "$i" --ack-log "$ACKS" --config "$CONF" --data-dir "$DATA" >>"$WORK/writer.log" 2>&1 || exit 1
  done ) &
WRITER=$!
EXTRA_PIDS+=("$WRITER")
for _ in $(seq 1 100); do [ "$(grep -c '^ACK ' "$ACKS")" -gt 150 ] && break; sleep 0.1; done
grep -E '^ACK [0-9a-f-]{36} [^ ]+$' "$ACKS" | cut -d' ' -f2- | sort -u >"$WORK/acked-before.txt"
"$HOCSO" backup -o "$WORK/kiosk.hocsobak" --passphrase-file "$WORK/pass" --config "$CONF" --data-dir "$DATA" \
  >"$WORK/backup.out" 2>"$WORK/backup.err" || fail "backup failed: $(cat "$WORK/backup.err")"
acks_during=$(grep -c '^ACK ' "$ACKS")
touch "$WORK/stop"
rc=0; wait "$WRITER" || rc=$?
[ "$rc" = 0 ] || { tail -5 "$WORK/writer.log" >&2; fail "the writer failed"; }
[ "$(stat -c %a "$WORK/kiosk.hocsobak")" = 600 ] || fail "the archive is not 0600"
! grep -q "Hà Thị Lan\|it-backup" "$WORK/kiosk.hocsobak" || fail "the archive is not encrypted"

# Restore into a fresh data dir: the chain verifies, every acknowledged answer is there.
NEW="$WORK/restored"
"$HOCSO" restore "$WORK/kiosk.hocsobak" --passphrase-file "$WORK/pass" --config "$CONF" --data-dir "$NEW" \
  >"$WORK/restore.out" 2>"$WORK/restore.err" || fail "restore failed: $(cat "$WORK/restore.err")"
"$HOCSO" records verify --config "$CONF" --data-dir "$NEW" >"$WORK/verify.out" || fail "records verify failed on the restored copy"
"$HOCSO" records export --format jsonl --config "$CONF" --data-dir "$NEW" \
  | jq -r 'select(.type == "answer") | .attempt_id + " " + .question_id' | sort -u >"$WORK/restored-answers.txt"
missing=$(comm -23 "$WORK/acked-before.txt" "$WORK/restored-answers.txt")
[ -z "$missing" ] || fail "answers acknowledged before the backup are missing: $(head -3 <<<"$missing")"
"$HOCSO" keys selftest --config "$CONF" --data-dir "$NEW" >/dev/null || fail "the restored keys do not work"
[ "$(sqlite3 "$NEW/kiosk.db" "SELECT value FROM kiosk_meta WHERE key = 'kiosk_id'")" = \
  "$(sqlite3 "$DATA/kiosk.db" "SELECT value FROM kiosk_meta WHERE key = 'kiosk_id'")" ] || fail "the kiosk id changed"
"$HOCSO" simulate --learners 1 --seed 99 --config "$CONF" --data-dir "$NEW" >/dev/null || fail "the restored kiosk does not open"

# Refusals: one line each, nothing restored.
refused() {  # WHAT DIR ARCHIVE PASSFILE
  local rc=0
  "$HOCSO" restore "$3" --passphrase-file "$4" --config "$CONF" --data-dir "$2" >/dev/null 2>"$WORK/refused.err" || rc=$?
  [ "$rc" != 0 ] || fail "$1: restore exited 0"
  [ "$(wc -l <"$WORK/refused.err")" = 1 ] || fail "$1: not one line: $(cat "$WORK/refused.err")"
  [ ! -e "$2/kiosk.db" ] || fail "$1: a kiosk.db was written"
}
cp "$WORK/kiosk.hocsobak" "$WORK/tampered.hocsobak"
size=$(stat -c %s "$WORK/tampered.hocsobak")
printf '\x5a' | dd of="$WORK/tampered.hocsobak" bs=1 seek=$((size / 2)) conv=notrunc status=none
cmp -s "$WORK/kiosk.hocsobak" "$WORK/tampered.hocsobak" && printf '\xa5' | dd of="$WORK/tampered.hocsobak" bs=1 seek=$((size / 2)) conv=notrunc status=none
refused "a tampered archive" "$WORK/t1" "$WORK/tampered.hocsobak" "$WORK/pass"
grep -q "changed or damaged" "$WORK/refused.err" || fail "unclear message: $(cat "$WORK/refused.err")"
refused "a wrong passphrase" "$WORK/t2" "$WORK/kiosk.hocsobak" "$WORK/wrong"
grep -q "wrong passphrase" "$WORK/refused.err" || fail "unclear message: $(cat "$WORK/refused.err")"
sed 's/"format":"hocso-backup-v1"/"format":"hocso-backup-v9"/' "$WORK/kiosk.hocsobak" >"$WORK/header.hocsobak"
refused "a changed header" "$WORK/t3" "$WORK/header.hocsobak" "$WORK/pass"

# Over a kiosk.db in use: refused. Over existing data: that data is kept aside.
before=$(sqlite3 "$NEW/kiosk.db" "SELECT COUNT(*) FROM results")
( exec 3<"$NEW/kiosk.db"; sleep 30 ) &
HOLDER=$!
EXTRA_PIDS+=("$HOLDER")
sleep 0.3
rc=0; "$HOCSO" restore "$WORK/kiosk.hocsobak" --passphrase-file "$WORK/pass" --config "$CONF" --data-dir "$NEW" \
  >/dev/null 2>"$WORK/busy.err" || rc=$?
[ "$rc" != 0 ] && grep -q "in use by process" "$WORK/busy.err" || fail "a restore over a kiosk.db in use was not refused: $(cat "$WORK/busy.err")"
kill "$HOLDER" 2>/dev/null || true
wait "$HOLDER" 2>/dev/null || true
"$HOCSO" restore "$WORK/kiosk.hocsobak" --passphrase-file "$WORK/pass" --config "$CONF" --data-dir "$NEW" \
  >"$WORK/again.out" 2>&1 || fail "restore over existing data failed: $(cat "$WORK/again.out")"
aside=$(ls -d "$NEW"/replaced-* | head -1)
[ -n "$aside" ] && [ "$(sqlite3 "$aside/kiosk.db" "SELECT COUNT(*) FROM results")" = "$before" ] \
  || fail "the replaced data was not kept aside"

echo "backup_restore: backup beside a writer ($acks_during answers acknowledged by then), $(wc -l <"$WORK/acked-before.txt")" \
     "acknowledged before it all restored; $(cat "$WORK/verify.out"); tampered, wrong passphrase, changed header and busy refused"
