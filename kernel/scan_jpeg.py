"""A scanned page's JPEG decoded directly, without rasterising the page.

A scanned dossier page is almost always one JPEG filling the page: decoding it costs ~10 ms
against ~55 ms for rasterising the page at 200 dpi (BENCHMARKS.md). Both the page reader
(pipeline/render.py) and the report's thumbnails (outputs/thumbnails.py) draw pages, so it
lives in the kernel, beside the size guard both ask first (kernel/pdfguard.py).
"""

from __future__ import annotations

import cv2
import numpy as np
import pymupdf

from kernel.pdfguard import MAX_IMAGE_PIXELS


class PageTooLarge(ValueError):
    """The page holds an image too large to decode safely; the message is for the report."""


# libjpeg's reduced decodes, largest reduction first: (factor, grey flag, colour flag)
_REDUCED = ((8, cv2.IMREAD_REDUCED_GRAYSCALE_8, cv2.IMREAD_REDUCED_COLOR_8),
            (4, cv2.IMREAD_REDUCED_GRAYSCALE_4, cv2.IMREAD_REDUCED_COLOR_4),
            (2, cv2.IMREAD_REDUCED_GRAYSCALE_2, cv2.IMREAD_REDUCED_COLOR_2))


def embedded_scan(doc: pymupdf.Document, page: pymupdf.Page, dpi: int, colour: bool = False,
                  preview: bool = False) -> np.ndarray | None:
    """Decode the page's single full-page JPEG directly (BGR with `colour`, else grey), at
    `dpi`, or None when the page is not one. `preview` (a report's small page images, never
    an image that is read): the JPEG is decoded at a half, a quarter or an eighth of its size
    when that is still at least the size asked for; libjpeg then skips most of the work."""
    if page.rotation != 0:
        return None
    # The placement without xrefs: naming each placement's xref makes MuPDF decode and hash
    # every image of the page (~50 ms a scanned page, on every render); with exactly one
    # image in the page's resources and one placement, the placement is that image's.
    infos = page.get_image_info()
    if len(infos) != 1 or infos[0].get("has-mask"):
        return None
    info = infos[0]
    a, b, c, d, _, _ = info["transform"]
    if abs(b) > 1e-3 or abs(c) > 1e-3 or a <= 0 or d <= 0:
        return None  # rotated or mirrored placement: let the rasteriser handle it
    x0, y0, x1, y1 = info["bbox"]
    rect = page.rect
    if x0 > 2 or y0 > 2 or x1 < rect.width - 2 or y1 < rect.height - 2:
        return None
    images = page.get_images(full=True)
    if len(images) != 1 or images[0][8] != "DCTDecode" or images[0][2:4] != (info["width"], info["height"]):
        return None
    raw = doc.extract_image(images[0][0])
    if raw["width"] * raw["height"] > MAX_IMAGE_PIXELS:  # the JPEG's own header may outgrow the PDF's /Width
        raise PageTooLarge(f"页面中的图像尺寸过大（{raw['width']}×{raw['height']}像素），未予解码")
    if raw.get("colorspace") not in (1, 3):
        return None  # CMYK JPEGs decode with inverted or shifted colours
    width = round(rect.width * dpi / 72)
    height = round(rect.height * dpi / 72)
    flag = cv2.IMREAD_COLOR if colour else cv2.IMREAD_GRAYSCALE
    if preview:
        flag = next((c if colour else g for factor, g, c in _REDUCED
                     if raw["width"] // factor >= width and raw["height"] // factor >= height), flag)
    image = cv2.imdecode(np.frombuffer(raw["image"], np.uint8), flag)
    if image is None:
        return None
    if image.shape[:2] != (height, width):
        shrinking = image.shape[1] > width
        image = cv2.resize(image, (width, height), interpolation=cv2.INTER_AREA if shrinking else cv2.INTER_LINEAR)
    return image
