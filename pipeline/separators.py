"""Separator sheets: pages that only announce the next part (附件3, 材料11, 第三部分).

Applicants often bind a sheet before each part that holds nothing but the part's label and
the page number, and their 目录 may point at the sheet rather than at the titled page after
it. The page scan sees such a sheet as a page with almost no lines of text. Its label is
usually in the heading band; when it is printed large in the middle of the page, the band
holds nothing and a shadow or a speck may add a line or two, so a quiet page with an empty
heading band is read whole once (`read_text`, cached like every read) and counts as a
separator only when what it says is a label alone. A photo page, which is as quiet, says
something else or nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from kernel.models import PageScan
from kernel.textnorm import chinese_number, nfkc
from pipeline.pagenumber import parse_page_number

SEPARATOR_MAX_LINES = 2  # "附件3" and perhaps its page number
# "附件3" alone, and specks or a shadow the page scan counts as lines (six on a clean wild
# sheet whose band read a speck as 寿): only what the page says read whole decides.
LABELLED_SEPARATOR_MAX_LINES = 8
# A stray digit, mark or speck read as a letter or two ("1", "L", "·"), not a heading.
_NO_WORDS = re.compile(r"[^\u4e00-\u9fffA-Za-z]{0,3}|[^\u4e00-\u9fff]{1,2}")
_PART_LABEL = re.compile(r"(?:附件|材料|附表|附|第)([0-9一二三四五六七八九十]{1,3})(?:部分|项)?")


class SeparatorSheets:
    """Which of the body's pages (`searchable`) are separator sheets, and their labels.
    `read_text(page)`, when given, reads a page whole (its lines' texts)."""

    def __init__(self, searchable: dict[int, PageScan], read_text: Callable[[int], list[str]] | None = None):
        self._pages = searchable
        self._read_text = read_text
        self.label = cache(self._label)

    def is_sheet(self, page: int) -> bool:
        """A sheet that only announces the next part: one or two lines of text on the page, or
        a few when what it says is a part's label alone."""
        return self._sheet(page, self.label)

    def announces_part(self, page: int) -> bool:
        """A separator sheet whose only text is a part's label: 附件3, 材料11, 附表二, 第三部分."""
        return self.is_sheet(page) and self.label(page) is not None

    def labels(self) -> dict[int, int]:
        """The label number of each separator sheet whose heading band shows it (附件2), and of
        a sheet whose label the band missed, counted from the labelled sheets around it when
        the count agrees (附件2, a sheet, 附件4: the sheet is 附件3). Pages are not read whole
        for this: every quiet page of a file would be."""
        def heading_label(page: int) -> int | None:
            return _heading_label(self._pages[page])

        sheets = [p for p in sorted(self._pages) if self._sheet(p, heading_label)]
        read = {p: n for p in sheets if (n := heading_label(p)) is not None}
        labels = dict(read)
        known = [k for k, p in enumerate(sheets) if p in read]
        for i, j in zip(known, known[1:]):
            if read[sheets[j]] - read[sheets[i]] == j - i:
                labels.update({sheets[k]: read[sheets[i]] + k - i for k in range(i + 1, j)})
        return labels

    def _sheet(self, page: int, label: Callable[[int], int | None]) -> bool:
        scan = self._pages.get(page)
        if scan is None or scan.text_lines is None:
            return False
        return scan.text_lines <= SEPARATOR_MAX_LINES or (
            scan.text_lines <= LABELLED_SEPARATOR_MAX_LINES and label(page) is not None)

    def _label(self, page: int) -> int | None:
        """The page's label number, from its heading band, or, for a quiet page whose band
        shows none (empty, or a speck read as a character), from what the page says when read
        whole; None when it says anything else."""
        scan = self._pages.get(page)
        if scan is None:
            return None
        if scan.heading_lines and (label := _heading_label(scan)) is not None:
            return label
        if self._read_text is None or scan.text_lines is None or scan.text_lines > LABELLED_SEPARATOR_MAX_LINES:
            return None
        # Its page number, in whatever form it is read ("-5-" above the label where the scan
        # read "5"), and any stray digit or mark are no part of what it says.
        said = [text for text in (nfkc(t).replace(" ", "") for t in self._read_text(page))
                if text and not _NO_WORDS.fullmatch(text) and parse_page_number(text) is None]
        return _label_alone(said)


def _heading_label(scan: PageScan) -> int | None:
    return _label_alone([nfkc(line.text).replace(" ", "") for line in scan.heading_lines])


def _label_alone(texts: list[str]) -> int | None:
    """The number of the label that `texts` hold alone (its first line the label, any other
    no words: a stray digit or mark); None otherwise."""
    if not texts:
        return None
    first, *rest = texts
    label = _PART_LABEL.fullmatch(first)
    if label is None or not all(_NO_WORDS.fullmatch(text) for text in rest):
        return None
    digits = label.group(1)
    if digits.isdigit():
        return int(digits)
    return chinese_number(digits)  # None for a malformed numeral (十十)
