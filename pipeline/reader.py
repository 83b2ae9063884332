"""`PageReader`: the one door through which stages get a dossier's pages read.

Stages ask for what they need (every page scanned cheaply, a few pages read whole, the
seals on a few, a rendering) and never care whether the answer comes from a text layer, the cache, worker
processes or an engine they passed in. The reader keeps each page's scan so a page read
whole is turned upright without looking at it twice.

A page's text layer (pipeline/textlayer.py) joins in here. A born-digital page is read from
it alone, never OCRed. On a scanned page the image is read as ever and the text layer adds
what the image read does not cover: a page number a PDF tool stamped on (taken when the
image shows none; when both show one and they differ, the image's is kept and the page
scan says so), typed text over the scan. Only the image's results go through the OCR
cache; the text layer is read afresh, so no cache entry ever mixes the two.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import as_completed
from contextlib import ExitStack
from pathlib import Path
from typing import Callable

import numpy as np

from kernel.layout import LAYOUT
from kernel.models import Box, OcrLine, PageScan, PageSeals, PageText
from kernel.scan_jpeg import PageTooLarge
from pipeline.ocr import OcrEngine, engine_name
from pipeline.ocr.cache import OcrCache, cache_key
from pipeline.pagescan import SCAN_VERSION, scan_text_lines, upright
from pipeline.rowread import ROWS_VERSION
from pipeline.sealpage import SEALS_VERSION
from pipeline.red_marks import red_patches
from pipeline.render import open_document, page_key, render_page
from kernel.settings import Settings
from pipeline.textlayer import NO_TEXT, TextLayer, TextLayerReader, merge_lines, turned_box, turned_upright
from pipeline.page_pools import pool_for
from pipeline.workers import read_page, read_page_rows, read_seals, reread_number, scan_page, text_support

READ_VERSION = "read-9"  # part of the cache key of whole-page reads (read-2: seals' ink taken away; read-3: and what JPEG colour leaves of red; read-4: cut midway to the print under the seal; read-5: the detector only where there is ink; read-6: seals painted out found on a photographed sheet only; read-7: a red seal's remains cut only where print's brightness agrees; read-8: a seal left as it is where the print beside it is as pale; read-9: a line read unsurely where a seal was painted out read again as rendered)
RED_PATCH_DPI = 100  # red patches are measured at the seal finder's working width (640 px): ~77 dpi on A4
# What each cached operation runs: its code's versions (a whole-page read and a row read start
# from the page scan's upright page) and the layout sections it reads (a whole-page read
# takes seals' ink away; the seal check looks for signatures too, reading the rows around seals).
_OPERATION_VERSIONS = {
    "scan": SCAN_VERSION,
    "read": f"{SCAN_VERSION}/{READ_VERSION}",
    "rows": f"{SCAN_VERSION}/{ROWS_VERSION}",
    "seals": f"{SCAN_VERSION}/{SEALS_VERSION}",
}
_OPERATION_LAYOUTS = {
    "scan": ("scan",),
    "read": ("scan", "seals", "read"),
    "rows": ("scan", "rows"),
    "seals": ("scan", "seals", "signatures", "rows"),
}
# What a page scan says about its printed number, taken together from one source.
_NUMBER_FIELDS = ["printed_number", *(name for name in PageScan.model_fields if name.startswith("number_") and name != "number_source")]


class PageReader:
    def __init__(self, pdf_path: Path, settings: Settings, engine: OcrEngine | None = None) -> None:
        self.path = Path(pdf_path)
        self.settings = settings
        self._engine = engine
        self._doc = open_document(self.path)
        self.page_count = self._doc.page_count
        self._engine_name = engine.name if engine else engine_name(settings)
        self._cache = OcrCache(settings.cache_dir) if settings.use_cache else None
        self._pool_scope = ExitStack()  # the pool is the run's (pipeline/page_pools.py) or ends with this reader
        self._pool = None if engine else self._pool_scope.enter_context(pool_for(settings, self.page_count))
        self._text_layers = TextLayerReader(self.path)
        self._layers: dict[int, TextLayer] = {}
        self._image_scans: dict[int, PageScan] = {}  # what the image alone gave: what the cache holds
        self._scans: dict[int, PageScan] = {}  # with the text layer joined in
        self._texts: dict[int, PageText] = {}
        self._rows: dict[int, PageText] = {}
        self._seals: dict[int, PageSeals] = {}
        self._keys: dict[int, str] = {}

    # --- public API ------------------------------------------------------------------------

    def scan_pages(self, progress: Callable[[int, int], None] | None = None) -> list[PageScan]:
        """Every page's scan, in page order; cached pages cost a lookup, the rest run in parallel."""
        indices = list(range(1, self.page_count + 1))
        for index in indices:
            if index not in self._scans and self._layer(index).born_digital:  # no OCR, no worker needed
                self._scans[index] = self._born_digital_scan(index)
        scanned = [i for i in indices if i not in self._scans]
        self._load_cached(scanned, "scan", self._image_scans, PageScan)
        missing = [i for i in scanned if i not in self._image_scans]
        done = len(indices) - len(missing)
        if progress:
            progress(done, len(indices))
        for index, scan in self._run_scans(missing):
            self._image_scans[index] = scan
            self._store(index, "scan", scan)
            done += 1
            if progress:
                progress(done, len(indices))
        for index in scanned:
            self._scans[index] = self._joined_scan(index)
        return [self._scans[i] for i in indices]

    def scans_to_do(self) -> int:
        """How many pages show an image (a scan, a photo) whose scan the cache does not hold:
        about what `scan_pages` would send to the workers, told without parsing a text layer."""
        imaged = [i for i in range(1, self.page_count + 1) if self._doc[i - 1].get_images()]
        cached: dict[int, PageScan] = {}
        self._load_cached(imaged, "scan", cached, PageScan)
        return len(imaged) - len(cached)

    def read_page(self, index: int) -> PageText:
        """The whole page, upright, boxes in points; from the text layer when it is born-digital."""
        return self.read_pages([index])[index]

    def read_pages(self, indices: list[int]) -> dict[int, PageText]:
        """Several pages whole (as `read_page`), the uncached ones in parallel."""
        for index in indices:
            if not 1 <= index <= self.page_count:
                raise IndexError(f"页码超出范围：第{index}页（共{self.page_count}页）")
        wanted = [i for i in dict.fromkeys(indices) if i not in self._texts]
        for index in wanted:
            if self._layer(index).born_digital:
                self._texts[index] = PageText(index=index, lines=self._layer(index).lines)
        self._read_images([i for i in wanted if i not in self._texts])
        return {i: self._texts[i] for i in indices}

    def read_pages_at_once(self, indices: list[int]) -> dict[int, PageText]:
        """Scanned pages read again with the text detector over each whole page in one pass,
        not only over its stretches of ink (pipeline/textblocks.py): the reference read, for
        pages on which a field the checklist needs was not found. Later calls for these
        pages give this reading; born-digital pages are as `read_pages` gives them."""
        self.read_pages(indices)
        self._read_images([i for i in dict.fromkeys(indices) if not self._layer(i).born_digital], at_once=True)
        return {i: self._texts[i] for i in indices}

    def _read_images(self, scanned: list[int], at_once: bool = False) -> None:
        """Read pages that show an image (from the cache where it holds them) into `_texts`."""
        detail = ["at-once"] if at_once else []
        read: dict[int, PageText] = {}
        self._load_cached(scanned, "read", read, PageText, detail=detail)
        missing = [i for i in scanned if i not in read]
        self._load_cached(missing, "scan", self._image_scans, PageScan)
        for index, scan, text in self._run_reads(missing, at_once):
            self._keep_image_scan(index, scan)
            read[index] = text
            self._store(index, "read", text, detail=detail)
        for index in scanned:
            self._texts[index] = self._joined_text(index, read[index], self._layer(index).lines)

    def read_rows(self, index: int) -> PageText:
        """The page row by row, each ink line's groups of glyphs recognised whole (no text
        detection): how a 目录 is read, so that lone page numbers after dotted leaders are not
        lost. A born-digital page gives its text layer's cells, the same shape."""
        if index in self._rows:
            return self._rows[index]
        if self._layer(index).born_digital:
            self._rows[index] = PageText(index=index, lines=self._layer(index).lines)
            return self._rows[index]
        rows: dict[int, PageText] = {}
        self._load_cached([index], "rows", rows, PageText)
        if index not in rows:
            self._load_cached([index], "scan", self._image_scans, PageScan)
            known = self._image_scans.get(index)
            if self._engine is not None:
                scan, text = read_page_rows(self._doc, index, self._engine, self.settings, known)
            else:
                scan_data, text_data = self._pool.read_rows(self.path, index, known).result()
                scan, text = PageScan.model_validate(scan_data), PageText.model_validate(text_data)
            self._keep_image_scan(index, scan)
            rows[index] = text
            self._store(index, "rows", text)
        self._rows[index] = self._joined_text(index, rows[index], self._layer(index).lines)
        return self._rows[index]

    def reread_number(self, index: int, turned_over: bool = False) -> PageScan | None:
        """A second reading of the page's printed number, for one that disagrees with its
        neighbours: the number a PDF tool stamped in the text layer when there is one (it
        is exact, while the image's may be a table cell or a thin "10" read as "1"), else
        the page scanned again at a higher resolution; `turned_over`, the image read the
        other way up (a text layer has no other way up). None when none gives one."""
        layer = self._layer(index)
        if layer.lines:
            if turned_over:
                return None
            stamped = scan_text_lines(index, layer.lines, *self._size(index))
            if stamped.printed_number is not None:
                return stamped.model_copy(update={"number_source": "text", "text_number": stamped.printed_number})
        if self._engine is not None:
            return reread_number(self._doc, index, self._engine, self.settings, turned_over)
        again = self._pool.reread_number(self.path, index, turned_over).result()
        return PageScan.model_validate(again) if again else None

    def is_born_digital(self, index: int) -> bool:
        """Whether the page is read from its text layer alone (exact text, no image read)."""
        return self._layer(index).born_digital

    def lines_in(self, index: int, box: tuple[float, float, float, float]) -> list[OcrLine]:
        """The lines of the page read whole that overlap `box` (points), most overlapped first."""
        def overlap(other: tuple[float, float, float, float]) -> float:
            width = min(box[2], other[2]) - max(box[0], other[0])
            height = min(box[3], other[3]) - max(box[1], other[1])
            return max(0.0, width) * max(0.0, height)

        lines = [line for line in self.read_page(index).lines if overlap(line.box) > 0]
        return sorted(lines, key=lambda line: -overlap(line.box))

    def text_support(self, index: int, box: tuple[float, float, float, float], texts: list[str]) -> list[float | None]:
        """How well the printed line in `box` (points, as the page read whole gives it)
        supports each of `texts` (0: what the recogniser reads there; lower, less likely;
        pipeline/ocr/ctc.py). Not cached: asked only to settle two readings that differ by a
        look-alike character. None for each on a born-digital page, whose text is exact."""
        if self.is_born_digital(index):
            return [None] * len(texts)
        scan = self._scans.get(index)
        if self._engine is not None:
            return text_support(self._doc, index, self._engine, self.settings, scan, box, texts)
        return self._pool.text_support(self.path, index, scan, box, texts).result()

    def red_patches(self, index: int) -> list[Box]:
        """The seal-sized patches of red ink on the upright page, boxes in points
        (pipeline/red_marks.py); none on a page too large to decode. Not cached: asked only
        of a part that must be sealed where no seal was found."""
        try:
            image = render_page(self._doc, index, RED_PATCH_DPI, self.settings.max_page_pixels, colour=True)
        except PageTooLarge:
            return []
        points_per_pixel = self._doc[index - 1].rect.width / image.shape[1]
        if (scan := self._scans.get(index)) is not None:
            image = upright(image, scan.rotation, scan.skew_deg)
        return [tuple(v * points_per_pixel for v in box) for box in red_patches(image)]

    def read_seals(self, indices: list[int], signed: set[int] | None = None,
                   names: Sequence[str] = (), signers: Sequence[str] = ()) -> dict[int, PageSeals]:
        """The seals and signature fields of these pages (`signed`: those of parts that must
        be signed, where a signature label is looked for harder; `names`: the applicant's,
        which a ring that does not read as them is asked to support; `signers`: the names of
        its legal representative the dossier gives, what a name seal reads; both are part of
        the cached result's key). A page of a part that must be signed is read whole first (a
        cached reading costs nothing): its text labels the signature fields. Another page is
        not read whole for this alone (a copy sealed on a part no field is read from): its
        seals need no text, and its signature fields, if any, are the ones its reading whole
        for fields already labels."""
        signed = signed or set()
        texts = {**self._texts, **self.read_pages([i for i in indices if i in signed])}
        wanted = [i for i in dict.fromkeys(indices) if i not in self._seals]
        found: dict[int, PageSeals] = {}
        detail = [*names, *(f"signer:{signer}" for signer in signers)]
        self._load_cached(wanted, "seals", found, PageSeals, detail=detail)
        jobs = {i: (self._image_scans.get(i), texts[i].lines if i in texts else [], i in signed)
                for i in wanted if i not in found}
        for index, seals in self._run_seals(jobs, names, signers):
            found[index] = seals
            if not seals.unread:  # a page that failed deserves another try next time
                self._store(index, "seals", seals, detail=detail)
        self._seals.update(found)
        return {i: self._seals[i] for i in indices}

    def render(self, index: int, dpi: int) -> np.ndarray:
        """The page as the PDF displays it (not turned upright), grey, at `dpi`."""
        return render_page(self._doc, index, dpi, self.settings.max_page_pixels)

    def close(self) -> None:
        self._text_layers.close()
        self._pool_scope.close()
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
        futures = self._pool.scan(self.path, indices) if indices else {}
        for future in as_completed(futures):
            yield futures[future], PageScan.model_validate(future.result())

    def _run_reads(self, indices: list[int], at_once: bool = False):
        if self._engine is not None:
            for index in indices:
                scan, text = read_page(self._doc, index, self._engine, self.settings, self._image_scans.get(index),
                                       at_once)
                yield index, scan, text
            return
        futures = self._pool.read(self.path, {i: self._image_scans.get(i) for i in indices}, at_once) if indices else {}
        for future in as_completed(futures):
            scan, text = future.result()
            yield futures[future], PageScan.model_validate(scan), PageText.model_validate(text)

    def _run_seals(self, jobs: dict[int, tuple[PageScan | None, list[OcrLine], bool]], names: Sequence[str],
                   signers: Sequence[str]):
        if self._engine is not None:
            for index, (scan, lines, signed) in jobs.items():
                yield index, read_seals(self._doc, index, self._engine, self.settings, scan, lines, signed, names,
                                        signers)
            return
        futures = self._pool.seals(self.path, jobs, names, signers) if jobs else {}
        for future in as_completed(futures):
            yield futures[future], PageSeals.model_validate(future.result())

    # --- the text layer ----------------------------------------------------------------------

    def _layer(self, index: int) -> TextLayer:
        """The page's text layer; a page without any text (most scans) costs MuPDF's quick look only."""
        if index not in self._layers:
            has_text = any(not c.isspace() for c in self._doc[index - 1].get_text("text"))
            self._layers[index] = self._text_layers.page(index, self._size(index)) if has_text else NO_TEXT
        return self._layers[index]

    def _size(self, index: int) -> tuple[float, float]:
        rect = self._doc[index - 1].rect
        return rect.width, rect.height

    def _born_digital_scan(self, index: int) -> PageScan:
        scan = scan_text_lines(index, self._layer(index).lines, *self._size(index))
        found = scan.printed_number is not None
        return scan.model_copy(update={"number_source": "text" if found else None, "text_number": scan.printed_number})

    def _joined_scan(self, index: int) -> PageScan:
        """The image's scan, with the text layer's page number and headings joined in."""
        scan = self._image_scans[index]
        scan = scan.model_copy(update={"number_source": "image" if scan.printed_number is not None else None})
        layer = self._layer(index)
        if not layer.lines:
            return scan
        width, height = self._size(index)
        text = scan_text_lines(index, layer.lines, width, height)
        headings = merge_lines(scan.heading_lines, turned_upright(text.heading_lines, scan.rotation, width, height))
        update: dict = {"heading_lines": headings, "text_number": text.printed_number}
        if scan.printed_number is None and text.printed_number is not None:
            update.update({name: getattr(text, name) for name in _NUMBER_FIELDS}, number_source="text")
            if text.number_box is not None:
                update["number_box"] = turned_box(text.number_box, scan.rotation, width, height)
        return scan.model_copy(update=update)

    def _joined_text(self, index: int, read: PageText, text_lines: list[OcrLine]) -> PageText:
        """The image's reading, plus the text-layer lines it does not cover."""
        if not text_lines:
            return read
        extra = turned_upright(text_lines, read.rotation, *self._size(index))
        return read.model_copy(update={"lines": merge_lines(read.lines, extra)})

    def _keep_image_scan(self, index: int, scan: PageScan) -> None:
        if index not in self._image_scans:
            self._image_scans[index] = scan
            self._store(index, "scan", scan)

    # --- cache -----------------------------------------------------------------------------

    def _key(self, index: int, operation: str, detail: Sequence[str] = ()) -> str:
        """The cache key of an operation on a page; `detail`: what else its result depends on."""
        if index not in self._keys:
            self._keys[index] = page_key(self._doc, index)
        # the versions of the code and layout heuristics the operation runs: a change reads its pages afresh
        version = f"{_OPERATION_VERSIONS[operation]}/{LAYOUT.fingerprint(*_OPERATION_LAYOUTS[operation])}"
        return cache_key(self._keys[index], self._engine_name, version, self.settings.scan_dpi, self.settings.max_page_pixels,
                         operation, *detail)

    def _load_cached(self, indices: list[int], operation: str, into: dict, model: type, detail: Sequence[str] = ()) -> None:
        if not self._cache or not indices:
            return
        keys = {self._key(i, operation, detail): i for i in indices if i not in into}
        for key, value in self._cache.get_many(list(keys)).items():
            into[keys[key]] = model.model_validate(value)

    def _store(self, index: int, operation: str, result: PageScan | PageText | PageSeals,
               detail: Sequence[str] = ()) -> None:
        """Cache a result, unless its page came out illegible: that may be a worker that
        crashed or ran out of memory this time, and the next run deserves another try."""
        scan = self._image_scans.get(index)
        if self._cache and not (scan is not None and scan.illegible):
            self._cache.put(self._key(index, operation, detail), result.model_dump(mode="json"))
