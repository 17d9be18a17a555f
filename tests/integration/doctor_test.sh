#!/usr/bin/env bash
# Integration: `hocso provision --non-interactive` against the real test LRS,
# then `hocso doctor --json`: healthy (exit 0, within a minute); a wrong LRS
# password fails the essential lrs check with a clear detail; an unreachable
# LRS is reported (not essential: results wait); a damaged kiosk.db fails the
# database check; a copied disk (another machine id) fails "provisioned".
# Usage: doctor_test.sh PATH_TO_HOCSO
set -euo pipefail
HOCSO="$1"
HERE="$(cd "$(dirname "$0")" && pwd)"
source "$HERE/sync_lib.sh"   # WORK, fail, start_lrs, cleanup

start_lrs "$WORK"
export HOCSO_MACHINE_ID_FILE="$WORK/machine-id"
echo 0123456789abcdef0123456789abcdef >"$HOCSO_MACHINE_ID_FILE"
CONF="$WORK/etc/hocso.toml"
DATA="$WORK/data"
mkdir -p "$WORK/etc"
echo test >"$WORK/lrs-pass"
echo 2468 >"$WORK/pin"
"$HOCSO" provision --non-interactive --config "$CONF" --data-dir "$DATA" \
  --site-id it-doctor --site-name "Nhà văn hóa thử" \
  --lrs-endpoint "$LRS_ENDPOINT" --lrs-username test --lrs-password-file "$WORK/lrs-pass" \
  --facilitator-name "Hà Thị Lan" --facilitator-pin-file "$WORK/pin" >"$WORK/provision.out" \
  || fail "provision failed: $(cat "$WORK/provision.out")"
grep -q "hocso sync trust-kiosk kiosk-sign.pub.pem --kiosk-id" "$WORK/provision.out" || fail "no enrolment line"
! grep -q 'password = "test"' "$CONF" || fail "the LRS password is in hocso.toml"
"$HOCSO" simulate --learners 3 --seed 5 --config "$CONF" --data-dir "$DATA" >/dev/null || fail "simulate failed"

check() { jq -r --arg n "$2" '.checks[] | select(.name == $n) | '"$3" "$1"; }

# Healthy.
start=$(date +%s)
rc=0; "$HOCSO" doctor --json --config "$CONF" --data-dir "$DATA" >"$WORK/ok.json" 2>"$WORK/ok.err" || rc=$?
took=$(( $(date +%s) - start ))
[ "$rc" = 0 ] || fail "doctor on a healthy kiosk exited $rc: $(jq -c '.checks[] | select(.ok == false)' "$WORK/ok.json")"
[ "$(jq .ok "$WORK/ok.json")" = true ] || fail "ok is not true"
for name in config provisioned "data dir" "free space" database records keys "content pack" lrs clock certification outbox; do
  [ "$(check "$WORK/ok.json" "$name" .ok)" = true ] || fail "check $name failed: $(check "$WORK/ok.json" "$name" .detail)"
done
[ "$took" -lt 60 ] || fail "doctor took $took s"
"$HOCSO" doctor --config "$CONF" --data-dir "$DATA" >"$WORK/ok.txt" || fail "plain doctor failed"
grep -q '^ok    lrs: reachable, credentials accepted' "$WORK/ok.txt" || fail "no plain lrs line: $(cat "$WORK/ok.txt")"

# The sync delivers with the password from its root-only file ([sync.lrs] password_file).
"$HOCSO" sync once --config "$CONF" --data-dir "$DATA" >"$WORK/sync.out" 2>&1 || fail "sync once failed: $(cat "$WORK/sync.out")"
[ "$("$HOCSO" sync status --json --config "$CONF" --data-dir "$DATA" | jq .pending)" = 0 ] || fail "statements left pending"

# Wrong password: the lrs check fails, essential, and says what to do.
echo wrong-password >"$WORK/etc/secrets/lrs-password"
rc=0; "$HOCSO" doctor --json --config "$CONF" --data-dir "$DATA" >"$WORK/pw.json" 2>"$WORK/pw.err" || rc=$?
[ "$rc" != 0 ] || fail "doctor exited 0 with a wrong LRS password"
[ "$(jq .ok "$WORK/pw.json")" = false ] || fail "ok is not false with a wrong password"
[ "$(check "$WORK/pw.json" lrs .ok)" = false ] || fail "the lrs check passed with a wrong password"
[ "$(check "$WORK/pw.json" lrs .essential)" = true ] || fail "a refused password is not essential"
check "$WORK/pw.json" lrs .detail | grep -q "refused our credentials" || fail "unclear detail: $(check "$WORK/pw.json" lrs .detail)"
[ "$(grep -c '^error:' "$WORK/pw.err")" = 1 ] || fail "not one error line: $(cat "$WORK/pw.err")"
echo test >"$WORK/etc/secrets/lrs-password"

# Unreachable LRS: reported with what to do, but results just wait.
sed "s#$LRS_ENDPOINT#http://127.0.0.1:9/xAPI/#" "$CONF" >"$WORK/etc/unreachable.toml"
rc=0; "$HOCSO" doctor --json --config "$WORK/etc/unreachable.toml" --data-dir "$DATA" >"$WORK/down.json" 2>/dev/null || rc=$?
[ "$(check "$WORK/down.json" lrs .ok)" = false ] || fail "the lrs check passed with no LRS"
[ "$(check "$WORK/down.json" lrs .essential)" = false ] || fail "an unreachable LRS counted as essential"
check "$WORK/down.json" lrs .detail | grep -q "cannot reach" || fail "unclear detail: $(check "$WORK/down.json" lrs .detail)"
[ "$rc" = 0 ] || fail "doctor exited $rc with only the LRS unreachable: $(jq -c '.checks[] | select(.ok == false)' "$WORK/down.json")"

# A copied disk: another machine id.
echo fedcba9876543210fedcba9876543210 >"$HOCSO_MACHINE_ID_FILE"
rc=0; "$HOCSO" doctor --json --config "$CONF" --data-dir "$DATA" >"$WORK/clone.json" 2>/dev/null || rc=$?
[ "$rc" != 0 ] && [ "$(check "$WORK/clone.json" provisioned .ok)" = false ] || fail "a copied disk was not noticed"
rc=0; "$HOCSO" simulate --learners 1 --config "$CONF" --data-dir "$DATA" >/dev/null 2>"$WORK/clone.err" || rc=$?
[ "$rc" != 0 ] && grep -q "hocso provision" "$WORK/clone.err" || fail "the kiosk opened under a copied identity"
rc=0; "$HOCSO" sync once --config "$CONF" --data-dir "$DATA" >/dev/null 2>"$WORK/clone-sync.err" || rc=$?
[ "$rc" = 78 ] && grep -q "hocso provision" "$WORK/clone-sync.err" || fail "sync once ran under a copied identity (exit $rc)"
echo 0123456789abcdef0123456789abcdef >"$HOCSO_MACHINE_ID_FILE"

# A damaged kiosk.db: quick_check fails.
cp -a "$DATA" "$WORK/damaged"
pages=$(sqlite3 "$WORK/damaged/kiosk.db" "PRAGMA page_count")
[ "$pages" -gt 8 ] || fail "kiosk.db too small to damage ($pages pages)"
head -c 4096 /dev/urandom | dd of="$WORK/damaged/kiosk.db" bs=4096 seek=$((pages - 3)) conv=notrunc status=none
head -c 4096 /dev/urandom | dd of="$WORK/damaged/kiosk.db" bs=4096 seek=$((pages / 2)) conv=notrunc status=none
rc=0; "$HOCSO" doctor --json --config "$CONF" --data-dir "$WORK/damaged" >"$WORK/bad.json" 2>/dev/null || rc=$?
[ "$rc" != 0 ] || fail "doctor exited 0 on a damaged kiosk.db"
[ "$(check "$WORK/bad.json" database .ok)" = false ] || fail "quick_check passed on a damaged kiosk.db"
check "$WORK/bad.json" database .detail | grep -q "hocso restore" || fail "unclear detail: $(check "$WORK/bad.json" database .detail)"

echo "doctor: healthy in ${took}s; wrong password, unreachable LRS, copied disk and damaged kiosk.db each reported"
