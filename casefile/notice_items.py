"""From an officer's decisions to the points of a document, never from the raw machine report.

A point is made from a finding the officer confirmed (in the officer's wording where it was
edited) or added; a dismissed or undecided finding makes none. The material and the
standard it must meet come from the district's standards (checklists/standards.yaml via
documents/standards.py) for that carrier type, item and finding code, so each point states
its own standard. Pages are cited as printed on the paper copy; the PDF page index goes
along only as the officer's hint. The machine's comments on its own reading are dropped
(kernel/wording.py); any other machine word stops the issue for a person to reword it.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from casefile.models import Finding
from documents.model import NoticeItem
from documents.standards import ABSENT_CODES, StandardNotFound, bundled_standards
from kernel.wording import MachineWordingError, clean_for_applicant

# The machine's own page hint in a message ("实际位于第16页（PDF第19页）"): the point carries
# the PDF pages separately as the officer's hint, so the parenthesis goes, nothing else.
_PDF_HINT = re.compile(r"[（(]PDF第[\d、,，\-–至]+页[）)]")

# Why an officer dismisses a machine finding; free text is accepted as well.
DISMISS_REASONS = (
    "机器误读，材料无此问题",
    "已核对纸质材料，符合要求",
    "与其他问题重复",
    "不影响受理的轻微瑕疵",
)


class WordingNeeded(ValueError):
    """A point cannot be written without the officer's words; the message says which."""


@dataclass(frozen=True)
class Point:
    """One point as the document states it, with where it came from (for the resubmission diff)."""

    finding_id: int
    origin: str  # machine | officer
    code: str | None
    item: str | None
    material: str
    problem: str
    standard: str
    printed_pages: tuple[str, ...]
    pdf_pages: tuple[int, ...]
    absent: bool

    def as_notice_item(self) -> NoticeItem:
        return NoticeItem(
            material=self.material, problem=self.problem, standard=self.standard,
            printed_pages=self.printed_pages, pdf_pages=self.pdf_pages, absent=self.absent,
        )

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Point:
        return cls(**{**data, "printed_pages": tuple(data["printed_pages"]), "pdf_pages": tuple(data["pdf_pages"])})


def page_labels(printed: list[int | None]) -> tuple[str, ...]:
    """Printed numbers as a notice cites them: [5, 6, 7, 12] → ("5-7", "12"); unprinted ones left out."""
    numbers = sorted({p for p in printed if isinstance(p, int)})
    labels: list[str] = []
    start = prev = None
    for n in numbers + [None]:
        if start is not None and (n is None or n != prev + 1):
            labels.append(str(start) if start == prev else f"{start}-{prev}")
            start = None
        if n is not None and start is None:
            start = n
        prev = n
    return tuple(labels)


def in_notice(finding: Finding) -> bool:
    return finding.decision == "confirmed"


def point_for(finding: Finding, carrier_type: str | None) -> Point:
    """The point `finding` makes in a document, in the officer's wording where given."""
    where = f"问题#{finding.id}"
    material = finding.material or _machine_material(finding, carrier_type, where)
    standard = finding.standard or _machine_standard(finding, carrier_type, where)
    problem = finding.problem or _PDF_HINT.sub("", finding.message)
    try:
        problem = clean_for_applicant(problem, f"{where}的问题描述")
    except MachineWordingError as exc:
        raise WordingNeeded(f"{exc}（请用“修改表述”改写）") from None
    return Point(
        finding_id=finding.id, origin=finding.origin, code=finding.code, item=finding.item, material=material,
        problem=problem, standard=standard, printed_pages=page_labels(finding.printed_pages or []),
        pdf_pages=tuple(finding.pages or []), absent=finding.absent,
    )


def notice_points(findings: list[Finding], carrier_type: str | None) -> list[Point]:
    return [point_for(f, carrier_type) for f in findings if in_notice(f)]


def machine_absent(code: str | None) -> bool:
    return code in ABSENT_CODES


def _machine_material(finding: Finding, carrier_type: str | None, where: str) -> str:
    try:
        return bundled_standards().material_for(carrier_type or "", finding.item, finding.code)
    except StandardNotFound:
        raise WordingNeeded(f"{where}无法确定所涉材料名称，请在“修改表述”中填写材料名称") from None


def _machine_standard(finding: Finding, carrier_type: str | None, where: str) -> str:
    try:
        return bundled_standards().standard_for(carrier_type or "", finding.item, finding.code)
    except StandardNotFound as exc:
        raise WordingNeeded(f"{where}：{exc}") from None
