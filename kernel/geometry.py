"""Box geometry shared by every stage: which OCR boxes make one visual row.

The OCR detector returns one box per run of ink, not per printed line: a form's label cell
and value cell, a 目录's title, leader and page number come back as separate boxes on one
baseline. The 目录 parser, the carrier-type reader and the form reader must see the same
rows on the same page, so there is one `group_rows`, here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar

from kernel.layout import LAYOUT

Box = tuple[float, float, float, float]
ROWS = LAYOUT.rows  # how much height boxes on one row share (kernel/layout.py)


class Boxed(Protocol):
    box: Box


T = TypeVar("T", bound=Boxed)


def _height(item: Boxed) -> float:
    return max(1.0, item.box[3] - item.box[1])


def vertical_overlap(a: Boxed, b: Boxed) -> float:
    """How much two boxes share vertically, as a share of the smaller height (0..1)."""
    top = max(a.box[1], b.box[1])
    bottom = min(a.box[3], b.box[3])
    return max(0.0, bottom - top) / min(_height(a), _height(b))


def boxes_overlap(a: Box, b: Box) -> bool:
    """Whether two boxes (x0, y0, x1, y1), in the same units, share any area."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _same_row(a: Boxed, b: Boxed, min_overlap: float) -> bool:
    """Enough shared height, measured on the smaller box; and on the taller one too, so that a
    box spanning two lines (a seal's ring text, a stamp) does not chain them into one row."""
    shared = vertical_overlap(a, b)
    return shared >= min_overlap and shared * min(_height(a), _height(b)) >= ROWS.tall_share * max(_height(a), _height(b))


def group_rows(items: Sequence[T], min_overlap: float = ROWS.min_overlap) -> list[list[T]]:
    """Boxes that share a baseline, top to bottom, each row left to right.

    Two boxes are on one row when their vertical extents overlap by at least `min_overlap`
    of the smaller height (and a fair share of the taller one); comparing with every box of
    the last few rows (not only a row's first) follows a slightly skewed scan along the line.
    """
    ordered = sorted(items, key=lambda it: ((it.box[1] + it.box[3]) / 2, it.box[0]))
    rows: list[list[T]] = []
    for item in ordered:
        for row in reversed(rows[-ROWS.lookback_rows:]):
            if any(_same_row(item, other, min_overlap) for other in row):
                row.append(item)
                break
        else:
            rows.append([item])
    for row in rows:
        row.sort(key=lambda it: it.box[0])
    rows.sort(key=lambda row: min(it.box[1] for it in row))
    return rows


def union(boxes: Sequence[Box]) -> Box:
    """The smallest box holding all `boxes`."""
    return (
        min(b[0] for b in boxes), min(b[1] for b in boxes),
        max(b[2] for b in boxes), max(b[3] for b in boxes),
    )
