#!/usr/bin/env bash
# Low-end PC benchmark: runs the kiosk (the installed /usr/bin/hocso-kiosk, or
# a built one) under Xvfb at 1366x768 with the software renderer, in a cgroup
# limited to a quarter of one CPU core and 1 GiB of memory, and prints
#   - the first-frame time (median of 5 cold starts; target <= 1.5 s),
#   - quiz frame time p95 (tests/bench/quiz_frames.script; target <= 40 ms),
#   - answer-commit p99 (bench.assessment's assessment_bench --answers-only),
#   - the kiosk's peak memory (VmHWM) and the cgroup's.
# The cgroup: systemd-run --scope when systemd runs this machine, else cgroup
# v2 directly, else cgroup v1 (cpu + memory controllers). Needs root unless
# systemd-run works for this user. Prints figures; fails only if nothing runs.
#   deploy/bench-lowend.sh [--kiosk PATH] [--assessment-bench PATH] [--cpu PERCENT] [--memory BYTES]
set -euo pipefail
. "$(dirname "$0")/lib.sh"   # ROOT, die, parse_options
. "$ROOT/tests/ui/xvfb_lib.sh"   # start_xvfb, stop_xvfb
KIOSK=""; ABENCH=""; CPU=25; MEM=1G
parse_options kiosk=KIOSK assessment-bench=ABENCH cpu=CPU memory=MEM -- "$@"
ARCH="$(dpkg --print-architecture 2>/dev/null || uname -m)"
if [ -z "$KIOSK" ]; then
  for k in /usr/bin/hocso-kiosk "$ROOT/build/release-$ARCH/kiosk/hocso-kiosk" "$ROOT/build/ci/kiosk/hocso-kiosk" "$ROOT/build/dev/kiosk/hocso-kiosk"; do
    [ -x "$k" ] && { KIOSK="$k"; break; }
  done
fi
[ -n "$KIOSK" ] && [ -x "$KIOSK" ] || die "no hocso-kiosk found; install the package or build it (deploy/package.sh), or pass --kiosk PATH"
if [ -z "$ABENCH" ]; then
  for b in "$ROOT/build/ci/tests/assessment_bench" "$ROOT/build/dev/tests/assessment_bench"; do
    [ -x "$b" ] && { ABENCH="$b"; break; }
  done
fi
for t in Xvfb /usr/bin/time; do command -v "$t" >/dev/null || die "$t is missing (apt-get install xvfb time)"; done
# The quiz script's pack: the starter pack's sources (installed or in this tree).
STARTER=/usr/share/hocso/content/packs/starter
case "$KIOSK" in /usr/*) ;; *) STARTER="$ROOT/content/packs/starter" ;; esac
[ -d "$STARTER" ] || STARTER="$ROOT/content/packs/starter"

WORK="$(mktemp -d /tmp/hocso-lowend.XXXXXX)"
CG_CPU=""; CG_MEM=""; CG2=""
cleanup() {
  stop_xvfb
  for d in "$CG2" "$CG_CPU" "$CG_MEM"; do [ -n "$d" ] && rmdir "$d" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

# --- the cgroup -------------------------------------------------------------
MEM_BYTES="$(numfmt --from=iec "$MEM")"
QUOTA_US=$((CPU * 1000))   # per 100 ms period
METHOD=""
if command -v systemd-run >/dev/null && systemd-run --scope --quiet -p CPUQuota="$CPU%" -p MemoryMax="$MEM" true >/dev/null 2>&1; then
  METHOD="systemd-run --scope -p CPUQuota=$CPU% -p MemoryMax=$MEM"
  limited() { systemd-run --scope --quiet -p CPUQuota="$CPU%" -p MemoryMax="$MEM" "$@"; }
elif [ -f /sys/fs/cgroup/cgroup.controllers ] && grep -qw cpu /sys/fs/cgroup/cgroup.controllers \
     && grep -qw memory /sys/fs/cgroup/cgroup.controllers && mkdir "/sys/fs/cgroup/hocso-lowend-$$" 2>/dev/null; then
  CG2="/sys/fs/cgroup/hocso-lowend-$$"
  echo "$QUOTA_US 100000" >"$CG2/cpu.max"
  echo "$MEM_BYTES" >"$CG2/memory.max"
  METHOD="cgroup v2 $CG2 (cpu.max $QUOTA_US/100000, memory.max $MEM)"
  limited() { sh -c 'echo $$ > "$0/cgroup.procs" && exec "$@"' "$CG2" "$@"; }
elif [ -w /sys/fs/cgroup/cpu ] && [ -d /sys/fs/cgroup/memory ]; then
  # cgroup v1: a child of this shell's own memory cgroup (it may be a
  # container's), and of the cpu hierarchy's root.
  mem_parent="$(sed -n 's/^[0-9]*:memory:\(.*\)$/\1/p' /proc/self/cgroup)"
  CG_CPU="/sys/fs/cgroup/cpu/hocso-lowend-$$"
  CG_MEM="/sys/fs/cgroup/memory${mem_parent%/}/hocso-lowend-$$"
  mkdir "$CG_CPU" "$CG_MEM" || die "cannot create cgroups $CG_CPU / $CG_MEM (run as root)"
  echo 100000 >"$CG_CPU/cpu.cfs_period_us"
  echo "$QUOTA_US" >"$CG_CPU/cpu.cfs_quota_us"
  echo "$MEM_BYTES" >"$CG_MEM/memory.limit_in_bytes"
  METHOD="cgroup v1 (cpu.cfs_quota_us $QUOTA_US per 100000, memory.limit_in_bytes $MEM)"
  limited() { sh -c 'echo $$ > "$0/tasks" && echo $$ > "$1/tasks" && shift && exec "$@"' "$CG_CPU" "$CG_MEM" "$@"; }
else
  die "no way to limit CPU and memory here: systemd-run --scope fails and no writable cgroup v2 or v1 cpu/memory hierarchy (run as root)"
fi
cgroup_peak_mib() {
  local f=""
  [ -n "$CG2" ] && f="$CG2/memory.peak"
  [ -n "$CG_MEM" ] && f="$CG_MEM/memory.max_usage_in_bytes"
  [ -n "$f" ] && [ -r "$f" ] && echo $(( $(cat "$f") / 1048576 )) || echo "?"
}

# --- the display ------------------------------------------------------------
start_xvfb 1366x768x24 || die "Xvfb did not start"
: >"$WORK/empty.toml"
printf '[content]\npack = "%s"\n' "$STARTER" >"$WORK/quiz.toml"

echo "kiosk: $KIOSK"
echo "limits: $METHOD"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg)"

# --- first frame: one warm-up, then the median of 5 -------------------------
first_frame() {
  limited /usr/bin/time -f "peak_kib=%M" "$KIOSK" --renderer software --windowed --size 1366x768 --no-sync \
    --config "$WORK/empty.toml" --data-dir "$WORK/d" --screenshot "$WORK/w.png" >"$WORK/ff.log" 2>&1 \
    || { tail -20 "$WORK/ff.log" >&2; die "the kiosk did not start"; }
  sed -n 's/.*first frame after \([0-9]*\) ms.*/\1/p' "$WORK/ff.log" | head -1
}
first_frame >/dev/null
ff=(); for _ in 1 2 3 4 5; do ff+=("$(first_frame)"); done
ff_peak="$(sed -n 's/^peak_kib=//p' "$WORK/ff.log")"
ff_sorted="$(printf '%s\n' "${ff[@]}" | sort -n | tr '\n' ' ')"
ff_median="$(printf '%s\n' "${ff[@]}" | sort -n | sed -n 3p)"

# --- quiz frames ------------------------------------------------------------
limited /usr/bin/time -f "peak_kib=%M" "$KIOSK" --renderer software --windowed --size 1366x768 --no-sync \
  --config "$WORK/quiz.toml" --data-dir "$WORK/q" --script "$ROOT/tests/bench/quiz_frames.script" \
  --frame-stats "$WORK/frames.txt" >"$WORK/quiz.log" 2>&1 \
  || { tail -20 "$WORK/quiz.log" >&2; die "the quiz script failed"; }
quiz_peak="$(sed -n 's/^peak_kib=//p' "$WORK/quiz.log")"
awk '$1 == "quiz" {print $2}' "$WORK/frames.txt" | sort -n >"$WORK/quiz_ms.txt"
n="$(wc -l <"$WORK/quiz_ms.txt")"
[ "$n" -ge 20 ] || die "only $n quiz frames measured"
pct() { sed -n "$(( ($1 * n + 99) / 100 ))p" "$WORK/quiz_ms.txt"; }

# --- answer commit ----------------------------------------------------------
if [ -n "$ABENCH" ]; then
  commit="$(limited "$ABENCH" --answers-only 2>&1 | sed -n 's/^answer commit.*: \(n=.*\)$/\1/p')"
else
  commit="not measured: assessment_bench not built (cmake --preset ci builds it; or --assessment-bench PATH)"
fi

echo
echo "first frame: median ${ff_median} ms of 5 cold starts (${ff_sorted% }) (target <= 1500 ms)"
echo "quiz frame time over $n frames at 1366x768: p50 $(pct 50) ms, p95 $(pct 95) ms, max $(tail -1 "$WORK/quiz_ms.txt") ms (target p95 <= 40 ms)"
echo "answer commit: ${commit:-?}"
echo "peak memory: kiosk $((ff_peak / 1024)) MiB at start, $((quiz_peak / 1024)) MiB through the quiz; cgroup peak (incl. page cache) $(cgroup_peak_mib) MiB (limit $MEM)"
