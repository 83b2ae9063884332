"""The work one page needs, done in worker processes that each own one OCR engine.

OCR is CPU-bound and single-threaded ONNX sessions in two processes beat one process with
two threads (design.md), so pages are spread over processes. Each worker builds and warms
its engine once (the pool initializer) and opens the PDF itself: only a path and a page
index go to a worker and only a small result comes back, never an image, so memory stays
one page image per worker plus its engine. `scan_page` and `read_page` are also called
in-process when a caller supplies its own engine (tests, the recorded engine).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

import pymupdf

from pipeline.models import PageScan, PageText
from pipeline.ocr import OcrEngine, make_engine
from pipeline.pagescan import scan_image, scan_text_lines, upright
from pipeline.render import open_document, page_has_text_layer, render_page, text_layer_lines
from pipeline.rowread import read_rows
from pipeline.settings import Settings


def scan_page(doc: pymupdf.Document, index: int, engine: OcrEngine, settings: Settings) -> PageScan:
    page = doc[index - 1]
    if page_has_text_layer(page):
        return scan_text_lines(index, text_layer_lines(page), page.rect.width, page.rect.height)
    gray = render_page(doc, index, settings.scan_dpi, settings.max_page_pixels)
    return scan_image(index, gray, engine, page.rect.width)


def read_page(doc: pymupdf.Document, index: int, engine: OcrEngine, settings: Settings, scan: PageScan | None) -> tuple[PageScan, PageText]:
    """Read a scanned page whole, upright; scans it first when its orientation is unknown."""
    page = doc[index - 1]
    gray = render_page(doc, index, settings.scan_dpi, settings.max_page_pixels)
    if scan is None:
        scan = scan_image(index, gray, engine, page.rect.width)
    points_per_pixel = page.rect.width / gray.shape[1]
    image = upright(gray, scan.rotation, scan.skew_deg)
    lines = [
        line.model_copy(update={"box": tuple(v * points_per_pixel for v in line.box)})
        for line in engine.recognise(image)
    ]
    lines.sort(key=lambda line: (round(line.box[1] / 4), line.box[0]))
    return scan, PageText(index=index, lines=lines, rotation=scan.rotation)


def read_page_rows(
    doc: pymupdf.Document, index: int, engine: OcrEngine, settings: Settings, scan: PageScan | None
) -> tuple[PageScan, PageText]:
    """Read a scanned page row by row (see pipeline/rowread.py), upright."""
    page = doc[index - 1]
    gray = render_page(doc, index, settings.scan_dpi, settings.max_page_pixels)
    if scan is None:
        scan = scan_image(index, gray, engine, page.rect.width)
    lines = read_rows(upright(gray, scan.rotation, scan.skew_deg), engine, page.rect.width / gray.shape[1])
    return scan, PageText(index=index, lines=lines, rotation=scan.rotation)


# --- the pool ------------------------------------------------------------------------------

_engine: OcrEngine | None = None
_settings: Settings | None = None
_documents: dict[str, pymupdf.Document] = {}


def _start_worker(settings: Settings) -> None:
    global _engine, _settings
    _die_with_parent()
    _settings = settings
    _engine = make_engine(settings)


def _die_with_parent() -> None:
    """End this worker when the process that started it is gone, so a killed run leaves no
    orphans. (Linux's PR_SET_PDEATHSIG would fire when the *thread* that spawned the worker
    ends, and pools are started from short-lived threads: it killed healthy workers.)"""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _document(path: str) -> pymupdf.Document:
    if path not in _documents:
        for old in _documents.values():
            old.close()
        _documents.clear()
        _documents[path] = open_document(path)
    return _documents[path]


def _scan_task(path: str, index: int) -> dict:
    return scan_page(_document(path), index, _engine, _settings).model_dump()


def _read_task(path: str, index: int, scan: dict | None) -> tuple[dict, dict]:
    known = PageScan.model_validate(scan) if scan else None
    result_scan, text = read_page(_document(path), index, _engine, _settings, known)
    return result_scan.model_dump(), text.model_dump()


def _rows_task(path: str, index: int, scan: dict | None) -> tuple[dict, dict]:
    known = PageScan.model_validate(scan) if scan else None
    result_scan, text = read_page_rows(_document(path), index, _engine, _settings, known)
    return result_scan.model_dump(), text.model_dump()


def worker_count(settings: Settings, tasks: int) -> int:
    """Processes × threads never exceeds the cores, nor the number of pages to do."""
    cores = os.cpu_count() or 1
    return max(1, min(settings.ocr_workers, cores // settings.ocr_threads, tasks))


class PagePool:
    """Worker processes for one PDF; started on first use, kept warm until `close`."""

    def __init__(self, pdf_path: Path, settings: Settings, pages: int) -> None:
        self._path = str(pdf_path)
        self._settings = settings
        self._workers = worker_count(settings, pages)
        self._executor: ProcessPoolExecutor | None = None

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            self._executor = ProcessPoolExecutor(
                max_workers=self._workers,
                # spawn: a forked child would inherit the parent's threads (Prefect, ONNX)
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker,
                initargs=(self._settings,),
            )
        return self._executor

    def scan(self, indices: list[int]) -> dict[Future, int]:
        pool = self._pool()
        return {pool.submit(_scan_task, self._path, index): index for index in indices}

    def read(self, jobs: dict[int, PageScan | None]) -> dict[Future, int]:
        pool = self._pool()
        return {
            pool.submit(_read_task, self._path, index, scan.model_dump() if scan else None): index
            for index, scan in jobs.items()
        }

    def read_rows(self, index: int, scan: PageScan | None) -> Future:
        return self._pool().submit(_rows_task, self._path, index, scan.model_dump() if scan else None)

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
