"""Run-time settings, from the environment (prefix `DOSSIER_`) or a `.env` file.

One object holds every knob so that a bad value stops the program at start-up with a
clear message instead of half-way through a batch.
"""

from __future__ import annotations

import os
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_cache_dir() -> Path:
    return Path.home() / ".cache" / "dossier"


def _default_case_dir() -> Path:
    return Path.home() / ".local" / "share" / "dossier"


def _default_state_dir() -> Path:
    """Local disk, per user (XDG): SQLite state must never live on a network share."""
    return Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state") / "dossier"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DOSSIER_", env_file=".env", extra="ignore")

    # OCR
    ocr_engine: Literal["rapidocr", "paddle"] = "rapidocr"
    # "module:callable" taking the settings and returning an engine; overrides `ocr_engine`.
    # It is how tests put a fake engine (one that crashes, one that runs out of memory) into
    # the worker processes, which build their own engine and cannot be handed an object.
    ocr_engine_factory: str | None = None
    paddle_det_model_dir: Path | None = None
    paddle_rec_model_dir: Path | None = None
    paddle_det_model_name: str = "PP-OCRv5_mobile_det"
    paddle_rec_model_name: str = "PP-OCRv5_mobile_rec"
    ocr_workers: int = Field(default=2, ge=1, le=64, description="page worker processes")
    ocr_threads: int = Field(default=1, ge=1, le=64, description="ONNX threads per worker")
    scan_dpi: int = Field(default=200, ge=72, le=600)
    # The text detector sees the page shrunk to this longest side; lines are still recognised
    # from the page itself. On 99 factory pages (BENCHMARKS.md, "Detector input size") 1280 px
    # read as well as RapidOCR's 2000 (CER 0.59% against 0.70%) in 0.74 of the time and with
    # 213 MB less peak memory per worker.
    det_max_side: int = Field(default=1280, ge=320, le=4000, description="longest side the text detector sees")
    cache_dir: Path = Field(default_factory=_default_cache_dir)
    use_cache: bool = True
    max_page_pixels: int = Field(default=60_000_000, description="larger pages are skipped")
    page_timeout_s: float = Field(
        default=180, gt=0, le=3600, description="a page still not done after this is retried alone once, then reported illegible"
    )

    # checks
    review_date: date | None = Field(
        default=None, description="the day the round's applications were received: validity is judged on it (default today)"
    )
    checklist_dir: Path | None = None  # None: the bundled checklists/
    district_config: Path | None = None  # None: the bundled outputs/district.yaml
    # the district's own Word templates of the issued documents (红头); None: the bundled ones
    document_templates: Path | None = None

    # the watched folder (`dossier watch`); None: next to the inbox / in the report folder
    watch_stable_seconds: float = Field(
        default=5.0, ge=0, le=3600, description="size and mtime unchanged this long before a file is taken"
    )
    watch_archive_dir: Path | None = None  # None: INBOX/../archive
    watch_failed_dir: Path | None = None  # None: INBOX/../failed
    # SQLite files of this machine (the watched folders' state): local disk, never a share
    state_dir: Path = Field(default_factory=_default_state_dir)
    watch_state_db: Path | None = None  # None: STATE_DIR/watch-<inbox>.sqlite3
    watch_log_file: Path | None = None  # None: OUT/watch-log.jsonl

    # Prefect (flows/local_server.py, flows/serve.py)
    # reviews this machine runs at once under `dossier serve`; None: cores ÷ OCR workers
    serve_limit: int | None = Field(default=None, ge=1, le=64)
    # how long this machine's Prefect server stays up after the last dossier command left
    prefect_keep_minutes: float = Field(default=30, ge=0, le=24 * 60)
    # where staff open report folders from a browser (e.g. http://files/reports/); None: file://
    report_base_url: str | None = None

    # the case file (casefile/): the officer's decisions, documents and clocks
    case_dir: Path = Field(
        default_factory=_default_case_dir, description="the case file's home: cases.sqlite3 and the issued documents"
    )
    case_db_url: str | None = Field(
        default=None, description="SQLAlchemy URL of a shared store (postgresql+psycopg://…); None: SQLite in case_dir"
    )
    case_filing: bool = Field(default=True, description="check, batch and watch file every report into the case file")
    case_district: str | None = Field(
        default=None, description="the district of the 附件1 quota table (default: the one the district file's authority names)"
    )
    case_issue_needs_approval: bool = Field(
        default=False, description="a document is issued by a second person (an approver), not by the one who drafted it"
    )
    case_report_date: date = Field(
        default=date(2023, 8, 7), description="the day the district's candidates are reported to the city (the round's notice)"
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
