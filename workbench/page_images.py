"""The dossier's pages as images, rendered from the original PDF when first asked for.

A 300-page dossier is never rendered whole: the board and the case page ask for one page
(the viewer), one small page (a thumbnail in view) or one region (a key field's evidence)
at a time. Each image is rendered once with PyMuPDF and kept in the cache folder under
the file's SHA-256, so every later look costs a file read. The original is opened
read-only and never written; a page whose embedded image would cost gigabytes to decode
is refused (kernel.pdfguard), as the pipeline refuses it.
"""

from __future__ import annotations

import logging
import os
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np
import pymupdf

from kernel.pdfguard import oversized_image

Box = tuple[float, float, float, float]
log = logging.getLogger(__name__)


class PageImageError(Exception):
    """A page that cannot be shown; the message is for the officer (Chinese)."""


@lru_cache(maxsize=64)
def page_sizes(pdf_path: str, sha256: str) -> tuple[tuple[float, float], ...]:
    """(width, height) in PDF points of every page, as it reads upright (the sha keys the cache)."""
    with pymupdf.open(pdf_path) as doc:
        return tuple((p.rect.width, p.rect.height) for p in doc)


def _jpeg(pixmap: pymupdf.Pixmap) -> bytes:
    """The pixmap as JPEG through OpenCV (libjpeg-turbo): a page at viewer size in tens of
    milliseconds, where MuPDF's own encoder takes half a second or more."""
    pixels = np.frombuffer(pixmap.samples, np.uint8).reshape(pixmap.height, pixmap.width, pixmap.n)
    if pixmap.n == 3:
        pixels = cv2.cvtColor(pixels, cv2.COLOR_RGB2BGR)
    ok, encoded = cv2.imencode(".jpg", pixels, [cv2.IMWRITE_JPEG_QUALITY, 80])
    if not ok:
        raise PageImageError("页面图像编码失败")
    return encoded.tobytes()


class PageImages:
    def __init__(self, cache_dir: Path) -> None:
        self.cache_dir = Path(cache_dir)
        self._lock = threading.Lock()  # MuPDF is not thread-safe: one render at a time
        self._ahead = ThreadPoolExecutor(max_workers=1, thread_name_prefix="page-prefetch")

    def prefetch(self, pdf_path: str, sha256: str, pages: list[int], dpi: int) -> None:
        """Render `pages` in the background, so the pages an officer is about to look at (the
        next ones, those with findings) are already in the cache when asked for."""
        for page in pages:
            self._ahead.submit(self._quietly, pdf_path, sha256, page, dpi)

    def _quietly(self, pdf_path: str, sha256: str, page: int, dpi: int) -> None:
        try:
            self.page(pdf_path, sha256, page, dpi)
        except PageImageError as exc:  # shown as a message when the page itself is asked for
            log.debug("page %d not prefetched: %s", page, exc)

    def page(self, pdf_path: str, sha256: str, page: int, dpi: int, fmt: str = "jpg") -> Path:
        return self._cached(f"p{page}-{dpi}.{fmt}", pdf_path, sha256, page, dpi, None, fmt)

    def crop(self, pdf_path: str, sha256: str, page: int, box: Box, dpi: int = 150) -> Path:
        """The region `box` (PDF points) of `page` with a small margin, as PNG."""
        x0, y0, x1, y1 = box
        margin = 6
        clip = (x0 - margin, y0 - margin, x1 + margin, y1 + margin)
        name = f"c{page}-{dpi}-{'_'.join(str(round(v)) for v in clip)}.png"
        return self._cached(name, pdf_path, sha256, page, dpi, clip, "png")

    def _cached(self, name: str, pdf_path: str, sha256: str, page: int, dpi: int, clip: Box | None, fmt: str) -> Path:
        target = self.cache_dir / sha256[:2] / sha256 / name
        if target.is_file():
            return target
        with self._lock:
            if target.is_file():
                return target
            data = self._render(pdf_path, page, dpi, clip, fmt)
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".render-")
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, target)
        return target

    @staticmethod
    def _render(pdf_path: str, page: int, dpi: int, clip: Box | None, fmt: str) -> bytes:
        if not Path(pdf_path).is_file():
            raise PageImageError("原始PDF文件已不在登记的位置，无法显示页面")
        try:
            with pymupdf.open(pdf_path) as doc:
                if not 1 <= page <= doc.page_count:
                    raise PageImageError(f"本文件共{doc.page_count}页，没有第{page}页")
                loaded = doc.load_page(page - 1)
                if reason := oversized_image(doc, loaded):
                    raise PageImageError(reason)
                rect = pymupdf.Rect(*clip) & loaded.rect if clip else None
                pixmap = loaded.get_pixmap(dpi=dpi, clip=rect, alpha=False)
                return _jpeg(pixmap) if fmt == "jpg" else pixmap.tobytes("png")
        except PageImageError:
            raise
        except Exception as exc:  # noqa: BLE001 - a damaged page is shown as a message, never a crash
            raise PageImageError(f"第{page}页无法显示：{exc}") from None
