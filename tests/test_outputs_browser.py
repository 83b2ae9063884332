"""The HTML outputs as a browser shows them: they render, offline, without script errors."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from datetime import date
from pathlib import Path

import pytest
from PIL import Image
from test_outputs_samples import (
    NASTY,
    accept_report,
    correction_report,
    ineligible_report,
    make_pdf,
    review_report,
    unreadable_report,
)

from outputs.batch import write_batch_outputs
from outputs.writer import write_report_folder

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium not installed (bench/system-deps.sh installs it)"),
]


def _render(page: Path, png: Path, height: int = 2000) -> str:
    """Screenshot `page`; returns Chromium's log, which carries console messages."""
    with tempfile.TemporaryDirectory() as profile:
        proc = subprocess.run(
            [
                CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0", "--hide-scrollbars",
                f"--screenshot={png}", f"--window-size=1280,{height}", page.as_uri(),
            ],
            capture_output=True, text=True, timeout=90,
        )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout + proc.stderr


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    out = tmp_path_factory.mktemp("browser")
    pdf = make_pdf(out / "in.pdf")
    cases = [("合格", accept_report()), ("补正", correction_report()), ("损坏", unreadable_report()), ("恶意", correction_report(NASTY)),
             ("待核", review_report()), ("不符", ineligible_report())]
    entries = [(r, write_report_folder(r, pdf, out / name, issued_on=date(2023, 9, 27))) for name, r in cases]
    write_batch_outputs(entries, out)
    return out


@pytest.mark.parametrize(
    "page, min_colours",
    [("补正/report.html", 200), ("恶意/report.html", 200), ("index.html", 50), ("补正/notice.html", 20), ("损坏/report.html", 20),
     ("待核/report.html", 200), ("不符/report.html", 200)],
)
def test_page_renders_without_console_errors(out, page, min_colours):
    png = out / (page.replace("/", "_") + ".png")
    log = _render(out / page, png)
    console = [line for line in log.splitlines() if ":CONSOLE" in line]
    assert console == []  # script errors and blocked loads are logged as console messages
    with Image.open(png) as img:
        assert img.size == (1280, 2000)
        colours = img.convert("RGB").getcolors(maxcolors=1_000_000)
        assert len(colours) >= min_colours  # not a blank page
