"""One file, start to finish: open it, run the stages in order, assemble the `Report`.

This is the one place that knows the order of the stages (page scan → 目录 → carrier type →
structure → items → fields → file name → verdict); each stage stays a plain function of
its own module. Every caller enters through `review_file` / `review_opened` with the run's
configuration, so none of them opens the file or loads a checklist itself. The Prefect flow
calls `review_opened` as one task because the page-level parallelism lives in the reader's
worker pool, not in Prefect.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from checklists.loader import Checklist, required_by_every_type
from checklists.matching import items_shown, match_item
from extractors.carrier_type import detect_carrier_type
from extractors.fields import extract_fields
from extractors.validate import REQUIRED_FIELDS, validate_fields
from kernel.models import (
    Applicant, FieldValue, Finding, IngestResult, PageScan, Report, SealReport, cite_printed_pages, verdict_for,
)
from kernel.settings import Settings
from orchestrator.config import RunConfig
from pipeline.filename import check_file_name
from pipeline.ingest import ingest
from pipeline.items import CONTENT_MARGIN, CONTENT_PARTIAL, locate_items
from pipeline.printed_apart import compare_printed
from pipeline.ocr import OcrEngine
from pipeline.reader import PageReader
from pipeline.sealcheck import check_seals
from pipeline.square_metres import area_as_printed
from pipeline.structure import StructureResult, check_structure
from pipeline.toc import TocParse, find_toc
from pipeline.toc_number_image import toc_row_shows

Progress = Callable[[str, float], None]

FRONT_PAGES_FOR_TYPE = 3
MORE_PAGES_FOR_TYPE = 3
_GUESSED_CATALOG_CODES = ("field.below_threshold", "field.unread")
# The legal representative's name as the dossier gives it: what a name seal (签名章) reads.
_SIGNER_FIELDS = ("legal_representative", "licence_legal_representative", "legal_rep_id_name", "commitment_signer")


def review_file(path: Path, config: RunConfig, progress: Progress | None = None, engine: OcrEngine | None = None) -> Report:
    return review_opened(ingest(path), config, progress, engine)


def review_opened(
    opened: IngestResult, config: RunConfig, progress: Progress | None = None, engine: OcrEngine | None = None
) -> Report:
    """The review of a file already opened by `pipeline.ingest.ingest` (the flows open it
    in a task of its own, retried on I/O errors)."""
    return review_ingested(opened, config.settings, config.checklists, progress=progress, engine=engine)


def review_ingested(
    ingest: IngestResult,
    settings: Settings,
    checklists: dict[str, Checklist],
    progress: Progress | None = None,
    engine: OcrEngine | None = None,
    today: date | None = None,
) -> Report:
    started = time.perf_counter()
    report = _unreadable_report(ingest) if ingest.error else None
    if report is None:
        received = today or _received(ingest, settings)
        ingest.source.received = received.isoformat()
        with PageReader(Path(ingest.path), settings, engine) as reader:
            report = _review_pages(ingest, checklists, reader, progress or _silent, received)
    report.timings["total_s"] = round(time.perf_counter() - started, 3)
    return report


def _received(ingest: IngestResult, settings: Settings) -> date:
    """Licences and leases are judged on the day the bureau received the materials."""
    if settings.review_date:
        return settings.review_date
    return date.fromisoformat(ingest.source.received) if ingest.source.received else date.today()


def _silent(stage: str, fraction: float) -> None:
    return None


def _unreadable_report(ingest: IngestResult) -> Report:
    findings = [Finding(code="file.unreadable", severity="error", message=ingest.error or "文件无法读取")]
    return Report(source=ingest.source, verdict=verdict_for(findings, unreadable=True), findings=findings)


def _review_pages(
    ingest: IngestResult, checklists: dict[str, Checklist], reader: PageReader, progress: Progress, today: date
) -> Report:
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    progress("逐页识别", 0.0)
    scans = reader.scan_pages(lambda done, total: progress("逐页识别", 0.7 * done / max(total, 1)))
    timings["page_scan_s"] = round(time.perf_counter() - clock, 3)

    clock = time.perf_counter()
    progress("识别目录", 0.72)
    toc = find_toc(reader.read_rows, scans)
    carrier_type, type_finding = _carrier_type(reader, scans, toc, checklists)
    checklist = checklists.get(carrier_type) if carrier_type else None
    matcher = _title_matcher(checklist, checklists)

    def page_lines(page: int) -> list[str]:
        """The page read whole, its lines' texts (cached like every read)."""
        return [line.text for line in reader.read_page(page).lines]

    structure = check_structure(scans, toc, ingest.pages, item_for_title=matcher, reread=reader.reread_number,
                                read_text=page_lines, items_shown=_content_matcher(checklist),
                                row_shows=lambda entry, printed: toc_row_shows(reader, entry, printed))
    timings["structure_s"] = round(time.perf_counter() - clock, 3)

    findings: list[Finding] = list(structure.findings)
    if type_finding:
        findings.append(type_finding)

    clock = time.perf_counter()
    progress("提取字段", 0.8)
    # Without a known type the parts are matched with the catalog they resemble most, the
    # applicant's identity is still read, and completeness is judged on what every type
    # requires (a notice lists everything to fix at once, not the type alone).
    reading = checklist or _closest_checklist(structure, checklists)
    located = locate_items(reading, structure, scans, _title_matcher(reading, checklists),
                           read_lines=page_lines)
    items, item_findings = located.statuses(scans, None if checklist else required_by_every_type(checklists))
    findings += item_findings
    fields = [area_as_printed(reader, field) for field in _read_fields(reader, reading, located.pages)]
    field_findings = validate_fields(reading.carrier_type, fields, reading, today,
                                     compare_printed=lambda left, right, key: compare_printed(reader, left, right, key))
    # Without a known type the parts were matched against a guessed catalog: only the identity
    # checks stand, not its thresholds nor its "required field unread" questions.
    findings += [f for f in field_findings if checklist is not None or f.code not in _GUESSED_CATALOG_CODES]
    timings["fields_s"] = round(time.perf_counter() - clock, 3)

    applicant = _applicant(fields)
    findings += check_file_name(ingest.source.filename, applicant.unit_name)

    # Seals and signatures: only the pages of the parts that must be sealed or signed.
    seals = SealReport()
    if checklist is not None:
        clock = time.perf_counter()
        progress("核对印章与签字", 0.95)
        licence_name = next((f.value for f in fields if f.id == "licence_name" and f.value), None)
        signers = [str(f.value) for f in fields if f.id in _SIGNER_FIELDS and f.value]
        checked = check_seals(reader, checklist, located.pages, structure.toc.entries,
                              [applicant.unit_name, str(licence_name) if licence_name else None], signers)
        findings += checked.findings
        seals = checked.report
        timings["seals_s"] = round(time.perf_counter() - clock, 3)

    cite_printed_pages(findings, structure.pagination.printed)
    progress("汇总结论", 1.0)
    return Report(
        source=ingest.source,
        carrier_type=carrier_type,
        applicant=applicant,
        verdict=verdict_for(findings),
        fields=fields,
        items=items,
        toc=structure.toc,
        pagination=structure.pagination,
        findings=findings,
        timings=timings,
        seals=seals,
    )


def _title_matcher(checklist: Checklist | None, checklists: dict[str, Checklist]) -> Callable[[str], str | None]:
    """Titles map to the items of the dossier's own type; of any type while the type is unknown."""
    candidates = [checklist] if checklist else list(checklists.values())

    def item_for_title(title: str) -> str | None:
        best = max(
            (m for m in (match_item(title, c) for c in candidates) if m is not None),
            key=lambda m: m[1],
            default=None,
        )
        return best[0] if best else None

    return item_for_title


def _content_matcher(checklist: Checklist | None) -> Callable[[list[str]], list[str]] | None:
    """What a page's lines show by content, of the dossier's own type (nothing while the type
    is unknown). The structure stage asks it only of a page that the 目录's neighbouring
    entries leave for one part, so a partial resemblance clearly ahead of others will do."""
    if checklist is None:
        return None
    return lambda lines: items_shown(lines, checklist, CONTENT_PARTIAL, CONTENT_MARGIN)


def _closest_checklist(structure: StructureResult, checklists: dict[str, Checklist]) -> Checklist:
    """The catalog that recognises most of the 目录's entries (the first one when none do)."""
    titles = [entry.title for entry in structure.toc.entries]
    return max(
        checklists.values(),
        key=lambda c: sum(1 for title in titles if match_item(title, c) is not None),
    )


def _carrier_type(
    reader: PageReader, scans: list[PageScan], toc: TocParse | None, checklists: dict[str, Checklist]
) -> tuple[str | None, Finding | None]:
    """The type from the cover, else from the 申报表 (its title or ticked box)."""
    front = [s.index for s in scans[:FRONT_PAGES_FOR_TYPE] if not s.blank and s.index not in (toc.pages if toc else [])]
    toc_pages = set(toc.pages) if toc else set()
    form_pages = [p for p in _heading_pages(scans, "application_form", next(iter(checklists.values()))) if p not in toc_pages]
    pages = reader.read_pages(sorted(set(front[:1] + form_pages[:1])))
    carrier_type, _page, _evidence = detect_carrier_type([pages[i] for i in sorted(pages)], checklists)
    # Still unknown: the other front pages, then the next few (a separator sheet "附件1" may
    # stand before a 申报表 whose title no catalog wording names, e.g. 基本情况表).
    later = [s.index for s in scans[FRONT_PAGES_FOR_TYPE:FRONT_PAGES_FOR_TYPE + MORE_PAGES_FOR_TYPE]
             if not s.blank and s.index not in toc_pages]
    for extra in (front[1:], later):
        if carrier_type is not None or not extra:
            continue
        pages.update(reader.read_pages(extra))
        carrier_type, _page, _evidence = detect_carrier_type([pages[i] for i in sorted(pages)], checklists)
    if carrier_type:
        return carrier_type, None
    message = "无法确定申报的载体类型：封面和申报表均未标明（高技能人才培训基地、技能大师工作室或乡村振兴技能工作站）"
    return None, Finding(code="type.unknown", severity="error", message=message, pages=[p for p in form_pages[:1]])


def _heading_pages(scans: list[PageScan], item_id: str, checklist: Checklist) -> list[int]:
    """Pages whose top line reads as the title of `item_id` (found without reading pages whole)."""
    pages = []
    for scan in scans:
        # the title alone, or a title wrapped over two lines (not the title and the first field)
        first = scan.heading_lines[0].text if scan.heading_lines else ""
        both = "".join(line.text for line in scan.heading_lines[:2])
        if any((match := match_item(text, checklist)) and match[0] == item_id for text in {first, both} if text):
            pages.append(scan.index)
    return pages


def _read_fields(reader: PageReader, checklist: Checklist, item_pages: dict[str, list[int]]) -> list[FieldValue]:
    """The key fields, from the pages of the parts that carry them read whole (up to each
    part's bound). A part that sets `read_first` has only those pages read with the others;
    its later pages are read, and the fields extracted again, only when one of its fields is
    still unread (a roster of trainees after the yearly table is not read for nothing). A
    required field unread after that is looked for in the reference read of its part's pages."""
    bounded = {
        item.id: item_pages[item.id][: item.pages_to_read]
        for item in checklist.items
        if item.fields and item_pages.get(item.id)
    }
    reading = {item.id: bounded[item.id][: item.read_first or None] for item in checklist.items if item.id in bounded}
    texts = reader.read_pages(sorted({p for pages in reading.values() for p in pages}))

    def extracted() -> list[FieldValue]:
        return extract_fields(checklist.carrier_type, {i: [texts[p] for p in pages] for i, pages in reading.items()},
                              checklist)

    fields = extracted()
    values = {field.id: field.value for field in fields}
    unsettled = [item.id for item in checklist.items if item.id in bounded and len(reading[item.id]) < len(bounded[item.id])
                 and any(values.get(field_id) is None for field_id in item.fields)]
    if unsettled:
        reading.update({i: bounded[i] for i in unsettled})
        texts.update(reader.read_pages(sorted({p for i in unsettled for p in bounded[i] if p not in texts})))
        fields = extracted()
    # A required field still unread is looked for once more in the reference read of its
    # part's pages (the detector over each whole page: reading only a page's stretches of
    # ink can lose a line beside a signature's scrawl, such as a 承诺书's date).
    unread = {f.id for f in fields if f.value is None and f.page and f.id in REQUIRED_FIELDS}
    again = [item.id for item in checklist.items if item.id in reading and unread & set(item.fields)]
    if not again:
        return fields
    texts.update(reader.read_pages_at_once(sorted({p for i in again for p in reading[i]})))
    found = {f.id: f for f in extracted() if f.id in unread and f.value is not None}
    return [found.get(f.id, f) for f in fields]


def _applicant(fields: list[FieldValue]) -> Applicant:
    values = {f.id: f.value for f in fields}
    name = values.get("unit_name") or values.get("licence_name")
    code = values.get("credit_code") or values.get("licence_credit_code")
    return Applicant(unit_name=str(name) if name else None, credit_code=str(code) if code else None)
