"""Seal-sized red ink on a scanned page (pipeline/red_marks.py): a faint oval seal crossed
by the letter's print is a patch, whatever the seal finder made of it; red print (a
red-headed letter's title and rule) and black print are not. Pages are drawn, a seal
stamped with the factory's seal drawer, then scanned in colour: skewed, noisy, JPEG."""

from __future__ import annotations

import random

import cv2
import numpy as np
import pymupdf
import pytest

from factory.scan import PageScan, ScanSettings, Scanner
from factory.seals import SealLook, draw_seal
from kernel.settings import Settings
from pipeline.reader import PageReader
from pipeline.red_marks import red_patches

LINE = "本单位承诺所提交的全部申报材料真实、准确、完整，如有虚假愿承担相应责任。"
SEAL_CENTRE = (420.0, 640.0)  # points on the upright A4 sheet


def letter(*, seal: SealLook | None = None, red_heading: bool = False) -> pymupdf.Document:
    """A one-page letter: body print, the unit's name and a date printed over the seal's place."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    if red_heading:  # a red-headed letter: a red title and a red rule under it
        page.insert_text((110, 100), "深圳市某某职业技能培训中心文件", fontname="china-s", fontsize=26, color=(0.85, 0.1, 0.1))
        page.draw_line((60, 125), (535, 125), color=(0.85, 0.1, 0.1), width=2.5)
    for i in range(14):
        page.insert_text((72, 170 + 24 * i), LINE[i % 5:][:32], fontname="china-s", fontsize=11)
    if seal:
        draw_seal(page, *SEAL_CENTRE, 58, seal)
    # print over the seal, as a letter's signature block lies under the unit's seal
    page.insert_text((330, 630), "申报单位：深圳市某某模具有限公司", fontname="china-s", fontsize=12)
    page.insert_text((330, 660), "法定代表人（签字）：", fontname="china-s", fontsize=12)
    page.insert_text((360, 690), "2023年6月18日", fontname="china-s", fontsize=12)
    return doc


def scanned(doc: pymupdf.Document, seed: int) -> pymupdf.Document:
    """The letter through a colour desk scanner: 150 dpi, skewed, noisy, JPEG."""
    rng = random.Random(seed)
    scanner = Scanner(ScanSettings(dpi=150, color=True, quality=60, noise_sigma=7, blur=True), rng)
    jpeg = scanner.scan(doc[0], PageScan(skew_deg=1.1, shift=(3, -2), rotation=0, dark_border=False, shadow_edge=None))
    out = pymupdf.open()
    out.new_page(width=595, height=842).insert_image(pymupdf.Rect(0, 0, 595, 842), stream=jpeg)
    return out


def page_image(doc: pymupdf.Document) -> np.ndarray:
    pix = doc[0].get_pixmap(dpi=100)
    return cv2.cvtColor(np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width, pix.n), cv2.COLOR_RGB2BGR)


FAINT_OVAL = SealLook(text="深圳市某某模具有限公司", centre="财务专用章", shape="oval", strength=0.45,
                      ink=(0.9, 0.32, 0.12), rotation=-8, texture_seed=7)


@pytest.mark.parametrize("seed", [1, 2])
def test_a_faint_oval_seal_crossed_by_print_is_one_patch_where_it_lies(seed):
    image = page_image(scanned(letter(seal=FAINT_OVAL), seed))
    scale = image.shape[1] / 595
    [(x0, y0, x1, y1)] = red_patches(image)
    cx, cy = SEAL_CENTRE[0] * scale, SEAL_CENTRE[1] * scale
    assert x0 < cx < x1 and y0 < cy < y1
    assert 60 * scale < x1 - x0 < 150 * scale  # about the seal's own width (40 mm ≈ 116 pt), not the print's


def test_black_print_alone_has_no_patch():
    assert red_patches(page_image(scanned(letter(), 3))) == []


def test_a_red_headed_letters_title_and_rule_are_not_patches():
    assert red_patches(page_image(scanned(letter(red_heading=True), 4))) == []


def test_a_red_heading_beside_a_seal_leaves_the_seal_alone_a_patch():
    image = page_image(scanned(letter(seal=SealLook.plain("深圳市某某模具有限公司"), red_heading=True), 5))
    scale = image.shape[1] / 595
    [(x0, y0, x1, y1)] = red_patches(image)
    assert y0 > 300 * scale  # the seal's, far under the heading


def test_the_reader_gives_patches_in_points_of_the_page(tmp_path):
    path = tmp_path / "letter.pdf"
    scanned(letter(seal=FAINT_OVAL), 6).save(path)
    with PageReader(path, Settings(cache_dir=tmp_path / "cache", ocr_workers=1, ocr_threads=1)) as reader:
        [(x0, y0, x1, y1)] = reader.red_patches(1)
    assert x0 < SEAL_CENTRE[0] < x1 and y0 < SEAL_CENTRE[1] < y1
    assert 60 < x1 - x0 < 150
