"""A page's print with its seals' ink taken away, for reading the text the seals cover.

A 公章 is stamped over what it authenticates: the date under 单位（盖章）, the signer's line,
the last words of a 承诺书. The text detector takes seal and print for one blot and reads
the ring instead of the date under it (a 申报表 dated under its seal came out undated). So
the seals are found as the seal check finds them (pipeline/seals.py), and inside each seal's
outline only, its ink is painted over with the paper's shade:

- on a colour page, the page inside the seal is taken from its red channel, where red ink
  is as light as paper and print keeps its darkness; what a JPEG's coarse colour leaves of
  thin red strokes is then taken away as on a black-and-white page;
- on a black-and-white page, the grey lighter than midway between the seal's rim and the
  print's black, where the two differ enough to tell apart; where they do not, the seal is
  left as it is.

Everything outside the seals is the page as rendered, grey.

Painting a grey seal out can take some of the print's strokes with it, where the two are
nearly as dark (a date under the seal read 202346H for 2023年6月8日). So a line read unsurely
where the seal was painted out is read once more on the page as rendered, and the surer of
the two readings is kept (`surer_under_seals`).
"""

from __future__ import annotations

import cv2
import numpy as np

from kernel.models import OcrLine
from pipeline.ocr.base import OcrEngine
from pipeline.seals import GREY_SEAL_INK, PRINT_CONTRAST, FoundSeal, find_seals, red_ink

OUTLINE = 1.06  # the seal's outline, a little beyond its rim (the rim's own stroke and blur)
# Ink pixels beside a seal enough to tell how dark the page's print is (their darker quarter:
# the strokes' cores).
OUTSIDE_PRINT_PIXELS = 50
BESIDE = 1.15  # beyond this of the seal's outline the page shows print, not the rim's blur


def without_seals(image: np.ndarray) -> np.ndarray:
    """The page (BGR or grey, as rendered) in grey, with every seal's ink painted as paper."""
    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image.copy()
    seals = [seal for seal in find_seals(image) if seal.shape != "square"]  # a name seal is a signature
    if not seals:
        return grey
    for seal in seals:
        y0, y1, x0, x1 = _around(seal, grey.shape)
        patch = grey[y0:y1, x0:x1]  # a view: painting it paints the page
        inside = _disc(seal, OUTLINE, (y0, x0), patch.shape)
        paper = float(np.percentile(patch, 90))
        rim = _disc(seal, 1.02, (y0, x0), patch.shape) & ~_disc(seal, 0.93, (y0, x0), patch.shape)
        beside = ~_disc(seal, BESIDE, (y0, x0), patch.shape)
        if seal.colour == "red":  # found by its colour: the page is a colour one
            # A thin stroke's red is blurred by the JPEG's coarser colour: what the red channel
            # leaves of it is still lighter than print, and is taken away as a grey seal's is.
            # Its level is that of the rim's red strokes only: print crossing the rim is no
            # seal, and taken for one it would set the level at print's and thin the print away.
            # The colour blurred from the seal into print under it lightens that print in the
            # red channel too, while the JPEG keeps its brightness: only what is lighter than
            # print in both is the seal's (a date under a strong seal was cut away).
            rim &= red_ink(image[y0:y1, x0:x1]) > 0
            bright = _lighter_than_print(patch, rim, inside, paper, beside)
            # Red ink reflects red light as the paper does: in the red channel the seal all but
            # vanishes, and print, stamped over or under it, stays as dark as it is.
            red = image[y0:y1, x0:x1, 2].astype(np.float32)
            level = max(float(np.percentile(red, 90)), 1.0)
            patch[inside] = np.clip(red[inside] * (paper / level), 0, 255).astype(np.uint8)
            ink = _lighter_than_print(patch, rim, inside, paper, beside)
            ink = ink & bright if ink is not None and bright is not None else None
        else:
            ink = _lighter_than_print(patch, rim, inside, paper, beside)
        if ink is not None:
            patch[inside & ink] = paper
    return grey


UNSURE = 0.95  # a line read less surely than this where a seal was painted out is read again
SURER_BY = 0.1  # the page as rendered gives the line when it reads it this much more surely
CHANGED = 0.01  # share of a line's box the painting changed for it to be read again


def surer_under_seals(lines: list[OcrLine], unsealed: np.ndarray, plain: np.ndarray, engine: OcrEngine) -> list[OcrLine]:
    """The lines read on the page with its seals painted out (`unsealed`, pixels), each line
    the painting changed and that was read unsurely read again from `plain` (the same page as
    rendered, grey) and given that reading where it is clearly surer."""
    changed = unsealed != plain
    if not changed.any():
        return lines
    again = []
    for k, line in enumerate(lines):
        x0, y0, x1, y1 = (int(round(v)) for v in line.box)
        pad = max(2, (y1 - y0) // 5)
        box = (max(0, x0 - pad), max(0, y0 - pad), min(plain.shape[1], x1 + pad), min(plain.shape[0], y1 + pad))
        if (line.confidence < UNSURE and box[2] > box[0] and box[3] > box[1]
                and changed[box[1]:box[3], box[0]:box[2]].mean() >= CHANGED):
            again.append((k, box))
    if not again:
        return lines
    readings = engine.recognise_crops([plain[y0:y1, x0:x1] for _, (x0, y0, x1, y1) in again])
    surer = list(lines)
    for (k, _), (text, confidence) in zip(again, readings):
        if text.strip() and confidence >= lines[k].confidence + SURER_BY:
            surer[k] = lines[k].model_copy(update={"text": text, "confidence": round(confidence, 5)})
    return surer


def _around(seal: FoundSeal, shape: tuple[int, ...]) -> tuple[int, int, int, int]:
    """Rows and columns (y0, y1, x0, x1) of the page that hold the seal's outline."""
    reach = seal.a * OUTLINE + 2
    return (max(0, int(seal.cy - reach)), min(shape[0], int(seal.cy + reach) + 1),
            max(0, int(seal.cx - reach)), min(shape[1], int(seal.cx + reach) + 1))


def _lighter_than_print(patch: np.ndarray, rim: np.ndarray, inside: np.ndarray, paper: float,
                        beside: np.ndarray) -> np.ndarray | None:
    """A grey seal's ink: pixels lighter than midway between its rim's strokes and the print
    inside the seal (the middle of what is clearly darker than the rim: print under a red
    seal is dark red, lighter in the red channel than black print or a pen's strokes beside
    it); None when the rim is as dark as the print (nothing can be told apart), the print
    `beside` the seal included (a mask of the patch beyond the rim's blur): on a pale scan the
    print is as light as the seal, and a pen's black inside it would set the cut below both
    (the unit's name and date under the seal were painted out with it)."""
    strokes = patch[rim & (patch < paper - GREY_SEAL_INK)]
    if strokes.size < 20:
        return None
    level = float(np.median(strokes))
    printed = patch[beside & (patch < paper - GREY_SEAL_INK)]
    if printed.size >= OUTSIDE_PRINT_PIXELS and float(np.percentile(printed, 25)) > level - PRINT_CONTRAST:
        return None
    darker = patch[inside & (patch < level - PRINT_CONTRAST)]
    if darker.size < 20:
        return None
    return patch > (level + float(np.median(darker))) / 2


def _disc(seal: FoundSeal, scale: float, origin: tuple[int, int], shape: tuple[int, int]) -> np.ndarray:
    """The seal's ellipse (scaled by `scale`), filled, as a mask of the region at `origin` (y, x)."""
    mask = np.zeros(shape[:2], np.uint8)
    cv2.ellipse(mask, (round(seal.cx - origin[1]), round(seal.cy - origin[0])),
                (round(seal.a * scale), round(seal.b * scale)), seal.angle, 0, 360, 1, thickness=-1)
    return mask.astype(bool)
