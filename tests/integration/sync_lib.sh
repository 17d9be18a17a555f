#!/usr/bin/env bash
# Shared helpers of the sync integration tests: the real LRS (lrs_env.sh),
# the fault proxy, expected-id files, status polling and kill_when.
# Source it after setting HOCSO; it sets WORK and a cleanup trap.
set -euo pipefail
SYNC_LIB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$SYNC_LIB_DIR/lrs_env.sh"
source "$SYNC_LIB_DIR/kill_lib.sh"   # kill_when
TOOLS="$SYNC_LIB_DIR/tools"

WORK="$(mktemp -d)"
DATA="$WORK/data"
CONF="$WORK/hocso.toml"
PROXY_PID=""
EXTRA_PIDS=()
# PID_VARS: names of variables holding a process of the test's own (empty
# once the test has stopped it); whatever they hold at exit is killed.
PID_VARS=()
cleanup() {
  local v
  [ -n "$PROXY_PID" ] && kill "$PROXY_PID" 2>/dev/null || true
  for v in ${PID_VARS[@]+"${PID_VARS[@]}"}; do [ -n "${!v:-}" ] && kill "${!v}" 2>/dev/null || true; done
  for p in "${EXTRA_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  stop_lrs
  [ -n "${KEEP_WORK:-}" ] && echo "kept $WORK" >&2 || rm -rf "$WORK"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# start_proxy [extra fault_proxy.js args...]: sets PROXY_PORT, PROXY_CTL,
# PROXY_URL once the proxy (maybe TLS) and its control port both listen.
start_proxy() {
  local ports
  start_tool PROXY_PID ports "$WORK/proxy.log" node "$TOOLS/fault_proxy.js" --port-file PORT_FILE \
    --target "http://127.0.0.1:$LRS_PORT" "$@" || fail "the fault proxy did not start"
  read -r PROXY_PORT PROXY_CTL <<<"$ports"
  PROXY_URL="http://127.0.0.1:$PROXY_PORT/xAPI/"
}

# start_cert_server TOKEN: the certification endpoint (tools/cert_server.js);
# sets CERT_PORT.
start_cert_server() {
  local pid
  start_tool pid CERT_PORT "$WORK/cert.log" env NODE_PATH="$LRS_DIR/node_modules" node "$TOOLS/cert_server.js" PORT_FILE "$1" \
    || fail "the certification test server did not start"
  EXTRA_PIDS+=("$pid")
}

proxy_config() { curl -fsS -X POST --data "$1" "http://127.0.0.1:$PROXY_CTL/config" >/dev/null; }
proxy_log() { curl -fsS "http://127.0.0.1:$PROXY_CTL/log"; }
faults_left() { curl -fsS "http://127.0.0.1:$PROXY_CTL/state" | jq .faultsLeft; }

# The ids the kiosk means to deliver: everything in the outbox not quarantined.
expected_ids() {
  sqlite3 "$1/kiosk.db" "SELECT record_id FROM outbox WHERE endpoint = 'lrs' AND state != 'quarantined' ORDER BY seq"
}

# sync_once_exits CODE WHAT [ERR_FILE]: `hocso sync once` on $DATA with $CONF
# must end with exit CODE (the failure names WHAT); its stderr is left in
# ERR_FILE ($WORK/err.txt by default).
sync_once_exits() {
  local err="${3:-$WORK/err.txt}" rc
  set +e
  "$HOCSO" sync once --data-dir "$DATA" --config "$CONF" >/dev/null 2>"$err"
  rc=$?
  set -e
  [ "$rc" = "$1" ] || fail "$2: exit $rc, expected $1 ($(cat "$err"))"
}

# sync_until_ok TRIES WHAT [OUT_FILE]: `hocso sync once` on $DATA with $CONF
# until it exits 0, again a second later while it exits 75 (try again
# later), at most TRIES times; another exit code, or 75 still after TRIES,
# fails naming WHAT. Its stdout is left in OUT_FILE ($WORK/out.txt by
# default), its stderr in $WORK/err.txt, the exit codes in SYNC_CODES.
sync_until_ok() {
  local tries="$1" what="$2" out="${3:-$WORK/out.txt}" rc
  SYNC_CODES=""
  for _ in $(seq 1 "$tries"); do
    set +e
    "$HOCSO" sync once --data-dir "$DATA" --config "$CONF" >"$out" 2>"$WORK/err.txt"
    rc=$?
    set -e
    SYNC_CODES="$SYNC_CODES $rc"
    [ "$rc" = 0 ] && return 0
    [ "$rc" = 75 ] || fail "$what: sync once exited $rc: $(cat "$out" "$WORK/err.txt")"
    sleep 1
  done
  fail "$what (exit codes:$SYNC_CODES)"
}

status_json() { "$HOCSO" sync status --json --data-dir "$1" --config "$2"; }

# start_lrs_site SITE [INTERVAL_LINE] [EXTRA_LINES]: the real LRS started
# (start_lrs) and $CONF written for site SITE delivering straight to it
# (lrs_conf).
start_lrs_site() {
  start_lrs "$WORK"
  lrs_conf "$1" "$LRS_ENDPOINT" "${2:-}" "${3:-}" >"$CONF"
}
