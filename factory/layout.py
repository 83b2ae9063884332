"""Flowing headings, prose, forms and long tables onto A4 sheets.

Every material part is built from the same few shapes (a heading, paragraphs that run
over pages, a bordered form, a table continued over pages), and each must fill exactly
the number of pages the dossier's page budget gave it; this module owns that arithmetic.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from factory.sheet import Sheet

LEFT, RIGHT = 72.0, 523.0
TOP = 78.0
FOOTER = 80.0  # text ends this far above the page bottom; page numbers live above TOP or below it


@dataclass
class Style:
    """One dossier's typography: the applicant's word processor settings."""

    font: str
    title_font: str
    body_size: float
    title_size: float
    title_centered: bool
    line_gap: float  # line height / font size
    size: tuple[float, float]

    def sheet(self) -> Sheet:
        return Sheet(font=self.font, size=self.size)

    @property
    def bottom(self) -> float:
        return self.size[1] - FOOTER

    @property
    def right(self) -> float:
        return self.size[0] - (595.0 - RIGHT)


def heading(sheet: Sheet, title: str, style: Style) -> float:
    """The part title at the top of its first page; returns the y where the body starts."""
    y = TOP + style.title_size
    if style.title_centered:
        sheet.text_center(y, title, style.title_size, face=style.title_font, bold=True)
    else:
        sheet.text(LEFT, y, title, style.title_size, face=style.title_font, bold=True)
    return y + style.title_size * 1.6


def prose_pages(style: Style, rng: random.Random, title: str | None, blocks: Iterator[tuple[str, str]],
                n_pages: int, ending: Callable[[Sheet, float], float] | None = None, keep: int = 0) -> list[Sheet]:
    """Paragraphs from `blocks` ("h" subheading, "p" paragraph, "c" centred title) over
    exactly `n_pages` pages; the last page is filled only part-way (but never before the
    first `keep` blocks, which carry the key fields, are drawn), then `ending` (a
    signature block) is drawn under the text."""
    sheets: list[Sheet] = []
    drawn = 0
    size, lh = style.body_size, style.body_size * style.line_gap
    for k in range(n_pages):
        sheet = style.sheet()
        y = heading(sheet, title, style) if k == 0 and title else TOP + size
        last = k == n_pages - 1
        limit = style.bottom - (190 if ending else 0) if last else style.bottom
        hard = limit
        if last:
            limit = min(limit, y + (limit - y) * rng.uniform(0.35, 0.9))
        while y + lh <= (hard if drawn < keep else limit):
            kind, text = next(blocks)
            drawn += 1
            if kind == "c":
                sheet.text_center(y + size, text, size + 4, face=style.title_font, bold=True)
                y += (size + 4) * 2.2
                continue
            face, bold, indent = (style.title_font, True, 0) if kind == "h" else (style.font, False, 2 * size)
            lines = sheet.wrap(text, size, style.right - LEFT - indent)
            for i, line in enumerate(lines):
                if y + lh > (hard if drawn <= keep else limit):
                    break
                sheet.text(LEFT + (indent if i == 0 else 0), y + size, line, size, face=face, bold=bold)
                y += lh
            y += size * 0.4
        if last and ending:
            ending(sheet, y + 20)
        sheets.append(sheet)
    return sheets


@dataclass
class Column:
    header: str
    width: float  # fraction of the text width


def table_pages(style: Style, title: str | None, columns: list[Column], rows: Iterator[list[str]],
                n_pages: int, intro: Callable[[Sheet, float], float] | None = None,
                rng: random.Random | None = None) -> list[Sheet]:
    """A bordered table continued over exactly `n_pages` pages, header repeated on each
    (with "（续表）"), until the pages or the rows run out; `intro` draws what precedes the
    table on the first page."""
    sheets: list[Sheet] = []
    size = style.body_size - 1.5
    row_h = size * 2.1
    total = style.right - LEFT
    xs = [LEFT]
    for col in columns:
        xs.append(xs[-1] + col.width * total)
    for k in range(n_pages):
        sheet = style.sheet()
        y = heading(sheet, title, style) if k == 0 and title else TOP + size
        if k == 0 and intro:
            y = intro(sheet, y)
        elif k > 0:
            sheet.text(LEFT, y + size, "（续表）", size)
            y += row_h
        limit = style.bottom
        if k == n_pages - 1 and rng is not None:
            limit = y + (style.bottom - y) * rng.uniform(0.4, 1.0)
        top = y
        _row(sheet, xs, y, row_h, [c.header for c in columns], size, bold=True)
        y += row_h
        while y + row_h <= limit and (cells := next(rows, None)) is not None:
            _row(sheet, xs, y, row_h, cells, size)
            y += row_h
        for x in xs:
            sheet.line(x, top, x, y)
        sheet.line(xs[0], y, xs[-1], y)
        sheets.append(sheet)
    return sheets


def _row(sheet: Sheet, xs: list[float], y: float, h: float, cells: list[str], size: float, bold: bool = False) -> None:
    sheet.line(xs[0], y, xs[-1], y)
    for x0, x1, text in zip(xs, xs[1:], cells):
        while text and sheet.measure(text, size) > x1 - x0 - 4:
            text = text[:-1]
        sheet.text((x0 + x1) / 2 - sheet.measure(text, size) / 2, y + h / 2 + size * 0.36, text, size, bold=bold)


def _label_size(sheet: Sheet, text: str, size: float, width: float) -> float:
    """Labels stay on one line (the extractors look for them whole): shrink up to 20%."""
    return max(size * 0.8, min(size, size * width / max(1.0, sheet.measure(text, size))))


@dataclass
class FormRow:
    """One row of a bordered form: alternating label and value cells; widths are
    fractions of the text width; `height` > 0 forces a tall (free text) row."""

    cells: list[str]
    widths: list[float]
    height: float = 0.0


def form_table(sheet: Sheet, y: float, rows: list[FormRow], size: float, right: float,
               checkbox_row: tuple[int, list[str], int | None] | None = None) -> float:
    """Draw a bordered form whose even cells are labels, odd cells values; returns the y
    below it. `checkbox_row` = (row index, options, ticked index or None) fills that row's
    value cell with "□ option" boxes."""
    total = right - LEFT
    for r, row in enumerate(rows):
        xs = [LEFT]
        for wdt in row.widths:
            xs.append(xs[-1] + wdt * total)
        sizes = [_label_size(sheet, text, size, x1 - x0 - 6) if c % 2 == 0 else size
                 for c, (text, x0, x1) in enumerate(zip(row.cells, xs, xs[1:]))]
        wrapped = [sheet.wrap(text, fs, x1 - x0 - 8) or [""] for text, fs, x0, x1 in zip(row.cells, sizes, xs, xs[1:])]
        h = max(row.height, max(len(w) for w in wrapped) * size * 1.5 + size * 1.2)
        sheet.line(LEFT, y, right, y, 1.0)
        for c, (lines, x0, x1) in enumerate(zip(wrapped, xs, xs[1:])):
            if checkbox_row and checkbox_row[0] == r and c == 1:
                _, options, ticked = checkbox_row
                need = sum(sheet.measure("□" + option, size) + 10 for option in options)
                fs = size * min(1.0, (x1 - x0 - 10) / need)
                x = x0 + 5
                for i, option in enumerate(options):
                    x += sheet.checkbox(x, y + h / 2 + fs * 0.36, fs, i == ticked) + 1
                    x += sheet.text(x, y + h / 2 + fs * 0.36, option, fs).width + 8
                continue
            label = c % 2 == 0
            ty = y + (h - len(lines) * size * 1.5) / 2 + size * 1.05 if not row.height else y + size * 1.6
            for line in lines:
                if label:
                    fs = sizes[c]
                    sheet.text((x0 + x1) / 2 - sheet.measure(line, fs) / 2, ty, line, fs)
                else:
                    sheet.text(x0 + 5, ty, line, size)
                ty += size * 1.5
        for x in xs:
            sheet.line(x, y, x, y + h, 1.0)
        y += h
    sheet.line(LEFT, y, right, y, 1.0)
    return y
