"""A scanned page (one full-page JPEG) is decoded directly; any other page is rasterised.

The direct path must give the image the rasteriser would show, and must step aside for
pages it cannot read that way: a second image, a mirrored placement, a page with /Rotate.
"""

from __future__ import annotations

import cv2
import numpy as np
import pymupdf

from kernel.scan_jpeg import embedded_scan
from pipeline.render import render_page

WIDTH, HEIGHT = 595, 842  # A4 in points
DPI = 100


def _scan_jpeg(seed: int = 3) -> bytes:
    """A noisy grey "scan" with some dark marks, JPEG-encoded at the page's size at `DPI`."""
    rng = np.random.default_rng(seed)
    size = (round(HEIGHT * DPI / 72), round(WIDTH * DPI / 72))
    image = np.clip(235 + rng.normal(0, 8, size), 0, 255).astype(np.uint8)
    cv2.putText(image, "dossier 12", (120, 300), cv2.FONT_HERSHEY_SIMPLEX, 3, 20, 6)
    ok, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 85])
    assert ok
    return data.tobytes()


def _page_with(doc: pymupdf.Document, jpeg: bytes, rect: pymupdf.Rect | None = None) -> pymupdf.Page:
    page = doc.new_page(width=WIDTH, height=HEIGHT)
    page.insert_image(rect or page.rect, stream=jpeg)
    return page


def test_full_page_jpeg_is_decoded_directly_and_matches_the_jpeg():
    jpeg = _scan_jpeg()
    doc = pymupdf.open()
    _page_with(doc, jpeg)

    direct = embedded_scan(doc, doc[0], DPI)

    assert direct is not None
    assert np.array_equal(direct, cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_GRAYSCALE))
    rendered = render_page(doc, 1, DPI, max_pixels=50_000_000)
    assert np.array_equal(rendered, direct)


def test_page_with_a_second_image_is_rasterised():
    jpeg = _scan_jpeg()
    doc = pymupdf.open()
    page = _page_with(doc, jpeg)
    page.insert_image(pymupdf.Rect(400, 700, 560, 820), stream=_scan_jpeg(seed=5))

    assert embedded_scan(doc, doc[0], DPI) is None
    shown = render_page(doc, 1, DPI, max_pixels=50_000_000)
    assert abs(shown.shape[0] - HEIGHT * DPI / 72) <= 1 and abs(shown.shape[1] - WIDTH * DPI / 72) <= 1
    # the rasteriser drew the second image: its corner differs from the direct decode's
    assert not np.array_equal(shown[-100:, -100:], cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_GRAYSCALE)[-100:, -100:])


def test_jpeg_not_covering_the_page_or_page_rotated_is_rasterised():
    jpeg = _scan_jpeg()
    doc = pymupdf.open()
    _page_with(doc, jpeg, pymupdf.Rect(40, 40, WIDTH - 40, HEIGHT - 40))
    turned = _page_with(doc, jpeg)
    turned.set_rotation(90)

    assert embedded_scan(doc, doc[0], DPI) is None
    assert embedded_scan(doc, doc[1], DPI) is None
    # the rasteriser shows the turned page as displayed: landscape
    shown = render_page(doc, 2, DPI, max_pixels=50_000_000)
    assert shown.shape[1] > shown.shape[0]


def test_preview_decodes_the_jpeg_reduced_and_shows_the_same_page():
    jpeg = _scan_jpeg()
    doc = pymupdf.open()
    _page_with(doc, jpeg)
    thumb_dpi = 24  # the JPEG is at 100 dpi: a quarter-size decode (25 dpi) still covers it

    preview = embedded_scan(doc, doc[0], thumb_dpi, colour=True, preview=True)
    full = embedded_scan(doc, doc[0], thumb_dpi, colour=True)

    assert preview.shape == full.shape == (round(HEIGHT * thumb_dpi / 72), round(WIDTH * thumb_dpi / 72), 3)
    difference = np.abs(preview.astype(int) - full.astype(int))
    assert difference.mean() < 3  # the same page, the same marks where they were
    dark = full.mean(axis=2) < 150
    assert dark.sum() > 100 and preview.mean(axis=2)[dark].mean() < 130  # the marks are as dark
