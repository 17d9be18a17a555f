#!/usr/bin/env bash
# Integration: a kiosk clock 3 hours slow (faked by shifting the server's Date
# header through the proxy). The offset is measured and shown in status;
# statements reach the LRS with corrected timestamps and the kiosk's own
# time kept in an extension; the correction is fixed per statement, so a
# resend after the clock is fixed is the identical statement (no conflict);
# a small offset (1 minute) is left alone. Certificates to a certification
# endpoint whose Date says the kiosk is 3 years slow: the pass asks the time
# first, each certificate goes with clock_correction (offset, corrected time
# and date) beside the kiosk's own issued_at, fixed per row (a resend after
# the clock is fixed is the same body: no conflict), and the status shows the
# plain-Vietnamese clock warning until a server sees a right clock.
# Usage: sync_clock_test.sh PATH_TO_HOCSO PATH_TO_CERT_ENQUEUE
set -euo pipefail
HOCSO="$1"
ENQUEUE="$2"
source "$(cd "$(dirname "$0")" && pwd)/sync_lib.sh"

start_lrs "$WORK"
start_proxy
lrs_conf "" "$PROXY_URL" 'activity_base = "https://hocso.invalid/xapi/"' >"$CONF"
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
# ---- certificates: a kiosk 3 years slow ------------------------------------
TOKEN="cert-clock-token"
start_cert_server "$TOKEN"
start_tool cproxy_pid cproxy_ports "$WORK/cproxy.log" node "$TOOLS/fault_proxy.js" --port-file PORT_FILE \
  --target "http://127.0.0.1:$CERT_PORT" || fail "the second fault proxy did not start"
EXTRA_PIDS+=("$cproxy_pid")
read -r CPROXY_PORT CPROXY_CTL <<<"$cproxy_ports"
cert_log() { curl -fsS "http://127.0.0.1:$CERT_PORT/__log"; }
cproxy_config() { curl -fsS -X POST --data "$1" "http://127.0.0.1:$CPROXY_CTL/config" >/dev/null; }
printf '%s\n' "$TOKEN" >"$WORK/cert.token"
cat >>"$CONF" <<TOML
[sync.certification]
endpoint = "http://127.0.0.1:$CPROXY_PORT/api/v1/"
token_file = "$WORK/cert.token"
TOML
THREE_YEARS=94672800000   # 3 × 365.25 days in ms
cproxy_config "{\"dateOffsetMs\": $THREE_YEARS}"
"$ENQUEUE" "$DATA" 2 clock-
"$HOCSO" sync once --data-dir "$DATA" --config "$CONF" >/dev/null 2>"$WORK/cert-err.txt" \
  || fail "certificates: sync once exited $?: $(cat "$WORK/cert-err.txt")"
log=$(cert_log)
[ "$(jq '.stored | length' <<<"$log")" = 2 ] || fail "certificates stored: $(jq -c .stored <<<"$log")"
jq -e --argjson y "$THREE_YEARS" '[.stored[].body |
    (.clock_correction.offset_ms - $y | fabs) < 2000
    and .issued_at == "2026-11-22T05:00:00.000Z"
    and ((.clock_correction.issued_at | sub("\\.[0-9]+Z$"; "Z") | fromdateiso8601)
         - ("2026-11-22T05:00:00Z" | fromdateiso8601) - ($y / 1000) | fabs) < 3
    and (.clock_correction.date | test("^2029-11-2[12]$"))] | all' <<<"$log" >/dev/null \
  || fail "certificates were not sent with the corrected time beside the kiosk's: $(jq -c '[.stored[].body | {issued_at, clock_correction}]' <<<"$log")"
pinned=$(sqlite3 "$DATA/kiosk.db" "SELECT DISTINCT time_offset_ms FROM outbox WHERE endpoint = 'certification'")
[ "$(jq '.stored[0].body.clock_correction.offset_ms' <<<"$log")" = "$pinned" ] || fail "correction $pinned not the one sent"
st=$(status_json "$DATA" "$CONF")
want="Đồng hồ máy lệch khoảng 3 năm so với máy chủ — báo kỹ thuật viên chỉnh giờ"
[ "$(jq -r .certification.clock_warning <<<"$st")" = "$want" ] || fail "certification clock_warning: $(jq -c .certification <<<"$st")"
[ "$(jq -r .clock_warning <<<"$st")" = "$want" ] || fail "kiosk clock_warning: $(jq -r .clock_warning <<<"$st")"
"$HOCSO" sync status --data-dir "$DATA" --config "$CONF" | grep -q "Clock: $want" || fail "sync status text has no clock warning"

# The clock is fixed; the certificates are resent: the same bodies (no 409), and the warning goes.
cproxy_config '{"dateOffsetMs": 0}'
sqlite3 "$DATA/kiosk.db" "UPDATE outbox SET state = 'pending', delivered_at = NULL WHERE endpoint = 'certification'"
"$HOCSO" sync once --data-dir "$DATA" --config "$CONF" >/dev/null || fail "the certificate resend exited $?"
st=$(status_json "$DATA" "$CONF")
[ "$(jq .certification.quarantined <<<"$st")" = 0 ] || fail "the resend conflicted: $(jq -c .certification.quarantine <<<"$st")"
[ "$(jq .certification.delivered <<<"$st")" = 2 ] || fail "resent certificates not delivered: $(jq -c .certification <<<"$st")"
[ "$(jq '.stored | length' <<<"$(cert_log)")" = 2 ] || fail "a resend stored twice"
[ "$(jq -r .clock_warning <<<"$st")" = "" ] || fail "the clock warning stayed after a right clock: $st"

echo "sync_clock: +3 h offset measured and corrected, resend identical, small offset left alone;" \
  "certificates 3 years off sent with the corrected time, resend identical, warning shown then cleared"
echo "1 passed, 0 failed"
