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

Layout sizes come from `LAYOUT.scan` (kernel/layout.py): fractions of the page (its short
side), line heights or points, turned into pixels at the resolution the page was rendered
at, so a page rendered at another scale or a small landscape sheet is measured the same
way; and the bands where page numbers and titles sit are fractions of the *sheet*, which in
a phone photo of a page is only part of the image (dark table around it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import cv2
import numpy as np

from kernel.layout import LAYOUT, PixelGrid
from kernel.models import Box, OcrLine, PageScan
from pipeline.bands import InkLine, estimate_skew, find_lines, ink_mask, remove_rules
from pipeline.ocr.base import OcrEngine
from pipeline.pagenumber import parse_page_number

SCAN_VERSION = "pagescan-19"  # part of every cache key (with the layout's fingerprint): bump when the code's results would change (13: a page voted upside down voted again on lines of words; 14: a dash read as ー; 15: specks read at low confidence are no band line; 16: a page not turned over on a number that reads less surely than its bands do upright; 17: nor on "一6一", a dash read as 一; 18: a page voted upside down looks for words among its 100 widest chunks, not 30; 19: a number alone on its line before one beside other text, whatever its band)
SCAN = LAYOUT.scan


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
    grid = SCAN.grid(page_width_pt / gray.shape[1])
    ink = layout_ink(gray, grid)
    if np.count_nonzero(ink) < SCAN.blank_ink * ink.size:
        return PageScan(index=index, blank=True)

    skew = estimate_skew(ink, limit_deg=SCAN.max_skew_deg)
    if needs_deskew(skew):
        gray = deskew(gray, skew)
        ink = layout_ink(gray, grid)  # deskewing keeps the image's size

    lines = _lines(ink, grid)
    rotation, gray, ink, lines, head, score, sure = _upright(gray, ink, lines, engine, grid)
    if score < SCAN.reads_well and may_turn and _columns_not_rows(ink, grid):
        turn, turned_score = _quarter_turn(gray, engine, grid)
        if turned_score > score + SCAN.turn_margin:
            turned = np.ascontiguousarray(np.rot90(gray, k=turn // 90))
            points_per_pixel = page_width_pt / gray.shape[1]
            scan = _scan(index, turned, engine, points_per_pixel * turned.shape[1], may_turn=False)
            return scan.model_copy(update={"rotation": (rotation + turn + scan.rotation) % 360})

    sheet_top, sheet_bottom = _sheet_rows(gray, grid)
    bottom_band = sheet_bottom - SCAN.band * (sheet_bottom - sheet_top)
    bottom = _read_band(gray, [ln for ln in lines if ln.y0 >= bottom_band], engine, "bottom", grid)
    pieces = head + bottom
    number, number_piece = _pick_number(pieces, ink.shape[1], slack=grid.mask_px(SCAN.outermost_pt))
    unsure = None if number else (_unsure_number([p for p in pieces if p.zone == "bottom"], bottom=True)
                                  or _unsure_number([p for p in pieces if p.zone == "top"], bottom=False)
                                  or _faint_number(gray, engine, grid))
    if number is None and sure is None and rotation == 0 and may_turn:
        over = _numbered_upside_down(index, gray, engine, page_width_pt, _best_band_read(pieces))
        if over is not None:
            return over.model_copy(update={"skew_deg": skew + over.skew_deg})
    to_pt = page_width_pt / gray.shape[1] * grid.scale
    kept = [p for p in head if p.text and not (number_piece and _inside(p, number_piece))]
    headings = [OcrLine(text=p.text, box=_box(p, to_pt), confidence=p.confidence) for p in _joined(kept)]
    return PageScan(
        index=index,
        rotation=rotation,
        skew_deg=skew,
        illegible=_illegible(pieces),
        printed_number=number.number if number else None,
        number_text=number.text if number else None,
        number_box=_box(number_piece, to_pt) if number_piece else None,
        number_total=number.total if number else None,
        number_confidence=round(number_piece.confidence, 3) if number_piece else None,
        unsure_number=unsure,
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
        zone = "top" if centre < page_height_pt * SCAN.band else "bottom" if centre > page_height_pt * (1 - SCAN.band) else "heading"
        if zone == "heading" and (line.box[1] > page_height_pt * SCAN.heading_zone or _count(pieces, "heading") >= SCAN.heading_lines):
            continue
        same_row = [o for o in ordered if o is not line and abs((o.box[1] + o.box[3]) / 2 - centre) < (line.box[3] - line.box[1]) / 2]
        pieces.append(_Piece(x0, y0, x1, y1, line.text, line.confidence, zone, alone=not same_row))
    number, number_piece = _pick_number(pieces, int(page_width_pt * scale), slack=SCAN.text_outermost_pt * scale)
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
    matrix = deskew_matrix(gray.shape, skew_deg)
    # The corners turned in are filled with what surrounds the image: the margin's white on a
    # scan, the table under a phone photo (paper-white corners there would read as sheet).
    edge = np.concatenate([gray[0, ::8], gray[-1, ::8], gray[::8, 0], gray[::8, -1]])
    median = np.median(edge, axis=0)
    border = int(median) if gray.ndim == 2 else tuple(int(v) for v in median)
    return cv2.warpAffine(gray, matrix, (width, height), flags=cv2.INTER_LINEAR, borderValue=border)


def deskew_matrix(shape: tuple[int, ...], skew_deg: float) -> np.ndarray:
    """The affine matrix (2×3) `deskew` turns an image of `shape` by."""
    height, width = shape[:2]
    return cv2.getRotationMatrix2D((width / 2, height / 2), skew_deg, 1.0)


def needs_deskew(skew_deg: float) -> bool:
    """Whether a page scanned `skew_deg` askew is turned back before it is read."""
    return abs(skew_deg) >= SCAN.min_skew_deg


def upright(gray: np.ndarray, rotation: int, skew_deg: float) -> np.ndarray:
    """The page image turned upright and deskewed, as a scan found it to need."""
    if rotation:
        gray = np.ascontiguousarray(np.rot90(gray, k=rotation // 90))
    return deskew(gray, skew_deg) if needs_deskew(skew_deg) else gray


# --- layout --------------------------------------------------------------------------------


def mask_ink(gray: np.ndarray, grid: PixelGrid, contrast: int = 50, on_dark: bool = False) -> np.ndarray:
    """The page's ink mask (pipeline/bands.py `ink_mask`): the image shrunk by `grid.scale`,
    its sizes taken from the layout at the mask's resolution."""
    small = cv2.resize(gray, (gray.shape[1] // grid.scale, gray.shape[0] // grid.scale), interpolation=cv2.INTER_AREA)
    return ink_mask(small, min_area=grid.mask_area(SCAN.ink_min_area_pt2),
                    background_px=grid.mask_px(SCAN.paper_window_pt), contrast=contrast, on_dark=on_dark)


def layout_ink(gray: np.ndarray, grid: PixelGrid, contrast: int = 50) -> np.ndarray:
    """The page's ink mask without rules."""
    return remove_rules(mask_ink(gray, grid, contrast), min_length=grid.mask_px(SCAN.rule_length_pt))


def _lines(ink: np.ndarray, grid: PixelGrid) -> list[InkLine]:
    """The text lines of an ink mask."""
    return _text_lines(find_lines(ink, gap_factor=SCAN.chunk_gap_lines), ink, grid)


def _text_lines(lines: list[InkLine], ink: np.ndarray, grid: PixelGrid) -> list[InkLine]:
    """Lines of text size (~4 to ~32 pt) and texture: not dust, not photos' solid edges.

    A wide line that is mostly ink is a photo's or a stamp's edge; a short one may be a
    bold digit, which is as dense.
    """
    def solid(ln: InkLine) -> bool:
        return ln.x1 - ln.x0 > SCAN.solid_lines * ln.height and ink[ln.y0 : ln.y1, ln.x0 : ln.x1].mean() >= SCAN.solid_ink

    short_side = min(ink.shape)
    speck = grid.mask_px(SCAN.speck_pt)
    low, high = max(speck, round(SCAN.min_line_height * short_side)), SCAN.max_line_height * short_side
    return [ln for ln in lines if low <= ln.height <= high and ln.x1 - ln.x0 >= speck and not solid(ln)]


def _upright(gray: np.ndarray, ink: np.ndarray, lines: list[InkLine], engine: OcrEngine, grid: PixelGrid):
    """Decide between 0° and 180° and read the head the right way up.

    Returns (rotation, image, ink, lines, head, score, sure): the image, ink, lines and head
    of the upright page, how well its head reads, and how sure the orientation is (None:
    too little text to tell, the page is left as it is).
    """
    head = _read_head(gray, lines, engine, grid)
    score = _mean_confidence(head)
    direction = _text_direction(gray, lines, engine, grid)
    if direction is not None:
        turn, sure = direction
        if turn == 180 and sure is not None:
            flipped = _flipped_head(gray, ink, engine, grid)
            flipped_score = _mean_confidence(flipped[3])
            # the head reads that way too (or there is no head that way to contradict it)
            if not _wide(flipped[3]) or flipped_score >= score - SCAN.flip_tolerance:
                return (180, *flipped, flipped_score, sure)
            return 0, gray, ink, lines, head, score, None
        return 0, gray, ink, lines, head, score, sure
    rotation, gray, ink, lines, head, score = _upright_by_reading(gray, ink, lines, head, engine, grid)
    return rotation, gray, ink, lines, head, score, None


def _direction_lines(lines: list[InkLine], count: int = SCAN.direction_lines) -> list[tuple[int, int, int, int]]:
    """The `count` widest pieces of text that say which way is up: chunks of several
    characters (a lone digit or a photo's speck reads the same both ways), in layout coordinates."""
    chunks = [(x0, ln.y0, x1, ln.y1) for ln in lines for x0, x1 in ln.chunks if x1 - x0 >= SCAN.direction_chunk_lines * ln.height]
    return sorted(chunks, key=lambda c: c[2] - c[0], reverse=True)[:count]


def _text_direction(gray: np.ndarray, lines: list[InkLine], engine: OcrEngine, grid: PixelGrid) -> tuple[int, float | None] | None:
    """(0 or 180, how sure) from the classifier's votes on the page's text lines; sure is None
    when too few lines vote or they disagree. None when the engine has no classifier."""
    boxes = _direction_lines(lines)
    crops = [_crop(gray, box, grid) for box in boxes]
    votes = engine.line_directions(crops)
    if votes is None:
        return None
    decided = _decided(votes)
    if decided[0] == 180:
        # Digits and marks fool the classifier (a roster's masked ID numbers, 4403********1234,
        # the widest pieces of an upright table, are voted upside down): a page is turned over
        # only on the votes of the widest lines that read as words one way up or the other,
        # looked for among narrower ones too (a table's words are in its narrower cells).
        worded = []
        for box in _direction_lines(lines, SCAN.direction_lines * SCAN.direction_reach):
            crop = _crop(gray, box, grid)
            if _reads_as_words(crop, engine):
                worded.append(crop)
                if len(worded) == SCAN.direction_worded:
                    break
        decided = _decided(engine.line_directions(worded) or [])
    return decided


def _reads_as_words(crop: np.ndarray, engine: OcrEngine) -> bool:
    """Whether a line read as it is, or turned over, whichever reads surer, shows Chinese
    words (a line of digits and marks reads as digits and marks either way)."""
    this_way, turned = engine.recognise_crops([crop, np.ascontiguousarray(crop[::-1, ::-1])])
    return len(_CJK.findall(max(this_way, turned, key=lambda read: read[1])[0])) >= 2


_CJK = re.compile(r"[\u4e00-\u9fff]")


def _decided(votes: list[tuple[int, float]]) -> tuple[int, float | None]:
    """(0 or 180, how sure) from classifier votes; sure is None when too few vote or they disagree."""
    sure = [direction for direction, confidence in votes if confidence >= SCAN.direction_sure]
    if len(sure) < SCAN.direction_votes:
        return 0, None
    flipped = sum(1 for direction in sure if direction == 180)
    share = max(flipped, len(sure) - flipped) / len(sure)
    if share < SCAN.direction_agreement:
        return 0, None
    # More agreeing votes make a surer page: 3 of 3 is 0.9, 8 of 8 is 0.99.
    confidence = round(share * (1 - 0.3 / len(sure)), 3)
    return (180 if flipped * 2 > len(sure) else 0), confidence


def _upright_by_reading(gray: np.ndarray, ink: np.ndarray, lines: list[InkLine], head: list[_Piece], engine: OcrEngine,
                        grid: PixelGrid):
    """0° or 180° for an engine without a direction classifier, by reading both ways up.

    Returns (rotation, image, ink, lines, head, score) for the upright page.
    """
    score, flipped, turn_over = _mean_confidence(head), None, False
    if len(_direction_lines(lines)) < SCAN.direction_votes:
        return 0, gray, ink, lines, head, score  # too little text to judge (a photo)
    if _wide(head):
        if score < SCAN.reads_well:
            flipped = _flipped_head(gray, ink, engine, grid)
            turn_over = _turn_over(score, _mean_confidence(flipped[3]))
    else:  # nothing to judge at the top (a photo, a short caption): judge by the widest lines
        upright_score, flipped_score = _probe(gray, lines, engine, grid)
        turn_over = _turn_over(upright_score, flipped_score)
        score = max(upright_score, flipped_score)
    if not turn_over:
        return 0, gray, ink, lines, head, score
    gray, ink, lines, head = flipped or _flipped_head(gray, ink, engine, grid)
    return 180, gray, ink, lines, head, _mean_confidence(head) if flipped else score


def _turn_over(upright_score: float, flipped_score: float) -> bool:
    """Turned over only on evidence: the text must read well that way, and clearly better.

    A photo's edges or a stamp read as garbage both ways; a page is not turned for that.
    """
    return flipped_score >= SCAN.turn_evidence and flipped_score > upright_score + SCAN.turn_margin


def _flipped_head(gray: np.ndarray, ink: np.ndarray, engine: OcrEngine, grid: PixelGrid):
    """The page turned by 180° and its head read: (image, ink, lines, head)."""
    gray = np.ascontiguousarray(gray[::-1, ::-1])
    ink = np.ascontiguousarray(ink[::-1, ::-1])
    lines = _lines(ink, grid)
    return gray, ink, lines, _read_head(gray, lines, engine, grid)


def _probe(gray: np.ndarray, lines: list[InkLine], engine: OcrEngine, grid: PixelGrid) -> tuple[float, float]:
    """Mean confidence of the page's widest lines read as they are and turned by 180°."""
    widest = sorted(lines, key=lambda ln: ln.x1 - ln.x0, reverse=True)[: SCAN.probe_lines]
    jobs = [(ln.x0, ln.y0, ln.x1, ln.y1, "probe", True) for ln in widest]
    upright_pieces = _recognise(gray, jobs, engine, grid)
    height, width = gray.shape[0] // grid.scale, gray.shape[1] // grid.scale
    flipped_jobs = [(width - x1, height - y1, width - x0, height - y0, z, a) for x0, y0, x1, y1, z, a in jobs]
    flipped_pieces = _recognise(np.ascontiguousarray(gray[::-1, ::-1]), flipped_jobs, engine, grid)
    return _mean_confidence(upright_pieces), _mean_confidence(flipped_pieces)


def _columns_not_rows(ink: np.ndarray, grid: PixelGrid) -> bool:
    """True when the ink forms vertical lines: the page lies on its side.

    Smearing the ink along rows joins the characters of a horizontal line into long bars;
    along columns, those of a vertical one. Whichever direction gives far fewer, longer
    pieces is the direction of the lines.
    """
    def pieces(kernel: tuple[int, int]) -> int:
        smeared = cv2.dilate(ink.astype(np.uint8), np.ones(kernel, np.uint8))
        return cv2.connectedComponents(smeared)[0]

    smear = grid.mask_px(SCAN.smear_pt)
    return pieces((smear, 1)) * SCAN.columns_ratio < pieces((1, smear))


def _quarter_turn(gray: np.ndarray, engine: OcrEngine, grid: PixelGrid) -> tuple[int, float]:
    """90 or 270 for a page lying on its side, by reading its first lines both ways."""
    best, best_score = 0, 0.0
    for turn in (90, 270):
        turned = np.ascontiguousarray(np.rot90(gray, k=turn // 90))
        ink = layout_ink(turned, grid)
        score = _mean_confidence(_read_head(turned, _lines(ink, grid), engine, grid))
        if score > best_score:
            best, best_score = turn, score
    return best, best_score


def _sheet_rows(gray: np.ndarray, grid: PixelGrid) -> tuple[int, int]:
    """The rows (layout coordinates, end exclusive) the sheet of paper spans: all of them on a
    scan; on a photo of a page, those where enough of the row is paper-bright."""
    step = grid.image_px(SCAN.sheet_step_pt)
    sample = gray[::step, ::step]
    bright = sample >= SCAN.sheet_bright * np.percentile(sample, 95)
    rows = np.flatnonzero(bright.mean(axis=1) >= SCAN.sheet_share)
    height = gray.shape[0] // grid.scale
    if len(rows) == 0:
        return 0, height
    return rows[0] * step // grid.scale, min(height, (rows[-1] + 1) * step // grid.scale)


def _read_head(gray: np.ndarray, lines: list[InkLine], engine: OcrEngine, grid: PixelGrid) -> list[_Piece]:
    """Read the top band of the sheet chunk by chunk and the first lines below it whole."""
    sheet_top, sheet_bottom = _sheet_rows(gray, grid)
    band = sheet_top + SCAN.band * (sheet_bottom - sheet_top)
    zone = sheet_top + SCAN.heading_zone * (sheet_bottom - sheet_top)
    top = [ln for ln in lines if ln.y1 <= band]
    below = [ln for ln in lines if ln.y1 > band and ln.y0 < zone][: SCAN.heading_lines]
    pieces = _read_band(gray, top, engine, "top", grid)
    jobs = [(ln.x0, ln.y0, ln.x1, ln.y1, "heading", True) for ln in below]
    return pieces + _recognise(gray, jobs, engine, grid)


def _read_band(gray: np.ndarray, lines: list[InkLine], engine: OcrEngine, zone: str, grid: PixelGrid) -> list[_Piece]:
    jobs = [(x0, ln.y0, x1, ln.y1, zone, len(ln.chunks) == 1) for ln in lines for x0, x1 in ln.chunks]
    return _recognise(gray, jobs, engine, grid)


def _crop(gray: np.ndarray, box: tuple[int, int, int, int], grid: PixelGrid) -> np.ndarray:
    """The full-resolution crop around a box in layout coordinates, padded, at most
    `max_crop_aspect` line heights wide."""
    x0, y0, x1, y1 = box
    height = y1 - y0
    pad_y = max(grid.mask_px(SCAN.crop_pad_y_pt), int(SCAN.crop_pad_y_lines * height))
    pad_x = max(grid.mask_px(SCAN.crop_pad_x_pt), int(SCAN.crop_pad_x_lines * height))
    x1 = min(x1, x0 + int(SCAN.max_crop_aspect * height))
    s = grid.scale
    return gray[max(0, (y0 - pad_y) * s) : (y1 + pad_y) * s, max(0, (x0 - pad_x) * s) : (x1 + pad_x) * s]


def _recognise(gray: np.ndarray, jobs: list[tuple], engine: OcrEngine, grid: PixelGrid) -> list[_Piece]:
    """Cut each job's box (layout coordinates) out of the full image and recognise them together."""
    crops = [_crop(gray, job[:4], grid) for job in jobs]
    results = engine.recognise_crops(crops) if crops else []
    return [_Piece(x0, y0, x1, y1, text.strip(), conf, zone, alone) for (x0, y0, x1, y1, zone, alone), (text, conf) in zip(jobs, results)]


def _wide(pieces: list[_Piece]) -> list[_Piece]:
    """Pieces that say something about orientation: wide enough for a few characters (a lone
    digit reads well either way up) and read as something (a photo's edge reads as nothing)."""
    return [p for p in pieces if p.x1 - p.x0 >= SCAN.wide_lines * (p.y1 - p.y0) and p.text]


def _illegible(pieces: list[_Piece]) -> bool:
    """Whether the page's lines read so poorly that its scan cannot be made out: several
    lines of text read, at a low confidence on average. A line read as one character, or
    as a few where its width holds ten, is no text read poorly but a picture's edge or a
    speck in it (a page of venue photographs), and says nothing of the scan."""
    read = [p for p in _wide(pieces) if len(p.text) >= max(2, SCAN.text_fill * (p.x1 - p.x0) / max(1, p.y1 - p.y0))]
    return len(read) >= SCAN.illegible_pieces and _mean_confidence(read) < SCAN.illegible


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
            if piece.x0 - before.x1 > SCAN.group_gap_lines * (piece.y1 - piece.y0):
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


# What may surround an unsure number: dashes, dots and brackets, one of which was lost
# ("(7" where a photo's faint ")" fell outside the line's ink).
_DECORATION = re.compile(r"^[\s\-—–_~·.(（]+|[\s\-—–_~·.)）]+$")


def _pick_number(pieces: list[_Piece], width: int, slack: float):
    """The most credible page number among the band pieces, and the piece it came from.

    Explicit markup ("- 5 -", "第5页") is taken from anywhere in the bands. A bare number
    only where page numbers sit: alone on the outermost line of its band (within `slack`,
    in the pieces' units, as `width` is), centred or at an outer margin, and read
    confidently, so a form's row number or a stray digit is not taken for a page number.
    What a piece is decides (markup, then a number alone on its line, then one beside other
    text); the band, bottom before top, and the place, middle before margin, only break
    ties: a table's last row ending the page ("34 PLC实训台 C6411 37 …") is no page number
    beside "13" alone at the top's margin.
    """
    best, best_piece, best_score = None, None, (0,)
    for zone in ("bottom", "top"):
        band = [p for p in pieces if p.zone == zone]
        if not band:
            continue
        read = _reading(band)
        outer = max(p.y1 for p in read) if zone == "bottom" else min(p.y0 for p in read)
        for piece in _candidates(band):
            match = parse_page_number(piece.text)
            if match is None:
                continue
            centre = (piece.x0 + piece.x1) / 2 / width
            centred = abs(centre - 0.5) < SCAN.number_centre
            placed = centred or abs(centre - 0.5) > 0.5 - SCAN.number_margin
            outermost = (piece.y1 >= outer - slack) if zone == "bottom" else (piece.y0 <= outer + slack)
            if match.strong and piece.confidence >= SCAN.number_markup_confidence:
                kind = 3
            elif piece.alone and placed and outermost and piece.confidence >= SCAN.number_alone_confidence:
                kind = 2
            elif placed and outermost and piece.confidence >= SCAN.number_bare_confidence and centred:
                kind = 1
            elif outermost and piece.confidence >= SCAN.number_bare_confidence and _at_outer_edge(piece, band, centre):
                kind = 1  # "5" at the margin, beside a running footer ("2023年度申报材料   5")
            else:
                continue
            score = (kind, zone == "bottom", -abs(centre - 0.5))
            if score > best_score:
                best, best_piece, best_score = match, piece, score
    return best, best_piece


def _unsure_number(band: list[_Piece], bottom: bool) -> int | None:
    """A page number a band may hold though `_pick_number` would not take it: the one number
    its outermost line reads ("-12" read at 0.8; "27" with a dash beside it; "·8·" at the top
    read as ".8-"), for the structure check to accept only where its neighbours confirm it."""
    if not band:
        return None
    band = _reading(band)
    if bottom:
        outer = max(p.y1 for p in band)
        edge = [p for p in band if p.y1 >= outer - (p.y1 - p.y0)]
    else:
        outer = min(p.y0 for p in band)
        edge = [p for p in band if p.y0 <= outer + (p.y1 - p.y0)]
    numbers = {match.number for p in edge if (match := parse_page_number(_DECORATION.sub("", p.text)))}
    return numbers.pop() if len(numbers) == 1 else None


def _reading(band: list[_Piece]) -> list[_Piece]:
    """The band's pieces that read as something, which alone say where its outermost line
    is: a speck of the paper's shading recognised as "2" at 0.2 confidence above "- 185 -"
    is no line, and must not push the page number off the edge (all of them when none reads)."""
    return [p for p in band if p.text and p.confidence >= SCAN.number_markup_confidence] or band


def _numbered_upside_down(index: int, gray: np.ndarray, engine: OcrEngine, page_width_pt: float,
                          upright_read: float) -> PageScan | None:
    """The scan of a page with too little text to tell which way is up (a separator sheet's
    "附件3", a photo) turned over, when its page number reads surely that way: the number
    is the text that tells, unless it reads as a number either way up ("·11·"), and a sure
    read that way beats an unsure one this way (an upside-down "第 27 页" reads as an unsure
    "27"). None when it does not, or when the bands read this way up at least as surely
    as the number turned over (`upright_read`): a photographed "(7)" whose faint bracket was
    lost reads "(7" at 0.99 upright and "(2)" at 0.74 turned over."""
    over = scan_turned_over(index, gray, engine, page_width_pt)
    if over.orientation_confidence is None or over.orientation_confidence <= upright_read:
        return None
    return over


def scan_turned_over(index: int, gray: np.ndarray, engine: OcrEngine, page_width_pt: float) -> PageScan:
    """The scan of the page image turned over, its rotation as the PDF displays the page; how
    sure that way up is, the surety of its page number when the number tells (not "·11·",
    which reads as a number either way up), else None."""
    over = _scan(index, np.ascontiguousarray(gray[::-1, ::-1]), engine, page_width_pt, may_turn=False)
    tells = over.printed_number is not None and not _reads_turned_over(over.number_text or "")
    return over.model_copy(update={"rotation": (180 + over.rotation) % 360,
                                   "orientation_confidence": over.number_confidence if tells else None})


def _best_band_read(pieces: list[_Piece]) -> float:
    """How surely the page's top and bottom bands read something this way up (0 when nothing)."""
    return max((p.confidence for p in pieces if p.zone in ("top", "bottom") and p.text), default=0.0)


# Characters that turned by 180° read as themselves or as one another (6 and 9, brackets;
# a dash read as 一 or a full-width －).
_SAME_TURNED_OVER = set("01869-·.()/—–~_| 一－ー−")


def _reads_turned_over(text: str) -> bool:
    """Whether a number's text reads as a number the other way up too ("·11·", "- 1 -", "(9)"
    as "(6)"): it cannot tell which way is up. "第 27 页" or "P5" can."""
    return all(ch in _SAME_TURNED_OVER for ch in text)


def _faint_number(gray: np.ndarray, engine: OcrEngine, grid: PixelGrid) -> int | None:
    """The page number the bands show when their ink is taken more faintly: a small grey
    "·6·" or a thin "1" on tinted paper that the layout's mask keeps too little of to make a
    line. Only an unsure number: the structure check takes it where the neighbouring pages
    confirm it, and a page whose number was truly left off stays unnumbered."""
    ink = layout_ink(gray, grid, contrast=SCAN.faint_contrast)
    lines = _lines(ink, grid)
    sheet_top, sheet_bottom = _sheet_rows(gray, grid)
    reach = SCAN.band * (sheet_bottom - sheet_top)
    pieces = (_read_band(gray, [ln for ln in lines if ln.y1 <= sheet_top + reach], engine, "top", grid)
              + _read_band(gray, [ln for ln in lines if ln.y0 >= sheet_bottom - reach], engine, "bottom", grid))
    number, _ = _pick_number(pieces, ink.shape[1], slack=grid.mask_px(SCAN.outermost_pt))
    if number:
        return number.number
    return (_unsure_number([p for p in pieces if p.zone == "bottom"], bottom=True)
            or _unsure_number([p for p in pieces if p.zone == "top"], bottom=False))


def _at_outer_edge(piece: _Piece, band: list[_Piece], centre: float) -> bool:
    """The piece ends a footer line at the right margin: one running footer to its left at
    most. (A table row reaching into the band has more cells, and its last one is a value.)"""
    same_line = [p for p in band if p is not piece and p.y0 < piece.y1 and piece.y0 < p.y1]
    return centre > SCAN.number_outer_edge and len(same_line) <= 1 and all(p.x1 <= piece.x0 for p in same_line)


def _inside(piece: _Piece, outer: _Piece) -> bool:
    return outer.x0 <= piece.x0 and piece.x1 <= outer.x1 and outer.y0 <= piece.y0 and piece.y1 <= outer.y1


def _box(piece: _Piece, to_pt: float) -> Box:
    return (piece.x0 * to_pt, piece.y0 * to_pt, piece.x1 * to_pt, piece.y1 * to_pt)
