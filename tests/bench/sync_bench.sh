#!/usr/bin/env bash
# Benchmark (prints figures; fails only if delivery is incomplete): 10,000+
# statements delivered by `hocso sync once` to the local LRS, next to the raw
# rate of plain batched POSTs of the same statements (fresh ids) to the same
# kind of LRS in the same run. Each side gets a freshly started LRS.
# Target: sync ≥ 80% of raw. Usage: sync_bench.sh HOCSO SYNC_RAW_POST
set -euo pipefail
HOCSO="$1"
RAW="$2"
source "$(cd "$(dirname "$0")/../integration" && pwd)/sync_lib.sh"
BATCH="${BATCH:-100}"

DATA="$WORK/data"
CONF="$WORK/hocso.toml"
"$HOCSO" simulate --practice-only --learners 1667 --seed 71 --data-dir "$DATA" >/dev/null 2>&1
total=$(sqlite3 "$DATA/kiosk.db" "SELECT COUNT(*) FROM outbox")

start_lrs "$WORK/raw"
raw=$("$RAW" "$DATA/kiosk.db" "$LRS_ENDPOINT" "$BATCH") || fail "raw POSTs failed"
stop_lrs

start_lrs "$WORK/sync"
cat >"$CONF" <<TOML
[sync.lrs]
endpoint = "$LRS_ENDPOINT"
username = "test"
password = "test"
batch_size = $BATCH
TOML
t0=$(date +%s%N)
"$HOCSO" sync once --data-dir "$DATA" --config "$CONF" >/dev/null || fail "sync once exited $?"
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
[ "$(status_json "$DATA" "$CONF" | jq .pending)" = 0 ] || fail "not everything was delivered"

raw_rate=$(sed -n 's/.*raw_rate=\([0-9.]*\).*/\1/p' <<<"$raw")
sync_rate=$(awk -v n="$total" -v ms="$ms" 'BEGIN { printf "%.0f", n * 1000 / ms }')
ratio=$(awk -v a="$sync_rate" -v b="$raw_rate" 'BEGIN { printf "%.0f", 100 * a / b }')
printf 'sync_bench: %d statements, batches of %d\n' "$total" "$BATCH"
printf '  hocso sync once: %6d statements/s (%d ms, whole process: start, outbox, about, POSTs, bookkeeping)\n' \
  "$sync_rate" "$ms"
printf '  raw POSTs:       %6.0f statements/s (libcurl, one keep-alive connection, no bookkeeping)\n' "$raw_rate"
printf '  sync / raw:      %d%% (target >= 80%%)\n' "$ratio"
