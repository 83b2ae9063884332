"""Red ink of a unit seal's size and shape: evidence that something is stamped on a page
where the seal finder found no seal.

The seal finder wants a rim it can fit. A faint oval 财务专用章 that the unit's printed name
and a signature cross, on a colour scan or a phone photo, may leave no rim to fit, and the
part would be reported unsealed — an error in a legal notice, where a person sees the seal
at a glance. A patch of red ink as large as a unit's seal on both sides and no flatter than
one (red print, a red-headed letter's title or rule, is long and low) is what the seal check
then asks a person about instead (pipeline/sealcheck.py). Nothing here says whose seal it is.
"""

from __future__ import annotations

import cv2
import numpy as np

from kernel.layout import LAYOUT
from kernel.models import Box
from pipeline.seals import red_ink

SEAL = LAYOUT.seals
# The gap between one seal's red strokes that is closed before patches are measured, in
# pixels of the seal finder's working width (7 of 640: ~2.3 mm on A4, a character's stroke gap).
JOIN_PX = 7


def red_patches(image: np.ndarray) -> list[Box]:
    """The seal-sized patches of red ink on a BGR page image, as pixel boxes of `image`.

    The page is searched at the seal finder's working width; the strokes of one seal (its
    rim, its characters, broken by print and by a faint pad) are joined by a closing about
    a character's stroke gap wide before the patches are measured."""
    scale = SEAL.work_width_px / image.shape[1]
    small = cv2.resize(image, (SEAL.work_width_px, max(1, round(image.shape[0] * scale))), interpolation=cv2.INTER_AREA)
    joined = cv2.morphologyEx(red_ink(small), cv2.MORPH_CLOSE, np.ones((JOIN_PX, JOIN_PX), np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    width = SEAL.work_width_px
    patches: list[Box] = []
    for x, y, w, h, _ in stats[1:count]:
        short, long = sorted((w, h))
        if short >= SEAL.min_round * width and long <= SEAL.max_size * width and short >= SEAL.min_axis_ratio * long:
            patches.append((x / scale, y / scale, (x + w) / scale, (y + h) / scale))
    return patches
