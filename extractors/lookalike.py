"""Whether two readings of one name could be the same name misread.

The OCR model's commonest slips on a clean, confident read are characters that differ by a
stroke or a dot (宇/字, 己/已, 侯/候, 未/末). Two parts that print one person's or one unit's
name and are read one such character apart are as likely a misread as a real difference,
and a real difference of one stroke is something a person settles by looking at both pages.
No list of such pairs is kept: the two characters are drawn in one CJK font (the one that
ships inside PyMuPDF) and compared by the ink they share, so any pair the font draws alike
counts, and none is missed for not being listed.
"""

from __future__ import annotations

from functools import lru_cache

import cv2
import numpy as np
import pymupdf

# Size of a drawn character, pixels; its ink grown by this many pixels before comparing, so
# a stroke drawn a pixel aside still meets its twin.
_SIZE = 48
_GROW = 2
# Shared ink over all ink (of the grown shapes) from which two characters look alike: pairs
# that differ by a stroke or a dot share 0.57–0.92 of it in this font; unrelated characters
# of similar density (张/李, 盛/通, 华/创) share 0.18–0.48.
_ALIKE = 0.55


@lru_cache(maxsize=4096)
def _ink(char: str) -> np.ndarray:
    """The character's ink drawn in the built-in CJK font, grown by `_GROW` pixels."""
    document = pymupdf.open()
    page = document.new_page(width=_SIZE, height=_SIZE)
    page.insert_text((0, _SIZE * 0.86), char, fontname="china-s", fontsize=_SIZE)
    pixmap = page.get_pixmap(colorspace=pymupdf.csGRAY)
    gray = np.frombuffer(pixmap.samples, np.uint8).reshape(pixmap.height, pixmap.width)
    ink = (gray < 128).astype(np.uint8)
    return cv2.dilate(ink, np.ones((_GROW, _GROW), np.uint8)) > 0


def characters_look_alike(one: str, other: str) -> bool:
    """Whether two single characters are drawn nearly alike (宇/字 yes, 张/李 no)."""
    if one == other:
        return True
    a, b = _ink(one), _ink(other)
    union = np.count_nonzero(a | b)
    return bool(union) and np.count_nonzero(a & b) / union >= _ALIKE


def one_lookalike_apart(one: str, other: str) -> bool:
    """Whether two readings of the same length differ in exactly one place, by characters that
    look alike: the shape of a misread rather than of another name."""
    if len(one) != len(other):
        return False
    differing = [(a, b) for a, b in zip(one, other, strict=True) if a != b]
    return len(differing) == 1 and characters_look_alike(*differing[0])
