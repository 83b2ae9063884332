"""A page's seal check tells a black-and-white scan stored as a colour image from a colour
scan (pipeline/sealpage.py): on the first, a seal is found by its ring's shape only, and a
part found without one is for a person to look at, not an error."""

from __future__ import annotations

import cv2

from pipeline.sealpage import page_seals
from pipeline.seals import carries_colour
from seal_pages import prose_sheet, scan
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
