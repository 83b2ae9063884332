"""The cheap reading every page gets: blank?, orientation, skew, printed number, headings.

Nothing here runs a text detector. Ink is found on a half-resolution mask
(pipeline/bands.py); only the lines that matter are cut out of the full-resolution image
and recognised: the chunks of the top and bottom bands, where page numbers are printed,
and the first lines of the page, where a part's title is drawn.

Upside down or not is decided from text direction: the engine's text-line direction
classifier (RapidOCR's bundled 0/180 model) votes on several of the page's widest text
lines, and a page is turned only when enough lines vote confidently and nearly all the same
way, and the head then reads at least as well turned as not. A page with too little text
to vote on (a photo, a separator sheet with one word) keeps its orientation "unknown"
(rotation 0, `orientation_confidence` None) and is never called upside down. Engines
without a classifier fall back to comparing recognition confidence both ways up, under the
same rule about little text. Turned 90° or 270° pages are recognised by their ink forming
columns rather than rows.

Layout sizes are fractions of the page (its short side), not pixels at one resolution, so
a page rendered at another scale or a small landscape sheet is measured the same way; and
the bands where page numbers and titles sit are fractions of the *sheet*, which in a phone
photo of a page is only part of the image (dark table around it).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from pipeline.bands import InkLine, estimate_skew, find_lines, ink_mask, remove_rules
from kernel.models import Box, OcrLine, PageScan
from pipeline.ocr.base import OcrEngine
from pipeline.pagenumber import parse_page_number

SCAN_VERSION = "pagescan-6"  # part of every cache key: bump when results would change

LAYOUT_SCALE = 2  # the ink mask is 1/LAYOUT_SCALE of the page image
BAND = 0.11  # top and bottom bands (fraction of the height) where page numbers are printed
HEADING_ZONE = 0.40  # heading candidates start in the top 40% of the page
HEADING_LINES = 4
READS_WELL = 0.85  # mean confidence at which lines are taken to be upright
TURN_EVIDENCE = 0.75  # mean confidence the other way up needs before a page is turned
ILLEGIBLE = 0.5
BLANK_INK = 1.5e-4  # of the page's area in ink, about two characters: less is a blank sheet
MIN_SKEW = 0.15  # degrees; below this deskewing changes nothing OCR notices
# Line heights as fractions of the page's short side (A4: 595 pt): ~3.6 pt to ~32 pt.
MIN_LINE_HEIGHT = 0.006
MAX_LINE_HEIGHT = 0.054  # taller "lines" are photos or stamps
# Text direction: lines the classifier is this sure of vote; a page needs this many votes
# and this share of them agreeing before its orientation is known.
DIRECTION_LINES = 10
DIRECTION_SURE = 0.9
DIRECTION_VOTES = 3
DIRECTION_AGREEMENT = 0.8
MAX_CROP_ASPECT = 20  # ≈ 20 CJK characters: enough for a title or a footer item


@dataclass(frozen=True)
class _Piece:
    """A crop that was recognised: where it sits (layout coordinates) and what it read."""

    x0: int
    y0: int
    x1: int
    y1: int
    text: str
    confidence: float
    zone: str  # "top" | "bottom" | "heading"
    alone: bool  # the only chunk on its line


def scan_image(index: int, gray: np.ndarray, engine: OcrEngine, page_width_pt: float) -> PageScan:
    """Scan one page image (grey, as the PDF displays it)."""
    return _scan(index, gray, engine, page_width_pt, may_turn=True)


def _scan(index: int, gray: np.ndarray, engine: OcrEngine, page_width_pt: float, may_turn: bool) -> PageScan:
    small = cv2.resize(gray, (gray.shape[1] // LAYOUT_SCALE, gray.shape[0] // LAYOUT_SCALE), interpolation=cv2.INTER_AREA)
    ink = remove_rules(ink_mask(small))
    if np.count_nonzero(ink) < BLANK_INK * ink.size:
        return PageScan(index=index, blank=True)

    skew = estimate_skew(ink)
    if abs(skew) >= MIN_SKEW:
        gray = deskew(gray, skew)
        small = cv2.resize(gray, (small.shape[1], small.shape[0]), interpolation=cv2.INTER_AREA)
        ink = remove_rules(ink_mask(small))

    lines = _text_lines(find_lines(ink), ink)
    rotation, gray, ink, lines, head, score, sure = _upright(gray, ink, lines, engine)
    if score < READS_WELL and may_turn and _columns_not_rows(ink):
        turn, turned_score = _quarter_turn(gray, engine)
        if turned_score > score + 0.1:
            turned = np.ascontiguousarray(np.rot90(gray, k=turn // 90))
            points_per_pixel = page_width_pt / gray.shape[1]
            scan = _scan(index, turned, engine, points_per_pixel * turned.shape[1], may_turn=False)
            return scan.model_copy(update={"rotation": (rotation + turn + scan.rotation) % 360})

    sheet_top, sheet_bottom = _sheet_rows(gray)
    bottom_band = sheet_bottom - BAND * (sheet_bottom - sheet_top)
    bottom = _read_band(gray, [ln for ln in lines if ln.y0 >= bottom_band], engine, "bottom")
    pieces = head + bottom
    number, number_piece = _pick_number(pieces, ink.shape[1])
    to_pt = page_width_pt / gray.shape[1] * LAYOUT_SCALE
    kept = [p for p in head if p.text and not (number_piece and _inside(p, number_piece))]
    headings = [OcrLine(text=p.text, box=_box(p, to_pt), confidence=p.confidence) for p in _joined(kept)]
    confidence = _mean_confidence(pieces)
    return PageScan(
        index=index,
        rotation=rotation,
        skew_deg=skew,
        illegible=len(_wide(pieces)) >= 3 and confidence < ILLEGIBLE,  # a photo's two specks prove nothing
        printed_number=number.number if number else None,
        number_text=number.text if number else None,
        number_box=_box(number_piece, to_pt) if number_piece else None,
        number_total=number.total if number else None,
        number_confidence=round(number_piece.confidence, 3) if number_piece else None,
        orientation_confidence=sure,
        heading_lines=headings,
        text_lines=len(lines),
    )


def scan_text_lines(index: int, lines: list[OcrLine], page_width_pt: float, page_height_pt: float) -> PageScan:
    """Scan a page that has a text layer: the same choices, made on its text lines."""
    if not lines:
        return PageScan(index=index, blank=True)
    scale = 100.0  # work in hundredths of a point so the layout rules see integers
    ordered = sorted(lines, key=lambda ln: (ln.box[1], ln.box[0]))
    pieces: list[_Piece] = []
    for line in ordered:
        x0, y0, x1, y1 = (int(v * scale) for v in line.box)
        centre = (line.box[1] + line.box[3]) / 2
        zone = "top" if centre < page_height_pt * BAND else "bottom" if centre > page_height_pt * (1 - BAND) else "heading"
        if zone == "heading" and (line.box[1] > page_height_pt * HEADING_ZONE or _count(pieces, "heading") >= HEADING_LINES):
            continue
        same_row = [o for o in ordered if o is not line and abs((o.box[1] + o.box[3]) / 2 - centre) < (line.box[3] - line.box[1]) / 2]
        pieces.append(_Piece(x0, y0, x1, y1, line.text, line.confidence, zone, alone=not same_row))
    number, number_piece = _pick_number(pieces, int(page_width_pt * scale))
    headings = [
        OcrLine(text=p.text, box=_box(p, 1 / scale), confidence=p.confidence)
        for p in pieces
        if p.zone != "bottom" and not (number_piece and _inside(p, number_piece))
    ]
    return PageScan(
        index=index,
        printed_number=number.number if number else None,
        number_text=number.text if number else None,
        number_box=_box(number_piece, 1 / scale) if number_piece else None,
        number_total=number.total if number else None,
        number_confidence=round(number_piece.confidence, 3) if number_piece else None,
        orientation_confidence=1.0,  # a text layer is drawn upright
        heading_lines=headings,
    )


def deskew(gray: np.ndarray, skew_deg: float) -> np.ndarray:
    """Turn the image back by `skew_deg` (positive = the scan was turned clockwise); grey or
    BGR (the seal check deskews in colour)."""
    height, width = gray.shape[:2]
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), skew_deg, 1.0)
    # The corners turned in are filled with what surrounds the image: the margin's white on a
    # scan, the table under a phone photo (paper-white corners there would read as sheet).
    edge = np.concatenate([gray[0, ::8], gray[-1, ::8], gray[::8, 0], gray[::8, -1]])
    median = np.median(edge, axis=0)
    border = int(median) if gray.ndim == 2 else tuple(int(v) for v in median)
    return cv2.warpAffine(gray, matrix, (width, height), flags=cv2.INTER_LINEAR, borderValue=border)


def upright(gray: np.ndarray, rotation: int, skew_deg: float) -> np.ndarray:
    """The page image turned upright and deskewed, as a scan found it to need."""
    if rotation:
        gray = np.ascontiguousarray(np.rot90(gray, k=rotation // 90))
    return deskew(gray, skew_deg) if abs(skew_deg) >= MIN_SKEW else gray


# --- layout --------------------------------------------------------------------------------


def _text_lines(lines: list[InkLine], ink: np.ndarray) -> list[InkLine]:
    """Lines of text size (~4 to ~32 pt) and texture: not dust, not photos' solid edges.

    A wide line that is mostly ink is a photo's or a stamp's edge; a short one may be a
    bold digit, which is as dense.
    """
    def solid(ln: InkLine) -> bool:
        return ln.x1 - ln.x0 > 4 * ln.height and ink[ln.y0 : ln.y1, ln.x0 : ln.x1].mean() >= 0.8

    short_side = min(ink.shape)
    low, high = max(3, round(MIN_LINE_HEIGHT * short_side)), MAX_LINE_HEIGHT * short_side
    return [ln for ln in lines if low <= ln.height <= high and ln.x1 - ln.x0 >= 3 and not solid(ln)]


def _upright(gray: np.ndarray, ink: np.ndarray, lines: list[InkLine], engine: OcrEngine):
    """Decide between 0° and 180° and read the head the right way up.

    Returns (rotation, image, ink, lines, head, score, sure): the image, ink, lines and head
    of the upright page, how well its head reads, and how sure the orientation is (None:
    too little text to tell, the page is left as it is).
    """
    head = _read_head(gray, ink, lines, engine)
    score = _mean_confidence(head)
    direction = _text_direction(gray, lines, engine)
    if direction is not None:
        turn, sure = direction
        if turn == 180 and sure is not None:
            flipped = _flipped_head(gray, ink, engine)
            flipped_score = _mean_confidence(flipped[3])
            # the head reads that way too (or there is no head that way to contradict it)
            if not _wide(flipped[3]) or flipped_score >= score - 0.05:
                return (180, *flipped, flipped_score, sure)
            return 0, gray, ink, lines, head, score, None
        return 0, gray, ink, lines, head, score, sure
    rotation, gray, ink, lines, head, score = _upright_by_reading(gray, ink, lines, head, engine)
    return rotation, gray, ink, lines, head, score, None


def _direction_lines(lines: list[InkLine]) -> list[tuple[int, int, int, int]]:
    """The widest pieces of text that say which way is up: chunks of several characters
    (a lone digit or a photo's speck reads the same both ways), in layout coordinates."""
    chunks = [(x0, ln.y0, x1, ln.y1) for ln in lines for x0, x1 in ln.chunks if x1 - x0 >= 3 * ln.height]
    return sorted(chunks, key=lambda c: c[2] - c[0], reverse=True)[:DIRECTION_LINES]


def _text_direction(gray: np.ndarray, lines: list[InkLine], engine: OcrEngine) -> tuple[int, float | None] | None:
    """(0 or 180, how sure) from the classifier's votes on the page's text lines; sure is None
    when too few lines vote or they disagree. None when the engine has no classifier."""
    boxes = _direction_lines(lines)
    crops = [_crop(gray, box) for box in boxes]
    votes = engine.line_directions(crops)
    if votes is None:
        return None
    sure = [direction for direction, confidence in votes if confidence >= DIRECTION_SURE]
    if len(sure) < DIRECTION_VOTES:
        return 0, None
    flipped = sum(1 for direction in sure if direction == 180)
    share = max(flipped, len(sure) - flipped) / len(sure)
    if share < DIRECTION_AGREEMENT:
        return 0, None
    # More agreeing votes make a surer page: 3 of 3 is 0.9, 8 of 8 is 0.99.
    confidence = round(share * (1 - 0.3 / len(sure)), 3)
    return (180 if flipped * 2 > len(sure) else 0), confidence


def _upright_by_reading(gray: np.ndarray, ink: np.ndarray, lines: list[InkLine], head: list[_Piece], engine: OcrEngine):
    """0° or 180° for an engine without a direction classifier, by reading both ways up.

    Returns (rotation, image, ink, lines, head, score) for the upright page.
    """
    score, flipped, turn_over = _mean_confidence(head), None, False
    if len(_direction_lines(lines)) < DIRECTION_VOTES:
        return 0, gray, ink, lines, head, score  # too little text to judge (a photo)
    if _wide(head):
        if score < READS_WELL:
            flipped = _flipped_head(gray, ink, engine)
            turn_over = _turn_over(score, _mean_confidence(flipped[3]))
    else:  # nothing to judge at the top (a photo, a short caption): judge by the widest lines
        upright_score, flipped_score = _probe(gray, lines, engine)
        turn_over = _turn_over(upright_score, flipped_score)
        score = max(upright_score, flipped_score)
    if not turn_over:
        return 0, gray, ink, lines, head, score
    gray, ink, lines, head = flipped or _flipped_head(gray, ink, engine)
    return 180, gray, ink, lines, head, _mean_confidence(head) if flipped else score


def _turn_over(upright_score: float, flipped_score: float) -> bool:
    """Turned over only on evidence: the text must read well that way, and clearly better.

    A photo's edges or a stamp read as garbage both ways; a page is not turned for that.
    """
    return flipped_score >= TURN_EVIDENCE and flipped_score > upright_score + 0.1


def _flipped_head(gray: np.ndarray, ink: np.ndarray, engine: OcrEngine):
    """The page turned by 180° and its head read: (image, ink, lines, head)."""
    gray = np.ascontiguousarray(gray[::-1, ::-1])
    ink = np.ascontiguousarray(ink[::-1, ::-1])
    lines = _text_lines(find_lines(ink), ink)
    return gray, ink, lines, _read_head(gray, ink, lines, engine)


def _probe(gray: np.ndarray, lines: list[InkLine], engine: OcrEngine, count: int = 3) -> tuple[float, float]:
    """Mean confidence of the page's widest lines read as they are and turned by 180°."""
    widest = sorted(lines, key=lambda ln: ln.x1 - ln.x0, reverse=True)[:count]
    jobs = [(ln.x0, ln.y0, ln.x1, ln.y1, "probe", True) for ln in widest]
    upright_pieces = _recognise(gray, jobs, engine)
    height, width = gray.shape[0] // LAYOUT_SCALE, gray.shape[1] // LAYOUT_SCALE
    flipped_jobs = [(width - x1, height - y1, width - x0, height - y0, z, a) for x0, y0, x1, y1, z, a in jobs]
    flipped_pieces = _recognise(np.ascontiguousarray(gray[::-1, ::-1]), flipped_jobs, engine)
    return _mean_confidence(upright_pieces), _mean_confidence(flipped_pieces)


def _columns_not_rows(ink: np.ndarray) -> bool:
    """True when the ink forms vertical lines: the page lies on its side.

    Smearing the ink along rows joins the characters of a horizontal line into long bars;
    along columns, those of a vertical one. Whichever direction gives far fewer, longer
    pieces is the direction of the lines.
    """
    def pieces(kernel: tuple[int, int]) -> int:
        smeared = cv2.dilate(ink.astype(np.uint8), np.ones(kernel, np.uint8))
        return cv2.connectedComponents(smeared)[0]

    return pieces((9, 1)) * 2 < pieces((1, 9))


def _quarter_turn(gray: np.ndarray, engine: OcrEngine) -> tuple[int, float]:
    """90 or 270 for a page lying on its side, by reading its first lines both ways."""
    best, best_score = 0, 0.0
    for turn in (90, 270):
        turned = np.ascontiguousarray(np.rot90(gray, k=turn // 90))
        small = cv2.resize(turned, (turned.shape[1] // LAYOUT_SCALE, turned.shape[0] // LAYOUT_SCALE), interpolation=cv2.INTER_AREA)
        ink = remove_rules(ink_mask(small))
        score = _mean_confidence(_read_head(turned, ink, _text_lines(find_lines(ink), ink), engine))
        if score > best_score:
            best, best_score = turn, score
    return best, best_score


def _sheet_rows(gray: np.ndarray, step: int = 8) -> tuple[int, int]:
    """The rows (layout coordinates, end exclusive) the sheet of paper spans: all of them on a
    scan; on a photo of a page, those where at least a third of the row is paper-bright."""
    sample = gray[::step, ::step]
    bright = sample >= 0.6 * np.percentile(sample, 95)
    rows = np.flatnonzero(bright.mean(axis=1) >= 1 / 3)
    height = gray.shape[0] // LAYOUT_SCALE
    if len(rows) == 0:
        return 0, height
    return rows[0] * step // LAYOUT_SCALE, min(height, (rows[-1] + 1) * step // LAYOUT_SCALE)


def _read_head(gray: np.ndarray, ink: np.ndarray, lines: list[InkLine], engine: OcrEngine) -> list[_Piece]:
    """Read the top band of the sheet chunk by chunk and the first lines below it whole."""
    sheet_top, sheet_bottom = _sheet_rows(gray)
    band = sheet_top + BAND * (sheet_bottom - sheet_top)
    zone = sheet_top + HEADING_ZONE * (sheet_bottom - sheet_top)
    top = [ln for ln in lines if ln.y1 <= band]
    below = [ln for ln in lines if ln.y1 > band and ln.y0 < zone][:HEADING_LINES]
    pieces = _read_band(gray, top, engine, "top")
    jobs = [(ln.x0, ln.y0, ln.x1, ln.y1, "heading", True) for ln in below]
    return pieces + _recognise(gray, jobs, engine)


def _read_band(gray: np.ndarray, lines: list[InkLine], engine: OcrEngine, zone: str) -> list[_Piece]:
    jobs = [(x0, ln.y0, x1, ln.y1, zone, len(ln.chunks) == 1) for ln in lines for x0, x1 in ln.chunks]
    return _recognise(gray, jobs, engine)


def _crop(gray: np.ndarray, box: tuple[int, int, int, int]) -> np.ndarray:
    """The full-resolution crop around a box in layout coordinates, padded, at most
    MAX_CROP_ASPECT line heights wide."""
    x0, y0, x1, y1 = box
    pad_y, pad_x = max(2, (y1 - y0) // 4), max(3, (y1 - y0) // 2)
    x1 = min(x1, x0 + MAX_CROP_ASPECT * (y1 - y0))
    s = LAYOUT_SCALE
    return gray[max(0, (y0 - pad_y) * s) : (y1 + pad_y) * s, max(0, (x0 - pad_x) * s) : (x1 + pad_x) * s]


def _recognise(gray: np.ndarray, jobs: list[tuple], engine: OcrEngine) -> list[_Piece]:
    """Cut each job's box (layout coordinates) out of the full image and recognise them together."""
    crops = [_crop(gray, job[:4]) for job in jobs]
    results = engine.recognise_crops(crops) if crops else []
    return [_Piece(x0, y0, x1, y1, text.strip(), conf, zone, alone) for (x0, y0, x1, y1, zone, alone), (text, conf) in zip(jobs, results)]


def _wide(pieces: list[_Piece]) -> list[_Piece]:
    """Pieces that say something about orientation: wide enough for a few characters (a lone
    digit reads well either way up) and read as something (a photo's edge reads as nothing)."""
    return [p for p in pieces if p.x1 - p.x0 >= 2 * (p.y1 - p.y0) and p.text]


def _mean_confidence(pieces: list[_Piece]) -> float:
    chosen = _wide(pieces) or pieces
    return float(np.mean([p.confidence for p in chosen])) if chosen else 0.0


def _count(pieces: list[_Piece], zone: str) -> int:
    return sum(1 for p in pieces if p.zone == zone)


def _rows(pieces: list[_Piece]) -> list[tuple[list[_Piece], bool]]:
    """Pieces grouped by the line they were cut from, left to right, split at wide gaps.

    Spaced-out text ("第 7 页 共 40 页", a letter-spaced title) falls apart into several
    chunks where the spaces are wide; a group keeps together chunks less than four line
    heights apart, so a phone number at the margin never joins the page number. Each
    group comes with whether it is the only one on its line.
    """
    lines: dict[tuple[str, int, int], list[_Piece]] = {}
    for piece in pieces:
        lines.setdefault((piece.zone, piece.y0, piece.y1), []).append(piece)
    found: list[tuple[list[_Piece], bool]] = []
    for line in lines.values():
        line.sort(key=lambda p: p.x0)
        groups = [[line[0]]]
        for before, piece in zip(line, line[1:]):
            if piece.x0 - before.x1 > 4 * (piece.y1 - piece.y0):
                groups.append([])
            groups[-1].append(piece)
        found += [(group, len(groups) == 1) for group in groups]
    return found


def _join(run: list[_Piece], alone: bool) -> _Piece:
    first, last = run[0], run[-1]
    return _Piece(first.x0, first.y0, last.x1, first.y1, " ".join(p.text for p in run),
                  min(p.confidence for p in run), first.zone, alone)


def _joined(pieces: list[_Piece]) -> list[_Piece]:
    """Each group of near chunks as one piece (headings read as whole lines)."""
    return [group[0] if len(group) == 1 else _join(group, only) for group, only in _rows(pieces)]


def _candidates(pieces: list[_Piece]) -> list[_Piece]:
    """Each band piece, and every run of neighbouring chunks inside a group, as page-number candidates."""
    found = list(pieces)
    for group, only in _rows(pieces):
        for start in range(len(group)):
            for end in range(start + 2, len(group) + 1):
                found.append(_join(group[start:end], alone=only and end - start == len(group)))
    return found


def _pick_number(pieces: list[_Piece], width: int):
    """The most credible page number among the band pieces, and the piece it came from.

    Explicit markup ("- 5 -", "第5页") is taken from anywhere in the bands. A bare number
    only where page numbers sit: alone on the outermost line of its band, centred or at
    an outer margin, and read confidently, so a form's row number or a stray digit is
    not taken for a page number.
    """
    best, best_piece, best_score = None, None, 0.0
    for zone in ("bottom", "top"):
        band = [p for p in pieces if p.zone == zone]
        if not band:
            continue
        outer = max(p.y1 for p in band) if zone == "bottom" else min(p.y0 for p in band)
        for piece in _candidates(band):
            match = parse_page_number(piece.text)
            if match is None:
                continue
            centre = (piece.x0 + piece.x1) / 2 / width
            placed = abs(centre - 0.5) < 0.12 or centre > 0.75 or centre < 0.25
            outermost = (piece.y1 >= outer - 2) if zone == "bottom" else (piece.y0 <= outer + 2)
            if match.strong and piece.confidence >= 0.5:
                score = 3.0
            elif piece.alone and placed and outermost and piece.confidence >= 0.8:
                score = 2.0
            elif placed and outermost and piece.confidence >= 0.9 and abs(centre - 0.5) < 0.12:
                score = 1.5
            elif outermost and piece.confidence >= 0.9 and _at_outer_edge(piece, band, centre):
                score = 1.5  # "5" at the margin, beside a running footer ("2023年度申报材料   5")
            else:
                continue
            score += 0.5 if zone == "bottom" else 0.0
            score -= abs(centre - 0.5) * 0.1
            if score > best_score:
                best, best_piece, best_score = match, piece, score
    return best, best_piece


def _at_outer_edge(piece: _Piece, band: list[_Piece], centre: float) -> bool:
    """The piece ends a footer line at the right margin: one running footer to its left at
    most. (A table row reaching into the band has more cells, and its last one is a value.)"""
    same_line = [p for p in band if p is not piece and p.y0 < piece.y1 and piece.y0 < p.y1]
    return centre > 0.8 and len(same_line) <= 1 and all(p.x1 <= piece.x0 for p in same_line)


def _inside(piece: _Piece, outer: _Piece) -> bool:
    return outer.x0 <= piece.x0 and piece.x1 <= outer.x1 and outer.y0 <= piece.y0 and piece.y1 <= outer.y1


def _box(piece: _Piece, to_pt: float) -> Box:
    return (piece.x0 * to_pt, piece.y0 * to_pt, piece.x1 * to_pt, piece.y1 * to_pt)
