"""One file, start to finish: open it, review it, with the run's configuration.

The order of the stages inside a review is `pipeline.review.review_ingested`'s; this is
the entry every caller uses, so none of them opens the file or loads a checklist itself.
"""

from __future__ import annotations

from pathlib import Path

from orchestrator.config import RunConfig
from pipeline.ingest import ingest
from pipeline.models import IngestResult, Report
from pipeline.ocr import OcrEngine
from pipeline.review import Progress, review_ingested


def review_file(path: Path, config: RunConfig, progress: Progress | None = None, engine: OcrEngine | None = None) -> Report:
    return review_opened(ingest(path), config, progress, engine)


def review_opened(
    opened: IngestResult, config: RunConfig, progress: Progress | None = None, engine: OcrEngine | None = None
) -> Report:
    """The review of a file already opened by `pipeline.ingest.ingest` (the flows open it
    in a task of its own, retried on I/O errors)."""
    return review_ingested(opened, config.settings, config.checklists, progress=progress, engine=engine)
