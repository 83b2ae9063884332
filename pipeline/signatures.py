"""Is the signature field signed? Presence only: a pen's strokes or a name seal (签名章)
in the blank after a 签字 / 签名 / 签章 label, never whose hand it is.

The label is found in the page's text (法定代表人（签字）：, 负责人签名：, 承诺人签章：); the
field is the space after it on its line, with the line's height above and below it, where
people sign larger than the print. What counts there is ink that is neither the label
nor a printed name after it (the page's text lines tell where print is), nor the unit's
round seal stamped over the field (its red is told apart on a colour page; on a grey page
only ink darker than a seal's grey counts inside the seal), nor a rule to sign on. A name
seal stamped inside the unit's seal is found by its square frame, or, where the seal's star
and ring hide the frame, read as the legal representative's name (printed after the label,
or as the dossier gives it elsewhere).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterator, Sequence

import cv2
import numpy as np

from kernel.geometry import boxes_overlap
from kernel.layout import LAYOUT
from kernel.models import Box, OcrLine, SignatureField
from pipeline.ocr.base import OcrEngine
from pipeline.rowread import read_rows
from pipeline.seals import GREY_SEAL_INK, FoundSeal, print_cut, red_ink

# A signature label: a person's role before 签字/签名/签章, or the word in brackets or before a
# colon. After a role, 签 and whatever the recogniser made of 字 will do, in brackets
# ("法定代表人（签亭）") or before a colon ("法定代表人签：", the brackets lost) — not 签发 or
# 签订. Clauses ("自双方签字盖章之日起") and notes ("请用签字笔填写") name no field.
_ROLE = r"(?:法定代表人|法人代表|法定代表|负责人|代表人|承诺人|申请人|领办人|经办人|授权代表)"
_MISREAD_SIGN = r"签(?![发订约署收])[\u4e00-\u9fff]?"
_LABEL = re.compile(rf"{_ROLE}\s*[（(]?\s*(?:签字|签名|签章)\s*[）)]?\s*[:：]?|{_ROLE}\s*[（(]\s*{_MISREAD_SIGN}\s*[）)]\s*[:：]?"
                    rf"|{_ROLE}\s*{_MISREAD_SIGN}\s*[:：]|[（(]\s*(?:签字|签名)\s*[）)]\s*[:：]?|(?:签字|签名)\s*[:：]")
_NOT_A_FIELD = re.compile(r"签字笔|签名笔|之日|签字盖章后|签字确认")
# A label the text detector cut short: "法定代表人（", or with one character more ("法定代表人（子").
_CUT_LABEL = re.compile(rf"{_ROLE}\s*(?:[（(]\s*[\u4e00-\u9fff]?)?$")
_PRINTED_NAME = re.compile(r"^\s*[\u4e00-\u9fff]{2,3}")  # a person's name: two or three characters
_CJK = re.compile(r"[\u4e00-\u9fff]")
_SEAL_WORDS = {"印", "之", "章"}  # what a name seal carries besides the name (张三之印, 张三印章)
FIELD = LAYOUT.signatures  # the field's geometry and what ink in it counts (kernel/layout.py)


def signature_labels(lines: list[OcrLine]) -> list[tuple[OcrLine, str, float, str]]:
    """Each line that holds a signature label: (line, label, x where the field starts, in
    points, the printed name after the label or ""). A name right after the label
    (法定代表人（签字）：张三) is the printed one, so the field starts after it. Print's
    characters are evenly spaced, at the pitch the page's other lines of print show (a
    line read with a signature in it is wider)."""
    pitch = _pitch(lines)
    labels = []
    for line in lines:
        text = unicodedata.normalize("NFKC", line.text)
        match = _LABEL.search(text)
        if not match or _NOT_A_FIELD.search(text):
            continue
        name = _PRINTED_NAME.match(text[match.end():])
        end = match.end() + (len(name.group(0)) if name else 0)
        x0, _, x1, _ = line.box
        label = match.group(0).strip().rstrip(":：").replace("(", "（").replace(")", "）")
        role = re.match(_ROLE, label)
        if role and not re.search("签字|签名|签章", label):  # misread: named as the form prints it
            label = f"{role.group(0)}（签字）"
        labels.append((line, label, x0 + min((x1 - x0) / max(1, len(text)), pitch or 1e9) * end,
                       name.group(0).strip() if name else ""))
    return labels


def _pitch(lines: list[OcrLine]) -> float | None:
    """The page's character pitch (points per character) in its lines of print."""
    pitches = [(line.box[2] - line.box[0]) / len(line.text) for line in lines
               if _printed(line) and len(line.text) >= 6 and len(_CJK.findall(line.text)) >= 0.7 * len(line.text)]
    return float(np.median(pitches)) if pitches else None


def reread_cut_labels(image: np.ndarray, points_per_pixel: float, lines: list[OcrLine],
                      engine: OcrEngine) -> list[OcrLine]:
    """`lines`, with each line that ends in a role (法定代表人) read again as far as the page
    goes: a seal stamped over the rest of a label (（签字）：) often makes the text detector
    stop where the seal begins. The seal's red is taken out first on a colour page."""
    k = points_per_pixel
    h, w = image.shape[:2]
    out = []
    for line in lines:
        text = unicodedata.normalize("NFKC", line.text).strip()
        if not _CUT_LABEL.search(text) or _LABEL.search(text):
            out.append(line)
            continue
        height = line.box[3] - line.box[1]
        pad = FIELD.label_pad_lines * height
        x0, y0 = max(0, int(line.box[0] / k) - 2), max(0, int((line.box[1] - pad) / k))
        x1, y1 = min(w, int((line.box[2] + FIELD.label_reread_lines * height) / k)), min(h, int((line.box[3] + pad) / k))
        crop = image[y0:y1, x0:x1].copy()
        if crop.size == 0:
            out.append(line)
            continue
        if crop.ndim == 3:
            crop[red_ink(crop) > 0] = 255
        [(again, confidence)] = engine.recognise_crops([crop])
        again = unicodedata.normalize("NFKC", again).strip()
        if _LABEL.search(again) and again.startswith(text[:2]):
            pitch = (line.box[2] - line.box[0]) / max(1, len(text))  # print's characters are evenly spaced
            out.append(OcrLine(text=again, box=(line.box[0], line.box[1], line.box[0] + pitch * len(again),
                                                line.box[3]), confidence=confidence))
        else:
            out.append(line)
    return out


def rows_around_seals(image: np.ndarray, points_per_pixel: float, seals: list[FoundSeal],
                      engine: OcrEngine) -> list[OcrLine]:
    """The text rows across the page at the height of its seals, read row by row with the
    seals' red taken out: where a seal and a signature cover a label, the text detector
    often loses the whole line, while its row of ink is still there to read."""
    h, w = image.shape[:2]
    rows: list[OcrLine] = []
    for seal in seals:
        if seal.shape == "square":
            continue
        reach = FIELD.seal_rows_radii * seal.b
        y0, y1 = max(0, int(seal.cy - reach)), min(h, int(seal.cy + reach))
        band = image[y0:y1].copy()
        if band.ndim == 3:
            band[red_ink(band) > 0] = 255
            band = cv2.cvtColor(band, cv2.COLOR_BGR2GRAY)
        else:  # a seal turned grey is lighter than print: keep the print only
            paper = float(np.percentile(band, 90))
            print_level = float(np.percentile(band, 1))
            band[band > (print_level + paper) / 2 - 0.15 * (paper - print_level)] = 255
        for line in read_rows(band, engine, points_per_pixel):
            x0, b0, x1, b1 = line.box
            rows.append(line.model_copy(update={"box": (x0, b0 + y0 * points_per_pixel, x1, b1 + y0 * points_per_pixel)}))
    return rows


def signature_fields(index: int, image: np.ndarray, points_per_pixel: float, lines: list[OcrLine],
                     seals: list[FoundSeal], engine: OcrEngine, signed: bool = True,
                     signers: Sequence[str] = ()) -> list[SignatureField]:
    """The signature fields of an upright page image (BGR or grey) whose text is `lines`
    (boxes in points), with the seals found on it (pixels), and whether each is signed.
    `signed`: the page belongs to a part that must be signed, so a label the whole-page
    reading lost under a seal is looked for once more; `signers`: the legal
    representative's name as the dossier gives it, which a name seal reads."""
    lines = reread_cut_labels(image, points_per_pixel, lines, engine)
    if signed and not signature_labels(lines):
        lines = lines + rows_around_seals(image, points_per_pixel, seals, engine)
    printed = _print_lines(lines)
    fields = []
    for line, label, start, name in signature_labels(lines):
        height = line.box[3] - line.box[1]
        area = (start + FIELD.field_start_lines * height, line.box[1] - FIELD.above_lines * height,
                start + FIELD.field_width_lines * height, line.box[3] + FIELD.below_lines * height)
        share, covered = _pen_ink(image, area, points_per_pixel, printed, line, start, seals)
        present = share >= FIELD.min_ink
        confidence = min(0.99, 0.6 + abs(share - FIELD.min_ink) / FIELD.min_ink * 0.2)
        if not present and covered >= FIELD.covered:
            if _name_seal_read(image, area, points_per_pixel, height, [name, *signers], seals, engine):
                present, confidence = True, FIELD.name_seal_read_confidence
            else:
                confidence = 0.5  # a name seal stamped inside the unit's seal cannot be told from it
        fields.append(SignatureField(page=index, label=label, box=tuple(round(v, 1) for v in area),
                                     present=present, confidence=round(confidence, 3)))
    return fields


def _pen_ink(image: np.ndarray, area: Box, k: float, printed: list[OcrLine], label_line: OcrLine, start: float,
             seals: list[FoundSeal]) -> tuple[float, float]:
    """Share of the field's area covered by ink that is no print (the `printed` lines, and
    the label's own part of its line), no unit seal, no rule; and the share of the field a
    unit seal covers."""
    h, w = image.shape[:2]
    x0, y0 = max(0, int(area[0] / k)), max(0, int(area[1] / k))
    x1, y1 = min(w, int(area[2] / k)), min(h, int(area[3] / k))
    if x1 - x0 < 4 or y1 - y0 < 4:
        return 0.0, 0.0
    crop = image[y0:y1, x0:x1]
    grey = crop if crop.ndim == 2 else cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY)
    paper = float(np.percentile(image[::8, ::8] if image.ndim == 2 else cv2.cvtColor(image[::8, ::8], cv2.COLOR_BGR2GRAY), 90))
    pen = grey < paper - FIELD.pen_darkness
    unit_seals = [s for s in seals if s.shape != "square"]
    inside = _inside(unit_seals, x0, y0, crop.shape, FIELD.seal_margin)
    covered = float(inside.mean())
    if any(s.shape == "square" and boxes_overlap(s.box, (x0, y0, x1, y1)) for s in seals):
        return 1.0, covered  # a name seal found as a square seal
    if crop.ndim == 3:
        red = red_ink(crop) > 0
        pen = (pen & ~red) | (red & ~inside)  # a name seal's red outside the unit's seal counts
    else:  # inside a unit seal turned grey only ink darker than the seal's is a pen's
        stamped = grey[inside & pen]
        if stamped.size > 20:
            pen &= ~inside | (grey < float(np.median(stamped)) - 35)
    for line in [label_line, *(line for line in printed if line is not label_line)]:
        bx0, by0, bx1, by1 = line.box
        if line is label_line:
            bx1 = start
        px0, py0 = int(bx0 / k) - x0 - 1, int(by0 / k) - y0 - 1
        px1, py1 = int(bx1 / k) - x0 + 2, int(by1 / k) - y0 + 2
        pen[max(0, py0):max(0, py1), max(0, px0):max(0, px1)] = False
    mask = pen.astype(np.uint8) * 255
    length = max(round(FIELD.min_rule_pt / k), int(FIELD.rule_length_lines * (label_line.box[3] - label_line.box[1]) / k))
    rules = cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1)))
    rules |= cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, length)))
    strokes = cv2.subtract(mask, cv2.dilate(rules, np.ones((3, 3), np.uint8)))
    speckle = max(1, round(FIELD.speckle_pt / k))
    strokes = cv2.morphologyEx(strokes, cv2.MORPH_OPEN, np.ones((speckle, speckle), np.uint8))  # scanner speckle
    share = float((strokes > 0).mean())
    line_height = (label_line.box[3] - label_line.box[1]) / k
    if share < FIELD.min_ink and covered and _name_seal_near(image, (x0, y0, x1, y1), line_height, unit_seals, paper):
        return 1.0, covered  # a name seal stamped inside the unit's seal
    return share, covered


def _name_seal_near(image: np.ndarray, field: tuple[int, int, int, int], line_height: float,
                    unit_seals: list[FoundSeal], paper: float) -> bool:
    """Whether a name seal's frame overlaps the field (pixels x0, y0, x1, y1). It is looked
    for in the field grown by the largest name seal's side, since a name seal is often
    stamped taller than the field or across its edge, where the field alone holds only part
    of its frame. Its ink: the seal red where the unit's seal is red; where that seal is grey
    (a black-and-white scan, even one stored in colour), ink lighter than the print, or all
    ink where the two are as dark."""
    h, w = image.shape[:2]
    reach = int(FIELD.name_seal_max_lines * line_height)
    x0, y0 = max(0, field[0] - reach), max(0, field[1] - reach)
    x1, y1 = min(w, field[2] + reach), min(h, field[3] + reach)
    window = image[y0:y1, x0:x1]
    if window.ndim == 3 and any(seal.colour == "red" for seal in unit_seals):
        stamped = red_ink(window) > 0
    else:
        if window.ndim == 3:
            window = cv2.cvtColor(window, cv2.COLOR_BGR2GRAY)
        ink = window < paper - GREY_SEAL_INK
        cut = print_cut(window, ink & _inside(unit_seals, x0, y0, window.shape, 1.0))
        stamped = ink if cut is None else ink & (window > cut)
    ring_text = FIELD.ring_text_radii * max((seal.b for seal in unit_seals), default=0.0)
    return any(boxes_overlap((fx0 + x0, fy0 + y0, fx1 + x0, fy1 + y0), field)
               for fx0, fy0, fx1, fy1 in _name_seal_frames(stamped, line_height, ring_text))


def _name_seal_read(image: np.ndarray, area: Box, k: float, line_height: float, names: Sequence[str],
                    seals: list[FoundSeal], engine: OcrEngine) -> bool:
    """Whether a name seal in the unit's seal over the field reads as one of `names` (the
    name printed after the label, the legal representative's elsewhere in the dossier):
    where its frame is lost among the seal's star, ring and centre text, its big characters
    still read. Read in the field grown by the largest name seal's side, a line counts when
    it lies in a unit seal's middle (not its ring, which can share a character with the
    name) and reads as a square seal's row: two or more of the name's characters and 印,
    之 or 章 only, and not the name or part of it in its own order, as print reads (a 2×2
    seal's rows run across its columns: 黎静华印 reads "华黎" and "印静", 卢磊之印 "之卢" and
    "印磊"). Two of the name's characters, or one and 印, must be read."""
    unit_seals = [s for s in seals if s.shape != "square"]
    names = [name for name in names if len(name) >= 2]
    if not names or not unit_seals:
        return False
    h, w = image.shape[:2]
    reach = FIELD.name_seal_max_lines * line_height
    x0, y0 = max(0, int((area[0] - reach) / k)), max(0, int((area[1] - reach) / k))
    x1, y1 = min(w, int((area[2] + reach) / k)), min(h, int((area[3] + reach) / k))
    if x1 - x0 < 4 or y1 - y0 < 4:
        return False
    rows = []
    for read in engine.recognise(image, (x0, y0, x1, y1)):
        text = "".join(_CJK.findall(unicodedata.normalize("NFKC", read.text)))
        bx0, by0, bx1, by1 = read.box
        middle = _inside(unit_seals, int((bx0 + bx1) / 2), int((by0 + by1) / 2), (1, 1), FIELD.name_seal_middle)
        if len(text) >= 2 and read.confidence >= FIELD.name_seal_read_min and middle.any():
            rows.append(text)
    for name in names:
        found: set[str] = set()
        for text in rows:
            if set(text) <= set(name) | _SEAL_WORDS and text not in name:
                found |= set(text) & (set(name) | {"印"})
        if len(found) >= 2 and found - {"印"}:
            return True
    return False


def _name_seal_frames(ink: np.ndarray, line_height: float, ring_text: float) -> Iterator[tuple[int, int, int, int]]:
    """The boxes (x0, y0, x1, y1) of name seals' square frames in a mask of seal ink: a square,
    turned as a hand turns a stamp, of one to a few line heights on a side and larger than
    the ring text of the unit seal it lies in (`ring_text`, pixels: a 国 in the ring has a
    frame too), whose four sides are inked along (almost) their whole length, with the name
    inside it and its sides ending at its corners — what neither the unit seal's ring, its
    characters nor its star draw, nor a table's cell. The square is looked for side by side, not as an
    outline of its own: a name seal stamped inside the unit's seal touches its ring and its
    characters, and its frame's outline runs into theirs. Looked for on the mask shrunk to
    `name_seal_line_px` pixels a line."""
    scale = min(1.0, FIELD.name_seal_line_px / line_height)
    low = max(FIELD.name_seal_min_lines * line_height, ring_text) * scale
    high = FIELD.name_seal_max_lines * line_height * scale
    small = cv2.resize(ink.astype(np.float32), None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) > 0.25
    if not small.any() or min(small.shape) < low:
        return
    band = max(2, round(0.06 * line_height * scale))
    mask = cv2.dilate(small.astype(np.float32), np.ones((2 * band + 1, 2 * band + 1), np.uint8))  # a side within a band
    sides = np.geomspace(low, high, max(2, math.ceil(math.log(high / low) / math.log(FIELD.name_seal_side_step)) + 1))
    h, w = mask.shape
    for angle in range(-FIELD.name_seal_turn, FIELD.name_seal_turn + 1, FIELD.name_seal_turn_step):
        turn = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
        size = (int(abs(w * turn[0, 0]) + abs(h * turn[0, 1])) + 1, int(abs(w * turn[1, 0]) + abs(h * turn[1, 1])) + 1)
        turn[:, 2] += (size[0] / 2 - w / 2, size[1] / 2 - h / 2)
        turned = cv2.warpAffine(mask, turn, size, flags=cv2.INTER_NEAREST)
        back = cv2.invertAffineTransform(turn) / scale
        for side in sides:
            for x, y, n in _squares(turned, round(side), band):
                corners = np.array([[x, y, 1], [x + n, y, 1], [x, y + n, 1], [x + n, y + n, 1]], np.float64) @ back.T
                (x0, y0), (x1, y1) = corners.min(axis=0), corners.max(axis=0)
                yield int(x0), int(y0), int(math.ceil(x1)), int(math.ceil(y1))


def _squares(mask: np.ndarray, n: int, band: int) -> list[tuple[int, int, int]]:
    """The upright squares of side `n` in an ink mask grown by `band` whose four sides are
    lines: inked, and much less so a little inside and outside them (a cluster of ring
    characters, or a block, is inked all over); with ink inside, and blank beyond each
    side's ends: (x, y of the top left, n)."""
    h, w = mask.shape
    reach = max(2, round(FIELD.name_seal_beyond * n))
    off = 3 * band + 1  # a line parallel to a side, just clear of it
    inset = round(FIELD.name_seal_inset * n)
    margin = max(reach, off) + 1
    rows, cols = h - n - 2 * margin, w - n - 2 * margin
    if rows <= 0 or cols <= 0 or n - 2 * inset < 1:
        return []

    def run(length: tuple[int, int]) -> np.ndarray:  # share inked of the run starting at each pixel
        return cv2.boxFilter(mask, -1, length, anchor=(0, 0), borderType=cv2.BORDER_CONSTANT)

    def at(runs: np.ndarray, dy: int, dx: int) -> np.ndarray:  # the run from (x + dx, y + dy), every candidate
        return runs[margin + dy:margin + dy + rows, margin + dx:margin + dx + cols]

    across, down = run((n, 1)), run((1, n))
    sides = [at(across, 0, 0), at(across, n, 0), at(down, 0, 0), at(down, 0, n)]
    inked = np.minimum.reduce(sides)
    frame = sum(sides) / 4
    outside = (sum(at(across, dy, 0) for dy in (-off, n + off)) + sum(at(down, 0, dx) for dx in (-off, n + off))) / 4
    within = (sum(at(across, dy, 0) for dy in (off, n - off)) + sum(at(down, 0, dx) for dx in (off, n - off))) / 4
    beyond_across, beyond_down = run((reach, 1)), run((1, reach))
    beyond = (sum(at(beyond_across, dy, dx) for dy in (0, n) for dx in (-reach, n + 1))
              + sum(at(beyond_down, dy, dx) for dy in (-reach, n + 1) for dx in (0, n))) / 8
    inside = at(run((n - 2 * inset, n - 2 * inset)), inset, inset)
    # Its sides are lines: less inked on either side of them; or, where its big characters fill
    # it to the frame (a bold name seal: inked all over inside), less inked outside them.
    lines = ((frame - (outside + within) / 2 >= FIELD.name_seal_line_contrast)
             | ((frame - outside >= FIELD.name_seal_line_contrast) & (inside >= FIELD.name_seal_filled)))
    found = ((inked >= FIELD.name_seal_side_red) & (frame >= FIELD.name_seal_frame_red) & lines
             & (beyond <= FIELD.name_seal_beyond_red) & (inside >= FIELD.name_seal_min_inside))
    ys, xs = np.nonzero(found)
    return [(int(x) + margin, int(y) + margin, n) for y, x in zip(ys, xs)]


def _print_lines(lines: list[OcrLine]) -> list[OcrLine]:
    """The lines that are print: read confidently as words, and no taller than the page's
    print allows. A scrawl is often read as a word or two (a signature as "AA", with
    confidence), but people sign larger than the type around the field."""
    heights = [line.box[3] - line.box[1] for line in lines if _printed(line) and len(line.text) >= 6]
    tallest = FIELD.print_height_ratio * float(np.median(heights)) if heights else math.inf
    return [line for line in lines if _printed(line) and line.box[3] - line.box[1] <= tallest]


def _printed(line: OcrLine) -> bool:
    """A line the recogniser read confidently as words: print, not a scrawl it guessed at."""
    text = unicodedata.normalize("NFKC", line.text)
    return line.confidence >= 0.85 and len(re.findall(r"[\u4e00-\u9fff0-9A-Za-z]", text)) >= 2


def _inside(seals: list[FoundSeal], x0: int, y0: int, shape: tuple[int, ...], scale: float) -> np.ndarray:
    h, w = shape[:2]
    yy, xx = np.mgrid[y0:y0 + h, x0:x0 + w].astype(np.float32)
    inside = np.zeros((h, w), bool)
    for seal in seals:
        t = np.radians(seal.angle)
        dx, dy = xx - seal.cx, yy - seal.cy
        u = (dx * np.cos(t) + dy * np.sin(t)) / (seal.a * scale)
        v = (-dx * np.sin(t) + dy * np.cos(t)) / (seal.b * scale)
        inside |= u * u + v * v <= 1.0
    return inside


