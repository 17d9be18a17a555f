#!/usr/bin/env bash
# The part of deploy.package that runs inside `unshare --net --mount` (see
# package_test.sh, which prepares ROOTFS and the bundles and exports the
# variables used here): install from the offline bundle with no network,
# provision + doctor (when the installed hocso has them), the kiosk unit's
# command under a headless cage, upgrade, refused downgrade, remove, purge.
set -euo pipefail
fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo "== $*"; }
: "${ROOTFS:?}" "${WORK:?}" "${B_OLD:?}" "${B_NEW:?}" "${OLD:?}" "${NEW:?}" "${SRC:?}" "${STATS:?}" "${OUT:?}" "${DEB_OLD:?}"
# shellcheck source=../integration/lrs_env.sh
source "$SRC/tests/integration/lrs_env.sh"
trap 'stop_lrs' EXIT

# Loopback only; mounts private to this namespace.
ip link set lo up 2>/dev/null || fail "cannot bring up loopback in the test's network namespace"
[ "$(ls /sys/class/net 2>/dev/null | tr '\n' ' ')" = "lo " ] || true   # (host sysfs: informational)
mount --make-rprivate /
mount -t proc proc "$ROOTFS/proc"
mount --rbind /dev "$ROOTFS/dev"
mount -t sysfs sysfs "$ROOTFS/sys"
mount -t tmpfs -o mode=0755 tmpfs "$ROOTFS/run"
mkdir -p "$ROOTFS/run/lock"
[ "$(ls "$ROOTFS/sys/class/net" | tr '\n' ' ')" = "lo " ] || fail "the root sees network interfaces other than lo: $(ls "$ROOTFS/sys/class/net")"

in_root() { chroot "$ROOTFS" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }
as_hocso() { in_root runuser -u hocso -- "$@"; }
pkg_state() { in_root dpkg-query -W -f='${db:Status-Abbrev}${Version}' hocso-kiosk 2>/dev/null | tr -s ' ' || true; }
mode_of() { in_root stat -c '%a %U %G' "$1"; }

step "no network inside the root"
if in_root getent hosts deb.debian.org >/dev/null 2>&1; then fail "deb.debian.org resolves inside the test root"; fi

step "install $OLD from the offline bundle"
in_root sh "$B_OLD/install.sh" >"$WORK/install-old.log" 2>&1 || { cat "$WORK/install-old.log"; fail "install.sh of $OLD failed"; }
tail -5 "$WORK/install-old.log"
[ "$(pkg_state)" = "ii $OLD" ] || fail "hocso-kiosk is '$(pkg_state)', expected 'ii $OLD'"
for f in /usr/bin/hocso /usr/bin/hocso-kiosk; do [ -x "$ROOTFS$f" ] || fail "$f is not installed"; done
for f in /usr/share/hocso/packs/default.hocsopack /usr/share/hocso/keys/default-pack.pub \
         /usr/share/hocso/assets/i18n/vi.po /usr/share/hocso/content/frameworks/qd757.toml \
         /lib/systemd/system/hocso-kiosk.service /lib/systemd/system/hocso-sync.service \
         /etc/pam.d/hocso-kiosk /usr/share/doc/hocso-kiosk/README.md \
         /usr/share/fonts/truetype/noto/NotoSans-Regular.ttf /usr/bin/cage /usr/bin/Xwayland; do
  [ -e "$ROOTFS$f" ] || fail "$f is missing after the install"
done
# USB sticks with no desktop: udev runs the installed mount script.
[ -x "$ROOTFS/usr/libexec/hocso/hocso-usb-mount" ] || fail "the USB mount script is not installed"
grep -q 'RUN{program}+="/usr/libexec/hocso/hocso-usb-mount"' "$ROOTFS/lib/udev/rules.d/90-hocso-usb.rules" \
  || fail "the udev rule does not run the installed USB mount script"
[ -x "$ROOTFS/usr/bin/systemd-mount" ] || fail "systemd-mount (used by the USB rule) is missing"
for u in hocso-kiosk hocso-sync; do
  [ -L "$ROOTFS/etc/systemd/system/multi-user.target.wants/$u.service" ] || fail "$u.service is not enabled"
done
in_root getent passwd hocso >/dev/null || fail "no user hocso"
[ "$(mode_of /var/lib/hocso)" = "750 hocso hocso" ] || fail "/var/lib/hocso is $(mode_of /var/lib/hocso)"
[ "$(mode_of /etc/hocso)" = "750 root hocso" ] || fail "/etc/hocso is $(mode_of /etc/hocso)"
[ "$(mode_of /etc/hocso/hocso.toml)" = "640 root hocso" ] || fail "/etc/hocso/hocso.toml is $(mode_of /etc/hocso/hocso.toml)"
grep -q '/etc/hocso/hocso.toml' "$ROOTFS/var/lib/dpkg/info/hocso-kiosk.conffiles" || fail "hocso.toml is not a conffile"
if grep -Eq '^(password|token) *= *"[^"]' "$ROOTFS/etc/hocso/hocso.toml"; then fail "hocso.toml ships a secret"; fi
in_root hocso content verify /usr/share/hocso/packs/default.hocsopack --pubkey /usr/share/hocso/keys/default-pack.pub \
  || fail "the installed default pack does not verify"

# (`hocso X --help` exits 0 for an unknown X too: look at the list of subcommands)
has_command() { in_root hocso --help 2>/dev/null | grep -qE "^  $1 "; }
if has_command provision; then
  step "provision against the test LRS on loopback"
  start_lrs "$WORK"
  printf 'test\n' >"$ROOTFS/root/lrs.pw"
  printf '2468\n' >"$ROOTFS/root/pin"
  chmod 600 "$ROOTFS/root/lrs.pw" "$ROOTFS/root/pin"
  in_root hocso provision --non-interactive --site-id ci-site --site-name "Nhà văn hóa CI" \
    --lrs-endpoint "$LRS_ENDPOINT" --lrs-username test --lrs-password-file /root/lrs.pw \
    --facilitator-name "Trần Văn Bình" --facilitator-pin-file /root/pin >"$WORK/provision.log" 2>&1 \
    || { cat "$WORK/provision.log"; fail "hocso provision failed"; }
  if grep -q 'password *= *"test"' "$ROOTFS/etc/hocso/hocso.toml"; then fail "provision put the LRS password in hocso.toml"; fi
  grep -q 'ci-site' "$ROOTFS/etc/hocso/hocso.toml" || fail "provision did not record the site id in hocso.toml"
else
  echo "SKIP (provision): the installed hocso has no 'provision' command yet"
fi
if has_command doctor; then
  step "hocso doctor --json"
  in_root hocso doctor --json >"$WORK/doctor.json" 2>"$WORK/doctor.err" || true
  cat "$WORK/doctor.json"
  [ "$(jq -r .ok "$WORK/doctor.json")" = true ] || { cat "$WORK/doctor.err"; fail "doctor is not ok"; }
  if has_command provision; then
    # The services run as hocso: they must read the secrets provisioning wrote
    # (root:hocso 0640 in a 0750 folder), and nobody else may.
    [ "$(mode_of /etc/hocso/secrets)" = "750 root hocso" ] || fail "/etc/hocso/secrets is $(mode_of /etc/hocso/secrets)"
    [ "$(mode_of /etc/hocso/secrets/lrs-password)" = "640 root hocso" ] \
      || fail "the LRS password file is $(mode_of /etc/hocso/secrets/lrs-password)"
    as_hocso hocso doctor --json >"$WORK/doctor-hocso.json" 2>"$WORK/doctor-hocso.err" || true
    [ "$(jq -r '.checks[] | select(.name == "lrs") | .ok' "$WORK/doctor-hocso.json")" = true ] \
      || { cat "$WORK/doctor-hocso.json" "$WORK/doctor-hocso.err"; fail "as hocso (the services' user) the LRS check fails"; }
  fi
else
  echo "SKIP (doctor): the installed hocso has no 'doctor' command yet"
fi

step "the kiosk unit's command as hocso under a headless cage"
UNIT="$ROOTFS/lib/systemd/system/hocso-kiosk.service"
for want in '^User=hocso$' '^Restart=always$' '^TTYPath=/dev/tty1$' '^Environment=WLR_RENDERER=pixman$' \
            '^Environment=SDL_VIDEODRIVER=x11$' '^Environment=HOCSO_RENDERER=software$' '^Conflicts=getty@tty1.service$'; do
  grep -q "$want" "$UNIT" || fail "hocso-kiosk.service lacks $want"
done
mapfile -t UNIT_ENV < <(sed -n 's/^Environment=//p' "$UNIT")
EXEC="$(sed -n 's/^ExecStart=//p' "$UNIT")"
case "$EXEC" in /usr/bin/cage*hocso-kiosk*) ;; *) fail "unexpected ExecStart: $EXEC" ;; esac
uid="$(in_root id -u hocso)"
mkdir -p "$ROOTFS/run/user/$uid"
chown "$uid:$uid" "$ROOTFS/run/user/$uid"
chmod 0700 "$ROOTFS/run/user/$uid"
SHOT=/var/lib/hocso/cage-headless.png
# systemd expands $CAGE_ARGS and ${HOCSO_RENDERER} from Environment=; sh does the same here.
if ! timeout 120 chroot "$ROOTFS" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
      runuser -u hocso -- env "${UNIT_ENV[@]}" XDG_RUNTIME_DIR="/run/user/$uid" \
      WLR_BACKENDS=headless WLR_LIBINPUT_NO_DEVICES=1 \
      sh -c "cd /var/lib/hocso && exec $EXEC --screenshot $SHOT" >"$WORK/cage.log" 2>&1; then
  tail -40 "$WORK/cage.log"; fail "cage did not exit 0 (it exits 0 even when the kiosk fails: the screenshot is the check)"
fi
[ -s "$ROOTFS$SHOT" ] || { tail -40 "$WORK/cage.log"; fail "no screenshot from the kiosk under cage"; }
cp "$ROOTFS$SHOT" "$OUT/kiosk-cage-headless.png"
stats="$("$STATS" "$ROOTFS$SHOT")" || fail "the screenshot under cage looks blank: $stats"
echo "screenshot $OUT/kiosk-cage-headless.png: $stats"
grep -q "renderer: software" "$WORK/cage.log" || { tail -20 "$WORK/cage.log"; fail "the kiosk did not use the software renderer"; }
[ "$(in_root stat -c %U /var/lib/hocso/kiosk.db)" = hocso ] || fail "kiosk.db is not owned by hocso"

step "data, then upgrade to $NEW from the newer bundle"
as_hocso hocso simulate --learners 3 --seed 7 >/dev/null || fail "hocso simulate failed"
count() { as_hocso hocso records export --format jsonl | wc -l; }
before="$(count)"
[ "$before" -gt 0 ] || fail "no records before the upgrade"
sum_before="$(as_hocso hocso records verify 2>&1 | tail -1)"
echo "# a technician's edit, kept on upgrade" >>"$ROOTFS/etc/hocso/hocso.toml"
in_root sh "$B_NEW/install.sh" >"$WORK/install-new.log" 2>&1 || { cat "$WORK/install-new.log"; fail "install.sh of $NEW failed"; }
[ "$(pkg_state)" = "ii $NEW" ] || fail "after the upgrade hocso-kiosk is '$(pkg_state)'"
[ "$(count)" = "$before" ] || fail "the upgrade changed the records: $before before, $(count) after"
as_hocso hocso records verify >/dev/null || fail "records verify fails after the upgrade"
echo "records before: $sum_before"
grep -q "technician's edit" "$ROOTFS/etc/hocso/hocso.toml" || fail "the upgrade replaced the edited hocso.toml"
[ "$(mode_of /etc/hocso/hocso.toml)" = "640 root hocso" ] || fail "after the upgrade hocso.toml is $(mode_of /etc/hocso/hocso.toml)"
[ "$(mode_of /var/lib/hocso)" = "750 hocso hocso" ] || fail "after the upgrade /var/lib/hocso is $(mode_of /var/lib/hocso)"
in_root sh "$B_NEW/install.sh" >"$WORK/install-again.log" 2>&1 || { cat "$WORK/install-again.log"; fail "a second install.sh of $NEW failed"; }

step "downgrade to $OLD is refused"
if in_root sh "$B_OLD/install.sh" >"$WORK/downgrade-bundle.log" 2>&1; then fail "the older bundle installed over $NEW"; fi
cat "$WORK/downgrade-bundle.log"
grep -q "refusing to downgrade" "$WORK/downgrade-bundle.log" || fail "the older bundle's refusal does not say why"
if in_root dpkg -i "/root/$(basename "$DEB_OLD")" >"$WORK/downgrade-dpkg.log" 2>&1; then fail "dpkg -i of $OLD downgraded $NEW"; fi
grep "refusing to downgrade" "$WORK/downgrade-dpkg.log" || { cat "$WORK/downgrade-dpkg.log"; fail "the preinst's refusal does not say why"; }
[ "$(pkg_state)" = "ii $NEW" ] || fail "after the refused downgrade hocso-kiosk is '$(pkg_state)'"
[ "$(count)" = "$before" ] || fail "the refused downgrade changed the data"

step "remove keeps data and configuration; purge keeps the data and says so"
in_root dpkg --remove hocso-kiosk >"$WORK/remove.log" 2>&1 || { cat "$WORK/remove.log"; fail "dpkg --remove failed"; }
[ ! -e "$ROOTFS/usr/bin/hocso" ] || fail "/usr/bin/hocso is left after remove"
[ -f "$ROOTFS/etc/hocso/hocso.toml" ] || fail "remove deleted hocso.toml"
[ -s "$ROOTFS/var/lib/hocso/kiosk.db" ] || fail "remove deleted kiosk.db"
in_root dpkg --purge hocso-kiosk >"$WORK/purge.log" 2>&1 || { cat "$WORK/purge.log"; fail "dpkg --purge failed"; }
cat "$WORK/purge.log"
grep -q "KEPT /var/lib/hocso" "$WORK/purge.log" || fail "purge does not say what it keeps"
[ ! -e "$ROOTFS/etc/hocso" ] || fail "/etc/hocso is left after purge: $(ls -la "$ROOTFS/etc/hocso")"
[ -s "$ROOTFS/var/lib/hocso/kiosk.db" ] || fail "purge deleted kiosk.db"
[ -s "$ROOTFS/var/lib/hocso/keys/data.key" ] || fail "purge deleted the key that decrypts kiosk.db"
in_root getent passwd hocso >/dev/null || fail "purge deleted the user that owns the data"
if in_root dpkg-statoverride --list | grep -q hocso; then fail "purge left dpkg-statoverride entries"; fi
[ ! -e "$ROOTFS/lib/systemd/system/hocso-kiosk.service" ] || fail "the kiosk unit is left after purge"
[ ! -e "$ROOTFS/etc/systemd/system/multi-user.target.wants/hocso-kiosk.service" ] || fail "the kiosk unit is still enabled after purge"
echo "left after purge: $(cd "$ROOTFS/var/lib/hocso" && ls -A | tr '\n' ' ')"
