#!/usr/bin/env bash
# Draws the sign-in pictures (one flat, simple drawing per PNG, 160×160,
# palette PNG) with ImageMagick, and checks that pictures.toml lists exactly
# the pictures drawn here.
#
#   bash make_pictures.sh          redraw every PNG here
#
# Needs: ImageMagick (`convert` or `magick`; Debian: apt-get install imagemagick).
# All drawings are original, made of plain shapes; no text in them (the
# Vietnamese name is shown under the picture by the kiosk and read aloud).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${OUT:-$HERE}
if command -v magick >/dev/null 2>&1; then IM=(magick); else IM=(convert); fi
if ! "${IM[@]}" -version 2>/dev/null | grep -q 'ImageMagick'; then
  echo "make_pictures.sh: ImageMagick is needed (apt-get install imagemagick)" >&2
  exit 1
fi

BG='#fbf8f1'     # every tile: the same warm white, so the drawing stands out
INK='#263238'    # outlines and small dark parts

# draw NAME 'MVG primitives': a 160×160 picture, palette PNG (at most 32 colours).
draw() {
  "${IM[@]}" -size 160x160 "xc:$BG" -draw "$2" -strip +dither -colors 32 "PNG8:$OUT/$1.png"
  DRAWN+=("$1")
}
DRAWN=()

draw trau "
  fill '#5d6d7e' stroke none
  ellipse 88,92 46,26 0,360
  rectangle 52,100 62,132  rectangle 70,104 80,134  rectangle 100,104 110,134  rectangle 116,100 126,132
  ellipse 42,72 20,17 0,360
  fill '#d8c8a4' stroke '#8d7b55' stroke-width 2
  path 'M 30,62 Q -6,60 8,24 Q 12,50 36,56 Z'  path 'M 54,62 Q 90,60 76,24 Q 72,50 48,56 Z'
  fill '#263238' stroke none circle 36,72 36,75  circle 48,72 48,75
  fill '#5d6d7e' stroke '#5d6d7e' stroke-width 4 line 132,86 144,112"

draw hoa-sen "
  fill '#2e7d32' stroke none ellipse 80,140 60,12 0,360
  fill '#f06292' stroke '#ad1457' stroke-width 2
  path 'M 80,30 Q 104,70 80,118 Q 56,70 80,30 Z'
  path 'M 34,62 Q 74,72 80,118 Q 40,106 34,62 Z'
  path 'M 126,62 Q 86,72 80,118 Q 120,106 126,62 Z'
  path 'M 20,96 Q 60,92 80,118 Q 40,124 20,96 Z'
  path 'M 140,96 Q 100,92 80,118 Q 120,124 140,96 Z'"

draw xe-dap "
  fill none stroke '#263238' stroke-width 7
  circle 40,110 40,80  circle 120,110 120,80
  stroke '#c62828' stroke-width 7 stroke-linejoin round
  polyline 40,110 66,66 108,66 80,110 40,110
  line 80,110 66,66  line 108,66 120,110  line 104,52 108,66
  stroke '#263238' line 58,56 76,56  line 96,52 114,48"

draw mat-troi "
  stroke '#f9a825' stroke-width 8 stroke-linecap round
  line 80,12 80,32  line 80,128 80,148  line 12,80 32,80  line 128,80 148,80
  line 32,32 46,46  line 114,114 128,128  line 128,32 114,46  line 32,128 46,114
  fill '#fdd835' stroke none circle 80,80 80,42"

draw mat-trang "
  fill '#1a237e' stroke none rectangle 10,10 150,150
  fill '#fff59d' circle 80,80 80,30
  fill '#1a237e' circle 102,66 102,20
  fill '#ffffff' circle 38,36 39,38  circle 128,120 129,122  circle 120,28 121,30"

draw ngoi-sao "
  fill '#fbc02d' stroke '#f57f17' stroke-width 4 stroke-linejoin round
  polygon 80,14 97,58 144,60 107,89 120,136 80,109 40,136 53,89 16,60 63,58"

draw ca "
  fill '#ff8f00' stroke none
  ellipse 72,80 50,30 0,360
  polygon 112,80 148,50 148,110
  fill '#ffcc80' polygon 60,52 84,34 90,56
  fill '#ffffff' circle 44,72 44,80  fill '#263238' circle 44,72 44,76
  stroke '#e65100' stroke-width 3 fill none path 'M 60,62 Q 70,80 60,98'"

draw ga "
  fill '#fafafa' stroke '#795548' stroke-width 3
  ellipse 86,96 44,34 0,360
  circle 52,58 52,36
  fill '#d32f2f' stroke none
  path 'M 40,34 Q 46,20 52,32 Q 58,18 64,32 Q 70,24 68,40 Z'
  ellipse 44,74 5,9 0,360
  fill '#ffa000' polygon 32,54 18,60 32,64
  fill '#263238' circle 48,54 48,58
  fill '#8d6e63' path 'M 124,84 Q 150,58 138,104 Z'
  stroke '#ffa000' stroke-width 5 line 76,128 72,148  line 96,128 100,148"

draw meo "
  fill '#ffb74d' stroke none
  polygon 34,62 44,16 74,46  polygon 126,62 116,16 86,46
  circle 80,86 80,40
  fill '#ffffff' ellipse 80,104 22,16 0,360
  fill '#2e7d32' ellipse 62,80 8,10 0,360  ellipse 98,80 8,10 0,360
  fill '#263238' ellipse 62,80 3,8 0,360  ellipse 98,80 3,8 0,360
  fill '#f06292' polygon 74,96 86,96 80,104
  stroke '#263238' stroke-width 2 line 30,98 58,102  line 30,110 58,106  line 130,98 102,102  line 130,110 102,106"

draw cho "
  fill '#a1887f' stroke none circle 80,84 80,42
  fill '#5d4037' ellipse 38,78 14,32 0,360  ellipse 122,78 14,32 0,360
  fill '#d7ccc8' ellipse 80,106 26,20 0,360
  fill '#263238' circle 64,76 64,82  circle 96,76 96,82
  ellipse 80,98 9,7 0,360
  fill '#e57373' ellipse 80,124 8,9 0,360"

draw nha "
  fill '#fff3e0' stroke none rectangle 32,76 128,140
  fill '#c62828' polygon 16,80 80,24 144,80
  fill '#6d4c41' rectangle 68,100 92,140
  fill '#4fc3f7' rectangle 40,90 60,110  rectangle 100,90 120,110
  fill '#2e7d32' rectangle 0,140 160,160"

draw cay "
  fill '#6d4c41' stroke none rectangle 70,88 90,148
  fill '#43a047' circle 80,60 80,16  circle 52,76 52,52  circle 108,76 108,52
  fill '#66bb6a' circle 80,70 80,46
  fill '#2e7d32' ellipse 80,148 50,8 0,360"

draw non-la "
  fill '#e6c77a' stroke '#8d6e63' stroke-width 3 stroke-linejoin round
  polygon 80,26 146,116 14,116
  fill none stroke '#b08d48' stroke-width 2
  line 80,26 40,116  line 80,26 62,116  line 80,26 98,116  line 80,26 120,116
  stroke '#c62828' stroke-width 4 path 'M 40,116 Q 80,150 120,116'"

draw thuyen "
  fill '#4fc3f7' stroke none rectangle 0,124 160,160
  fill '#6d4c41' polygon 16,104 144,104 124,132 36,132
  fill '#ffffff' stroke '#90a4ae' stroke-width 2 polygon 84,22 84,96 136,96
  polygon 78,34 78,96 36,96
  stroke '#4e342e' stroke-width 4 line 81,18 81,104"

draw o-to "
  fill '#1e88e5' stroke none
  path 'M 14,110 L 14,84 Q 16,76 30,74 L 44,48 Q 48,42 58,42 L 104,42 Q 112,42 118,50 L 134,74 Q 148,76 148,88 L 148,110 Z'
  fill '#e3f2fd' polygon 50,72 58,52 78,52 78,72  polygon 86,72 86,52 104,52 120,72
  fill '#263238' circle 46,112 46,130  circle 116,112 116,130
  fill '#b0bec5' circle 46,112 46,120  circle 116,112 116,120
  fill '#fff176' rectangle 138,88 148,96"

draw chuoi "
  fill '#fdd835' stroke '#f9a825' stroke-width 3 stroke-linejoin round
  path 'M 30,40 Q 40,120 130,118 Q 126,130 110,134 Q 22,132 20,44 Z'
  path 'M 44,34 Q 60,106 138,100 Q 136,112 124,116 Q 44,114 34,38 Z'
  fill '#6d4c41' stroke none rectangle 22,30 40,44"

draw dua-hau "
  fill '#2e7d32' stroke none path 'M 10,60 A 70,70 0 0,0 150,60 Z'
  fill '#c5e1a5' path 'M 18,60 A 62,62 0 0,0 142,60 Z'
  fill '#e53935' path 'M 26,60 A 54,54 0 0,0 134,60 Z'
  fill '#212121' ellipse 60,80 3,5 0,360  ellipse 80,96 3,5 0,360  ellipse 100,80 3,5 0,360
  ellipse 70,70 3,5 0,360  ellipse 92,70 3,5 0,360"

draw tao "
  fill '#d32f2f' stroke none
  circle 62,92 62,48  circle 98,92 98,48
  ellipse 80,100 44,40 0,360
  fill '#ffffff' ellipse 56,80 6,12 30,0
  stroke '#5d4037' stroke-width 6 stroke-linecap round line 80,56 86,28
  fill '#43a047' stroke none path 'M 88,40 Q 110,20 126,34 Q 108,52 88,40 Z'"

draw ca-rot "
  fill '#fb8c00' stroke none polygon 56,56 104,56 84,150 76,150
  path 'M 56,56 Q 80,44 104,56 Z'
  stroke '#e65100' stroke-width 3 line 62,80 74,80  line 88,98 100,98  line 70,118 80,118
  fill '#43a047' stroke none
  path 'M 80,56 Q 60,20 70,12 Q 84,30 80,56 Z'  path 'M 80,56 Q 84,16 100,14 Q 98,40 80,56 Z'
  path 'M 80,56 Q 46,36 48,26 Q 70,32 80,56 Z'"

draw chia-khoa "
  fill '#ffb300' stroke none circle 48,80 48,48
  fill '$BG' circle 48,80 48,64
  fill '#ffb300' rectangle 74,72 146,88
  rectangle 118,88 128,110  rectangle 136,88 146,104"

draw cai-o "
  fill '#8e24aa' stroke none path 'M 14,84 A 66,60 0 0,1 146,84 Z'
  fill '#ba68c8' path 'M 58,84 Q 80,20 102,84 Z'
  fill none stroke '#263238' stroke-width 6 stroke-linecap round
  path 'M 80,84 L 80,134 Q 80,148 68,148 Q 58,148 58,138'"

draw am-tra "
  fill '#00897b' stroke none ellipse 76,100 46,40 0,360
  rectangle 50,56 102,70
  fill '#00695c' circle 76,48 76,40
  polygon 116,92 148,58 150,66 124,110
  fill none stroke '#00695c' stroke-width 8 path 'M 34,80 Q 8,100 34,124'
  fill '#ffffff' stroke none ellipse 66,100 10,12 0,360"

draw dong-ho "
  fill '#ffffff' stroke '#1565c0' stroke-width 10 circle 80,80 80,22
  fill '#263238' stroke none
  circle 80,34 80,38  circle 80,126 80,122  circle 34,80 38,80  circle 126,80 122,80
  stroke '#263238' stroke-width 7 stroke-linecap round line 80,80 80,44
  stroke '#c62828' stroke-width 6 line 80,80 108,96
  fill '#263238' stroke none circle 80,80 80,86"

draw trai-tim "
  fill '#e53935' stroke none
  path 'M 80,144 C 20,100 6,70 20,46 C 34,22 68,24 80,50 C 92,24 126,22 140,46 C 154,70 140,100 80,144 Z'
  fill '#ef9a9a' ellipse 46,56 10,14 40,0"

draw co "
  fill '#6d4c41' stroke none rectangle 30,16 38,150
  fill '#1e88e5' polygon 38,22 140,50 38,80
  fill '#ffffff' circle 70,51 70,61"

draw bat-com "
  fill '#ffffff' stroke '#b0bec5' stroke-width 3
  circle 60,82 60,58  circle 82,72 82,50  circle 104,82 104,58
  stroke none circle 80,86 80,62
  fill '#1565c0' path 'M 18,88 L 142,88 Q 138,136 80,140 Q 22,136 18,88 Z'
  fill '#ffffff' rectangle 30,100 130,104
  fill '#1565c0' rectangle 62,138 98,148
  stroke '#8d6e63' stroke-width 5 stroke-linecap round line 100,60 150,16  line 110,64 156,30"

draw buom "
  fill '#7e57c2' stroke none
  ellipse 50,56 34,30 0,360  ellipse 110,56 34,30 0,360
  fill '#f06292' ellipse 56,108 24,22 0,360  ellipse 104,108 24,22 0,360
  fill '#ffee58' circle 50,56 50,68  circle 110,56 110,68
  fill '#263238' ellipse 80,82 8,44 0,360
  stroke '#263238' stroke-width 3 fill none path 'M 76,42 Q 66,18 56,14'  path 'M 84,42 Q 94,18 104,14'"

draw rua "
  fill '#8bc34a' stroke none
  ellipse 30,90 16,12 0,360
  ellipse 52,118 10,14 0,360  ellipse 108,118 10,14 0,360  polygon 128,100 150,110 128,112
  fill '#2e7d32' path 'M 36,104 Q 40,44 80,40 Q 120,44 124,104 Z'
  fill none stroke '#a5d6a7' stroke-width 3
  polygon 64,60 96,60 104,82 80,98 56,82  line 36,104 124,104
  fill '#263238' stroke none circle 24,86 24,89"

draw may-mua "
  fill '#90a4ae' stroke none
  circle 52,70 52,44  circle 84,58 84,26  circle 112,72 112,46  rectangle 30,70 134,96
  circle 32,84 32,72  circle 132,84 132,72
  stroke '#1e88e5' stroke-width 6 stroke-linecap round
  line 46,110 40,128  line 70,110 64,134  line 94,110 88,128  line 118,110 112,134"

draw cay-dua "
  fill '#fff59d' stroke none ellipse 80,150 70,10 0,360
  fill none stroke '#8d6e63' stroke-width 12 path 'M 86,148 Q 92,100 76,46'
  fill '#2e7d32' stroke none
  path 'M 76,44 Q 40,20 8,52 Q 40,38 76,48 Z'  path 'M 76,44 Q 110,16 152,48 Q 112,36 76,48 Z'
  path 'M 76,44 Q 46,48 28,92 Q 52,58 76,48 Z'  path 'M 76,44 Q 110,52 126,94 Q 100,58 76,48 Z'
  path 'M 76,44 Q 70,14 88,6 Q 80,26 78,46 Z'
  fill '#6d4c41' circle 70,54 70,62  circle 84,56 84,64"

draw den-long "
  fill '#c62828' stroke none ellipse 80,84 46,50 0,360
  fill '#fdd835' rectangle 60,28 100,38  rectangle 60,130 100,140
  fill none stroke '#ef9a9a' stroke-width 3
  ellipse 80,84 24,50 0,360  line 80,34 80,134
  stroke '#263238' stroke-width 3 line 80,8 80,28
  stroke '#fdd835' stroke-width 4 line 70,140 66,156  line 80,140 80,158  line 90,140 94,156"

draw bong "
  fill '#ffffff' stroke '#263238' stroke-width 4 circle 80,80 80,22
  fill '#263238' stroke none polygon 80,58 101,73 93,98 67,98 59,73
  polygon 80,22 94,28 80,38 66,28  polygon 130,58 137,78 124,84 118,66
  polygon 30,58 42,66 36,84 23,78  polygon 50,128 64,122 70,134 56,138  polygon 110,128 104,138 90,134 96,122"

draw ghe "
  fill '#8d6e63' stroke none
  rectangle 44,14 56,150  rectangle 104,14 116,82
  rectangle 44,20 116,32  rectangle 44,44 116,56
  fill '#a1887f' polygon 36,82 124,82 132,96 28,96
  fill '#8d6e63' rectangle 104,96 116,150  rectangle 36,96 46,150  rectangle 114,96 124,150"

draw con-vit "
  fill '#fdd835' stroke none
  ellipse 84,104 50,30 0,360
  path 'M 126,96 Q 150,70 134,110 Z'
  circle 48,62 48,34
  fill '#fb8c00' path 'M 20,60 Q 8,66 22,72 L 34,70 L 34,60 Z'
  fill '#263238' circle 44,56 44,60
  fill '#f9a825' path 'M 70,100 Q 96,86 116,104 Q 92,118 70,100 Z'
  fill '#4fc3f7' rectangle 0,132 160,160"

draw coc-nuoc "
  fill '#e3f2fd' stroke '#1565c0' stroke-width 5 stroke-linejoin round polygon 40,24 120,24 108,146 52,146
  fill '#64b5f6' stroke none polygon 46,64 114,64 108,142 53,142
  fill '#ffffff' rectangle 58,74 64,130"

draw bong-lua "
  stroke '#8d6e63' stroke-width 5 fill none path 'M 70,150 Q 74,90 100,30'
  fill '#fbc02d' stroke none
  ellipse 96,40 7,12 20,0   ellipse 108,58 7,12 40,0  ellipse 84,56 7,12 -20,0
  ellipse 100,76 7,12 40,0  ellipse 78,76 7,12 -20,0  ellipse 92,94 7,12 40,0
  ellipse 74,96 7,12 -20,0  ellipse 86,112 7,12 40,0
  fill '#66bb6a' path 'M 72,140 Q 30,110 24,70 Q 50,110 74,126 Z'"

# pictures.toml must list exactly these, each once.
listed=$(sed -n 's/^id *= *"\(.*\)"/\1/p' "$HERE/pictures.toml" | sort)
drawn=$(printf '%s\n' "${DRAWN[@]}" | sort)
if [ "$listed" != "$drawn" ]; then
  echo "make_pictures.sh: pictures.toml and the drawings differ:" >&2
  diff <(echo "$listed") <(echo "$drawn") >&2 || true
  exit 1
fi
echo "make_pictures.sh: ${#DRAWN[@]} pictures in $OUT"
