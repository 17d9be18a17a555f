#!/usr/bin/env bash
# Integration: a kiosk clock 3 hours slow (faked by shifting the server's Date
# header through the proxy). The offset is measured and shown in status;
# statements reach the LRS with corrected timestamps and the kiosk's own
# time kept in an extension; the correction is fixed per statement, so a
# resend after the clock is fixed is the identical statement (no conflict);
# a small offset (1 minute) is left alone.
# Usage: sync_clock_test.sh PATH_TO_HOCSO
set -euo pipefail
HOCSO="$1"
source "$(cd "$(dirname "$0")" && pwd)/sync_lib.sh"

start_lrs "$WORK"
start_proxy
DATA="$WORK/data"
CONF="$WORK/hocso.toml"
cat >"$CONF" <<TOML
[sync]
activity_base = "https://hocso.invalid/xapi/"
[sync.lrs]
endpoint = "$PROXY_URL"
username = "test"
password = "test"
TOML
"$HOCSO" simulate --practice-only --learners 2 --seed 41 --data-dir "$DATA" --config "$CONF" >/dev/null 2>&1

proxy_config '{"dateOffsetMs": 10800000}'
"$HOCSO" sync once --data-dir "$DATA" --config "$CONF" >/dev/null || fail "sync once exited $?"
st=$(status_json "$DATA" "$CONF")
off=$(jq .clock_offset_seconds <<<"$st")
[ "$off" -ge 10798 ] && [ "$off" -le 10802 ] || fail "clock offset $off s, expected about 10800: $st"
[ -n "$(jq -r .clock_checked_at <<<"$st")" ] || fail "no clock_checked_at"

sqlite3 -json "$DATA/kiosk.db" "SELECT record_id, payload, time_offset_ms FROM outbox" >"$WORK/outbox.json"
expected_ids "$DATA" >"$WORK/ids.txt"
node "$TOOLS/lrs_check.js" "$LRS_ENDPOINT" "$WORK/ids.txt" --dump "$WORK/lrs.json" >/dev/null || fail "LRS content"
node - "$WORK/outbox.json" "$WORK/lrs.json" <<'JS' || fail "timestamps were not corrected"
const fs = require('fs');
const outbox = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const stored = new Map(JSON.parse(fs.readFileSync(process.argv[3], 'utf8')).map((s) => [s.id, s]));
const ext = 'https://hocso.invalid/xapi/ext/kiosk-timestamp';
for (const row of outbox) {
  const original = JSON.parse(row.payload).timestamp;
  const s = stored.get(row.record_id);
  const shift = Date.parse(s.timestamp) - Date.parse(original);
  if (Math.abs(shift - 10800000) > 2000) throw new Error(`${row.record_id}: shifted by ${shift} ms`);
  if (shift !== row.time_offset_ms) throw new Error(`${row.record_id}: shift ${shift} != pinned ${row.time_offset_ms}`);
  if (s.context.extensions[ext] !== original) throw new Error(`${row.record_id}: original timestamp not kept`);
}
console.log(`${outbox.length} statements corrected by about +3 h, originals kept`);
JS

# The clock gets fixed; an interrupted delivery is resent: same statements, no conflict.
proxy_config '{"dateOffsetMs": 0}'
sqlite3 "$DATA/kiosk.db" "UPDATE outbox SET state = 'pending', delivered_at = NULL"
"$HOCSO" sync once --data-dir "$DATA" --config "$CONF" >/dev/null || fail "the resend exited $?"
st=$(status_json "$DATA" "$CONF")
[ "$(jq .quarantined <<<"$st")" = 0 ] || fail "the resend conflicted: $(jq -c .quarantine <<<"$st")"
[ "$(jq .clock_offset_seconds <<<"$st")" -le 2 ] || fail "offset not re-measured: $st"

# A one-minute offset is not corrected.
proxy_config '{"dateOffsetMs": 60000}'
"$HOCSO" simulate --practice-only --learners 1 --seed 42 --data-dir "$DATA" --config "$CONF" >/dev/null 2>&1
"$HOCSO" sync once --data-dir "$DATA" --config "$CONF" >/dev/null || fail "sync once exited $?"
[ "$(sqlite3 "$DATA/kiosk.db" "SELECT COUNT(*) FROM outbox WHERE time_offset_ms = 0")" -ge 6 ] \
  || fail "a small offset was corrected"
expected_ids "$DATA" >"$WORK/ids.txt"
node "$TOOLS/lrs_check.js" "$LRS_ENDPOINT" "$WORK/ids.txt" >/dev/null || fail "the LRS does not hold exactly the outbox"
echo "sync_clock: +3 h offset measured and corrected, resend identical, small offset left alone"
echo "1 passed, 0 failed"
