"""Typed results passed between stages, and the report contract.

Every stage is a plain function from these models to these models, so each can be
tested without Prefect and the report is assembled from one place. The `Report` model
*is* the `report.json` contract (../shared/spec/report-contract.md): field names here are
the contract's and must not be renamed without bumping `SCHEMA`.

Coordinates: boxes are `(x0, y0, x1, y1)` in PDF points (1/72 inch) of the page as it
reads upright, origin top-left. Page indices are 1-based physical indices of the PDF.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field as PydField

SCHEMA = "dossier-report/2"

Box = tuple[float, float, float, float]
Severity = Literal["error", "warning", "review", "info"]
CarrierType = Literal["training_base", "master_studio", "rural_station"]
Verdict = Literal["accept", "review", "correction", "ineligible", "unreadable"]


# --- OCR -------------------------------------------------------------------------------


class OcrLine(BaseModel):
    """One recognised line of text."""

    text: str
    box: Box
    confidence: float


# --- ingest ----------------------------------------------------------------------------


class PageGeometry(BaseModel):
    index: int
    width_pt: float
    height_pt: float
    has_text_layer: bool


class Source(BaseModel):
    filename: str
    sha256: str | None = None
    pages: int | None = None
    bytes: int | None = None
    received: str | None = None  # ISO date the materials were received (notice, validity checks)


class IngestResult(BaseModel):
    """What opening the file told us. `error` is set (in Chinese) when it is unreadable."""

    path: str
    source: Source
    pages: list[PageGeometry] = PydField(default_factory=list)
    error: str | None = None


# --- page scan -------------------------------------------------------------------------


class PageScan(BaseModel):
    """Cheap per-page reading: quality, orientation, printed number, heading candidates."""

    index: int
    blank: bool = False
    rotation: int = 0  # degrees clockwise the scan was turned; 180 = upside down
    skew_deg: float = 0.0
    illegible: bool = False
    printed_number: int | None = None
    number_text: str | None = None
    number_box: Box | None = None
    number_total: int | None = None  # the page count the number states ("5/32", "共32页")
    number_confidence: float | None = None  # the recogniser's confidence in the number's text
    orientation_confidence: float | None = None  # None: too little text to tell which way is up
    heading_lines: list[OcrLine] = PydField(default_factory=list)
    # Lines of text found on the page (None: not counted): a separator sheet with nothing but
    # "附件3" (and its page number) has one or two.
    text_lines: int | None = None
    # Where `printed_number` was read: the scanned image, or the PDF's text layer (a number a
    # PDF tool stamped on after scanning, or a born-digital page). None: no number.
    number_source: Literal["image", "text"] | None = None
    # The number the page's text layer gives, whenever it gives one. On a scan it may
    # differ from `printed_number` (the image's, which is kept): see `number_conflict`.
    text_number: int | None = None
    # A number read where page numbers sit but too unsurely (or too oddly placed) to stand
    # alone: it counts only where both neighbouring pages confirm it (pipeline/structure.py).
    unsure_number: int | None = None

    @property
    def number_conflict(self) -> bool:
        """The image and the text layer print different numbers on this page."""
        return None not in (self.printed_number, self.text_number) and self.printed_number != self.text_number


class PageText(BaseModel):
    """A page read whole (cover, 目录, pages that carry fields)."""

    index: int
    lines: list[OcrLine]
    rotation: int = 0

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


# --- seals and signatures --------------------------------------------------------------


class Seal(BaseModel):
    """A seal (印章) found on a page. `box` in points of the upright page; `edge`: cut by the
    page's edge (a riding seal, 骑缝章). The text fields are what the ring, the centre line and
    the seal code read as (None: not read); `text_again`, the ring's further readings (unrolled
    a little differently) that differ from `text`; `matches_applicant` is the seal check's
    judgement of the ring's readings against the applicant's name (None: not judged, or not sure);
    `name_support`, where the readings did not name the applicant, how well the ring supports
    the applicant's name all the same (0: as well as its own reading; more negative, less),
    and where they named it with its 字号 read otherwise, how well it supports that reading
    with the applicant's 字号 put back;
    `name_support_beside_print`, where the readings do not name the applicant and print
    crosses the ring, the same with the stretches of the ring that print crosses left out;
    `print_under`, the text of the printed lines the seal lies over, which a ring's reading
    may have taken in where print hides the ring's own characters."""

    page: int
    box: Box
    shape: Literal["round", "oval", "square"]
    colour: Literal["red", "grey"]
    confidence: float
    edge: bool = False
    text: str | None = None
    text_confidence: float | None = None
    centre_text: str | None = None
    code: str | None = None
    text_again: list[str] = []
    name_support: float | None = None
    name_support_beside_print: float | None = None
    print_under: str = ""
    matches_applicant: bool | None = None


class SignatureField(BaseModel):
    """A labelled signature field (法定代表人（签字）) and whether anything is signed or
    stamped in it; presence only, never whose hand it is. `box`: the area looked at."""

    page: int
    label: str
    box: Box
    present: bool
    confidence: float


class PageSeals(BaseModel):
    """What one page shows of seals and signatures; `unread` when the page could not be
    looked at (too large to render, or its worker failed twice): nothing is known of it."""

    index: int
    seals: list[Seal] = PydField(default_factory=list)
    signatures: list[SignatureField] = PydField(default_factory=list)
    unread: bool = False
    grey: bool = False  # a black-and-white page: seals are found by their rings' shape only


class SealReport(BaseModel):
    """report.json `seals`: the pages the seal check looked at (those of the parts that must
    be sealed or signed), the seals and signature fields it found there."""

    pages: list[int] = PydField(default_factory=list)
    seals: list[Seal] = PydField(default_factory=list)
    signatures: list[SignatureField] = PydField(default_factory=list)


# --- report contract -------------------------------------------------------------------


class Finding(BaseModel):
    """One thing the machine found. `severity` says where it may go: `error` may be proposed
    for the notice, `review` (待人工核对) means the machine is not sure and never leaves the
    report, `warning`/`info` are for the reviewer. `confidence` is how sure the machine is
    that the finding is right; `printed_pages` are the numbers printed on `pages` (what the
    applicant's paper copy shows), filled in by `cite_printed_pages` once pagination is known."""

    code: str
    severity: Severity
    message: str
    pages: list[int] = PydField(default_factory=list)
    item: str | None = None
    confidence: float | None = None
    printed_pages: list[int | None] = PydField(default_factory=list)


class FieldValue(BaseModel):
    id: str
    value: str | int | float | None
    page: int | None = None
    confidence: float | None = None
    valid: bool | None = None
    evidence: Box | None = None  # where on `page` the value was read
    note: str | None = None  # e.g. an OCR correction that was applied ("O→0")


class ItemStatus(BaseModel):
    id: str
    title: str
    required: bool
    status: Literal["present", "missing", "defective"]
    pages: list[int] = PydField(default_factory=list)


class TocEntry(BaseModel):
    title: str
    printed_page: int | None
    found_page: int | None  # physical page where the part really starts
    status: Literal["ok", "page_mismatch", "not_found"]
    printed_page_end: int | None = None
    item: str | None = None  # catalog item id this entry maps to
    remark: str | None = None  # the entry's 备注 cell ("复印件加盖公章"), as read


class TocInfo(BaseModel):
    pages: list[int] = PydField(default_factory=list)
    entries: list[TocEntry] = PydField(default_factory=list)


class Pagination(BaseModel):
    printed: list[int | None] = PydField(default_factory=list)
    unnumbered: list[int] = PydField(default_factory=list)


class Applicant(BaseModel):
    unit_name: str | None = None
    credit_code: str | None = None


class Report(BaseModel):
    """The `report.json` contract."""

    schema_: str = PydField(default=SCHEMA, alias="schema")
    source: Source
    carrier_type: CarrierType | None = None
    applicant: Applicant = PydField(default_factory=Applicant)
    verdict: Verdict
    fields: list[FieldValue] = PydField(default_factory=list)
    items: list[ItemStatus] = PydField(default_factory=list)
    toc: TocInfo = PydField(default_factory=TocInfo)
    pagination: Pagination = PydField(default_factory=Pagination)
    findings: list[Finding] = PydField(default_factory=list)
    timings: dict[str, float] = PydField(default_factory=dict)
    seals: SealReport = PydField(default_factory=SealReport)

    model_config = {"populate_by_name": True}

    def to_json_dict(self) -> dict:
        return self.model_dump(mode="json", by_alias=True)


def verdict_for(findings: list[Finding], unreadable: bool = False) -> Verdict:
    """The contract's rule, first that applies: unreadable file → unreadable; an
    `eligibility.*` error → ineligible; any other error → correction; a `review` finding →
    review; else accept."""
    errors = [f for f in findings if f.severity == "error"]
    if unreadable:
        return "unreadable"
    if any(f.code.startswith("eligibility.") for f in errors):
        return "ineligible"
    if errors:
        return "correction"
    return "review" if any(f.severity == "review" for f in findings) else "accept"


def cite_printed_pages(findings: list[Finding], printed: list[int | None]) -> None:
    """Give every finding the page numbers printed on its pages (None where none is printed)."""
    for finding in findings:
        finding.printed_pages = [printed[p - 1] if 0 < p <= len(printed) else None for p in finding.pages]
