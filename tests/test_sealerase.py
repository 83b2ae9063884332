"""Print under a seal read with the seal's ink taken away (pipeline/sealerase.py): real OCR
(RapidOCR) on scans the factory draws, colour and black-and-white."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

import random
from pathlib import Path

from factory.seals import INKS, SealLook
from factory.signature import SignatureLook
from kernel.models import OcrLine
from kernel.settings import Settings
from kernel.textnorm import nfkc
from pipeline.ocr import make_engine
from pipeline.seals import find_seals
from pipeline.sealerase import _disc, _lighter_than_print, surer_under_seals, without_seals
from seal_pages import APPLICANT, prose_sheet, scan

DATE = "填表日期：2023年6月13日"


@pytest.fixture(scope="module")
def engine():
    return make_engine(Settings())


def _dated_under_a_seal(colour: bool, ink: tuple[float, float, float] = INKS[0], strength: float = 0.9,
                        signed: bool = False):
    """The foot of a form: the unit's line and the date, the seal stamped square on the date
    (in `ink`, at `strength`); `signed`: a pen's signature inside the seal too."""
    sheet = prose_sheet(lines=6)
    sheet.text(300, 430, "单位全称（盖章）：", 12)
    sheet.text(300, 460, DATE, 12)
    if signed:
        area = (440, 400, 500, 430)
        sheet.ops.append(("signature", *area, "王建国", SignatureLook.random(random.Random(4), "王建国", area)))
    return scan(sheet, colour=colour, dpi=200, seed=5,
                seals=[(420, 455, 48, SealLook(text=APPLICANT, rotation=8, texture_seed=2, ink=ink,
                                                                strength=strength))])


def _read(engine, grey) -> str:
    return "".join(nfkc(line.text) for line in engine.recognise(grey)).replace(" ", "")


@pytest.mark.parametrize("colour", [True, False], ids=["colour", "black-and-white"])
def test_the_date_under_a_seal_is_read_once_the_seals_ink_is_taken_away(engine, colour):
    page = _dated_under_a_seal(colour)
    unsealed = without_seals(page.image)
    assert "2023年6月13日" in _read(engine, unsealed)
    (seal,) = [s for s in find_seals(page.image) if s.shape != "square"]
    plain = cv2.cvtColor(page.image, cv2.COLOR_BGR2GRAY)
    outside = np.ones(plain.shape, bool)
    cv2.ellipse(outside.view(np.uint8), (round(seal.cx), round(seal.cy)), (round(seal.a * 1.1), round(seal.b * 1.1)),
                seal.angle, 0, 360, 0, thickness=-1)
    assert np.array_equal(unsealed[outside], plain[outside])  # nothing outside the seal is touched
    x0, y0, x1, y1 = seal.box
    assert (unsealed[y0:y1, x0:x1] < 128).mean() < (plain[y0:y1, x0:x1] < 128).mean()  # the seal's strokes are gone


def test_print_under_a_dull_red_seal_beside_a_pens_signature_is_kept(engine):
    """Under a dull red seal print is dark red: lighter in the red channel than black ink. A
    pen's black signature inside the seal is no measure of what print is there."""
    page = _dated_under_a_seal(colour=True, ink=INKS[4], strength=0.5, signed=True)
    assert "2023年6月13日" in _read(engine, without_seals(page.image))


def test_print_lighter_than_a_pens_ink_is_not_taken_for_the_seals_on_a_drawn_patch():
    """The levels of a wild scan's 承诺书 foot, in the red channel: paper 245, the seal's rim
    195, print under the seal 135 (dark red), a pen's signature 66. The seal's grey is cut
    midway to the print, not to the pen, whose black had thinned the print away."""
    patch = np.full((60, 60), 245, np.uint8)
    rim = np.zeros(patch.shape, bool)
    rim[:, :6] = True
    patch[:, 2:5] = 195
    patch[20:24, 10:50] = 135  # a line of print
    patch[40:43, 10:30] = 66  # the pen
    inside = np.ones(patch.shape, bool)
    ink = _lighter_than_print(patch, rim, inside, 245.0, beside=np.zeros_like(inside))
    assert ink[:, 2:5].all()  # the seal's strokes go
    assert not ink[20:24, 10:50].any() and not ink[40:43, 10:30].any()  # print and pen stay


def _pale_scans_foot(print_level: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A drawn patch: a grey seal's rim (153) round the middle, a line of print (`print_level`)
    running from beside the seal into it, a pen's signature (70) inside it; (patch, rim, inside)."""
    patch = np.full((80, 120), 245, np.uint8)
    inside = np.zeros(patch.shape, bool)
    inside[:, 40:] = True
    rim = np.zeros(patch.shape, bool)
    rim[:, 40:46] = True
    patch[:, 41:44] = 153
    patch[20:24, 5:110] = print_level  # the unit's name, beside the seal and under it
    patch[50:53, 60:90] = 70  # the pen
    return patch, rim, inside


def test_print_as_pale_as_the_seal_beside_it_is_not_taken_for_the_seals_on_a_drawn_patch():
    """A pale scan's 承诺书 foot (wild factory): print beside the seal is as light as the seal's
    rim (both ~150), the pen inside it black. Nothing tells the seal from the print: the seal
    is left as it is rather than cut midway to the pen, which took the date with it."""
    patch, rim, inside = _pale_scans_foot(150)
    assert _lighter_than_print(patch, rim, inside, 245.0, beside=~inside) is None


def test_print_darker_than_the_seal_beside_it_still_lets_the_seal_go_on_a_drawn_patch():
    patch, rim, inside = _pale_scans_foot(60)
    ink = _lighter_than_print(patch, rim, inside, 245.0, beside=~inside)
    assert ink[30:, 41:44].all() and not ink[20:24, 5:110].any()


def test_no_trace_of_a_red_rim_is_left_for_the_detector_to_read():
    """A JPEG keeps colour coarser than brightness: a thin red stroke's red is blurred, and its
    red channel alone stays darker than paper. What is left is taken away too."""
    page = _dated_under_a_seal(colour=True)
    (seal,) = [s for s in find_seals(page.image) if s.shape != "square"]
    unsealed = without_seals(page.image)
    rim = _disc(seal, 1.0, (0, 0), unsealed.shape) & ~_disc(seal, 0.9, (0, 0), unsealed.shape)
    paper = np.percentile(unsealed, 90)
    assert (unsealed[rim] < paper - 35).mean() < 0.05  # only print crossing the rim stays dark


def test_a_page_without_seals_is_only_turned_grey():
    page = scan(prose_sheet(lines=6), colour=True, dpi=150, seed=3)
    assert np.array_equal(without_seals(page.image), cv2.cvtColor(page.image, cv2.COLOR_BGR2GRAY))


def test_print_under_a_faint_seal_on_a_wild_scan_is_kept(engine):
    """A crop of a page the wild factory drew (tests/data: a 承诺书's foot, grey print on
    warm paper, a faint red seal over the unit's name, the signer and the date, a pen's
    signature inside it), pasted on its paper at a page's size. The print crossing the rim
    reads as the rim's strokes in the red channel and the signature sets the print's level
    there, so a cut made in that channel alone took the date away; print keeps its
    brightness, and what is as dark as print there stays."""
    crop = cv2.imread(str(Path(__file__).parent / "data" / "dated_under_a_faint_seal_beside_a_signature.jpg"))
    page = np.empty((2339, 1653, 3), np.uint8)
    page[:] = np.median(crop.reshape(-1, 3), axis=0).astype(np.uint8)
    page[1400:1400 + crop.shape[0], 900:900 + crop.shape[1]] = crop
    [seal] = find_seals(page)
    assert seal.colour == "red"
    read = _read(engine, without_seals(page))
    assert "2023年6月14日" in read and "江健" in read


class ScriptedRecogniser:
    """Stands in for the OCR engine: reads every crop as `text` with `confidence`, and keeps
    the crops it was given."""

    def __init__(self, text: str, confidence: float):
        self.text, self.confidence, self.crops = text, confidence, []

    def recognise_crops(self, crops):
        self.crops += crops
        return [(self.text, self.confidence)] * len(crops)


def test_a_line_read_unsurely_where_a_seal_was_painted_out_is_read_again_as_rendered_with_a_scripted_recogniser():
    """Painting a grey seal out thinned the date under it, read 202346H at 0.83 (a real page's
    case): the date's line is read again from the page as rendered and the surer reading kept.
    A line read surely, or one the painting did not touch, is not read again; a reading again
    that is not clearly surer does not replace the first."""
    plain = np.full((200, 400), 235, np.uint8)
    unsealed = plain.copy()
    plain[100:140, 150:260] = 90  # the seal's ink over the date, painted out of `unsealed`
    date = OcrLine(text="202346H", box=(120.0, 110.0, 240.0, 130.0), confidence=0.83)
    sure = OcrLine(text="承诺单位（盖章）", box=(120.0, 80.0, 240.0, 98.0), confidence=0.99)
    elsewhere = OcrLine(text="第5页", box=(10.0, 10.0, 60.0, 25.0), confidence=0.7)
    recogniser = ScriptedRecogniser("2023年6月8日", 1.0)
    after = surer_under_seals([sure, date, elsewhere], unsealed, plain, recogniser)
    assert [line.text for line in after] == ["承诺单位（盖章）", "2023年6月8日", "第5页"]
    assert after[1].box == date.box and len(recogniser.crops) == 1
    assert surer_under_seals([date], unsealed, plain, ScriptedRecogniser("2023年6月8日", 0.88)) == [date]
    assert surer_under_seals([date], plain, plain, ScriptedRecogniser("2023年6月8日", 1.0)) == [date]
