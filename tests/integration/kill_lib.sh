# Sourced by the integration tests that kill a process at a random moment
# of its work (sync_kill, simulate_parallel; sync_lib.sh sources it).

# kill_when PID TRIES DELAY TEST...: SIGKILLs PID (and reaps it) DELAY
# seconds after the command TEST... first succeeds, polled every 0.05 s at
# most TRIES times (however slow the machine is to get there), or after PID
# has ended on its own. DELAY is the caller's random moment.
kill_when() {
  local pid="$1" tries="$2" delay="$3"
  shift 3
  for _ in $(seq 1 "$tries"); do
    "$@" && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  sleep "$delay"
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
