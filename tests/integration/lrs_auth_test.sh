#!/usr/bin/env bash
# Integration: credentials against the real LRS (which checks them): bearer
# token from token_file delivers; a wrong token or password is exit 77 with
# nothing lost; an empty token file is a configuration error (exit 78).
# Usage: lrs_auth_test.sh PATH_TO_HOCSO
set -euo pipefail
HOCSO="$1"
source "$(cd "$(dirname "$0")" && pwd)/sync_lib.sh"

start_lrs "$WORK"
conf() {
  printf '[sync.lrs]\nendpoint = "%s"\n%s\n' "$LRS_ENDPOINT" "$1" >"$CONF"
}
expect_exit() { sync_once_exits "$@"; }  # CODE WHAT

conf ""
"$HOCSO" simulate --practice-only --learners 2 --seed 51 --data-dir "$DATA" --config "$CONF" >/dev/null 2>&1
total=$(sqlite3 "$DATA/kiosk.db" "SELECT COUNT(*) FROM outbox")

printf 'wrong-token\n' >"$WORK/wrong.token"
conf $'auth = "bearer"\ntoken_file = "'"$WORK/wrong.token"'"'
expect_exit 77 "a wrong bearer token"
grep -q "refused our credentials" "$WORK/err.txt" || fail "message: $(cat "$WORK/err.txt")"
st=$(status_json "$DATA" "$CONF")
[ "$(jq -r .last_error_kind <<<"$st")" = credentials ] || fail "kind: $st"
[ "$(jq .pending <<<"$st")" = "$total" ] || fail "rows lost after refused credentials: $st"

conf $'username = "test"\npassword = "wrong"'
expect_exit 77 "a wrong password"

: >"$WORK/empty.token"
conf $'auth = "bearer"\ntoken_file = "'"$WORK/empty.token"'"'
expect_exit 78 "an empty token file"
grep -q "token_file" "$WORK/err.txt" || fail "message does not name token_file: $(cat "$WORK/err.txt")"

printf '%s\n' "$LRS_TOKEN" >"$WORK/good.token"
conf $'auth = "bearer"\ntoken_file = "'"$WORK/good.token"'"'
expect_exit 0 "the right bearer token"
expected_ids "$DATA" >"$WORK/ids.txt"
node "$TOOLS/lrs_check.js" "$LRS_ENDPOINT" "$WORK/ids.txt" >/dev/null || fail "the LRS does not hold exactly the outbox"
echo "lrs_auth: bearer delivers; wrong token/password exit 77; empty token file exit 78"
echo "1 passed, 0 failed"
