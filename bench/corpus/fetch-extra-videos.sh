#!/usr/bin/env bash
# Fetches the extra real videos labelled in bench/data/real-scene-labels.json that the default
# development corpus (/work/shared/corpus/build-dev-corpus.sh) lacks, from Debian 12 main packages,
# into TARGET (default /work/corpus/extra; never a git work tree): TARGET/videos/<package>/<file>,
# TARGET/licences/<package>/copyright and TARGET/manifest.json (package, version, licence, sha256 per
# file). Files are copied unchanged, except opencv-doc's two gzipped MP4s, which are gunzipped.
#   opencv-doc   (96 MB .deb): Megamind.avi (animated film trailer), tree.avi, vtest.avi, box.mp4, cup.mp4
#   berusky2-data (560 MB .deb, only with LARGE=1): AnakreoN.mpg (studio logo animation)
# Env: DEB_CACHE=DIR keeps/reuses the .debs. Needs apt-get, dpkg-deb, python3, sha256sum.
set -euo pipefail
TARGET=${1:-/work/corpus/extra}; LARGE=${LARGE:-0}
if git -C "$(dirname "$TARGET")" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  echo "refusing: $TARGET is inside a git work tree (media never go into git)" >&2; exit 1
fi
CACHE=${DEB_CACHE:-$(mktemp -d)}; mkdir -p "$CACHE" "$TARGET/videos" "$TARGET/licences"
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT

# package | path inside the package | licence (the DEP-5 stanza of the package's copyright file that covers it)
SPEC='opencv-doc|usr/share/doc/opencv-doc/examples/data/Megamind.avi|Apache-2.0 AND BSD-3-Clause (opencv copyright, Files: *)
opencv-doc|usr/share/doc/opencv-doc/examples/data/tree.avi|Apache-2.0 AND BSD-3-Clause (opencv copyright, Files: *)
opencv-doc|usr/share/doc/opencv-doc/examples/data/vtest.avi|Apache-2.0 AND BSD-3-Clause (opencv copyright, Files: *)
opencv-doc|usr/share/doc/opencv-doc/opencv4/html/box.mp4.gz|Apache-2.0 AND BSD-3-Clause (opencv copyright, Files: *)
opencv-doc|usr/share/doc/opencv-doc/opencv4/html/cup.mp4.gz|Apache-2.0 AND BSD-3-Clause (opencv copyright, Files: *)'
[ "$LARGE" = 1 ] && SPEC="$SPEC
berusky2-data|usr/share/games/berusky2/bitmap/AnakreoN.mpg|GPL-2+ (berusky2-data copyright, Files: *)"

ROWS="$WORK/rows.tsv"; : > "$ROWS"
for pkg in $(printf '%s\n' "$SPEC" | cut -d'|' -f1 | sort -u); do
  deb=$(ls "$CACHE/${pkg}"_*.deb 2>/dev/null | head -1 || true)
  if [ -z "$deb" ]; then (cd "$CACHE" && apt-get download "$pkg" >/dev/null 2>&1) || { echo "cannot download $pkg" >&2; exit 1; }; deb=$(ls "$CACHE/${pkg}"_*.deb | head -1); fi
  version=$(dpkg-deb -f "$deb" Version)
  mkdir -p "$WORK/$pkg" "$TARGET/videos/$pkg" "$TARGET/licences/$pkg"
  dpkg-deb -x "$deb" "$WORK/$pkg"
  cp "$WORK/$pkg/usr/share/doc/$pkg/copyright" "$TARGET/licences/$pkg/copyright"
  printf '%s\n' "$SPEC" | while IFS='|' read -r p path licence; do
    [ "$p" = "$pkg" ] || continue
    name=$(basename "$path" .gz)
    if [ "$path" != "${path%.gz}" ]; then gunzip -c "$WORK/$pkg/$path" > "$TARGET/videos/$pkg/$name"; else cp "$WORK/$pkg/$path" "$TARGET/videos/$pkg/$name"; fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "videos/$pkg/$name" "$pkg" "$version" "$licence" "$(sha256sum "$TARGET/videos/$pkg/$name" | cut -d' ' -f1)" "/$path" >> "$ROWS"
  done
done
python3 - "$ROWS" "$TARGET/manifest.json" <<'PY'
import json, sys
files = {}
for line in open(sys.argv[1]):
    path, pkg, version, licence, sha, source = line.rstrip('\n').split('\t')
    files[path] = {'package': pkg, 'version': version, 'licence': licence, 'sha256': sha, 'source_path': source}
json.dump({'about': 'Extra real videos for scene-detection labels (bench/corpus/fetch-extra-videos.sh); Debian 12 main.', 'files': files}, open(sys.argv[2], 'w'), indent=1)
PY
echo "$(wc -l < "$ROWS") videos in $TARGET"
