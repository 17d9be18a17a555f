#!/usr/bin/env bash
# Sets up (idempotently) and starts the kiosk with its default content and a
# local database. Extra arguments go to hocso-kiosk, e.g. --windowed.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
"$ROOT/deploy/setup.sh"
exec "$ROOT/build/dev/kiosk/hocso-kiosk" "$@"
