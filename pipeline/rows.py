"""Joining OCR boxes into the rows and columns a reader sees.

The OCR detector returns one box per run of ink, not per printed line: in a 目录 the title,
the dotted leader (when it is detected at all) and the page number come back as separate
boxes on the same baseline, and a two-column 目录 puts two entries side by side. Parsers
that work line by line need those boxes regrouped first; this module does only that, from
geometry, without looking at the text beyond telling titles from bare numbers.
"""

from __future__ import annotations

import re
import statistics
import unicodedata

from kernel.geometry import group_rows
from kernel.models import OcrLine

# Dashes as OCR returns them: hyphen, en and em dash, the minus sign (−, U+2212, which NFKC
# keeps), the hyphen and small forms of CJK fonts, the kana length mark a CJK recogniser
# reads a short dash as (the hyphen first: literal in a class).
DASHES = "-—–－−‐‑﹣ー"
# A box that holds only a page-number-like token ("5", "-2-", "5-8", "l"): no title text.
_NUMERIC_BOX = re.compile(rf"^(?:[Pp]\.?)?[{DASHES}\s~至第页.·…0-9lI|Oo]*[0-9lI|][{DASHES}\s~至第页.·…0-9lI|Oo]*$")
# A range's dash between two numbers read as the character 一 (27一28).
_DASH_READ_AS_ONE = re.compile(r"(?<=[0-9])\s*一\s*(?=[0-9])")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def is_numeric_box(line: OcrLine) -> bool:
    """True for a box that can only be a page number (or page range), not a title."""
    text = _DASH_READ_AS_ONE.sub("-", unicodedata.normalize("NFKC", line.text).strip())
    return bool(text) and bool(_NUMERIC_BOX.match(text))


def _is_titled(line: OcrLine) -> bool:
    return len(_CJK.findall(line.text)) >= 2


def split_columns(lines: list[OcrLine]) -> list[list[OcrLine]]:
    """Split a two-column layout into its columns, left first; one column is returned as is.

    A gutter is an empty vertical strip in the middle of the text block such that, row by
    row, what stands right of it *begins* with a title. That tells two columns apart from a
    single column whose page numbers stand far right after a blank leader, and from the
    blank leaders inside the left column of a real two-column 目录. The caller removes a
    centred heading first: it would bridge the gutter.

    A gutter is as wide as 3% of the block or a fifth of a row box's height, whichever is less:
    a narrow page set in a large font leaves a gutter of two characters, less than 3% of the
    block once the rows' boxes are padded by a third of their height on each side, and a
    column whose entries wrap leaves a quarter of a line (7 pt between 26-pt rows).

    A line alone on its row may cross the gutter: a heading the caller did not know as one
    (资料清单), a page footer. Up to `GUTTER_BRIDGES` such lines are left out of both columns;
    more would be a single column's rows, each read as one box. One line that lies nearly all
    on one side may reach into the gutter: an entry wrapped onto two lines that the detector
    boxed together, its box a little wider than its ink; it stays in its column.
    """
    if len(lines) < 4:
        return [lines]
    alone = {id(row[0]) for row in group_rows(lines) if len(row) == 1}
    for body in (lines, [ln for ln in lines if id(ln) not in alone]):
        columns = _split_at_gutter(lines, body)
        if columns:
            return columns
    return _split_at_gutter(lines, [ln for ln in lines if id(ln) not in alone], spilling=1) or [lines]


GUTTER_BRIDGES = 2
# A box that reaches into the gutter by at most this share of its width still lies in its column.
SPILL_SHARE = 0.2


def _split_at_gutter(lines: list[OcrLine], body: list[OcrLine], spilling: int = 0) -> list[list[OcrLine]] | None:
    """`lines` in two columns at a gutter that no line of `body` crosses, but for up to
    `spilling` that lie nearly all on one side (kept there), and at most `GUTTER_BRIDGES`
    other lines do (those are left out); None where there is none."""
    if len(body) < 4:
        return None
    left = min(ln.box[0] for ln in body)
    right = max(ln.box[2] for ln in body)
    span = right - left
    if span <= 0:
        return None
    line_height = statistics.median(ln.box[3] - ln.box[1] for ln in body)
    min_gutter = min(0.03 * span, 0.2 * line_height)
    gaps = [g for g in _gaps(body, left + 0.25 * span, left + 0.75 * span, spilling) if g[1] - g[0] >= min_gutter]
    for gap in sorted(gaps, key=lambda g: g[0] - g[1]):
        crossing = [ln for ln in lines if ln.box[0] < gap[1] and ln.box[2] > gap[0]]
        spilled = [ln for ln in crossing if _spills(ln, gap)]
        if any(ln in body and ln not in spilled for ln in crossing):
            continue
        kept = [ln for ln in lines if ln not in crossing or ln in spilled]  # all but the bridges
        if len(lines) - len(kept) > GUTTER_BRIDGES:
            continue
        middle = (gap[0] + gap[1]) / 2
        left_col = [ln for ln in kept if (ln.box[0] + ln.box[2]) / 2 < middle]
        right_col = [ln for ln in kept if (ln.box[0] + ln.box[2]) / 2 >= middle]
        if _rows_begin_with_titles(left_col) and _rows_begin_with_titles(right_col):
            return [left_col, right_col]
    return None


def _rows_begin_with_titles(lines: list[OcrLine]) -> bool:
    """Most rows begin with a title — after their ordinal ("1.", "3") when OCR read it as a
    box of its own; a row of page numbers only begins with none."""
    rows = group_rows(lines)
    titled = sum(1 for row in rows if any(_is_titled(line) for line in _after_ordinal(row)[:1]))
    return titled >= 2 and titled >= 0.6 * len(rows)


def _after_ordinal(row: list[OcrLine]) -> list[OcrLine]:
    """A row's boxes left to right without a leading ordinal box: a number that its title
    follows within a line's height (a page number ending the column to its left is followed
    by the gutter instead)."""
    ordered = sorted(row, key=lambda line: line.box[0])
    if len(ordered) > 1 and is_numeric_box(ordered[0]) and _is_titled(ordered[1]):
        number, title = ordered[0], ordered[1]
        if title.box[0] - number.box[2] <= number.box[3] - number.box[1]:
            return ordered[1:]
    return ordered


def _spills(line: OcrLine, gap: tuple[float, float]) -> bool:
    """Whether a box crossing into `gap` lies nearly all on one side of it: at most
    `SPILL_SHARE` of its width in the gap and beyond."""
    x0, x1 = line.box[0], line.box[2]
    left_of, right_of = max(0.0, min(x1, gap[0]) - x0), max(0.0, x1 - max(x0, gap[1]))
    return x1 > x0 and max(left_of, right_of) >= (1 - SPILL_SHARE) * (x1 - x0)


def _gaps(lines: list[OcrLine], lo: float, hi: float, covered: int = 0) -> list[tuple[float, float]]:
    """The x-intervals within [lo, hi] that at most `covered` boxes cover."""
    edges = sorted([(ln.box[0], 1) for ln in lines] + [(ln.box[2], -1) for ln in lines])
    gaps, depth, start = [], 0, None
    for x, step in edges:
        before = depth
        depth += step
        if before > covered >= depth:
            start = x  # coverage falls to `covered` or less here
        elif before <= covered < depth and start is not None:
            gap = (max(start, lo), min(x, hi))
            if gap[1] > gap[0]:
                gaps.append(gap)
    return gaps
