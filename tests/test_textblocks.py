"""Where the text detector looks on a page read whole: the stretches of rows that hold marks."""

import cv2
import numpy as np

from pipeline.bands import ink_blocks
from pipeline.textblocks import text_blocks

POINTS_PER_PIXEL = 72 / 200  # a page rendered at 200 dpi


def a4_page() -> np.ndarray:
    """A 200-dpi A4 scan: paper grey with noise and a dark border down its left edge."""
    image = np.full((2339, 1654), 232, np.uint8)
    image[:, :40] = 35
    noise = np.random.default_rng(1).normal(0, 6, image.shape)
    return np.clip(image + noise, 0, 255).astype(np.uint8)


def paragraph(image, top, lines, left=200, gap=48, size=1.2, text="Lorem ipsum dolor sit amet 2023"):
    for i in range(lines):
        cv2.putText(image, text, (left, top + i * gap), cv2.FONT_HERSHEY_SIMPLEX, size, 25, 3)


def test_rows_apart_by_less_than_the_gap_stay_one_block():
    ink = np.zeros((300, 200), bool)
    ink[10:20, 30:80] = ink[25:35, 40:120] = True  # 5 blank rows between: one block
    ink[60:70, 5:50] = True  # 25 blank rows above: a block of its own
    assert ink_blocks(ink, min_gap=20) == [(30, 10, 120, 35), (5, 60, 50, 70)]
    assert ink_blocks(np.zeros((50, 50), bool), min_gap=20) == []


def test_a_letter_with_a_blank_lower_half_is_read_in_its_stretches_of_text():
    image = a4_page()
    paragraph(image, 250, 8)  # the letter's body
    paragraph(image, 1200, 2, left=900)  # signature and date, lower right
    blocks = text_blocks(image, POINTS_PER_PIXEL)
    assert blocks is not None and len(blocks) == 2
    body, signature = blocks
    assert body[1] < 250 - 30 and body[3] > 250 + 7 * 48  # the whole body, with its margin
    assert signature[0] < 900 < signature[2] and signature[1] < 1200 - 30 < 1200 + 48 < signature[3]
    assert body[0] > 40 and signature[3] < 1500  # no scan border, no blank paper below
    covered = sum((x1 - x0) * (y1 - y0) for x0, y0, x1, y1 in blocks)
    assert covered < 0.35 * image.size


def test_a_photo_counts_as_marks_the_detector_must_see():
    image = a4_page()
    paragraph(image, 250, 2)
    texture = np.random.default_rng(2).integers(20, 120, (500, 700)).astype(np.uint8)
    image[900:1400, 400:1100] = cv2.GaussianBlur(texture, (9, 9), 0)  # a venue photo, dark
    cv2.putText(image, "GATE 3", (600, 1150), cv2.FONT_HERSHEY_SIMPLEX, 2.0, 250, 5)  # a sign on it
    blocks = text_blocks(image, POINTS_PER_PIXEL)
    assert blocks is not None
    assert any(x0 <= 400 and y0 <= 900 and x1 >= 1100 and y1 >= 1400 for x0, y0, x1, y1 in blocks)


def test_a_page_of_text_is_read_without_its_margins_and_one_of_edge_to_edge_text_whole():
    page = a4_page()
    paragraph(page, 240, 40, left=200, size=2.3)  # 200 px (72 pt) margins
    (block,) = text_blocks(page, POINTS_PER_PIXEL)
    assert block[0] < 200 and block[1] < 200 and block[2] < 1654 - 150 and block[3] < 2339 - 150
    full = a4_page()
    paragraph(full, 90, 46, left=60, size=2.3, text="Lorem ipsum dolor sit amet 2023 dolor sit amet")
    assert text_blocks(full, POINTS_PER_PIXEL) is None


def test_a_blank_page_has_no_blocks():
    assert text_blocks(a4_page(), POINTS_PER_PIXEL) is None
