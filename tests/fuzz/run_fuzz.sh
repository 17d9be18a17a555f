#!/usr/bin/env bash
# A short libFuzzer run of every content fuzz target (FUZZ_SECONDS in all,
# default 20), seeded from the real pack sources and a freshly built pack.
# The corpus is kept between runs; a crash fails the test and leaves its
# input in CORPUS_DIR/crash-*.
# Usage: run_fuzz.sh FUZZ_BIN_DIR SOURCE_DIR HOCSO PACK_KEY CORPUS_DIR
set -euo pipefail
BIN="$1"; SRC="$2"; HOCSO="$3"; KEY="$4"; CORPUS="$5"
TOTAL="${FUZZ_SECONDS:-20}"
[ -n "$TOTAL" ] || TOTAL=20
EACH=$(( TOTAL / 3 > 1 ? TOTAL / 3 : 1 ))
mkdir -p "$CORPUS/pack" "$CORPUS/markdown" "$CORPUS/toml"

# Seeds (idempotent): lesson files, TOML files, a signed starter pack.
i=0
for f in "$SRC"/content/packs/*/lessons/*/*.md; do cp -n "$f" "$CORPUS/markdown/seed-$i.md"; i=$((i + 1)); done
for f in "$SRC"/content/packs/*/questions/*.toml "$SRC"/content/packs/*/pack.toml "$SRC"/content/frameworks/*.toml \
         "$SRC"/deploy/config/*.toml; do
  [ -e "$f" ] && cp -n "$f" "$CORPUS/toml/seed-$i.toml"; i=$((i + 1))
done
[ -e "$CORPUS/pack/starter.hocsopack" ] || \
  "$HOCSO" content build "$SRC/content/packs/starter" -o "$CORPUS/pack/starter.hocsopack" --key "$KEY" >/dev/null

status=0
for target in fuzz_pack fuzz_markdown fuzz_toml; do
  dir="$CORPUS/${target#fuzz_}"
  echo "== $target: ${EACH}s on $(ls "$dir" | wc -l) inputs"
  if ! "$BIN/$target" "$dir" -max_total_time="$EACH" -timeout=10 -rss_limit_mb=2048 -max_len=262144 \
        -artifact_prefix="$CORPUS/crash-$target-" -print_final_stats=1 2>"$CORPUS/$target.log"; then
    tail -40 "$CORPUS/$target.log" >&2
    echo "FAIL: $target found a crash (input saved as $CORPUS/crash-$target-*)" >&2
    status=1
  else
    grep -E "stat::number_of_executed_units|stat::new_units_added" "$CORPUS/$target.log" | tr '\n' ' '; echo
  fi
done
[ "$status" = 0 ] && echo "1 passed, 0 failed"
exit "$status"
