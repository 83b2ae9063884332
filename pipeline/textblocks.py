"""Where on a page the text detector needs to look: the stretches of rows that hold ink.

A whole-page read runs the text detector over the page, and on a field page that pass is
about half of the read's time (BENCHMARKS.md, issue 17). Much of a page is blank: margins,
the half of a 承诺书 below its signature, the space between a form and its notes. The same
cheap ink mask the page scan uses (pipeline/bands.py) finds the stretches of rows that hold
any marks — photos and dark panels included, scan borders and specks not — and the
detector looks at those alone, each as it would see it in the whole page
(`OcrEngine.recognise_blocks`). A page whose ink covers most of it is read whole in one pass.
"""

from __future__ import annotations

import numpy as np

from kernel.layout import LAYOUT
from pipeline.bands import ink_blocks
from pipeline.ocr.base import Region
from pipeline.pagescan import mask_ink

SCAN = LAYOUT.scan
READ = LAYOUT.read


def text_blocks(gray: np.ndarray, points_per_pixel: float) -> list[Region] | None:
    """The regions (image pixels) of an upright grey page that hold marks, widened by the
    layout's margin; None when they cover most of the page (read it whole) or hold nothing."""
    grid = SCAN.grid(points_per_pixel)
    blocks = ink_blocks(mask_ink(gray, grid, on_dark=True), min_gap=grid.mask_px(READ.block_gap_pt))
    if not blocks:
        return None
    height, width = gray.shape[:2]
    margin = grid.image_px(READ.block_margin_pt)
    regions = [
        (max(0, x0 * grid.scale - margin), max(0, y0 * grid.scale - margin),
         min(width, x1 * grid.scale + margin), min(height, y1 * grid.scale + margin))
        for x0, y0, x1, y1 in blocks
    ]
    covered = sum((x1 - x0) * (y1 - y0) for x0, y0, x1, y1 in regions)
    return None if covered > READ.whole_page_share * width * height else regions
