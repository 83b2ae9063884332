"""Small page images for the report, with where each value was read marked on them.

A reviewer trusts an extracted value only after seeing it on the page; the report shows
every page small, the boxes the extractors read values from, the seals and signature
fields the seal check looked at, and which pages findings point at. Images are rendered at low resolution and embedded as data URIs so that the
report stays one self-contained file that can be mailed or archived. Boxes are not
burnt into the image but kept as page-relative rectangles, drawn by the HTML on top,
so they stay sharp and carry their label.
"""

from __future__ import annotations

import base64
import logging
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import pymupdf

from outputs.labels import field_label, finding_label
from kernel.models import Report
from kernel.pdfguard import oversized_image
from kernel.scan_jpeg import embedded_scan

log = logging.getLogger(__name__)

DEFAULT_DPI = 48  # an A4 page becomes ~400×560 px, 10–40 kB as JPEG
JPEG_QUALITY = 60


@dataclass(frozen=True)
class EvidenceBox:
    """A rectangle in percent of the page, so it scales with the image."""

    label: str
    left: float
    top: float
    width: float
    height: float
    valid: bool | None
    kind: str = "field"  # field, seal or signature


@dataclass
class PageThumb:
    page: int  # 1-based physical index
    data_uri: str
    boxes: list[EvidenceBox] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)  # labels of findings on this page
    has_error: bool = False


def _evidence_by_page(report: Report, page_w: dict[int, float], page_h: dict[int, float]) -> dict[int, list[EvidenceBox]]:
    boxes: dict[int, list[EvidenceBox]] = {}
    for fv in report.fields:
        if fv.page is None or fv.evidence is None or fv.page not in page_w:
            continue
        w, h = page_w[fv.page], page_h[fv.page]
        x0, y0, x1, y1 = fv.evidence

        def pct(v: float, size: float) -> float:
            return round(min(max(v / size * 100, 0.0), 100.0), 2)

        boxes.setdefault(fv.page, []).append(
            EvidenceBox(
                label=f"{field_label(fv.id)}：{fv.value}" if fv.value is not None else field_label(fv.id),
                left=pct(x0, w),
                top=pct(y0, h),
                width=round(pct(x1, w) - pct(x0, w), 2),
                height=round(pct(y1, h) - pct(y0, h), 2),
                valid=fv.valid,
            )
        )
    return boxes


def _percent_box(box: tuple[float, float, float, float], w: float, h: float) -> tuple[float, float, float, float]:
    def pct(v: float, size: float) -> float:
        return round(min(max(v / size * 100, 0.0), 100.0), 2)

    x0, y0, x1, y1 = box
    return pct(x0, w), pct(y0, h), round(pct(x1, w) - pct(x0, w), 2), round(pct(y1, h) - pct(y0, h), 2)


def _seals_by_page(report: Report, page_w: dict[int, float], page_h: dict[int, float]) -> dict[int, list[EvidenceBox]]:
    """The seals and signature fields the seal check looked at, as boxes: a seal read as the
    applicant's is valid, one read as another unit's is not, one not read is neither."""
    boxes: dict[int, list[EvidenceBox]] = {}
    for seal in report.seals.seals:
        if seal.page not in page_w:
            continue
        whose = {True: "申报单位公章", False: "非申报单位印章", None: "印章"}[seal.matches_applicant]
        label = f"{whose}：“{seal.text}”" if seal.text else f"{whose}（文字未能辨认）"
        boxes.setdefault(seal.page, []).append(
            EvidenceBox(label, *_percent_box(seal.box, page_w[seal.page], page_h[seal.page]),
                        valid=seal.matches_applicant, kind="seal"))
    for signature in report.seals.signatures:
        if signature.page not in page_w:
            continue
        label = f"{signature.label}：{'已签字' if signature.present else '未签字'}"
        boxes.setdefault(signature.page, []).append(
            EvidenceBox(label, *_percent_box(signature.box, page_w[signature.page], page_h[signature.page]),
                        valid=signature.present, kind="signature"))
    return boxes


def render_thumbnails(pdf_path: Path, report: Report, dpi: int = DEFAULT_DPI) -> list[PageThumb]:
    """One thumbnail per page that renders; an empty list when the file cannot be rendered.

    The report must still be written for a file MuPDF cannot open or walk (a truncated
    file opens, then fails on its page tree), so any failure is logged and costs the
    images of the pages it touches, never the report.
    """
    try:
        doc = pymupdf.open(pdf_path)
    except Exception as exc:  # noqa: BLE001 - any reason to fail means "no images"
        log.info("no thumbnails for %s: %s", pdf_path, exc)
        return []
    with doc:
        try:
            if doc.needs_pass or not doc.is_pdf:
                return []
            return _thumbs(doc, pdf_path, report, dpi)
        except Exception as exc:  # noqa: BLE001 - a damaged page tree must not lose the report
            log.warning("no thumbnails for %s: %s", pdf_path, exc)
            return []


def _thumbs(doc: pymupdf.Document, pdf_path: Path, report: Report, dpi: int) -> list[PageThumb]:
    pages = [doc.load_page(i) for i in range(doc.page_count)]
    page_w = {i + 1: p.rect.width for i, p in enumerate(pages)}
    page_h = {i + 1: p.rect.height for i, p in enumerate(pages)}
    evidence = _evidence_by_page(report, page_w, page_h)
    for page, boxes in _seals_by_page(report, page_w, page_h).items():
        evidence.setdefault(page, []).extend(boxes)
    on_page: dict[int, list[str]] = {}
    error_pages: set[int] = set()
    for f in report.findings:
        for p in f.pages:
            on_page.setdefault(p, []).append(finding_label(f.code))
            if f.severity == "error":
                error_pages.add(p)
    thumbs: list[PageThumb] = []
    for index, page in enumerate(pages, start=1):
        if reason := oversized_image(doc, page):  # decoding it could cost GBs (pipeline/render.py)
            log.warning("page %d of %s not rendered: %s", index, pdf_path, reason)
            continue
        try:
            jpeg = _jpeg(doc, page, dpi)
        except Exception as exc:  # noqa: BLE001 - a damaged page must not lose the report
            log.warning("page %d of %s not rendered: %s", index, pdf_path, exc)
            continue
        thumbs.append(
            PageThumb(
                page=index,
                data_uri="data:image/jpeg;base64," + base64.b64encode(jpeg).decode("ascii"),
                boxes=evidence.get(index, []),
                findings=sorted(set(on_page.get(index, []))),
                has_error=index in error_pages,
            )
        )
    return thumbs


def _jpeg(doc: pymupdf.Document, page: pymupdf.Page, dpi: int) -> bytes:
    """The page small, as JPEG: a scan's own JPEG decoded at a fraction of its size (several
    times faster than rasterising it; a 200-page dossier's thumbnails took ~6 s), any other
    page rasterised."""
    image = embedded_scan(doc, page, dpi, colour=True, preview=True)
    if image is None:
        return page.get_pixmap(dpi=dpi).tobytes("jpeg", jpg_quality=JPEG_QUALITY)
    ok, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])
    if not ok:
        raise ValueError("缩略图编码失败")
    return data.tobytes()
