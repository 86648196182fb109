#!/usr/bin/env bash
# One contact-sheet row per frame of interest: frames F-4 … F+5 of VIDEO for each F in the
# comma-separated list (so the row's 5th tile is F-1 and its 6th is F, the candidate first frame of
# a new shot), stamped with frame numbers, into OUT.png. For checking labelled or detected cuts.
# Usage: around-sheet.sh VIDEO OUT.png F1,F2,... [TILE_WIDTH=120]
set -euo pipefail
video=$1 out=$2 list=$3 tw=${4:-120}
font=/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf
expr=$(echo "$list" | tr ',' '\n' | awk '{printf "%sbetween(n\\,%d\\,%d)", (NR>1?"+":""), $1-4, $1+5}')
rows=$(echo "$list" | tr ',' '\n' | wc -l)
ffmpeg -v error -y -i "$video" -an -sn -vsync passthrough -vf \
  "scale=$tw:-2,drawtext=fontfile=$font:text='%{frame_num}':start_number=0:x=2:y=2:fontsize=12:fontcolor=yellow:box=1:boxcolor=black@0.6,select='$expr',tile=10x$rows" \
  -frames:v 1 -vsync vfr "$out"
