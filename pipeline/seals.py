"""Finding seals (印章) on a page image: where each is, its outline, colour and how sure.

Two cues, because dossiers come both ways: on a colour scan a seal is red ink (from a
fresh pad's crimson to a dry pad's orange-red, faded to pink), found by hue and
saturation, with the paler pink where it continues a seal's red (a rim that ran dry along
part of its round); on a black-and-white scan (or a seal photocopied in black) it is grey or dark
ink. Either way a seal is then recognised by its rim: an outline (circle, ellipse or
square) with ink almost all the way round, no long break, and thin: a rim, not a filled
blob (a head in a photograph) and not lines of text that a circle happens to cross. Red
ink is kept apart from black, so a red seal over printed text or a signature is found whole.

Outlines come from three places: a shape's outer edge (a seal standing free), the inner
edge of its rim (a seal whose rim has run into the text it covers), and, for a seal the
page's edge cuts (a riding seal, 骑缝章, or one stamped half off the sheet), the circle
through the curved part of its edge alone. Round and oval seals are told apart by their
axes, square ones (name seals, 签名章) by how fully their hull fills their rectangle.

A grey seal can be too faint to trace at all (a dry pad on a black-and-white scan breaks
its rim into specks) or merged with the print and the signature stamped under it into one
shape too large for a seal. Grey seals are therefore also looked for by their centre: the
page's edges vote for the points they face from a seal's radius (a Hough transform: a
circle's edges all face its centre, an oval's face near it), and each most-voted point is
kept when ink a little darker than the paper around it (not the page's darkest ink alone)
runs round it along a circle or an oval, under the same rim rules. An oval's edges point at
the centres of its two ends' curves rather than at its own: it is also looked for on the
page squashed along its major axis (a level oval is then a circle, whose edges do point at
its centre) and midway between two voted points, as the outermost rim there. Every outline, traced or
voted, that lies near a rim but not quite on it (traced where the rim ran into print, or
blurred by the deskewing) is moved onto it a step at a time before it is judged.

All sizes are fractions of the page's width (`LAYOUT.seals`, kernel/layout.py), never pixels
at one resolution, so a page rendered at 150 or 300 dpi, or a small photographed sheet, is
measured the same way. The search runs on a copy `work_width_px` pixels wide: a seal is
large, and a page then costs tens of milliseconds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

from kernel.layout import LAYOUT

SEAL = LAYOUT.seals


@dataclass(frozen=True)
class FoundSeal:
    """A seal in the image's pixels: centre, semi-axes (a ≥ b) and the major axis's angle in
    degrees (image coordinates), clipped bounding box; `edge` when the page's edge cuts it."""

    cx: float
    cy: float
    a: float
    b: float
    angle: float
    shape: str  # round, oval, square
    colour: str  # red, grey
    confidence: float
    edge: bool
    box: tuple[int, int, int, int]


def red_ink(image: np.ndarray) -> np.ndarray:
    """Where the image shows seal-red ink (uint8 mask 0/255); black print under the seal
    counts as covered by it (it is dark red there), black print elsewhere does not."""
    hsv = cv2.cvtColor(image, cv2.COLOR_BGR2HSV)
    hue, sat, val = cv2.split(hsv)
    red = ((hue <= SEAL.red_low) | (hue >= SEAL.red_high)) & (sat >= SEAL.min_saturation) & (val >= SEAL.min_brightness)
    faded_orange = (hue > SEAL.red_low) & (hue <= SEAL.orange_high) & (sat >= SEAL.min_saturation) & (val >= SEAL.pale)
    return (red | faded_orange).astype(np.uint8) * 255


def _faded_red(image: np.ndarray, red: np.ndarray) -> np.ndarray:
    """`red` (the image's `red_ink`) and, where it continues it, red ink a dry pad left paler
    still (part of a rim faded to pink, too pale for `red_ink` alone): a seal's rim is one
    stroke, so its pale part joins its red part, while pink paper, touching no seal, stays out."""
    hsv = cv2.cvtColor(image, cv2.COLOR_BGR2HSV)
    hue, sat, val = cv2.split(hsv)
    pale = ((hue <= SEAL.red_low) | (hue >= SEAL.red_high)) & (sat >= SEAL.faded_saturation) & (val >= SEAL.min_brightness)
    count, labels = cv2.connectedComponents((pale | (red > 0)).astype(np.uint8), connectivity=8)
    area = np.bincount(labels.ravel(), minlength=count)
    seeded = np.bincount(labels[red > 0], minlength=count)
    keep = (seeded > 0) & (area <= SEAL.faded_growth * seeded)
    keep[0] = False
    return (keep[labels] * 255).astype(np.uint8)


GREY_SEAL_INK = 35  # grey levels below the paper's that are a grey seal's ink, not the paper's grain
PRINT_CONTRAST = 40  # grey levels between a grey seal's strokes and print, to tell them apart


def print_cut(grey: np.ndarray, strokes: np.ndarray) -> float | None:
    """The grey level midway between a seal's strokes turned grey (the pixels of `grey` the
    mask `strokes` marks) and the darkest print on `grey`: print is darker. None when the
    strokes are too few or as dark as the print (nothing can be told apart)."""
    levels = grey[strokes]
    if levels.size <= 20:
        return None
    level, black = float(np.median(levels)), float(np.percentile(grey, 1))
    return (level + black) / 2 if level - black > PRINT_CONTRAST else None


def dark_ink(grey: np.ndarray) -> np.ndarray:
    """Where a grey image shows ink of any darkness (uint8 mask 0/255)."""
    paper = float(np.percentile(grey[::4, ::4], 90))
    return ((grey < paper - SEAL.dark_ink) * 255).astype(np.uint8)


def faint_ink(grey: np.ndarray) -> np.ndarray:
    """Where a grey image shows ink a little darker than the paper around it (uint8 mask
    0/255): a faint grey seal's rim, on paper lit unevenly."""
    window = max(3, round(SEAL.paper_window * grey.shape[1]) | 1)
    paper = cv2.blur(cv2.dilate(grey, np.ones((window, window), np.uint8)), (window, window))
    return ((grey.astype(np.int16) < paper.astype(np.int16) - SEAL.faint_ink) * 255).astype(np.uint8)


def is_colour(image: np.ndarray) -> bool:
    """Whether anything on the image is coloured (a red seal, a photo); a grey scan decoded
    as BGR, and a colour scan of black print alone, show nothing that is."""
    if image.ndim == 2:
        return False
    sample = image[::8, ::8].astype(np.int16)
    spread = sample.max(axis=2) - sample.min(axis=2)
    return float((spread > 30).mean()) > 0.0005


# A black-and-white scan stored as a colour image has its three channels (all but) equal; a
# colour scan of a page of black print on white paper still spreads them by 7 grey levels or
# more on average (sensor noise, the paper's tint: 27 colour and 12 black-and-white pages of
# the wild factory, 2026-11-30).
COLOURLESS_SPREAD = 2.0


def carries_colour(image: np.ndarray) -> bool:
    """Whether the image holds colour information at all, so that a red seal would show on
    it: a colour scan of black print does, though nothing on it `is_colour`; a
    black-and-white scan, stored grey or as a colour image, does not."""
    if image.ndim == 2:
        return False
    sample = image[::4, ::4].astype(np.int16)
    return float((sample.max(axis=2) - sample.min(axis=2)).mean()) >= COLOURLESS_SPREAD


def find_seals(image: np.ndarray) -> list[FoundSeal]:
    """Every seal on the page image (BGR or grey), largest first. On a photograph of a page,
    only the sheet is looked at: a seal stamped across the sheet's edge (骑缝章) ends there, as
    it would at a scan's edge, and the table beyond is not part of its rim."""
    scale = SEAL.work_width_px / image.shape[1]
    small = cv2.resize(image, (SEAL.work_width_px, max(1, round(image.shape[0] * scale))), interpolation=cv2.INTER_AREA)
    x0, y0, x1, y1 = _sheet(small)
    found = _seals_on(small[y0:y1, x0:x1])
    return [_scaled(_moved(s, x0, y0), 1 / scale, image.shape) for s in found]


TABLE_BORDER = 0.5  # a photo's table shows along at least this share of the image's border


def _sheet(small: np.ndarray) -> tuple[int, int, int, int]:
    """The box (x0, y0, x1, y1) of the paper sheet in the image: on a photograph, what is not
    the darker table around it (Otsu's cut between the two, the dark regions that reach the
    image's border and run along most of it); the whole image on a scan, whose border is paper
    (a licence's dark frame inside the page is no table)."""
    h, w = small.shape[:2]
    grey = small if small.ndim == 2 else cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
    _, dark = cv2.threshold(cv2.GaussianBlur(grey, (5, 5), 0), 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    count, labels = cv2.connectedComponents(dark, connectivity=8)
    border = np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]])
    touching = np.unique(border[border > 0])
    if count < 2 or np.isin(border, touching).mean() < TABLE_BORDER:
        return 0, 0, w, h
    ys, xs = np.nonzero(~np.isin(labels, touching))
    if ys.size < 0.3 * w * h:
        return 0, 0, w, h
    return int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1


def _moved(seal: FoundSeal, dx: int, dy: int) -> FoundSeal:
    x0, y0, x1, y1 = seal.box
    return FoundSeal(seal.cx + dx, seal.cy + dy, seal.a, seal.b, seal.angle, seal.shape, seal.colour, seal.confidence,
                     seal.edge, (x0 + dx, y0 + dy, x1 + dx, y1 + dy))


def _seals_on(small: np.ndarray) -> list[FoundSeal]:
    """Every seal on the (work-size) image, largest first, in its pixels."""
    found: list[FoundSeal] = []
    if small.ndim == 3:
        grey = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
        if is_colour(small):
            red = red_ink(small)
            found = _seals_in(red, "red")
            faded = _faded_red(small, red)
            if np.count_nonzero(faded) > np.count_nonzero(red):
                # The faded parts complete a rim, or join a seal to red lines beside it that
                # its red alone stays apart from: either mask's seals, the surer where both see one.
                found = _apart(found + _seals_in(faded, "red"))
            # Red ink is accounted for, and so are the faded parts of the red seals found (pale
            # pink elsewhere stays: blanked on a photograph, it would cut shapes into it).
            for seal in found:
                x0, y0, x1, y1 = seal.box
                red[y0:y1, x0:x1] |= faded[y0:y1, x0:x1]
            grey[cv2.dilate(red, np.ones((3, 3), np.uint8)) > 0] = 255
    else:
        grey = small
    paper = float(np.percentile(grey[::4, ::4], 90))
    for seal in _seals_in(dark_ink(grey), "grey") + _faint_rims(grey):
        if not any(_overlap(seal, other) for other in found) and _on_paper(grey, seal, paper):
            found.append(seal)
    return sorted(found, key=lambda s: -s.a)


def _on_paper(grey: np.ndarray, seal: FoundSeal, paper: float) -> bool:
    """Whether the page just outside a grey seal's rim is paper (`paper`: the page's level),
    not the mid-tones of a photograph, whose texture can line up along an oval anywhere."""
    h, w = grey.shape
    reach = SEAL.around_reach * seal.a
    x0, y0 = max(0, int(seal.cx - reach)), max(0, int(seal.cy - reach))
    x1, y1 = min(w, int(seal.cx + reach) + 1), min(h, int(seal.cy + reach) + 1)
    yy, xx = np.mgrid[y0:y1, x0:x1]
    u, v = _along_axes(np.stack([xx.ravel(), yy.ravel()], axis=1), seal.cx, seal.cy, seal.angle)
    relative = np.hypot(u / max(seal.a, 1e-6), v / max(seal.b, 1e-6)).reshape(xx.shape)  # 1 on the outline
    around = grey[y0:y1, x0:x1][(relative > SEAL.around_from) & (relative < SEAL.around_reach)]
    return around.size == 0 or paper - float(np.median(around)) <= SEAL.around_paper


def turned(seal: FoundSeal, matrix: np.ndarray, degrees: float, shape: tuple[int, ...]) -> FoundSeal:
    """The seal where an image of `shape` turned by `matrix` (cv2's affine rotation by
    `degrees`, counter-clockwise on the screen) shows it: its centre moved, its axis turned
    back by as much, its box the turned outline's, clipped to the image."""
    cx, cy = (matrix @ np.array([seal.cx, seal.cy, 1.0])).tolist()
    angle = (seal.angle - degrees) % 180
    box = _outline_box(cx, cy, seal.a, seal.b, angle, seal.shape, shape)
    return FoundSeal(cx, cy, seal.a, seal.b, angle, seal.shape, seal.colour, seal.confidence, seal.edge, box)


def _overlap(one: FoundSeal, other: FoundSeal) -> bool:
    return math.hypot(one.cx - other.cx, one.cy - other.cy) < 0.6 * max(one.a, other.a)


def _scaled(seal: FoundSeal, k: float, shape: tuple[int, ...]) -> FoundSeal:
    h, w = shape[:2]
    x0, y0, x1, y1 = seal.box
    box = (max(0, int(x0 * k)), max(0, int(y0 * k)), min(w, int(math.ceil(x1 * k))), min(h, int(math.ceil(y1 * k))))
    return FoundSeal(seal.cx * k, seal.cy * k, seal.a * k, seal.b * k, seal.angle, seal.shape, seal.colour,
                     seal.confidence, seal.edge, box)


# --- candidates --------------------------------------------------------------------------------


def _seals_in(mask: np.ndarray, colour: str) -> list[FoundSeal]:
    """The seals whose rims `mask` shows, best first among overlapping candidates."""
    h, w = mask.shape
    if colour == "red":  # a dry pad leaves specks: join them into strokes
        join = max(1, round(SEAL.red_join * w))
        mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (join, join)))
    # Shapes are traced without the page's long rules (a form's grid, a licence's frame): a
    # seal stamped across one would otherwise be traced as part of the whole grid.
    contours, hierarchy = cv2.findContours(cv2.subtract(mask, _rules(mask)), cv2.RETR_CCOMP, cv2.CHAIN_APPROX_NONE)
    if hierarchy is None:
        return []
    candidates: list[FoundSeal] = []
    for contour, (_, _, _, parent) in zip(contours, hierarchy[0]):
        x, y, cw, ch = cv2.boundingRect(contour)
        size = max(cw, ch)
        if size < SEAL.min_square * w or len(contour) < 12:
            continue
        hole = parent >= 0  # the inner edge of a rim
        if size > SEAL.max_size * w:
            # Larger than any seal: a seal that ran into red print beside it (与原件核对无误
            # written up to its rim) is still the arc along part of the shape's edge.
            if not hole and size <= SEAL.max_joined * w:
                candidates += [f for f in [_from_arc(contour, mask, colour, 0.97)] if f is not None]
            continue
        if hole:
            fits = [_from_hole(contour, mask, colour)] if size >= SEAL.min_round * w * 0.8 else []
        else:
            fits = [_from_outline(contour, mask, colour)]
        if size >= SEAL.min_round * w * (0.8 if hole else 1.0) and not any(f and f.confidence >= 0.9 for f in fits):
            # a shape that ran into something else (a name seal beside it, print) is fitted
            # by the part of its edge that is still an arc as well; the better fit stands
            fits.append(_from_arc(contour, mask, colour, 1.04 if hole else 0.97))
        candidates += [f for f in fits if f is not None]
    return _apart(candidates)


def _apart(candidates: list[FoundSeal]) -> list[FoundSeal]:
    """The surest of each group of overlapping candidates (one seal, found more than once)."""
    kept: list[FoundSeal] = []
    for seal in sorted(candidates, key=lambda s: -s.confidence):
        if not any(_overlap(seal, other) for other in kept):
            kept.append(seal)
    return kept


def _faint_rims(grey: np.ndarray) -> list[FoundSeal]:
    """Grey seals whose rims are too faint, or too crossed by print and a signature, to be
    traced as shapes: centres that many edges point at from about one distance (a circle's
    edges all point at its centre, an oval's near it), each kept when faint ink lies along a
    circle or an oval round it nearly all the way. The outline that inks most of a rim
    there, a circle or an oval of a seal's proportions (`oval_ratios`, stamped level or a
    little turned), is moved onto the rim (`_ellipse_seal`). A flat oval's edges point at
    no one point: its centre is voted for on the page squashed along its major axis, where
    it is a circle, and between its two ends' centres."""
    mask = faint_ink(grey)
    mask = cv2.subtract(mask, _rules(mask))
    h, w = mask.shape
    found = []
    centres = _ring_centres(grey)
    for cx, cy in centres:
        r = _ring_radius(mask, cx, cy)
        if r is None:
            continue
        outlines = [(r, r, 0.0)] + [(2 * r / (1 + q), 2 * q * r / (1 + q), turn)
                                    for q in SEAL.oval_ratios for turn in SEAL.oval_turns_deg]
        seal = _faint_seal(mask, cx, cy, outlines)
        if seal is not None and not seal.edge:
            found.append(seal)
    # A level oval squashed along its major axis by its minor/major ratio is (near) a circle:
    # its edges then all point at its centre, as a round seal's do (a flat oval's ends curve
    # too tightly, and its sides too little, to vote for any point unsquashed).
    q = sum(SEAL.oval_ratios) / len(SEAL.oval_ratios)
    size = (max(1, round(w * q)), h)
    squashed = cv2.resize(mask, size, interpolation=cv2.INTER_NEAREST)
    for sx, cy in _ring_centres(cv2.resize(grey, size, interpolation=cv2.INTER_AREA)):
        cx = sx / q
        r = _ring_radius(squashed, sx, cy)
        if r is None or _near_one_of(cx, cy, found):
            continue
        seal = _faint_seal(mask, cx, cy, [(r / ratio, r, turn) for ratio in SEAL.oval_ratios
                                          for turn in SEAL.oval_turns_deg])
        if seal is not None and not seal.edge and 2 * seal.a <= SEAL.max_oval * w:
            found.append(seal)
    for cx, cy, angle, apart in _oval_centres(centres, mask.shape[1]):
        if _near_one_of(cx, cy, found):
            continue
        outline = _outermost_oval(mask, cx, cy, (angle, *SEAL.oval_turns_deg), apart)
        seal = _ellipse_seal(mask, cx, cy, *outline, "grey") if outline else None
        if seal is not None and not seal.edge and 2 * seal.a <= SEAL.max_oval * mask.shape[1]:
            found.append(seal)
    return found


def _near_one_of(cx: float, cy: float, found: list[FoundSeal]) -> bool:
    """Whether (cx, cy) lies within a found seal's middle: a centre already accounted for."""
    return any(math.hypot(cx - s.cx, cy - s.cy) < 0.6 * s.a for s in found)


def _faint_seal(mask: np.ndarray, cx: float, cy: float,
                outlines: list[tuple[float, float, float]]) -> FoundSeal | None:
    """The grey seal round (cx, cy) along whichever of `outlines` (a, b, angle) inks most of
    a rim there, moved onto the rim; None when none inks enough of one to be worth fitting."""
    rims = [(_rim_score(rim), outline) for outline in outlines
            if (rim := _rim(mask, cx, cy, *outline, False)) is not None and rim[0] >= SEAL.ring_first_coverage]
    if not rims:
        return None
    _, (a, b, angle) = max(rims)
    return _ellipse_seal(mask, cx, cy, a, b, angle, "grey")


def _oval_centres(centres: list[tuple[float, float]], w: int) -> list[tuple[float, float, float, float]]:
    """(cx, cy, major axis's angle, distance apart) of the ovals whose ends' edges voted for
    two centres: an oval's edges point at the centres of its two ends' curves, on its major
    axis either side of its own centre, so its votes split between them and its own centre
    may get none."""
    # The two lie 2·a·(1 - q²) apart (a: its major semi-axis, q = b/a): at most this far.
    reach = SEAL.max_oval * w * (1 - min(SEAL.oval_ratios) ** 2)
    pairs = []
    for k, (x1, y1) in enumerate(centres):
        for x2, y2 in centres[k + 1:]:
            apart = math.hypot(x2 - x1, y2 - y1)
            if apart <= reach:
                pairs.append(((x1 + x2) / 2, (y1 + y2) / 2, math.degrees(math.atan2(y2 - y1, x2 - x1)), apart))
    return pairs


def _outermost_oval(mask: np.ndarray, cx: float, cy: float, angles: tuple[float, ...],
                    apart: float) -> tuple[float, float, float] | None:
    """(a, b, angle) of the outermost rim round (cx, cy) of an oval seal's proportions, its
    major axis at one of `angles`, its ends' centres of curve `apart`: of the sizes those
    allow, the middle of the outermost run of sizes that see much of a rim is taken (inside the
    rim, a ring of text can look like one too), in the proportions and turn whose outline there
    lies best on it: a first guess, which `_ellipse_seal` moves onto the rim."""
    w = mask.shape[1]
    # An oval's ends' centres of curve lie a·(1 - q²) either side of its centre (q = b/a); the
    # votes for them are blurred, so sizes well either side of those proportions' are looked at.
    q_low, q_high = min(SEAL.oval_ratios), max(SEAL.oval_ratios)
    largest = min(SEAL.max_oval * w / 2, 1.5 * apart / (2 * (1 - q_high ** 2)))
    smallest = max(SEAL.min_round * w / 2, 0.6 * apart / (2 * (1 - q_low ** 2)))
    if largest <= smallest:
        return None
    sizes = np.arange(largest, smallest, -1.0)
    best = None
    for q in SEAL.oval_ratios:
        for angle in angles:
            seen = _rim_coverage_by_size(mask, cx, cy, q, angle, sizes) >= SEAL.ring_first_coverage
            if not seen.any():
                continue
            first = int(np.argmax(seen))  # the outermost size that sees a rim, and the run from it
            last = first + (int(np.argmin(seen[first:])) if not seen[first:].all() else len(seen) - first)
            a = float(np.median(sizes[first:last]))
            score = _rim_score(_rim(mask, cx, cy, a, q * a, angle, False))
            if best is None or score > best[0]:
                best = (score, a, q * a, angle)
    return None if best is None else best[1:]


def _rim_coverage_by_size(mask: np.ndarray, cx: float, cy: float, q: float, angle: float,
                          sizes: np.ndarray) -> np.ndarray:
    """For each major semi-axis in `sizes` (pixels), the share of rays from (cx, cy) that meet
    ink at one and the same distance within a tenth of an ellipse of that size, proportions
    `q` and turn `angle`: `_rim`'s coverage, for many sizes at once (rays sampled once)."""
    scales = np.arange(0.88 * sizes.min(), 1.12 * sizes.max() + 1.0, 1.0)
    ink, _ = _along_rays(mask, cx, cy, _outline(1.0, q, angle), scales)  # the outline of size 1, scaled
    ink[:, 1:-1] |= ink[:, :-2] | ink[:, 2:]  # ink a step nearer or farther along the ray counts (as in `_rim`)
    share = ink.mean(axis=0)
    return np.array([share[(scales >= 0.9 * a) & (scales <= 1.1 * a)].max(initial=0.0) for a in sizes])


def _ring_centres(grey: np.ndarray) -> list[tuple[float, float]]:
    """The `ring_candidates` points (work pixels) most edges point at from a seal's radius:
    each edge of the image shrunk by half votes along its gradient, both ways, at every
    radius a seal can have (a Hough transform for circles of any size)."""
    h, w = grey.shape
    half = cv2.resize(grey, (w // 2, h // 2), interpolation=cv2.INTER_AREA)
    hh, hw = half.shape
    smooth = cv2.GaussianBlur(half, (3, 3), 0.8)
    gx = cv2.Sobel(smooth, cv2.CV_32F, 1, 0)
    gy = cv2.Sobel(smooth, cv2.CV_32F, 0, 1)
    strength = cv2.magnitude(gx, gy)
    ys, xs = np.nonzero(cv2.Canny(smooth, SEAL.ring_edge / 2, SEAL.ring_edge, L2gradient=True))
    pointing = strength[ys, xs] > 0  # an edge Canny marks where the smoothed page is flat points nowhere
    ys, xs = ys[pointing], xs[pointing]
    if len(xs) == 0:
        return []
    ux, uy = gx[ys, xs] / strength[ys, xs], gy[ys, xs] / strength[ys, xs]
    radii = np.arange(SEAL.min_round * hw / 2, SEAL.max_size * hw / 2, 1.5, dtype=np.float32)
    votes = np.zeros(hh * hw, np.float32)
    for sign in (1, -1):
        vx = np.round(xs[:, None] + sign * ux[:, None] * radii[None, :]).astype(np.int32)
        vy = np.round(ys[:, None] + sign * uy[:, None] * radii[None, :]).astype(np.int32)
        inside = (vx >= 0) & (vy >= 0) & (vx < hw) & (vy < hh)
        votes += np.bincount(vy[inside] * hw + vx[inside], minlength=hh * hw).astype(np.float32)
    votes = cv2.GaussianBlur(votes.reshape(hh, hw), (5, 5), 1.0)
    spacing = max(3, round(SEAL.min_round * hw / 2)) | 1
    peaks = (votes >= cv2.dilate(votes, np.ones((spacing, spacing), np.uint8))) & (votes > 0)
    py, px = np.nonzero(peaks)
    order = np.argsort(-votes[py, px])[: SEAL.ring_candidates]
    return [(2 * float(px[k]) + 0.5, 2 * float(py[k]) + 0.5) for k in order]


def _ring_radius(mask: np.ndarray, cx: float, cy: float) -> float | None:
    """The distance from (cx, cy) at which `mask` has the most ink for a circle's length,
    within a seal's radii: a rim's, when a seal is centred there."""
    h, w = mask.shape
    low, high = SEAL.min_round * w / 2, SEAL.max_size * w / 2
    x0, y0 = max(0, int(cx - high)), max(0, int(cy - high))
    x1, y1 = min(w, int(cx + high) + 1), min(h, int(cy + high) + 1)
    ys, xs = np.nonzero(mask[y0:y1, x0:x1])
    if len(xs) == 0:
        return None
    distance = np.hypot(xs + x0 - cx, ys + y0 - cy)
    bins = np.bincount(np.round(distance).astype(np.int32), minlength=int(high) + 2)[: int(high) + 2].astype(np.float32)
    per_length = np.convolve(bins, np.ones(3, np.float32), "same") / np.maximum(np.arange(len(bins)), 1)
    per_length[: int(math.ceil(low))] = 0
    best = int(np.argmax(per_length))
    return float(best) if per_length[best] > 0 else None


def _rules(mask: np.ndarray) -> np.ndarray:
    """Long horizontal and vertical strokes: table rules and frames (a seal's rim is never
    straight for long)."""
    length = max(1, round(SEAL.rule_length * mask.shape[1]))
    # paper beyond the image: OpenCV's default border would keep every stroke that reaches
    # the image's edge half as long as a rule (the rim of a seal the page's edge cuts)
    beyond = {"borderType": cv2.BORDER_CONSTANT, "borderValue": 0}
    horizontal = cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1)), **beyond)
    vertical = cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, length)), **beyond)
    return cv2.dilate(cv2.bitwise_or(horizontal, vertical), np.ones((3, 3), np.uint8))


def _from_outline(contour: np.ndarray, mask: np.ndarray, colour: str) -> FoundSeal | None:
    """A free-standing seal: its outer edge is its outline (a square or an ellipse)."""
    h, w = mask.shape
    (rx, ry), (rw, rh), rangle = cv2.minAreaRect(contour)
    hull_area = cv2.contourArea(cv2.convexHull(contour))
    side_ratio = min(rw, rh) / max(rw, rh, 1e-6)
    if side_ratio >= 0.75 and hull_area / max(rw * rh, 1e-6) >= SEAL.square_fill:
        if max(rw, rh) > SEAL.max_square * w:
            return None
        return _square(mask, rx, ry, rw, rh, rangle, colour)
    (ex, ey), (d1, d2), eangle = cv2.fitEllipse(contour)
    a, b = max(d1, d2) / 2, min(d1, d2) / 2
    angle = eangle if d1 >= d2 else eangle + 90  # the major axis's direction
    # the outer edge lies half a rim's width outside the rim's middle
    return _ellipse_seal(mask, ex, ey, a * 0.97, b * 0.97, angle, colour)


def _from_hole(contour: np.ndarray, mask: np.ndarray, colour: str) -> FoundSeal | None:
    """A rim that ran into the text it covers: its inner edge is still an ellipse."""
    if len(contour) < 12:
        return None
    (ex, ey), (d1, d2), eangle = cv2.fitEllipse(contour)
    a, b = max(d1, d2) / 2, min(d1, d2) / 2
    angle = eangle if d1 >= d2 else eangle + 90
    if b <= 0 or abs(cv2.contourArea(contour) / (math.pi * a * b) - 1) > 0.15:
        return None  # not an ellipse (a table cell, the space between words)
    return _ellipse_seal(mask, ex, ey, a * 1.04, b * 1.04, angle, colour)


def _from_arc(contour: np.ndarray, mask: np.ndarray, colour: str, to_rim: float) -> FoundSeal | None:
    """A round seal whose edge ran into the print it covers or that the page's edge cuts:
    the circle through the part of its outer (or inner) edge that is still an arc; `to_rim`
    scales that edge's radius to the rim's middle."""
    h, w = mask.shape
    points = contour[:, 0, :].astype(np.float64)
    fits = []
    circle = _circle_on_arc(points, w, h)
    if circle is not None:
        cx, cy, r = circle
        fits.append(_ellipse_seal(mask, cx, cy, r * to_rim, r * to_rim, 0.0, colour, cut_allowed=True))
    ellipse = _ellipse_on_arc(points, w, h)
    if ellipse is not None:  # an oval seal (财务专用章) that ran into a frame or print, or that the edge cuts
        (ex, ey), (a, b), angle = ellipse
        fits.append(_ellipse_seal(mask, ex, ey, a * to_rim, b * to_rim, angle, colour, cut_allowed=True))
    if _at_border(points, w, h):
        # An oval the page's edge cuts near its middle shows one end, which a free ellipse
        # fits as a smaller circle: ovals of a seal's proportions, level or upright (a
        # riding seal is stamped either way), are fitted to it as well.
        for q in SEAL.oval_ratios:
            for turn in SEAL.oval_turns_deg:
                for axis in (turn, 90.0 + turn):
                    oval = _oval_on_arc(points, w, h, q, axis)
                    if oval is not None:
                        cx, cy, a = oval
                        fits.append(_ellipse_seal(mask, cx, cy, a * to_rim, q * a * to_rim, axis, colour,
                                                  cut_allowed=True))
    return max((f for f in fits if f is not None), key=lambda f: f.confidence, default=None)


def _at_border(points: np.ndarray, w: int, h: int) -> bool:
    """Whether an outline runs along the image's border (a shape the page's edge cuts)."""
    return int((~_off_border(points, w, h)).sum()) >= SEAL.min_round * w / 4


def _oval_on_arc(points: np.ndarray, w: int, h: int, q: float, angle: float) -> tuple[float, float, float] | None:
    """(cx, cy, a) of the ellipse with minor/major axis `q` and major axis at `angle` that
    an outline's curved part lies on: the points turned level and stretched along the minor
    axis by 1/q lie on a circle of radius a (`_circle_on_arc`), whose centre is turned back."""
    t = math.radians(angle)
    c, s = math.cos(t), math.sin(t)
    u = points[:, 0] * c + points[:, 1] * s
    v = (-points[:, 0] * s + points[:, 1] * c) / q
    circle = _circle_through_most(np.column_stack([u, v])[_off_border(points, w, h)], w)
    if circle is None:
        return None
    cu, cv, a = circle
    if not SEAL.min_round * w / 2 <= a <= SEAL.max_oval * w / 2:
        return None
    cv *= q
    return cu * c - cv * s, cu * s + cv * c, a


def _ellipse_seal(mask: np.ndarray, cx: float, cy: float, a: float, b: float, angle: float, colour: str,
                  cut_allowed: bool = False) -> FoundSeal | None:
    """The seal whose rim lies along the ellipse (a guess: a traced outline, a voted
    centre), moved onto it first when it is near it but not quite on it (`_nudged`)."""
    h, w = mask.shape
    rim = _rim(mask, cx, cy, a, b, angle) if _seal_sized(a, b, w) else None
    if rim is None:
        return None
    if not _is_rim(rim, colour) and rim[0] >= SEAL.nudge_from:
        (cx, cy, a, b, angle), rim = _nudged(mask, (cx, cy, a, b, angle), rim)
        if rim is None or not _seal_sized(a, b, w):
            return None
    coverage, gap, thickness, cut = rim
    if cut and not cut_allowed:
        return None
    if not _is_rim(rim, colour):
        return None
    if colour == "grey" and b / a < min(SEAL.oval_ratios) - SEAL.oval_ratio_slack:
        return None  # no seal is that flat: a signature's loops, with no red to tell them apart
    shape = "round" if b / a >= SEAL.round_ratio else "oval"
    if shape == "round":
        a = b = (a + b) / 2
    cut = cut or coverage < SEAL.partial  # much of the rim is missing: the rest lies past the sheet's edge
    box = _outline_box(cx, cy, a, b, angle, shape, (h, w))
    return FoundSeal(cx, cy, a, b, angle % 180, shape, colour, _confidence(coverage, gap), cut, box)


def _outline_box(cx: float, cy: float, a: float, b: float, angle: float, shape: str,
                 image_shape: tuple[int, ...]) -> tuple[int, int, int, int]:
    """The bounding box of an ellipse (or, for a square seal, a rectangle) of semi-axes a, b
    turned by `angle` degrees, clipped to an image of `image_shape`."""
    h, w = image_shape[:2]
    c, s = abs(math.cos(math.radians(angle))), abs(math.sin(math.radians(angle)))
    if shape == "square":
        hw, hh = a * c + b * s, a * s + b * c
    else:
        hw, hh = math.hypot(a * c, b * s), math.hypot(a * s, b * c)
    return max(0, int(cx - hw)), max(0, int(cy - hh)), min(w, math.ceil(cx + hw)), min(h, math.ceil(cy + hh))


def _seal_sized(a: float, b: float, w: int) -> bool:
    """Whether an ellipse of semi-axes a ≥ b has a unit's seal's size and roundness."""
    return SEAL.min_round * w <= 2 * a <= SEAL.max_size * w and b / max(a, 1e-6) >= SEAL.min_axis_ratio


def _is_rim(rim: tuple[float, float, float, bool], colour: str) -> bool:
    """Whether what `_rim` saw along an ellipse is a seal's rim: inked nearly all round, no
    long break (but the one dry arc of a faded red pad), thin."""
    coverage, gap, thickness, _ = rim
    one_break = colour == "red" and gap <= SEAL.one_break_max_gap and coverage + gap / 360 >= 1 - SEAL.one_break_slack
    return (coverage >= SEAL.rim_coverage.of(colour) and (gap <= SEAL.rim_max_gap.of(colour) or one_break)
            and thickness <= SEAL.rim_max_thickness)


def _rim_score(rim: tuple[float, float, float, bool] | None) -> float:
    """How well an outline lies on a rim: its inked share less its longest break's."""
    return -1.0 if rim is None else rim[0] - rim[1] / 360


def _nudged(mask: np.ndarray, ellipse: tuple[float, float, float, float, float],
            rim: tuple[float, float, float, bool]) -> tuple[tuple[float, float, float, float, float], tuple | None]:
    """The ellipse (cx, cy, a, b, angle) moved a step at a time (centre, either axis, its
    turn) while each step inks more of its rim with shorter breaks, and the rim it then
    lies on: an outline traced where the rim ran into print lies a little off it."""
    w = mask.shape[1]
    steps = [(0, SEAL.ring_step * w), (1, SEAL.ring_step * w), (2, SEAL.nudge_axes * ellipse[2]),
             (3, SEAL.nudge_axes * ellipse[3]), (4, SEAL.nudge_turn_deg)]
    best, best_rim = ellipse, rim
    for _ in range(SEAL.nudge_rounds):
        tried = []
        for k, step in steps:
            for sign in (1, -1):
                moved = list(best)
                moved[k] += sign * step
                if moved[3] > moved[2]:  # the minor axis grew past the major: they swap
                    moved[2], moved[3], moved[4] = moved[3], moved[2], moved[4] + 90.0
                cx, cy, a, b, angle = moved
                tried.append((tuple(moved), _rim(mask, cx, cy, a, b, angle, False) if _seal_sized(a, b, w) else None))
        moved, moved_rim = max(tried, key=lambda t: _rim_score(t[1]))
        if _rim_score(moved_rim) <= _rim_score(best_rim):
            break
        best, best_rim = moved, moved_rim
    return best, rim if best is ellipse else _rim(mask, *best)  # the thickness, measured once


def _square(mask: np.ndarray, cx: float, cy: float, rw: float, rh: float, angle: float, colour: str) -> FoundSeal | None:
    """A square seal: ink along its four sides, its name inside, and not a filled block."""
    h, w = mask.shape
    corners = cv2.boxPoints(((cx, cy), (rw * 0.95, rh * 0.95), angle))
    pts = np.concatenate([np.linspace(corners[k], corners[(k + 1) % 4], SEAL.rim_samples // 4, endpoint=False)
                          for k in range(4)])
    xs = np.clip(np.round(pts[:, 0]).astype(int), 0, w - 1)
    ys = np.clip(np.round(pts[:, 1]).astype(int), 0, h - 1)
    coverage = float((mask[ys, xs] > 0).mean())
    inner = cv2.boxPoints(((cx, cy), (rw * 0.6, rh * 0.6), angle)).astype(np.int32)
    fill = np.zeros_like(mask)
    cv2.fillConvexPoly(fill, inner, 255)
    filled = float((mask[fill > 0] > 0).mean()) if (fill > 0).any() else 1.0
    if coverage < SEAL.rim_coverage.of(colour) or filled > 0.6 or filled < SEAL.square_min_ink:
        return None  # no rim, a filled block, or an empty box (a printed frame: a name seal holds its name)
    box = cv2.boundingRect(cv2.boxPoints(((cx, cy), (rw, rh), angle)).astype(np.int32))
    x, y, bw, bh = box
    return FoundSeal(cx, cy, max(rw, rh) / 2, min(rw, rh) / 2, angle, "square", colour, _confidence(coverage, 0.0),
                     False, (max(0, x), max(0, y), min(w, x + bw), min(h, y + bh)))


# --- the rim -----------------------------------------------------------------------------------


def _rim(mask: np.ndarray, cx: float, cy: float, a: float, b: float,
         angle: float, thickness_too: bool = True) -> tuple[float, float, float, bool] | None:
    """(coverage, longest break in degrees, median thickness / radius, cut by the edge) of
    the rim along the ellipse, looked at along rays from the centre; None when too little
    of it lies on the image. A rim is ink at one and the same distance along nearly every
    ray (the best distance within ±10% of the outline is taken): lines of text or a
    table's rules that a circle crosses give ink at scattered distances. Without
    `thickness_too` the thickness (the costly part) is given as 0."""
    samples = SEAL.rim_samples
    steps = np.linspace(0.7, 1.3, 31)  # along each ray, as fractions of the outline's distance
    ink, on_image = _along_rays(mask, cx, cy, _outline(a, b, angle), steps)
    seen = on_image[:, 9:22].all(axis=1)  # rays whose rim band lies on the image
    if seen.sum() < samples * 0.3:
        return None
    # ink within one step of distance k, for every k in 0.9 .. 1.1
    near = ink[:, 9:24] | ink[:, 8:23] | ink[:, 10:25]
    best = int(np.argmax(near[seen].sum(axis=0)[:13]))
    hit = near[:, best]
    coverage = float(hit[seen].mean())
    gap = _longest_gap(hit | ~seen) * 360 / samples
    if not thickness_too:
        return coverage, gap, 0.0, bool((~seen).any())
    thickness = []
    for k in np.flatnonzero(hit & seen):
        row = ink[k]
        centre = 9 + best + int(np.argmax(row[8 + best:11 + best])) - 1
        lo, hi = centre, centre
        while lo > 0 and row[lo - 1]:
            lo -= 1
        while hi < len(row) - 1 and row[hi + 1]:
            hi += 1
        thickness.append(hi - lo + 1)
    # in steps along the ray, turned into a share of the radius only then: a sum of floats
    # would put a rim of exactly the allowed thickness a hair above it
    thickness_share = round(float(np.median(thickness)) * (steps[1] - steps[0]), 6) if thickness else 1.0
    return coverage, gap, thickness_share, bool((~seen).any())


def _outline(a: float, b: float, angle: float) -> tuple[np.ndarray, np.ndarray]:
    """`rim_samples` points (dx, dy) of an ellipse's outline relative to its centre, evenly
    spaced in its parameter: the directions of the rays a rim is looked for along."""
    t = np.linspace(0, 2 * np.pi, SEAL.rim_samples, endpoint=False)
    c, s = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    ex, ey = a * np.cos(t), b * np.sin(t)
    return ex * c - ey * s, ex * s + ey * c


def _along_rays(mask: np.ndarray, cx: float, cy: float, outline: tuple[np.ndarray, np.ndarray],
                scales: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(ink, on the image) along each ray from (cx, cy) through an `outline` point, at each of
    `scales` times that point's distance: two (rays × scales) masks."""
    h, w = mask.shape
    dx, dy = outline
    xs = np.round(cx + dx[:, None] * scales[None, :]).astype(int)
    ys = np.round(cy + dy[:, None] * scales[None, :]).astype(int)
    on_image = (xs >= 0) & (ys >= 0) & (xs < w) & (ys < h)
    ink = np.zeros(xs.shape, bool)
    ink[on_image] = mask[ys[on_image], xs[on_image]] > 0
    return ink, on_image


def _longest_gap(present: np.ndarray) -> int:
    """The longest circular run of False in `present`."""
    if present.all():
        return 0
    if not present.any():
        return len(present)
    start = int(np.argmax(present))  # count from a present sample so a run can wrap round
    edges = np.diff(np.concatenate([[1], np.roll(present, -start).astype(np.int8), [1]]))
    return int((np.flatnonzero(edges == 1) - np.flatnonzero(edges == -1)).max())


def _confidence(coverage: float, gap: float) -> float:
    return round(max(0.0, min(1.0, 0.45 + coverage / 2 - gap / 360)), 3)


# --- circles through an arc ----------------------------------------------------------------------


def _off_border(points: np.ndarray, w: int, h: int) -> np.ndarray:
    """Which of an outline's points lie off the image's border (where the page's edge cuts it)."""
    return (points[:, 0] > 1) & (points[:, 1] > 1) & (points[:, 0] < w - 2) & (points[:, 1] < h - 2)


def _circle_on_arc(points: np.ndarray, w: int, h: int) -> tuple[float, float, float] | None:
    """The circle through the curved part of an outline: points along a cut (a straight run
    at the image border or at a sheet's edge) or around print the seal touches fit no
    circle and are voted out (RANSAC); the rest is fitted by least squares."""
    return _circle_through_most(points[_off_border(points, w, h)], w)


def _circle_through_most(pts: np.ndarray, w: int) -> tuple[float, float, float] | None:
    """The circle of a seal's size (on an image `w` wide) through most of `pts` (RANSAC,
    then least squares over the points on it)."""
    if len(pts) < 12:
        return None
    if len(pts) > 400:  # a long outline (a table's) gains nothing from every point
        pts = pts[:: len(pts) // 400 + 1]
    rng = np.random.default_rng(len(pts))
    best, best_inliers = None, 0
    tolerance = SEAL.arc_tolerance * w
    for _ in range(120):
        circle = _circle_through(pts[rng.choice(len(pts), 3, replace=False)])
        if circle is None or not SEAL.min_round * w / 2 <= circle[2] <= SEAL.max_size * w / 2:
            continue
        cx, cy, r = circle
        inliers = int((np.abs(np.hypot(pts[:, 0] - cx, pts[:, 1] - cy) - r) < tolerance).sum())
        if inliers > best_inliers:
            best, best_inliers = circle, inliers
    if best is None or best_inliers < 0.25 * len(pts):  # the rim checks what a loose vote lets through
        return None
    cx, cy, r = best
    inlying = pts[np.abs(np.hypot(pts[:, 0] - cx, pts[:, 1] - cy) - r) < tolerance]
    return _least_squares_circle(inlying) or best


def _ellipse_on_arc(points: np.ndarray, w: int, h: int) -> tuple[tuple[float, float], tuple[float, float], float] | None:
    """((cx, cy), (a, b), angle) of the ellipse most of an outline's points lie on (RANSAC
    over five-point fits), or None."""
    pts = points[_off_border(points, w, h)]
    if len(pts) < 20:
        return None
    if len(pts) > 300:
        pts = pts[:: len(pts) // 300 + 1]
    rng = np.random.default_rng(len(pts) + 1)
    tolerance = SEAL.arc_tolerance * w
    best, best_inliers = None, 0
    run = len(pts) // 4
    for attempt in range(120):
        if attempt < 60:  # six points anywhere on the outline
            sample = pts[rng.choice(len(pts), 6, replace=False)].astype(np.float32)
        else:  # six points along one stretch of it: most likely all on the rim, however much else the outline has
            start = int(rng.integers(len(pts)))
            sample = pts[(start + np.sort(rng.choice(run, 6, replace=False))) % len(pts)].astype(np.float32)
        (cx, cy), (d1, d2), angle = cv2.fitEllipse(sample)
        a, b = max(d1, d2) / 2, min(d1, d2) / 2
        if not (SEAL.min_round * w / 2 <= a <= SEAL.max_size * w / 2) or b < SEAL.min_axis_ratio * a:
            continue
        major = angle if d1 >= d2 else angle + 90
        inliers = int((_ellipse_distance(pts, cx, cy, a, b, major) < tolerance).sum())
        if inliers > best_inliers:
            best, best_inliers = ((cx, cy), (a, b), major), inliers
    # A rim's outline runs along both its edges (and, cut by the page's edge, along the cut;
    # joined to print, round that print too): one edge's points are a quarter of them or more.
    if best is None or best_inliers < SEAL.arc_share * len(pts):
        return None
    (cx, cy), (a, b), major = best
    inlying = pts[_ellipse_distance(pts, cx, cy, a, b, major) < tolerance].astype(np.float32)
    if len(inlying) < 5:
        return best
    (cx, cy), (d1, d2), angle = cv2.fitEllipse(inlying)
    return (cx, cy), (max(d1, d2) / 2, min(d1, d2) / 2), angle if d1 >= d2 else angle + 90


def _along_axes(pts: np.ndarray, cx: float, cy: float, angle: float) -> tuple[np.ndarray, np.ndarray]:
    """Points (N×2) relative to an ellipse's centre, along its major and minor axes."""
    t = math.radians(angle)
    dx, dy = pts[:, 0] - cx, pts[:, 1] - cy
    return dx * math.cos(t) + dy * math.sin(t), -dx * math.sin(t) + dy * math.cos(t)


def _ellipse_distance(pts: np.ndarray, cx: float, cy: float, a: float, b: float, angle: float) -> np.ndarray:
    """Approximate distance (pixels) of points from an ellipse's outline."""
    u, v = _along_axes(pts, cx, cy, angle)
    rho = np.sqrt((u / a) ** 2 + (v / b) ** 2)
    return np.abs(rho - 1) * np.hypot(u, v) / np.maximum(rho, 1e-6)


def _circle_through(p: np.ndarray) -> tuple[float, float, float] | None:
    (x1, y1), (x2, y2), (x3, y3) = p
    d = 2 * (x1 * (y2 - y3) + x2 * (y3 - y1) + x3 * (y1 - y2))
    if abs(d) < 1e-6:
        return None
    s1, s2, s3 = x1 * x1 + y1 * y1, x2 * x2 + y2 * y2, x3 * x3 + y3 * y3
    cx = (s1 * (y2 - y3) + s2 * (y3 - y1) + s3 * (y1 - y2)) / d
    cy = (s1 * (x3 - x2) + s2 * (x1 - x3) + s3 * (x2 - x1)) / d
    return cx, cy, math.hypot(x1 - cx, y1 - cy)


def _least_squares_circle(p: np.ndarray) -> tuple[float, float, float] | None:
    if len(p) < 3:
        return None
    a = np.column_stack([2 * p[:, 0], 2 * p[:, 1], np.ones(len(p))])
    rhs = (p ** 2).sum(axis=1)
    (cx, cy, c), *_ = np.linalg.lstsq(a, rhs, rcond=None)
    r2 = c + cx * cx + cy * cy
    return (float(cx), float(cy), float(math.sqrt(r2))) if r2 > 0 else None
