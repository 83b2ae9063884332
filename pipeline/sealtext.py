"""Reading a seal: the ring text (the unit's name), the centre line (合同专用章) and the
13-digit seal code; and whether the ring names the applicant.

A round seal's name runs along its upper arc with the glyphs' tops outward. Unrolled
around the centre the detector found (a polar transform; an oval is first stretched into
a circle, and read once more unrolled along its own rim where that reading cannot say
whose it is), the ring becomes a straight line of text, which the recogniser reads
without a text detector. Where the text starts is found from the ring itself: the longest
break in its ink is the seal's bottom, whatever way the stamp was turned. The seal's own
ink is separated first (red against black on a colour page), so print under the seal does
not read into its text. The centre line is a plain crop below the star, turned upright by the
same break; the code runs along the lower arc, its glyphs' tops inward.

The name is compared with the applicant's by edit distance: a seal is the applicant's
only when at most about one character in eight differs (an OCR slip), another unit's
when a confident reading differs in a quarter or more; in between the machine is not sure
and says so. A ring whose readings do not name the applicant is asked how well it supports
the name (pipeline/ocr/ctc.py); where a reading shows the applicant's 字号, the stretches of
the ring that print lies over (a line of the 承诺书 through its trade words) are left out of
that question: what print hides is no evidence either way, what shows must fit the name.
Nor does a ring the readings call another unit's count as one when what shows of it beside
the print fits the applicant's name: a person decides; where it fits well and the unit's
seal reads as the applicant's on other pages, the ring is the applicant's
(pipeline/sealcheck.py). And a ring read as the applicant's name with one character of its
字号 otherwise, every time, is asked about that reading with the 字号 put back: a slip leaves
the right character a close second, another unit's 字号 a character apart (鹏城 for 鹏程)
does not.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

import cv2
import numpy as np

from kernel.textnorm import containment, nfkc, unit_name_key
from pipeline.ocr.base import OcrEngine
from pipeline.seals import GREY_SEAL_INK, FoundSeal, print_cut

RING_BAND = (0.5, 0.9)  # radii (of the rim's) between which the ring text lies
INNER_BAND = (0.66, 0.78)  # the ring text's middle: where the break at the bottom is looked for
CODE_BAND = (0.7, 0.93)
GAP_LEVEL = 0.25  # ink below this share of the ring text's is the break
RING_PAD = 8.0  # degrees taken beyond each end of the ring text (its first and last strokes are thin)
# The ring is read again unrolled a little differently (a wider band, a shorter pad): worn
# ink, a rule through the ring or a centre found a little off make one unrolling misread a
# character or two that another reads right. (band, pad) of each further reading.
RING_AGAIN = (((0.48, 0.92), RING_PAD), (RING_BAND, 4.0))
# A red seal is read once more with its red found this many pixels wider around each stroke: a
# photographed page's blur and a JPEG's half-resolution colour leave a stroke's edge out of the
# usual margin (most rings read better with it; print beside the ring then reads into others).
RED_MARGIN = 5  # pixels around a red stroke taken as the seal's (its edge is less red)
WIDE_RED_MARGIN = 11
# Print over a grey seal is painted out with this margin (pixels) around its darkest pixels,
# and once more with the wider one: a blurred scan's print has a halo as grey as the seal's
# strokes, which the narrow margin leaves to read as blots (卓越数控技术 lost under a line of
# the 承诺书's text); the wide one takes the seal's strokes beside the print with it, so the
# ring is read both ways.
PRINT_MARGIN = 3
WIDE_PRINT_MARGIN = 5
# Print over a ring hides the seal's strokes where it is painted out: a column of the ring
# text at least this share painted out is hidden (no evidence whose seal it is), unless more
# than `MOST_HIDDEN` of the ring is.
HIDDEN_SHARE = 0.25
MOST_HIDDEN = 0.4
PRINT_GAPS = 5  # pixels: gaps between print's strokes up to this wide are print's too
TEXT_HEIGHT = 48  # pixels: the recogniser's line height
# An oval unrolled along its own rim: its name taken to run this share of its short
# semi-axis inside the rim (the middle of `RING_BAND` on a round seal), with rows as far
# apart along that line, for each pixel of depth, as a round seal's ring has them.
TEXT_DEPTH = 0.3
ROUND_ROW_SPACING = (1 - TEXT_DEPTH) / 0.75
MIN_TEXT_CONFIDENCE = 0.5
# A ring whose readings do not name the applicant is the applicant's when the recogniser finds
# the applicant's name at most this much less likely (natural log) than its own best reading
# (pipeline/ocr/ctc.py): a character or two it saw as a close second. Measured 2026-12-01 on
# the applicant's seals of two factory corpora (wild seed 6611, default 7788): with one
# character of its 字号 changed a name reached -6.7 at best, with two changed -16.7; none of
# 171 seals of authorities and of other units (a corpus of seal.name_mismatch) reached -5.
# Measured again 2026-12-03 (wild 2389, default 4129): of the applicant's rings on the 承诺书
# that print crosses (a letter's lines, the signed name), 14 were left unread, 6 of them at
# -9.5 to -11.4, the rest at -12.4 to -44.5; on 27 applicant rings of both corpora, the best
# of the names with another brand of the factory's list and the applicant's own trade
# scored -15.5 on a crossed ring and -23.6 to -55.1 on the others: -12 keeps 3.5 from it.
# With what print hides left out (rings that show the applicant's 字号 only), the applicant's
# ring under a line of its 承诺书 (龙腾医疗器械, tests/data) went from -14.0..-27.1 to -0.8..-5.4
# over 14 small turns and JPEG re-encodings; names with the same 字号 that the visible
# words do not fit, or another 字号, stayed at -28.5 and below.
# Beside the print (what it hides left out, whatever the ring shows), measured 2026-12-03 on
# the 1,166 rings with print under them of 7 report folders (both seal.name_mismatch corpora
# among them): of the 25 rings of other units called another unit's, the best support for
# the applicant's name was -33.9; the applicant's ring called so (科达精密机械, tests/data)
# reached -10.1. (Of 7 other units' rings left unsure, one whose 字号 print hid reached
# -11.9: its visible words fit the applicant's name as well.)
NAME_SUPPORTED = -12.0
# A ring whose readings disagree on whose it is (one calls it another unit's, another cannot
# say or names the applicant) is the applicant's when it supports the applicant's name at least
# this well: closer than any name with one character of its 字号 changed came (-6.7 at best,
# above). Measured 2026-12-03 on 14 report folders of both profiles (4,536 rings read): of the
# 871 rings of other units and authorities, the best support for the applicant's name was
# -49.3; four of the applicant's own rings that a first, unsure reading called another unit's
# (its 字号 lost under print: 深圳市科上了科汉有限公 for 科达电子科技) scored -0.4 to -5.6.
SURELY_SUPPORTED = -6.0
# A ring too poorly read to judge, its 字号 not shown, that print crosses, is the applicant's
# in a dossier whose seal reads as the applicant's elsewhere when what print leaves of it
# supports the applicant's name at least this well (`support_beside_print`). Measured
# 2026-12-03: the applicant's rings on the 承诺书 with a line of the letter over the 字号, left
# unsure (seven dossiers of two held-out pairs, wild 5903 and default 6607, and the rings
# of two seal.name_mismatch corpora of 16 dossiers each): 0, 0, -1.9, -5.4, -6.6, -8.1,
# and one called another unit's -10.1; rings of other units with print over them: -11.9 at
# best (a 职业培训学校 whose 字号 print hid, on the 承诺书 of another 职业培训学校), then -33.6.
BESIDE_PRINT_SUPPORTED = -10.0
SURE_MISMATCH_CONFIDENCE = 0.8
_CODE = re.compile(r"\d{13}")
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class SealReading:
    text: str | None  # the ring text as read (None: nothing legible)
    confidence: float | None
    centre: str | None = None
    code: str | None = None
    again: tuple[str, ...] = ()  # the ring's further readings (RING_AGAIN) that differ from `text`
    support: float | None = None  # how well the ring supports the best of the names asked about (ctc.py)
    # the same with what print hides of the ring left out, asked where the readings call it another unit's
    support_beside_print: float | None = None


def seal_ink(crop: np.ndarray, colour: str, red_margin: int = RED_MARGIN,
             print_margin: int = PRINT_MARGIN) -> tuple[np.ndarray, np.ndarray]:
    """The ink of the seal centred in `crop` (its rim at ~1/1.15 of the half side), dark on
    white (uint8 grey), stretched so that the seal's own ink is black however faded; and
    where print over the seal was painted out (bool): the seal's strokes there are lost.

    On a colour page: the darkness (luminance: a JPEG keeps it at full resolution, its
    colour at half) where the pixel is seal-red, so black print beside the seal's strokes
    drops out. On a grey page a red seal turned grey is still lighter than
    black print: pixels well darker than the seal's rim are print, and are painted out from
    the ink around them (a seal's stroke the print crossed is carried across)."""
    if crop.ndim == 3 and colour == "red":
        b, g, r = cv2.split(crop.astype(np.float32))
        red = cv2.dilate(((r - np.maximum(g, b)) > 18).astype(np.uint8), np.ones((red_margin, red_margin), np.uint8))
        luminance = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY)
        black = cv2.dilate((r <= 110).astype(np.uint8), np.ones((3, 3), np.uint8))  # print over the seal
        luminance = cv2.inpaint(luminance, black, 3, cv2.INPAINT_TELEA).astype(np.float32)
        ink = (255.0 - luminance) * red
        printed = black.astype(bool)
    else:
        grey = (crop if crop.ndim == 2 else cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY)).astype(np.float32)
        paper = float(np.percentile(grey, 90))
        rim = _annulus(grey.shape, 0.95 / 1.15, 1.02 / 1.15) & (grey < paper - GREY_SEAL_INK)
        cut = print_cut(grey, rim)
        printed = np.zeros(grey.shape, bool)
        if cut is not None:  # print darker than the seal is there: paint it out from around it
            # Only the print's own pixels and their antialiased edge: a wider margin takes the
            # seal's strokes beside a line of print with it (职业技 lost where 促进高技能 crossed).
            foreign = cv2.dilate((grey < cut).astype(np.uint8), np.ones((print_margin, print_margin), np.uint8))
            grey = cv2.inpaint(grey.astype(np.uint8), foreign, 3, cv2.INPAINT_TELEA).astype(np.float32)
            printed = foreign.astype(bool)
        ink = 255.0 - grey
    # What print hides is its strokes and the paper between them within a line: the inpainting
    # blurs the seal's strokes there as well (精密 of 科达精密机械 lost under a line of its
    # 承诺书, whose strokes alone cover a tenth of those columns).
    printed = cv2.morphologyEx(printed.astype(np.uint8), cv2.MORPH_CLOSE, np.ones((PRINT_GAPS, PRINT_GAPS), np.uint8))
    floor = float(np.percentile(ink, 50))  # the paper: most of a seal's disc is blank
    strokes = ink[ink > floor + 25]
    level = float(np.percentile(strokes, 85)) if strokes.size > 50 else float(ink.max())
    stretched = np.clip((ink - floor) / max(level - floor, 1.0), 0, 1)
    return (255 - stretched * 255).astype(np.uint8), printed.astype(bool)


def _annulus(shape: tuple[int, ...], inner: float, outer: float) -> np.ndarray:
    """Pixels between `inner` and `outer` of the half side from the centre of a square."""
    h, w = shape[:2]
    yy, xx = np.mgrid[0:h, 0:w]
    d = np.hypot(xx - w / 2, yy - h / 2) / (w / 2)
    return (d >= inner) & (d <= outer)


def read_seal(image: np.ndarray, seal: FoundSeal, engine: OcrEngine, names: Sequence[str] = ()) -> SealReading:
    """Read a round or oval seal found in `image` (the page, BGR or grey, the pixels
    `seal` is in); square seals (name seals) and seals the edge cuts are not read. Where
    the readings do not name one of `names` (the applicant's), the ring is asked how well
    it supports them (`support`): a worn or crossed ring is often misread by a character the
    recogniser saw as a close second."""
    if seal.shape == "square" or seal.edge:
        return SealReading(None, None)
    crop, radius = _centred(image, seal)
    disc, printed = seal_ink(crop, seal.colour)
    polar = _unrolled(disc, radius)
    arc = _text_arc(polar)
    bottom = _bottom(arc)
    ring = _ring_strip(polar, arc)
    if ring is None:
        return SealReading(None, None)
    strips, hidden = _ring_strips(polar, _unrolled(_as_ink(printed), radius), arc, [(RING_BAND, RING_PAD), *RING_AGAIN])
    if seal.colour == "red" and image.ndim == 3:
        wide, wide_printed = seal_ink(crop, seal.colour, red_margin=WIDE_RED_MARGIN)
    else:
        wide, wide_printed = seal_ink(crop, seal.colour, print_margin=WIDE_PRINT_MARGIN)
    if not np.array_equal(wide, disc):  # (a grey ring with no print over it is the same either way)
        wide_polar = _unrolled(wide, radius)
        more, more_hidden = _ring_strips(wide_polar, _unrolled(_as_ink(wide_printed), radius), _text_arc(wide_polar),
                                         [(RING_BAND, RING_PAD)])
        strips, hidden = strips + more, hidden + more_hidden
    # The centre line and the code are read only where the seal has ink for them: each
    # reading costs as much as the ring's.
    centre_crop = _centre_crop(_upright_disc(disc, radius, bottom), radius, seal.shape)
    code_crop = _code_strip(polar, bottom)
    inked = {name: crop for name, crop in (("centre", centre_crop), ("code", code_crop)) if _has_ink(crop)}
    results = engine.recognise_crops([ring, *inked.values(), *strips[1:]])
    readings = dict(zip(["ring", *inked], results))
    text, confidence = readings["ring"]
    text = _clean(text)
    if len(text) < 2 or confidence < MIN_TEXT_CONFIDENCE:
        text, confidence = None, None
    further = [_clean(t) for t, c in results[1 + len(inked):] if c >= MIN_TEXT_CONFIDENCE and len(_clean(t)) >= 2]
    centre, centre_confidence = readings.get("centre", ("", 0.0))
    centre = _clean(centre)
    digits = re.sub(r"\D", "", unicodedata.normalize("NFKC", readings.get("code", ("", 0.0))[0]))
    again = tuple(t for t in dict.fromkeys(further) if t != text)
    if seal.shape == "oval" and names and ring_names_applicant(text, confidence, list(again), list(names)) is None:
        more, rim_strips, rim_hidden = _read_along_the_rim(seal, radius, disc, printed, engine)
        again = tuple(t for t in dict.fromkeys([*further, *more]) if t != text)
        strips, hidden = strips + rim_strips, hidden + rim_hidden
    support = beside_print = None
    shows_trade_name = _shows_trade_name([text, *again], names)
    if names and ring_names_applicant(text, confidence, list(again), list(names)) is True:
        if not shows_trade_name and (own := _own_trade_name_put_back([text, *again], names)):
            # Named the applicant with its 字号 read otherwise: a slip, or another unit's 字号
            # a character apart (华鹏 for 华强)? The ring is asked about the reading with the
            # applicant's 字号 put back, the rest as read: its other slips (a bracket, a
            # character of its form) are no question here. What print hides is no evidence.
            support = _best(engine.text_support(strips, [own], hidden))
    elif names:
        # Where the ring shows the applicant's 字号, what print hides of it is no evidence either way.
        support = _best(engine.text_support(strips, list(names), hidden if shows_trade_name else None))
        if (not shows_trade_name and any(h is not None and h.any() for h in hidden)
                and ring_names_applicant(text, confidence, list(again), list(names), support) is not True):
            # Nor is it evidence that the ring is another unit's, or not the applicant's: its
            # words that are not the applicant's may be what the recogniser made of the print
            # crossing it.
            beside_print = _best(engine.text_support(strips, list(names), hidden))
    return SealReading(
        text=text,
        confidence=None if confidence is None else round(confidence, 3),
        centre=centre if len(_CJK.findall(centre)) >= 2 and centre_confidence >= 0.7 else None,
        code=digits if _CODE.fullmatch(digits) else None,
        again=again,
        support=None if support is None else round(support, 2),
        support_beside_print=None if beside_print is None else round(beside_print, 2),
    )


def _best(supports: Sequence[float | None]) -> float | None:
    """The best of the supports a ring's strips give (None: none could tell)."""
    return max((s for s in supports if s is not None), default=None)


def _ring_strips(polar: np.ndarray, printed_polar: np.ndarray, arc: tuple[float, float],
                 bands: Sequence[tuple[tuple[float, float], float]]
                 ) -> tuple[list[np.ndarray], list[np.ndarray | None]]:
    """The ring text unrolled with each (band, pad) of `bands` that gives a strip, and per
    strip the columns print hides (`_hidden_columns`; `printed_polar`: where print was
    painted out, unrolled like the ink)."""
    strips, hidden = [], []
    for band, pad in bands:
        if (strip := _ring_strip(polar, arc, band, pad)) is not None:
            strips.append(strip)
            hidden.append(_hidden_columns(_ring_strip(printed_polar, arc, band, pad)))
    return strips, hidden


def _as_ink(mask: np.ndarray) -> np.ndarray:
    """A mask drawn as ink (black where set) on white, to be unrolled like the seal's ink."""
    return np.where(mask, 0, 255).astype(np.uint8)


def _hidden_columns(printed_strip: np.ndarray | None) -> np.ndarray | None:
    """Per column of a ring strip, whether print lay over the ring text there (at least
    `HIDDEN_SHARE` of the column painted out); None where print hides too much of the ring
    (over `MOST_HIDDEN` of it) for the rest to say whose it is."""
    if printed_strip is None:
        return None
    columns = (printed_strip < 128).mean(axis=0) >= HIDDEN_SHARE
    return columns if columns.mean() <= MOST_HIDDEN else None


def _shows_trade_name(readings: Sequence[str | None], names: Sequence[str]) -> bool:
    """Whether one of a ring's readings shows one of the names' 字号 (the first two of its own words)."""
    return any(_core(unit_name_key(name))[:2] in unit_name_key(read)
               for read in readings if read for name in names if name)


def _has_ink(crop: np.ndarray) -> bool:
    """Whether a crop of the seal's ink shows enough dark strokes to be text."""
    return float((crop < 128).mean()) > 0.04


def _clean(text: str) -> str:
    """The reading without spaces and punctuation, and without the stray digits or letters
    that print beside the ring adds at its ends (a unit's name starts and ends in Chinese)."""
    text = re.sub(r"[\s★☆*＊·•.。,，:：;；'\"“”_\-—~|]", "", unicodedata.normalize("NFKC", text or ""))
    return re.sub(r"^[0-9A-Za-z]+|[0-9A-Za-z]+$", "", text)


def _centred(image: np.ndarray, seal: FoundSeal) -> tuple[np.ndarray, float]:
    """The seal cropped square around its centre and, for an oval, stretched along its minor
    axis into a circle; returns the crop and the rim's radius in it."""
    radius = seal.a
    half = int(math.ceil(radius * 1.15))
    size = 2 * half
    scale_minor = seal.a / max(seal.b, 1e-6)
    t = math.radians(seal.angle)
    rot = np.array([[math.cos(t), -math.sin(t)], [math.sin(t), math.cos(t)]])
    stretch = rot @ np.diag([1.0, scale_minor]) @ rot.T  # stretches along the minor axis only
    offset = np.array([half, half]) - stretch @ np.array([seal.cx, seal.cy])
    matrix = np.hstack([stretch, offset[:, None]]).astype(np.float32)
    border = (255, 255, 255) if image.ndim == 3 else 255
    crop = cv2.warpAffine(image, matrix, (size, size), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                          borderValue=border)
    return crop, radius


def _unrolled(disc: np.ndarray, radius: float) -> np.ndarray:
    """The disc in polar form: rows are angles (clockwise from the right, as the image's
    y axis points down), columns the distance from the centre, 0 .. the rim."""
    h, w = disc.shape
    n_theta = max(64, int(2 * math.pi * radius * 0.75))
    return cv2.warpPolar(disc, (int(radius), n_theta), (w / 2, h / 2), radius,
                         cv2.WARP_POLAR_LINEAR | cv2.INTER_LINEAR | cv2.WARP_FILL_OUTLIERS)


def _read_along_the_rim(seal: FoundSeal, radius: float, disc: np.ndarray, printed: np.ndarray, engine: OcrEngine
                        ) -> tuple[list[str], list[np.ndarray], list[np.ndarray | None]]:
    """An oval's ring read once more, unrolled along its own rim (`_rim_unrolling`):
    its readings, its strip and the columns print hides in it. Stretched into a circle, an
    oval whose outline was fitted a little long, or whose name runs at one depth inside its
    rim all round, has the glyphs at the ends of its long axis further out than those at its
    top, out of the band the ring text is looked for in (深圳市创 lost from a born-digital
    财务专用章, read 新祺业技能培训学校); an oval whose name was set on a smaller copy of its rim
    reads better stretched. Measured 2026-12-03 on the 339 ovals of 12 factory corpora (both
    profiles, two of them of seal.name_mismatch): as the only unrolling it read 17 of 169
    rings fewer word for word; as a further reading of every ring not read as the
    applicant's, it turned one of the applicant's from unsure to the applicant's and one
    authority's from another's to unsure. So it is asked only of a ring the first readings
    leave unsure."""
    along_the_rim = _rim_unrolling(seal, radius, disc.shape[0])
    polar = along_the_rim(disc)
    strips, hidden = _ring_strips(polar, along_the_rim(_as_ink(printed)), _text_arc(polar), [(RING_BAND, RING_PAD)])
    readings = [_clean(t) for t, c in engine.recognise_crops(strips)
                if c >= MIN_TEXT_CONFIDENCE and len(_clean(t)) >= 2]
    return readings, strips, hidden


def _rim_unrolling(seal: FoundSeal, radius: float, size: int) -> Callable[[np.ndarray], np.ndarray]:
    """How to unroll an oval's disc (`_centred`: stretched into a circle, `size` pixels square)
    into a polar form like `_unrolled`'s, but along the oval's own rim: a column is a depth
    inside the rim in the short semi-axis's units (the rim at the last column), and the rows
    are spaced evenly along the line `TEXT_DEPTH` inside it, from the right round clockwise.
    The sampling grid is worked out once for the ink and the print mask alike."""
    a, b, turn = seal.a, seal.b, math.radians(seal.angle)
    phi = np.linspace(0.0, 2 * math.pi, 4096, endpoint=False)

    def outward(at: np.ndarray) -> np.ndarray:  # the rim's unit normals at parameters `at`
        normal = np.stack([b * np.cos(at), a * np.sin(at)])
        return normal / np.hypot(*normal)

    line = np.stack([a * np.cos(phi), b * np.sin(phi)]) - TEXT_DEPTH * b * outward(phi)
    steps = np.hypot(*np.diff(np.concatenate([line, line[:, :1]], axis=1), axis=1))
    along = np.concatenate([[0.0], np.cumsum(steps)])  # arc length at each parameter, and once round
    rows = max(64, int(along[-1] * radius / (ROUND_ROW_SPACING * b)))
    # On the disc a rim point at parameter phi lies at angle phi + turn: the first row is at angle 0.
    start = float(np.interp((-turn) % (2 * math.pi), np.append(phi, 2 * math.pi), along))
    at = np.interp((start + np.arange(rows) * along[-1] / rows) % along[-1], along, np.append(phi, 2 * math.pi))
    columns = int(radius)
    depth = (1.0 - np.arange(columns) / columns) * b
    normal = outward(at)
    x = a * np.cos(at)[:, None] - depth[None, :] * normal[0][:, None]
    y = (b * np.sin(at)[:, None] - depth[None, :] * normal[1][:, None]) * (a / b)  # stretched like the disc
    half = size / 2
    map_x = (half + x * math.cos(turn) - y * math.sin(turn)).astype(np.float32)
    map_y = (half + x * math.sin(turn) + y * math.cos(turn)).astype(np.float32)
    return lambda disc: cv2.remap(disc, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                                  borderValue=255)


def _columns(polar: np.ndarray, band: tuple[float, float]) -> slice:
    n_r = polar.shape[1]
    return slice(int(band[0] * n_r), int(band[1] * n_r))


def _text_arc(polar: np.ndarray) -> tuple[float, float]:
    """(start, end) angles in degrees, clockwise, of the ring text: it runs from the end of
    the longest break in its ink (the seal's bottom) round to the break's start."""
    darkness = 255.0 - polar[:, _columns(polar, INNER_BAND)].astype(np.float32)
    profile = darkness.mean(axis=1)
    n = len(profile)
    k = max(3, n // 90)
    smooth = np.convolve(np.concatenate([profile[-k:], profile, profile[:k]]), np.ones(2 * k + 1) / (2 * k + 1),
                         mode="same")[k:-k]
    empty = smooth < max(4.0, GAP_LEVEL * float(np.percentile(smooth, 90)))
    if empty.all() or not empty.any():
        return 135.0, 405.0  # no break: assume an upright seal's usual 270° of text
    start = int(np.argmin(empty))  # a position with ink, so a run can wrap round
    rolled = np.roll(empty, -start)
    best_len = best_end = run = 0
    for i, value in enumerate(np.concatenate([rolled, [False]])):
        if value:
            run += 1
        else:
            if run > best_len:
                best_len, best_end = run, i
            run = 0
    gap_end = (best_end + start) % n
    text_start = gap_end * 360.0 / n
    return text_start, text_start + (n - best_len) * 360.0 / n


def _bottom(arc: tuple[float, float]) -> float:
    """The middle of the break: the seal's bottom, in degrees."""
    start, end = arc
    return (end + (start + 360.0 - end) / 2) % 360.0


def _ring_strip(polar: np.ndarray, arc: tuple[float, float], band: tuple[float, float] = RING_BAND,
                pad: float = RING_PAD) -> np.ndarray | None:
    """The ring text as one straight line, glyph tops up, from the start of its arc to its
    end (`pad` degrees beyond each), radii `band` of the rim's."""
    n = polar.shape[0]
    start, end = arc
    first = int((start - pad) / 360.0 * n)
    count = int((end - start + 2 * pad) / 360.0 * n)
    if count < 8:
        return None
    rows = np.take(polar, np.arange(first, first + count) % n, axis=0)
    strip = rows[:, _columns(polar, band)]
    return _line_height(cv2.flip(strip.T, 0))  # x: clockwise along the arc; y: outward at the top


def _code_strip(polar: np.ndarray, bottom: float) -> np.ndarray:
    """The lower arc around the bottom, where a seal code runs with its tops inward, as an
    upright line."""
    n = polar.shape[0]
    rolled = np.roll(polar, -int((bottom - 40.0) / 360.0 * n), axis=0)[: int(80.0 / 360.0 * n)]
    band = rolled[:, _columns(polar, CODE_BAND)]
    return _line_height(cv2.rotate(cv2.flip(band.T, 0), cv2.ROTATE_180))


def _upright_disc(disc: np.ndarray, radius: float, bottom: float) -> np.ndarray:
    """The disc turned so that its bottom break is at the bottom (90°)."""
    h, w = disc.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), bottom - 90.0, 1.0)
    return cv2.warpAffine(disc, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)


def _centre_crop(upright: np.ndarray, radius: float, shape: str) -> np.ndarray:
    h, w = upright.shape
    cx, cy = w / 2, h / 2
    top, bottom = (0.28, 0.7) if shape == "round" else (-0.12, 0.45)
    crop = upright[int(cy + top * radius):int(cy + bottom * radius), int(cx - 0.62 * radius):int(cx + 0.62 * radius)]
    return _line_height(crop)


def _line_height(strip: np.ndarray) -> np.ndarray:
    if strip.size == 0 or strip.shape[0] < 2:
        return np.full((TEXT_HEIGHT, TEXT_HEIGHT), 255, np.uint8)
    scale = TEXT_HEIGHT / strip.shape[0]
    return cv2.resize(strip, (max(1, round(strip.shape[1] * scale)), TEXT_HEIGHT), interpolation=cv2.INTER_AREA
                      if scale < 1 else cv2.INTER_CUBIC)


# --- whose seal ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Alignment:
    """How a reading lines up with a name: characters misread, missing, extra between the
    name's characters, and extra before or after it."""

    substituted: int
    missing: int
    extra: int
    outside: int


def alignment(read: str, name: str) -> Alignment:
    """The closest alignment of `name` within `read` (fewest edits inside the name's span,
    then fewest characters outside it)."""
    n, m = len(read), len(name)
    worst = (1 << 30, 0, 0, 0, 0)
    # cost: (edits inside, outside, substituted, missing, extra); leading characters are outside
    rows = [[worst] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        rows[i][0] = (0, i, 0, 0, 0)
    for i in range(n + 1):
        for j in range(m + 1):
            here = rows[i][j]
            if here[0] >= 1 << 30:
                continue
            edits, outside, sub, miss, extra = here
            if i < n and j < m:
                same = read[i] == name[j]
                step = (edits + (not same), outside, sub + (not same), miss, extra)
                rows[i + 1][j + 1] = min(rows[i + 1][j + 1], step)
            if j < m:
                rows[i][j + 1] = min(rows[i][j + 1], (edits + 1, outside, sub, miss + 1, extra))
            if i < n and 0 < j < m:
                rows[i + 1][j] = min(rows[i + 1][j], (edits + 1, outside, sub, miss, extra + 1))
    best = min((rows[i][m][0], rows[i][m][1] + n - i, *rows[i][m][2:]) for i in range(n + 1))
    _, outside, substituted, missing, extra = best
    return Alignment(substituted, missing, extra, outside)


def names_applicant(text: str | None, confidence: float | None, names: list[str]) -> bool | None:
    """True: the ring reads as one of the applicant's names (its 申报表's, its licence's)
    give or take OCR slips (characters dropped or misread here and there, about one in
    eight at most, or more characters lost where all its own words were read, or two
    misread after its 字号 was read right, or up to three stray characters at the ring's
    ends — the star, the seal code — with a slip or two inside, its 字号 read whole, unless
    they name a branch, or its own words read whole with up to three single slips in its
    region and legal form); False: a reading with three or more characters within the name that are
    not the applicant's, some of them in a row (another word), that shows little of the
    applicant's own words (its 字号 and trade), read confidently or showing none; None: not read,
    no name to compare with, or too close to call (one different word, the applicant's name
    with more around it, as a branch's or a parent's: a person decides)."""
    wanted = [(unit_name_key(n), n) for n in names if n]
    if not text or not wanted:
        return None
    other = []
    for name, written in wanted:
        read = _brackets_dropped(unit_name_key(text), written)
        a = alignment(read, name)
        word = _foreign_run(read, name)
        slips = max(1, len(name) // 8)
        kept = containment(_core(name), read)  # how much of its own words (字号, trade) the reading shows
        if a.extra == 0 and a.outside == 0:
            if word < 2 and a.substituted + a.missing <= 2 * slips:
                return True
            if word < 2 and a.substituted <= slips and a.missing <= 0.3 * len(name) and kept >= 0.75:
                return True  # the name with characters lost, but its own words there (a ring read short)
            if a.substituted <= 2 * slips and a.missing == 0 and _core(name)[:2] in read:
                return True  # its 字号 read right; two characters of its trade or form misread
        scattered = _foreign_run(read, name, inside=True) < 2 and not _branch(read, name)
        if (a.outside <= _RING_JUNK and a.extra <= slips and scattered and _core(name)[:2] in read
                and a.substituted + a.missing + a.extra <= 2 * slips):
            return True  # the star or the seal code's digits read as characters at the ring's ends
        own = _core(name)
        if (len(own) >= 4 and own in read and a.extra == 0 and a.outside <= _RING_JUNK and scattered
                and a.substituted + a.missing <= _SLIPS_AROUND_OWN_WORDS):
            return True  # its own words read whole; a few single slips in its region and legal form
        other.append(a.substituted + a.extra >= max(3, round(0.25 * len(name))) and word >= 2
                     and len(read) >= 0.6 * len(name) and kept < _OTHERS_OWN_WORDS
                     and ((confidence or 0) >= SURE_MISMATCH_CONFIDENCE or kept <= _NOTHING_OF_OWN_WORDS))
    return False if all(other) else None


def ring_names_applicant(text: str | None, confidence: float | None, again: list[str], names: list[str],
                         support: float | None = None, support_beside_print: float | None = None) -> bool | None:
    """`names_applicant` over a ring read several ways (`again`: its further readings): the
    applicant's when a reading names it, the first reading's judgement otherwise. A ring one
    reading calls another unit's and another the applicant's is the applicant's when the
    first still shows some of the applicant's own words (its 字号 misread in the seal's font:
    圳市龍經建筑1司集团 then 圳市程建筑工程集团 for 鹏程建筑工程（集团）), for a person to see
    when it shows none of them (another name read whole); so is one that a further reading
    cannot call another unit's (东方加地缘 then 东方加缘 for
    东方明新能源: the readings disagree with each other, the ring was read too poorly for an
    error that goes to the applicant), or whose further readings each read other words
    (合紅管管文术, 車營紅哲管美术, 合系哲管义术 for 智汇数控技术: noise, not another unit's name;
    a foreign ring read again keeps its own words, 0.83–1.0 alike on two corpora). A ring
    that `support`s the applicant's name (see `NAME_SUPPORTED`) is the applicant's where its
    readings were not sure and name no branch, and not another unit's where they said so; one
    whose readings disagree (another unit's, then not) and that supports the name `SURELY_SUPPORTED`
    is the applicant's: a ring that all its readings call one other unit's, however well it
    supports the name, goes to a person. So does one they call another unit's only by words
    read where print crosses it: with those stretches left out it supports the applicant's
    name (`support_beside_print`, see `NAME_SUPPORTED`). A ring its readings name with the
    字号 read otherwise every time is asked the support as well (`trade_name_unsupported`):
    another unit's 字号 may be a character apart from the applicant's."""
    judged = names_applicant(text, confidence, names)
    further = [names_applicant(t, None, names) for t in again]
    if judged is not False and trade_name_unsupported(text, again, names, support):
        return False
    readings = [unit_name_key(t) for t in (text, *again) if t]
    branch = any(_branch(read, unit_name_key(name)) for read in readings for name in names)
    disagree = judged is False and (any(f is not False for f in further) or not _readings_agree(text, again, names))
    if disagree and support is not None and support >= SURELY_SUPPORTED and not branch:
        return True  # the ring itself all but says the applicant's name
    if judged is not True and any(further):
        return None if judged is False and _none_of_own_words(text, names) else True
    if disagree:
        return None
    if judged is not True and support is not None and support >= NAME_SUPPORTED:
        if judged is False:
            return None
        if not branch:
            return True
    if judged is False and support_beside_print is not None and support_beside_print >= NAME_SUPPORTED:
        return None
    return judged


def trade_name_unsupported(text: str | None, again: Sequence[str], names: Sequence[str],
                           support: float | None) -> bool:
    """Whether a ring that its readings name as the applicant's, give or take a slip or two,
    read its 字号 otherwise every time, and the ring does not support its reading with the
    applicant's 字号 put back (`support`, asked with what print hides left out) as a slip
    leaves it, the right character a close second (`NAME_SUPPORTED`, as for two lines
    printed apart, pipeline/printed_apart.py): another unit's whose 字号 is a character apart
    from the applicant's (深圳市华鹏汽车服务 on the 申报表 of 华强汽车服务, read word for word).
    Asked about the applicant's whole name instead, the applicant's own rings so read scored
    as low as -20.8 (a bracket and 市德 lost besides: 深圳技信息技术(集团)有限公司)."""
    if support is None or support >= NAME_SUPPORTED or _shows_trade_name([text, *again], names):
        return False
    return any(names_applicant(t, None, list(names)) is True for t in (text, *again) if t)


def _own_trade_name_put_back(readings: Sequence[str | None], names: Sequence[str]) -> str | None:
    """The first reading that names the applicant, with the characters it read in place of
    the applicant's 字号 (the first two of its own words) replaced by the 字号's; None where no
    reading names it so, one character for one."""
    for read in readings:
        if not read:
            continue
        for name in names:
            if not name or names_applicant(read, None, [name]) is not True:
                continue
            own = nfkc(name)
            at = own.find(_core(unit_name_key(own))[:2])
            if at < 0:
                continue
            put_back, changed = read, False
            for tag, i1, i2, j1, j2 in reversed(SequenceMatcher(None, read, own, autojunk=False).get_opcodes()):
                if j1 < at + 2 and j2 > at and tag != "equal":
                    if tag != "replace" or i2 - i1 != j2 - j1:
                        break
                    put_back, changed = put_back[:i1] + own[j1:j2] + put_back[i2:], True
            else:
                if changed:
                    return put_back
    return None


def _readings_agree(text: str | None, again: list[str], names: list[str]) -> bool:
    """Whether a ring's further readings (if any) read the same unit's own words as its first:
    one of them alike at least `READINGS_AGREE` (two readings' 字号 and trade), and sharing at
    least that share of the characters that are not the applicant's. Another unit's ring read
    again keeps its 字号; a poorly read ring of the applicant's gives other noise each time,
    though noise may look alike once a misread 字号 passes for a district (深圳市空配是区机球
    奇限公司, 深圳市发画幕区机教奇限公司 for 宏图精密机械: their words after "…区" alike)."""
    readings = [t for t in again if t]
    if not text or not readings:
        return True
    own = set("".join(unit_name_key(name) for name in names if name))
    first_words, foreign = _core(unit_name_key(text)), set(unit_name_key(text)) - own

    def alike(other: str) -> bool:
        words = SequenceMatcher(None, first_words, _core(unit_name_key(other))).ratio()
        others = set(unit_name_key(other)) - own
        return words >= READINGS_AGREE and len(foreign & others) >= READINGS_AGREE * max(len(foreign), len(others))

    return any(alike(other) for other in readings)


# Two readings of one ring name the same unit when their own words are this much alike.
READINGS_AGREE = 0.6


def read_from_print(text: str | None, print_under: str, names: list[str]) -> bool:
    """Whether a ring's reading owes its words that are not the applicant's to the print the
    seal lies over: most of its characters foreign to every one of the applicant's names
    stand in the printed lines under the seal (the 字号 hidden under a line of the letter,
    read as that line's words: 深圳市高培训行业协会 over 提高培训质量 for 数控技术行业协会). Such a
    reading names no other unit."""
    if not text or not print_under:
        return False
    own = set("".join(unit_name_key(name) for name in names))
    foreign = [ch for ch in unit_name_key(text) if ch not in own]
    printed = set(unit_name_key(print_under))
    return bool(foreign) and sum(ch in printed for ch in foreign) >= PRINT_SHARE * len(foreign)


# A reading whose foreign characters stand in the print under the seal at least this share.
PRINT_SHARE = 0.5


def _none_of_own_words(text: str, names: list[str]) -> bool:
    """Whether a reading shows next to nothing of the applicant's own words (字号 and trade):
    a reading of another unit's ring, not one that misread the 字号 alone."""
    read = unit_name_key(text)
    return all(containment(_core(unit_name_key(name)), read) <= _NOTHING_OF_OWN_WORDS for name in names if name)


def _brackets_dropped(read: str, name: str) -> str:
    """The reading without the characters a ring's brackets were read as: a name's bracketed
    words (the 深圳 of a name such as 某某电子（深圳）有限公司) are stamped between brackets that the
    recogniser often reads as a character (心, 厂, C); one read between those words and the
    name's characters either side of the brackets is dropped."""
    for before, words, after in _BRACKETED.findall(nfkc(name)):
        before, words, after = (re.escape(unit_name_key(part)) for part in (before, words, after))
        if before and after:
            read = re.sub(rf"({before})[^{words}]?({words})[^{words}]?({after})", r"\1\2\3", read)
    return read


def _branch(read: str, name: str) -> bool:
    """A reading that names a branch or office of the unit, not the unit."""
    return any(word in read and word not in name for word in _BRANCH_WORDS)


def keeps_own_words(text: str, name: str) -> bool:
    """Whether a reading shows most of a unit's own words (字号 and trade) and some of its
    字号, in no other legal form: what a poor reading of the unit's seal still shows, and
    another unit's does not."""
    read, core = unit_name_key(text), _core(unit_name_key(name))
    return (containment(core, read) >= 0.6 and any(ch in read for ch in core[:2])
            and not _another_form(read, unit_name_key(name)))


def keeps_trade_name(text: str, name: str) -> bool:
    """Whether a reading shows the unit's 字号 whole and most of its own words, and names no
    branch nor another legal form: what a poor reading of the unit's own seal shows, and a
    seal of another unit (its own 字号) or of the unit's branch does not."""
    read, core = unit_name_key(text), _core(unit_name_key(name))
    return (core[:2] in read and containment(core, read) >= 0.6 and not _branch(read, unit_name_key(name))
            and not _another_form(read, unit_name_key(name)))


def _another_form(read: str, name: str) -> bool:
    """Whether a reading ends in a legal form the name does not hold (…有限公司 read for a
    …行业协会, 有限责任公司 for a …有限公司): the shape of another unit's name sharing the
    applicant's trade words (深圳市优才汽车服务有限公司 on the 申报表 of 深圳市汽车服务行业协会),
    where a poor reading of the applicant's own ring ends in a form its name holds (公司 or
    集团 of a …集团有限公司), or in noise."""
    form = next((f for f in _FORMS if read.endswith(f)), None)
    return form is not None and form not in name


# Words between brackets in a unit's name, with the characters before and after them.
_BRACKETED = re.compile(r"(.?)[(（]([^()（）]+)[)）](.?)")
# Characters a ring reading may carry beyond the name: the star, the seal code's digits.
_RING_JUNK = 3
# Single misread characters allowed in the region and legal form of a ring that shows the
# unit's own words whole (澳圳市智汇数控技术有屬公子 for 深圳市智汇数控技术有限公司).
_SLIPS_AROUND_OWN_WORDS = 3
# Another unit's seal shows less than this share of the applicant's own words (字号 and trade):
# a poor reading of the applicant's own ring keeps more, and is for review, not an error.
_OTHERS_OWN_WORDS = 0.34
# A reading that shows this share of the applicant's own words or less shows none of them.
_NOTHING_OF_OWN_WORDS = 0.2
_BRANCH_WORDS = ("分公司", "分会", "分校", "分中心", "分院", "分所", "分部", "办事处", "分社")
# A Chinese unit's name: region, its own words (字号 and trade), legal form. The region and
# the form are shared by thousands of units; a seal of another unit differs in its own words.
_REGION = re.compile(r"^(?:[\u4e00-\u9fff]{2,3}?省)?(?:[\u4e00-\u9fff]{2,3}?市)?(?:[\u4e00-\u9fff]{2,3}?[区县])?")
_FORMS = ("股份有限公司", "有限责任公司", "有限公司", "分公司", "公司", "集团", "学校", "学院", "协会", "商会", "中心",
          "研究院", "研究所", "事务所", "工作室", "合作社", "工作站")


def _core(name: str) -> str:
    """The unit's own words: its name without the region before them and the legal form after."""
    core = _REGION.sub("", name, count=1)
    stripped = True
    while stripped:
        stripped = False
        core = re.sub(r"[()（）]", "", core)
        for form in _FORMS:
            if core.endswith(form) and len(core) > len(form) + 1:
                core, stripped = core[: -len(form)], True
                break
    return core or name


def _foreign_run(read: str, name: str, inside: bool = False) -> int:
    """The longest run of characters in a row that the reading has in place of the name's
    or in addition to them (万和物流 for 鹏程电子: 4); misreadings here and there give 1.
    `inside`: without the characters read before or after the whole name (the ring's ends)."""
    blocks = SequenceMatcher(None, read, name, autojunk=False).get_opcodes()
    if inside:  # characters read beyond the name's two ends (not in place of its own) are left out
        while blocks and blocks[0][0] == "delete":
            blocks = blocks[1:]
        while blocks and blocks[-1][0] == "delete":
            blocks = blocks[:-1]
    return max((i2 - i1 for tag, i1, i2, _, _ in blocks if tag in ("replace", "delete")), default=0)
