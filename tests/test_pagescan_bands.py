"""Ink finding with cheap image operations: masks, rules, lines, chunks, skew."""

import cv2
import numpy as np
import pytest

from pipeline.bands import estimate_skew, find_lines, ink_mask, remove_rules, split_at_gutter, split_touching_lines
from kernel.models import OcrLine
from pipeline.pagescan import scan_text_lines


def page(width=800, height=1100):
    return np.full((height, width), 235, np.uint8)


def write(image, text, x, y, scale=0.8):
    cv2.putText(image, text, (x, y), cv2.FONT_HERSHEY_SIMPLEX, scale, 30, 2)


def test_ink_without_rules_keeps_text_inside_a_shadow_and_drops_noise_and_borders():
    image = page()
    write(image, "12", 380, 1060)
    image[:, :60] = 40  # dark scan border touching the edge
    image[1000:, :] = (image[1000:, :] * np.linspace(1.0, 0.55, 100)[:, None]).astype(np.uint8)  # shadowed bottom
    noise = np.random.default_rng(0).normal(0, 6, image.shape)
    ink = remove_rules(ink_mask(np.clip(image + noise, 0, 255).astype(np.uint8)))
    assert ink[1030:1070, 370:420].sum() > 50  # the number, though in the shadow
    assert ink[:, :60].sum() == 0 and ink[:1000, 60:].sum() == 0  # no border, no noise


def test_lines_split_into_chunks_at_wide_gaps_only():
    image = page()
    write(image, "Tel 0755-123", 60, 1050)
    write(image, "- 5 -", 370, 1050)
    ink = ink_mask(image)
    (line,) = find_lines(ink, 1000)
    assert len(line.chunks) == 2
    assert line.chunks[1][0] > 350 and line.chunks[1][1] < 470


def test_a_glyph_whose_thin_stroke_vanished_is_one_line_not_two_specks():
    ink = np.zeros((100, 200), bool)
    ink[50:54, 90:97] = True  # the bowl of a faint "2" ...
    ink[56:59, 88:97] = True  # ... and its foot; the diagonal between them lost (2 empty rows)
    ink[20:32, 10:150] = True  # a text line above, far enough away to stay apart
    lines = find_lines(ink)
    assert [(line.y0, line.y1) for line in lines] == [(20, 32), (50, 59)]


def two_column_page(gutter: int) -> np.ndarray:
    ink = np.zeros((300, 600), bool)
    ink[10:24, 240:360] = True  # a heading across the gutter
    ink[70:80, 30:290] = True  # left column: a title wrapped over two lines ...
    ink[82:92, 30:120] = True
    ink[76:86, 290 + gutter:570] = True  # ... beside right-column rows placed between them
    ink[88:98, 290 + gutter:570] = True
    for y in (110, 130, 150, 170, 190):  # then rows that line up
        ink[y:y + 10, 30:290] = True
        ink[y:y + 10, 290 + gutter:570] = True
    return ink


def test_two_columns_are_cut_into_each_columns_lines():
    ink = two_column_page(gutter=12)
    lines = find_lines(ink)
    assert [(line.y0, line.y1) for line in lines][1] == (70, 98)  # the columns' rows run into one ink line
    assert all(len(line.chunks) == 1 for line in lines)  # and a narrow gutter joins the two entries of a row
    cut = split_at_gutter(ink, lines, min_gutter=0.8)
    side = {(240, 360): "heading", (30, 290): "left", (30, 120): "left", (302, 570): "right"}
    assert [(line.y0, line.y1, side[line.x0, line.x1]) for line in cut] == [
        (10, 24, "heading"), (70, 80, "left"), (76, 86, "right"), (82, 92, "left"), (88, 98, "right"),
        *[(y, y + 10, column) for y in (110, 130, 150, 170, 190) for column in ("left", "right")]]


def test_a_title_overhanging_into_the_gutter_is_cut_at_it_with_the_columns():
    """The left column's first entry wraps, its first line reaching into the gutter beside the
    right column's first row: kept whole, that row read both entries as one crop."""
    ink = np.zeros((300, 600), bool)
    ink[10:24, 150:280] = True  # the heading, over the left column
    for y in (70, 82, 94, 106, 118, 130):  # rows that line up, 25 px of gutter between the columns
        ink[y:y + 10, 30:290] = True
        ink[y:y + 10, 315:570] = True
    ink[70:80, 290:305] = True  # the first title's first line runs on to 10 px short of the right column
    lines = find_lines(ink)
    assert lines[1].chunks == ((30, 570),)  # one chunk: read as one crop
    cut = split_at_gutter(ink, lines, min_gutter=0.8)
    assert not any(line.x0 < 290 and line.x1 > 315 for line in cut if line.y0 >= 70)  # no row spans both columns
    assert sum(1 for line in cut if line.x0 >= 315) == 6  # the right column's rows, each its own


def test_a_columns_line_of_digits_keeps_the_pages_chunk_gap():
    """"5 – 6" whose dash the mask lost: a low line of digits, cut as the page's text lines are."""
    ink = two_column_page(gutter=12)
    ink[210:217, 400:410] = True  # "5"
    ink[210:217, 422:432] = True  # "6", 12 px on: more than 1.5 × its own height, less than the page's
    assert len(find_lines(ink[200:230])[0].chunks) == 2
    cut = split_at_gutter(ink, find_lines(ink), min_gutter=0.8)
    (digits,) = [line for line in cut if line.y0 == 210]
    assert digits.chunks == ((400, 432),)


def test_a_single_column_keeps_its_lines():
    ink = two_column_page(gutter=12)
    for y in (110, 130, 150, 170, 190):  # lines across the middle: no gutter
        ink[y:y + 10, 30:570] = True
    lines = find_lines(ink)
    assert split_at_gutter(ink, lines, min_gutter=0.8) == lines


def test_a_gutter_narrower_than_the_threshold_is_no_gutter():
    ink = two_column_page(gutter=5)
    lines = find_lines(ink)
    assert split_at_gutter(ink, lines, min_gutter=0.8) == lines


def test_rules_of_a_table_are_removed_and_its_rows_become_lines():
    image = page()
    for y in (100, 140, 180):
        cv2.line(image, (50, y), (750, y), 0, 2)
    for x in (50, 400, 750):
        cv2.line(image, (x, 100), (x, 180), 0, 2)
    write(image, "row one", 80, 130)
    write(image, "row two", 80, 170)
    ink = remove_rules(ink_mask(image))
    lines = find_lines(ink)
    assert len(lines) == 2 and all(line.height < 30 for line in lines)


@pytest.mark.parametrize("angle", [-1.3, 0.0, 0.8])
def test_skew_is_measured_from_text_lines(angle):
    image = page()
    for y in range(150, 1000, 40):
        write(image, "The quick brown fox jumps over", 60, y)
    matrix = cv2.getRotationMatrix2D((400, 550), -angle, 1.0)  # positive angle: clockwise
    turned = cv2.warpAffine(image, matrix, (800, 1100), borderValue=235)
    assert estimate_skew(ink_mask(turned)) == pytest.approx(angle, abs=0.2)


def test_text_layer_page_number_and_headings_without_ocr():
    lines = [
        OcrLine(text="附件3：营业执照", box=(200, 90, 380, 110), confidence=1.0),
        OcrLine(text="正文第一行", box=(72, 140, 500, 152), confidence=1.0),
        OcrLine(text="联系电话：0755-26661234", box=(72, 795, 200, 806), confidence=1.0),
        OcrLine(text="第 7 页 共 40 页", box=(260, 795, 340, 806), confidence=1.0),
    ]
    scan = scan_text_lines(4, lines, 595, 842)
    assert (scan.printed_number, scan.number_text) == (7, "第 7 页 共 40 页")
    assert [line.text for line in scan.heading_lines] == ["附件3：营业执照", "正文第一行"]


def test_deskewing_a_phone_photo_keeps_the_sheet_where_it_is():
    # A sheet on a dark table, turned 2°: the corners turned in must not become "paper", or
    # the bands where page numbers sit would be measured from the image's edges.
    from pipeline.pagescan import SCAN, _sheet_rows, deskew

    photo = np.full((1200, 850), 60, np.uint8)
    photo[120:1080, 110:740] = 235
    turned = cv2.warpAffine(photo, cv2.getRotationMatrix2D((425, 600), 2.0, 1.0), (850, 1200), borderValue=60)
    top, bottom = _sheet_rows(deskew(turned, -2.0), SCAN.grid(72 / 200))  # a 200-dpi image
    assert abs(top - 60) <= 12 and abs(bottom - 540) <= 12  # layout rows: half the image's


def glyph_row(ink, y, x0, x1, height=10):
    """Character-like ink: each 10-px cell holds a box with a bar across its middle."""
    for x in range(x0, x1, 12):
        ink[y:y + height, x:x + 2] = ink[y:y + height, x + 8:x + 10] = True
        ink[y, x:x + 10] = ink[y + height // 2, x:x + 10] = ink[y + height - 1, x:x + 10] = True


def touching_page(between):
    """Five rows of a 目录; the first title wraps onto a line `between` rows below it."""
    ink = np.zeros((200, 400), bool)
    glyph_row(ink, 20, 30, 300)
    glyph_row(ink, 30 + between, 30, 100)  # 表……, set tight under it
    ink[30 + between + 4:30 + between + 6, 260:300] = True  # the range 1—3 at the row's end
    for y in (60, 80, 100, 120):
        glyph_row(ink, y, 30, 300)
    return ink


@pytest.mark.parametrize("specks", [False, True])
def test_a_wrapped_title_set_tight_under_its_first_line_is_two_rows(specks):
    """One blank row between the lines, or one with a few specks of a glyph's tail: the row
    profile joins them into one tall line."""
    between = 1
    ink = touching_page(between)
    if specks:
        ink[30, 50:100:25] = True  # under the wrapped line's own characters
    lines = find_lines(ink)
    assert (lines[0].y0, lines[0].y1) == (20, 40 + between)  # one line: read as one crop
    split = split_touching_lines(ink, lines, tall=1.6, valley=0.05)
    starts = 30 if specks else 30 + between  # the specks go with the line below the cut
    assert [(line.y0, line.y1) for line in split[:2]] == [(20, 30), (starts, 40 + between)]
    assert split[1].chunks == ((30, 100), (260, 300))  # the wrapped line keeps its number apart
    assert split[2:] == lines[1:]


def test_a_tall_line_of_characters_is_not_cut():
    """A heading twice as high as the text: its middle rows hold ink all along."""
    ink = touching_page(2)
    ink[0:20] = False
    glyph_row(ink, 150, 30, 300, height=22)
    lines = find_lines(ink)
    assert split_touching_lines(ink, lines, tall=1.6, valley=0.05) == lines


def test_a_line_touching_another_with_ink_in_between_is_not_cut():
    """Rows joined by more than specks (a stroke crossing): not two lines for certain."""
    ink = touching_page(0)
    ink[29:32, 30:300:3] = True  # a third of the row's width inked where the lines meet
    lines = find_lines(ink)
    assert split_touching_lines(ink, lines, tall=1.6, valley=0.05)[0] == lines[0]


def test_a_page_of_few_lines_keeps_them():
    ink = touching_page(0)[:60]
    lines = find_lines(ink)
    assert split_touching_lines(ink, lines, tall=1.6, valley=0.05) == lines
