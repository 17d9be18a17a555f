#!/usr/bin/env bash
# Starts a real LRS on loopback for the integration tests: redis-server and
# Learning Locker's statement service (npm package xapi-statements, installed
# by deploy/setup.sh into tests/integration/lrs/node_modules). Credentials are
# checked for real (tools/lrs_auth.js): Basic test:test or Bearer $LRS_TOKEN.
# Source this file; it defines start_lrs / stop_lrs and sets LRS_ENDPOINT.
set -euo pipefail

LRS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/lrs" && pwd)"
LRS_TOOLS="$(cd "$(dirname "${BASH_SOURCE[0]}")/tools" && pwd)"
LRS_TOKEN="hocso-test-bearer-token"

free_port() {
  local p
  for _ in $(seq 1 50); do
    p=$(( 20000 + RANDOM % 30000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  echo "no free port found" >&2
  return 1
}

start_lrs() {
  local work="$1"
  mkdir -p "$work/lrs-run"
  REDIS_PORT=$(free_port)
  LRS_PORT=$(free_port)
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
    --dir "$work/lrs-run" >"$work/lrs-run/redis.log" 2>&1 &
  REDIS_PID=$!
  # The LRS exits if redis is not listening yet: wait for it first.
  local up=0
  for _ in $(seq 1 200); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$REDIS_PORT") 2>/dev/null; then up=1; break; fi
    sleep 0.1
  done
  if [ "$up" != 1 ]; then
    echo "redis-server did not start; its log:" >&2
    cat "$work/lrs-run/redis.log" >&2
    return 1
  fi
  AUTH_PORT=$(free_port)
  node "$LRS_TOOLS/lrs_auth.js" "$AUTH_PORT" "$LRS_TOKEN" >"$work/lrs-run/auth.log" 2>&1 &
  AUTH_PID=$!
  ( cd "$work/lrs-run" && exec env AUTH_REPO=fetch LL_CLIENT_INFO_ENDPOINT="http://127.0.0.1:$AUTH_PORT/auth" \
      MODELS_REPO=memory STORAGE_REPO=memory \
      EXPRESS_PORT="$LRS_PORT" REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0" \
      WINSTON_CONSOLE_LEVEL=warn node "$LRS_DIR/node_modules/xapi-statements/dist/server.js" \
      >"$work/lrs-run/lrs.log" 2>&1 ) &
  LRS_PID=$!
  LRS_ENDPOINT="http://127.0.0.1:$LRS_PORT/xAPI/"
  for _ in $(seq 1 200); do
    if curl -fsS -u test:test -H 'X-Experience-API-Version: 1.0.3' "${LRS_ENDPOINT}statements?limit=1" >/dev/null 2>&1; then
      return 0
    fi
    sleep 0.2
  done
  echo "the LRS did not start; its log:" >&2
  cat "$work/lrs-run/lrs.log" "$work/lrs-run/redis.log" >&2
  return 1
}

stop_lrs() {
  [ -n "${LRS_PID:-}" ] && kill "$LRS_PID" 2>/dev/null && wait "$LRS_PID" 2>/dev/null || true
  [ -n "${REDIS_PID:-}" ] && kill "$REDIS_PID" 2>/dev/null && wait "$REDIS_PID" 2>/dev/null || true
  [ -n "${AUTH_PID:-}" ] && kill "$AUTH_PID" 2>/dev/null && wait "$AUTH_PID" 2>/dev/null || true
  LRS_PID=""
  AUTH_PID=""
}
