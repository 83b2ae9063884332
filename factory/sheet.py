"""A page as a list of drawing operations, drawn with PyMuPDF only when it is scanned.

Pages are composed before the dossier's order, numbering and 目录 are final (defects move,
drop and insert pages), so a page must stay editable until the end; a list of operations
is that, and it also tells the truth file exactly where a footer was drawn.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pymupdf

from factory.seals import SealLook, draw_seal
from factory.signature import draw_signature

A4 = (595.0, 842.0)
LETTER = (612.0, 792.0)
BLACK = (0.0, 0.0, 0.0)
RED = (0.86, 0.1, 0.1)

# Distinct CJK faces: PyMuPDF's built-in one (Droid Sans Fallback, always there) and the
# Debian packages bench/system-deps.sh installs, where present.
_DEBIAN_FONTS = {
    "wqy-microhei": "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "wqy-zenhei": "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "uming": "/usr/share/fonts/truetype/arphic/uming.ttc",
    "ukai": "/usr/share/fonts/truetype/arphic/ukai.ttc",
}
BUILTIN_FONT = "china-s"
_NO_LINE_START = "，。、；：？！）」』”’%"
_TOKENS = re.compile(r"[0-9A-Za-z.\-/]+|.", re.S)


@lru_cache(maxsize=1)
def available_fonts() -> tuple[str, ...]:
    return (BUILTIN_FONT, *[name for name, path in _DEBIAN_FONTS.items() if Path(path).exists()])


@lru_cache(maxsize=None)
def font(name: str) -> pymupdf.Font:
    if name in _DEBIAN_FONTS and Path(_DEBIAN_FONTS[name]).exists():
        return pymupdf.Font(fontfile=_DEBIAN_FONTS[name])
    return pymupdf.Font(BUILTIN_FONT)


@lru_cache(maxsize=None)
def _advance(face: str, ch: str) -> float:
    """Advance width of one character at size 1 (CJK text has no kerning to lose)."""
    return font(face).text_length(ch, fontsize=1)


@dataclass
class Sheet:
    """One physical page before scanning. Coordinates in points, origin top-left."""

    font: str = BUILTIN_FONT
    size: tuple[float, float] = A4
    ops: list[tuple] = field(default_factory=list)

    @property
    def width(self) -> float:
        return self.size[0]

    @property
    def height(self) -> float:
        return self.size[1]

    def measure(self, text: str, size: float, face: str | None = None) -> float:
        face = face or self.font
        return size * sum(_advance(face, ch) for ch in text)

    def text(self, x: float, y: float, text: str, size: float = 12, *, face: str | None = None,
             bold: bool = False, color: tuple = BLACK) -> pymupdf.Rect:
        """Draw `text` with its baseline at y; returns its box."""
        self.ops.append(("text", x, y, text, size, face or self.font, bold, color))
        return pymupdf.Rect(x, y - size * 0.88, x + self.measure(text, size, face), y + size * 0.12)

    def text_center(self, y: float, text: str, size: float = 12, *, cx: float | None = None, **kw) -> pymupdf.Rect:
        cx = self.width / 2 if cx is None else cx
        return self.text(cx - self.measure(text, size, kw.get("face")) / 2, y, text, size, **kw)

    def text_right(self, x1: float, y: float, text: str, size: float = 12, **kw) -> pymupdf.Rect:
        return self.text(x1 - self.measure(text, size, kw.get("face")), y, text, size, **kw)

    def wrap(self, text: str, size: float, width: float, face: str | None = None) -> list[str]:
        """Break Chinese text into lines that fit `width`: between any two characters,
        except inside a run of Latin letters and digits (a date, a code) or before
        closing punctuation, as word processors do."""
        lines, line, used = [], "", 0.0
        for token in _TOKENS.findall(text):
            w = size * sum(_advance(face or self.font, ch) for ch in token)
            if used + w > width and line and token[0] not in _NO_LINE_START:
                lines.append(line)
                line, used = "", 0.0
            line += token
            used += w
        return lines + [line] if line else lines

    def line(self, x0: float, y0: float, x1: float, y1: float, width: float = 0.8, color: tuple = BLACK) -> None:
        self.ops.append(("line", x0, y0, x1, y1, width, color))

    def rect(self, x0: float, y0: float, x1: float, y1: float, width: float = 0.8, color: tuple | None = BLACK,
             fill: tuple | None = None) -> None:
        self.ops.append(("rect", x0, y0, x1, y1, width, color, fill))

    def checkbox(self, x: float, y: float, size: float, checked: bool) -> float:
        """A "□" (with a tick inside when checked, i.e. "☑"); returns the width used."""
        self.text(x, y, "□", size)
        if checked:
            self.text(x + size * 0.12, y - size * 0.05, "√", size * 0.85, bold=True)
        return self.measure("□", size)

    def photo(self, x0: float, y0: float, x1: float, y1: float, seed: int) -> None:
        self.ops.append(("photo", x0, y0, x1, y1, seed))

    def draw_pictures(self, page: pymupdf.Page) -> None:
        """Draw the sheet's pictures (its photo boxes) on `page`; `draw` calls this before
        the seals."""
        for op in self.ops:
            if op[0] == "photo":
                _, x0, y0, x1, y1, seed = op
                page.insert_image(pymupdf.Rect(x0, y0, x1, y1), pixmap=_photo_pixmap(seed, 160, 120))

    def seal(self, cx: float, cy: float, radius: float, name: str) -> None:
        """A unit's seal centred at (cx, cy); how it looks is decided when the dossier is
        stamped (factory/stamping.py), a plain red seal until then."""
        self.ops.append(("seal", cx, cy, radius, name, None))

    def signature_field(self, x0: float, y0: float, x1: float, y1: float, signer: str) -> None:
        """Where `signer` signs (the blank after 法定代表人（签字）：); empty until the dossier
        is stamped."""
        self.ops.append(("signature", x0, y0, x1, y1, signer, None))


def _photo_pixmap(seed: int, w: int, h: int) -> pymupdf.Pixmap:
    """A grey-brown "photograph": a lit gradient with a few darker blocks (furniture, people)."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    light = 150 + 70 * np.cos((xx / w - rng.uniform(0.2, 0.8)) * 2.5) * np.cos((yy / h - 0.3) * 1.5)
    img = np.repeat(light[..., None], 3, axis=2) * np.array(rng.uniform(0.85, 1.05, 3), dtype=np.float32)
    for _ in range(rng.integers(4, 10)):
        bx, by = rng.integers(0, w - 10), rng.integers(h // 3, h - 8)
        bw, bh = rng.integers(8, w // 3), rng.integers(6, h // 2)
        img[by:by + bh, bx:bx + bw] *= rng.uniform(0.35, 0.8)
    img[: h // 8] *= 1.1
    data = np.clip(img, 0, 255).astype(np.uint8)
    return pymupdf.Pixmap(pymupdf.csRGB, w, h, data.tobytes(), 0)


def draw(sheet: Sheet, page: pymupdf.Page) -> None:
    """Execute the sheet's operations on a fresh PyMuPDF page of the sheet's size."""
    writers: dict[tuple, pymupdf.TextWriter] = {}
    shape = page.new_shape()
    for op in sheet.ops:
        kind = op[0]
        if kind == "text":
            _, x, y, text, size, face, bold, color = op
            tw = writers.setdefault(color, pymupdf.TextWriter(page.rect))
            tw.append((x, y), text, font=font(face), fontsize=size)
            if bold:
                tw.append((x + size * 0.035, y), text, font=font(face), fontsize=size)
        elif kind == "line":
            _, x0, y0, x1, y1, width, color = op
            shape.draw_line((x0, y0), (x1, y1))
            shape.finish(color=color, width=width)
        elif kind == "rect":
            _, x0, y0, x1, y1, width, color, fill = op
            shape.draw_rect(pymupdf.Rect(x0, y0, x1, y1))
            shape.finish(color=color, fill=fill, width=width)
    shape.commit()
    sheet.draw_pictures(page)  # a seal is stamped on the printed page: over its pictures too
    # Stamp ink is translucent: print and pen under a seal stay dark on paper. Drawing the
    # seals before the text and the signatures gives that look without a blend mode.
    for op in sheet.ops:
        if op[0] == "seal":
            _, cx, cy, r, name, look = op
            draw_seal(page, cx, cy, r, look or SealLook.plain(name))
    for color, tw in writers.items():
        tw.write_text(page, color=color)
    for op in sheet.ops:
        if op[0] == "signature" and op[6] is not None:
            draw_signature(page, op[1:5], op[6])

