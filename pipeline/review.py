"""Review one ingested dossier: run the stages in order and assemble the `Report`.

PROVISIONAL: only the ingest verdict for now; the stages are wired in as they land.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from pipeline.models import Finding, IngestResult, Report, verdict_for
from pipeline.settings import Settings

Progress = Callable[[str, float], None]


def review_ingested(ingest: IngestResult, settings: Settings, progress: Progress | None = None) -> Report:
    started = time.perf_counter()
    findings: list[Finding] = []
    if ingest.error:
        findings.append(Finding(code="file.unreadable", severity="error", message=ingest.error))
        return Report(
            source=ingest.source,
            verdict=verdict_for(findings, unreadable=True),
            findings=findings,
            timings={"total_s": round(time.perf_counter() - started, 3)},
        )
    return Report(
        source=ingest.source,
        verdict=verdict_for(findings),
        findings=findings,
        timings={"total_s": round(time.perf_counter() - started, 3)},
    )
