#!/usr/bin/env bash
# Shared helpers of the sync integration tests: the real LRS (lrs_env.sh),
# the fault proxy, expected-id files and status polling.
# Source it after setting HOCSO; it sets WORK and a cleanup trap.
set -euo pipefail
SYNC_LIB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$SYNC_LIB_DIR/lrs_env.sh"
TOOLS="$SYNC_LIB_DIR/tools"

WORK="$(mktemp -d)"
PROXY_PID=""
EXTRA_PIDS=()
cleanup() {
  [ -n "$PROXY_PID" ] && kill "$PROXY_PID" 2>/dev/null || true
  for p in "${EXTRA_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  stop_lrs
  [ -n "${KEEP_WORK:-}" ] && echo "kept $WORK" >&2 || rm -rf "$WORK"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# start_proxy [extra fault_proxy.js args...]: sets PROXY_PORT, PROXY_CTL, PROXY_URL.
start_proxy() {
  PROXY_PORT=$(free_port)
  PROXY_CTL=$(free_port)
  node "$TOOLS/fault_proxy.js" --port "$PROXY_PORT" --control-port "$PROXY_CTL" \
    --target "http://127.0.0.1:$LRS_PORT" "$@" >"$WORK/proxy.log" 2>&1 &
  PROXY_PID=$!
  # Ready when both its control port answers and its proxy port (maybe TLS)
  # accepts connections; node can take seconds to start on a busy machine.
  local ready=0
  for _ in $(seq 1 300); do
    if curl -fsS "http://127.0.0.1:$PROXY_CTL/state" >/dev/null 2>&1 &&
       (exec 3<>"/dev/tcp/127.0.0.1/$PROXY_PORT") 2>/dev/null; then
      ready=1
      break
    fi
    sleep 0.1
  done
  [ "$ready" = 1 ] || fail "the fault proxy did not start: $(cat "$WORK/proxy.log")"
  PROXY_URL="http://127.0.0.1:$PROXY_PORT/xAPI/"
}

proxy_config() { curl -fsS -X POST --data "$1" "http://127.0.0.1:$PROXY_CTL/config" >/dev/null; }
proxy_log() { curl -fsS "http://127.0.0.1:$PROXY_CTL/log"; }
faults_left() { curl -fsS "http://127.0.0.1:$PROXY_CTL/state" | jq .faultsLeft; }

# The ids the kiosk means to deliver: everything in the outbox not quarantined.
expected_ids() {
  sqlite3 "$1/kiosk.db" "SELECT record_id FROM outbox WHERE endpoint = 'lrs' AND state != 'quarantined' ORDER BY seq"
}

status_json() { "$HOCSO" sync status --json --data-dir "$1" --config "$2"; }
