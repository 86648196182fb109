#!/usr/bin/env python3
"""The PySceneDetect peer of `npm run bench -- scenes` (development-time only; the product never runs it).

Runs PySceneDetect's ContentDetector and AdaptiveDetector with their default settings, as its
`detect-content` / `detect-adaptive` commands would (OpenCV backend, automatic downscale, 15-frame
minimum scene length), on every video named on the command line, and prints one JSON object:
{"version": ..., "videos": {path: {"frames": n, "content": {"cuts": [frame, ...], "seconds": s},
"adaptive": {...}}}} where a cut is the first frame of a new scene and seconds is the wall time of
that detector's whole pass (decode included). A video OpenCV cannot open gets {"error": "..."}.
"""
import json
import sys
import time

import scenedetect
from scenedetect import AdaptiveDetector, ContentDetector, SceneManager, open_video


def run(path, make_detector):
    start = time.perf_counter()
    video = open_video(path, backend='opencv')
    manager = SceneManager()
    manager.add_detector(make_detector())
    manager.detect_scenes(video)
    cuts = [scene[0].frame_num for scene in manager.get_scene_list(start_in_scene=True)[1:]]
    return {'cuts': cuts, 'seconds': time.perf_counter() - start}, video.frame_number


def main():
    out = {'version': scenedetect.__version__, 'videos': {}}
    for path in sys.argv[1:]:
        try:
            content, frames = run(path, ContentDetector)
            adaptive, _ = run(path, AdaptiveDetector)
            out['videos'][path] = {'frames': frames, 'content': content, 'adaptive': adaptive}
        except Exception as err:  # one unreadable file must not stop the others
            out['videos'][path] = {'error': f'{type(err).__name__}: {err}'}
    json.dump(out, sys.stdout)


if __name__ == '__main__':
    main()
