"""The one Chinese line a person sees per file: `[受理] 某某公司.pdf → 需补正（3项错误）`."""

from __future__ import annotations

from outputs.labels import VERDICTS
from kernel.models import Report


def verdict_summary(report: Report) -> str:
    errors = [f for f in report.findings if f.severity == "error"]
    warnings = sum(f.severity == "warning" for f in report.findings)
    label = VERDICTS[report.verdict]
    if report.verdict == "unreadable":
        return f"{label}：{errors[0].message}" if errors else label
    if report.verdict in ("correction", "ineligible"):
        return f"{label}（{len(errors)}项错误）"
    if report.verdict == "review":
        return f"{label}（{sum(f.severity == 'review' for f in report.findings)}项）"
    return f"{label}（{warnings}项警告）" if warnings else label


def failure_reason(exc: object) -> str:
    """Why the tool itself could not review a file (a bug or an I/O error, not a verdict)."""
    return f"处理出错：{type(exc).__name__}: {exc}" if isinstance(exc, BaseException) else "处理出错"


def status_line(tag: str, filename: str, detail: str) -> str:
    return f"[{tag}] {filename} → {detail}"
