"""One row per dossier for the batch outputs, shared by register.xlsx and index.html.

Both list the same dossiers with the same columns; computing the row once keeps the
register and the index from disagreeing (a missing-material list in one and not the
other). ID numbers are masked here, since both circulate beyond the reviewer.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from outputs.labels import VERDICT_ORDER, VERDICTS, carrier_label
from outputs.masking import mask_id_numbers
from kernel.models import Report


@dataclass(frozen=True)
class BatchRow:
    filename: str
    unit_name: str
    carrier: str
    credit_code: str
    verdict: str  # contract code
    verdict_label: str
    errors: int
    reviews: int  # findings the machine is not sure of (待人工核对)
    warnings: int
    missing: str  # titles of the required materials that are absent, "、"-joined
    report_path: str  # relative to the batch folder, "/"-separated
    report_href: str  # the same, URL-quoted for an href
    notice_href: str | None

    @property
    def verdict_rank(self) -> int:
        return VERDICT_ORDER.index(self.verdict)


def _href(path: Path, base: Path) -> tuple[str, str]:
    rel = Path(os.path.relpath(path, base)).as_posix()
    return rel, quote(rel, safe="/")


def batch_row(report: Report, report_dir: Path, base: Path) -> BatchRow:
    report_path, report_href = _href(report_dir / "report.html", base)
    notice = report_dir / "notice.html"
    return BatchRow(
        filename=mask_id_numbers(report.source.filename),
        unit_name=mask_id_numbers(report.applicant.unit_name or ""),
        carrier=carrier_label(report.carrier_type) if report.carrier_type else "",
        credit_code=report.applicant.credit_code or "",
        verdict=report.verdict,
        verdict_label=VERDICTS[report.verdict],
        errors=sum(f.severity == "error" for f in report.findings),
        reviews=sum(f.severity == "review" for f in report.findings),
        warnings=sum(f.severity == "warning" for f in report.findings),
        missing="、".join(it.title for it in report.items if it.required and it.status == "missing"),
        report_path=report_path,
        report_href=report_href,
        notice_href=_href(notice, base)[1] if notice.exists() else None,
    )
