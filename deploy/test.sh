#!/usr/bin/env bash
# Sets up (idempotently, with test dependencies) and runs every test through
# ctest: unit tests, the real-LRS integration test and the Xvfb UI test.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
"$ROOT/deploy/setup.sh" --tests
cd "$ROOT/build/ci"
ctest --output-on-failure -j 2 "$@"
