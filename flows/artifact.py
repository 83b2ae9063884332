"""What an operator sees of a review in the Prefect UI: one markdown artifact per review.

The verdict, the carrier type, the findings (severity, what, where — pages as printed) and
a link to the folder's report.html. Keyed by the file's content (`dossier-<sha256…>`), so
the artifact page lists every version: a report rewritten after a check across files
(`file.split`) shows up as the newer version of the same key. Published inside a flow run
it is also linked to that run. It is a view for staff, not the record: a failure to
publish is logged and changes nothing else.
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import quote

from kernel.models import Finding, Report
from outputs.labels import SEVERITIES, VERDICTS, carrier_label, cited_pages, finding_label, page_ranges

_log = logging.getLogger(__name__)
_MAX_PAGES_LISTED = 6  # beyond this, PDF page ranges: a pagination finding may cite 200 pages


def artifact_key(report: Report) -> str | None:
    """`dossier-<first 24 hex of the file's SHA-256>` (keys allow lowercase, digits, dashes)."""
    return f"dossier-{report.source.sha256[:24]}" if report.source.sha256 else None


def report_link(report_dir: Path, base_url: str | None) -> str:
    """Where a browser opens the report: under `DOSSIER_REPORT_BASE_URL` if set, else file://."""
    if base_url:
        return f"{base_url.rstrip('/')}/{quote(Path(report_dir).name)}/report.html"
    return (Path(report_dir) / "report.html").absolute().as_uri()


def review_markdown(report: Report, report_dir: Path, base_url: str | None = None) -> str:
    lines = [
        f"## {_cell(report.source.filename)}：{VERDICTS[report.verdict]}",
        "",
        f"- 载体类型：{carrier_label(report.carrier_type)}",
        f"- 申报单位：{_cell(report.applicant.unit_name or '未识别')}",
        f"- 页数：{report.source.pages if report.source.pages is not None else '—'}",
        f"- 审查报告：[report.html]({report_link(report_dir, base_url)})（{_cell(str(report_dir))}）",
        "",
    ]
    if not report.findings:
        return "\n".join([*lines, "未发现问题。", ""])
    lines += ["| 严重程度 | 问题 | 说明 | 页码 |", "|---|---|---|---|"]
    for finding in report.findings:
        lines.append(
            f"| {SEVERITIES.get(finding.severity, finding.severity)} | {_cell(finding_label(finding.code))} "
            f"| {_cell(finding.message)} | {_pages(finding)} |"
        )
    return "\n".join([*lines, ""])


def publish_review(report: Report, report_dir: Path, base_url: str | None = None) -> None:
    """Publish (or add a version to) the review's artifact on the current Prefect API."""
    from prefect.artifacts import create_markdown_artifact

    try:
        create_markdown_artifact(
            markdown=review_markdown(report, report_dir, base_url),
            key=artifact_key(report),
            description=f"{report.source.filename}：{VERDICTS[report.verdict]}",
        )
    except Exception as exc:  # a view for staff: never the reason a review fails
        _log.warning("未能在 Prefect 中发布“%s”的审查结果：%s", report.source.filename, exc)


def _pages(finding: Finding) -> str:
    if not finding.pages:
        return "—"
    if len(finding.pages) > _MAX_PAGES_LISTED:
        return f"PDF第{page_ranges(finding.pages)}页"
    return "、".join(cited_pages(finding.pages, finding.printed_pages))


def _cell(text: str) -> str:
    """Text safe inside a markdown table cell."""
    return " ".join(str(text).split()).replace("|", "｜")
