"""`dossier demo`: factory dossiers in, reports out and filed into a case file of its own; the index
path, then the workbench's URL as the last line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from rich.console import Console

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("prefect_harness")]


def test_demo_prints_the_index_path_and_the_workbench_url_last(tmp_path, capsys):
    from flows.commands import run_demo

    code = run_demo(tmp_path / "demo", 1, Console(file=open(os.devnull, "w")))

    assert code == 0
    *_, index_line, last = capsys.readouterr().out.strip().splitlines()
    index = tmp_path / "demo" / "reports" / "index.html"
    assert Path(index_line) == index.resolve() and index.is_file()
    assert last == "审核工作台：http://127.0.0.1:8000/"
    from casefile.service import CaseService

    assert len(CaseService.open().list_cases()) == 1  # the demo's own case file, which the workbench opens
    pdfs = sorted(p.stem for p in (tmp_path / "demo" / "inbox").glob("*.pdf"))
    assert len(pdfs) == 1
    assert all((tmp_path / "demo" / "reports" / stem / "report.json").is_file() for stem in pdfs)
