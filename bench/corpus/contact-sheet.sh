#!/usr/bin/env bash
# Contact sheets for labelling shot boundaries by eye: every STEP-th frame of VIDEO (from frame FROM
# to frame TO), 10 across, FRAMES_PER_SHEET per PNG, each tile stamped with its frame number (the
# decode order index, which is what the detector and the labels count).
# Usage: contact-sheet.sh VIDEO OUTDIR [STEP=1] [FROM=0] [TO=end] [TILE_WIDTH=120]
set -euo pipefail
video=$1 out=$2 step=${3:-1} from=${4:-0} to=${5:-999999999} tw=${6:-120}
mkdir -p "$out"
font=/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf
ffmpeg -v error -y -i "$video" -an -sn -vsync passthrough -vf \
  "scale=$tw:-2,drawtext=fontfile=$font:text='%{frame_num}':start_number=0:x=2:y=2:fontsize=12:fontcolor=yellow:box=1:boxcolor=black@0.6,select='between(n\,$from\,$to)*not(mod(n-$from\,$step))',tile=10x6" \
  -vsync vfr "$out/sheet-%03d.png"
