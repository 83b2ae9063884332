"""Never decode what could cost gigabytes: a page's declared image sizes, read without
decoding anything. Both the page reader (pipeline/render.py) and the report's thumbnails
(outputs/thumbnails.py) ask before they draw a page, so it lives in the kernel."""

from __future__ import annotations

import pymupdf

# MuPDF decodes an embedded image whole before scaling it to the page, whatever the output
# resolution: a 390 KB file declaring one 20000×20000 grey image took 4 s and 930 MB to
# render (BENCHMARKS.md), a colour one three times the memory, and a tiny deflate stream can
# declare any size. A4 scanned at 600 dpi is 35 M pixels, A3 70 M; beyond this a page is
# not decoded at all but reported illegible.
MAX_IMAGE_PIXELS = 100_000_000


def oversized_image(doc: pymupdf.Document, page: pymupdf.Page) -> str | None:
    """Why the page must not be decoded (Chinese), judged on declared sizes only; or None."""
    for image in page.get_images(full=True):
        sizes = [(image[2], image[3])]
        if image[1]:  # the soft mask is decoded too
            sizes.append((_int_key(doc, image[1], "Width"), _int_key(doc, image[1], "Height")))
        for width, height in sizes:
            if width * height > MAX_IMAGE_PIXELS:
                return f"页面中的图像尺寸过大（{width}×{height}像素），未予解码"
    return None


def _int_key(doc: pymupdf.Document, xref: int, key: str) -> int:
    kind, value = doc.xref_get_key(xref, key)
    return int(value) if kind == "int" else 0
