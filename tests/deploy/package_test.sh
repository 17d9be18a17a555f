#!/usr/bin/env bash
# deploy.package: builds the Debian package and the offline bundle, installs
# it from the bundle only into a fresh minimal Debian 12 root (debootstrap
# --variant=minbase, cached in build/debootstrap/) whose network namespace has
# nothing but loopback, then: provisions against the test LRS on that loopback
# and runs `hocso doctor --json` (each only when the installed hocso has the
# command), runs hocso-kiosk.service's own command as user hocso under a
# headless cage and checks its screenshot, upgrades to a newer bundle with
# the data kept, is refused a downgrade (bundle and dpkg -i), removes, purges
# and checks what is left.
# Needs root, debootstrap, dpkg-dev, debhelper, lintian, unshare; the Debian
# mirror on the first run (later runs reuse build/debootstrap and build/package/apt-*).
# Usage: package_test.sh SOURCE_DIR PNG_STATS OUT_DIR
set -euo pipefail
SRC="$(cd "$1" && pwd)"; STATS="$2"; OUT="$3"
mkdir -p "$OUT"
fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo "== $*"; }
[ "$(id -u)" = 0 ] || fail "this test needs root (debootstrap, chroot, unshare)"
for t in debootstrap dpkg-buildpackage lintian unshare chroot jq; do
  command -v "$t" >/dev/null || fail "$t is missing: run deploy/setup.sh --tests"
done
ARCH="$(dpkg --print-architecture)"
BASE_VERSION="$(sed -n 's/^project(hocso VERSION \([0-9.]*\).*/\1/p' "$SRC/CMakeLists.txt")"
OLD="$BASE_VERSION"
NEW="$BASE_VERSION+ci.1"

WORK="$SRC/build/deploy-test"
rm -rf "$WORK"
mkdir -p "$WORK"
ROOTFS="$WORK/root"
cleanup() {
  stop_lrs 2>/dev/null || true
  # Nothing stays mounted: every mount below lives in a private mount namespace.
  rm -rf "$ROOTFS"
}
trap cleanup EXIT

step "building the packages and offline bundles ($OLD, then $NEW)"
BUNDLE_OLD="$("$SRC/deploy/offline-bundle.sh" | tail -1)"
BUNDLE_NEW="$("$SRC/deploy/offline-bundle.sh" --version-suffix "+ci.1" | tail -1)"
[ "$(basename "$BUNDLE_OLD")" = "hocso-offline-$OLD-$ARCH.tar" ] || fail "unexpected bundle name $BUNDLE_OLD"
[ "$(basename "$BUNDLE_NEW")" = "hocso-offline-$NEW-$ARCH.tar" ] || fail "unexpected bundle name $BUNDLE_NEW"
DEB_OLD="$SRC/build/package/hocso-kiosk_${OLD}_$ARCH.deb"
[ -f "$DEB_OLD" ] || fail "no $DEB_OLD"
echo "package: $(du -k "$DEB_OLD" | cut -f1) KiB, installed size $(dpkg-deb -f "$DEB_OLD" Installed-Size) KiB;" \
     "bundle: $(du -m "$BUNDLE_OLD" | cut -f1) MiB, $(tar -tf "$BUNDLE_OLD" | grep -c '\.deb$') packages"

step "a fresh minimal Debian 12 root"
TARBALL="$("$SRC/deploy/minbase-root.sh" | tail -1)"
mkdir -p "$ROOTFS"
tar -xzf "$TARBALL" -C "$ROOTFS"
cp "$BUNDLE_OLD" "$BUNDLE_NEW" "$ROOTFS/root/"
cp "$DEB_OLD" "$ROOTFS/root/"
for b in "$BUNDLE_OLD" "$BUNDLE_NEW"; do tar -xf "$b" -C "$ROOTFS/root"; done
B_OLD="/root/hocso-offline-$OLD-$ARCH"
B_NEW="/root/hocso-offline-$NEW-$ARCH"

# The rest runs in new network and mount namespaces (package_test_inner.sh):
# the only network is loopback (for the test LRS), and every mount vanishes
# with the namespace.
export WORK ROOTFS B_OLD B_NEW OLD NEW SRC STATS OUT ARCH DEB_OLD
unshare --net --mount --fork bash "$(dirname "$0")/package_test_inner.sh"
echo "1 passed, 0 failed"
