#!/usr/bin/env bash
# Builds the Debian package build/package/hocso-kiosk_<version>_<arch>.deb
# from this tree: a Release build (CMake preset `release`, its own build
# folder build/release-<arch>) installed with DESTDIR by dpkg-buildpackage
# from the packaging in deploy/debian/, then checked with lintian (any E: fails).
#   deploy/package.sh [--arch ARCH] [--version-suffix SUFFIX] [--pack-key PEM] [--jobs N]
# --arch ARCH              must be this machine's architecture: build the i386
#                          package inside an i386 Debian 12 root (see deploy/README.md)
# --version-suffix SUFFIX  appended to the CMake project version (e.g. +site2): tests use it
#                          to make a newer package from the same tree
# --pack-key PEM           private Ed25519 key that signs the default pack (default: the
#                          build folder's generated key, kept between builds)
# Prints the path of the .deb on its last line.
set -euo pipefail
. "$(dirname "$0")/lib.sh"   # ROOT, die, parse_options
HOST_ARCH="$(dpkg --print-architecture)"
ARCH="$HOST_ARCH" SUFFIX="" PACK_KEY="" JOBS="$(nproc)"
parse_options arch=ARCH version-suffix=SUFFIX pack-key=PACK_KEY jobs=JOBS -- "$@"
[ -z "$PACK_KEY" ] || PACK_KEY="$(realpath "$PACK_KEY")"
[ "$ARCH" = "$HOST_ARCH" ] || die "cannot build for $ARCH on a $HOST_ARCH machine; run this script inside a $ARCH Debian 12 root (debootstrap --arch $ARCH bookworm DIR), see deploy/README.md"
case "$SUFFIX" in ''|[+~.]*) ;; *) die "--version-suffix must start with +, ~ or . (got '$SUFFIX')" ;; esac
for tool in dpkg-buildpackage dh lintian cmake ninja; do
  command -v "$tool" >/dev/null || die "$tool is missing; install debhelper dpkg-dev lintian cmake ninja-build (deploy/setup.sh --tests)"
done

BASE_VERSION="$(sed -n 's/^project(hocso VERSION \([0-9.]*\).*/\1/p' "$ROOT/CMakeLists.txt")"
[ -n "$BASE_VERSION" ] || die "cannot read the project version from CMakeLists.txt"
VERSION="$BASE_VERSION$SUFFIX"
OUT="$ROOT/build/package"
STAGE="$OUT/stage-$ARCH/hocso-kiosk-$VERSION"
BUILD_DIR="$ROOT/build/release-$ARCH"
mkdir -p "$OUT"
rm -rf "$OUT/stage-$ARCH"
mkdir -p "$STAGE"

# A staging copy of deploy/debian with this build's version filled in.
cp -a "$ROOT/deploy/debian" "$STAGE/debian"
sed -i "s/@HOCSO_VERSION@/$VERSION/g" "$STAGE/debian/preinst"
COMMIT="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
DIRTY="$(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null | head -1)"
cat >"$STAGE/debian/changelog" <<EOF
hocso-kiosk ($VERSION) bookworm; urgency=medium

  * Built from the HọcSố Kiosk tree at commit $COMMIT${DIRTY:+ (with local changes)}.

 -- HọcSố Kiosk team <kiosk@hocso.invalid>  $(LC_ALL=C date -R)
EOF

CMAKE_ARGS=()
if command -v ccache >/dev/null; then
  CMAKE_ARGS+=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
[ -z "$PACK_KEY" ] || CMAKE_ARGS+=("-DHOCSO_PACK_KEY=$PACK_KEY")

echo "package.sh: building hocso-kiosk $VERSION ($ARCH) in $BUILD_DIR" >&2
(cd "$STAGE" && HOCSO_SOURCE_DIR="$ROOT" HOCSO_BUILD_DIR="$BUILD_DIR" HOCSO_CMAKE_ARGS="${CMAKE_ARGS[*]}" \
   dpkg-buildpackage -b -us -uc -j"$JOBS" >"$OUT/build-$ARCH.log" 2>&1) \
  || { tail -40 "$OUT/build-$ARCH.log" >&2; die "dpkg-buildpackage failed (full log: $OUT/build-$ARCH.log)"; }

DEB_NAME="hocso-kiosk_${VERSION}_${ARCH}.deb"
[ -f "$OUT/stage-$ARCH/$DEB_NAME" ] || die "dpkg-buildpackage did not make $DEB_NAME"
mv -f "$OUT/stage-$ARCH/$DEB_NAME" "$OUT/$DEB_NAME"

# lintian: warnings are shown, any error fails the build.
lintian_out="$(lintian --tag-display-limit 0 "$OUT/$DEB_NAME" 2>&1 || true)"
[ -z "$lintian_out" ] || printf '%s\n' "$lintian_out" | sed 's/^/lintian: /' >&2
if printf '%s\n' "$lintian_out" | grep -q '^E: '; then
  die "lintian reports errors in $DEB_NAME (above)"
fi
size_kib="$(dpkg-deb -f "$OUT/$DEB_NAME" Installed-Size)"
echo "package.sh: $DEB_NAME: $(du -k "$OUT/$DEB_NAME" | cut -f1) KiB, installed size $size_kib KiB" >&2
echo "$OUT/$DEB_NAME"
