"""`dossier watch` and `dossier batch` give the same reports for the same files: both go
through the orchestrator, the watcher included for the checks across files (a dossier split
over two PDFs gets `file.split` whichever command saw it). Real OCR on factory scans."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from rich.console import Console

from factory.corpus import generate_corpus


def _essentials(report_json: Path) -> dict:
    report = json.loads(report_json.read_text(encoding="utf-8"))
    return {
        "verdict": report["verdict"],
        "carrier_type": report["carrier_type"],
        "applicant": report["applicant"],
        "findings": sorted((f["code"], f["severity"], f["message"], tuple(f["pages"])) for f in report["findings"]),
        "fields": sorted((f["id"], str(f["value"])) for f in report["fields"]),
        "printed": report["pagination"]["printed"],
    }


@pytest.mark.slow
def test_watch_and_batch_give_identical_reports_for_a_split_dossier(tmp_path):
    from flows.commands import run_batch, run_watch

    generated = tmp_path / "generated"
    generate_corpus(generated, count=1, seed=7301, defects=["file.split"], pages=12)
    pdfs = sorted(generated.glob("*.pdf"))
    assert len(pdfs) == 2
    for inbox in (tmp_path / "batch-in", tmp_path / "watch-in"):
        inbox.mkdir()
        for pdf in pdfs:
            shutil.copy(pdf, inbox / pdf.name)

    quiet = Console(file=io.StringIO())
    assert run_batch(tmp_path / "batch-in", tmp_path / "batch-out", quiet) == 0
    assert run_watch(tmp_path / "watch-in", tmp_path / "watch-out", quiet, stable_seconds=0, once=True) == 0

    for pdf in pdfs:
        folder = pdf.stem
        batch = _essentials(tmp_path / "batch-out" / folder / "report.json")
        watch = _essentials(tmp_path / "watch-out" / folder / "report.json")
        assert watch == batch
        assert "file.split" in [code for code, *_ in batch["findings"]]
