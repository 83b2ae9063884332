"""Reading a page line by line: every ink line recognised whole, with no text detection.

On a 目录 page the detector misses the page numbers that stand alone at the end of dotted
leaders (and sometimes whole rows), which is exactly what the 目录 check needs. Ink lines
found by projection are complete rows by construction, so recognising each row as one
crop keeps title, leader and number together — and costs milliseconds per row instead of
seconds per page of detection.

A row is read as the groups of glyphs its wide gaps leave (pipeline/bands.py `find_lines`
chunks): dotted leaders join title and number into one group, while the cells of a ruled
目录 (序号 | 材料名称 | 页码 | 备注), the two halves of a two-column 目录 and a page number after
a blank leader come back as separate boxes of one row, as a text detector would give them,
so the 目录 parser can tell the page number from a remark and the columns apart.
"""

from __future__ import annotations

import cv2
import numpy as np

from pipeline.bands import find_lines, ink_mask, remove_rules
from kernel.models import OcrLine
from pipeline.ocr import OcrEngine
from pipeline.pagescan import LAYOUT_SCALE

ROWS_VERSION = "rows-2"  # part of the cache key of row reads: bump when they would change
MIN_ROW_HEIGHT = 4  # layout pixels: specks and rules are not rows


def read_rows(upright_gray: np.ndarray, engine: OcrEngine, points_per_pixel: float) -> list[OcrLine]:
    """The text rows of an upright page, top to bottom, boxes in points."""
    small = cv2.resize(
        upright_gray,
        (upright_gray.shape[1] // LAYOUT_SCALE, upright_gray.shape[0] // LAYOUT_SCALE),
        interpolation=cv2.INTER_AREA,
    )
    rows = [line for line in find_lines(remove_rules(ink_mask(small))) if line.height >= MIN_ROW_HEIGHT]
    crops, boxes = [], []
    for row in rows:
        pad = max(3, row.height // 3)
        for left, right in row.chunks:
            x0, y0 = max(0, (left - pad) * LAYOUT_SCALE), max(0, (row.y0 - pad) * LAYOUT_SCALE)
            x1, y1 = (right + pad) * LAYOUT_SCALE, (row.y1 + pad) * LAYOUT_SCALE
            crops.append(upright_gray[y0:y1, x0:x1])
            boxes.append(tuple(v * points_per_pixel for v in (x0, y0, x1, y1)))
    results = engine.recognise_crops(crops) if crops else []
    return [
        OcrLine(text=text.strip(), box=box, confidence=confidence)
        for (text, confidence), box in zip(results, boxes)
        if text.strip()
    ]
