"""Page numbers as applicants really add them: in many forms and corners, printed with the
page, or stamped afterwards by a PDF tool as a text object over the scanned image.

A tool-stamped number is not in the image at all, so a reader that looks only at pixels
sees an unnumbered page; the truth records where each number came from.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import pymupdf

from factory.sheet import BUILTIN_FONT, Sheet, font
from factory.wild.vocabulary import NUMBER_FORMS, NUMBER_PLACES

MARGIN_X = 56.0
BOTTOM_Y = 36.0  # baseline this far above the bottom edge
TOP_Y = 40.0


@dataclass
class Numbering:
    """How one dossier is numbered: the form, the corner, the size and the source
    ("image": printed before scanning; "stamp": a PDF text object added after)."""

    form: str
    place: str
    size: float
    source: str

    @classmethod
    def random(cls, rng: random.Random) -> Numbering:
        return cls(rng.choice(NUMBER_FORMS), rng.choice(NUMBER_PLACES), rng.choice((9.0, 10.0, 10.5, 12.0)),
                   "stamp" if rng.random() < 0.35 else "image")

    def text(self, n: int, total: int) -> str:
        return self.form.format(n=n, t=total)

    def anchor(self, n: int, width: float, height: float, text_width: float) -> tuple[float, float]:
        """Left end of the baseline for number `n` on a page of this size; outer corners
        alternate: odd numbers right, even numbers left, as duplex printing mirrors them."""
        odd = n % 2 == 1
        right_x, left_x = width - MARGIN_X - text_width, MARGIN_X
        if self.place == "bottom_center":
            return (width - text_width) / 2, height - BOTTOM_Y
        if self.place == "bottom_right":
            return right_x, height - BOTTOM_Y
        if self.place == "top_right":
            return right_x, TOP_Y
        if self.place == "bottom_outer":
            return (right_x if odd else left_x), height - BOTTOM_Y
        return (right_x if odd else left_x), TOP_Y  # top_outer

    def print_on(self, sheet: Sheet, n: int, total: int) -> tuple[str, tuple[float, float, float, float]]:
        """Draw the number into the sheet (it will be scanned with it); returns text and box."""
        text = self.text(n, total)
        x, y = self.anchor(n, sheet.width, sheet.height, sheet.measure(text, self.size))
        box = sheet.text(x, y, text, self.size)
        return text, (box.x0, box.y0, box.x1, box.y1)

    def stamp(self, page: pymupdf.Page, n: int, total: int) -> tuple[str, tuple[float, float, float, float]]:
        """Add the number as a PDF text object over the finished page, as Acrobat's
        "add page numbers" does; honours the page's /Rotate so the number reads upright.
        Returns the text and its box in the displayed (rotated) page's coordinates."""
        text = self.text(n, total)
        face = font(BUILTIN_FONT)
        width = face.text_length(text, fontsize=self.size)
        shown = page.rect  # displayed size, /Rotate applied
        x, y = self.anchor(n, shown.width, shown.height, width)
        point = pymupdf.Point(x, y) * page.derotation_matrix
        writer = pymupdf.TextWriter(page.rect)
        writer.append(point, text, font=face, fontsize=self.size)
        writer.write_text(page, morph=(point, pymupdf.Matrix(page.rotation)))
        return text, (round(x, 1), round(y - self.size * 0.88, 1), round(x + width, 1), round(y + self.size * 0.12, 1))
