#!/usr/bin/env bash
# UI: when hocso-kiosk cannot open its records, it says so on the screen (in
# Vietnamese, with what the technician should do) instead of exiting to a
# black screen that systemd restarts in a loop; and it changes nothing in the
# data dir. Two causes: the data key is gone while kiosk.db holds encrypted
# names (keys and records do not match), and a kiosk.db written by a newer
# HọcSố, and a site kiosk whose site key is gone. Each notice is saved as a
# screenshot; they must differ.
# Usage: startup_notice_test.sh HOCSO_KIOSK HOCSO PNG_STATS SOURCE_DIR OUT_DIR
set -euo pipefail
KIOSK="$1"; HOCSO="$2"; STATS="$3"; SRC="$4"; OUT="$5"
source "$SRC/tests/ui/ui_lib.sh"
use_pack citizen
H() { "$HOCSO" --config "$WORK/hocso.toml" --data-dir "$DATA" "$@"; }
H simulate --learners 2 --seed 5 >/dev/null || fail "simulate"
# Every file of the data dir, with its hash: the notice must leave them alone.
snapshot() { (cd "$DATA" && find . -type f ! -name '*.log*' ! -path './logs/*' -print0 | sort -z | xargs -0 sha256sum); }

# notice NAME: runs the kiosk once with --screenshot; it must show a notice
# (exit 0 with a non-blank screenshot), print the English reason on stderr
# and leave the data dir as it was.
notice() {
  local name="$1" png="$OUT/startup-notice-$1.png"
  rm -f "$png"
  snapshot >"$WORK/before.txt"
  with_xvfb -s "1366x768x24" "$KIOSK" --renderer software --windowed --no-sync --config "$WORK/hocso.toml" \
    --data-dir "$DATA" --screenshot "$png" 2>"$WORK/$name.log" \
    || { cat "$WORK/$name.log" >&2; fail "$name: hocso-kiosk exited non-zero instead of showing a notice"; }
  [ -s "$png" ] || fail "$name: no notice was shown"
  "$STATS" "$png" >/dev/null || fail "$name: the notice looks blank"
  snapshot >"$WORK/after.txt"
  diff "$WORK/before.txt" "$WORK/after.txt" >&2 || fail "$name: the data dir was changed"
}

# 1. The data key is missing: the kiosk must not make a new one.
mv "$DATA/keys/data.key" "$WORK/data.key"
notice missing-key
grep -q "error: .*restore" "$WORK/missing-key.log" || fail "missing-key: stderr does not say to restore the keys"
[ ! -e "$DATA/keys/data.key" ] || fail "a new data key was made"
mv "$WORK/data.key" "$DATA/keys/data.key"

# 2. A kiosk.db from a newer HọcSố.
sqlite3 "$DATA/kiosk.db" "INSERT INTO schema_migrations (module, version, applied_at) SELECT module, 999, '2030-01-01' FROM schema_migrations LIMIT 1"
notice newer-schema
grep -q "error: .*newer" "$WORK/newer-schema.log" || fail "newer-schema: stderr does not name the cause"
if cmp -s "$OUT/startup-notice-missing-key.png" "$OUT/startup-notice-newer-schema.png"; then
  fail "both causes show the same notice"
fi
sqlite3 "$DATA/kiosk.db" "DELETE FROM schema_migrations WHERE version = 999"

# 3. A kiosk of a site whose site key is gone: learners whose PIN was set
# on the site would all be told "wrong PIN", so it stops with a notice;
# joining the site again with its invite puts the key back.
printf '482913\n' >"$WORK/site-pin"
H site init --name "Xã Thử" -o "$WORK/invite.json" --pin-file "$WORK/site-pin" >/dev/null || fail "site init"
mv "$DATA/keys/site.key" "$WORK/site.key"
notice missing-site-key
grep -q "error: .*site key.*missing" "$WORK/missing-site-key.log" || fail "missing-site-key: stderr does not name the site key"
if cmp -s "$OUT/startup-notice-missing-key.png" "$OUT/startup-notice-missing-site-key.png"; then
  fail "a missing site key shows the data key's notice"
fi
H site join "$WORK/invite.json" --pin-file "$WORK/site-pin" >/dev/null || fail "joining the site again did not put the key back"
cmp -s "$DATA/keys/site.key" "$WORK/site.key" || fail "the key put back is not the site's key"

# 4. Put right, the kiosk opens as before.
with_xvfb -s "1366x768x24" "$KIOSK" --renderer software --windowed --no-sync --config "$WORK/hocso.toml" \
  --data-dir "$DATA" --screenshot "$OUT/startup-notice-fixed.png" 2>"$WORK/fixed.log" \
  || { cat "$WORK/fixed.log" >&2; fail "the kiosk does not open once the key is back"; }
grep -q "error:" "$WORK/fixed.log" && fail "an error after the fix: $(grep error: "$WORK/fixed.log")"
echo "4 passed, 0 failed"
