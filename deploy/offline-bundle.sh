#!/usr/bin/env bash
# Makes build/package/hocso-offline-<version>-<arch>.tar: the hocso-kiosk
# package, every Debian 12 package it needs that a minimal Debian 12
# (debootstrap --variant=minbase) lacks, and install.sh, which installs them
# all with no network. apt resolves the dependencies against the minbase
# root's package database (deploy/minbase-root.sh) using only Debian's own
# archive (bookworm, -updates, -security), never this machine's other sources.
#   deploy/offline-bundle.sh [--arch ARCH] [--version-suffix SUFFIX] [--deb FILE]
# Without --deb, deploy/package.sh builds the package first (same options).
# Needs the Debian mirror (HOCSO_DEBIAN_MIRROR) while it runs. Prints the
# path of the .tar on its last line.
set -euo pipefail
. "$(dirname "$0")/lib.sh"   # ROOT, die, parse_options
ARCH="$(dpkg --print-architecture)" SUFFIX="" DEB=""
MIRROR="${HOCSO_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
SECURITY_MIRROR="${HOCSO_DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}"
parse_options arch=ARCH version-suffix=SUFFIX deb=DEB -- "$@"
[ -z "$DEB" ] || DEB="$(realpath "$DEB")"
OUT="$ROOT/build/package"
if [ -z "$DEB" ]; then
  DEB="$("$ROOT/deploy/package.sh" --arch "$ARCH" ${SUFFIX:+--version-suffix "$SUFFIX"} | tail -1)"
fi
[ -f "$DEB" ] || die "no package at $DEB"
VERSION="$(dpkg-deb -f "$DEB" Version)"
[ "$(dpkg-deb -f "$DEB" Architecture)" = "$ARCH" ] || die "$DEB is not a $ARCH package"

# apt, private to this script: Debian's archive only, and the minbase root's
# dpkg status as "what is installed".
MINBASE="$("$ROOT/deploy/minbase-root.sh" --arch "$ARCH" | tail -1)"
APTDIR="$OUT/apt-$ARCH"
mkdir -p "$APTDIR/lists/partial" "$APTDIR/cache/archives/partial" "$APTDIR/etc/preferences.d" "$APTDIR/etc/sources.list.d"
tar -xzf "$MINBASE" -C "$APTDIR" ./var/lib/dpkg/status
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
[ -f "$KEYRING" ] || die "$KEYRING is missing (apt-get install debian-archive-keyring)"
cat >"$APTDIR/etc/sources.list" <<EOF
deb [signed-by=$KEYRING] $MIRROR bookworm main
deb [signed-by=$KEYRING] $MIRROR bookworm-updates main
deb [signed-by=$KEYRING] $SECURITY_MIRROR bookworm-security main
EOF
APT_OPTS=(
  -o "Dir::Etc::SourceList=$APTDIR/etc/sources.list"
  -o "Dir::Etc::SourceParts=$APTDIR/etc/sources.list.d"
  -o "Dir::Etc::Preferences=$APTDIR/etc/preferences"
  -o "Dir::Etc::PreferencesParts=$APTDIR/etc/preferences.d"
  -o "Dir::State::Lists=$APTDIR/lists"
  -o "Dir::State::status=$APTDIR/var/lib/dpkg/status"
  -o "Dir::Cache=$APTDIR/cache"
  -o "APT::Architecture=$ARCH" -o "APT::Architectures::=$ARCH"
  -o "APT::Install-Recommends=false" -o "APT::Install-Suggests=false"
  -o "Debug::NoLocking=true" -o "APT::Sandbox::User=root"
)
echo "offline-bundle.sh: reading Debian 12's package lists ($ARCH)" >&2
if ! apt-get "${APT_OPTS[@]}" -q update >"$APTDIR/update.log" 2>&1; then
  # A machine without the mirror may still build from the lists and packages
  # a previous run kept in build/package/apt-<arch>/.
  ls "$APTDIR"/lists/*_Packages* >/dev/null 2>&1 || { cat "$APTDIR/update.log" >&2; die "apt-get update failed (is $MIRROR reachable?)"; }
  echo "offline-bundle.sh: WARNING: the mirror is not reachable; using the package lists of a previous run" >&2
fi

# What apt would install on a minimal Debian 12 to install our package.
apt-get "${APT_OPTS[@]}" -s install "$DEB" >"$APTDIR/simulate.log" 2>&1 \
  || { cat "$APTDIR/simulate.log" >&2; die "apt cannot install $DEB on a minimal Debian 12"; }
# "Inst NAME [OLD] (VERSION ARCHIVES [ARCH])" -> NAME VERSION ARCH
# (a line may end with " []" after the parenthesis: apt's mark of a broken dependency being fixed)
mapfile -t WANT < <(sed -n 's/^Inst \([^ ]*\) \(\[[^]]*\] \)\{0,1\}(\([^ ]*\) [^[]*\[\([^]]*\)\]).*$/\1 \3 \4/p' "$APTDIR/simulate.log" \
                    | grep -v '^hocso-kiosk ')
[ "$(grep -c '^Inst ' "$APTDIR/simulate.log")" -eq $((${#WANT[@]} + 1)) ] || die "could not read every 'Inst' line of $APTDIR/simulate.log"
[ "${#WANT[@]}" -gt 0 ] || die "apt found nothing to add to a minimal Debian 12: see $APTDIR/simulate.log"

NAME="hocso-offline-$VERSION-$ARCH"
WORK="$OUT/$NAME"
rm -rf "$WORK"
mkdir -p "$WORK/debs"
# Packages are downloaded once into build/package/apt-<arch>/debs and reused.
POOL="$APTDIR/debs"
# Files are named as in Debian's pool, without the epoch: apt-get download
# writes "2:1.0" as "2%3a1.0", which apt-get install ./FILE then reads as a
# URL and cannot find.
pool_name() { echo "${1}_${2#*:}_${3}.deb"; }
mkdir -p "$POOL"
missing=()
for w in "${WANT[@]}"; do
  read -r name ver arch <<<"$w"
  file="$(pool_name "$name" "$ver" "$arch")"
  if [ -s "$POOL/$file" ]; then ln -f "$POOL/$file" "$WORK/debs/$file" 2>/dev/null || cp "$POOL/$file" "$WORK/debs/"
  else missing+=("$name:$arch=$ver"); fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "offline-bundle.sh: downloading ${#missing[@]} of ${#WANT[@]} Debian packages" >&2
  (cd "$POOL" && apt-get "${APT_OPTS[@]}" -q download "${missing[@]}" >"$APTDIR/download.log" 2>&1) \
    || { tail -20 "$APTDIR/download.log" >&2; die "apt-get download failed"; }
  for w in "${WANT[@]}"; do
    read -r name ver arch <<<"$w"
    file="$(pool_name "$name" "$ver" "$arch")"
    [ -s "$POOL/$file" ] || mv "$POOL/${name}_${ver//:/%3a}_${arch}.deb" "$POOL/$file" 2>/dev/null || true
    [ -s "$WORK/debs/$file" ] || cp "$POOL/$file" "$WORK/debs/" || die "apt-get download did not give $file"
  done
fi
cp "$DEB" "$WORK/debs/"
[ "$(find "$WORK/debs" -name '*.deb' | wc -l)" -eq $((${#WANT[@]} + 1)) ] || die "some packages were not downloaded (see $APTDIR/download.log)"
sed "s/@HOCSO_VERSION@/$VERSION/g; s/@HOCSO_ARCH@/$ARCH/g" "$ROOT/deploy/offline-install.sh" >"$WORK/install.sh"
chmod 0755 "$WORK/install.sh"
(cd "$WORK/debs" && sha256sum -- *.deb) >"$WORK/SHA256SUMS"

TAR="$OUT/$NAME.tar"
tar -C "$OUT" --owner=0 --group=0 -cf "$TAR.tmp" "$NAME"
mv "$TAR.tmp" "$TAR"
rm -rf "$WORK"
echo "offline-bundle.sh: $TAR: $(du -m "$TAR" | cut -f1) MiB, $((${#WANT[@]} + 1)) packages" >&2
echo "$TAR"
