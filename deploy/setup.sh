#!/usr/bin/env bash
# Installs everything HọcSố Kiosk needs on Debian 12 and builds it.
# Idempotent: packages already installed are not touched, npm modules are
# reinstalled only when the lock file changed.
#   deploy/setup.sh            runtime + build dependencies, developer build (build/dev)
#   deploy/setup.sh --tests    also test dependencies (Xvfb, redis, Node LRS), CI build (build/ci)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WITH_TESTS=0
[ "${1:-}" = "--tests" ] && WITH_TESTS=1

BUILD_PACKAGES=(
  build-essential cmake ninja-build pkg-config
  libsdl2-dev libsdl2-image-dev libimgui-dev
  libsqlite3-dev libsqlitecpp-dev sqlite3
  libssl-dev openssl libcurl4-openssl-dev ca-certificates
  libtomlplusplus-dev nlohmann-json3-dev libcli11-dev libspdlog-dev libfmt-dev libexpected-dev
  libmd4c-dev libgtest-dev libgmock-dev
  espeak-ng libespeak-ng-dev
  libqrencode-dev libhpdf-dev
  fonts-noto-core
)
TEST_PACKAGES=(xvfb xauth time redis-server jq curl syncthing poppler-utils clang-14 libclang-rt-14-dev openbox xdotool
  debhelper dpkg-dev lintian fakeroot debootstrap cage xwayland iproute2)  # the last line: deploy.package

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "error: installing packages needs root; run this script as root or install sudo" >&2; exit 1; fi
}

wanted=("${BUILD_PACKAGES[@]}")
[ "$WITH_TESTS" = 1 ] && wanted+=("${TEST_PACKAGES[@]}")
missing=()
for p in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js and npm for the test LRS: keep an existing installation (which may
# not come from Debian); otherwise take Debian's.
if [ "$WITH_TESTS" = 1 ] && ! { command -v node >/dev/null && command -v npm >/dev/null; }; then
  missing+=(nodejs npm)
fi
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

if [ "$WITH_TESTS" = 1 ]; then
  LRS="$ROOT/tests/integration/lrs"
  if [ ! -f "$LRS/node_modules/.package-lock.json" ] || [ "$LRS/package-lock.json" -nt "$LRS/node_modules/.package-lock.json" ]; then
    echo "setup: installing the test LRS (npm ci)"
    (cd "$LRS" && npm ci --no-audit --no-fund --loglevel=error)
  fi
  PRESET=ci
else
  PRESET=dev
fi

cmake --preset "$PRESET" -S "$ROOT" >/dev/null
cmake --build "$ROOT/build/$PRESET" -j "$(nproc)"
echo "setup: built $ROOT/build/$PRESET"
