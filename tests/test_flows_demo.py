"""`dossier demo`: factory dossiers in, reports out, the index path as the last line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from rich.console import Console

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("prefect_harness")]


def test_demo_prints_the_index_path_last(tmp_path, capsys):
    from flows.commands import run_demo

    code = run_demo(tmp_path / "demo", 1, Console(file=open(os.devnull, "w")))

    assert code == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    index = tmp_path / "demo" / "reports" / "index.html"
    assert Path(last) == index.resolve() and index.is_file()
    pdfs = sorted(p.stem for p in (tmp_path / "demo" / "inbox").glob("*.pdf"))
    assert len(pdfs) == 1
    assert all((tmp_path / "demo" / "reports" / stem / "report.json").is_file() for stem in pdfs)
