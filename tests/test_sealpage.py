"""A page's seal check tells a black-and-white scan stored as a colour image from a colour
scan (pipeline/sealpage.py): on the first, a seal is found by its ring's shape only, and a
part found without one is for a person to look at, not an error; seals found on the page as
scanned lie where the deskewed page shows them."""

from __future__ import annotations

import math

import cv2
import numpy as np
import pytest

from factory.seals import SealLook
from pipeline.ocr.base import OcrEngine
from pipeline.sealpage import deskewed_seals, page_seals
from pipeline.seals import carries_colour, find_seals
from pipeline.sealtext import read_seal
from seal_pages import APPLICANT, prose_sheet, scan
from test_reader import FakeEngineThatMustNotBeCalled


def test_a_black_and_white_scan_stored_in_colour_is_a_grey_page_with_fake_engine():
    page = scan(prose_sheet(lines=6), colour=False, dpi=150, seed=4)
    assert page.image.ndim == 3 and not carries_colour(page.image)
    seals = page_seals(9, page.image, 72 / 150, [], FakeEngineThatMustNotBeCalled())
    assert seals.grey and seals.seals == []


def test_a_colour_scan_of_black_print_without_a_seal_is_a_colour_page_with_fake_engine():
    page = scan(prose_sheet(lines=6), colour=True, dpi=150, seed=4)
    assert carries_colour(page.image)
    assert not page_seals(9, page.image, 72 / 150, [], FakeEngineThatMustNotBeCalled()).grey
    grey = cv2.cvtColor(cv2.cvtColor(page.image, cv2.COLOR_BGR2GRAY), cv2.COLOR_GRAY2BGR)
    assert page_seals(9, grey, 72 / 150, [], FakeEngineThatMustNotBeCalled()).grey


@pytest.mark.parametrize("shape, skew", [("oval", 1.3), ("oval", -0.9), ("round", -1.4)])
def test_seals_found_on_the_skewed_scan_lie_where_the_deskewed_page_shows_them_with_fake_engine(shape, skew):
    """The seal check looks for seals on the page as scanned, then deskews it: each seal is
    turned with the page (centre, axis, box), onto the seal the deskewed image shows."""
    look = SealLook(text=APPLICANT, shape=shape, centre="财务专用章" if shape == "oval" else "", rotation=8, texture_seed=2)
    page = scan(prose_sheet(), colour=True, dpi=150, seals=[(420, 260, 56, look)], skew=skew, seed=2)
    image, [seal] = deskewed_seals(page.image, find_seals(page.image), -skew)
    [there] = find_seals(image)
    assert math.hypot(seal.cx - there.cx, seal.cy - there.cy) < 3
    assert abs(seal.a - there.a) < 3 and abs(seal.b - there.b) < 3
    if shape == "oval":
        assert abs((seal.angle - there.angle + 90) % 180 - 90) < 2
    assert all(abs(u - v) <= 4 for u, v in zip(seal.box, there.box))


class RecordingFakeEngineThatReadsNothing(OcrEngine):
    """Keeps every crop it is asked to read and reads nothing in them."""

    name = "recording"

    def __init__(self) -> None:
        self.crops: list[np.ndarray] = []

    def recognise(self, image, region=None):
        return []

    def recognise_crops(self, crops):
        self.crops += crops
        return [("", 0.0)] * len(crops)


def test_a_ring_is_unrolled_from_the_page_as_scanned_not_the_deskewed_page_with_recording_fake_engine():
    """Turning a skewed page back resamples a ring's strokes once more; the ring is read from
    the pixels as scanned (pipeline/sealpage.py), where the seal was found."""
    look = SealLook(text=APPLICANT, rotation=8, texture_seed=2)
    page = scan(prose_sheet(), colour=True, dpi=150, seals=[(420, 260, 56, look)], skew=1.3, seed=2)
    seen = RecordingFakeEngineThatReadsNothing()
    page_seals(4, page.image, 72 / 150, [], seen, skew_deg=-1.3)
    [seal] = find_seals(page.image)
    as_scanned = RecordingFakeEngineThatReadsNothing()
    read_seal(page.image, seal, as_scanned)
    assert as_scanned.crops and np.array_equal(seen.crops[0], as_scanned.crops[0])
