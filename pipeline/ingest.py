"""Open a submitted file, decide whether it is a PDF we can review, and describe it.

Applicants send anything: empty files, half-copied uploads, encrypted PDFs, photos and
Word documents renamed to `.pdf`. A bad file must become a report with a clear reason
(`IngestResult.error`, in Chinese, shown to the applicant), never an exception, so one
bad file cannot stop a batch or the watched folder. I/O failures (the file vanished, no
permission, a network share hiccup) are not bad input: they raise `OSError` so the caller
can retry or report a tool failure.

The original is only ever read: it is hashed in chunks and opened by MuPDF read-only.
Nothing in a PDF is executed or extracted here (no JavaScript, no embedded files): we only
read the page tree, page sizes and whether a page carries text.
"""

from __future__ import annotations

import hashlib
import zipfile
from datetime import date
from pathlib import Path

import pymupdf

from kernel.models import IngestResult, PageGeometry, Source

# The PDF header may start anywhere in the first KiB (ISO 32000-1, annex H.3).
_HEADER_WINDOW = 1024
# A complete file ends with %%EOF, possibly followed by a little padding.
_TRAILER_WINDOW = 1024
# Sides outside these bounds (in points) are not a scan of paper: under 1 cm, or over
# the 14400-unit limit of PDF viewers (5 m).
MIN_SIDE_PT = 28.0
MAX_SIDE_PT = 14400.0

# Magic numbers of what people most often rename to .pdf, for a reason they understand.
_MAGIC: list[tuple[bytes, str]] = [
    (b"\xff\xd8\xff", "JPEG图像"),
    (b"\x89PNG\r\n\x1a\n", "PNG图像"),
    (b"GIF8", "GIF图像"),
    (b"II*\x00", "TIFF图像"),
    (b"MM\x00*", "TIFF图像"),
    (b"BM", "BMP图像"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "旧版Office文档（如.doc）"),
    (b"Rar!", "RAR压缩包"),
    (b"7z\xbc\xaf\x27\x1c", "7z压缩包"),
]

_CHUNK = 1 << 20
# What MuPDF raises on a file it cannot parse (its own errors are not RuntimeErrors).
_MUPDF_ERRORS = (RuntimeError, ValueError, pymupdf.mupdf.FzErrorBase)

pymupdf.TOOLS.mupdf_display_errors(False)
pymupdf.TOOLS.mupdf_display_warnings(False)


def pdf_files(folder: Path) -> list[Path]:
    """Every file in `folder` that claims to be a PDF, by name, sorted: a batch's inputs."""
    return sorted(p for p in Path(folder).iterdir() if p.is_file() and p.suffix.lower() == ".pdf")


def ingest(path: Path) -> IngestResult:
    """Describe `path`; `error` says in Chinese why it cannot be reviewed, if it cannot."""
    path = Path(path)
    sha256, size, head, tail = _read_fingerprint(path)
    received = date.fromtimestamp(path.stat().st_mtime).isoformat()
    source = Source(filename=path.name, sha256=sha256, bytes=size, received=received)

    def failed(reason: str) -> IngestResult:
        return IngestResult(path=str(path), source=source, error=reason)

    if size == 0:
        return failed("文件为空（0字节）")
    if b"%PDF-" not in head:
        return failed(f"不是有效的PDF文件（实为{_sniff(path, head)}）")
    if b"%%EOF" not in tail:
        return failed("PDF文件已损坏或不完整")

    try:
        doc = pymupdf.open(str(path), filetype="pdf")
    except _MUPDF_ERRORS:
        return failed("PDF文件已损坏或不完整")
    with doc:
        if doc.needs_pass and not doc.authenticate(""):
            return failed("文件已加密，无法打开")
        try:
            pages = [_geometry(doc, i) for i in range(doc.page_count)]
        except _MUPDF_ERRORS:
            return failed("PDF文件已损坏或不完整")

    source.pages = len(pages)
    if not pages:
        return failed("PDF文件没有任何页面")
    for page in pages:
        if not all(MIN_SIDE_PT <= side <= MAX_SIDE_PT for side in (page.width_pt, page.height_pt)):
            return failed(
                f"第{page.index}页尺寸异常（{page.width_pt:.0f}×{page.height_pt:.0f}点），不是正常的扫描页"
            )
    return IngestResult(path=str(path), source=source, pages=pages)


def _read_fingerprint(path: Path) -> tuple[str, int, bytes, bytes]:
    """SHA-256, size, first and last KiB, in one streaming read (dossiers reach 200 MB)."""
    digest = hashlib.sha256()
    size = 0
    head = b""
    tail = b""
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
            if size < _HEADER_WINDOW:
                head = (head + chunk)[:_HEADER_WINDOW]
            tail = (tail + chunk)[-_TRAILER_WINDOW:]
            size += len(chunk)
    return digest.hexdigest(), size, head, tail


def _sniff(path: Path, head: bytes) -> str:
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(path)
    if b"<html" in head.lower() or b"<!doctype html" in head.lower():
        return "网页文件"
    return "其他类型的文件"


def _zip_kind(path: Path) -> str:
    """.docx and .xlsx are ZIP files; the member names (read, never extracted) tell which."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, ValueError):
        return "ZIP压缩包"
    if any(name.startswith("word/") for name in names):
        return "Word文档"
    if any(name.startswith("xl/") for name in names):
        return "Excel表格"
    return "ZIP压缩包"


def _geometry(doc: pymupdf.Document, i: int) -> PageGeometry:
    page = doc.load_page(i)
    rect = page.rect  # as displayed: rotation and CropBox applied
    return PageGeometry(
        index=i + 1,
        width_pt=round(rect.width, 2),
        height_pt=round(rect.height, 2),
        has_text_layer=bool(page.get_text("text").strip()),
    )
