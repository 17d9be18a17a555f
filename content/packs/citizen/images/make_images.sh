#!/usr/bin/env bash
# Draws every picture of the citizen pack (lesson illustrations and the
# tap-the-region scenario pictures of questions/hinh-anh.toml) with ImageMagick.
#
#   bash make_images.sh            redraw all PNGs here and print the regions
#   bash make_images.sh --check    also check that questions/hinh-anh.toml uses
#                                  exactly the regions computed below
#
# Needs: ImageMagick (`convert` or `magick`; Debian: apt-get install imagemagick),
# Noto Sans (Debian: fonts-noto-core), python3 for --check.
#
# All pictures are original, flat, generic drawings: no real app, bank or site,
# no real phone number or web address (the scam addresses are made up and only
# appear inside scam examples). Scenario regions are computed from the very
# coordinates the shapes are drawn with (see `region`), so a redraw that moves
# a shape prints the new region; paste it into hinh-anh.toml, then run --check.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${OUT:-$HERE}
FONT_DIR=${FONT_DIR:-/usr/share/fonts/truetype/noto}
R=$FONT_DIR/NotoSans-Regular.ttf
B=$FONT_DIR/NotoSans-Bold.ttf
CHECK=0
[ "${1:-}" = "--check" ] && CHECK=1

if command -v magick >/dev/null 2>&1; then IM=(magick); else IM=(convert); fi
if ! "${IM[@]}" -version 2>/dev/null | grep -q 'ImageMagick'; then
  echo "make_images.sh: ImageMagick is needed (apt-get install imagemagick)" >&2
  exit 1
fi
for f in "$R" "$B"; do
  [ -f "$f" ] || { echo "make_images.sh: font $f not found (apt-get install fonts-noto-core)" >&2; exit 1; }
done

REGIONS=$(mktemp)
trap 'rm -f "$REGIONS"' EXIT

# ---------------------------------------------------------------- colours
INK='#1b2631'      # main text
GREY='#5f6b76'     # secondary text
LINE='#cfd8dc'     # separators
BLUE='#1565c0'
LINK='#0b57d0'
GREEN='#2e7d32'
RED='#c62828'
ORANGE='#ef6c00'
YELLOW='#fff3c4'
NAVY='#1a3d6d'

# ---------------------------------------------------------------- drawing helpers
# A picture is built up in the array A, then written by `save`.
new()    { W=$1; H=$2; A=(-size "${1}x${2}" "xc:$3"); }
# rect X Y W H FILL
rect()   { A+=(-stroke none -fill "$5" -draw "rectangle $1,$2 $(($1 + $3)),$(($2 + $4))"); }
# rrect X Y W H RADIUS FILL
rrect()  { A+=(-stroke none -fill "$6" -draw "roundrectangle $1,$2 $(($1 + $3)),$(($2 + $4)) $5,$5"); }
# frame X Y W H RADIUS COLOUR STROKEWIDTH   (outline only)
frame()  { A+=(-fill none -stroke "$6" -strokewidth "$7" -draw "roundrectangle $1,$2 $(($1 + $3)),$(($2 + $4)) $5,$5"); }
# circle CX CY R FILL
circle() { A+=(-stroke none -fill "$4" -draw "circle $1,$2 $(($1 + $3)),$2"); }
# line X1 Y1 X2 Y2 COLOUR WIDTH
line()   { A+=(-fill none -stroke "$5" -strokewidth "$6" -draw "stroke-linecap round line $1,$2 $3,$4"); }
# mvg 'MVG primitives'  (free drawing, styles set inside)
mvg()    { A+=(-draw "$1"); }
# Text. ttext: top-left at X,Y. ltext/ctext/rtext: left-aligned, centred or
# right-aligned in the box X Y W H, centred vertically.
# ttext X Y SIZE FONT COLOUR TEXT
ttext()  { A+=(-stroke none -fill "$5" -font "$4" -pointsize "$3" -gravity NorthWest -annotate "+$1+$2" "$6"); fits "$6" "$3" "$4" $((W - $1 - 26)); }
_dy()    { echo $(($1 + $2 / 2 - H / 2)); }
# ltext X Y W H SIZE FONT COLOUR TEXT
ltext()  { A+=(-stroke none -fill "$7" -font "$6" -pointsize "$5" -gravity West
               -annotate "$(printf '%+d%+d' "$1" "$(_dy "$2" "$4")")" "$8" -gravity NorthWest); fits "$8" "$5" "$6" "$3"; }
ctext()  { A+=(-stroke none -fill "$7" -font "$6" -pointsize "$5" -gravity Center
               -annotate "$(printf '%+d%+d' $(($1 + $3 / 2 - W / 2)) "$(_dy "$2" "$4")")" "$8" -gravity NorthWest); fits "$8" "$5" "$6" "$3"; }
rtext()  { A+=(-stroke none -fill "$7" -font "$6" -pointsize "$5" -gravity East
               -annotate "$(printf '%+d%+d' $((W - $1 - $3)) "$(_dy "$2" "$4")")" "$8" -gravity NorthWest); fits "$8" "$5" "$6" "$3"; }
# fits TEXT SIZE FONT WIDTH: warn when a text is wider than its box
fits() {
  local w
  w=$("${IM[@]}" -font "$3" -pointsize "$2" label:"$1" -format '%w' info: 2>/dev/null || echo 0)
  if [ "$w" -gt "$4" ]; then echo "warning: $NAME: \"$1\" is ${w}px wide, its box ${4}px" >&2; fi
}
save() {
  "${IM[@]}" "${A[@]}" -strip -define png:exclude-chunks=date,time "PNG8:$OUT/$NAME.png"
  printf '%-28s %4sx%-4s %6s bytes\n' "$NAME.png" "$W" "$H" "$(stat -c %s "$OUT/$NAME.png")"
}
# region LABEL X Y W H [correct]: a tappable rectangle of the current picture,
# in pixels; printed (and remembered for --check) in 0..1 picture coordinates.
region() {
  local c=""
  [ "${6:-}" = "correct" ] && c=", correct = true"
  local xs
  xs=$(awk -v x="$2" -v y="$3" -v w="$4" -v h="$5" -v W="$W" -v H="$H" \
    'BEGIN { printf "x = %.3f, y = %.3f, w = %.3f, h = %.3f", x / W, y / H, w / W, h / H }')
  echo "  { $xs, label = \"$1\"$c },"
  printf '%s\t%s\t%s\t%s\n' "images/$NAME.png" "$1" "$xs" "${6:-}" >>"$REGIONS"
}

# ---------------------------------------------------------------- icons
# handset CX CY SCALE ANGLE COLOUR (a telephone handset, about 80*SCALE px)
handset() {
  mvg "push graphic-context translate $1,$2 rotate $4 scale $3,$3 fill $5 stroke none
       path 'M -28,-36 C -36,-34 -40,-26 -38,-16 C -34,10 -10,34 16,38 C 26,40 34,36 36,28 L 38,20 L 20,10 L 12,16 C 0,12 -12,0 -16,-12 L -10,-20 L -20,-38 Z'
       pop graphic-context"
}
# gear CX CY R COLOUR HOLE_COLOUR
gear() {
  local pts
  pts=$(awk -v cx="$1" -v cy="$2" -v r="$3" 'BEGIN {
    n = 8; pi = atan2(0, -1); ri = r * 0.74
    for (i = 0; i < n; i++) {
      a = 2 * pi * i / n; t = pi / n * 0.55
      split(sprintf("%f %f %f %f", a - t * 1.1, a - t * 0.55, a + t * 0.55, a + t * 1.1), q, " ")
      printf "%.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f ", cx + ri * cos(q[1]), cy + ri * sin(q[1]), cx + r * cos(q[2]), cy + r * sin(q[2]), cx + r * cos(q[3]), cy + r * sin(q[3]), cx + ri * cos(q[4]), cy + ri * sin(q[4])
      b = a + pi / n
      printf "%.1f,%.1f ", cx + ri * cos(b), cy + ri * sin(b)
    } }')
  A+=(-stroke none -fill "$4" -draw "polygon $pts")
  circle "$1" "$2" $(($3 * 62 / 100)) "$4"
  circle "$1" "$2" $(($3 * 30 / 100)) "$5"
}
# wifi CX CY R COLOUR BG  (the fan: three bands, point at CX,CY)
wifi() {
  local cx=$1 cy=$2 r=$3 c=$4 bg=$5 k rad col
  for k in 0 1 2 3 4 5; do
    rad=$((r * (6 - k) / 6))
    if [ $((k % 2)) -eq 0 ]; then col=$c; else col=$bg; fi
    A+=(-stroke none -fill "$col" -draw "$(awk -v cx="$cx" -v cy="$cy" -v r="$rad" 'BEGIN {
      pi = atan2(0, -1); a = -3 * pi / 4; b = -pi / 4
      printf "path '"'"'M %d,%d L %.1f,%.1f A %d,%d 0 0,1 %.1f,%.1f Z'"'"'", cx, cy, cx + r * cos(a), cy + r * sin(a), r, r, cx + r * cos(b), cy + r * sin(b) }')")
  done
}
# lock X Y COLOUR  (a padlock about 22x28, top-left at X,Y)
lock() {
  A+=(-fill none -stroke "$3" -strokewidth 4 -draw "path 'M $(($1 + 5)),$(($2 + 14)) L $(($1 + 5)),$(($2 + 9)) A 6,6 0 0,1 $(($1 + 17)),$(($2 + 9)) L $(($1 + 17)),$(($2 + 14))'")
  rrect "$1" $(($2 + 12)) 22 16 3 "$3"
}
# back arrow at X,Y (about 30x26)
backarrow() {
  line "$1" $(($2 + 13)) $(($1 + 28)) $(($2 + 13)) "$3" 4
  line "$1" $(($2 + 13)) $(($1 + 12)) "$2" "$3" 4
  line "$1" $(($2 + 13)) $(($1 + 12)) $(($2 + 26)) "$3" 4
}
# check mark in a box of size S at X,Y
tick()   { A+=(-fill none -stroke "$4" -strokewidth "$5" -draw "stroke-linecap round stroke-linejoin round polyline $1,$(($2 + $3 / 2)) $(($1 + $3 * 2 / 5)),$(($2 + $3 * 9 / 10)) $(($1 + $3)),$(($2 + $3 / 10))"); }
cross()  { line "$1" "$2" $(($1 + $3)) $(($2 + $3)) "$4" "$5"; line $(($1 + $3)) "$2" "$1" $(($2 + $3)) "$4" "$5"; }
# badge CX CY R COLOUR TEXT (a numbered circle)
badge()  { circle "$1" "$2" "$3" "$4"; ctext $(($1 - $3)) $(($2 - $3 - 2)) $((2 * $3)) $((2 * $3)) $(($3 * 13 / 10)) "$B" white "$5"; }
# camera CX CY S COLOUR HOLE (a photo camera about 2S wide)
camera() {
  local s=$3
  rrect $(($1 - s * 3 / 10)) $(($2 - s * 8 / 10)) $((s * 6 / 10)) $((s * 3 / 10)) 4 "$4"
  rrect $(($1 - s)) $(($2 - s * 6 / 10)) $((2 * s)) $((s * 14 / 10)) $((s / 5)) "$4"
  circle "$1" $(($2 + s / 10)) $((s * 5 / 10)) "$5"
  circle "$1" $(($2 + s / 10)) $((s * 3 / 10)) "$4"
}
# videocam CX CY S COLOUR (a film camera: body + triangle)
videocam() {
  rrect $(($1 - $3)) $(($2 - $3 * 6 / 10)) $(($3 * 13 / 10)) $(($3 * 12 / 10)) $(($3 / 5)) "$4"
  A+=(-stroke none -fill "$4" -draw "polygon $(($1 + $3 * 4 / 10)),$2 $(($1 + $3)),$(($2 - $3 * 6 / 10)) $(($1 + $3)),$(($2 + $3 * 6 / 10))")
}
# mic CX CY S COLOUR
mic() {
  rrect $(($1 - $3 * 4 / 10)) $(($2 - $3)) $(($3 * 8 / 10)) $(($3 * 13 / 10)) $(($3 * 4 / 10)) "$4"
  A+=(-fill none -stroke "$4" -strokewidth $(($3 / 5 > 2 ? $3 / 5 : 2)) -draw "path 'M $(($1 - $3 * 7 / 10)),$(($2 - $3 / 10)) A $(($3 * 7 / 10)),$(($3 * 7 / 10)) 0 0,0 $(($1 + $3 * 7 / 10)),$(($2 - $3 / 10))'")
  line "$1" $(($2 + $3 * 6 / 10)) "$1" $(($2 + $3 * 9 / 10)) "$4" $(($3 / 5 > 2 ? $3 / 5 : 2))
}
# speaker CX CY S COLOUR
speaker() {
  rect $(($1 - $3)) $(($2 - $3 * 3 / 10)) $(($3 * 4 / 10)) $(($3 * 6 / 10)) "$4"
  A+=(-stroke none -fill "$4" -draw "polygon $(($1 - $3 * 6 / 10)),$(($2 - $3 * 3 / 10)) $(($1 + $3 / 10)),$(($2 - $3 * 8 / 10)) $(($1 + $3 / 10)),$(($2 + $3 * 8 / 10)) $(($1 - $3 * 6 / 10)),$(($2 + $3 * 3 / 10))")
  A+=(-fill none -stroke "$4" -strokewidth $(($3 / 6 > 2 ? $3 / 6 : 2)) -draw "path 'M $(($1 + $3 * 4 / 10)),$(($2 - $3 * 4 / 10)) A $(($3 * 5 / 10)),$(($3 * 5 / 10)) 0 0,1 $(($1 + $3 * 4 / 10)),$(($2 + $3 * 4 / 10))'")
}
# person CX CY S COLOUR (head and shoulders)
person() {
  circle "$1" $(($2 - $3 * 4 / 10)) $(($3 * 4 / 10)) "$4"
  A+=(-stroke none -fill "$4" -draw "path 'M $(($1 - $3 * 8 / 10)),$(($2 + $3 * 8 / 10)) A $(($3 * 8 / 10)),$(($3 * 7 / 10)) 0 0,1 $(($1 + $3 * 8 / 10)),$(($2 + $3 * 8 / 10)) Z'")
}
# photo CX CY S COLOUR BG (a framed picture: mountains and sun)
photo() {
  rrect $(($1 - $3)) $(($2 - $3 * 8 / 10)) $((2 * $3)) $(($3 * 16 / 10)) $(($3 / 6)) "$4"
  A+=(-stroke none -fill "$5" -draw "polygon $(($1 - $3 * 8 / 10)),$(($2 + $3 * 6 / 10)) $(($1 - $3 * 3 / 10)),$(($2 - $3 / 10)) $(($1 + $3 / 10)),$(($2 + $3 * 4 / 10)) $(($1 + $3 * 4 / 10)),$(($2 + $3 / 10)) $(($1 + $3 * 8 / 10)),$(($2 + $3 * 6 / 10))")
  circle $(($1 + $3 * 4 / 10)) $(($2 - $3 * 35 / 100)) $(($3 * 16 / 100)) "$5"
}
# speech bubble with three dots, CX CY S COLOUR DOTS
chat() {
  rrect $(($1 - $3)) $(($2 - $3 * 7 / 10)) $((2 * $3)) $(($3 * 13 / 10)) $(($3 * 5 / 10)) "$4"
  A+=(-stroke none -fill "$4" -draw "polygon $(($1 - $3 * 5 / 10)),$(($2 + $3 * 5 / 10)) $(($1 - $3 * 7 / 10)),$(($2 + $3)) $(($1 - $3 / 10)),$(($2 + $3 * 5 / 10))")
  circle $(($1 - $3 / 2)) $(($2 - $3 / 20)) $(($3 / 7)) "$5"
  circle "$1" $(($2 - $3 / 20)) $(($3 / 7)) "$5"
  circle $(($1 + $3 / 2)) $(($2 - $3 / 20)) $(($3 / 7)) "$5"
}
# warning triangle X Y S COLOUR  (with a "!" in white)
warn() {
  A+=(-stroke none -fill "$4" -draw "polygon $(($1 + $3 / 2)),$2 $(($1 + $3)),$(($2 + $3 * 9 / 10)) $1,$(($2 + $3 * 9 / 10))")
  rect $(($1 + $3 / 2 - $3 / 16)) $(($2 + $3 * 3 / 10)) $(($3 / 8)) $(($3 * 3 / 10)) white
  circle $(($1 + $3 / 2)) $(($2 + $3 * 75 / 100)) $(($3 / 14)) white
}

# ---------------------------------------------------------------- the phone
# A portrait phone 480x860; its screen is SX..SX+SW, SY..SY+SH.
SX=26 SY=20 SW=428 SH=820
phone() { # phone SCREEN_BG [dark]
  new 480 860 '#d9e2ea'
  rrect 10 4 460 852 48 '#263238'
  rrect $SX $SY $SW $SH 34 "$1"
  local c=$INK
  [ "${2:-}" = "dark" ] && c=white
  ttext 58 26 22 "$B" "$c" "9:41"
  circle 240 40 8 '#263238'
  local i
  for i in 0 1 2 3; do rect $((352 + i * 9)) $((50 - i * 5)) 6 $((6 + i * 5)) "$c"; done
  frame 394 32 34 18 4 "$c" 2
  rect 398 36 22 10 "$c"
  rect 430 37 3 8 "$c"
}
homebar() { rrect 190 820 100 7 3 "${1:-#90a4ae}"; }
# appbar TITLE [BG] : a top bar with a back arrow, y 62..134
appbar() {
  [ -n "${2:-}" ] && rect $SX 62 $SW 72 "$2"
  backarrow 48 85 "$INK"
  ltext 96 62 350 72 28 "$B" "$INK" "$1"
  rect $SX 133 $SW 2 "$LINE"
}
# inputbar TEXT: the message box at the bottom, y 736..800
inputbar() {
  rect $SX 724 $SW 2 "$LINE"
  rrect 44 740 318 60 30 '#eef1f4'
  ltext 68 740 280 60 24 "$R" "$GREY" "$1"
  circle 404 770 30 "$BLUE"
  A+=(-stroke none -fill white -draw "polygon 392,754 422,770 392,786 398,770")
}
# bubble X Y W H FILL: a message bubble
bubble() { rrect "$1" "$2" "$3" "$4" 22 "$5"; }
# lines X Y SIZE FONT COLOUR STEP "line" "line"...: one text line every STEP px
lines() {
  local x=$1 y=$2 s=$3 f=$4 c=$5 step=$6
  shift 6
  local l
  for l in "$@"; do ttext "$x" "$y" "$s" "$f" "$c" "$l"; y=$((y + step)); done
}

# ================================================================ lesson pictures

# 1. Home screen with big generic icons (l-0-1-dien-thoai)
NAME=dien-thoai-man-hinh-chinh
phone '#dbe8f4'
ctext $SX 78 $SW 90 76 "$B" "$INK" "9:41"
ctext $SX 168 $SW 40 26 "$R" "$GREY" "Thứ Hai, 1 tháng 6"
icon_cell() { # COL ROW LABEL BG ; draws the tile, returns its centre in ICX ICY
  ICX=$((145 + $1 * 190)); ICY=$((300 + $2 * 180))
  rrect $((ICX - 60)) $((ICY - 60)) 120 120 30 "$3"
  ctext $((ICX - 95)) $((ICY + 66)) 190 40 26 "$B" "$INK" "$4"
}
icon_cell 0 0 '#2e9d4f' "Gọi điện";     handset $ICX $ICY 1.1 0 white
icon_cell 1 0 '#1e88e5' "Tin nhắn";     chat $ICX $((ICY - 4)) 38 white '#1e88e5'
icon_cell 0 1 '#455a64' "Máy ảnh";      camera $ICX $ICY 38 white '#455a64'
icon_cell 1 1 '#78909c' "Cài đặt";      gear $ICX $ICY 40 white '#78909c'
icon_cell 0 2 '#00897b' "Danh bạ";      person $ICX $((ICY + 2)) 40 white
icon_cell 1 2 '#f9a825' "Thư viện ảnh"; photo $ICX $ICY 38 white '#f9a825'
homebar
save

# 2. Wi-Fi list in Settings (l-0-3-ket-noi-internet); also the base of q-hinh-04
wifi_row() { # Y NAME SUB SUBCOLOUR LOCKED
  wifi 76 $(($1 + 50)) 30 "$INK" white
  if [ -n "$3" ]; then
    ttext 116 $(($1 + 6)) 26 "$B" "$INK" "$2"
    ttext 116 $(($1 + 42)) 20 "$R" "$4" "$3"
  else
    ltext 116 "$1" 270 72 26 "$B" "$INK" "$2"
  fi
  [ "$5" = lock ] && lock 404 $(($1 + 20)) "$GREY"
  rect 46 $(($1 + 76)) 388 1 "$LINE"
}
wifi_screen() { # CONNECTED OTHER1 OTHER2 OTHER3 OPEN_ONE (which of the 4 rows has no lock: 0..3)
  phone white
  appbar "Wi-Fi"
  rrect 42 150 396 84 20 '#e3edf9'
  ltext 66 150 200 84 30 "$B" "$INK" "Wi-Fi"
  rtext 250 150 80 84 24 "$R" "$GREEN" "Bật"
  rrect 342 172 78 40 20 "$GREEN"
  circle 400 192 16 white
  ttext 50 252 22 "$R" "$GREY" "Đang kết nối"
  local l0=lock l1=lock l2=lock l3=lock
  eval "l$5=open"
  wifi_row 284 "$1" "Đã kết nối" "$GREEN" $l0
  ttext 50 384 22 "$R" "$GREY" "Mạng khác"
  wifi_row 414 "$2" "" "" $l1
  wifi_row 494 "$3" "" "" $l2
  wifi_row 574 "$4" "" "" $l3
}
NAME=wifi-danh-sach
wifi_screen "NhaBaLan" "NhaVanHoa_Xa" "Hang_Xom_5G" "QuanCaPhe_MienPhi" 3
rrect 42 668 396 136 18 "$YELLOW"
lock 62 688 "$INK"
lines 96 682 21 "$R" "$INK" 30 "Có hình ổ khoá: mạng cần" "mật khẩu." "Không có ổ khoá: mạng mở," "nhiều người lạ dùng chung."
homebar
save

# 3. QR payment confirmation with the two things to check (l-5-3-ma-qr); base of q-hinh-02
qr_confirm() { # AMOUNT CONTENT
  phone '#f2f4f7'
  appbar "Xác nhận chuyển tiền" white
  rrect 42 152 396 372 22 white
  ttext 66 164 22 "$R" "$GREY" "Người nhận"
  ttext 66 194 30 "$B" "$INK" "NGUYỄN THỊ HẠNH"
  ttext 66 250 22 "$R" "$GREY" "Số tài khoản"
  ttext 66 278 26 "$R" "$INK" "0123 456 789"
  rect 62 326 356 2 "$LINE"
  ttext 66 338 22 "$R" "$GREY" "Số tiền"
  ttext 66 364 46 "$B" "$BLUE" "$1"
  ttext 66 440 22 "$R" "$GREY" "Nội dung"
  ttext 66 468 26 "$R" "$INK" "$2"
  rrect 42 732 396 68 34 "$GREEN"
  ctext 42 732 396 68 30 "$B" white "Xác nhận"
}
NAME=qr-xac-nhan
qr_confirm "240.000 đ" "Mua thịt ở chợ"
frame 52 158 376 84 14 "$ORANGE" 5
frame 52 332 376 96 14 "$ORANGE" 5
badge 410 200 20 "$ORANGE" "1"
badge 410 380 20 "$ORANGE" "2"
rrect 42 544 396 170 18 "$YELLOW"
ttext 62 556 24 "$B" "$INK" "Trước khi xác nhận:"
badge 78 612 17 "$ORANGE" "1"
ttext 104 596 24 "$R" "$INK" "Đúng tên người bán?"
badge 78 662 17 "$ORANGE" "2"
ttext 104 646 24 "$R" "$INK" "Đúng số tiền phải trả?"
homebar
save

# 4. A scam SMS with its signs marked (l-4-1-lua-dao)
sms_screen() { # SENDER
  phone white
  appbar "$1" white
  ctext $SX 146 $SW 34 20 "$R" "$GREY" "Hôm nay 08:15"
}
NAME=tin-nhan-lua-dao
sms_screen "QUA-TANG-KH"
bubble 42 188 396 268 '#eceff1'
lines 66 196 26 "$R" "$INK" 46 "Chúc mừng! Số máy của bạn" "trúng thưởng 1 xe máy." "Nhận quà trước 17 giờ" "hôm nay tại:"
ttext 66 388 23 "$R" "$LINK" "http://qua-tang-mien-phi.xyz"
rect 66 422 312 2 "$LINK"
frame 56 242 306 46 10 "$ORANGE" 4
frame 56 290 306 92 10 "$ORANGE" 4
frame 56 384 336 52 10 "$RED" 5
badge 404 265 17 "$ORANGE" "1"
badge 404 336 17 "$ORANGE" "2"
badge 414 410 17 "$RED" "3"
rrect 42 474 396 234 18 "$YELLOW"
badge 70 512 16 "$ORANGE" "1"
ttext 96 496 23 "$R" "$INK" "Quà quá lớn, khó tin."
badge 70 566 16 "$ORANGE" "2"
ttext 96 550 23 "$R" "$INK" "Hối thúc: “hôm nay”."
badge 70 620 16 "$RED" "3"
ttext 96 604 23 "$B" "$RED" "Đường link lạ, đuôi .xyz."
ttext 96 640 23 "$B" "$RED" "Đừng chạm vào!"
inputbar "Nhập tin nhắn"
homebar
save

# 5. Weak and strong passwords side by side (l-4-2-otp-mat-khau)
NAME=mat-khau-manh-yeu
new 800 500 '#f5f7fa'
ctext 0 14 800 50 32 "$B" "$INK" "Mật khẩu yếu và mật khẩu mạnh"
rrect 24 78 366 356 22 '#fdecea'
frame 24 78 366 356 22 "$RED" 3
ctext 24 88 366 48 28 "$B" "$RED" "YẾU: dễ bị đoán"
rrect 416 78 360 356 22 '#e8f5e9'
frame 416 78 360 356 22 "$GREEN" 3
ctext 416 88 360 48 28 "$B" "$GREEN" "MẠNH: khó đoán"
pw_row() { # X Y W TEXT NOTE good|bad
  rrect "$1" "$2" "$3" 58 12 white
  ltext $(($1 + 18)) "$2" $(($3 - 76)) 58 26 "$B" "$INK" "$4"
  if [ "$6" = good ]; then tick $(($1 + $3 - 48)) $(($2 + 14)) 30 "$GREEN" 7
  else cross $(($1 + $3 - 46)) $(($2 + 16)) 26 "$RED" 7; fi
  ttext $(($1 + 6)) $(($2 + 62)) 19 "$R" "$GREY" "$5"
}
pw_row 44 146 326 "123456" "dãy số ai cũng thử" bad
pw_row 44 240 326 "lan1975" "tên và năm sinh" bad
pw_row 44 334 326 "matkhau" "chữ quen thuộc" bad
pw_row 436 146 320 "Vuon#Cam7Ngot!" "dài, có số và ký hiệu" good
pw_row 436 240 320 "Bt5c@Nn!Ao" "chữ đầu của một câu, thêm số" good
rrect 436 334 320 84 12 white
lines 452 342 20 "$R" "$INK" 34 "Mỗi tài khoản quan trọng" "dùng một mật khẩu riêng."
ctext 0 444 800 44 22 "$R" "$INK" "Đừng dùng đúng ví dụ trong hình: hãy tự nghĩ mật khẩu của bạn."
save

# 6. A generic online public-service form, on a computer (l-2-4-dich-vu-cong)
NAME=dich-vu-cong-bieu-mau
new 800 500 '#eceff1'
rect 0 0 800 44 '#37474f'
rrect 14 8 220 36 10 '#eceff1'
ltext 30 8 200 36 18 "$R" "$INK" "Dịch vụ công"
rrect 14 52 560 34 17 white
lock 30 55 "$GREEN"
ltext 62 52 500 34 19 "$R" "$INK" "https://•••.gov.vn"
line 580 69 604 69 "$ORANGE" 4
A+=(-stroke none -fill "$ORANGE" -draw "polygon 580,69 592,61 592,77")
ltext 608 48 190 42 18 "$B" "$ORANGE" "Đuôi .gov.vn"
rect 0 94 800 58 "$NAVY"
ltext 24 94 500 58 28 "$B" white "CỔNG DỊCH VỤ CÔNG"
rtext 560 94 220 58 18 "$R" '#dce6f2' "Đã đăng nhập"
rect 0 152 800 348 white
step() { # N Y TEXT active|idle
  local c=$GREY
  [ "$4" = active ] && c=$BLUE
  circle 42 $(($2 + 16)) 16 "$c"
  ctext 26 "$2" 32 32 18 "$B" white "$1"
  ltext 66 "$2" 160 32 19 "$([ "$4" = active ] && echo "$B" || echo "$R")" "$c" "$3"
}
step 1 190 "Điền thông tin" active
step 2 246 "Tải giấy tờ" idle
step 3 302 "Kiểm tra, nộp" idle
rect 226 166 2 318 "$LINE"
ttext 252 164 28 "$B" "$INK" "Đăng ký khai sinh"
field() { # X Y W LABEL VALUE [select]
  ttext "$1" "$2" 18 "$R" "$GREY" "$4"
  rrect "$1" $(($2 + 28)) "$3" 42 8 '#f5f7fa'
  frame "$1" $(($2 + 28)) "$3" 42 8 '#90a4ae' 2
  ltext $(($1 + 12)) $(($2 + 28)) $(($3 - 40)) 42 20 "$R" "$INK" "$5"
  [ "${6:-}" = select ] && A+=(-stroke none -fill "$INK" -draw "polygon $(($1 + $3 - 30)),$(($2 + 44)) $(($1 + $3 - 14)),$(($2 + 44)) $(($1 + $3 - 22)),$(($2 + 54))")
  return 0
}
field 252 214 520 "Họ và tên của trẻ" "Nguyễn Minh An"
field 252 290 200 "Ngày sinh" "15/03/2026"
field 476 290 296 "Nơi nhận hồ sơ" "UBND xã An Phú" select
ttext 252 366 18 "$R" "$GREY" "Ảnh giấy chứng sinh"
frame 252 394 200 42 8 "$BLUE" 2
ctext 252 394 200 42 20 "$B" "$BLUE" "Tải ảnh lên"
rrect 592 436 180 50 12 "$BLUE"
ctext 592 436 180 50 22 "$B" white "Tiếp tục"
save

# 7. A video call with a grandchild (l-2-1-nhan-tin)
face() { # CX CY S HAIR SKIN [bun]
  local cx=$1 cy=$2 s=$3
  [ "${6:-}" = bun ] && circle "$cx" $((cy - s * 105 / 100)) $((s * 4 / 10)) "$4"
  [ "${6:-}" = tails ] && { circle $((cx - s * 105 / 100)) $((cy - s / 10)) $((s * 35 / 100)) "$4"; circle $((cx + s * 105 / 100)) $((cy - s / 10)) $((s * 35 / 100)) "$4"; }
  circle "$cx" $((cy - s / 10)) $((s * 105 / 100)) "$4"
  A+=(-stroke none -fill "$5" -draw "ellipse $cx,$((cy + s / 10)) $((s * 9 / 10)),$((s * 92 / 100)) 0,360")
  A+=(-stroke none -fill "$4" -draw "path 'M $((cx - s * 92 / 100)),$((cy - s * 2 / 10)) Q $((cx - s * 9 / 10)),$((cy - s * 105 / 100)) $cx,$((cy - s * 105 / 100)) Q $((cx + s * 9 / 10)),$((cy - s * 105 / 100)) $((cx + s * 92 / 100)),$((cy - s * 2 / 10)) Q $((cx + s * 7 / 10)),$((cy - s * 6 / 10)) $((cx + s * 15 / 100)),$((cy - s * 55 / 100)) Q $((cx - s * 45 / 100)),$((cy - s * 5 / 10)) $((cx - s * 92 / 100)),$((cy - s * 2 / 10)) Z'")
  circle $((cx - s * 35 / 100)) $((cy + s / 20)) $((s / 10)) '#3e2723'
  circle $((cx + s * 35 / 100)) $((cy + s / 20)) $((s / 10)) '#3e2723'
  circle $((cx - s * 55 / 100)) $((cy + s * 3 / 10)) $((s / 8)) '#f48fb1'
  circle $((cx + s * 55 / 100)) $((cy + s * 3 / 10)) $((s / 8)) '#f48fb1'
  A+=(-fill none -stroke '#6d2a1a' -strokewidth $((s / 14 > 2 ? s / 14 : 2)) -draw "stroke-linecap round path 'M $((cx - s * 3 / 10)),$((cy + s * 35 / 100)) Q $cx,$((cy + s * 7 / 10)) $((cx + s * 3 / 10)),$((cy + s * 35 / 100))'")
}
video_call() { # NAME TIME CHILD_HAIR(tails|short) CALLER(bun: grandmother | short: grandfather)
  phone '#37474f' dark
  rect $SX 158 $SW 482 '#a7d8f0'
  rect $SX 470 $SW 170 '#8cc7e4'
  A+=(-stroke none -fill '#ef5350' -draw "path 'M 100,700 Q 100,560 240,560 Q 380,560 380,700 Z'")
  rect 100 690 280 40 '#ef5350'
  face 240 440 110 '#3e2723' '#f6c9a0' "$3"
  ttext 50 66 32 "$B" white "$1"
  ttext 50 114 22 "$R" '#cfd8dc' "$2"
  rrect 314 176 124 164 16 white
  rrect 318 180 116 156 13 '#e0e0e0'
  face 376 266 40 '#b0bec5' '#eec39a' "$4"
  local shirt='#7e57c2'
  [ "$4" = short ] && shirt='#00897b'
  A+=(-stroke none -fill "$shirt" -draw "path 'M 330,336 Q 330,310 376,310 Q 422,310 422,336 Z'")
  rrect $SX 640 $SW $((SY + SH - 640)) 34 '#263238'
  rect $SX 640 $SW 60 '#263238'
}
call_button() { # CX KIND [label]
  local cy=712
  if [ "$2" = end ]; then circle "$1" $cy 42 '#e53935'; handset "$1" $cy 0.62 135 white
  else
    circle "$1" $cy 42 '#546e7a'
    case $2 in
      mic) mic "$1" $((cy + 2)) 22 white ;;
      cam) videocam $(($1 - 2)) $cy 22 white ;;
      speaker) speaker "$1" $cy 24 white ;;
    esac
  fi
  [ -n "${3:-}" ] && ctext $(($1 - 70)) 760 140 36 22 "$R" white "$3"
  return 0
}
NAME=goi-video-chau
video_call "Bé Na" "Đang gọi video · 00:45" tails bun
call_button 110 mic "Tắt tiếng"
call_button 240 cam "Tắt camera"
call_button 370 end "Kết thúc"
homebar '#78909c'
save

# 8. An AI chatbot answer with a "check again" note (l-6-3-kiem-tra-ai)
ai_screen() {
  phone white
  rect $SX 62 $SW 72 white
  backarrow 48 85 "$INK"
  circle 112 98 22 '#6a4fb3'
  ctext 90 76 44 44 18 "$B" white "AI"
  ltext 146 62 280 72 28 "$B" "$INK" "Trợ lý AI"
  rect $SX 133 $SW 2 "$LINE"
}
NAME=ai-tra-loi-kiem-tra
ai_screen
bubble 132 156 306 102 "$BLUE"
lines 152 168 24 "$R" white 38 "Lúa nhà tôi bị vàng lá." "Tôi nên bón phân gì?"
bubble 42 280 366 222 '#ede7f6'
lines 62 294 24 "$R" "$INK" 38 "Lá lúa vàng có thể do" "thiếu phân đạm, do sâu" "bệnh hoặc do ruộng ngập" "nước lâu. Tôi chưa thấy" "ruộng nên chưa chắc."
ttext 50 510 20 "$R" "$GREY" "AI có thể sai."
rrect 42 560 396 146 18 "$YELLOW"
frame 42 560 396 146 18 "$ORANGE" 4
warn 60 574 40 "$ORANGE"
ttext 112 576 26 "$B" "$ORANGE" "Kiểm tra lại!"
lines 62 622 22 "$R" "$INK" 36 "Hỏi cán bộ khuyến nông, đọc" "nhãn phân bón trước khi bón."
inputbar "Nhập câu hỏi"
homebar
save

# ================================================================ scenario pictures
# Each prints its regions for questions/hinh-anh.toml.

# q-hinh-01: a prize SMS; the link is what must never be tapped
NAME=cau-hoi-tin-nhan-qua
echo "# q-hinh-01"
sms_screen "TRI-AN-KH"
bubble 42 188 396 204 '#eceff1'
lines 66 202 26 "$R" "$INK" 40 "Quý khách được chọn nhận" "quà tri ân 2.000.000 đ." "Xác nhận nhận quà tại:"
ttext 66 330 23 "$R" "$LINK" "http://qua-tang-mien-phi.xyz"
rect 66 364 340 2 "$LINK"
inputbar "Nhập tin nhắn"
homebar
save
region "Tên người gửi" 90 66 340 64
region "Lời báo được nhận quà" 46 196 388 122
region "Đường link trong tin nhắn" 46 320 388 58 correct
region "Ô soạn tin trả lời" 40 736 326 68

# q-hinh-02: the amount has one zero too many
NAME=cau-hoi-qr-so-tien
echo "# q-hinh-02"
qr_confirm "2.400.000 đ" "Thanh toán tiền hàng"
homebar
save
region "Tên người nhận" 46 156 388 88
region "Số tiền" 46 332 388 98 correct
region "Nội dung chuyển tiền" 46 434 388 82
region "Nút Xác nhận" 42 732 396 68

# q-hinh-03: the OTP code in an SMS
NAME=cau-hoi-ma-otp
echo "# q-hinh-03"
sms_screen "NGANHANG"
bubble 42 188 396 420 '#eceff1'
ttext 66 204 26 "$R" "$INK" "Mã OTP của bạn là:"
rrect 66 250 250 72 12 white
ctext 66 250 250 72 46 "$B" "$INK" "482913"
lines 66 344 26 "$R" "$INK" 40 "Mã dùng để xác nhận" "chuyển 5.000.000 đ."
lines 66 450 26 "$B" "$RED" 40 "KHÔNG đưa mã này cho" "bất kỳ ai, kể cả nhân" "viên ngân hàng."
inputbar "Nhập tin nhắn"
homebar
save
region "Tên người gửi" 90 66 340 64
region "Dãy số mã OTP" 58 244 266 84 correct
region "Dòng ghi mã dùng để làm gì" 46 338 388 92
region "Lời dặn không đưa mã cho ai" 46 442 388 160

# q-hinh-04: switch Wi-Fi off in a café
NAME=cau-hoi-tat-wifi
echo "# q-hinh-04"
wifi_screen "QuanCaPhe_MienPhi" "Hang_Xom_5G" "NhaVanHoa_Xa" "Nha_So_12" 0
homebar
save
region "Mũi tên quay lại" 34 66 60 62
region "Công tắc Wi-Fi" 330 158 100 68 correct
region "Tên mạng đang kết nối" 46 286 388 72
region "Một mạng khác trong danh sách" 46 416 388 72

# q-hinh-05: which password is strongest
NAME=cau-hoi-mat-khau
echo "# q-hinh-05"
new 800 500 '#f5f7fa'
ctext 0 18 800 50 30 "$B" "$INK" "Bốn mật khẩu chị Lan đang nghĩ tới"
pw_card() { # X Y TEXT
  rrect "$1" "$2" 360 170 22 white
  frame "$1" "$2" 360 170 22 '#90a4ae' 3
  lock $(($1 + 24)) $(($2 + 22)) "$GREY"
  ctext "$1" "$2" 360 170 34 "$B" "$INK" "$3"
}
pw_card 30 90 "123456"
pw_card 410 90 "lan1975"
pw_card 30 300 "Tr@u7Cay!Ruong"
pw_card 410 300 "matkhau123"
save
region "Mật khẩu 123456" 30 90 360 170
region "Mật khẩu lan1975" 410 90 360 170
region "Mật khẩu Tr@u7Cay!Ruong" 30 300 360 170 correct
region "Mật khẩu matkhau123" 410 300 360 170

# q-hinh-06: the result page after submitting a file
NAME=cau-hoi-ma-ho-so
echo "# q-hinh-06"
phone '#f2f4f7'
rect $SX 62 $SW 72 "$NAVY"
ctext $SX 62 $SW 72 26 "$B" white "CỔNG DỊCH VỤ CÔNG"
circle 240 212 50 "$GREEN"
tick 214 186 52 white 10
ctext $SX 274 $SW 56 30 "$B" "$GREEN" "Nộp hồ sơ thành công"
rrect 42 352 396 330 22 white
ttext 66 368 22 "$R" "$GREY" "Mã hồ sơ"
ttext 66 398 34 "$B" "$INK" "HS-2026-004517"
rect 62 462 356 2 "$LINE"
ttext 66 476 22 "$R" "$GREY" "Thủ tục"
ttext 66 504 26 "$R" "$INK" "Đăng ký khai sinh"
rect 62 556 356 2 "$LINE"
ttext 66 570 22 "$R" "$GREY" "Nơi nhận hồ sơ"
ttext 66 598 26 "$R" "$INK" "UBND xã An Phú"
rrect 42 728 396 68 34 "$BLUE"
ctext 42 728 396 68 28 "$B" white "Về trang chủ"
homebar
save
region "Dòng Nộp hồ sơ thành công" 40 272 400 60
region "Mã hồ sơ" 50 360 380 98 correct
region "Tên thủ tục" 50 468 380 84
region "Nút Về trang chủ" 42 728 396 68

# q-hinh-07: a fake login page; the address gives it away
NAME=cau-hoi-trang-gia
echo "# q-hinh-07"
phone white
rect $SX 62 $SW 76 '#eceff1'
rrect 42 72 396 56 28 white
ltext 66 72 360 56 24 "$R" "$INK" "dichvucong-hotro.top"
rect $SX 138 $SW 76 "$NAVY"
ctext $SX 138 $SW 76 28 "$B" white "CỔNG DỊCH VỤ CÔNG"
ctext $SX 240 $SW 56 34 "$B" "$INK" "Đăng nhập"
ttext 52 318 22 "$R" "$GREY" "Số căn cước"
rrect 48 350 384 60 12 '#f5f7fa'
frame 48 350 384 60 12 '#90a4ae' 2
ttext 52 430 22 "$R" "$GREY" "Mật khẩu"
rrect 48 462 384 60 12 '#f5f7fa'
frame 48 462 384 60 12 '#90a4ae' 2
rrect 48 566 384 68 34 "$BLUE"
ctext 48 566 384 68 28 "$B" white "Đăng nhập"
homebar
save
region "Địa chỉ trang web" 40 70 400 60 correct
region "Tên cổng ở đầu trang" 30 142 420 68
region "Ô nhập số căn cước" 44 314 392 100
region "Nút Đăng nhập" 48 566 384 68

# q-hinh-08: an AI answer with a pesticide dose
NAME=cau-hoi-ai-thuoc-sau
echo "# q-hinh-08"
ai_screen
bubble 132 156 306 102 "$BLUE"
lines 152 168 24 "$R" white 38 "Rau cải bị sâu ăn lá." "Tôi nên làm gì?"
bubble 42 280 366 140 '#ede7f6'
lines 62 294 24 "$R" "$INK" 38 "Sáng sớm, bạn bắt sâu" "bằng tay và ngắt bỏ những" "lá bị hại."
bubble 42 440 366 140 '#ede7f6'
lines 62 454 24 "$R" "$INK" 38 "Pha 50 ml thuốc trừ sâu" "cho mỗi bình 8 lít nước," "phun 2 lần mỗi ngày."
inputbar "Nhập câu hỏi"
homebar
save
region "Câu hỏi của bà Mai" 132 156 306 102
region "Lời khuyên bắt sâu bằng tay" 42 280 366 140
region "Lời khuyên pha thuốc trừ sâu" 42 440 366 140 correct
region "Ô nhập câu hỏi" 40 736 326 68

# q-hinh-09: end a video call
NAME=cau-hoi-ket-thuc-goi
echo "# q-hinh-09"
video_call "Cháu Bin" "Đang gọi video · 12:30" short short
call_button 84 speaker
call_button 188 mic
call_button 292 end
call_button 396 cam
homebar '#78909c'
save
region "Nút hình cái loa" 40 668 88 88
region "Nút hình micrô" 144 668 88 88
region "Nút màu đỏ" 248 668 88 88 correct
region "Nút hình máy quay phim" 352 668 88 88

# ---------------------------------------------------------------- --check
if [ $CHECK = 1 ]; then
  python3 - "$REGIONS" "$HERE/../questions/hinh-anh.toml" <<'PY'
import sys, tomllib
computed = {}
for row in open(sys.argv[1], encoding="utf-8"):
    img, label, xs, corr = row.rstrip("\n").split("\t")
    vals = dict(p.split(" = ") for p in xs.split(", "))
    computed.setdefault(img, []).append((label, {k: float(v) for k, v in vals.items()}, corr == "correct"))
with open(sys.argv[2], "rb") as f:
    bank = tomllib.load(f)
bad = 0
seen = set()
for q in bank["question"]:
    img = q.get("image")
    if not img:
        continue
    seen.add(img)
    want = computed.get(img)
    got = q.get("regions", [])
    if want is None:
        print(f"{q['id']}: {img} is not drawn by make_images.sh"); bad += 1; continue
    if len(want) != len(got):
        print(f"{q['id']}: {len(got)} regions, the picture has {len(want)}"); bad += 1; continue
    for (label, box, corr), r in zip(want, got):
        if r.get("label") != label or bool(r.get("correct", False)) != corr or any(abs(r[k] - box[k]) > 0.0015 for k in "xywh"):
            print(f"{q['id']}: region {r.get('label')!r} differs from the drawn {label!r} {box} correct={corr}"); bad += 1
for img in computed:
    if img not in seen:
        print(f"{img}: drawn with regions but used by no question in hinh-anh.toml"); bad += 1
print("regions: OK" if not bad else f"regions: {bad} problem(s)")
sys.exit(1 if bad else 0)
PY
fi
