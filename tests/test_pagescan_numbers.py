"""Printed page numbers in every form and every corner, read by real RapidOCR from scans.

Offices and PDF tools print "(5)", "·5·", "- 5 -", "页码：5", "P5", "p.5", "5/32",
"第5页/共32页", "第 5 页" or a bare "5", at the top or bottom, left, centre or right
(mirrored on facing pages). None of that may depend on one layout; and a year in a
running header or a number in a table's last row must not be taken for the page number.
"""

import pymupdf
import pytest

from pipeline.ocr import make_engine
from pipeline.pagescan import scan_image
from kernel.settings import Settings
from test_pagescan_orientation import scanned

BODY = "依据有关规定，现将本单位基本情况说明如下，本单位于2019年成立，联系电话0755-83456789。"
FORMS = ["({n})", "·{n}·", "- {n} -", "页码：{n}", "P{n}", "p.{n}", "{n}/64", "第{n}页/共64页", "第 {n} 页", "{n}"]
SPOTS = [("bottom", "center"), ("bottom", "right"), ("bottom", "left"), ("top", "right"), ("top", "left"), ("top", "center")]
CASES = [(form, *SPOTS[(k * 5 + shift) % len(SPOTS)]) for k, form in enumerate(FORMS) for shift in (0, 2)]


@pytest.fixture(scope="module")
def engine():
    return make_engine(Settings())


def page_with(number_text: str | None, vertical: str = "bottom", horizontal: str = "center", extra=None):
    def draw(page):
        page.insert_text((170, 110), "培训场地情况说明", fontname="china-s", fontsize=18)
        for i in range(12):
            page.insert_text((72, 160 + 24 * i), BODY[i % 7 :][:34], fontname="china-s", fontsize=11)
        if number_text:
            width = pymupdf.get_text_length(number_text, fontname="china-s", fontsize=10.5)
            x = {"left": 60, "center": 297 - width / 2, "right": 535 - width}[horizontal]
            page.insert_text((x, 805 if vertical == "bottom" else 45), number_text, fontname="china-s", fontsize=10.5)
        if extra:
            extra(page)

    return draw


@pytest.mark.parametrize(("form", "vertical", "horizontal"), CASES)
def test_real_rapidocr_reads_every_number_form_in_every_corner(engine, form, vertical, horizontal):
    number = 7 + FORMS.index(form) * 3 + (vertical == "top")
    text = form.format(n=number)
    result = scan_image(1, scanned(page_with(text, vertical, horizontal), seed=number), engine, 595)
    assert result.printed_number == number, result.number_text
    assert result.number_total == (64 if "64" in form else None)
    assert 0.5 <= result.number_confidence <= 1.0
    assert (result.number_box[1] > 700) == (vertical == "bottom")


def test_real_rapidocr_takes_no_year_in_a_header_nor_a_table_cell_for_the_page_number(engine):
    def clutter(page):
        page.insert_text((420, 45), "2024年度", fontname="china-s", fontsize=10.5)
        for k, cell in enumerate(["序号", "设备名称", "数量"]):
            page.insert_text((72 + 150 * k, 770), cell, fontname="china-s", fontsize=10.5)
        for k, cell in enumerate(["3", "数控车床", "12"]):
            page.insert_text((72 + 150 * k, 790), cell, fontname="china-s", fontsize=10.5)

    result = scan_image(1, scanned(page_with(None, extra=clutter), seed=5), engine, 595)
    assert result.printed_number is None, result.number_text


def test_real_rapidocr_reads_the_number_of_a_photographed_sheet_lying_on_a_dark_table(engine):
    """A phone photo: the sheet fills only the middle of the image, so the bands where
    numbers sit are measured on the sheet, not on the image."""
    import cv2
    import numpy as np

    sheet = scanned(page_with("- 16 -"), seed=16)
    height, width = sheet.shape
    photo = np.full((height, width), 55, np.uint8)
    small = cv2.resize(sheet, (int(width * 0.8), int(height * 0.8)), interpolation=cv2.INTER_AREA)
    top, left = int(height * 0.12), int(width * 0.1)
    photo[top : top + small.shape[0], left : left + small.shape[1]] = small
    result = scan_image(1, photo, engine, 595)
    assert (result.printed_number, result.rotation) == (16, 0)


def grey_number_page(text: str | None, grey: float, size: float):
    """The body of `page_with`, and a small number printed in grey at the bottom right."""
    def draw(page):
        page_with(None)(page)
        if text:
            page.insert_text((520, 805), text, fontname="china-s", fontsize=size, color=(grey, grey, grey))

    return draw


@pytest.mark.parametrize(("text", "grey", "size"), [("·6·", 0.62, 8), ("1", 0.45, 9), ("12", 0.7, 9)])
def test_real_rapidocr_finds_a_small_grey_number_as_an_unsure_one(engine, text, grey, size):
    """Too faint (or, for a thin "1", too narrow) for the layout's ink mask to make a line of
    it: the bands are looked at again more faintly, and what they show is an unsure number,
    for the neighbouring pages to confirm."""
    number = int(text.strip("·"))
    result = scan_image(1, scanned(grey_number_page(text, grey, size), seed=number), engine, 595)
    assert (result.printed_number, result.unsure_number) == (None, number)


def test_real_rapidocr_finds_no_faint_number_on_a_page_that_has_none(engine):
    result = scan_image(1, scanned(grey_number_page(None, 0.6, 8), seed=8), engine, 595)
    assert (result.printed_number, result.unsure_number) == (None, None)
