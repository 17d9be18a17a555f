#!/usr/bin/env bash
# A minimal Debian 12 root (debootstrap --variant=minbase), made once and
# cached as build/debootstrap/bookworm-minbase-<arch>.tar.gz: offline-bundle.sh
# resolves the packages such a root lacks, the deploy.package test unpacks it
# fresh for each run. Only the first run needs the Debian mirror; copy the
# cached file into build/debootstrap/ on a machine without it.
#   deploy/minbase-root.sh [--arch ARCH] [--mirror URL]     prints the tarball's path
set -euo pipefail
. "$(dirname "$0")/lib.sh"   # ROOT, die, parse_options
ARCH="$(dpkg --print-architecture)" MIRROR="${HOCSO_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
parse_options arch=ARCH mirror=MIRROR -- "$@"
CACHE="$ROOT/build/debootstrap"
TARBALL="$CACHE/bookworm-minbase-$ARCH.tar.gz"
if [ ! -s "$TARBALL" ]; then
  command -v debootstrap >/dev/null || die "debootstrap is missing (apt-get install debootstrap)"
  [ "$(id -u)" = 0 ] || die "debootstrap needs root"
  mkdir -p "$CACHE"
  tmp="$(mktemp -d "$CACHE/root.XXXXXX")"
  # debootstrap mounts proc and sys inside the root while it runs: never delete through a mount.
  trap 'umount -R "$tmp/root/proc" "$tmp/root/sys" 2>/dev/null || true; rm -rf --one-file-system "$tmp"' EXIT
  echo "$HOCSO_SCRIPT: debootstrap --variant=minbase bookworm ($ARCH) from $MIRROR (a few minutes, once)" >&2
  debootstrap --variant=minbase --arch "$ARCH" bookworm "$tmp/root" "$MIRROR" >"$CACHE/debootstrap-$ARCH.log" 2>&1 \
    || { tail -20 "$CACHE/debootstrap-$ARCH.log" >&2; die "debootstrap failed (log: $CACHE/debootstrap-$ARCH.log)"; }
  # The cached root has no package lists and no archives: nothing to install from.
  rm -rf "$tmp/root/var/cache/apt/archives/"*.deb "$tmp/root/var/lib/apt/lists/"*
  tar -C "$tmp/root" --one-file-system -czf "$tmp/root.tar.gz" .
  mv "$tmp/root.tar.gz" "$TARBALL"
fi
echo "$TARBALL"
