"""Fixtures shared by the ingest, flow, watcher and serve tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import kernel  # noqa: F401  (before PyMuPDF: without its layout analyser, kernel/__init__.py)
import pymupdf
import pytest

from factory import ROUND_RECEIVED


@pytest.fixture(scope="session", autouse=True)
def _session_environment(tmp_path_factory):
    """What the per-test fixture below sets, for module- and session-scoped fixtures too
    (they are set up before any function-scoped one)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DOSSIER_CACHE_DIR", str(tmp_path_factory.mktemp("session-cache")))
        patch.setenv("DOSSIER_CASE_DIR", str(tmp_path_factory.mktemp("session-cases")))
        patch.setenv("DOSSIER_REVIEW_DATE", ROUND_RECEIVED.isoformat())
        patch.setenv("DOSSIER_STATE_DIR", str(tmp_path_factory.mktemp("session-state")))
        # A local Prefect server a test's command starts stops once the command is done.
        patch.setenv("DOSSIER_PREFECT_KEEP_MINUTES", "0")
        yield


@pytest.fixture(autouse=True)
def _tmp_cache_dir(tmp_path_factory, monkeypatch):
    """Keep OCR caches and watch state out of the developer's home directory."""
    monkeypatch.setenv("DOSSIER_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    # Reports filed by check/batch/watch go to a case file of the test's own.
    monkeypatch.setenv("DOSSIER_CASE_DIR", str(tmp_path_factory.mktemp("cases")))
    monkeypatch.setenv("DOSSIER_STATE_DIR", str(tmp_path_factory.mktemp("state")))
    # The factory's dossiers are of the 2023 round: judge them on the day it closed.
    monkeypatch.setenv("DOSSIER_REVIEW_DATE", ROUND_RECEIVED.isoformat())
    from orchestrator.config import run_config
    from kernel.settings import get_settings

    get_settings.cache_clear()
    run_config.cache_clear()
    yield
    get_settings.cache_clear()
    run_config.cache_clear()


@pytest.fixture
def make_pdf() -> Callable[..., Path]:
    """Write a small real PDF: `make_pdf(path, pages=2, text="…", size=(595, 842))`."""

    def make(path: Path, pages: int = 2, text: str | None = "page", size=(595, 842)) -> Path:
        doc = pymupdf.open()
        for i in range(pages):
            page = doc.new_page(width=size[0], height=size[1])
            if text:
                page.insert_text((72, 72), f"{text} {i + 1}")
        path.parent.mkdir(parents=True, exist_ok=True)
        doc.save(path)
        return path

    return make


@pytest.fixture(scope="session")
def prefect_harness():
    """One temporary Prefect server (SQLite) for the whole session: its start costs ~12 s."""
    import flows.prefect_env  # noqa: F401  (env defaults before prefect is imported)
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=300):
        yield
