#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# bench-opencv-peer.py: the peer the engine must beat: OpenCV's MOG2 background subtractor +
# connectedComponentsWithStats on the frames bench-track --dump wrote (raw I420).
#
#   bench-opencv-peer.py DIR [THREADS]
#
# Needs Debian's python3-opencv (run it with /usr/bin/python3). The I420 -> BGR conversion
# happens before timing: only MOG2 and the labelling are measured, like the engine alone.
import glob
import os
import re
import sys
import time

import cv2
import numpy as np


def main():
    folder = sys.argv[1]
    if len(sys.argv) > 2:
        cv2.setNumThreads(int(sys.argv[2]))
    for path in sorted(glob.glob(os.path.join(folder, 'frames-*.yuv')), reverse=True):
        w, h = map(int, re.search(r'frames-(\d+)x(\d+)\.yuv', path).groups())
        size = w * h * 3 // 2
        raw = np.fromfile(path, dtype=np.uint8)
        n = raw.size // size
        frames = [cv2.cvtColor(raw[i * size:(i + 1) * size].reshape(h * 3 // 2, w),
                               cv2.COLOR_YUV2BGR_I420) for i in range(n)]
        mog = cv2.createBackgroundSubtractorMOG2(history=500, varThreshold=16,
                                                 detectShadows=True)
        for f in frames[::4]:
            mog.apply(f)
        rounds = 2
        start = time.perf_counter()
        for _ in range(rounds):
            for f in frames:
                mask = mog.apply(f)
                # Shadows are 127: keep the foreground (255) only, as the engine does.
                _, fg = cv2.threshold(mask, 200, 255, cv2.THRESH_BINARY)
                cv2.connectedComponentsWithStats(fg, connectivity=8)
        seconds = time.perf_counter() - start
        done = rounds * n
        print('opencv %5dx%-5d threads %2d  %8.1f frames/s  %8.1f Mpx/s'
              % (w, h, cv2.getNumThreads(), done / seconds, done * w * h / seconds / 1e6))


if __name__ == '__main__':
    main()
