"""The text layer read with pdfplumber: lines and positions on the displayed page, invisible
text ignored, born-digital pages told from scans with a stamped number; joining the image's read."""

import cv2
import numpy as np
import pymupdf
import pytest

from kernel.models import OcrLine
from pipeline.textlayer import NO_TEXT, TextLayerReader, merge_lines, turned_box

A4 = (595, 842)


def scanned_image(width=A4[0], height=A4[1], seed=0) -> bytes:
    """A noisy grey JPEG of a page of text, as a scanner makes it (no text layer of its own)."""
    sheet = pymupdf.open()
    page = sheet.new_page(width=width, height=height)
    for i in range(10):
        page.insert_text((72, 160 + 24 * i), "依据有关规定现将本单位基本情况说明如下", fontname="china-s", fontsize=11)
    pix = page.get_pixmap(dpi=100, colorspace=pymupdf.csGRAY)
    image = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width)
    noise = np.random.default_rng(seed).normal(0, 8, image.shape)
    image = np.clip(image * 0.93 + noise, 0, 255).astype(np.uint8)
    return cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 60])[1].tobytes()


def layers(doc: pymupdf.Document, tmp_path) -> list:
    path = tmp_path / "doc.pdf"
    doc.save(path)
    reader = TextLayerReader(path)
    try:
        return [reader.page(i, (page.rect.width, page.rect.height)) for i, page in enumerate(doc, 1)]
    finally:
        reader.close()


def born_digital_page(doc: pymupdf.Document) -> pymupdf.Page:
    page = doc.new_page(width=A4[0], height=A4[1])
    page.insert_text((200, 100), "技能人才培训基地申报表", fontname="china-s", fontsize=16)
    page.insert_text((72, 160), "申报单位", fontname="china-s", fontsize=11)
    page.insert_text((300, 160), "深圳市某某职业培训学校", fontname="china-s", fontsize=11)
    page.insert_text((72, 184), "统一社会信用代码 52440300MJL123456X", fontname="china-s", fontsize=11)
    return page


def box_near(box, expected, tolerance=3.0):
    return all(abs(a - b) <= tolerance for a, b in zip(box, expected))


def test_born_digital_page_reads_as_lines_split_at_cells_and_as_whole_rows_with_positions(tmp_path):
    doc = pymupdf.open()
    born_digital_page(doc)
    (layer,) = layers(doc, tmp_path)
    assert layer.born_digital
    texts = [line.text for line in layer.lines]
    assert texts == ["技能人才培训基地申报表", "申报单位", "深圳市某某职业培训学校", "统一社会信用代码 52440300MJL123456X"]
    title, label, value, code = layer.lines
    assert box_near(title.box, (200, 86, 376, 102))  # baseline 100, 16 pt: top-left origin
    assert label.box[1] == pytest.approx(value.box[1]) and value.box[0] == pytest.approx(300, abs=0.5)
    assert all(line.confidence == 1.0 for line in layer.lines)


def test_invisible_ocr_layer_is_ignored_and_the_page_counts_as_a_scan(tmp_path):
    doc = pymupdf.open()
    page = doc.new_page(width=A4[0], height=A4[1])
    page.insert_image(page.rect, stream=scanned_image())
    page.insert_text((72, 171), "依据有关规定现将本单位基本情况说明如下", fontname="china-s", fontsize=11, render_mode=3)
    beneath = doc.new_page(width=A4[0], height=A4[1])  # a scanner's OCR text drawn first, the scan over it
    beneath.insert_text((72, 171), "依据有关规定现将本单位基本情况说明如下", fontname="china-s", fontsize=11)
    beneath.insert_image(beneath.rect, stream=scanned_image())
    hidden_only = doc.new_page(width=A4[0], height=A4[1])  # no image either: still nothing visible
    hidden_only.insert_text((72, 171), "依据有关规定现将本单位基本情况说明如下", fontname="china-s", fontsize=11, render_mode=3)
    for layer in layers(doc, tmp_path):
        assert layer.lines == [] and not layer.born_digital


@pytest.mark.parametrize(
    ("stamp", "corner"),
    [("- 5 -", "bottom centre"), ("第5页/共32页", "bottom right"), ("5/32", "top right"), ("5", "top left")],
)
def test_number_stamped_on_a_scan_is_read_where_it_sits_and_the_page_stays_a_scan(tmp_path, stamp, corner):
    width = 9 * len(stamp)
    x = {"bottom centre": 297 - width / 2, "bottom right": 520 - width, "top right": 520 - width, "top left": 60}[corner]
    y = 815 if corner.startswith("bottom") else 40
    doc = pymupdf.open()
    page = doc.new_page(width=A4[0], height=A4[1])
    page.insert_image(page.rect, stream=scanned_image())
    page.insert_text((x, y), stamp, fontname="china-s", fontsize=10)
    (layer,) = layers(doc, tmp_path)
    assert not layer.born_digital
    (line,) = layer.lines
    assert line.text.replace(" ", "") == stamp.replace(" ", "")
    assert abs(line.box[0] - x) < 1 and y - 10 < line.box[3] < y + 3


def test_page_stored_sideways_with_rotate_reads_in_displayed_coordinates(tmp_path):
    """A landscape form stored as a portrait page with /Rotate 90: its text reads upright
    on screen, and its boxes are those of the 842 × 595 page as displayed."""
    doc = pymupdf.open()
    page = doc.new_page(width=A4[0], height=A4[1])
    page.set_rotation(90)
    # in unrotated space, text running up the page reads left to right once turned 90° clockwise
    page.insert_text((300, 700), "设备设施清单", fontname="china-s", fontsize=12, rotate=90)
    upside_down = doc.new_page(width=A4[0], height=A4[1])  # text upside down as displayed
    upside_down.insert_text((300, 300), "设备设施清单（倒置）", fontname="china-s", fontsize=12, rotate=180)
    sideways, flipped = layers(doc, tmp_path)
    (line,) = sideways.lines
    assert line.text == "设备设施清单"
    shown = pymupdf.Rect(doc[0].search_for("设备设施清单")[0]) * doc[0].rotation_matrix  # MuPDF's own placement
    assert box_near(line.box, tuple(shown), tolerance=2.5)
    assert line.box[2] <= 842 and line.box[3] <= 595 and line.box[2] - line.box[0] > line.box[3] - line.box[1]
    assert flipped.lines == []  # upside-down and sideways text is left to the image read


def test_cropbox_offset_is_removed(tmp_path):
    doc = pymupdf.open()
    page = born_digital_page(doc)
    page.set_cropbox(pymupdf.Rect(20, 30, 575, 812))
    (layer,) = layers(doc, tmp_path)
    assert box_near(layer.lines[0].box, (180, 56, 356, 72))


def test_text_without_unicode_map_is_not_trusted(tmp_path):
    """Glyphs whose text is unknown ((cid:…): an Identity-encoded font without ToUnicode)
    leave the page to OCR instead of giving it empty or invented text."""
    doc = pymupdf.open()
    page = doc.new_page(width=A4[0], height=A4[1])
    page.insert_text((72, 100), "申报单位基本情况表格内容", fontname="china-s", fontsize=11)
    (font,) = doc.get_page_fonts(0)
    descendant = int(doc.xref_get_key(font[0], "DescendantFonts")[1].strip("[]").split()[0])
    doc.xref_set_key(font[0], "Encoding", "/Identity-H")
    doc.xref_set_key(descendant, "CIDSystemInfo", "<</Registry(Adobe)/Ordering(Identity)/Supplement 0>>")
    (layer,) = layers(doc, tmp_path)
    assert not layer.born_digital and layer.lines == []


def test_a_file_pdfminer_cannot_parse_has_no_text_layer_and_is_read_as_a_scan(tmp_path):
    doc = pymupdf.open()
    born_digital_page(doc)
    path = tmp_path / "doc.pdf"
    doc.save(path)
    broken = tmp_path / "broken.pdf"  # MuPDF repairs a missing cross-reference table; pdfminer may not
    broken.write_bytes(path.read_bytes().replace(b"/Root", b"/Rxxx"))
    reader = TextLayerReader(broken)
    assert reader.page(1, A4) == NO_TEXT
    reader.close()
    reader = TextLayerReader(path)
    assert reader.page(1, (842, 595)) == NO_TEXT  # placed otherwise than MuPDF places it: not trusted
    assert reader.page(1, A4).born_digital
    reader.close()


def test_merge_keeps_the_image_read_and_adds_only_uncovered_text_lines():
    image = [OcrLine(text="营业执照", box=(100, 100, 200, 120), confidence=0.95),
             OcrLine(text="- 3 -", box=(280, 800, 315, 812), confidence=0.9)]
    text = [OcrLine(text="营业执照（副本）", box=(98, 101, 230, 119), confidence=1.0),  # same place: image wins
            OcrLine(text="第7页/共32页", box=(480, 30, 540, 42), confidence=1.0)]  # not in the image read
    merged = merge_lines(image, text)
    assert [line.text for line in merged] == ["第7页/共32页", "营业执照", "- 3 -"]


@pytest.mark.parametrize(
    ("rotation", "expected"),
    [(0, (10, 20, 30, 40)), (90, (20, 565, 40, 585)), (180, (565, 802, 585, 822)), (270, (802, 10, 822, 30))],
)
def test_turned_box_matches_the_image_turned_upright(rotation, expected):
    """Cross-checked with numpy: a marked pixel block turned as pagescan.upright turns images."""
    width, height = A4
    canvas = np.zeros((height, width), np.uint8)
    canvas[20:40, 10:30] = 1
    turned = np.rot90(canvas, k=rotation // 90)
    ys, xs = np.nonzero(turned)
    assert (xs.min(), ys.min(), xs.max() + 1, ys.max() + 1) == expected
    assert turned_box((10, 20, 30, 40), rotation, width, height) == pytest.approx(expected)
