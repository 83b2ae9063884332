"""Finding ink on a page with cheap image operations instead of a text detector.

A text detector up-scales even a thin footer strip to ~736 px and costs as much as a third
of a page (design.md, "OCR is the cost"); a threshold, a connected-components pass and two
projection profiles find the same text lines in a few milliseconds. The page scan then
cuts those lines out and hands them to the recogniser alone.

Everything here works on an `ink` mask: a 2-D bool array, True where a pixel is ink,
usually at a reduced scale of the page (see pipeline/pagescan.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np


@dataclass(frozen=True)
class InkLine:
    """A horizontal run of ink rows, split into chunks separated by wide gaps."""

    y0: int
    y1: int  # exclusive
    chunks: tuple[tuple[int, int], ...]  # (x0, x1 exclusive) of each group of glyphs

    @property
    def height(self) -> int:
        return self.y1 - self.y0

    @property
    def x0(self) -> int:
        return self.chunks[0][0]

    @property
    def x1(self) -> int:
        return self.chunks[-1][1]


def ink_mask(gray: np.ndarray, min_area: int = 3, background_px: int = 31, contrast: int = 50,
             on_dark: bool = False) -> np.ndarray:
    """Ink pixels of a grey page, without paper shading, noise specks or border shadows.

    The page is first divided by its own background (a grey closing wider than any glyph),
    so a shadowed edge or uneven light does not turn into ink and a page number printed
    inside a shadow keeps its contrast. Ink is anything 50 grey levels darker than the
    flattened paper (`contrast`): a thin 9-pt footer at 150 dpi is no darker than ~180 once
    halved, which Otsu's threshold (pulled down by bold text and photos) would lose, while
    paper noise stays far above it after the halving and the blur. Components smaller
    than `min_area` pixels (noise), components touching the image edge (scan borders,
    punched holes) and anything on a dark background (a border's own noise, which the
    division would amplify) are dropped, unless `on_dark` keeps them: where a text detector
    is to look, a photo's or a dark panel's marks count too.
    """
    smooth = cv2.GaussianBlur(gray, (3, 3), 0)
    background = cv2.morphologyEx(smooth, cv2.MORPH_CLOSE, np.ones((background_px, background_px), np.uint8))
    flat = cv2.divide(smooth, background, scale=255)
    level = float(np.percentile(flat, 90)) - contrast
    paper = background >= 0.45 * np.percentile(background, 90)  # not a dark scan border
    raw = ((flat < level) & (paper | on_dark)).astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(raw, connectivity=8)
    height, width = gray.shape
    x, y, w, h, area = (stats[:, i] for i in range(5))
    touches_edge = (x == 0) | (y == 0) | (x + w >= width) | (y + h >= height)
    keep = (area >= min_area) & ~touches_edge
    keep[0] = False  # background label
    return keep[labels]


def remove_rules(ink: np.ndarray, min_length: int = 40) -> np.ndarray:
    """The ink without straight rules (table grids, underlines, frames).

    A table's vertical rules join all its rows into one tall block and its horizontal
    rules fill every row profile; opening the mask with long thin kernels finds rules
    longer than any glyph stroke, and only they are taken away.
    """
    mask = ink.astype(np.uint8)
    horizontal = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((1, min_length), np.uint8))
    vertical = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((min_length, 1), np.uint8))
    rules = cv2.dilate(horizontal | vertical, np.ones((3, 3), np.uint8))
    return ink & ~rules.astype(bool)


def estimate_skew(ink: np.ndarray, limit_deg: float = 5.0, max_points: int = 30000) -> float:
    """Skew in degrees (positive: text lines fall to the right), by projection profiles.

    Shearing the ink coordinates by each candidate angle and keeping the angle whose row
    histogram is sharpest is the classic profile method; on sampled points it costs a few
    milliseconds for a whole page. Only glyph-sized components vote: a photo's edges
    would otherwise pull the angle towards their own.
    """
    ys, xs = np.nonzero(_glyphs(ink))
    if len(ys) < 200:
        return 0.0
    if len(ys) > max_points:
        pick = np.random.default_rng(0).choice(len(ys), max_points, replace=False)
        ys, xs = ys[pick], xs[pick]
    xs = xs.astype(np.float64) - ink.shape[1] / 2
    ys = ys.astype(np.float64)

    def sharpness(angle: float) -> float:
        rows = np.round(ys - xs * np.tan(np.radians(angle))).astype(np.int64)
        rows -= rows.min()
        return float(np.sum(np.bincount(rows).astype(np.float64) ** 2))

    coarse = np.arange(-limit_deg, limit_deg + 1e-9, 0.5)
    best = max(coarse, key=sharpness)
    fine = np.arange(best - 0.5, best + 0.5 + 1e-9, 0.1)
    return round(float(max(fine, key=sharpness)), 2)


def ink_blocks(ink: np.ndarray, min_gap: int) -> list[tuple[int, int, int, int]]:
    """Boxes (x0, y0, x1, y1 exclusive) around the stretches of `ink`'s rows that hold ink,
    stretches separated by at least `min_gap` rows without any; top to bottom."""
    rows = np.flatnonzero(ink.any(axis=1))
    blocks = []
    for top, bottom in _runs(rows, max_gap=min_gap - 1):
        cols = np.flatnonzero(ink[top:bottom].any(axis=0))
        blocks.append((int(cols[0]), top, int(cols[-1]) + 1, bottom))
    return blocks


def _glyphs(ink: np.ndarray, max_size: int = 40) -> np.ndarray:
    """The ink of components no larger than a character (in layout pixels)."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    keep = (stats[:, cv2.CC_STAT_WIDTH] <= max_size) & (stats[:, cv2.CC_STAT_HEIGHT] <= max_size)
    keep[0] = False
    return keep[labels]


def find_lines(ink: np.ndarray, y0: int = 0, y1: int | None = None, gap_factor: float = 1.5,
               min_gap: int = 2) -> list[InkLine]:
    """Text lines between rows `y0` and `y1`, top to bottom, in `ink` coordinates.

    Rows holding ink form lines; inside a line, runs of ink columns closer than
    `gap_factor` × the line height (and at least `min_gap`) are one chunk, so
    "第 5 页 共 40 页" stays one chunk while a phone number at the left margin and the page
    number in the centre do not.
    """
    y1 = ink.shape[0] if y1 is None else y1
    band = ink[y0:y1]
    rows = np.flatnonzero(band.any(axis=1))
    lines: list[InkLine] = []
    for top, bottom in _mend_broken_glyphs(_runs(rows, max_gap=1)):
        if bottom - top < 3:
            continue
        cols = np.flatnonzero(band[top:bottom].any(axis=0))
        chunks = tuple(_runs(cols, max_gap=max(min_gap, int(gap_factor * (bottom - top)))))
        lines.append(InkLine(y0 + top, y0 + bottom, chunks))
    return lines


def split_at_gutter(ink: np.ndarray, lines: list[InkLine], min_gutter: float, gap_factor: float = 1.5) -> list[InkLine]:
    """The lines of a two-column page found column by column, top to bottom.

    The row profile runs across the whole page, so on a two-column page the columns' rows
    are cut as one: where they do not line up (a title wrapped in the left column) they run
    into one tall "line", and where they do, a narrow gutter joins both entries into one
    chunk; either is then read as one crop. A gutter is a vertical strip in the middle half
    of the text, at least `min_gutter` typical line heights wide, that no line's ink crosses
    but a heading's or a note's (at most one line in six): those lines, set apart above or
    below the columns, stay whole, and each column's lines are found on their own. A line
    crossing the strip among the columns' lines (a title overhanging into the gutter) is cut
    at the strip's right edge, its overhang kept with its left column: kept whole, it would
    read the two columns' entries as one. A page without such a strip keeps its lines.
    """
    if len(lines) < 4:
        return lines
    typical = float(np.median([line.height for line in lines]))
    left, right = min(line.x0 for line in lines), max(line.x1 for line in lines)
    inked = [ink[line.y0:line.y1, :].any(axis=0) for line in lines]
    crossing_allowed = len(lines) // 6
    lo, hi = left + (right - left) // 4, left + 3 * (right - left) // 4
    gutter = _widest_gutter(np.sum(inked, axis=0)[lo:hi] <= crossing_allowed, min_gutter * typical)
    if gutter is None:
        return lines
    x0, x1 = lo + gutter[0], lo + gutter[1]
    crossing = [cols[x0:x1].any() for cols in inked]
    columns = [line for line, across in zip(lines, crossing) if not across]
    # A heading or a note stands apart from the columns by a blank of half a line or more.
    apart = typical / 2
    top, bottom = min(line.y0 for line in columns) - apart, max(line.y1 for line in columns) + apart
    whole = [line for line, across in zip(lines, crossing) if across and (line.y1 <= top or line.y0 >= bottom)]
    body = ink.copy()
    for line in whole:
        body[line.y0:line.y1] = False
    found = list(whole)
    # A column's line of digits only ("5 – 6" with a faint dash) is lower than the page's lines
    # of text: its chunks are told apart by the page's typical gap, as they were across the page.
    typical_gap = int(gap_factor * typical)
    # The gutter goes with the left column: what reaches into it is the end of a left entry
    # running long (the right column starts at its own margin), and is read with that entry.
    for start, stop in ((0, x1), (x1, ink.shape[1])):
        for line in find_lines(body[:, start:stop], gap_factor=gap_factor, min_gap=typical_gap):
            found.append(InkLine(line.y0, line.y1, tuple((a + start, b + start) for a, b in line.chunks)))
    return sorted(found, key=lambda line: (line.y0, line.x0))


def split_touching_lines(ink: np.ndarray, lines: list[InkLine], tall: float, valley: float,
                         gap_factor: float = 1.5) -> list[InkLine]:
    """The lines with two text lines that touch found as two.

    A wrapped title set tight under its first line, or brought down onto it by what the
    deskew left, is parted from it by a single ink-free row or none, which the row profile
    bridges: read as one crop, the two lines' characters come back interleaved ("1表1、终身…
    申请-3" for "1. 终身…申请" over "表……1—3", the range's start lost). A line at least `tall`
    typical line heights high is cut at its emptiest row among those that leave both parts
    over half a typical line, when that row holds at most `valley` × the ink of the line's
    busiest row: inside one line of characters no row is that empty. Each part is checked
    again (three lines touching); a page of fewer than four lines has no typical height.
    """
    if len(lines) < 4:
        return lines
    typical = float(np.median([line.height for line in lines]))
    found: list[InkLine] = []
    waiting = list(reversed(lines))
    while waiting:
        line = waiting.pop()
        cut = _emptiest_middle_row(ink, line, typical, valley) if line.height >= tall * typical else None
        if cut is None:
            found.append(line)
            continue
        column = ink[:, line.x0:line.x1]
        parts = [InkLine(part.y0, part.y1, tuple((a + line.x0, b + line.x0) for a, b in part.chunks))
                 for top, bottom in ((line.y0, cut), (cut, line.y1))
                 for part in find_lines(column, top, bottom, gap_factor=gap_factor)]
        waiting.extend(reversed(parts))
    return found


def _emptiest_middle_row(ink: np.ndarray, line: InkLine, typical: float, valley: float) -> int | None:
    """The row (page coordinates) at which `line` is two lines, or None."""
    profile = ink[line.y0:line.y1, line.x0:line.x1].sum(axis=1)
    margin = int(np.ceil(typical / 2))
    if line.height <= 2 * margin:
        return None
    row = margin + int(np.argmin(profile[margin:line.height - margin]))
    return line.y0 + row if profile[row] <= valley * profile.max() else None


def _widest_gutter(empty: np.ndarray, min_width: float) -> tuple[int, int] | None:
    """The widest run of True in `empty` at least `min_width` long, as (start, end exclusive)."""
    runs = _runs(np.flatnonzero(empty), max_gap=0)
    wide = [run for run in runs if run[1] - run[0] >= min_width]
    return max(wide, key=lambda run: run[1] - run[0]) if wide else None


def _mend_broken_glyphs(runs: list[tuple[int, int]], max_gap: int = 2, fragment: int = 5) -> list[tuple[int, int]]:
    """Rejoin row runs that are the halves of one light glyph: the thin middle stroke of a
    faint "2" can vanish from the half-size mask, leaving two runs too short to be a line
    (a page number "2" read as nothing). Only runs shorter than `fragment` are joined, and
    only across a gap of at most `max_gap` rows; real lines are taller and further apart."""
    mended: list[tuple[int, int]] = []
    for top, bottom in runs:
        if mended:
            last_top, last_bottom = mended[-1]
            short = last_bottom - last_top < fragment or bottom - top < fragment
            if short and top - last_bottom <= max_gap:
                mended[-1] = (last_top, bottom)
                continue
        mended.append((top, bottom))
    return mended


def _runs(indices: np.ndarray, max_gap: int) -> list[tuple[int, int]]:
    """Group sorted indices into (start, end exclusive) runs, bridging gaps ≤ max_gap."""
    if len(indices) == 0:
        return []
    breaks = np.flatnonzero(np.diff(indices) > max_gap + 1)
    starts = np.concatenate(([indices[0]], indices[breaks + 1]))
    ends = np.concatenate((indices[breaks], [indices[-1]])) + 1
    return list(zip(starts.tolist(), ends.tolist()))
