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
so the 目录 parser can tell the page number from a remark and the columns apart. A page
whose text has a gutter down its middle has each column's rows found on their own
(pipeline/bands.py `split_at_gutter`): the columns' rows need not line up.
"""

from __future__ import annotations

import numpy as np

from kernel.layout import LAYOUT
from kernel.models import OcrLine
from pipeline.bands import InkLine, find_lines, split_at_gutter, split_touching_lines
from pipeline.ocr import OcrEngine
from pipeline.pagescan import layout_ink

ROWS_VERSION = "rows-8"  # part of the cache key of row reads (with the layout's fingerprint): bump when they would change (rows-4: columns read on their own; rows-5: a row overhanging into the gutter cut too; rows-6: its overhang kept with its column; rows-7: two lines touching read as two; rows-8: and a row's crop reaching halfway to its neighbours at most)
SCAN, ROWS = LAYOUT.scan, LAYOUT.rows


def read_rows(upright_gray: np.ndarray, engine: OcrEngine, points_per_pixel: float) -> list[OcrLine]:
    """The text rows of an upright page, top to bottom, boxes in points. Ink is found on the
    page shrunk as the page scan shrinks it (kernel/layout.py `ScanLayout.mask_dpi`)."""
    grid = SCAN.grid(points_per_pixel)
    s = grid.scale
    ink = layout_ink(upright_gray, grid)
    min_height = grid.mask_px(ROWS.min_row_height_pt)
    rows = [line for line in find_lines(ink, gap_factor=SCAN.chunk_gap_lines) if line.height >= min_height]
    rows = split_at_gutter(ink, rows, ROWS.min_gutter_lines, gap_factor=SCAN.chunk_gap_lines)
    rows = split_touching_lines(ink, rows, ROWS.touching_lines, ROWS.touching_valley, gap_factor=SCAN.chunk_gap_lines)
    rows = [line for line in rows if line.height >= min_height]
    crops, boxes = [], []
    for row in rows:
        pad = max(grid.mask_px(ROWS.row_pad_pt), int(ROWS.row_pad_lines * row.height))
        above, below = _room(row, rows)
        for left, right in row.chunks:
            x0, y0 = max(0, (left - pad) * s), max(0, (row.y0 - min(pad, above)) * s)
            x1, y1 = (right + pad) * s, (row.y1 + min(pad, below)) * s
            crops.append(upright_gray[y0:y1, x0:x1])
            boxes.append(tuple(v * points_per_pixel for v in (x0, y0, x1, y1)))
    results = engine.recognise_crops(crops) if crops else []
    return [
        OcrLine(text=text.strip(), box=box, confidence=confidence)
        for (text, confidence), box in zip(results, boxes)
        if text.strip()
    ]


def _room(row: InkLine, rows: list[InkLine]) -> tuple[int, int]:
    """How far `row`'s crop may reach up and down: halfway to the nearest row above and
    below it in its column. A wrapped line set tight under its first line, padded by a third
    of its height, would show the recogniser the first line's lower half too, and be read
    with it ("表…终身职业技能增训载体认是中请1-3")."""
    above = below = row.height
    for other in rows:
        if other is row or other.x1 <= row.x0 or other.x0 >= row.x1:
            continue
        if other.y1 <= row.y0:
            above = min(above, (row.y0 - other.y1) // 2)
        elif other.y0 >= row.y1:
            below = min(below, (other.y0 - row.y1) // 2)
    return above, below
