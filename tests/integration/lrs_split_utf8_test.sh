#!/usr/bin/env bash
# Integration: statements reach the LRS intact even when the network splits
# a request between two reads inside a Vietnamese character. The real test
# LRS (Learning Locker's statement service) decodes each read on its own and
# would store U+FFFD there; the kiosk sends JSON with every non-ASCII
# character escaped, so there is nothing to split. The fault proxy cuts every
# body inside its first multi-byte UTF-8 character. Then every statement the
# LRS holds is compared with the kiosk's copy.
# Usage: lrs_split_utf8_test.sh PATH_TO_HOCSO
set -euo pipefail
HOCSO="$1"
source "$(cd "$(dirname "$0")" && pwd)/sync_lib.sh"

start_lrs "$WORK"
start_proxy
proxy_config '{"splitUtf8": true}'
DATA="$WORK/data"
CONF="$WORK/hocso.toml"
printf '[site]\nid = "xa-tach"\n[sync.lrs]\nendpoint = "%s"\nusername = "test"\npassword = "test"\nbatch_size = 7\n' \
  "$PROXY_URL" >"$CONF"
"$HOCSO" simulate --practice-only --learners 4 --seed 91 --data-dir "$DATA" --config "$CONF" >/dev/null 2>&1
sqlite3 "$DATA/kiosk.db" "SELECT payload FROM outbox WHERE endpoint = 'lrs'" >"$WORK/payloads.txt"
grep -qP '[^\x00-\x7F]' "$WORK/payloads.txt" || fail "the statements hold no Vietnamese text: nothing to split"
"$HOCSO" sync once --data-dir "$DATA" --config "$CONF" >/dev/null || fail "sync once exited $?"
[ "$(status_json "$DATA" "$CONF" | jq .quarantined)" = 0 ] || fail "statements were quarantined"
splits=$(proxy_log | jq '[.[] | select(.method == "POST")] | length')
[ "$splits" -ge 2 ] || fail "the proxy split only $splits bodies"
expected_ids "$DATA" >"$WORK/ids.txt"
node "$TOOLS/lrs_check.js" "$LRS_ENDPOINT" "$WORK/ids.txt" --dump "$WORK/lrs.json" >/dev/null \
  || fail "the LRS does not hold exactly the outbox"
grep -q $'\xef\xbf\xbd' "$WORK/lrs.json" && fail "the LRS stored U+FFFD: a character was damaged on the way"
# Every statement as the LRS holds it is the kiosk's (the LRS's own fields aside).
sqlite3 -json "$DATA/kiosk.db" "SELECT payload FROM outbox WHERE endpoint = 'lrs'" \
  | jq -S '[.[].payload | fromjson] | sort_by(.id)' >"$WORK/kiosk.json"
jq -S '[.[] | del(.stored, .authority, .version)] | sort_by(.id)' "$WORK/lrs.json" >"$WORK/lrs-sorted.json"
diff -q "$WORK/kiosk.json" "$WORK/lrs-sorted.json" >/dev/null \
  || fail "the LRS holds other statements than the kiosk sent: $(diff "$WORK/kiosk.json" "$WORK/lrs-sorted.json" | head -5)"
echo "lrs_split_utf8: $(wc -l <"$WORK/ids.txt") statements through $splits split bodies, all intact"
echo "1 passed, 0 failed"
