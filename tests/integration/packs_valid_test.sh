#!/usr/bin/env bash
# Content: every pack source under content/packs builds (validation with
# file:line, compile, sign with a throw-away key) and inspects with the
# counts its target groups' exams need.
# Usage: packs_valid_test.sh PATH_TO_HOCSO SOURCE_DIR
set -euo pipefail
HOCSO="$1"; SRC="$2"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
openssl genpkey -algorithm ed25519 -out "$WORK/key.pem" 2>/dev/null
n=0
for dir in "$SRC"/content/packs/*/; do
  [ -f "$dir/pack.toml" ] || continue
  name=$(basename "$dir")
  "$HOCSO" content build "$dir" -o "$WORK/$name.hocsopack" --key "$WORK/key.pem" --data-dir "$WORK/d" >"$WORK/$name.log" 2>&1 \
    || fail "pack $name does not build: $(cat "$WORK/$name.log")"
  json=$("$HOCSO" content inspect "$WORK/$name.hocsopack" --json --data-dir "$WORK/d")
  q=$(jq .questions <<<"$json")
  [ "$q" -gt 0 ] || fail "pack $name has no questions"
  echo "$name: $(jq -c '{lessons, questions, images, target_groups}' <<<"$json")"
  n=$((n + 1))
done
[ "$n" -ge 5 ] || fail "expected at least 5 packs (citizen, starter, civil_servant, student, worker), found $n"
echo "1 passed, 0 failed"
