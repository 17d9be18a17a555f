#!/usr/bin/env bash
# Integration: `hocso cert verify` checks a certificate against exactly the
# key it is given. A certificate of kiosk A checked with kiosk B's key is
# invalid (one line, non-zero exit); a certificate that names kiosk A but is
# signed with B's key verifies with B's key only as "signed by B's key" and
# never reports kiosk A as proven; a signature whose last character differs
# only in unused bits is refused.
# Usage: cert_verify_test.sh PATH_TO_HOCSO
set -euo pipefail
HOCSO="$1"
source "$(cd "$(dirname "$0")" && pwd)/sync_lib.sh"   # WORK (kept with KEEP_WORK=1), fail

printf '[site]\nid = "xa-a"\n' >"$WORK/a.toml"
printf '[site]\nid = "xa-b"\n' >"$WORK/b.toml"
"$HOCSO" simulate --learners 3 --seed 5 --data-dir "$WORK/a" --config "$WORK/a.toml" >/dev/null 2>&1
"$HOCSO" simulate --learners 3 --seed 6 --data-dir "$WORK/b" --config "$WORK/b.toml" >/dev/null 2>&1
A_PUB="$WORK/a/keys/kiosk-signing.pub.pem"
B_PUB="$WORK/b/keys/kiosk-signing.pub.pem"
B_PRIV="$WORK/b/keys/kiosk-signing.pem"
A_CERT=$("$HOCSO" cert list --json --data-dir "$WORK/a" --config "$WORK/a.toml" | jq -r '.[0].payload')
# A key id: the first 16 hex digits of the SHA-256 of the raw 32-byte public key.
B_KEY_ID=$(openssl pkey -pubin -in "$B_PUB" -outform DER | tail -c 32 | sha256sum | cut -c1-16)
[ -n "$A_CERT" ] && [ "$A_CERT" != null ] || fail "kiosk A issued no certificate"
[ -f "$B_PRIV" ] || fail "kiosk B has no signing key"
verify() { "$HOCSO" cert verify "$@" --data-dir "$WORK/b" --config "$WORK/b.toml"; }
unb64url() { local s; s=$(tr '_-' '/+' <<<"$1"); while [ $(( ${#s} % 4 )) != 0 ]; do s="$s="; done; base64 -d <<<"$s"; }
b64url() { base64 -w0 | tr '+/' '-_' | tr -d '='; }

# Genuine, with its own key.
verify "$A_CERT" --pubkey "$A_PUB" >"$WORK/out.txt" || fail "A's certificate with A's key: exit $?"
A_KIOSK=$(unb64url "${A_CERT%%.*}" | jq -r .kiosk)
grep -q "kiosk id $A_KIOSK: the signature does not prove" "$WORK/out.txt" || fail "output: $(cat "$WORK/out.txt")"

# A's certificate, B's key: invalid, one line.
rc=0
verify "$A_CERT" --pubkey "$B_PUB" >"$WORK/out.txt" 2>"$WORK/err.txt" || rc=$?
[ "$rc" != 0 ] || fail "A's certificate was valid with B's key: $(cat "$WORK/out.txt")"
[ "$(wc -l <"$WORK/err.txt")" = 1 ] || fail "not one line: $(cat "$WORK/err.txt")"
grep -q "invalid certificate" "$WORK/err.txt" || fail "message: $(cat "$WORK/err.txt")"

# Claims kiosk A, signed by B (B's key id written in the claims).
CLAIMS=$(unb64url "${A_CERT%%.*}" | jq -c --arg k "$B_KEY_ID" '.key = $k')
BODY=$(printf '%s' "$CLAIMS" | b64url)
printf '%s' "$BODY" >"$WORK/msg"
openssl pkeyutl -sign -inkey "$B_PRIV" -rawin -in "$WORK/msg" -out "$WORK/sig.bin"
FORGED="$BODY.$(b64url <"$WORK/sig.bin")"
verify "$FORGED" --pubkey "$B_PUB" >"$WORK/out.txt" 2>"$WORK/err.txt" || true
if grep -q ", kiosk $A_KIOSK," "$WORK/out.txt"; then fail "kiosk $A_KIOSK reported as verified by B's key: $(cat "$WORK/out.txt")"; fi
if grep -q "^valid" "$WORK/out.txt"; then
  grep -q "signed by key $B_KEY_ID" "$WORK/out.txt" || fail "the signer is not named: $(cat "$WORK/out.txt")"
  grep -q "does not prove" "$WORK/out.txt" || fail "the kiosk id is not marked unproven: $(cat "$WORK/out.txt")"
fi
verify "$FORGED" --pubkey "$A_PUB" >/dev/null 2>&1 && fail "the forgery verified with A's key"

# The last signature character changed only in its unused low bits.
ALPHABET="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
last=${A_CERT: -1}
idx=$(( $(expr index "$ALPHABET" "$last") - 1 ))
ODD="${A_CERT%?}${ALPHABET:$(( idx ^ 1 )):1}"
verify "$ODD" --pubkey "$A_PUB" >/dev/null 2>"$WORK/err.txt" && fail "a non-canonical signature text was accepted"
grep -q "base64url" "$WORK/err.txt" || fail "non-canonical message: $(cat "$WORK/err.txt")"
echo "cert_verify: other key, forged kiosk claim, non-canonical signature handled"
echo "1 passed, 0 failed"
