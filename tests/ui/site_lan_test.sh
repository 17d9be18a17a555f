#!/usr/bin/env bash
# A site of two kiosks on one LAN (loopback here): two data dirs, two
# Syncthing instances (own homes, GUI/API and sync ports picked by the
# kernel, no discovery, relays or NAT; static tcp://127.0.0.1 addresses), two
# `hocso sync run` watchers and the real test LRS.
#  1. `site init` on A, `site syncthing --invite` on A writes A's device into
#     the invite; `site join` + `site syncthing --invite` on B makes A B's
#     introducer. The watchers accept each other's device (the HMAC in its
#     name) and folder, with no device id typed.
#  2. Lê Thị Thu Hà registers on A's real hocso-kiosk (Xvfb) and practises;
#     B gets her on its own; she signs in on B's hocso-kiosk and her home
#     page is pixel for pixel A's. The time from her registration on A to B
#     holding her is printed.
#  3. More learners on both kiosks (`hocso simulate`); Syncthing on B is
#     SIGKILLed the moment A writes a segment (on loopback a small segment
#     has usually arrived by then) and stays down while A writes another,
#     then restarts on the same ports: B ends with every record of A and A
#     with every record of B, once, with no conflict and nothing behind.
#  4. Each kiosk delivers only its own records: the LRS holds the union of
#     the two outboxes, each statement exactly once.
# Prints the A→B time, each Syncthing's RSS and the watchers' idle CPU.
# Usage: site_lan_test.sh HOCSO_KIOSK HOCSO SOURCE_DIR OUT_DIR
set -euo pipefail
KIOSK="$1"; HOCSO="$2"; SRC="$3"; OUT="$4"
source "$SRC/tests/ui/ui_lib.sh"
source "$SRC/tests/integration/lrs_env.sh"
ST_A=""; ST_B=""; RUN_A=""; RUN_B=""; POLL=""
cleanup() {
  local p
  for p in "$POLL" "$RUN_A" "$RUN_B" "$ST_A" "$ST_B"; do
    [ -n "$p" ] && kill "$p" 2>/dev/null && wait "$p" 2>/dev/null || true
  done
  stop_lrs
  stop_xvfb
  [ -n "${KEEP_WORK:-}" ] && echo "kept $WORK" >&2 || rm -rf "$WORK"
}
trap cleanup EXIT
command -v syncthing >/dev/null || fail "syncthing is not installed (deploy/setup.sh --tests installs it)"
A="$WORK/a"
B="$WORK/b"
T0=$(date +%s)

start_lrs "$WORK" || fail "the LRS did not start"
cat >"$WORK/hocso.toml" <<TOML
[content]
pack = "$SRC/content/packs/starter"
[sync]
interval_seconds = 1
[sync.lrs]
endpoint = "$LRS_ENDPOINT"
username = "test"
password = "test"
TOML
H() { "$HOCSO" --config "$WORK/hocso.toml" "$@"; }
q() { sqlite3 -cmd ".timeout 10000" "$1/kiosk.db" "$2"; }

# ---- Syncthing ------------------------------------------------------------
# listen_ports PID: the TCP ports process PID listens on.
listen_ports() {
  local pid="$1" inodes="" l hex
  for fd in /proc/"$pid"/fd/*; do
    l=$(readlink "$fd" 2>/dev/null) || continue
    case "$l" in socket:\[*\]) inodes="$inodes ${l//[^0-9]/}";; esac
  done
  [ -n "$inodes" ] || return 0
  for hex in $(awk -v list="$inodes" 'BEGIN { n = split(list, a, " "); for (i = 1; i <= n; i++) want[a[i]] = 1 }
      $4 == "0A" && ($10 in want) { split($2, p, ":"); print p[2] }' /proc/net/tcp /proc/net/tcp6 2>/dev/null); do
    echo $((16#$hex))
  done
}
# st_generate NAME: a fresh Syncthing home, nothing on the Internet, sync
# port picked by the kernel.
st_generate() {
  local home="$WORK/st-$1"
  syncthing generate --home="$home" --no-default-folder >"$WORK/st-$1.gen.log" 2>&1 || fail "syncthing generate: $(cat "$WORK/st-$1.gen.log")"
  sed -i -e 's|<listenAddress>default</listenAddress>|<listenAddress>tcp://127.0.0.1:0</listenAddress>|' \
    -e 's|<globalAnnounceEnabled>true<|<globalAnnounceEnabled>false<|' \
    -e 's|<localAnnounceEnabled>true<|<localAnnounceEnabled>false<|' \
    -e 's|<relaysEnabled>true<|<relaysEnabled>false<|' -e 's|<natEnabled>true<|<natEnabled>false<|' \
    -e 's|<urAccepted>0<|<urAccepted>-1<|' -e 's|<autoUpgradeIntervalH>12<|<autoUpgradeIntervalH>0<|' \
    -e 's|<crashReportingEnabled>true<|<crashReportingEnabled>false<|' "$home/config.xml"
  grep -q '<listenAddress>tcp://127.0.0.1:0</listenAddress>' "$home/config.xml" || fail "unexpected Syncthing config.xml"
}
# st_start NAME [GUI_PORT]: starts it; sets ST_<NAME>, GUI_<NAME>, PORT_<NAME>.
st_start() {
  local n="$1" gui="${2:-0}" pid p ports g="" s=""
  # STMONITORED=1: the one process (no monitor parent), as the hocso-syncthing unit runs it.
  STMONITORED=1 STNODEFAULTFOLDER=1 syncthing serve --no-browser --no-restart --no-upgrade --home="$WORK/st-$n" \
    --gui-address="http://127.0.0.1:$gui" --logflags=0 >>"$WORK/st-$n.log" 2>&1 &
  pid=$!
  printf -v "ST_$n" '%s' "$pid"
  for _ in $(seq 1 300); do
    kill -0 "$pid" 2>/dev/null || fail "Syncthing $n exited: $(tail -20 "$WORK/st-$n.log")"
    ports=$(listen_ports "$pid")
    g=""; s=""
    for p in $ports; do
      if curl -fsS -m 2 -H "X-API-Key: $(key_of "$n")" "http://127.0.0.1:$p/rest/system/ping" 2>/dev/null | grep -q pong
      then g=$p; else s=$p; fi
    done
    [ -n "$g" ] && [ -n "$s" ] && break
    sleep 0.2
  done
  [ -n "$g" ] && [ -n "$s" ] || fail "Syncthing $n did not listen: $(tail -20 "$WORK/st-$n.log")"
  printf -v "GUI_$n" '%s' "$g"
  printf -v "PORT_$n" '%s' "$s"
}
key_of() { sed -n 's|.*<apikey>\(.*\)</apikey>.*|\1|p' "$WORK/st-$1/config.xml"; }
# api NAME METHOD PATH [BODY]
api() {
  local gui="GUI_$1" body=()
  [ -n "${4:-}" ] && body=(-H "Content-Type: application/json" --data "$4")
  curl -fsS -m 10 -X "$2" -H "X-API-Key: $(key_of "$1")" ${body[@]+"${body[@]}"} "http://127.0.0.1:${!gui}$3"
}
rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

st_generate A
st_generate B
st_start A
st_start B
# Restarts keep the sync port (A's address is in the invite; B restarts later).
api A PATCH /rest/config/options "{\"listenAddresses\": [\"tcp://127.0.0.1:$PORT_A\"]}" >/dev/null
api B PATCH /rest/config/options "{\"listenAddresses\": [\"tcp://127.0.0.1:$PORT_B\"]}" >/dev/null

# ---- 1. The site, and Syncthing set up by hocso ---------------------------
printf '482913\n' >"$WORK/pin"
H site init --name "Xã Tân Hòa" -o "$WORK/invite.json" --pin-file "$WORK/pin" --data-dir "$A" >/dev/null 2>&1 || fail "site init"
# Before A's device is in the invite, a joining kiosk is told what to do.
H site join "$WORK/invite.json" --pin-file "$WORK/pin" --data-dir "$B" >/dev/null 2>&1 || fail "site join"
set +e
H site syncthing --invite "$WORK/invite.json" --api "http://127.0.0.1:$GUI_B" --home "$WORK/st-B" --data-dir "$B" \
  >"$WORK/out.txt" 2>"$WORK/err.txt"
rc=$?
set -e
[ "$rc" -ne 0 ] && grep -q "carries no Syncthing device yet" "$WORK/err.txt" || fail "B before A: rc $rc $(cat "$WORK/err.txt")"
# A REST failure (a wrong API key, Syncthing down) is one clear line.
printf 'wrong-key\n' >"$WORK/wrong-key"
set +e
H site syncthing --api "http://127.0.0.1:$GUI_A" --api-key-file "$WORK/wrong-key" --data-dir "$A" >"$WORK/out.txt" 2>"$WORK/err.txt"
rc=$?
set -e
[ "$rc" = 77 ] && [ "$(wc -l <"$WORK/err.txt")" = 1 ] && grep -q "refused the API key" "$WORK/err.txt" \
  || fail "a wrong API key: rc $rc $(cat "$WORK/err.txt")"
set +e
H site syncthing --api "http://192.0.2.1:8384" --home "$WORK/st-A" --data-dir "$A" >"$WORK/out.txt" 2>"$WORK/err.txt"
rc=$?
set -e
[ "$rc" = 78 ] && grep -q "must be on this machine" "$WORK/err.txt" || fail "a remote API: rc $rc $(cat "$WORK/err.txt")"

H site syncthing --invite "$WORK/invite.json" --api "http://127.0.0.1:$GUI_A" --home "$WORK/st-A" \
  --address "tcp://127.0.0.1:$PORT_A" --data-dir "$A" >"$WORK/st-setup-a.txt" 2>&1 || fail "site syncthing on A: $(cat "$WORK/st-setup-a.txt")"
grep -q "wrote this device into" "$WORK/st-setup-a.txt" || fail "A's device is not in the invite: $(cat "$WORK/st-setup-a.txt")"
ID_A=$(jq -r .syncthing.device_id "$WORK/invite.json")
[ "$ID_A" = "$(api A GET /rest/system/status | jq -r .myID)" ] || fail "the invite names another device than A's"
# Idempotent: again, nothing changes in the invite.
cp "$WORK/invite.json" "$WORK/invite.before"
H site syncthing --invite "$WORK/invite.json" --api "http://127.0.0.1:$GUI_A" --home "$WORK/st-A" \
  --address "tcp://127.0.0.1:$PORT_A" --data-dir "$A" >/dev/null 2>&1 || fail "site syncthing on A again"
cmp -s "$WORK/invite.json" "$WORK/invite.before" || fail "a second run changed the invite"
# A forged device in the invite is refused (its mac is not the site key's).
jq '.syncthing.device_id = "AAAAAAA-AAAAAAA-AAAAAAA-AAAAAAA-AAAAAAA-AAAAAAA-AAAAAAA-AAAAAAA"' "$WORK/invite.json" >"$WORK/forged.json"
set +e
H site syncthing --invite "$WORK/forged.json" --api "http://127.0.0.1:$GUI_B" --home "$WORK/st-B" --data-dir "$B" \
  >"$WORK/out.txt" 2>"$WORK/err.txt"
rc=$?
set -e
[ "$rc" = 77 ] && grep -q "not vouched for by the site key" "$WORK/err.txt" || fail "a forged invite device: rc $rc $(cat "$WORK/err.txt")"
H site syncthing --invite "$WORK/invite.json" --api "http://127.0.0.1:$GUI_B" --home "$WORK/st-B" --data-dir "$B" \
  >"$WORK/st-setup-b.txt" 2>&1 || fail "site syncthing on B: $(cat "$WORK/st-setup-b.txt")"
grep -q "introducer $ID_A" "$WORK/st-setup-b.txt" || fail "B did not take A as introducer: $(cat "$WORK/st-setup-b.txt")"
ID_B=$(api B GET /rest/system/status | jq -r .myID)
for n in A B; do
  o=$(api "$n" GET /rest/config/options)
  [ "$(jq '[.globalAnnounceEnabled, .relaysEnabled, .natEnabled, .localAnnounceEnabled] | tostring' <<<"$o")" = '"[false,false,false,true]"' ] \
    || fail "Syncthing $n options: $o"
  # Loopback here: no LAN broadcasts from the test.
  api "$n" PATCH /rest/config/options '{"localAnnounceEnabled": false}' >/dev/null
done
A_ID=$(H site status --json --data-dir "$A" 2>/dev/null | jq -r '.kiosks[] | select(.this_kiosk) | .id')
B_ID=$(H site status --json --data-dir "$B" 2>/dev/null | jq -r '.kiosks[] | select(.this_kiosk) | .id')
SITE=$(H site status --json --data-dir "$A" 2>/dev/null | jq -r .site_id)
FOLDER_A="hocso-${SITE:0:8}-$A_ID"
FOLDER_B="hocso-${SITE:0:8}-$B_ID"

# Started directly (not through H, a function: `H … &` would be a subshell
# whose PID is not the service's).
"$HOCSO" --config "$WORK/hocso.toml" sync run --data-dir "$A" >"$WORK/run-a.log" 2>&1 &
RUN_A=$!
"$HOCSO" --config "$WORK/hocso.toml" sync run --data-dir "$B" >"$WORK/run-b.log" 2>&1 &
RUN_B=$!
# The watchers accept each other: A takes B's device (its name verifies),
# then each takes the other's folder, receive-only.
folder_type() { api "$1" GET /rest/config | jq -r --arg f "$2" '.folders[] | select(.id == $f) | .type'; }
t=$(date +%s)
for _ in $(seq 1 120); do
  [ "$(folder_type A "$FOLDER_B")" = receiveonly ] && [ "$(folder_type B "$FOLDER_A")" = receiveonly ] && break
  sleep 0.5
done
[ "$(folder_type A "$FOLDER_A")" = sendonly ] && [ "$(folder_type B "$FOLDER_B")" = sendonly ] || fail "own folders are not send-only"
[ "$(folder_type A "$FOLDER_B")" = receiveonly ] || fail "A did not take B's folder: $(cat "$WORK/run-a.log")"
[ "$(folder_type B "$FOLDER_A")" = receiveonly ] || fail "B did not take A's folder: $(cat "$WORK/run-b.log")"
api A GET /rest/config | jq -e --arg d "$ID_B" '.devices[] | select(.deviceID == $d) | .name | startswith("hocso:")' >/dev/null \
  || fail "A does not hold B's device under its site name"
echo "the two kiosks' Syncthing paired on their own in $(( $(date +%s) - t )) s"

# ---- 2. She registers on A and signs in on B -------------------------------
# Background watch: when A holds her, and when B does.
(
  while [ "$(q "$A" "SELECT COUNT(*) FROM learners" 2>/dev/null || echo 0)" = 0 ]; do sleep 0.1; done
  date +%s.%N >"$WORK/t-registered"
  while [ "$(q "$B" "SELECT COUNT(*) FROM learners WHERE origin_kiosk IS NOT NULL" 2>/dev/null || echo 0)" = 0 ]; do sleep 0.1; done
  date +%s.%N >"$WORK/t-on-b"
) &
POLL=$!
DATA="$A" run_script site_part1 --config "$WORK/hocso.toml"
ANSWERS_A=$(q "$A" "SELECT COUNT(*) FROM answers")
for _ in $(seq 1 240); do
  [ -s "$WORK/t-on-b" ] && [ "$(q "$B" "SELECT COUNT(*) FROM answers")" = "$ANSWERS_A" ] && break
  sleep 0.25
done
[ -s "$WORK/t-on-b" ] || fail "B never got A's learner; A: $(tail -5 "$WORK/run-a.log"); B: $(tail -5 "$WORK/run-b.log")"
[ "$(q "$B" "SELECT COUNT(*) FROM answers")" = "$ANSWERS_A" ] || fail "B lacks her answers"
wait "$POLL" 2>/dev/null || true
POLL=""
A_TO_B=$(awk -v a="$(cat "$WORK/t-registered")" -v b="$(cat "$WORK/t-on-b")" 'BEGIN { printf "%.1f", b - a }')
echo "A→B: B held her $A_TO_B s after she registered on A"
[ "$(H site status --json --data-dir "$B" 2>/dev/null | jq .learners_from_peers)" = 1 ] || fail "B's status: no learner from A"
DATA="$B" run_script site_part2 --config "$WORK/hocso.toml"
cmp -s "$OUT/site-01-home-on-a.png" "$OUT/site-02-home-on-b.png" || fail "her home page on B differs from the one on A"

# ---- 3. More on both kiosks; Syncthing on B killed and restarted -----------
H simulate --practice-only --learners 5 --seed 41 --data-dir "$B" >/dev/null 2>&1 || fail "simulate on B"
segs_a() { ls "$A/site/$A_ID" | grep -c '^seg-' || true; }
before=$(segs_a)
H simulate --practice-only --learners 8 --seed 42 --data-dir "$A" >/dev/null 2>&1 || fail "simulate on A"
for _ in $(seq 1 100); do [ "$(segs_a)" -gt "$before" ] && break; sleep 0.1; done
[ "$(segs_a)" -gt "$before" ] || fail "A's watcher wrote no segment for the new learners"
kill -KILL "$ST_B"
wait "$ST_B" 2>/dev/null || true
ST_B=""
before=$(segs_a)
H simulate --practice-only --learners 8 --seed 43 --data-dir "$A" >/dev/null 2>&1 || fail "simulate on A (B's Syncthing down)"
for _ in $(seq 1 100); do [ "$(segs_a)" -gt "$before" ] && break; sleep 0.1; done
sleep 3
st_start B "$GUI_B"
LEARNERS_A=$(q "$A" "SELECT COUNT(*) FROM learners WHERE origin_kiosk IS NULL")
LEARNERS_B=$(q "$B" "SELECT COUNT(*) FROM learners WHERE origin_kiosk IS NULL")
ANSWERS_A=$(q "$A" "SELECT COUNT(*) FROM answers an JOIN attempts at ON at.id = an.attempt_id WHERE at.origin_kiosk IS NULL AND at.finished_at IS NOT NULL")
ANSWERS_B=$(q "$B" "SELECT COUNT(*) FROM answers an JOIN attempts at ON at.id = an.attempt_id WHERE at.origin_kiosk IS NULL AND at.finished_at IS NOT NULL")
ok=0
for _ in $(seq 1 240); do
  if [ "$(q "$B" "SELECT COUNT(*) FROM learners WHERE origin_kiosk = '$A_ID'")" = "$LEARNERS_A" ] &&
     [ "$(q "$A" "SELECT COUNT(*) FROM learners WHERE origin_kiosk = '$B_ID'")" = "$LEARNERS_B" ] &&
     [ "$(q "$B" "SELECT COUNT(*) FROM attempts WHERE origin_kiosk = '$A_ID'")" = "$(q "$A" "SELECT COUNT(*) FROM attempts WHERE origin_kiosk IS NULL AND finished_at IS NOT NULL")" ]; then
    ok=1; break
  fi
  sleep 0.5
done
[ "$ok" = 1 ] || fail "after B's Syncthing restarted: B has $(q "$B" "SELECT COUNT(*) FROM learners WHERE origin_kiosk = '$A_ID'") of A's $LEARNERS_A learners, A has $(q "$A" "SELECT COUNT(*) FROM learners WHERE origin_kiosk = '$B_ID'") of B's $LEARNERS_B"
[ "$(q "$B" "SELECT COUNT(*) FROM answers an JOIN attempts at ON at.id = an.attempt_id WHERE at.origin_kiosk = '$A_ID'")" = "$ANSWERS_A" ] \
  || fail "B lacks some of A's answers"
[ "$(q "$A" "SELECT COUNT(*) FROM answers an JOIN attempts at ON at.id = an.attempt_id WHERE at.origin_kiosk = '$B_ID'")" = "$ANSWERS_B" ] \
  || fail "A lacks some of B's answers"
for d in "$A" "$B"; do
  st=$(H site status --json --data-dir "$d" 2>/dev/null)
  [ "$(jq .conflicts <<<"$st")" = 0 ] || fail "conflicts: $st"
  [ "$(jq '[.kiosks[] | select(.this_kiosk | not) | .segments_behind] | add' <<<"$st")" = 0 ] || fail "segments behind: $st"
done
# No record twice: every learner id once on each kiosk.
[ "$(q "$B" "SELECT COUNT(*) - COUNT(DISTINCT id) FROM learners")" = 0 ] || fail "a learner twice on B"
[ "$(q "$A" "PRAGMA integrity_check")" = ok ] && [ "$(q "$B" "PRAGMA integrity_check")" = ok ] || fail "a kiosk.db is damaged"

# ---- 4. The LRS: each statement once, from its own kiosk -------------------
for d in "$A" "$B"; do
  for _ in $(seq 1 240); do
    [ "$(q "$d" "SELECT COUNT(*) FROM outbox WHERE endpoint = 'lrs' AND state = 'pending'")" = 0 ] && break
    sleep 0.5
  done
done
ids() { q "$1" "SELECT record_id FROM outbox WHERE endpoint = 'lrs' AND state != 'quarantined' ORDER BY seq"; }
ids "$A" >"$WORK/ids-a.txt"
ids "$B" >"$WORK/ids-b.txt"
[ -s "$WORK/ids-a.txt" ] && [ -s "$WORK/ids-b.txt" ] || fail "an outbox is empty"
[ -z "$(comm -12 <(sort "$WORK/ids-a.txt") <(sort "$WORK/ids-b.txt"))" ] || fail "a statement is queued on both kiosks"
cat "$WORK/ids-a.txt" "$WORK/ids-b.txt" >"$WORK/ids.txt"
node "$LRS_TOOLS/lrs_check.js" "$LRS_ENDPOINT" "$WORK/ids.txt" || fail "the LRS does not hold each statement of both kiosks exactly once"

# ---- Figures ---------------------------------------------------------------
ta=$(cpu_ticks "$RUN_A"); tb=$(cpu_ticks "$RUN_B"); sa=$(cpu_ticks "$ST_A"); sb=$(cpu_ticks "$ST_B")
sleep 10
hz=$(getconf CLK_TCK)
idle() { awk -v a="$1" -v b="$2" -v hz="$hz" 'BEGIN { printf "%.1f", (b - a) * 100 / hz / 10 }'; }
echo "idle CPU over 10 s: watcher A $(idle "$ta" "$(cpu_ticks "$RUN_A")") %, watcher B $(idle "$tb" "$(cpu_ticks "$RUN_B")") %," \
     "Syncthing A $(idle "$sa" "$(cpu_ticks "$ST_A")") %, Syncthing B $(idle "$sb" "$(cpu_ticks "$ST_B")") %"
echo "Syncthing RSS: A $(( $(rss_kib "$ST_A") / 1024 )) MiB, B $(( $(rss_kib "$ST_B") / 1024 )) MiB (B since its restart)"
echo "learners: A $LEARNERS_A + B $LEARNERS_B; LRS statements: $(wc -l <"$WORK/ids.txt"), each once; A→B $A_TO_B s; total $(( $(date +%s) - T0 )) s"
# The watchers stop on SIGTERM like the sync service always did.
for v in RUN_A RUN_B; do
  kill -TERM "${!v}"
  rc=0; wait "${!v}" || rc=$?
  [ "$rc" = 0 ] || fail "$v exited $rc on SIGTERM"
  printf -v "$v" '%s' ""
done
grep -q "stopping on SIGTERM" "$WORK/run-a.log" || fail "A's service did not stop on SIGTERM"
echo "1 passed, 0 failed"
