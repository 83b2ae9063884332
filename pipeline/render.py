"""Turning PDF pages into grey pixel arrays.

A scanned dossier page is almost always one embedded JPEG filling the page: that JPEG is
decoded directly (kernel/scan_jpeg.py) whenever the page is exactly such an image;
everything else is rasterised by PyMuPDF. Text drawn over such a scan (a page number a PDF
tool stamped on) is not in the decoded JPEG: it is read from the text layer
(pipeline/textlayer.py) and joined to the image's reading by the page reader (reader.py).
Images are 2-D uint8 arrays (grey): OCR engines and ink finding need no colour, and a third
of the memory travels through every stage.

Pixel ↔ point conversion is always derived from the returned image's width against the
page's width in points, never from the requested dpi, because an oversized page is
rendered at a lower resolution (`max_page_pixels`).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import cv2
import numpy as np
import pymupdf

from kernel.pdfguard import oversized_image
from kernel.scan_jpeg import PageTooLarge, embedded_scan


def open_document(path: Path | str) -> pymupdf.Document:
    return pymupdf.open(str(path))


def page_key(doc: pymupdf.Document, index: int) -> str:
    """A content hash of one page, computed without decoding anything.

    It hashes the raw content streams and the raw (still compressed) image streams, so a
    warm run recognises a page it has seen in microseconds; the same scan inside another
    file gets the same key.
    """
    page = doc[index - 1]
    digest = hashlib.blake2b(digest_size=20)
    digest.update(f"{page.rect.width:.2f}x{page.rect.height:.2f}r{page.rotation}".encode())
    for xref in page.get_contents():
        digest.update(doc.xref_stream_raw(xref) or b"")
    for image in page.get_images(full=True):
        digest.update(doc.xref_stream_raw(image[0]) or b"")
    return digest.hexdigest()


def render_page(doc: pymupdf.Document, index: int, dpi: int, max_pixels: int, colour: bool = False) -> np.ndarray:
    """The page as it is displayed (PDF /Rotate applied), grey (or BGR with `colour`: the
    seal check needs red apart from black), at `dpi` or less.

    Raises `PageTooLarge` instead of decoding an oversized image (`oversized_image`).
    """
    page = doc[index - 1]
    if reason := oversized_image(doc, page):
        raise PageTooLarge(reason)
    pixels = page.rect.width * page.rect.height * (dpi / 72) ** 2
    if pixels > max_pixels:
        dpi = int(dpi * (max_pixels / pixels) ** 0.5)
    image = embedded_scan(doc, page, dpi, colour)
    if image is None:
        pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csRGB if colour else pymupdf.csGRAY, alpha=False)
        image = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.stride)[:, : pix.width * pix.n].copy()
        if colour:
            image = cv2.cvtColor(image.reshape(pix.height, pix.width, 3), cv2.COLOR_RGB2BGR)
    # MuPDF keeps decoded images in a store of up to 256 MB per process; pages are not
    # revisited, so emptying it keeps each worker ~200 MB smaller (BENCHMARKS.md)
    pymupdf.TOOLS.store_shrink(100)
    return image
