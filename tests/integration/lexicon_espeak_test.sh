#!/usr/bin/env bash
# Read-aloud lexicon through espeak-ng: the citizen pack is built, its
# `lexicon` table read back from the pack, and every entry rendered with
# `espeak-ng -v vi -x -q`: the replacement must give phonemes, all with
# Vietnamese rules (no "(en)" switch), and differ from how the raw word is
# rendered wherever that goes through English rules or the issue names it.
# Usage: lexicon_espeak_test.sh PATH_TO_HOCSO SOURCE_DIR
set -euo pipefail
HOCSO="$1"; SRC="$2"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v espeak-ng >/dev/null || fail "espeak-ng is not installed (apt-get install espeak-ng)"
openssl genpkey -algorithm ed25519 -out "$WORK/key.pem" 2>/dev/null
"$HOCSO" content build "$SRC/content/packs/citizen" -o "$WORK/citizen.hocsopack" --key "$WORK/key.pem" \
  --data-dir "$WORK/d" >"$WORK/build.log" 2>&1 || fail "the citizen pack does not build: $(cat "$WORK/build.log")"
# The pack is SQLite followed by a 120-byte signature trailer (content/FORMAT.md).
size=$(stat -c %s "$WORK/citizen.hocsopack")
head -c $((size - 120)) "$WORK/citizen.hocsopack" >"$WORK/pack.db"
sqlite3 -readonly -separator $'\t' "$WORK/pack.db" "SELECT text, say FROM lexicon ORDER BY seq" >"$WORK/words.tsv"
count=$(wc -l <"$WORK/words.tsv")
[ "$count" -ge 100 ] || fail "the citizen pack's lexicon holds $count words; expected at least 100"
json=$("$HOCSO" content inspect "$WORK/citizen.hocsopack" --json --data-dir "$WORK/d")
[ "$(jq .lexicon <<<"$json")" = "$count" ] || fail "inspect reports $(jq .lexicon <<<"$json") lexicon words, the table holds $count"

# Words issue 15 names as read wrongly: their replacement must sound different.
named=("link" "Zalo" "Wi-Fi" "QR" ".xyz" ".apk" "OTP")
problems=0 differ=0
phonemes() { espeak-ng -v vi -x -q "$1" | tr '\n' ' '; }
for w in "${named[@]}"; do
  grep -qF -- "$w"$'\t' "$WORK/words.tsv" || { echo "missing from the lexicon: '$w'"; problems=$((problems + 1)); }
done
while IFS=$'\t' read -r text say; do
  said=$(phonemes "$say")
  raw=$(phonemes "$text")
  if [ -z "$(tr -d ' _|!' <<<"$said")" ]; then
    echo "'$text' → '$say': espeak-ng gives no phonemes"; problems=$((problems + 1)); continue
  fi
  if [[ "$said" == *"("[a-z]*")"* ]]; then
    echo "'$text' → '$say': not read with Vietnamese rules: $said"; problems=$((problems + 1))
  fi
  must_differ=0
  [[ "$raw" == *"(en)"* ]] && must_differ=1
  for w in "${named[@]}"; do [ "$w" = "$text" ] && must_differ=1; done
  if [ "$must_differ" = 1 ]; then
    if [ "$said" = "$raw" ]; then
      echo "'$text' → '$say': the same phonemes as the raw word ($raw)"; problems=$((problems + 1))
    else
      differ=$((differ + 1))
    fi
  fi
  printf '%-14s %-26s %s\n' "$text" "$say" "$said"
done <"$WORK/words.tsv"
[ "$problems" = 0 ] || fail "$problems lexicon problems (above)"
echo "$count words rendered; $differ of them replace an English-rule or named reading"
echo "1 passed, 0 failed"
