"""The work one page needs, done in worker processes that each own one OCR engine.

OCR is CPU-bound and single-threaded ONNX sessions in two processes beat one process with
two threads (design.md), so pages are spread over processes. Each worker builds and warms
its engine once (the pool initializer) and opens the PDF itself: only a path and a page
index go to a worker and only a small result comes back, never an image, so memory stays
one page image per worker plus its engine. `scan_page` and `read_page` are also called
in-process when a caller supplies its own engine (tests, the recorded engine).

A pool is not tied to one PDF: every task names its file, so one pool (and the engines its
workers loaded) serves every file of a run; pipeline/page_pools.py decides how long it lives.
A worker keeps its last PDF open and opens it afresh when the file at that path changed (the
watched folder may receive a new version under the same name).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import cv2
import numpy as np
import pymupdf

from kernel.models import OcrLine, PageScan, PageSeals, PageText
from kernel.scan_jpeg import PageTooLarge
from pipeline.ocr import OcrEngine, OcrEngineUnavailable, make_engine
from pipeline.pagescan import scan_image, scan_turned_over, upright
from pipeline.render import open_document, render_page
from pipeline.rowread import read_rows
from pipeline.sealerase import surer_under_seals, without_seals
from pipeline.sealpage import page_seals
from pipeline.textblocks import text_blocks
from kernel.settings import Settings

log = logging.getLogger(__name__)


def _render(doc: pymupdf.Document, index: int, settings: Settings, colour: bool = False) -> np.ndarray | None:
    """The page at the scan resolution, or None for a page too large to decode (illegible)."""
    try:
        return render_page(doc, index, settings.scan_dpi, settings.max_page_pixels, colour=colour)
    except PageTooLarge as exc:
        log.warning("第%d页：%s", index, exc)
        return None


def scan_page(doc: pymupdf.Document, index: int, engine: OcrEngine, settings: Settings) -> PageScan:
    """Scan the page's image; a born-digital page never comes here (reader.py reads its text layer)."""
    gray = _render(doc, index, settings)
    if gray is None:
        return _unread(index, None)[0]
    return scan_image(index, gray, engine, doc[index - 1].rect.width)


def reread_number(doc: pymupdf.Document, index: int, engine: OcrEngine, settings: Settings,
                  turned_over: bool = False) -> PageScan | None:
    """The page scanned again at 1.5 × the scan resolution, for a printed number that
    disagrees with its neighbours: thin digits ("10" read as "1") separate better there;
    `turned_over`, the page read the other way up (a sheet of too little text to tell which
    way is up, bound upside down). None when the larger image cannot be rendered."""
    try:
        gray = render_page(doc, index, settings.scan_dpi * 3 // 2, settings.max_page_pixels)
    except PageTooLarge:
        return None
    scan = scan_turned_over if turned_over else scan_image
    return scan(index, gray, engine, doc[index - 1].rect.width)


def read_page(doc: pymupdf.Document, index: int, engine: OcrEngine, settings: Settings, scan: PageScan | None,
              at_once: bool = False) -> tuple[PageScan, PageText]:
    """Read a scanned page whole, upright, with its seals' ink taken away so that the print
    they cover is read (pipeline/sealerase.py), the detector looking only where there is ink
    (pipeline/textblocks.py) or, `at_once`, over the whole page in one pass (the reference
    read, for a page whose stretches of ink missed a line); scans it first when its
    orientation is unknown."""
    prepared = _upright_page(doc, index, engine, settings, scan, unsealed=True)
    if prepared is None:
        return _unread(index, scan)
    scan, image, points_per_pixel, plain = prepared
    blocks = None if at_once else text_blocks(image, points_per_pixel)
    found = engine.recognise(image) if blocks is None else engine.recognise_blocks(image, blocks)
    if plain is not None:
        found = surer_under_seals(found, image, upright(plain, scan.rotation, scan.skew_deg), engine)
    lines = [line.model_copy(update={"box": tuple(v * points_per_pixel for v in line.box)}) for line in found]
    lines.sort(key=lambda line: (round(line.box[1] / 4), line.box[0]))
    return scan, PageText(index=index, lines=lines, rotation=scan.rotation)


def text_support(doc: pymupdf.Document, index: int, engine: OcrEngine, settings: Settings, scan: PageScan | None,
                 box: tuple[float, float, float, float], texts: list[str]) -> list[float | None]:
    """How well the line in `box` (points, on the page as read whole) supports each of
    `texts` (pipeline/ocr/ctc.py): the page prepared as for a whole-page read, the box cut
    out with a margin of a fifth of its height."""
    prepared = _upright_page(doc, index, engine, settings, scan, unsealed=True)
    if prepared is None:
        return [None] * len(texts)
    _, image, points_per_pixel, _ = prepared
    x0, y0, x1, y1 = (v / points_per_pixel for v in box)
    pad = (y1 - y0) / 5
    crop = image[max(0, int(y0 - pad)):int(y1 + pad) + 1, max(0, int(x0 - pad)):int(x1 + pad) + 1]
    return [engine.text_support([crop], [text])[0] for text in texts]


def read_page_rows(
    doc: pymupdf.Document, index: int, engine: OcrEngine, settings: Settings, scan: PageScan | None
) -> tuple[PageScan, PageText]:
    """Read a scanned page row by row (see pipeline/rowread.py), upright."""
    prepared = _upright_page(doc, index, engine, settings, scan)
    if prepared is None:
        return _unread(index, scan)
    scan, image, points_per_pixel, _ = prepared
    return scan, PageText(index=index, lines=read_rows(image, engine, points_per_pixel), rotation=scan.rotation)


def _upright_page(
    doc: pymupdf.Document, index: int, engine: OcrEngine, settings: Settings, scan: PageScan | None,
    unsealed: bool = False,
) -> tuple[PageScan, np.ndarray, float, np.ndarray | None] | None:
    """The page's scan, its upright grey image (`unsealed`: with its seals' ink painted as
    paper), points per pixel, and, where seals were painted out, the page as rendered (grey,
    not yet turned upright: only a whole-page read needs it; else None); None when it is too
    large to render."""
    page = doc[index - 1]
    rendered = _render(doc, index, settings, colour=unsealed)
    if rendered is None:
        return None
    gray, plain = rendered, None
    if unsealed:
        gray = without_seals(rendered)
        as_rendered = cv2.cvtColor(rendered, cv2.COLOR_BGR2GRAY) if rendered.ndim == 3 else rendered
        plain = None if np.array_equal(as_rendered, gray) else as_rendered
    if scan is None:
        scan = scan_image(index, gray, engine, page.rect.width)
    return scan, upright(gray, scan.rotation, scan.skew_deg), page.rect.width / gray.shape[1], plain


def read_seals(
    doc: pymupdf.Document, index: int, engine: OcrEngine, settings: Settings, scan: PageScan | None,
    lines: list[OcrLine], signed: bool = False, names: Sequence[str] = (), signers: Sequence[str] = (),
) -> PageSeals:
    """The page's seals and signature fields, looked at upright and in colour (a seal is
    told from print by its red); `lines` is the page's text (points, upright); `signed`:
    its part must be signed; `names`: the applicant's (what its seal should read);
    `signers`: its legal representative's (what a name seal reads)."""
    try:
        image = render_page(doc, index, settings.scan_dpi, settings.max_page_pixels, colour=True)
    except PageTooLarge:
        return PageSeals(index=index, unread=True)
    points_per_pixel = doc[index - 1].rect.width / image.shape[1]
    if scan is not None:
        image = upright(image, scan.rotation, 0.0)
    return page_seals(index, image, points_per_pixel, lines, engine, signed, names, signers,
                      scan.skew_deg if scan is not None else 0.0)


# --- the pool ------------------------------------------------------------------------------

_engine: OcrEngine | None = None
_settings: Settings | None = None
_documents: dict[tuple, pymupdf.Document] = {}  # (path, inode, size, mtime) → the open PDF


def _start_worker(settings: Settings) -> None:
    global _engine, _settings
    _die_with_parent()
    _settings = settings
    try:
        _engine = make_engine(settings)
    except Exception as exc:
        # A worker that dies in its initializer looks to the pool exactly like one that crashed
        # on a page; keep the reason instead, so the review stops with it rather than retrying
        # every page and calling them all illegible.
        _engine = _UnavailableEngine(exc)


class _UnavailableEngine(OcrEngine):
    """Stands in for an engine that could not be built; every use raises the reason."""

    name = "unavailable"

    def __init__(self, error: Exception) -> None:
        self._error = error if isinstance(error, OcrEngineUnavailable) else OcrEngineUnavailable(f"文字识别引擎无法启动：{error}")

    def recognise(self, image, region=None):
        raise self._error

    def recognise_crops(self, crops):
        raise self._error


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
    """The PDF at `path`, kept open for the next page; a file replaced at the same path (a
    new version, or another file under its name) is opened again, never read stale."""
    status = os.stat(path)
    key = (path, status.st_ino, status.st_size, status.st_mtime_ns)
    if key not in _documents:
        for old in _documents.values():
            old.close()
        _documents.clear()
        _documents[key] = open_document(path)
    return _documents[key]


def _started() -> None:
    """A task that only makes the pool start a worker (its initializer loads the engine)."""


def _scan_task(path: str, index: int) -> dict:
    return scan_page(_document(path), index, _engine, _settings).model_dump()


def _read_task(path: str, index: int, scan: dict | None, at_once: bool = False) -> tuple[dict, dict]:
    known = PageScan.model_validate(scan) if scan else None
    result_scan, text = read_page(_document(path), index, _engine, _settings, known, at_once)
    return result_scan.model_dump(), text.model_dump()


def _rows_task(path: str, index: int, scan: dict | None) -> tuple[dict, dict]:
    known = PageScan.model_validate(scan) if scan else None
    result_scan, text = read_page_rows(_document(path), index, _engine, _settings, known)
    return result_scan.model_dump(), text.model_dump()


def _reread_task(path: str, index: int, turned_over: bool) -> dict | None:
    again = reread_number(_document(path), index, _engine, _settings, turned_over)
    return again.model_dump() if again else None


def _support_task(path: str, index: int, scan: dict | None, box: list[float], texts: list[str]) -> list[float | None]:
    known = PageScan.model_validate(scan) if scan else None
    return text_support(_document(path), index, _engine, _settings, known, tuple(box), texts)


def _seals_task(path: str, index: int, scan: dict | None, lines: list[dict], signed: bool, names: list[str],
                signers: list[str]) -> dict:
    known = PageScan.model_validate(scan) if scan else None
    text = [OcrLine.model_validate(line) for line in lines]
    return read_seals(_document(path), index, _engine, _settings, known, text, signed, names, signers).model_dump()


def _unread(index: int, scan: PageScan | None) -> tuple[PageScan, PageText]:
    """What a page that could not be processed is taken to be: illegible, no text read."""
    unread = (scan or PageScan(index=index)).model_copy(update={"illegible": True})
    return unread, PageText(index=index, lines=[], rotation=unread.rotation)


def _dumped(models: tuple[PageScan, PageText]) -> tuple[dict, dict]:
    return models[0].model_dump(), models[1].model_dump()


def worker_count(settings: Settings, tasks: int | None = None) -> int:
    """Processes × threads never exceeds the cores, nor the number of pages to do (when known)."""
    cores = os.cpu_count() or 1
    return max(1, min(settings.ocr_workers, cores // settings.ocr_threads, tasks or settings.ocr_workers))


Call = tuple[Callable, tuple]


class PagePool:
    """Worker processes for the pages of any PDF; started on first use, kept warm until `close`.

    One bad page must not cost the dossier its report: a worker that dies on a page (a
    decoder bomb, the kernel's OOM killer, a native crash) breaks the whole executor, and
    an engine may raise `MemoryError` on one huge page. Every page that fails is retried
    once, alone, on a healthy pool (a new one when the old is broken), so a crash during the
    retry can only be that page's own and the innocent pages that were in flight with it
    come back normally. A page that fails alone is returned as an illegible page and the
    review reports it (`pages.illegible`). Only an engine that cannot start at all stops the
    review: no retry can help it.
    """

    def __init__(self, settings: Settings, pages: int | None = None) -> None:
        """`pages`: how many pages it will serve when that is known (one PDF), so that a
        short file does not start more workers than it has pages."""
        self.settings = settings  # what its workers were started with
        self._workers = worker_count(settings, pages)
        self._executor: ProcessPoolExecutor | None = None
        self._closed = False
        self._lock = threading.Lock()  # the supervising thread replaces the executor, `close` ends it

    def _pool(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._closed:  # a retry still running after the reader gave up must not start processes
                raise RuntimeError("页面处理进程池已关闭")
            if self._executor is None:
                self._executor = ProcessPoolExecutor(
                    max_workers=self._workers,
                    # spawn: a forked child would inherit the parent's threads (Prefect, ONNX)
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=_start_worker,
                    initargs=(self.settings,),
                )
            return self._executor

    def start(self) -> None:
        """Start every worker now rather than on the first page: each spends seconds loading
        its engine, which a command overlaps with its own start (imports, the Prefect server)."""
        pool = self._pool()
        for _ in range(self._workers):
            pool.submit(_started)

    def scan(self, pdf_path: Path, indices: list[int]) -> dict[Future, int]:
        path = str(pdf_path)
        calls = {index: (_scan_task, (path, index)) for index in indices}
        return self._supervised(calls, lambda index: _unread(index, None)[0].model_dump())

    def read(self, pdf_path: Path, jobs: dict[int, PageScan | None], at_once: bool = False) -> dict[Future, int]:
        path = str(pdf_path)
        calls = {
            index: (_read_task, (path, index, scan.model_dump() if scan else None, at_once))
            for index, scan in jobs.items()
        }
        return self._supervised(calls, lambda index: _dumped(_unread(index, jobs[index])))

    def read_rows(self, pdf_path: Path, index: int, scan: PageScan | None) -> Future:
        calls = {index: (_rows_task, (str(pdf_path), index, scan.model_dump() if scan else None))}
        (future,) = self._supervised(calls, lambda index: _dumped(_unread(index, scan)))
        return future

    def seals(self, pdf_path: Path, jobs: dict[int, tuple[PageScan | None, list[OcrLine], bool]],
              names: Sequence[str] = (), signers: Sequence[str] = ()) -> dict[Future, int]:
        path = str(pdf_path)
        calls = {
            index: (_seals_task, (path, index, scan.model_dump() if scan else None,
                                  [line.model_dump() for line in lines], signed, list(names), list(signers)))
            for index, (scan, lines, signed) in jobs.items()
        }
        return self._supervised(calls, lambda index: PageSeals(index=index, unread=True).model_dump())

    def text_support(self, pdf_path: Path, index: int, scan: PageScan | None, box: tuple[float, float, float, float],
                     texts: list[str]) -> Future:
        calls = {index: (_support_task, (str(pdf_path), index, scan.model_dump() if scan else None, list(box), texts))}
        (future,) = self._supervised(calls, lambda index: [None] * len(texts))
        return future

    def reread_number(self, pdf_path: Path, index: int, turned_over: bool = False) -> Future:
        calls = {index: (_reread_task, (str(pdf_path), index, turned_over))}
        (future,) = self._supervised(calls, lambda index: None)
        return future

    def _supervised(self, calls: dict[int, Call], fallback: Callable[[int], object]) -> dict[Future, int]:
        """Futures that always resolve: to the page's result, or to `fallback(index)`."""
        results = {index: Future() for index in calls}
        if calls:
            threading.Thread(
                target=self._supervise, args=(calls, results, fallback), name="page-pool", daemon=True
            ).start()
        return {future: index for index, future in results.items()}

    def _supervise(self, calls: dict[int, Call], results: dict[int, Future], fallback: Callable[[int], object]) -> None:
        try:
            failed = self._attempt(calls, list(calls), results)
            for index in failed:
                if self._attempt(calls, [index], results):
                    log.warning("第%d页两次处理失败，按无法辨认处理", index)
                    results[index].set_result(fallback(index))
        except BaseException as exc:  # the engine cannot start, or no process can be spawned
            for future in results.values():
                if not future.done():
                    future.set_exception(exc)

    def _attempt(self, calls: dict[int, Call], indices: list[int], results: dict[int, Future]) -> list[int]:
        """Run `indices` on the pool; settle those that succeed, return those that failed."""
        pool = self._pool()
        futures: dict[Future, int] = {}
        failed: list[int] = []
        for index in indices:
            function, args = calls[index]
            try:
                futures[pool.submit(function, *args)] = index
            except Exception:  # a worker died meanwhile (BrokenProcessPool, or OSError from a
                if self._closed:  # half-torn-down pool while spawning its replacement): retried below
                    raise
                failed.append(index)
        broken = bool(failed)
        for future, index in self._settled(futures):
            try:
                results[index].set_result(future.result())
            except OcrEngineUnavailable:
                raise
            except Exception as exc:  # MemoryError is an Exception; a dead worker is BrokenProcessPool;
                log.warning("第%d页处理失败（%s: %s）", index, type(exc).__name__, exc)  # a hung one TimeoutError
                broken = broken or isinstance(exc, (BrokenProcessPool, TimeoutError))
                failed.append(index)
        if broken:
            self._discard_pool()
        return sorted(failed)

    def _settled(self, futures: dict[Future, int]) -> Iterator[tuple[Future, int]]:
        """Each future with its page as it finishes; one running longer than the page time
        limit is given up as a `TimeoutError` (a page that hangs the decoder or the engine
        must not hang the dossier, and its worker is killed with the pool)."""
        limit = self.settings.page_timeout_s
        started: dict[Future, float] = {}
        pending = set(futures)
        while pending:
            done, pending = wait(pending, timeout=1.0, return_when=FIRST_COMPLETED)
            for future in done:
                yield future, futures[future]
            now = time.monotonic()
            for future in list(pending):
                if future.running():  # handed to a worker (or next in line for one)
                    started.setdefault(future, now)
                    if now - started[future] > limit:
                        pending.discard(future)
                        failed = Future()
                        failed.set_exception(TimeoutError(f"超过单页处理时限 {limit:g} 秒"))
                        yield failed, futures[future]

    def _discard_pool(self) -> None:
        """Drop a broken executor without waiting for it; the next `_pool()` starts afresh.
        Its workers are killed: one may be stuck on a page that never finishes."""
        with self._lock:
            if self._executor is not None:
                workers = list(self._executor._processes.values())  # CPython keeps them by pid
                self._executor.shutdown(wait=False, cancel_futures=True)
                for worker in workers:
                    worker.kill()
                self._executor = None

    def close(self) -> None:
        with self._lock:
            self._closed = True
            if self._executor is not None:
                self._executor.shutdown(wait=True, cancel_futures=True)
                self._executor = None
