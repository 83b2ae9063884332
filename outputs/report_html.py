"""report.html: the reviewer's page for one dossier.

The reviewer decides in a minute whether the machine's verdict holds: the verdict on top,
what the machine was not sure of (待人工核对) apart, what is wrong grouped by what has to
be fixed (the file, the 目录, the page numbers, the materials, the values), each finding
citing its pages as the applicant's paper copy numbers them and how sure the machine is,
the 目录 and checklist as tables, extracted values with how sure the OCR was, and every
page small with the evidence on it. One file, no network: it is
opened from a shared drive or an e-mail attachment and printed for the paper file.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from outputs.labels import (
    GROUP_ORDER,
    ITEM_STATUSES,
    REVIEW_GROUP,
    SEVERITIES,
    TOC_STATUSES,
    VERDICTS,
    carrier_label,
    cited_pages,
    field_label,
    finding_label,
    group_of,
    page_ranges,
)
from outputs.templating import environment
from outputs.thumbnails import PageThumb
from kernel.models import Finding, Report

LOW_CONFIDENCE = 0.8  # below this an extracted value is highlighted for checking
_SEVERITY_RANK = {"error": 0, "review": 1, "warning": 2, "info": 3}


def _finding_row(f: Finding) -> dict:
    return {
        **f.model_dump(),
        "label": finding_label(f.code),
        "cited": list(zip(f.pages, cited_pages(f.pages, f.printed_pages))),
        "confidence_text": None if f.confidence is None else f"{f.confidence:.2f}",
    }


def _groups(report: Report) -> list[tuple[str, list[dict]]]:
    grouped: dict[str, list[dict]] = {}
    for f in sorted(report.findings, key=lambda f: _SEVERITY_RANK[f.severity]):
        grouped.setdefault(group_of(f.code, f.severity), []).append(_finding_row(f))
    return [(name, grouped[name]) for name in GROUP_ORDER if name in grouped]


def _fields(report: Report) -> list[dict]:
    rows = []
    for fv in report.fields:
        low = fv.confidence is not None and fv.confidence < LOW_CONFIDENCE
        rows.append(
            {
                **fv.model_dump(),
                "label": field_label(fv.id),
                "low": low,
                "confidence_text": "—" if fv.confidence is None else f"{fv.confidence:.2f}",
            }
        )
    return rows


def _size_text(n: int | None) -> str:
    if not n:
        return ""
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{max(1, round(n / 1024))} KB"


def _seal_names(report: Report) -> list[dict]:
    """The names the seals read, beside the unit's name: each text once, with its pages and
    whether it reads as the applicant's."""
    verdicts = {True: "（与单位名称相符）", False: "（非申报单位印章）", None: "（待人工核对）"}
    rows: dict[tuple[str, bool | None], list[int]] = {}
    for seal in report.seals.seals:
        if seal.text:
            rows.setdefault((seal.text, seal.matches_applicant), []).append(seal.page)
    return [{"text": text, "verdict": verdicts[match], "pages": page_ranges(pages)}
            for (text, match), pages in rows.items()]


def render_report_html(report: Report, thumbs: list[PageThumb], has_notice: bool, now: datetime | None = None) -> str:
    total = report.timings.get("total_s")
    return environment().get_template("report.html.j2").render(
        report=report,
        applicant_name=report.applicant.unit_name or Path(report.source.filename).stem,
        verdict_label=VERDICTS[report.verdict],
        carrier_label=carrier_label(report.carrier_type),
        n_errors=sum(f.severity == "error" for f in report.findings),
        n_warnings=sum(f.severity == "warning" for f in report.findings),
        n_reviews=sum(f.severity == "review" for f in report.findings),
        ineligible_reasons=[
            f.message for f in report.findings if f.severity == "error" and f.code.startswith("eligibility.")
        ],
        groups=_groups(report),
        review_group=REVIEW_GROUP,
        fields=_fields(report),
        seal_names=_seal_names(report),
        thumbs=thumbs,
        printed={i + 1: n for i, n in enumerate(report.pagination.printed)},
        has_notice=has_notice,
        severities=SEVERITIES,
        toc_statuses=TOC_STATUSES,
        item_statuses=ITEM_STATUSES,
        page_ranges=page_ranges,
        size_text=_size_text(report.source.bytes),
        low_confidence=LOW_CONFIDENCE,
        generated_at=(now or datetime.now()).strftime("%Y-%m-%d %H:%M"),
        total_s="—" if total is None else f"{total:.1f} 秒",
    )
