#!/usr/bin/env bash
# UI: pictures from a content pack in the real kiosk under Xvfb. The starter
# pack plus a PNG (tests/ui/fixtures) on a lesson page and a scenario
# question with regions: the script taps a region by its id, the answer is
# graded, and the screenshots show the picture (not a blank area). One region
# is small (a clock in the status bar): its tap area must still be 48 px.
# Usage: pictures_test.sh HOCSO_KIOSK PNG_STATS SOURCE_DIR OUT_DIR
set -euo pipefail
KIOSK="$1"; STATS="$2"; SRC="$3"; OUT="$4"
. "$SRC/tests/ui/ui_lib.sh"
PACK="$WORK/pack"
cp -r "$SRC/content/packs/starter" "$PACK"
mkdir -p "$PACK/images"
cp "$SRC/tests/ui/fixtures/confirm-transfer.png" "$PACK/images/"
lesson=$(ls "$PACK"/lessons/0/*.md | head -1)
# The picture goes on the first page, after its first paragraph.
awk 'BEGIN{done=0} {print} /^## / && !done {getline; print; print ""; print "![Màn hình xác nhận chuyển tiền](images/confirm-transfer.png)"; done=1}' \
  "$lesson" >"$WORK/l.md" && mv "$WORK/l.md" "$lesson"
bank=$(ls "$PACK"/questions/*.toml | head -1)
{ cat <<'TOML'
[[question]]
id = "q-0-img-01"
type = "scenario"
competencies = ["0.1"]
difficulty = 1
lesson = "l-0-1-cham-vuot"
prompt = "Chạm vào nút để xác nhận chuyển tiền."
explanation = "Nút Xác nhận là nút màu xanh ở dưới. Trước khi chạm, bạn đọc lại số tiền."
image = "images/confirm-transfer.png"
regions = [
  { x = 0.0667, y = 0.65, w = 0.8667, h = 0.2, label = "Nút Xác nhận", correct = true },
  { x = 0.0667, y = 0.1, w = 0.6, h = 0.15, label = "Số tiền" },
  { x = 0.8, y = 0.02, w = 0.1, h = 0.04, label = "Đồng hồ" },
]

TOML
  cat "$bank"; } >"$WORK/bank.toml" && mv "$WORK/bank.toml" "$bank"
use_pack "$PACK"
run_script pictures --config "$WORK/hocso.toml"
grep -q "cannot be decoded\|no texture" "$WORK/pictures.log" && fail "a picture failed to load: $(grep picture "$WORK/pictures.log")"
[ "$(q "SELECT correct FROM answers WHERE question_id = 'q-0-img-01'")" = 1 ] || fail "the region answer was not recorded as correct"
expect_not_blank "$STATS" picture-lesson picture-question picture-checked
# The picture's own blue (#1565c0, its button) must be on screen.
"$STATS" "$OUT/picture-question.png" --count 1565c0 | awk '{exit !($1 > 2000)}' || fail "the picture is not drawn"
echo "1 passed, 0 failed"
