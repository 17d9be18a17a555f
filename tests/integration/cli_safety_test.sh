#!/usr/bin/env bash
# CLI safety (issue 11): bad inputs fail with one clear line instead of a
# crash or a silent default — a folder as --config, an empty --data-dir,
# text_scale = nan, /dev/zero as a config, token, PIN, passphrase, key backup,
# certificate or pack; commands that only look never create a data dir or
# database and work on a read-only copy (run as `nobody`); kiosk.db, logs and
# keys are private to the kiosk's user and group; an interrupted install's
# temporary files are removed by the next install.
# Usage: cli_safety_test.sh HOCSO SOURCE_DIR
set -euo pipefail
HOCSO="$1"; SRC="$2"
WORK="$(mktemp -d)"
chmod 755 "$WORK"  # the read-only copy below is read by `nobody`
trap 'rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
cd "$WORK"
umask 022  # a shell's usual umask: the binaries must not depend on it
export HOME="$WORK/home" XDG_DATA_HOME="" XDG_CONFIG_HOME=""
mkdir -p "$HOME"

# run NAME CMD...: runs a hocso command with a memory ceiling (the old code
# read /dev/zero until memory ran out) and a time limit; leaves its exit
# code in $rc and its stderr in NAME.err.
run() {
  local name="$1"; shift
  set +e
  (ulimit -v 4000000; timeout 60 "$@") >"$name.out" 2>"$name.err"
  rc=$?
  set -e
  [ "$rc" != 124 ] || fail "$name: still running after 60 s"
  [ "$rc" -lt 128 ] || fail "$name: crashed (exit $rc): $(tail -3 "$name.err")"
}
# refused NAME PATTERN CMD...: non-zero exit, one line on stderr matching PATTERN.
refused() {
  local name="$1" pattern="$2"; shift 2
  run "$name" "$@"
  [ "$rc" != 0 ] || fail "$name: exit 0, expected a refusal"
  [ "$(wc -l <"$name.err")" = 1 ] || fail "$name: expected one line on stderr, got: $(cat "$name.err")"
  grep -q -- "$pattern" "$name.err" || fail "$name: stderr does not say '$pattern': $(cat "$name.err")"
}

# ---- configuration and flags -------------------------------------------------
mkdir confdir
refused config-dir "is a folder" "$HOCSO" --config "$WORK/confdir" --data-dir "$WORK/d0" sync status
refused data-dir-empty "data-dir is empty" "$HOCSO" --data-dir "" sync once
[ ! -e "$HOME/.local" ] || fail "--data-dir \"\" wrote into the home directory"
printf '[kiosk]\ntext_scale = nan\n' >nan.toml
refused config-nan "kiosk.text_scale" "$HOCSO" --config nan.toml --data-dir "$WORK/d0" sync status
[ "$rc" = 78 ] || fail "text_scale = nan: exit $rc, expected 78"
refused config-zero "/dev/zero" "$HOCSO" --config /dev/zero --data-dir "$WORK/d0" sync status
[ ! -e "$WORK/d0" ] || fail "a refused configuration still created the data dir"

# ---- a kiosk with some records -----------------------------------------------
D="$WORK/data"
"$HOCSO" simulate --learners 3 --seed 7 --data-dir "$D" >/dev/null 2>sim.err || fail "simulate: $(cat sim.err)"
HD=("$HOCSO" --data-dir "$D")
H() { "${HD[@]}" "$@"; }

# ---- files that never end ----------------------------------------------------
printf '[sync.lrs]\nendpoint = "http://127.0.0.1:9/xAPI/"\nauth = "bearer"\ntoken_file = "/dev/zero"\n' >token.toml
refused token-zero "/dev/zero" "${HD[@]}" --config token.toml sync once
echo 12345678 >pass.txt
refused restore-zero "/dev/zero" "${HD[@]}" keys restore /dev/zero --passphrase-file pass.txt
refused restore-pass-zero "/dev/zero" "${HD[@]}" keys restore pass.txt --passphrase-file /dev/zero
refused cert-zero "/dev/zero" "${HD[@]}" cert verify /dev/zero
refused cert-urandom "/dev/urandom" "${HD[@]}" cert verify /dev/urandom
refused pin-zero "/dev/zero" "${HD[@]}" facilitator add --name "Trần Văn Bình" --pin-file /dev/zero
refused pack-zero "/dev/zero" "${HD[@]}" content inspect /dev/zero
refused pack-urandom "/dev/urandom" "${HD[@]}" content install /dev/urandom
refused import-zero "/dev/zero" "${HD[@]}" sync import /dev/zero --key /dev/zero

# ---- permissions ---------------------------------------------------------------
mode() { stat -c %a "$1"; }
check_private() {
  [ "$(( 0$(mode "$D") & 027 ))" = 0 ] || fail "data dir is $(mode "$D"), expected 750 or stricter"
  for f in "$D"/kiosk.db "$D"/logs/*.log; do
    [ "$(( 0$(mode "$f") & 037 ))" = 0 ] || fail "$f is $(mode "$f"), expected 640 or stricter"
  done
  [ "$(( 0$(mode "$D/logs") & 027 ))" = 0 ] || fail "logs/ is $(mode "$D/logs"), expected 750 or stricter"
  [ "$(( 0$(mode "$D/keys") & 077 ))" = 0 ] || fail "keys/ is $(mode "$D/keys"), expected 700"
  for f in "$D"/keys/*; do
    [ "$(( 0$(mode "$f") & 077 ))" = 0 ] || fail "$f is $(mode "$f"), expected 600"
  done
}
check_private
# A data dir left world-readable (an older version, a copy) is fixed on the next open.
chmod 755 "$D" "$D/logs" "$D/keys"; chmod 644 "$D/kiosk.db" "$D"/logs/*.log "$D"/keys/*
H kiosk resume >/dev/null 2>resume.err || fail "kiosk resume: $(cat resume.err)"
check_private

# ---- commands that only look: a mistyped --data-dir ----------------------------
T="$WORK/hocso-typo"
NOT_THERE="error: no kiosk database at $T; check --data-dir"
for cmd in "sync status" "sync status --json" "records verify" "records export --format jsonl" "report" \
           "kiosk status" "cert list"; do
  # shellcheck disable=SC2086
  refused "typo-${cmd// /-}" "no kiosk database" "$HOCSO" --data-dir "$T" $cmd
  [ "$(cat "typo-${cmd// /-}.err")" = "$NOT_THERE" ] || fail "$cmd: $(cat "typo-${cmd// /-}.err")"
  [ ! -e "$T" ] || fail "'$cmd' created $T"
done
"$HOCSO" content build "$SRC/content/packs/starter" -o starter.hocsopack >/dev/null 2>build.err || fail "content build: $(cat build.err)"
"$HOCSO" --data-dir "$T" content inspect starter.hocsopack >/dev/null 2>inspect.err || fail "content inspect: $(cat inspect.err)"
"$HOCSO" --data-dir "$T" content verify starter.hocsopack >/dev/null 2>verify.err || fail "content verify: $(cat verify.err)"
[ ! -e "$T" ] || fail "content inspect/verify created $T"

# ---- commands that only look: a read-only copy, as another user ----------------
RO="$WORK/readonly-copy"
cp -a "$D" "$RO"
chmod -R a+rX "$RO"; chmod -R a-w "$RO"
before=$(find "$RO" -printf '%p %s %T@\n' | sort | md5sum)
NOBODY=(setpriv --reuid=nobody --regid=nogroup --clear-groups --)
run ro-verify "${NOBODY[@]}" "$HOCSO" --data-dir "$RO" records verify
[ "$rc" = 0 ] || fail "records verify on a read-only copy: exit $rc: $(cat ro-verify.err)"
grep -q "records intact" ro-verify.out || fail "records verify: $(cat ro-verify.out)"
run ro-export "${NOBODY[@]}" "$HOCSO" --data-dir "$RO" records export --format jsonl
[ "$rc" = 0 ] || fail "records export on a read-only copy: exit $rc: $(cat ro-export.err)"
[ "$(wc -l <ro-export.out)" -gt 3 ] || fail "records export printed $(wc -l <ro-export.out) lines"
cmp -s ro-export.out <(H records export --format jsonl) || fail "the read-only export differs from the original's"
run ro-report "${NOBODY[@]}" "$HOCSO" --data-dir "$RO" report --format json
[ "$rc" = 0 ] || fail "report on a read-only copy: exit $rc: $(cat ro-report.err)"
jq -e . ro-report.out >/dev/null || fail "report: not JSON"
for cmd in "sync status" "kiosk status" "cert list"; do
  # shellcheck disable=SC2086
  run ro-other "${NOBODY[@]}" "$HOCSO" --data-dir "$RO" $cmd
  [ "$rc" = 0 ] || fail "$cmd on a read-only copy: exit $rc: $(cat ro-other.err)"
done
[ "$(find "$RO" -printf '%p %s %T@\n' | sort | md5sum)" = "$before" ] || fail "a read-only command changed the copy"

# ---- an interrupted install's temporary files ----------------------------------
dead=$(sh -c 'echo $$')
mkdir -p "$D/packs"
head -c 100000 /dev/zero >"$D/packs/.incoming-$dead.tmp"
head -c 100000 /dev/zero >"$D/packs/.previous-$dead.tmp"
H content install starter.hocsopack >/dev/null 2>install.err || fail "content install: $(cat install.err)"
[ ! -e "$D/packs/.incoming-$dead.tmp" ] && [ ! -e "$D/packs/.previous-$dead.tmp" ] \
  || fail "the install left an interrupted install's temporary files: $(ls -a "$D/packs")"

echo "cli safety: clear refusals, nothing created by read-only commands, read-only copy readable, private files"
echo "1 passed, 0 failed"
