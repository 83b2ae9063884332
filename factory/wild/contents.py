"""The wild 目录: a ruled table (序号 | 材料名称 | 页码 | 备注), a two-column list, or a
plain list with leaders, with page ranges and remarks as applicants type them.

The 目录 is drawn after the numbering is final, so its page numbers are the ones the
applicant computed; one entry may be wrong on purpose (the page-mismatch defect).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from factory.layout import LEFT, TOP, Style
from factory.sheet import Sheet
from factory.wild import vocabulary as V


@dataclass
class Entry:
    title: str
    item: str
    first: int
    last: int | None  # a range's end, None for a single page number
    remark: str = ""  # the 备注 cell of a ruled 目录 ("复印件加盖公章"), as drawn

    def pages(self, dash: str) -> str:
        return str(self.first) if self.last is None else f"{self.first}{dash}{self.last}"


def toc_sheets(entries: list[Entry], style: Style, rng: random.Random) -> tuple[list[Sheet], str]:
    """The 目录 pages and the layout used ("table", "two_column" or "list")."""
    layout = rng.choice(("table", "table", "two_column", "list"))
    dash = rng.choice(("-", "-", "～", "—"))
    head = rng.choice(V.TOC_HEADINGS)
    if layout == "table":
        return _table(entries, style, rng, head, dash), layout
    if layout == "two_column":
        return _two_column(entries, style, rng, head, dash), layout
    return _list(entries, style, rng, head, dash), layout


def _new(style: Style, head: str | None, size: float) -> tuple[Sheet, float]:
    sheet = style.sheet()
    if head:
        sheet.text_center(TOP + 26, head, size, face=style.title_font, bold=True)
        return sheet, TOP + 64
    return sheet, TOP + 10


def _table(entries: list[Entry], style: Style, rng: random.Random, head: str, dash: str) -> list[Sheet]:
    columns = rng.choice(V.TOC_COLUMNS)
    size = style.body_size
    row_h = size * rng.uniform(2.2, 2.8)
    fractions = (0.1, 0.56, 0.16, 0.18)
    xs = [LEFT]
    for f in fractions:
        xs.append(xs[-1] + f * (style.right - LEFT))
    sheets: list[Sheet] = []
    sheet, y = _new(style, head, style.title_size + 4)
    sheets.append(sheet)

    def rule_row(sheet: Sheet, y: float, cells: list[str], bold: bool = False) -> float:
        lines = sheet.wrap(cells[1], size, xs[2] - xs[1] - 8)
        h = max(row_h, len(lines) * size * 1.4 + size)
        sheet.line(xs[0], y, xs[-1], y, 0.8)
        for c, (x0, x1) in enumerate(zip(xs, xs[1:])):
            texts = lines if c == 1 else [cells[c]]
            ty = y + (h - len(texts) * size * 1.4) / 2 + size
            for text in texts:
                x = x0 + 5 if c == 1 else (x0 + x1) / 2 - sheet.measure(text, size) / 2
                sheet.text(x, ty, text, size, bold=bold)
                ty += size * 1.4
        for x in xs:
            sheet.line(x, y, x, y + h, 0.8)
        return y + h

    y = rule_row(sheet, y, list(columns), bold=True)
    for k, entry in enumerate(entries, start=1):
        if y + row_h * 2 > style.bottom:
            sheet.line(xs[0], y, xs[-1], y, 0.8)
            sheet, y = _new(style, None, size)
            sheets.append(sheet)
            y = rule_row(sheet, y, list(columns), bold=True)
        entry.remark = rng.choice(V.TOC_REMARKS)
        y = rule_row(sheet, y, [str(k), entry.title, entry.pages(dash), entry.remark])
    sheet.line(xs[0], y, xs[-1], y, 0.8)
    return sheets


def _two_column(entries: list[Entry], style: Style, rng: random.Random, head: str, dash: str) -> list[Sheet]:
    """Entries down the left half, then down the right half; titles wrap in the narrow column."""
    size = style.body_size
    gap = size * rng.uniform(2.0, 2.6)
    sheet, top = _new(style, head, style.title_size + 4)
    mid = (LEFT + style.right) / 2
    columns = [(LEFT, mid - 14), (mid + 14, style.right)]
    half = (len(entries) + 1) // 2
    for c, chunk in enumerate((entries[:half], entries[half:])):
        x0, x1 = columns[c]
        y = top
        for k, entry in enumerate(chunk, start=1 + c * half):
            number = entry.pages(dash)
            nw = sheet.measure(number, size)
            lines = sheet.wrap(f"{k}. {entry.title}", size, x1 - x0 - nw - 16)
            for line in lines[:-1]:
                sheet.text(x0, y, line, size)
                y += size * 1.4
            end = sheet.text(x0, y, lines[-1], size).x1
            sheet.text_right(x1, y, number, size)
            dots = int((x1 - nw - end - 8) / sheet.measure("…", size))
            if dots > 0:
                sheet.text(end + 3, y, "…" * dots, size)
            y += gap
    return [sheet]


def _list(entries: list[Entry], style: Style, rng: random.Random, head: str, dash: str) -> list[Sheet]:
    """Numbered titles, leaders, "第N页" or bare numbers at the right margin."""
    size = style.body_size + 1
    gap = size * rng.uniform(2.0, 2.8)
    page_word = rng.choice(("{p}", "第{p}页", "P{p}"))
    sheets: list[Sheet] = []
    sheet, y = _new(style, head, style.title_size + 4)
    sheets.append(sheet)
    for k, entry in enumerate(entries, start=1):
        if y + gap > style.bottom:
            sheet, y = _new(style, None, size)
            sheets.append(sheet)
        number = page_word.format(p=entry.pages(dash))
        end = sheet.text(LEFT, y, f"{k}、{entry.title}", size).x1
        nx = sheet.text_right(style.right, y, number, size).x0
        dots = int((nx - end - 8) / sheet.measure(".", size))
        if dots > 0:
            sheet.text(end + 4, y, "." * dots, size)
        y += gap
    return sheets
