"""The one interface every OCR engine implements, so stages never know which engine runs.

Two operations, because they differ in cost by two orders of magnitude (design.md, "OCR is
the cost"): `recognise` detects and reads lines in an image or a region of it; it is what
a stage pays for when it needs a page whole (`recognise_blocks`: the same, inside the parts
of a page that hold ink only). `recognise_crops` only reads crops the caller has already cut
out around ink, which costs milliseconds and is what the page scan uses.
Two optional ones: `text_support` tells how well a crop supports a known text (verifying a
seal's name rather than reading it), and `line_directions` tells for each line crop whether it reads upright
or turned by 180° (a text-direction classifier); engines without one answer None and the
page scan judges orientation by recognition confidence instead.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

import numpy as np

from kernel.models import OcrLine

Region = tuple[int, int, int, int]  # x0, y0, x1, y1 in image pixels


class OcrEngineUnavailable(RuntimeError):
    """The configured engine cannot run here (package or model files missing)."""


class OcrEngine(ABC):
    """An OCR engine. Images are 2-D grey or 3-D BGR uint8 arrays."""

    name: str

    @abstractmethod
    def recognise(self, image: np.ndarray, region: Region | None = None) -> list[OcrLine]:
        """Detect and recognise text lines; boxes in pixels of `image` (not of the region)."""

    def recognise_blocks(self, image: np.ndarray, blocks: list[Region]) -> list[OcrLine]:
        """Detect and recognise text inside `blocks` only (the page's stretches of ink,
        pipeline/textblocks.py), each as a read of the whole `image` would; boxes in pixels
        of `image`. An engine that cannot keep the whole page's detector scale for a part of
        it reads each block as an image of its own."""
        return [line for block in blocks for line in self.recognise(image, block)]

    @abstractmethod
    def recognise_crops(self, crops: list[np.ndarray]) -> list[tuple[str, float]]:
        """Recognise each crop as one line of text: (text, confidence) per crop, in order."""

    def text_support(self, crops: list[np.ndarray], texts: list[str],
                     hidden: list[np.ndarray | None] | None = None) -> list[float | None]:
        """For each crop of one line, how well the recogniser's output supports the best of
        `texts` (pipeline/ocr/ctc.py: 0 when it reads exactly that text, more negative the
        less likely it finds it); None for every crop when this engine cannot tell.
        `hidden`: per crop, None or per column whether something lies over the line there
        (print over a seal's ring): no evidence either way."""
        return [None] * len(crops)

    def line_directions(self, crops: list[np.ndarray]) -> list[tuple[int, float]] | None:
        """For each line crop, 0 or 180 (the way it is turned) and the classifier's
        confidence; None when this engine has no text-direction classifier."""
        return None


def crop_region(image: np.ndarray, region: Region | None) -> tuple[np.ndarray, int, int]:
    """The part of `image` inside `region` (clipped), and its offset in `image`."""
    if region is None:
        return image, 0, 0
    height, width = image.shape[:2]
    x0, y0 = max(0, int(region[0])), max(0, int(region[1]))
    x1, y1 = min(width, int(region[2])), min(height, int(region[3]))
    return image[y0:y1, x0:x1], x0, y0
