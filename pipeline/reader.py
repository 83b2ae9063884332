"""`PageReader`: the one door through which stages get a dossier's pages read.

Stages ask for what they need (every page scanned cheaply, a few pages read whole, a
rendering) and never care whether the answer comes from a text layer, the cache, worker
processes or an engine they passed in. The reader keeps each page's scan so a page read
whole is turned upright without looking at it twice.
"""

from __future__ import annotations

from concurrent.futures import as_completed
from pathlib import Path
from typing import Callable

import numpy as np

from pipeline.models import PageScan, PageText
from pipeline.ocr import OcrEngine, engine_name
from pipeline.ocr.cache import OcrCache, cache_key
from pipeline.pagescan import SCAN_VERSION, scan_text_lines
from pipeline.render import open_document, page_has_text_layer, page_key, render_page, text_layer_lines
from pipeline.settings import Settings
from pipeline.workers import PagePool, read_page, read_page_rows, scan_page

READ_VERSION = "read-1"  # part of the cache key of whole-page reads


class PageReader:
    def __init__(self, pdf_path: Path, settings: Settings, engine: OcrEngine | None = None) -> None:
        self.path = Path(pdf_path)
        self.settings = settings
        self._engine = engine
        self._doc = open_document(self.path)
        self.page_count = self._doc.page_count
        self._engine_name = engine.name if engine else engine_name(settings)
        self._cache = OcrCache(settings.cache_dir) if settings.use_cache else None
        self._pool = None if engine else PagePool(self.path, settings, self.page_count)
        self._scans: dict[int, PageScan] = {}
        self._texts: dict[int, PageText] = {}
        self._rows: dict[int, PageText] = {}
        self._keys: dict[int, str] = {}

    # --- public API ------------------------------------------------------------------------

    def scan_pages(self, progress: Callable[[int, int], None] | None = None) -> list[PageScan]:
        """Every page's scan, in page order; cached pages cost a lookup, the rest run in parallel."""
        indices = list(range(1, self.page_count + 1))
        for index in indices:
            page = self._doc[index - 1]
            if index not in self._scans and page_has_text_layer(page):  # no OCR, no worker needed
                self._scans[index] = scan_text_lines(index, text_layer_lines(page), page.rect.width, page.rect.height)
        self._load_cached(indices, "scan", self._scans, PageScan)
        missing = [i for i in indices if i not in self._scans]
        done = len(indices) - len(missing)
        if progress:
            progress(done, len(indices))
        for index, scan in self._run_scans(missing):
            self._scans[index] = scan
            self._store(index, "scan", scan)
            done += 1
            if progress:
                progress(done, len(indices))
        return [self._scans[i] for i in indices]

    def read_page(self, index: int) -> PageText:
        """The whole page, upright, boxes in points; from the text layer when it has one."""
        return self.read_pages([index])[index]

    def read_pages(self, indices: list[int]) -> dict[int, PageText]:
        """Several pages whole (as `read_page`), the uncached ones in parallel."""
        for index in indices:
            if not 1 <= index <= self.page_count:
                raise IndexError(f"页码超出范围：第{index}页（共{self.page_count}页）")
        wanted = [i for i in dict.fromkeys(indices) if i not in self._texts]
        for index in wanted:
            page = self._doc[index - 1]
            if page_has_text_layer(page):
                self._texts[index] = PageText(index=index, lines=text_layer_lines(page))
        self._load_cached([i for i in wanted if i not in self._texts], "read", self._texts, PageText)
        missing = [i for i in wanted if i not in self._texts]
        if missing:
            self._load_cached(missing, "scan", self._scans, PageScan)
        for index, scan, text in self._run_reads(missing):
            if index not in self._scans:
                self._scans[index] = scan
                self._store(index, "scan", scan)
            self._texts[index] = text
            self._store(index, "read", text)
        return {i: self._texts[i] for i in indices}

    def read_rows(self, index: int) -> PageText:
        """The page row by row, each ink line recognised whole (no text detection): how a
        目录 is read, so that lone page numbers after dotted leaders are not lost."""
        if index not in self._rows:
            page = self._doc[index - 1]
            if page_has_text_layer(page):
                self._rows[index] = PageText(index=index, lines=text_layer_lines(page))
            self._load_cached([index], "rows", self._rows, PageText)
        if index not in self._rows:
            self._load_cached([index], "scan", self._scans, PageScan)
            known = self._scans.get(index)
            if self._engine is not None:
                scan, text = read_page_rows(self._doc, index, self._engine, self.settings, known)
            else:
                scan_data, text_data = self._pool.read_rows(index, known).result()
                scan, text = PageScan.model_validate(scan_data), PageText.model_validate(text_data)
            if index not in self._scans:
                self._scans[index] = scan
                self._store(index, "scan", scan)
            self._rows[index] = text
            self._store(index, "rows", text)
        return self._rows[index]

    def render(self, index: int, dpi: int) -> np.ndarray:
        """The page as the PDF displays it (not turned upright), grey, at `dpi`."""
        return render_page(self._doc, index, dpi, self.settings.max_page_pixels)

    def close(self) -> None:
        if self._pool:
            self._pool.close()
        if self._cache:
            self._cache.close()
        self._doc.close()

    def __enter__(self) -> PageReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- running ---------------------------------------------------------------------------

    def _run_scans(self, indices: list[int]):
        if self._engine is not None:
            for index in indices:
                yield index, scan_page(self._doc, index, self._engine, self.settings)
            return
        futures = self._pool.scan(indices) if indices else {}
        for future in as_completed(futures):
            yield futures[future], PageScan.model_validate(future.result())

    def _run_reads(self, indices: list[int]):
        if self._engine is not None:
            for index in indices:
                scan, text = read_page(self._doc, index, self._engine, self.settings, self._scans.get(index))
                yield index, scan, text
            return
        futures = self._pool.read({i: self._scans.get(i) for i in indices}) if indices else {}
        for future in as_completed(futures):
            scan, text = future.result()
            yield futures[future], PageScan.model_validate(scan), PageText.model_validate(text)

    # --- cache -----------------------------------------------------------------------------

    def _key(self, index: int, operation: str) -> str:
        if index not in self._keys:
            self._keys[index] = page_key(self._doc, index)
        version = SCAN_VERSION if operation == "scan" else f"{SCAN_VERSION}/{READ_VERSION}"
        return cache_key(self._keys[index], self._engine_name, version, self.settings.scan_dpi, self.settings.max_page_pixels, operation)

    def _load_cached(self, indices: list[int], operation: str, into: dict, model: type) -> None:
        if not self._cache or not indices:
            return
        keys = {self._key(i, operation): i for i in indices if i not in into}
        for key, value in self._cache.get_many(list(keys)).items():
            into[keys[key]] = model.model_validate(value)

    def _store(self, index: int, operation: str, result: PageScan | PageText) -> None:
        """Cache a result, unless its page came out illegible: that may be a worker that
        crashed or ran out of memory this time, and the next run deserves another try."""
        scan = self._scans.get(index)
        if self._cache and not (scan is not None and scan.illegible):
            self._cache.put(self._key(index, operation), result.model_dump(mode="json"))
