#!/usr/bin/env bash
# CLI: hocso content build → verify → inspect --json → install → rollback with
# keys made by the openssl command; a changed byte or another key gives exit 1
# and exactly one line on stderr; a failed install keeps the installed pack.
# Usage: content_cli_test.sh HOCSO SOURCE_DIR
set -euo pipefail
HOCSO="$1"; SRC="$2"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
cd "$WORK"

openssl genpkey -algorithm ed25519 -out pub.pem 2>/dev/null
openssl pkey -in pub.pem -pubout -out pub.pub
openssl genpkey -algorithm ed25519 -out other.pem 2>/dev/null
openssl pkey -in other.pem -pubout -out other.pub
printf '[content]\ntrusted_keys = ["pub.pub"]\n' >hocso.toml   # relative to the config's folder
H() { "$HOCSO" --config "$WORK/hocso.toml" --data-dir "$WORK/data" "$@"; }

# Build and verify.
cp -r "$SRC/content/packs/starter" src
H content build src -o v1.hocsopack --key pub.pem >out.txt || fail "build failed"
grep -q "built v1.hocsopack: vn.hocso.starter" out.txt || fail "build output: $(cat out.txt)"
H content verify v1.hocsopack --pubkey pub.pub >/dev/null || fail "verify with --pubkey"
H content verify v1.hocsopack >/dev/null || fail "verify with [content] trusted_keys"

# One changed byte, or another key: exit 1, one line on stderr.
expect_refusal() {  # FILE ARGS...
  local f="$1"; shift
  set +e; H content verify "$f" "$@" >/dev/null 2>err.txt; local rc=$?; set -e
  [ "$rc" = 1 ] || fail "verify $f $*: exit $rc, expected 1"
  [ "$(wc -l <err.txt)" = 1 ] || fail "verify $f: expected one line on stderr, got: $(cat err.txt)"
}
size=$(stat -c %s v1.hocsopack)
for at in 0 64 4200 $((size / 2)) $((size - 121)) $((size - 100)) $((size - 70)) $((size - 1)); do
  cp v1.hocsopack flipped.hocsopack
  printf '\xff' | dd of=flipped.hocsopack bs=1 seek="$at" conv=notrunc status=none
  cmp -s v1.hocsopack flipped.hocsopack && printf '\x00' | dd of=flipped.hocsopack bs=1 seek="$at" conv=notrunc status=none
  expect_refusal flipped.hocsopack --pubkey pub.pub
done
expect_refusal v1.hocsopack --pubkey other.pub
grep -q "not a trusted key" err.txt || fail "wrong message for another key: $(cat err.txt)"

# inspect --json: the documented fields.
H content inspect v1.hocsopack --json >inspect.json
[ "$(jq -r .id inspect.json)" = vn.hocso.starter ] || fail "inspect id"
[ "$(jq .lessons inspect.json)" = 1 ] || fail "inspect lessons"
[ "$(jq .questions inspect.json)" = 5 ] || fail "inspect questions"
[ "$(jq '.by_group["0"].questions' inspect.json)" = 5 ] || fail "inspect by_group"
[ "$(jq '.by_type | keys | length' inspect.json)" = 6 ] || fail "inspect by_type"
[ "$(jq .by_type.true_false inspect.json)" = 2 ] || fail "inspect by_type.true_false"

# Install, upgrade, a refused install, rollback.
H content install v1.hocsopack >/dev/null || fail "install v1"
sed -i 's/^version = .*/version = "0.2.0"/' src/pack.toml
H content build src -o v2.hocsopack --key pub.pem >/dev/null
H content build src -o v2-other.hocsopack --key other.pem >/dev/null
H content install v2.hocsopack >out.txt || fail "install v2"
grep -q "kept vn.hocso.starter 0.1.0 as the previous pack" out.txt || fail "install output: $(cat out.txt)"
before=$(sha256sum data/packs/current.hocsopack)
set +e; H content install v2-other.hocsopack >/dev/null 2>err.txt; rc=$?; set -e
[ "$rc" = 1 ] || fail "installing an untrusted pack: exit $rc"
[ "$(sha256sum data/packs/current.hocsopack)" = "$before" ] || fail "a refused install changed the current pack"
H content rollback >out.txt || fail "rollback"
grep -q "rolled back to vn.hocso.starter 0.1.0" out.txt || fail "rollback output: $(cat out.txt)"

# A source folder with a problem: file:line on stderr, exit 1, nothing written.
sed -i '0,/competencies = \["0.1"\]/s//competencies = ["0.9"]/' src/questions/g0.toml
set +e; H content build src -o bad.hocsopack --key pub.pem 2>err.txt; rc=$?; set -e
[ "$rc" = 1 ] || fail "building an invalid pack: exit $rc"
grep -q "src/questions/g0.toml:4: unknown competency code '0.9'" err.txt || fail "validation message: $(cat err.txt)"
[ ! -e bad.hocsopack ] || fail "an invalid pack was written"

echo "1 passed, 0 failed"
