"""Seal detection on scanned pages the factory draws: red, faded and orange seals, grey ones
on black-and-white scans (faint ones too, stamped over print and a handwritten signature),
ovals, seals over print, two on one page, a riding seal cut by the page's edge, an
electronic seal; and pages with red print, grids, photos-like blocks or a signed text but
no seal, where nothing may be found."""

from __future__ import annotations

import random

import numpy as np
import pytest

from factory.seals import SealLook, box as seal_box
from factory.signature import SignatureLook
from pipeline.seals import find_seals
from seal_pages import APPLICANT, ScannedPage, prose_sheet, scan


def overlaps(box_pt, found, k: float) -> bool:
    x0, y0, x1, y1 = (v * k for v in found.box)
    w = min(x1, box_pt[2]) - max(x0, box_pt[0])
    h = min(y1, box_pt[3]) - max(y0, box_pt[1])
    return w > 0 and h > 0 and w * h >= 0.5 * (box_pt[2] - box_pt[0]) * (box_pt[3] - box_pt[1])


@pytest.mark.parametrize("colour", [True, False])
def test_a_seal_stamped_over_print_is_found_with_its_outline(colour):
    look = SealLook(text=APPLICANT, rotation=12, strength=0.9, texture_seed=3)
    page = scan(prose_sheet(), colour=colour, seals=[(330, 230, 52, look)])
    found = find_seals(page.image)
    assert len(found) == 1
    [seal] = found
    assert seal.shape == "round" and seal.colour == ("red" if colour else "grey") and not seal.edge
    assert overlaps(page.seals[0], seal, page.points_per_pixel)
    assert seal.confidence >= 0.8


@pytest.mark.parametrize("look", [
    SealLook(text=APPLICANT, strength=0.45, rotation=-30, texture_seed=8),  # faded, turned
    SealLook(text=APPLICANT, ink=(0.9, 0.32, 0.12), strength=0.7, texture_seed=9),  # an orange-red pad
    SealLook(text="深圳市华信职业技能培训学校", shape="oval", centre="财务专用章", texture_seed=4),
    SealLook(text=APPLICANT, centre="合同专用章", code="4403051234567", texture_seed=2),
    SealLook(text=APPLICANT, electronic=True, ink=(0.93, 0.05, 0.05), strength=1.0),
], ids=["faded", "orange", "oval", "centre-and-code", "electronic"])
def test_seals_as_they_come_are_found(look):
    page = scan(prose_sheet(), colour=True, seals=[(300, 260, 52, look)], seed=5)
    [seal] = find_seals(page.image)
    assert seal.shape == ("oval" if look.shape == "oval" else "round")
    assert overlaps(page.seals[0], seal, page.points_per_pixel)


def test_a_faded_seal_on_a_grey_scan_is_found():
    look = SealLook(text=APPLICANT, strength=0.5, rotation=20, texture_seed=6)
    page = scan(prose_sheet(), colour=False, seals=[(280, 300, 50, look)], seed=9)
    [seal] = find_seals(page.image)
    assert seal.colour == "grey" and overlaps(page.seals[0], seal, page.points_per_pixel)


def test_two_seals_on_a_licence_copy_are_two():
    registrar = SealLook(text="深圳市市场监督管理局南山区", rotation=-5, texture_seed=1)
    applicant = SealLook(text=APPLICANT, rotation=15, texture_seed=2)
    page = scan(prose_sheet(lines=20), colour=True, seals=[(420, 520, 44, registrar), (180, 620, 48, applicant)])
    found = find_seals(page.image)
    assert len(found) == 2
    assert all(any(overlaps(box, s, page.points_per_pixel) for s in found) for box in page.seals)


def test_a_riding_seal_cut_by_the_page_edge_is_found_as_cut():
    look = SealLook(text=APPLICANT, texture_seed=4)
    page = scan(prose_sheet(), colour=True, seals=[(595 - 8, 420, 52, look)], skew=0.0)
    [seal] = find_seals(page.image)
    assert seal.edge and seal.shape == "round"
    k = page.points_per_pixel
    assert abs(seal.cy * k - 420) < 10 and abs(seal.a * k - 52) < 8


def test_a_riding_seal_on_a_photographed_sheet_ends_at_the_sheets_edge_not_the_photos():
    """A phone photo shows the sheet on a darker table: the riding seal's half ring stops at
    the sheet's edge, inside the image; it is found as cut there, as on a scan."""
    import cv2

    look = SealLook(text=APPLICANT, texture_seed=4)
    page = scan(prose_sheet(), colour=True, seals=[(595 - 8, 420, 52, look)], skew=0.0)
    border = 90
    photo = cv2.copyMakeBorder(page.image, border, border, border, border, cv2.BORDER_CONSTANT, value=(40, 95, 105))
    [seal] = find_seals(photo)
    assert seal.edge and seal.shape == "round"
    k = page.points_per_pixel
    assert abs((seal.cy - border) * k - 420) < 10 and abs(seal.a * k - 52) < 8


def test_pages_without_seals_show_none():
    sheet = prose_sheet(lines=18)
    sheet.text(180, 100, "荣 誉 证 书", 30, bold=True, color=(0.7, 0.1, 0.1))  # red print
    sheet.text(200, 560, "仅供申报认定使用", 13, color=(0.86, 0.1, 0.1))
    for k in range(8):  # a ruled table
        sheet.line(72, 600 + 18 * k, 523, 600 + 18 * k)
    for x in (72, 180, 300, 420, 523):
        sheet.line(x, 600, x, 726)
    sheet.rect(380, 300, 460, 400, 0.5, fill=(0.6, 0.6, 0.6))  # an ID card's photo block
    sheet.rect(90, 420, 180, 500, 2.2, color=(0.55, 0.35, 0.1))  # a licence's brown frame
    for colour in (True, False):
        assert find_seals(scan(sheet, colour=colour).image) == []


@pytest.mark.parametrize("named", [True, False])
def test_an_empty_printed_box_is_no_name_seal_on_a_drawn_mask(named):
    """A licence prints an empty square where its QR code goes: a frame as even as a name
    seal's, with no name inside (the wild corpus's licences gave four false name seals)."""
    import cv2
    import numpy as np

    from pipeline.seals import _square

    mask = np.zeros((200, 200), np.uint8)
    cv2.rectangle(mask, (50, 50), (150, 150), 255, 3)
    if named:  # 王建 / 国印 in the frame
        for x, y in ((70, 70), (110, 70), (70, 110), (110, 110)):
            cv2.line(mask, (x, y + 10), (x + 25, y + 10), 255, 3)
            cv2.line(mask, (x + 12, y), (x + 12, y + 28), 255, 3)
            cv2.line(mask, (x, y + 25), (x + 25, y + 25), 255, 3)
    found = _square(mask, 100.0, 100.0, 100.0, 100.0, 0.0, "grey")
    assert (found is not None) is named


def test_seals_are_looked_for_on_the_page_shrunk_to_the_work_width(monkeypatch):
    """What keeps the seal finder cheap at any scan resolution (its time per page is measured
    by bench/accuracy.py, never here): its masks are the page shrunk to one width."""
    from pipeline import seals

    widths: list[int] = []
    look = seals._seals_in
    monkeypatch.setattr(seals, "_seals_in", lambda mask, colour: widths.append(mask.shape[1]) or look(mask, colour))
    page = scan(prose_sheet(), colour=True, seals=[(330, 230, 52, SealLook(text=APPLICANT, texture_seed=3))], dpi=200)
    assert len(find_seals(page.image)) == 1
    assert widths and set(widths) == {seals.SEAL.work_width_px} and page.image.shape[1] > seals.SEAL.work_width_px


def handwriting(seed: int, area: tuple[float, float, float, float]) -> SignatureLook:
    """A pen signature of 王建国 across `area` (the factory's, never a name seal)."""
    rng = random.Random(seed)
    while (look := SignatureLook.random(rng, "王建国", area)).kind != "handwriting":
        pass
    return look


def faint_seal_over_a_signed_line(strength: float, seed: int) -> ScannedPage:
    """The end of a 承诺书 scanned in black and white at 150 dpi: the unit's line, the
    representative's printed name and a handwritten signature, and the unit's faint seal
    stamped over all three (its rim runs into the print and the pen's strokes)."""
    sheet = prose_sheet(lines=8)
    y = 430.0
    sheet.text(250, y, "承诺单位（盖章）：" + APPLICANT, 12)
    label = sheet.text(250, y + 28, "法定代表人（签字）：", 12)
    sheet.text(300, y + 56, "2023年6月13日", 12)
    area = (label.x1 + 6, y + 28 - 20, label.x1 + 100, y + 28 + 12)
    sheet.ops.append(("signature", *area, "王建国", handwriting(seed, area)))
    look = SealLook(text=APPLICANT, centre="合同专用章", strength=strength, rotation=-8, texture_seed=seed)
    return scan(sheet, colour=False, dpi=150, seed=seed, seals=[(label.x1 + 20, y + 16, 54, look)])


@pytest.mark.parametrize("strength, seed", [(0.4, 5), (0.45, 13), (0.45, 30), (0.5, 5)])
def test_a_faint_grey_seal_under_a_signature_and_print_is_found(strength, seed):
    page = faint_seal_over_a_signed_line(strength, seed)
    [box] = page.seals
    found = find_seals(page.image)
    assert len(found) == 1
    assert found[0].colour == "grey" and found[0].shape == "round" and not found[0].edge
    assert overlaps(box, found[0], page.points_per_pixel)


@pytest.mark.parametrize("seed", [3, 4])
def test_a_signed_text_page_without_a_seal_on_a_grey_scan_shows_none(seed):
    sheet = prose_sheet(lines=24, top=90)
    label = sheet.text(250, 660, "法定代表人（签字）：", 12)
    area = (label.x1 + 6, 660 - 20, label.x1 + 100, 672)
    sheet.ops.append(("signature", *area, "王建国", handwriting(seed, area)))
    assert find_seals(scan(sheet, colour=False, dpi=150, seed=seed).image) == []


@pytest.mark.parametrize("strength, seed", [(0.5, 0), (0.8, 0), (0.5, 7), (0.8, 7)])
def test_a_grey_oval_seal_over_print_is_found_on_the_skewed_scan(strength, seed):
    """An oval seal (发票专用章) turned grey on a black-and-white scan, over print, on the page
    as scanned, 1.2° askew (the seal check looks before it deskews). Its rim runs into the
    print, so no traced outline fits it; it is found from the centre its edges point at."""
    look = SealLook(text=APPLICANT, shape="oval", centre="发票专用章", strength=strength, rotation=-9, texture_seed=seed)
    page = scan(prose_sheet(), colour=False, dpi=150, seals=[(400, 200, 56, look)], seed=seed, skew=1.2)
    found = find_seals(page.image)
    assert [(s.shape, s.colour) for s in found] == [("oval", "grey")]
    assert overlaps(page.seals[0], found[0], page.points_per_pixel)


@pytest.mark.parametrize("strength, seed, rule", [(0.42, 1, True), (0.42, 3, False), (0.42, 3, True), (0.5, 2, True)])
def test_a_faint_grey_oval_seal_is_found_between_its_two_ends_centres(strength, seed, rule):
    """A faint oval seal (财务专用章) on a black-and-white scan, over print (and a table's rule
    across it): its edges point at the centres of its two ends' curves, not at its own centre,
    and its outline is too broken to trace; it is found midway between the two."""
    sheet = prose_sheet(lines=14)
    if rule:
        for y in (396.0, 400.0):
            sheet.line(60, y, 535, y)
    look = SealLook(text="深圳市华信职业技能培训学校", shape="oval", centre="财务专用章", strength=strength, rotation=-4,
                    texture_seed=seed)
    page = scan(sheet, colour=False, dpi=150, seals=[(300, 400, 60, look)], seed=seed, skew=0.0)
    found = find_seals(page.image)
    assert [(s.shape, s.colour, s.edge) for s in found] == [("oval", "grey", False)]
    assert overlaps(page.seals[0], found[0], page.points_per_pixel)


@pytest.mark.parametrize("colour, texture, inset", [(True, 2, 6), (True, 3, 6), (False, 1, 16), (False, 5, 6)])
def test_an_oval_riding_seal_cut_by_the_page_edge_is_found_as_cut(colour, texture, inset):
    """An oval seal stamped across the page's edge (骑缝章): only the part on this page shows,
    its outline a half ellipse that ends at the edge."""
    look = SealLook(text=APPLICANT, shape="oval", centre="财务专用章", texture_seed=texture)
    page = scan(prose_sheet(), colour=colour, seals=[(595 - inset, 420, 56, look)], skew=0.0)
    [seal] = find_seals(page.image)
    x0, y0, x1, y1 = page.seals[0]
    assert seal.edge and overlaps((x0, y0, min(x1, 595), y1), seal, page.points_per_pixel)  # the part on the page
    assert abs(seal.cy * page.points_per_pixel - 420) < 12


@pytest.mark.parametrize("colour, texture, outset", [(True, 4, -6), (True, 4, 12), (False, 2, 0), (True, 1, 6)])
def test_an_oval_riding_seal_cut_near_its_middle_is_found_as_cut(colour, texture, outset):
    """An oval seal stamped with its middle on the page's edge or past it (an electronic seal
    placed half off a born-digital page, a 骑缝章 stamped off-centre): only one end shows,
    an arc a free ellipse fits as a smaller circle; an oval of a seal's proportions fits it."""
    look = SealLook(text=APPLICANT, shape="oval", centre="财务专用章", texture_seed=texture)
    page = scan(prose_sheet(), colour=colour, seals=[(595 + outset, 420, 56, look)], skew=0.0, seed=texture)
    [seal] = find_seals(page.image)
    x0, y0, x1, y1 = page.seals[0]
    assert seal.edge and overlaps((x0, y0, min(x1, 595), y1), seal, page.points_per_pixel)


def test_a_stroke_reaching_the_image_edge_is_no_rule_unless_it_is_as_long_as_one_on_a_drawn_mask():
    """Beyond the image is paper, not ink: the flat top of a riding seal's rim that runs into
    the page's edge is kept, a long rule there is taken out."""
    from pipeline.seals import SEAL, _rules

    mask = np.zeros((400, 640), np.uint8)
    length = round(SEAL.rule_length * 640)
    mask[100:104, 640 - length // 2 - 10:] = 255  # longer than half a rule, shorter than one
    mask[300:303, 640 - length - 20:] = 255  # a rule
    rules = _rules(mask)
    assert not rules[100:104].any()
    assert rules[300:303, 640 - length:].all()


@pytest.mark.parametrize("strength, seed", [(0.42, 5), (0.46, 5), (0.46, 2)])
def test_a_faint_grey_oval_seal_over_a_signed_letters_end_is_found(strength, seed):
    """A faint oval seal (发票专用章) on a black-and-white scan of a 承诺书's end, over the
    盖章 line, the signature label and the date: its flat ends and sides vote for no one
    point; the page squashed along the oval's major axis shows it as a circle, whose centre
    its edges vote for."""
    sheet = prose_sheet(lines=16, top=200)
    y = 560.0
    sheet.text(60, y, "承诺单位（盖章）：", 12)
    label = sheet.text(60, y + 26, "法定代表人（签字）：叶明桂", 12)
    sheet.text(120, y + 52, "2023年6月15日", 12)
    area = (label.x1 + 14, y + 4, label.x1 + 110, y + 36)
    sheet.ops.append(("signature", *area, "叶明桂", SignatureLook.random(random.Random(seed), "叶明桂", area)))
    look = SealLook(text="深圳市百川物流有限公司", shape="oval", centre="发票专用章", strength=strength, rotation=5,
                    texture_seed=seed)
    page = scan(sheet, colour=False, dpi=200, seals=[(150, y + 5, 52, look)], seed=seed, skew=0.0)
    found = find_seals(page.image)
    assert [(s.shape, s.colour) for s in found] == [("oval", "grey")]
    assert overlaps(page.seals[0], found[0], page.points_per_pixel)


@pytest.mark.parametrize("ratio, is_seal", [(0.5, False), (0.7, True), (1.0, True)])
def test_a_grey_ring_flatter_than_any_seal_is_none_on_a_drawn_mask(ratio, is_seal):
    """Without red to tell them apart, a signature's loop as flat as a word is no oval seal:
    a grey outline flatter than every seal's proportions is dropped, a seal's is kept."""
    import cv2

    from pipeline.seals import _seals_in

    mask = np.zeros((900, 640), np.uint8)
    cv2.ellipse(mask, (320, 450), (70, round(70 * ratio)), 0, 0, 360, 255, 4)
    assert bool(_seals_in(mask, "grey")) is is_seal
    assert _seals_in(mask, "red")  # red ink is a seal's whatever its shape


def rim_arc(page, degrees: tuple[float, float]) -> np.ndarray:
    """The pixels of the seal's rim and the ring text inside it over an arc (degrees clockwise
    from the right, on the screen)."""
    x0, y0, x1, y1 = (v / page.points_per_pixel for v in page.seals[0])
    cx, cy, r = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 2
    h, w = page.image.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w]
    angle = np.degrees(np.arctan2(yy - cy, xx - cx)) % 360
    arc = (np.hypot(xx - cx, yy - cy) > 0.6 * r) & (np.hypot(xx - cx, yy - cy) < 1.15 * r)
    return arc & (angle >= degrees[0]) & (angle <= degrees[1])


def dry_arc(page, degrees: tuple[float, float]) -> None:
    """Paint out the seal's rim over an arc, as a dry patch of the pad leaves it: paper where
    the ink should be."""
    page.image[rim_arc(page, degrees)] = np.median(page.image.reshape(-1, 3), axis=0)


@pytest.mark.parametrize("seed", [5, 11])
def test_a_faded_red_seal_whose_pad_left_one_dry_arc_is_found(seed):
    page = scan(prose_sheet(), colour=True, seals=[(300, 260, 52, SealLook(text=APPLICANT, strength=0.5,
                                                                           rotation=10, texture_seed=seed))], seed=seed)
    dry_arc(page, (285, 340))  # 55 degrees of the upper right, where the name's last characters are
    [seal] = find_seals(page.image)
    assert seal.colour == "red" and not seal.edge and overlaps(page.seals[0], seal, page.points_per_pixel)



def pale_arc(page, degrees: tuple[float, float], left: float) -> None:
    """Fade the seal's rim over an arc to `left` of its ink, as a pad running dry along part
    of the round leaves it: pink, not red."""
    arc = rim_arc(page, degrees)
    paper = np.median(page.image.reshape(-1, 3), axis=0)
    page.image[arc] = (paper + left * (page.image[arc].astype(float) - paper)).astype(np.uint8)


@pytest.mark.parametrize("seed", [5, 17])
def test_a_red_oval_whose_pad_ran_dry_along_a_third_of_its_round_is_found(seed):
    """A third of the rim faded to pink, 40% of its ink left (too pale for red ink alone,
    whose rim is then one long arc)."""
    look = SealLook(text=APPLICANT, shape="oval", centre="发票专用章", strength=0.6, rotation=18, texture_seed=seed)
    page = scan(prose_sheet(), colour=True, seals=[(300, 260, 56, look)], seed=seed)
    pale_arc(page, (290, 360), 0.4)
    pale_arc(page, (0, 60), 0.4)
    [seal] = find_seals(page.image)
    assert seal.colour == "red" and seal.shape == "oval" and overlaps(page.seals[0], seal, page.points_per_pixel)


@pytest.mark.parametrize("seed, size, gap, dy", [(5, 13, 4, 0), (13, 13, 4, 5), (5, 14, 5, 2)])
def test_a_red_oval_with_red_writing_run_into_its_rim_is_found(seed, size, gap, dy):
    """A copy's red 与原件核对无误 written up to the seal stamped after it: the writing and the
    rim are one red shape, longer than any seal, and the writing's strokes, as long as a
    table's rule, cut the rim where they run into it (so the oval is no hole in the shape);
    its rim is still the oval along the shape's edge."""
    look = SealLook(text=APPLICANT, shape="oval", centre="财务专用章", rotation=15, texture_seed=seed)
    sheet = prose_sheet(lines=6)
    x0, _, _, _ = seal_box(330, 420, 48, look)
    sheet.text(x0 - 7 * size + gap, 420 + size / 3 + dy, "与原件核对无误", size, color=(0.85, 0.1, 0.1))
    page = scan(sheet, colour=True, seals=[(330, 420, 48, look)], seed=seed)
    [seal] = find_seals(page.image)
    assert seal.colour == "red" and seal.shape == "oval" and overlaps(page.seals[0], seal, page.points_per_pixel)
