"""The page scan with real RapidOCR on rendered, degraded pages (skewed, noisy, JPEG)."""

import cv2
import numpy as np
import pymupdf
import pytest

from pipeline.ocr import make_engine
from pipeline.pagescan import scan_image, scan_turned_over
from pipeline.render import render_page
from kernel.settings import Settings

BODY = "依据有关规定，现将本单位基本情况说明如下，本单位于2019年成立，联系电话0755-83456789。"


def degraded_page(doc, *, title=None, footer=None, footer_left=None, body=12, skew=0.0, turn=0, seed=0, draw=None):
    """Append to `doc` a page drawn with text (and whatever `draw(page)` adds), then scanned:
    turned, noisy, JPEG, image only."""
    sheet = pymupdf.open()
    page = sheet.new_page(width=595, height=842)
    if draw:
        draw(page)
    if title:
        page.insert_text((170, 110), title, fontname="china-s", fontsize=18)
    for i in range(body):
        page.insert_text((72, 160 + 24 * i), BODY[i % 7 :][:34], fontname="china-s", fontsize=11)
    if footer:
        page.insert_text((297 - 2.8 * len(footer), 802), footer, fontname="china-s", fontsize=10.5)
    if footer_left:
        page.insert_text((72, 802), footer_left, fontname="china-s", fontsize=9)
    pix = page.get_pixmap(dpi=150, colorspace=pymupdf.csGRAY)
    image = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width)
    tilt = cv2.getRotationMatrix2D((pix.width / 2, pix.height / 2), -skew, 1.0)  # skew > 0: clockwise
    image = cv2.warpAffine(image, tilt, (pix.width, pix.height), borderValue=250)
    noise = np.random.default_rng(seed).normal(0, 8, image.shape)
    image = np.clip(image * 0.93 + noise, 0, 255).astype(np.uint8)
    if turn:  # the sheet went in turned clockwise by `turn` degrees
        image = cv2.rotate(image, {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}[turn])
    jpeg = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 60])[1].tobytes()
    out = doc.new_page(width=842, height=595) if turn in (90, 270) else doc.new_page(width=595, height=842)
    out.insert_image(out.rect, stream=jpeg)
    return out


@pytest.fixture(scope="module")
def engine():
    return make_engine(Settings())


def scan(doc, engine, index=1):
    return scan_image(index, render_page(doc, index, 200, 60_000_000), engine, 595)


def test_real_rapidocr_reads_number_title_and_skew_of_degraded_page(engine):
    doc = pymupdf.open()
    degraded_page(doc, title="三、营业执照复印件", footer="- 12 -", footer_left="联系电话：0755-26661234", skew=1.2)
    result = scan(doc, engine)
    assert (result.rotation, result.printed_number, result.blank) == (0, 12, False)
    assert result.skew_deg == pytest.approx(1.2, abs=0.3)
    assert any("营业执照" in line.text for line in result.heading_lines)
    x0, y0, x1, y1 = result.number_box
    assert 260 < x0 < x1 < 340 and 780 < y1 < 815  # where "- 12 -" is printed, in points


def test_real_rapidocr_detects_upside_down_page_and_reads_its_number(engine):
    doc = pymupdf.open()
    degraded_page(doc, title="附件5：场地证明材料", footer="第 7 页 共 40 页", skew=-0.8, turn=180, seed=1)
    result = scan(doc, engine)
    assert (result.rotation, result.printed_number) == (180, 7)
    assert any("场地证明" in line.text for line in result.heading_lines)
    assert result.number_box[1] > 700  # at the bottom of the page turned upright


def test_real_rapidocr_finds_page_lying_on_its_side(engine):
    doc = pymupdf.open()
    degraded_page(doc, title="附件6：培训场地租赁合同", footer="- 9 -", turn=90, seed=4)
    result = scan_image(1, render_page(doc, 1, 200, 60_000_000), engine, 842)
    assert (result.rotation, result.printed_number) == (90, 9)
    assert any("租赁合同" in line.text for line in result.heading_lines)


def test_real_rapidocr_invents_no_number_from_footer_digits(engine):
    doc = pymupdf.open()
    degraded_page(doc, title="承诺书", footer="2023年度申报材料", footer_left="联系电话：0755-26661234", seed=2)
    result = scan(doc, engine)
    assert result.printed_number is None and result.number_text is None


def test_real_rapidocr_blank_noisy_page_is_blank(engine):
    doc = pymupdf.open()
    degraded_page(doc, body=0, seed=3)
    result = scan(doc, engine)
    assert result.blank and result.printed_number is None and not result.heading_lines


def test_real_ocr_a_sheet_of_one_word_bound_upside_down_reads_its_number_turned_over(engine):
    """A separator sheet ("材料8") bound upside down: too little text to tell which way is up
    as it lies; read turned over, its "— 17 —" gives 17 and says that way is up."""
    doc = pymupdf.open()
    degraded_page(doc, title="材料8", footer="— 17 —", body=0, turn=180, skew=0.5)
    over = scan_turned_over(1, render_page(doc, 1, 200, 60_000_000), engine, 595)
    assert (over.rotation, over.printed_number) == (180, 17)
    assert over.orientation_confidence is not None and over.orientation_confidence > 0.5
