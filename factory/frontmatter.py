"""The cover, the 目录 and the printed page numbers: the parts of a dossier whose form the
pre-review checks, and whose variety (numbering styles, dotted leaders, wrapped titles,
page ranges, footer positions) the readers must survive.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from factory.identity import TYPE_NAMES, Applicant, cn_date
from factory.layout import LEFT, TOP, Style
from factory.sheet import Sheet

CN_DIGITS = "一二三四五六七八九十"
TITLE_NUMBERINGS = ("cn", "arabic_dot", "paren_cn", "attachment", "arabic_comma")
NUMBER_STYLES = ("dash", "di", "di_total", "plain", "P")


def cn_numeral(n: int) -> str:
    if n <= 10:
        return CN_DIGITS[n - 1]
    return ("" if n < 20 else CN_DIGITS[n // 10 - 1]) + "十" + (CN_DIGITS[n % 10 - 1] if n % 10 else "")


def numbered_title(n: int, title: str, numbering: str) -> str:
    """"一、营业执照" / "1. 营业执照" / "（一）营业执照" / "附件1：营业执照" / "1、营业执照"."""
    return {
        "cn": f"{cn_numeral(n)}、{title}",
        "arabic_dot": f"{n}. {title}",
        "paren_cn": f"（{cn_numeral(n)}）{title}",
        "attachment": f"附件{n}：{title}",
        "arabic_comma": f"{n}、{title}",
    }[numbering]


def cover(app: Applicant, style: Style, rng: random.Random, type_known: bool) -> Sheet:
    sheet = style.sheet()
    cx = sheet.width / 2
    y = TOP + 90
    if rng.random() < 0.5:
        sheet.text_center(y, app.unit_name, style.title_size + 2, face=style.title_font, bold=True)
        y += 90
    big = style.title_size + rng.choice((8, 10, 12))
    for line in ("2023年度深圳市终身职业技能", "培训载体认定申报材料"):
        sheet.text_center(y, line, big, face=style.title_font, bold=True)
        y += big * 1.8
    if type_known:
        label = TYPE_NAMES[app.carrier_type]
        sheet.text_center(y + 20, rng.choice([f"（{label}）", f"申报类型：{label}", label]), big - 6,
                          face=style.title_font, bold=True)
    y = sheet.height - 270
    size = style.body_size + 3
    lines = [f"申报单位：{app.unit_name}（盖章）", f"联 系 人：{app.contact_person}",
             f"联系电话：{app.phone}", f"申报日期：{cn_date(app.application_date)}"]
    x = cx - max(sheet.measure(line, size) for line in lines) / 2
    for line in lines:
        sheet.text(x, y, line, size)
        y += size * 2.2
    sheet.seal(x + sheet.measure("申报单位：" + app.unit_name, size) - 30 + rng.uniform(-25, 25),
               sheet.height - 270 + rng.uniform(-10, 30), 55, app.unit_name)
    return sheet


@dataclass
class TocEntry:
    title: str
    item: str
    printed_page: int
    printed_page_end: int | None


def toc_sheets(entries: list[TocEntry], style: Style, rng: random.Random) -> list[Sheet]:
    """The 目录: numbered titles, dotted leaders, right-aligned page numbers (or ranges);
    long titles wrap under a narrow title column; what does not fit goes on a second page."""
    size = style.body_size + rng.choice((1, 2, 3))
    gap = size * rng.choice((2.0, 2.4, 2.8, 3.2))
    title_width = (style.right - LEFT) * (0.55 if rng.random() < 0.35 else 0.8)
    sheets = [style.sheet()]
    sheet = sheets[0]
    sheet.text_center(TOP + 30, rng.choice(["目录", "目　录", "目  录"]), style.title_size + 6,
                      face=style.title_font, bold=True)
    y = TOP + 90
    for entry in entries:
        lines = sheet.wrap(entry.title, size, title_width)
        if y + gap * (len(lines) - 1) + size > style.bottom:
            sheet = style.sheet()
            sheets.append(sheet)
            y = TOP + 40
        for line in lines[:-1]:
            sheet.text(LEFT, y, line, size)
            y += size * 1.5
        end = sheet.text(LEFT + (size * 2 if len(lines) > 1 else 0), y, lines[-1], size).x1
        number = str(entry.printed_page) if entry.printed_page_end is None \
            else f"{entry.printed_page}-{entry.printed_page_end}"
        nx = sheet.text_right(style.right, y, number, size).x0
        dots = int((nx - end - 8) / sheet.measure("·", size))
        if dots > 0:
            sheet.text(end + 4, y, "·" * dots, size)
        y += gap
    return sheets


@dataclass
class NumberStyle:
    """How one dossier prints its page numbers."""

    kind: str
    position: str  # bottom_center, bottom_right, top_right
    size: float
    footer_extra: str | None  # another line with digits in it, which must not be read as the number

    @classmethod
    def random(cls, rng: random.Random, app: Applicant) -> NumberStyle:
        position = rng.choices(["bottom_center", "bottom_right", "top_right"], [0.7, 0.15, 0.15])[0]
        extra = rng.choice([f"联系电话：{app.phone}", "2023年度申报材料", f"{app.unit_name[:10]} 2023年"]) \
            if rng.random() < 0.3 else None
        return cls(rng.choice(NUMBER_STYLES), position, rng.choice((10.0, 10.5, 11.0, 12.0)), extra)

    def text(self, n: int, total: int) -> str:
        return {"dash": f"- {n} -", "di": f"第{n}页", "di_total": f"第 {n} 页 共 {total} 页",
                "plain": str(n), "P": f"P{n}"}[self.kind]

    def draw(self, sheet: Sheet, n: int, total: int) -> tuple[str, tuple[float, float, float, float]]:
        """Print number `n`; returns the text and its box on the upright sheet."""
        text = self.text(n, total)
        bottom_y = sheet.height - 40
        if self.position == "bottom_center":
            box = sheet.text_center(bottom_y, text, self.size)
        elif self.position == "bottom_right":
            box = sheet.text_right(sheet.width - 60, bottom_y, text, self.size)
        else:
            box = sheet.text_right(sheet.width - 60, 48, text, self.size)
        if self.footer_extra:
            if self.position == "bottom_center":
                sheet.text(LEFT, bottom_y, self.footer_extra, self.size - 1.5)
            else:
                sheet.text_center(bottom_y, self.footer_extra, self.size - 1.5)
        return text, (box.x0, box.y0, box.x1, box.y1)
