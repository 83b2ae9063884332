"""A PDF page's own text (its text layer), read with pdfplumber, and how it joins the OCR read.

Two kinds of text layer reach us. A born-digital page (a 申报表 printed from Word into an
otherwise scanned file) has vector text and no scan: its text layer *is* the page, exact and
free, and OCR of its rendering would only add errors. A scanned page can carry text too: a
page number a PDF tool stamped on after scanning, a form filled in on screen. There the
image stays the main source and the text layer adds only what the image read does not
cover (`merge_lines`).

Invisible text (render mode 3, or 7: clip only) is ignored, and so is text painted over by
an opaque image drawn after it. That is how OCR tools (OCRmyPDF, scanners' "searchable
PDF") hide their result under a scan: somebody else's OCR of the image, with their errors,
not something the page shows. We read the image ourselves, so a page whose only
text is invisible counts as a plain scan.

Coordinates are those of the rest of the pipeline (pipeline/models.py): PDF points of the
page as it is displayed (its /Rotate applied), origin at the top-left of its CropBox.
pdfminer (under pdfplumber) already lays characters out in the displayed orientation;
`_Frame` removes the CropBox offset and turns pdfminer's y-up space into y-down. The
characters are taken from pdfplumber's layout device rather than `page.chars` because
those keep no render mode and are placed against the MediaBox, not the CropBox; words
are then formed by pdfplumber's own word extractor.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import pdfplumber
from pdfminer.layout import LTChar, LTContainer, LTImage
from pdfminer.pdfinterp import PDFPageInterpreter
from pdfminer.utils import apply_matrix_pt
from pdfplumber.page import PDFPageAggregatorWithMarkedContent
from pdfplumber.utils import extract_words

from kernel.models import Box, OcrLine

log = logging.getLogger(__name__)

_HIDDEN_RENDER_MODES = (3, 7)  # invisible; clip only
MIN_TEXT_CHARS = 8  # fewer visible characters (a stamped "- 5 -") do not make a page born-digital
SCAN_COVER = 0.5  # an image over this share of the page makes it a scan, whatever text it carries
MAX_UNMAPPED = 0.2  # above this share of glyphs without Unicode the text layer is not trusted
CELL_GAP = 2.0  # a gap wider than this many line heights splits a visual line (cells, footers)
COVERED = 0.5  # a text-layer line this much inside an OCR line is already read by the image


@dataclass(frozen=True)
class TextLayer:
    """What one page's text layer shows: its visible lines and whether they replace OCR."""

    lines: list[OcrLine] = field(default_factory=list)  # split at cells, as text detection reads
    born_digital: bool = False  # enough visible text and no scan under it: read it, do not OCR it
    size: tuple[float, float] | None = None  # the displayed page in points, as pdfminer sees it


NO_TEXT = TextLayer()


class TextLayerReader:
    """The text layers of one PDF, opened with pdfplumber on first use.

    The text layer is a bonus, never a condition: a file pdfminer cannot parse (MuPDF
    repairs more than pdfminer does), a page it places differently from MuPDF or one it
    fails on simply has no text layer, and its image is read as any scan's.
    """

    def __init__(self, pdf_path: Path | str) -> None:
        self._path = str(pdf_path)
        self._pdf: pdfplumber.PDF | None = None
        self._broken = False

    def page(self, index: int, size: tuple[float, float]) -> TextLayer:
        """The text layer of page `index` (1-based), which MuPDF displays at `size` points."""
        try:
            if self._pdf is None and not self._broken:
                self._pdf = pdfplumber.open(self._path)
            if self._pdf is None or index > len(self._pdf.pages):
                return NO_TEXT
            page = self._pdf.pages[index - 1]
            try:
                layer = read_text_layer(page)
            finally:
                page.close()  # pdfplumber caches every object of a page it has parsed
        except Exception as exc:  # pdfminer raises anything from PSEOF to KeyError on broken files
            log.warning("第%d页的文字层无法读取（%s: %s），按扫描页处理", index, type(exc).__name__, exc)
            self._broken = self._broken or self._pdf is None
            return NO_TEXT
        if layer.size is None or any(abs(a - b) > 1 for a, b in zip(layer.size, size)):
            log.warning("第%d页的文字层与页面尺寸不符，按扫描页处理", index)
            return NO_TEXT
        return layer

    def close(self) -> None:
        if self._pdf is not None:
            self._pdf.close()
            self._pdf = None


class _VisibleTextDevice(PDFPageAggregatorWithMarkedContent):
    """pdfplumber's layout device, dropping the characters of invisible text as it goes
    (pdfminer keeps the render mode in its text state but not on the characters)."""

    _hidden = False

    def render_string(self, textstate, seq, ncs, graphicstate) -> None:
        self._hidden = textstate.render in _HIDDEN_RENDER_MODES
        super().render_string(textstate, seq, ncs, graphicstate)

    def render_char(self, *args, **kwargs) -> float:
        before = len(self.cur_item._objs)
        advance = super().render_char(*args, **kwargs)
        if self._hidden:
            del self.cur_item._objs[before:]
        return advance


class _Frame:
    """From pdfminer's device space (displayed orientation, y up, MediaBox origin) to ours."""

    def __init__(self, page: pdfplumber.page.Page) -> None:
        obj = page.page_obj
        x0, y0, x1, y1 = obj.mediabox
        ctm = {
            90: (0, -1, 1, 0, -y0, x1),
            180: (-1, 0, 0, -1, x1, y1),
            270: (0, 1, -1, 0, y1, -x0),
        }.get(obj.rotate % 360, (1, 0, 0, 1, -x0, -y0))  # as pdfminer's PDFPageInterpreter.process_page
        cx0, cy0, cx1, cy1 = obj.cropbox or obj.mediabox
        corners = [apply_matrix_pt(ctm, (x, y)) for x in (cx0, cx1) for y in (cy0, cy1)]
        self.left = min(x for x, _ in corners)
        self.top = max(y for _, y in corners)
        self.width = max(x for x, _ in corners) - self.left
        self.height = self.top - min(y for _, y in corners)

    def box(self, x0: float, y0: float, x1: float, y1: float) -> Box:
        return (x0 - self.left, self.top - y1, x1 - self.left, self.top - y0)


def read_text_layer(page: pdfplumber.page.Page) -> TextLayer:
    """The visible text of a pdfplumber page as lines, and whether the page is born-digital."""
    device = _VisibleTextDevice(page.pdf.rsrcmgr, pageno=page.page_number, laparams=None)
    PDFPageInterpreter(page.pdf.rsrcmgr, device).process_page(page.page_obj)
    frame = _Frame(page)
    chars, unmapped, image_area = [], 0, 0.0
    for item in _leaves(device.get_result()):
        if isinstance(item, LTImage):
            box = frame.box(*item.bbox)
            image_area += _area_inside(box, frame)
            if _opaque(item):  # text painted before it and under it is hidden by it
                chars = [c for c in chars if not _within((c["x0"], c["top"], c["x1"], c["bottom"]), box)]
        elif isinstance(item, LTChar) and _reads_upright(item):
            text = item.get_text()
            if text.startswith("(cid:") or "\ufffd" in text:
                unmapped += 1  # a glyph without Unicode: its text is unknown
                continue
            x0, top, x1, bottom = frame.box(*item.bbox)
            if text.strip() and _area_inside((x0, top, x1, bottom), frame) > 0:
                chars.append({"text": text, "x0": x0, "x1": x1, "top": top, "bottom": bottom,
                              "doctop": top, "upright": True, "size": item.size})
    size = (frame.width, frame.height)
    if unmapped > MAX_UNMAPPED * (len(chars) + unmapped):
        return TextLayer(size=size)  # a font without a Unicode map: the image must be read instead
    rows = _visual_rows(extract_words(chars, x_tolerance_ratio=0.3, y_tolerance=2))
    visible = sum(len(c["text"].strip()) for c in chars)
    scanned = image_area > SCAN_COVER * frame.width * frame.height
    return TextLayer(lines=[_line(cell) for row in rows for cell in _cells(row)],
                     born_digital=visible >= MIN_TEXT_CHARS and not scanned, size=size)


def _opaque(image: LTImage) -> bool:
    """The image hides what lies under it: no transparency (some scanners put their OCR text
    under the page image instead of making it invisible)."""
    stream = image.stream
    return not any(stream.get(key) for key in ("SMask", "Mask", "ImageMask"))


def _within(box: Box, outer: Box) -> bool:
    return outer[0] <= box[0] and outer[1] <= box[1] and box[2] <= outer[2] and box[3] <= outer[3]


def _reads_upright(char: LTChar) -> bool:
    """The character stands upright on the displayed page (pdfminer's own `upright` also
    holds for upside-down text). Sideways and upside-down text is left to the image read,
    as is everything OCR's line detection cannot read either."""
    a, b, _, d, _, _ = char.matrix
    return a > 0 and d > 0 and abs(b) < 0.2 * a


def _leaves(container: LTContainer):
    for item in container:
        if isinstance(item, LTContainer) and not isinstance(item, LTImage):
            yield from _leaves(item)
        else:
            yield item


def _area_inside(box: Box, frame: _Frame) -> float:
    x0, y0, x1, y1 = max(box[0], 0), max(box[1], 0), min(box[2], frame.width), min(box[3], frame.height)
    return max(0.0, x1 - x0) * max(0.0, y1 - y0)


def _visual_rows(words: list[dict]) -> list[list[dict]]:
    """Words grouped into visual lines, top to bottom, each left to right."""
    rows: list[list[dict]] = []
    for word in sorted(words, key=lambda w: ((w["top"] + w["bottom"]) / 2, w["x0"])):
        if rows and _same_row(rows[-1], word):
            rows[-1].append(word)
        else:
            rows.append([word])
    for row in rows:
        row.sort(key=lambda w: w["x0"])
    return rows


def _cells(row: list[dict]) -> list[list[dict]]:
    """A visual line split where a wide gap separates cells (a form's label and value, a
    footer's text and its page number), as OCR's text detection splits it."""
    height = max(w["bottom"] - w["top"] for w in row)
    cells = [[row[0]]]
    for before, word in zip(row, row[1:]):
        if word["x0"] - before["x1"] > CELL_GAP * height:
            cells.append([])
        cells[-1].append(word)
    return cells


def _line(words: list[dict]) -> OcrLine:
    box = (min(w["x0"] for w in words), min(w["top"] for w in words),
           max(w["x1"] for w in words), max(w["bottom"] for w in words))
    return OcrLine(text=" ".join(w["text"] for w in words), box=box, confidence=1.0)


def _same_row(row: list[dict], word: dict) -> bool:
    """The word overlaps the row's last word vertically by more than half the smaller height."""
    last = row[-1]
    overlap = min(last["bottom"], word["bottom"]) - max(last["top"], word["top"])
    return overlap > 0.5 * min(last["bottom"] - last["top"], word["bottom"] - word["top"])


# --- joining the image's reading ------------------------------------------------------------


def turned_upright(lines: list[OcrLine], rotation: int, width: float, height: float) -> list[OcrLine]:
    """Lines of the displayed page in the frame of its image turned upright (`turned_box`)."""
    return [line.model_copy(update={"box": turned_box(line.box, rotation, width, height)}) for line in lines]


def turned_box(box: Box, rotation: int, width: float, height: float) -> Box:
    """A box of the displayed page (`width` × `height` points) in the frame of its image
    turned upright by `rotation` degrees, where a scan's OCR lines are placed (the image is
    turned back counter-clockwise, see pipeline/pagescan.py `upright`)."""
    x0, y0, x1, y1 = box
    if rotation == 90:
        return (y0, width - x1, y1, width - x0)
    if rotation == 180:
        return (width - x1, height - y1, width - x0, height - y0)
    if rotation == 270:
        return (height - y1, x0, height - y0, x1)
    return box


def merge_lines(image_lines: list[OcrLine], text_lines: list[OcrLine]) -> list[OcrLine]:
    """The image's lines, plus each text-layer line the image read does not cover, in
    reading order. Where both read the same place the image's line is kept: the text layer
    of a scanned page may be stale, but the image is what the paper shows."""
    extra = [line for line in text_lines if not any(_covered(line.box, seen.box) for seen in image_lines)]
    return sorted([*image_lines, *extra], key=lambda line: (round(line.box[1] / 4), line.box[0]))


def _covered(box: Box, by: Box) -> bool:
    width = min(box[2], by[2]) - max(box[0], by[0])
    height = min(box[3], by[3]) - max(box[1], by[1])
    area = (box[2] - box[0]) * (box[3] - box[1])
    return width > 0 and height > 0 and width * height > COVERED * area
