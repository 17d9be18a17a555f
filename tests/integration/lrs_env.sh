#!/usr/bin/env bash
# Starts a real LRS on loopback for the integration tests: redis-server and
# Learning Locker's statement service (npm package xapi-statements, installed
# by deploy/setup.sh into tests/integration/lrs/node_modules). Credentials are
# checked for real (tools/lrs_auth.js): Basic test:test or Bearer $LRS_TOKEN.
# Source this file; it defines start_lrs / stop_lrs and sets LRS_ENDPOINT,
# and the helpers every test server is started with (start_tool).
#
# No port is ever guessed: a port probed free and bound later can be taken
# in between by a test running beside this one (ctest -j). Every server binds
# a port the kernel picks (port 0) and the test learns it from that very
# process: the node tools write it to a file once they listen (tools/listen.js),
# the LRS's is read from /proc (the listening socket the LRS's PID holds), and
# redis listens on a unix socket in this test's own folder, not on TCP.
set -euo pipefail

LRS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/lrs" && pwd)"
LRS_TOOLS="$(cd "$(dirname "${BASH_SOURCE[0]}")/tools" && pwd)"
LRS_TOKEN="hocso-test-bearer-token"

# lrs_conf SITE_ID ENDPOINT [SYNC_LINES] [LRS_LINES]: prints a hocso.toml
# with [site] id (none when SITE_ID is ""), [sync] SYNC_LINES (none when
# empty) and [sync.lrs] at ENDPOINT with the test credentials, then LRS_LINES.
lrs_conf() {
  [ -z "$1" ] || printf '[site]\nid = "%s"\n' "$1"
  [ -z "${3:-}" ] || printf '[sync]\n%s\n' "$3"
  printf '[sync.lrs]\nendpoint = "%s"\nusername = "test"\npassword = "test"\n' "$2"
  [ -z "${4:-}" ] || printf '%s\n' "$4"
}

# wait_port_file PID FILE WHAT LOG: waits (≤ 60 s: node can take seconds to
# start on a busy machine) until the server PID has written the ports it
# listens on to FILE; prints them. Fails, with the server's log, as soon as
# the server exits.
wait_port_file() {
  local pid="$1" file="$2" what="$3" log="$4"
  for _ in $(seq 1 600); do
    if [ -s "$file" ]; then cat "$file"; return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "$what exited before it listened; its log:" >&2
      cat "$log" >&2
      return 1
    fi
    sleep 0.1
  done
  echo "$what did not listen within 60 s; its log:" >&2
  cat "$log" >&2
  return 1
}

# start_tool VAR_PID VAR_PORTS LOG COMMAND...: starts a node test tool that
# reports its ports (tools/listen.js; the word PORT_FILE among its arguments is
# replaced by the file it writes them to), waits until it listens, and sets
# VAR_PID and VAR_PORTS ("PORT" or "PORT CONTROL_PORT").
start_tool() {
  # (locals are prefixed: the caller's VAR_PID / VAR_PORTS must not be shadowed)
  local _st_pid_var="$1" _st_ports_var="$2" _st_log="$3"; shift 3
  local _st_file _st_args=() _st_what="$1" _st_a _st_pid _st_ports
  _st_file="$(mktemp -u "${_st_log}.port.XXXXXX")"
  for _st_a in "$@"; do
    _st_args+=("${_st_a//PORT_FILE/$_st_file}")
    case "$_st_a" in *.js) _st_what="$(basename "$_st_a")";; esac
  done
  "${_st_args[@]}" >"$_st_log" 2>&1 &
  _st_pid=$!
  _st_ports=$(wait_port_file "$_st_pid" "$_st_file" "$_st_what" "$_st_log") || { kill "$_st_pid" 2>/dev/null; return 1; }
  printf -v "$_st_pid_var" '%s' "$_st_pid"
  printf -v "$_st_ports_var" '%s' "$_st_ports"
}

# pid_listen_port PID: the TCP port process PID listens on (its socket inodes
# matched against the LISTEN entries of /proc/net/tcp*); empty if none yet.
pid_listen_port() {
  local pid="$1" inodes="" l
  for fd in /proc/"$pid"/fd/*; do
    l=$(readlink "$fd" 2>/dev/null) || continue
    case "$l" in socket:\[*\]) inodes="$inodes ${l//[^0-9]/}";; esac
  done
  [ -n "$inodes" ] || return 0
  local hex
  hex=$(awk -v list="$inodes" 'BEGIN { n = split(list, a, " "); for (i = 1; i <= n; i++) want[a[i]] = 1 }
    $4 == "0A" && ($10 in want) { split($2, p, ":"); print p[2]; exit }' /proc/net/tcp /proc/net/tcp6 2>/dev/null)
  [ -n "$hex" ] && echo $((16#$hex))
  return 0
}

start_lrs() {
  local work="$1"
  local run="$work/lrs-run"
  mkdir -p "$run"
  REDIS_SOCKET="$run/redis.sock"
  # --port 0: no TCP at all; the socket lives in this test's folder, so the
  # redis that answers on it is the one started here.
  redis-server --port 0 --unixsocket "$REDIS_SOCKET" --unixsocketperm 700 --save '' --appendonly no \
    --dir "$run" >"$run/redis.log" 2>&1 &
  REDIS_PID=$!
  # The LRS exits if redis is not answering yet: wait for it first.
  local up=0
  for _ in $(seq 1 300); do
    kill -0 "$REDIS_PID" 2>/dev/null || break
    if [ -S "$REDIS_SOCKET" ] && [ "$(redis-cli -s "$REDIS_SOCKET" ping 2>/dev/null)" = PONG ]; then up=1; break; fi
    sleep 0.1
  done
  if [ "$up" != 1 ]; then
    echo "redis-server did not start; its log:" >&2
    cat "$run/redis.log" >&2
    return 1
  fi
  start_tool AUTH_PID AUTH_PORT "$run/auth.log" node "$LRS_TOOLS/lrs_auth.js" PORT_FILE "$LRS_TOKEN"
  # EXPRESS_PORT=0: the LRS binds a port the kernel picks; its log does not
  # say which, so it is read from the LRS process's own listening socket.
  ( cd "$run" && exec env AUTH_REPO=fetch LL_CLIENT_INFO_ENDPOINT="http://127.0.0.1:$AUTH_PORT/auth" \
      MODELS_REPO=memory STORAGE_REPO=memory \
      EXPRESS_PORT=0 REDIS_URL="$REDIS_SOCKET" \
      WINSTON_CONSOLE_LEVEL=warn node "$LRS_DIR/node_modules/xapi-statements/dist/server.js" \
      >"$run/lrs.log" 2>&1 ) &
  LRS_PID=$!
  LRS_PORT=""
  for _ in $(seq 1 600); do
    kill -0 "$LRS_PID" 2>/dev/null || break
    LRS_PORT=$(pid_listen_port "$LRS_PID")
    [ -n "$LRS_PORT" ] && break
    sleep 0.1
  done
  if [ -z "$LRS_PORT" ]; then
    echo "the LRS did not start; its log:" >&2
    cat "$run/lrs.log" "$run/redis.log" "$run/auth.log" >&2
    return 1
  fi
  LRS_ENDPOINT="http://127.0.0.1:$LRS_PORT/xAPI/"
  # Listening is not ready: the LRS must also reach redis and the auth server.
  for _ in $(seq 1 300); do
    kill -0 "$LRS_PID" 2>/dev/null || break
    if curl -fsS -u test:test -H 'X-Experience-API-Version: 1.0.3' "${LRS_ENDPOINT}statements?limit=1" >/dev/null 2>&1; then
      return 0
    fi
    sleep 0.1
  done
  echo "the LRS did not answer; its log:" >&2
  cat "$run/lrs.log" "$run/redis.log" "$run/auth.log" >&2
  return 1
}

stop_lrs() {
  [ -n "${LRS_PID:-}" ] && kill "$LRS_PID" 2>/dev/null && wait "$LRS_PID" 2>/dev/null || true
  [ -n "${REDIS_PID:-}" ] && kill "$REDIS_PID" 2>/dev/null && wait "$REDIS_PID" 2>/dev/null || true
  [ -n "${AUTH_PID:-}" ] && kill "$AUTH_PID" 2>/dev/null && wait "$AUTH_PID" 2>/dev/null || true
  LRS_PID=""
  REDIS_PID=""
  AUTH_PID=""
}
