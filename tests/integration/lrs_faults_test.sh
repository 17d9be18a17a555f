#!/usr/bin/env bash
# Integration: `hocso sync run` delivers through a fault-injecting proxy that
# resets connections, cuts answers short, stalls, answers 500, 503, 429 with
# Retry-After, refuses connections, and rejects one poisoned statement; the
# real LRS rejects one invalid statement. After the faults stop the outbox
# drains, both bad statements are quarantined with the server's reason,
# nothing is lost or stored twice, Retry-After is honoured, and nothing is
# sent again once acknowledged. Then `sync once` exit codes (75, 77, 0) and
# a forward proxy taken from http_proxy.
# Usage: lrs_faults_test.sh PATH_TO_HOCSO
set -euo pipefail
HOCSO="$1"
source "$(cd "$(dirname "$0")" && pwd)/sync_lib.sh"

start_lrs "$WORK"
start_proxy
lrs_conf fault-site "$PROXY_URL" "interval_seconds = 1" $'batch_size = 20\ntimeout_seconds = 2' >"$CONF"

"$HOCSO" simulate --practice-only --learners 50 --seed 11 --data-dir "$DATA" --config "$CONF" >/dev/null 2>&1
BAD_ID="bad00000-0000-5000-8000-000000000000"
sqlite3 "$DATA/kiosk.db" "INSERT INTO outbox(endpoint, record_id, payload, created_at) VALUES ('lrs', '$BAD_ID',
  '{\"id\":\"$BAD_ID\",\"actor\":{\"objectType\":\"Agent\",\"account\":{\"homePage\":\"https://hocso.invalid\",\"name\":\"00000000-0000-4000-8000-000000000000\"}},\"verb\":{\"id\":\"not an iri\"},\"object\":{\"id\":\"https://hocso.invalid/xapi/x\"}}',
  '2026-01-01T00:00:00.000Z')"
"$HOCSO" simulate --practice-only --learners 50 --seed 12 --data-dir "$DATA" --config "$CONF" >/dev/null 2>&1
POISON_ID=$(sqlite3 "$DATA/kiosk.db" "SELECT record_id FROM outbox ORDER BY seq LIMIT 1 OFFSET 450")
total=$(sqlite3 "$DATA/kiosk.db" "SELECT COUNT(*) FROM outbox")

proxy_config "$(jq -nc --arg p "$POISON_ID" '{poison: [$p], faults: ["reset","pass","cut-response","pass","stall",
  "pass","500","pass","503","pass","503-retry:3","pass","429:2","pass","refuse:2500","pass","stall-after-store",
  "pass","reset","reset","pass"]}')"

"$HOCSO" sync run --data-dir "$DATA" --config "$CONF" >"$WORK/run.out" 2>"$WORK/run.err" &
RUN_PID=$!
EXTRA_PIDS+=("$RUN_PID")
deadline=$(( $(date +%s) + 150 ))
while true; do
  st=$(status_json "$DATA" "$CONF")
  if [ "$(jq .pending <<<"$st")" = 0 ] && [ "$(faults_left)" = 0 ]; then break; fi
  [ "$(date +%s)" -lt "$deadline" ] || fail "the outbox did not drain: $st; faults left $(faults_left)"
  kill -0 "$RUN_PID" 2>/dev/null || fail "sync run died: $(cat "$WORK/run.err")"
  sleep 0.5
done

# SIGTERM: a clean, prompt exit.
t0=$(date +%s%N)
kill -TERM "$RUN_PID"
set +e
wait "$RUN_PID"
rc=$?
set -e
stop_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
[ "$rc" = 0 ] || fail "sync run exited $rc on SIGTERM: $(tail -5 "$WORK/run.err")"
[ "$stop_ms" -lt 5000 ] || fail "sync run took $stop_ms ms to stop"

st=$(status_json "$DATA" "$CONF")
[ "$(jq .quarantined <<<"$st")" = 2 ] || fail "expected 2 quarantined: $(jq .quarantine <<<"$st")"
jq -e --arg id "$BAD_ID" '.quarantine[] | select(.record_id == $id) | .reason | test("verb.id")' <<<"$st" >/dev/null \
  || fail "the invalid statement is not quarantined with the LRS's reason: $(jq -c .quarantine <<<"$st")"
jq -e --arg id "$POISON_ID" '.quarantine[] | select(.record_id == $id) | .reason | test("poisoned by test proxy")' \
  <<<"$st" >/dev/null || fail "the poisoned statement is not quarantined with its reason: $(jq -c .quarantine <<<"$st")"
[ "$(jq .delivered <<<"$st")" = $((total - 2)) ] || fail "delivered $(jq .delivered <<<"$st") of $((total - 2))"
[ "$(jq -r .last_error <<<"$st")" = "" ] || fail "an error remains after draining: $st"

expected_ids "$DATA" >"$WORK/ids.txt"
node "$TOOLS/lrs_check.js" "$LRS_ENDPOINT" "$WORK/ids.txt" || fail "the LRS does not hold exactly the outbox"

# What the proxy saw: Retry-After honoured; nothing sent again once acknowledged.
proxy_log >"$WORK/proxy-log.json"
node - "$WORK/proxy-log.json" <<'JS' || fail "proxy log check failed"
const log = JSON.parse(require('fs').readFileSync(process.argv[2], 'utf8'));
const posts = log.filter((e) => e.method === 'POST');
const problems = [];
for (const [fault, wait] of [['503-retry:3', 3000], ['429:2', 2000]]) {
  const i = log.findIndex((e) => e.fault === fault);
  if (i < 0) { problems.push(`fault ${fault} never used`); continue; }
  const next = log.slice(i + 1).find((e) => e.method === 'POST' || e.path.endsWith('/about'));
  const gap = next ? next.t - log[i].done : -1;
  if (gap < wait - 100) problems.push(`after ${fault} the next request came ${gap} ms later`);
  else console.log(`after ${fault}: next request ${gap} ms later`);
}
const ackedAt = new Map();
for (const e of posts) {
  for (const id of e.ids) if (ackedAt.has(id) && e.t >= ackedAt.get(id)) problems.push(`${id} sent again after its ack`);
  if (e.acked) for (const id of e.ids) if (!ackedAt.has(id)) ackedAt.set(id, e.done);
}
const resent = posts.filter((e) => e.fault !== 'pass').length;
console.log(`proxy: ${posts.length} POSTs, ${resent} faulted, ${ackedAt.size} statements acknowledged`);
if (problems.length) { console.error(problems.slice(0, 10).join('\n')); process.exit(1); }
JS

# sync once: 75 on a server error (one line why), 77 on refused credentials, 0 when clean.
"$HOCSO" simulate --practice-only --learners 2 --seed 13 --data-dir "$DATA" --config "$CONF" >/dev/null 2>&1
proxy_config '{"faults": ["500"]}'
sync_once_exits 75 "HTTP 500" "$WORK/err75.txt"
grep -q "will retry later: .*HTTP 500" "$WORK/err75.txt" || fail "no reason printed: $(cat "$WORK/err75.txt")"
st=$(status_json "$DATA" "$CONF")
[ "$(jq -r .last_error_kind <<<"$st")" = server ] || fail "last_error_kind: $st"
[ -n "$(jq -r .next_attempt <<<"$st")" ] || fail "no next_attempt after a failure: $st"
jq -r .summary_vi <<<"$st" | grep -q "Máy chủ đang gặp sự cố — sẽ thử lại lúc" || fail "summary_vi: $(jq -r .summary_vi <<<"$st")"

proxy_config '{"faults": ["401"]}'
sync_once_exits 77 "HTTP 401" "$WORK/err77.txt"
grep -q "credentials" "$WORK/err77.txt" || fail "no credentials message: $(cat "$WORK/err77.txt")"
jq -r .summary_vi <<<"$(status_json "$DATA" "$CONF")" | grep -q "Máy chủ từ chối tài khoản" || fail "no Vietnamese credentials text"

proxy_config '{"faults": []}'
"$HOCSO" sync once --data-dir "$DATA" --config "$CONF" >/dev/null || fail "sync once after the faults exited $?"

# A forward proxy from the environment (http_proxy) is used.
sed -i "s|^endpoint = .*|endpoint = \"$LRS_ENDPOINT\"|" "$CONF"
"$HOCSO" simulate --practice-only --learners 1 --seed 14 --data-dir "$DATA" --config "$CONF" >/dev/null 2>&1
before=$(proxy_log | jq 'length')
env -u no_proxy -u NO_PROXY http_proxy="http://127.0.0.1:$PROXY_PORT" \
  "$HOCSO" sync once --data-dir "$DATA" --config "$CONF" >/dev/null || fail "sync once via http_proxy exited $?"
via=$(proxy_log | jq --arg lrs "http://127.0.0.1:$LRS_PORT/xAPI/statements" \
  "[.[$before:][] | select(.method == \"POST\" and (.path | startswith(\$lrs)))] | length")
[ "$via" -ge 1 ] || fail "http_proxy was not used"

expected_ids "$DATA" >"$WORK/ids.txt"
node "$TOOLS/lrs_check.js" "$LRS_ENDPOINT" "$WORK/ids.txt" >/dev/null || fail "the LRS does not hold exactly the outbox at the end"
echo "lrs_faults: $((total - 2)) delivered through faults, 2 quarantined with reasons, none lost or twice; exits 75/77/0; http_proxy used"
echo "1 passed, 0 failed"
