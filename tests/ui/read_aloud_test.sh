#!/usr/bin/env bash
# UI: read aloud in the real kiosk under Xvfb, with SDL's "disk" audio
# driver recording every sample the kiosk plays. The script starts and stops
# the voice on the consent text, a lesson page and a quiz question; this
# checks that speech was really played (not silence) and that the recording
# ends in silence, i.e. "Dừng đọc" stopped the voice (a page takes far
# longer to read than the script waits). First, with no sound device at all,
# pressing "Đọc to" says in words that the computer cannot read aloud.
# Usage: read_aloud_test.sh HOCSO_KIOSK SOURCE_DIR OUT_DIR
set -euo pipefail
KIOSK="$1"; SRC="$2"; OUT="$3"
source "$SRC/tests/ui/ui_lib.sh"
use_pack starter '[kiosk]' 'voice = "vi-vn-x-south"'
# No sound device at all (a driver SDL does not have): said in words.
DATA="$WORK/data-no-sound" SDL_AUDIODRIVER=hocso-no-such-driver run_script read_aloud_no_sound --config "$WORK/hocso.toml"
grep -q "no audio\|cannot open an audio device" "$WORK/read_aloud_no_sound.log" || fail "the no-sound run did play somewhere"
SDL_AUDIODRIVER=disk SDL_DISKAUDIOFILE="$WORK/audio.raw" run_script read_aloud --config "$WORK/hocso.toml" -v
grep -q "no audio\|cannot open an audio device" "$WORK/read_aloud.log" && fail "audio: $(grep -m1 audio "$WORK/read_aloud.log")"
[ -s "$WORK/audio.raw" ] || fail "nothing was played (no audio recorded)"
# espeak-ng speaks 16-bit mono at 22050 Hz; the device was opened at that rate.
RATE=22050
od -An -v -td2 -w2 "$WORK/audio.raw" | awk -v rate="$RATE" -v out="$WORK/stats" '
  { v = $1 < 0 ? -$1 : $1; n++; if (v > 800) { loud++; last = n } }
  END { printf "%d %d %d\n", n, loud, n - last > out; close(out) }'
read -r total loud quiet_tail <"$WORK/stats"
echo "recorded $(awk -v n="$total" -v r="$RATE" 'BEGIN{printf "%.1f", n/r}') s of audio: $(awk -v n="$loud" -v r="$RATE" 'BEGIN{printf "%.2f", n/r}') s loud, $(awk -v n="$quiet_tail" -v r="$RATE" 'BEGIN{printf "%.2f", n/r}') s of silence at the end"
# Three readings of 1-2 s each: well over a second of voiced samples.
[ "$loud" -gt "$RATE" ] || fail "almost no speech in the recording ($loud loud samples)"
# The script stopped the last reading, then waited 2 s: the end is silent.
[ "$quiet_tail" -gt $(( RATE * 3 / 2 )) ] || fail "speech went on after 'Dừng đọc' (only $quiet_tail quiet samples at the end)"
echo "1 passed, 0 failed"
