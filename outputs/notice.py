"""What the draft 补正材料通知书 says, decided once for the Word and the HTML notice.

It is the machine's proposal, written next to each report for the reviewer: every page of
it says so (`DRAFT_BANNER`), and it is never sent. The notice that goes out is issued from
the officer's confirmed findings (`documents/`).

The notice is a legal act (行政许可法 art. 32(4)): it must list every defect at once,
each with the material it concerns and the standard the material must meet, and give a
deadline and its consequence. Staff edit the Word file and print the HTML one; both are
rendered from this one content model so they can never say different things. Only
errors are defects: `review` findings (the machine is not sure), warnings and notes stay
in the reviewer's report. The applicant reads the notice against its paper copy, so pages
are cited by the numbers printed on them (the PDF index only as a hint), and how the
machine read them (OCR, its look-alike repairs) is no business of the applicant's.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from checklists.calendar import CalendarUnavailable, WorkCalendar
from outputs.district import DistrictConfig
from outputs.labels import carrier_label, cited_pages
from kernel.models import Finding, Report
from kernel.wording import applicant_wording

log = logging.getLogger(__name__)

# Defects that mean something is absent (补齐) rather than in the wrong form (补正).
MISSING_CODES = frozenset({"item.missing", "toc.entry_not_found"})
SECTION_NUMERALS = "一二三四五六七八九十"
DRAFT_BANNER = "机器初审草稿 — 未经审核人员确认，不得送达"


@dataclass(frozen=True)
class NoticeItem:
    """One numbered point: one material, everything wrong with it, what it must meet."""

    material: str
    problems: tuple[str, ...]
    standards: tuple[str, ...]

    @property
    def text(self) -> str:
        return f"{self.material}：{'；'.join(self.problems)}。补正要求：{'；'.join(self.standards)}。"


@dataclass(frozen=True)
class NoticeSection:
    heading: str  # "一、材料不齐全"
    items: list[NoticeItem]


@dataclass(frozen=True)
class NoticeContent:
    title: str
    doc_number: str
    applicant: str
    intro: str
    sections: list[NoticeSection]
    resubmit: str
    consequence: str
    contact_person: str
    contact_phone: str
    address: str
    authority: str
    issued_on: date
    received_on: date
    deadline: date | None  # None when the official calendar for that year is not loaded
    deadline_days: int
    copies: str

    @property
    def issued_text(self) -> str:
        return chinese_date(self.issued_on)


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _strip_stop(text: str) -> str:
    return text.strip().rstrip("。；;.")


def _material(finding: Finding, report: Report, district: DistrictConfig) -> str:
    titles = {it.id: it.title for it in report.items}
    return titles.get(finding.item or "") or district.material_for(finding.code)


def _problem(finding: Finding) -> str:
    problem = _strip_stop(applicant_wording(finding.message))
    if finding.pages:
        problem += f"（见{'、'.join(cited_pages(finding.pages, finding.printed_pages))}）"
    return problem


def _items(findings: list[Finding], report: Report, district: DistrictConfig) -> list[NoticeItem]:
    """One point per material, in order of first mention: an applicant told twice about
    the same missing 承诺书 (absent from the 目录's pages and from the checklist) would
    read it as two things to do."""
    by_material: dict[str, tuple[list[str], list[str]]] = {}
    for f in findings:
        material = _material(f, report, district)
        problems, standards = by_material.setdefault(material, ([], []))
        for bucket, text in ((problems, _problem(f)), (standards, _strip_stop(district.standard_for(f.code, material)))):
            if text not in bucket:
                bucket.append(text)
    return [NoticeItem(m, tuple(p), tuple(s)) for m, (p, s) in by_material.items()]


def defect_sections(report: Report, district: DistrictConfig) -> list[NoticeSection]:
    errors = [f for f in report.findings if f.severity == "error"]
    missing = _items([f for f in errors if f.code in MISSING_CODES], report, district)
    form = _items([f for f in errors if f.code not in MISSING_CODES], report, district)
    parts = [(district.section_missing, missing), (district.section_form, form)]
    present = [(name, items) for name, items in parts if items]
    return [NoticeSection(f"{SECTION_NUMERALS[i]}、{name}", items) for i, (name, items) in enumerate(present)]


def build_notice(
    report: Report,
    district: DistrictConfig,
    issued_on: date | None = None,
    received_on: date | None = None,
    calendar: WorkCalendar | None = None,
) -> NoticeContent:
    """The notice for a dossier with errors.

    `received_on` is the day the materials came in (the report's `source.received`);
    without it, the day of issue.
    """
    sections = defect_sections(report, district)
    if not sections:
        raise ValueError("没有需要补正的错误，不出具补正材料通知书")
    issued = issued_on or date.today()
    received = received_on or issued
    days = district.deadline_working_days
    try:
        deadline: date | None = (calendar or WorkCalendar.load()).add_working_days(issued, days)
    except CalendarUnavailable as exc:
        log.warning("notice deadline given in working days only: %s", exc)
        deadline = None
    applied_for = "深圳市终身职业技能培训载体"
    if report.carrier_type:
        applied_for += f"（{carrier_label(report.carrier_type)}）"
    intro = district.intro.format(
        received=chinese_date(received),
        applied_for=applied_for,
        filename=report.source.filename,
        legal_basis=district.legal_basis,
    )
    if deadline is None:
        resubmit = district.resubmit_without_date.format(days=days)
    else:
        resubmit = district.resubmit.format(deadline=chinese_date(deadline), days=days)
    return NoticeContent(
        title=district.title,
        doc_number=district.doc_number.format(short=district.authority_short, year=issued.year),
        applicant=report.applicant.unit_name or Path(report.source.filename).stem,
        intro=intro,
        sections=sections,
        resubmit=resubmit,
        consequence=district.consequence,
        contact_person=district.contact_person,
        contact_phone=district.contact_phone,
        address=district.address,
        authority=district.authority,
        issued_on=issued,
        received_on=received,
        deadline=deadline,
        deadline_days=days,
        copies=district.copies,
    )
