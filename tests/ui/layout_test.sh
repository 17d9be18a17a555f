#!/usr/bin/env bash
# UI: the layout matrix. The real kiosk under Xvfb visits the main learner
# screens (welcome, sign-in with its keyboard, home, a lesson page with a
# picture, a practice question, its result, the exam's first question) and
# the volunteer's (today's list, the dashboard, the settings) and,
# on each, at 1024x768, 1366x768 and 1920x1080 and at 100% and 200% text,
# asserts with expect-visible that the screen's main action and the start of
# its content are on screen whole (not cut, not under the footer or a
# "more below" band). A screenshot of each. Faults still open are listed in
# layout_known_faults.txt: the test fails on a new one.
# Usage: layout_test.sh HOCSO_KIOSK HOCSO SOURCE_DIR OUT_DIR
set -euo pipefail
KIOSK="$1"; HOCSO="$2"; SRC="$3"; OUT="$4"
source "$SRC/tests/ui/ui_lib.sh"
fresh_kiosk layout citizen 2580


# check NAME IDS...: the matrix for the screen shown now.
check() {
  local name="$1"; shift
  {
    echo "# $name"
    for size in 1024x768 1366x768 1920x1080; do
      echo "resize $size"
      echo "check-visible $name@$size@100 $*"
      echo "screenshot SHOTS/layout-$name-$size-100.png"
      printf 'click #bigger\nclick #bigger\nclick #bigger\nclick #bigger\n'
      echo "check-visible $name@$size@200 $*"
      echo "screenshot SHOTS/layout-$name-$size-200.png"
      printf 'click #smaller\nclick #smaller\nclick #smaller\nclick #smaller\n'
    done
    echo "resize 1366x768"
  } >>"$S.gen"
}
steps() { printf '%s\n' "$@" >>"$S.gen"; }
S="$WORK/layout"
: >"$S.gen"

steps "wait-screen welcome"
check welcome "#returning-picture" "#new"
steps "click #new" "wait-screen consent" "click #agree" "wait-screen register" \
  "type Phaamj Thij Lan" "click #continue" "type 1957" "click #continue" "click #continue" "click #skip" "click #skip" \
  "click #pic-trau" "click #continue" "type 3691" "click #continue" "type 3691" "click #continue" "wait-screen home" \
  "click #signout" "wait-screen welcome" "click #returning" "wait-screen signin"
check signin "#name" "#key-backspace" "#key-method" "#signin"
steps "type Phaamj Thij Lan" "click #birth_year" "type 1957" "click #pin" "type 3691" "click #signin" "wait-screen home"
check home "#next-step" "#group-0"
steps "click #group-0" "wait-screen group" "click #l-0-3-ket-noi-internet" "wait-screen lesson" \
  "click #next" "click #next" "expect-text Kết nối Wi-Fi"
check lesson-picture "#next" "#prev"
steps "click #next" "click #next" "click #next" "click #practice" "wait-screen quiz"
check quiz "#check" "#choice0"
steps "click #choice0" "click #check"
check quiz-feedback "#nextq"
steps "click #nextq" "click #left0" "click #right0" "click #left1" "click #right1" "click #left2" "click #right2" \
  "click #left3" "click #right3" "click #check" "click #nextq" "click #choice0" "click #check" "click #nextq" \
  "click Đúng" "click #check" "click #nextq" "click #choice0" "click #check" "click #result" "wait-screen score"
check score "#home" "#signout"
# The volunteer's screens: today's list (her row), the dashboard, the settings.
steps "click #signout" "wait-screen welcome" "click #facilitator" "wait-screen facilitator-login" "type 2580" \
  "click #unlock" "wait-screen facilitator-today"
check today "#refresh" "#exam-0" "#close"
steps "click #menu-dashboard" "wait-screen facilitator-dashboard"
check dashboard "#chart-groups" "#close"
steps "click #menu-settings" "wait-screen facilitator-settings"
check settings "#edit-site" "#save-settings" "#close"
steps "click #close" "wait-screen welcome" "click #returning" "wait-screen signin" "type Phaamj Thij Lan" \
  "click #birth_year" "type 1957" "click #pin" "type 3691" "click #signin" "wait-screen home" \
  "click #exam" "wait-screen exam-unlock" "type 2580" "click #id-checked"
check exam-unlock "#start-exam" "#facilitator_pin"
steps "click #start-exam" "wait-screen exam"
check exam "#nextq" "#navigator" "#choice0"
sed "s|SHOTS|$OUT|g" "$S.gen" >"$WORK/layout.script"
with_xvfb -s "1920x1080x24" "$KIOSK" --renderer software --windowed --no-sync --data-dir "$DATA" \
  --config "$WORK/hocso.toml" --script "$WORK/layout.script" 2>"$WORK/layout.log" \
  || { grep -E "error|script:" "$WORK/layout.log" | grep -v ALSA | tail -5 >&2; fail "the layout matrix failed"; }
# Each fault: "screen@size@scale"; the known ones are listed (with what is
# wrong) in layout_known_faults.txt. A new fault fails the test; a known one
# that is gone is reported, to be taken off the list.
{ grep -o 'layout fault: [^:]*' "$WORK/layout.log" || true; } | sed 's/layout fault: //' | sort -u >"$WORK/faults"
{ grep -v '^#' "$SRC/tests/ui/layout_known_faults.txt" || true; } | cut -d' ' -f1 | sed '/^$/d' | sort -u >"$WORK/known"
grep 'layout fault:' "$WORK/layout.log" | sed 's/.*layout fault: /  /' >&2 || true
new=$(comm -23 "$WORK/faults" "$WORK/known")
gone=$(comm -13 "$WORK/faults" "$WORK/known")
[ -z "$gone" ] || echo "fixed since listed (take off layout_known_faults.txt): $gone"
[ -z "$new" ] || fail "new layout faults: $new"
checks=$(grep -c '^check-visible' "$WORK/layout.script")
echo "layout: $checks checks (screens x 3 sizes x 2 text sizes), $(wc -l <"$WORK/faults") known faults left"
echo "1 passed, 0 failed"
