#!/usr/bin/env python3
"""Per-frame difference plot for labelling shot boundaries by eye (development tool, not the product).

Decodes VIDEO with ffmpeg exactly as the analyser does (every frame, -vsync passthrough, so frame
numbers match the labels and the detector), at 96 px wide, and writes OUT.png: one column per frame,
the mean absolute luma difference to the previous frame (white, scaled to the largest), the mean
luma (green) and tick marks every 10 frames (grey) and 100 frames (red). Prints the frames whose
difference stands out (over 3x the median of the 10 frames around them and over 6 levels), which
are the places to look at on a contact sheet.

Usage: frame-diffs.py VIDEO OUT.png   (needs numpy and opencv-python-headless, e.g. /work/venvs/scenes)
"""
import subprocess
import sys

import cv2
import numpy as np


def frames(path, width=96):
    probe = subprocess.run(['ffprobe', '-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height',
                            '-of', 'csv=p=0', path], capture_output=True, text=True, check=True).stdout.split(',')
    w, h = int(probe[0]), int(probe[1])
    height = max(2, 2 * round(width * h / w / 2))
    proc = subprocess.Popen(['ffmpeg', '-v', 'error', '-i', path, '-map', '0:v:0', '-an', '-sn', '-vsync', 'passthrough',
                             '-vf', f'scale={width}:{height}:flags=area', '-pix_fmt', 'gray', '-f', 'rawvideo', 'pipe:1'],
                            stdout=subprocess.PIPE)
    size = width * height
    while True:
        buf = proc.stdout.read(size)
        if len(buf) < size:
            break
        yield np.frombuffer(buf, np.uint8).reshape(height, width).astype(np.float32)
    proc.wait()


def main():
    video, out = sys.argv[1], sys.argv[2]
    diffs, lumas, prev = [], [], None
    for f in frames(video):
        diffs.append(0.0 if prev is None else float(np.mean(np.abs(f - prev))))
        lumas.append(float(f.mean()))
        prev = f
    d = np.array(diffs)
    n = len(d)
    height = 200
    img = np.zeros((height + 20, max(n, 1), 3), np.uint8)
    top = max(d.max(), 1.0)
    for i in range(n):
        img[height - int(d[i] / top * (height - 1)):height, i] = 255
        img[height - int(lumas[i] / 255 * (height - 1)) - 1, i] = (0, 200, 0)
        if i % 10 == 0:
            img[height:height + 8, i] = (128, 128, 128)
        if i % 100 == 0:
            img[height:height + 20, i] = (0, 0, 255)
    cv2.imwrite(out, img)
    print(f'{n} frames; max diff {top:.1f}')
    for i in range(1, n):
        around = np.median(d[max(1, i - 5):i + 6])
        if d[i] > 6 and d[i] > 3 * max(around, 0.5):
            print(f'frame {i}: diff {d[i]:.1f} (median around {around:.1f}) luma {lumas[i - 1]:.0f}->{lumas[i]:.0f}')


if __name__ == '__main__':
    main()
