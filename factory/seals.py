"""Seals (公章) as real ones look on paper and in born-digital files.

A seal stamped by hand is never the clean vector circle a layout program would draw: the
ring text is set in a condensed Song-style face, the ink is uneven (heavy where the
stamp was pressed, broken where the pad was dry), the stamp is turned a little, it covers
part of the printed text and the signature under it, an old pad leaves it faded or orange,
and on a black-and-white scan it is grey. An electronic seal (电子签章) on a born-digital
page is the opposite: crisp, even, pure red. Each seal is drawn as a small transparent
raster over the page, so the scanner sees ink on top of the text, as on paper.

What a seal looks like (`SealLook`) is drawn from the dossier's own seal stream, never
from the stream that lays out the pages: a dossier keeps its layout whatever its seals
look like. Ring texts, centre texts and seal codes come from this module's own lists.
"""

from __future__ import annotations

import math
import random
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np
import pymupdf

# Song/Ming-style faces look like the 仿宋/宋体 of a seal engraver; the bundled face stands in.
_SEAL_FONTS = {
    "uming": "/usr/share/fonts/truetype/arphic/uming.ttc",
    "wqy-zenhei": "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
}
_FALLBACK_FONT = "china-s"
# Centre lines of the seals a unit keeps besides its 公章 (round ones, and the oval 财务章).
CENTRE_TEXTS = ["合同专用章", "业务专用章", "人事专用章", "培训专用章"]
OVAL_CENTRE_TEXTS = ["财务专用章", "发票专用章"]
# Inks: the stamp-pad reds seen on dossiers, an orange-red of a drying pad, a crimson.
INKS = [(0.86, 0.08, 0.1), (0.8, 0.12, 0.16), (0.92, 0.2, 0.1), (0.9, 0.32, 0.12), (0.72, 0.06, 0.14)]
ELECTRONIC_INK = (0.93, 0.05, 0.05)
PHOTOCOPY_INK = (0.3, 0.3, 0.3)  # a seal on a black-and-white photocopy that was then scanned
RASTER_DPI = 300


@dataclass
class SealLook:
    """How one seal is drawn. `strength` is the ink's opacity at its heaviest (faded < 0.6)."""

    text: str
    centre: str | None = None
    code: str | None = None  # the 13-digit seal code along the lower arc
    shape: str = "round"  # round, oval or square
    ink: tuple[float, float, float] = INKS[0]
    strength: float = 0.9
    rotation: float = 0.0  # degrees, clockwise
    font: str = "uming"
    electronic: bool = False
    texture_seed: int = 0

    @property
    def faded(self) -> bool:
        return self.strength < 0.6

    @classmethod
    def plain(cls, text: str) -> SealLook:
        """A seal no dossier has dressed yet: red, round, even, upright."""
        return cls(text=text)

    @classmethod
    def random(cls, rng: random.Random, text: str, *, electronic: bool = False, personal: bool = False) -> SealLook:
        """A stamped (or, `electronic`, a born-digital) seal of `text`. `personal`: the
        square name seal (签名章) of a person, which stands for a signature."""
        if personal:
            return cls(text=text, shape="square", ink=rng.choice(INKS[:3]), strength=rng.uniform(0.7, 1.0),
                       rotation=rng.uniform(-6, 6), font=rng.choice(list(_SEAL_FONTS)),
                       texture_seed=rng.randrange(2**31))
        shape = "round" if rng.random() < 0.88 else "oval"  # a unit's seals are round; its 财务章 oval
        centre = None
        if shape == "oval":
            centre = rng.choice(OVAL_CENTRE_TEXTS)
        elif rng.random() < 0.22:
            centre = rng.choice(CENTRE_TEXTS)
        code = seal_code(rng) if rng.random() < 0.4 else None
        if electronic:
            return cls(text=text, centre=centre, code=code, shape=shape, ink=ELECTRONIC_INK, strength=1.0,
                       rotation=0.0, font=rng.choice(list(_SEAL_FONTS)), electronic=True)
        faded = rng.random() < 0.15
        return cls(text=text, centre=centre, code=code, shape=shape, ink=rng.choice(INKS),
                   strength=rng.uniform(0.42, 0.6) if faded else rng.uniform(0.72, 1.0),
                   rotation=rng.uniform(-35, 35) if rng.random() < 0.3 else rng.uniform(-12, 12),
                   font=rng.choice(list(_SEAL_FONTS)), texture_seed=rng.randrange(2**31))

    def truth(self) -> dict:
        return {k: v for k, v in asdict(self).items() if k not in ("ink", "texture_seed", "font")}


def seal_code(rng: random.Random) -> str:
    """A 13-digit seal code as Shenzhen's public-security registry issues them (4403…)."""
    return "4403" + "".join(rng.choice("0123456789") for _ in range(9))


def extent(r: float, look: SealLook) -> tuple[float, float]:
    """Half width and half height of the seal's outline (points) before it is turned."""
    if look.shape == "oval":
        return r * 1.22, r * 0.86
    if look.shape == "square":
        return r * 0.82, r * 0.82
    return r, r


def box(cx: float, cy: float, r: float, look: SealLook) -> tuple[float, float, float, float]:
    """The seal's bounding box on the sheet (points), its turn included."""
    a, b = extent(r, look)
    t = math.radians(look.rotation)
    if look.shape == "square":
        hw = (abs(a * math.cos(t)) + abs(b * math.sin(t)))
        hh = (abs(a * math.sin(t)) + abs(b * math.cos(t)))
    else:  # an ellipse's extent under rotation
        hw = math.hypot(a * math.cos(t), b * math.sin(t))
        hh = math.hypot(a * math.sin(t), b * math.cos(t))
    return (round(cx - hw, 1), round(cy - hh, 1), round(cx + hw, 1), round(cy + hh, 1))


# --- drawing -------------------------------------------------------------------------------
#
# The stamp's face is composed as an ink-coverage raster with OpenCV: glyphs are rendered
# once per face and character (a PDF text run per glyph costs ~17 ms in MuPDF, a dossier
# stamps the same name a dozen times) and placed with affine warps.

GLYPH_PX = 96  # glyph cell side in the cache, pixels


_GLYPHS: dict[tuple[str, str], np.ndarray] = {}


def _glyph(face_name: str, ch: str) -> np.ndarray:
    """Ink coverage 0..1 of one character in a GLYPH_PX square cell, centred."""
    if (face_name, ch) not in _GLYPHS:
        _render_glyphs(face_name, ch)
    return _GLYPHS[(face_name, ch)]


@lru_cache(maxsize=None)
def _face(name: str) -> pymupdf.Font:
    if name == "digits":
        return pymupdf.Font("helv")
    path = _SEAL_FONTS.get(name)
    return pymupdf.Font(fontfile=path) if path and Path(path).exists() else pymupdf.Font(_FALLBACK_FONT)


@lru_cache(maxsize=None)
def _glyph_sheets(name: str) -> pymupdf.Document:
    """One scratch document per face: MuPDF embeds a face once per document (~0.5 s for a
    20 MB CJK face), after which each new run of glyphs costs milliseconds."""
    return pymupdf.open()


def _render_glyphs(face_name: str, text: str) -> None:
    """Render the characters of `text` not cached yet, in one text run."""
    chars = [ch for ch in dict.fromkeys(text) if (face_name, ch) not in _GLYPHS]
    if not chars:
        return
    face = _face(face_name)
    cell = 40.0  # points
    doc = _glyph_sheets(face_name)
    page = doc.new_page(width=cell * len(chars), height=cell)
    writer = pymupdf.TextWriter(page.rect)
    for k, ch in enumerate(chars):
        width = face.text_length(ch, fontsize=cell * 0.86)
        writer.append((k * cell + (cell - width) / 2, cell * 0.8), ch, font=face, fontsize=cell * 0.86)
    writer.write_text(page, color=(0, 0, 0))
    zoom = GLYPH_PX / cell
    pix = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), colorspace=pymupdf.csGRAY, alpha=False)
    grey = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.stride)[:, : pix.width]
    ink = 1.0 - grey.astype(np.float32) / 255.0
    for k, ch in enumerate(chars):
        _GLYPHS[(face_name, ch)] = np.ascontiguousarray(ink[:GLYPH_PX, k * GLYPH_PX:(k + 1) * GLYPH_PX])
    doc.delete_page(-1)


def _place(canvas: np.ndarray, glyph: np.ndarray, x: float, y: float, size: float, turn: float,
           squeeze: float = 1.0) -> None:
    """Put `glyph` centred at (x, y) px, `size` px tall, narrowed by `squeeze`, turned
    `turn` degrees clockwise; ink adds up to full coverage."""
    scale = size / GLYPH_PX
    t = np.radians(turn)
    cos, sin = np.cos(t), np.sin(t)
    # glyph cell centre → (x, y); x scaled by squeeze, then turned clockwise (y points down)
    a = np.array([[cos * scale * squeeze, -sin * scale], [sin * scale * squeeze, cos * scale]])
    half = int(size * 0.75) + 2  # the turned glyph stays within this many pixels of (x, y)
    x0, y0 = max(0, int(x) - half), max(0, int(y) - half)
    x1, y1 = min(canvas.shape[1], int(x) + half), min(canvas.shape[0], int(y) + half)
    if x1 <= x0 or y1 <= y0:
        return
    c = GLYPH_PX / 2
    offset = np.array([x - x0, y - y0]) - a @ np.array([c, c])
    matrix = np.hstack([a, offset[:, None]]).astype(np.float32)
    warped = cv2.warpAffine(glyph, matrix, (x1 - x0, y1 - y0), flags=cv2.INTER_LINEAR, borderValue=0)
    np.maximum(canvas[y0:y1, x0:x1], warped, out=canvas[y0:y1, x0:x1])


def _arc_text(canvas: np.ndarray, text: str, face: str, centre: tuple[float, float], radii: tuple[float, float],
              span: float, mid: float, size: float, outward: bool, squeeze: float) -> None:
    """Set `text` along an ellipse arc centred at angle `mid` (degrees, clockwise from +x),
    left to right as read; glyph tops point outward (ring text) or inward (the code)."""
    n = len(text)
    _render_glyphs(face, text)
    for i, ch in enumerate(text):
        frac = (i + 0.5) / n
        ang = mid - span / 2 + span * frac if outward else mid + span / 2 - span * frac
        rad = np.radians(ang)
        x, y = centre[0] + radii[0] * np.cos(rad), centre[1] + radii[1] * np.sin(rad)
        _place(canvas, _glyph(face, ch), x, y, size, ang + 90 if outward else ang - 90, squeeze)


def _star(canvas: np.ndarray, cx: float, cy: float, outer: float) -> None:
    points = []
    for k in range(10):
        ang = -np.pi / 2 + k * np.pi / 5
        rad = outer if k % 2 == 0 else outer * 0.38
        points.append((cx + rad * np.cos(ang), cy + rad * np.sin(ang)))
    cv2.fillPoly(canvas, [np.round(np.array(points) * 16).astype(np.int32)], 1.0, cv2.LINE_AA, shift=4)


def _ellipse(canvas: np.ndarray, cx: float, cy: float, a: float, b: float, thickness: float) -> None:
    cv2.ellipse(canvas, (round(cx * 16), round(cy * 16)), (round(a * 16), round(b * 16)), 0, 0, 360, 1.0,
                max(1, round(thickness)), cv2.LINE_AA, shift=4)


def _engraving(r: float, look: SealLook) -> np.ndarray:
    """The stamp's face as ink coverage 0..1, upright, at RASTER_DPI, the seal centred."""
    px = RASTER_DPI / 72.0
    a, b = extent(r, look)
    a, b, rp = a * px, b * px, r * px
    margin = rp * 0.12
    w, h = int(2 * (a + margin)), int(2 * (b + margin))
    canvas = np.zeros((h, w), np.float32)
    cx, cy = w / 2, h / 2
    if look.shape == "square":
        cv2.rectangle(canvas, (round(cx - a), round(cy - b)), (round(cx + a), round(cy + b)), 1.0,
                      max(1, round(rp * 0.09)), cv2.LINE_AA)
        chars = list({2: look.text + "之印", 3: look.text + "印"}.get(len(look.text), look.text))[:4]
        cells = [(0.5, -0.5), (0.5, 0.5), (-0.5, -0.5), (-0.5, 0.5)] if len(chars) == 4 else [(0, 0)]
        _render_glyphs(look.font, "".join(chars))
        for ch, (dx, dy) in zip(chars, cells):  # right column first, top to bottom
            _place(canvas, _glyph(look.font, ch), cx + dx * a * 0.8, cy + dy * b * 0.8, a * 0.8, 0.0)
    else:
        _ellipse(canvas, cx, cy, a - rp * 0.035, b - rp * 0.035, rp * (0.07 if look.shape == "round" else 0.06))
        if look.shape == "oval":
            _ellipse(canvas, cx, cy, a * 0.9, b * 0.9, rp * 0.015)
        else:
            _star(canvas, cx, cy - (0.04 * rp if look.centre else 0), rp * 0.27)
        n = len(look.text)
        span = min(270.0, max(200.0, 17.0 * n)) if look.shape == "round" else min(250.0, max(180.0, 15.0 * n))
        arc_len = np.radians(span) * (a + b) / 2 * 0.72
        size = min(rp * 0.25, arc_len / n * 1.15)
        _arc_text(canvas, look.text, look.font, (cx, cy), (a * 0.72, b * 0.7), span, -90, size, True, 0.8)
        if look.centre:
            cs = rp * (0.17 if look.shape == "round" else 0.16)
            y = cy + (0.5 * rp if look.shape == "round" else 0.12 * rp)
            _render_glyphs(look.font, look.centre)
            for k, ch in enumerate(look.centre):
                _place(canvas, _glyph(look.font, ch), cx + (k - (len(look.centre) - 1) / 2) * cs * 0.95, y, cs, 0.0)
        if look.code:
            _arc_text(canvas, look.code, "digits", (cx, cy), (a * 0.8, b * 0.8),
                      62.0 if look.shape == "round" else 50.0, 90, rp * 0.1, False, 0.9)
    # engraved strokes print heavier than the type they were cut from
    return np.clip(cv2.dilate(canvas, np.ones((3, 3), np.uint8)), 0.0, 1.0)


def _uneven(ink: np.ndarray, look: SealLook) -> np.ndarray:
    """Hand-stamped ink: pressure falls off across the seal, the pad leaves blotches and
    dry specks; returns opacity 0..1."""
    if look.electronic:
        return ink * look.strength
    rng = np.random.default_rng(look.texture_seed)
    h, w = ink.shape
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    tilt = rng.uniform(0, 2 * math.pi)
    ramp = ((xx / w - 0.5) * math.cos(tilt) + (yy / h - 0.5) * math.sin(tilt))
    pressure = 1.0 - rng.uniform(0.1, 0.45) * (ramp + 0.5)
    blotches = cv2.resize(rng.uniform(0.55, 1.0, (6, 6)).astype(np.float32), (w, h), interpolation=cv2.INTER_CUBIC)
    specks = (rng.random((h, w)) > rng.uniform(0.03, 0.12)).astype(np.float32)
    specks = cv2.GaussianBlur(specks, (3, 3), 0.7)
    alpha = ink * np.clip(pressure * blotches, 0.25, 1.0) * specks * look.strength
    return np.clip(alpha, 0.0, 1.0)


def _turned(alpha: np.ndarray, degrees: float) -> np.ndarray:
    if not degrees:
        return alpha
    h, w = alpha.shape
    side = int(math.ceil(math.hypot(w, h)))
    canvas = np.zeros((side, side), np.float32)
    y0, x0 = (side - h) // 2, (side - w) // 2
    canvas[y0:y0 + h, x0:x0 + w] = alpha
    m = cv2.getRotationMatrix2D((side / 2, side / 2), -degrees, 1.0)  # OpenCV turns counter-clockwise
    return cv2.warpAffine(canvas, m, (side, side), flags=cv2.INTER_LINEAR, borderValue=0)


def draw_seal(page: pymupdf.Page, cx: float, cy: float, r: float, look: SealLook) -> None:
    """Put the seal on `page` centred at (cx, cy), as a transparent raster over what is there."""
    alpha = _turned(_uneven(_engraving(r, look), look), look.rotation)
    h, w = alpha.shape
    scale = 72.0 / RASTER_DPI
    rect = pymupdf.Rect(cx - w * scale / 2, cy - h * scale / 2, cx + w * scale / 2, cy + h * scale / 2)
    rgba = np.empty((h, w, 4), np.uint8)
    # MuPDF's pixmaps with alpha hold premultiplied colour
    rgba[..., :3] = np.round(alpha[..., None] * np.array(look.ink, np.float32) * 255).astype(np.uint8)
    rgba[..., 3] = np.round(alpha * 255).astype(np.uint8)
    page.insert_image(rect, pixmap=pymupdf.Pixmap(pymupdf.csRGB, w, h, rgba.tobytes(), 1))
