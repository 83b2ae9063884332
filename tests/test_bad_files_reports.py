"""Every bad file gets a report: what ingest calls unreadable never reaches code that opens
the PDF again, and a page that cannot be drawn costs its thumbnail, never the report.

Runs the product's own path (`dossier check`, through the Prefect flow) on the factory's
bad files, on a generated dossier cut short at several offsets, and on a PDF that opens
but has a page MuPDF refuses to render.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pymupdf
import pytest
from rich.console import Console

from factory.badfiles import make_bad_files
from factory.dossier import DossierSpec, generate_dossier
from outputs.thumbnails import render_thumbnails
from outputs.writer import write_report_folder
from pipeline.ingest import ingest
from kernel.models import Finding, Report, Source

TRUNCATE_AT = (0.01, 0.2, 0.5, 0.8, 0.999)  # fractions of the file's length


def _quiet() -> Console:
    return Console(file=open(os.devnull, "w"), width=120)


def _reports(out: Path) -> dict[str, dict]:
    return {
        (report := json.loads(p.read_text(encoding="utf-8")))["source"]["filename"]: report
        for p in out.glob("*/report.json")
    }


@pytest.fixture(scope="module")
def dossier_pdf(tmp_path_factory) -> Path:
    """A real generated scanned dossier (the smallest the factory draws)."""
    out = tmp_path_factory.mktemp("dossier")
    files = generate_dossier(DossierSpec(carrier_type="master_studio", seed=424_242, defects=[], pages=12), out, set())
    return files[0].path


def _unrenderable_page_pdf(path: Path) -> Path:
    """Three typed pages; the second's content stream nests graphics states past MuPDF's
    limit, so the file opens and its pages load, but that page raises when drawn."""
    doc = pymupdf.open()
    for i in range(3):
        page = doc.new_page(width=595, height=842)
        page.insert_text((72, 100), f"申报材料 第{i + 1}页", fontname="china-s", fontsize=12)
    broken = doc[1]
    doc.update_stream(broken.get_contents()[0], b"q " * 100_000)
    doc.save(path)
    return path


@pytest.mark.usefixtures("prefect_harness")
def test_factory_bad_files_each_get_an_unreadable_report(tmp_path):
    from flows.commands import run_check

    made = make_bad_files(tmp_path / "in", seed=77, reserved=set())
    assert run_check([path for path, _ in made], tmp_path / "out", _quiet()) == 0
    reports = _reports(tmp_path / "out")
    for path, truth in made:
        report = reports[path.name]
        assert report["verdict"] == "unreadable", truth["bad_kind"]
        assert [f["code"] for f in report["findings"]] == ["file.unreadable"]
        folder = next(p.parent for p in (tmp_path / "out").glob("*/report.json")
                      if json.loads(p.read_text(encoding="utf-8"))["source"]["filename"] == path.name)
        assert (folder / "report.html").is_file()
        assert not (folder / "notice.docx").exists()  # nothing to correct in a file nobody could open


@pytest.mark.usefixtures("prefect_harness")
def test_dossier_truncated_at_any_offset_gets_a_report(tmp_path, dossier_pdf):
    from flows.commands import run_check

    data = dossier_pdf.read_bytes()
    inputs = []
    for fraction in TRUNCATE_AT:
        cut = tmp_path / "in" / f"截断{int(fraction * 1000):04d}.pdf"
        cut.parent.mkdir(exist_ok=True)
        cut.write_bytes(data[: int(len(data) * fraction)])
        inputs.append(cut)
    # MuPDF repairs most of these cuts and opens them; walking their pages is what crashed.
    assert sum(_opens(p) for p in inputs) >= 3

    assert run_check(inputs, tmp_path / "out", _quiet()) == 0
    reports = _reports(tmp_path / "out")
    assert sorted(reports) == sorted(p.name for p in inputs)
    for name, report in reports.items():
        assert report["verdict"] == "unreadable" or report["items"], name  # unreadable, or a full review


def _opens(path: Path) -> bool:
    try:
        pymupdf.open(path).close()
    except Exception:  # noqa: BLE001 - any failure is "does not open"
        return False
    return True


def test_thumbnails_of_a_truncated_file_are_none_not_an_exception(tmp_path, dossier_pdf):
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(dossier_pdf.read_bytes()[:4096])
    assert _opens(cut)  # it opens, and its page tree then fails: the crash of issue #12
    report = Report(source=Source(filename=cut.name), verdict="accept")
    assert render_thumbnails(cut, report) == []


def test_readable_report_on_a_file_gone_bad_is_still_written(tmp_path, dossier_pdf):
    """The file changed under the writer (or a later check reclassified it): the report
    it was given is written, without page images."""
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(dossier_pdf.read_bytes()[:4096])
    report = Report(source=Source(filename=cut.name, pages=12), verdict="correction", findings=[
        Finding(code="toc.missing", severity="error", message="未找到目录", confidence=0.9)])
    folder = write_report_folder(report, cut, tmp_path / "out")
    assert json.loads((folder / "report.json").read_text(encoding="utf-8"))["verdict"] == "correction"
    assert "无法生成页面缩略图" in (folder / "report.html").read_text(encoding="utf-8")


def test_unreadable_report_never_reopens_the_file(tmp_path, monkeypatch):
    """Ingest's verdict is final: the writer does not hand the file to MuPDF again."""
    bad = tmp_path / "坏文件.pdf"
    bad.write_bytes(b"%PDF-1.7\n" + b"\x00" * 500)
    ingested = ingest(bad)
    assert ingested.error
    from orchestrator.config import run_config
    from orchestrator.review import review_opened

    report = review_opened(ingested, run_config())

    def fail_open(*args, **kwargs):
        raise AssertionError("the unreadable file was opened again")

    monkeypatch.setattr(pymupdf, "open", fail_open)
    folder = write_report_folder(report, bad, tmp_path / "out")
    assert json.loads((folder / "report.json").read_text(encoding="utf-8"))["verdict"] == "unreadable"


def test_page_that_fails_to_render_loses_its_thumbnail_only(tmp_path):
    pdf = _unrenderable_page_pdf(tmp_path / "页面损坏.pdf")
    with pymupdf.open(pdf) as doc:
        assert [doc.load_page(i).number for i in range(doc.page_count)] == [0, 1, 2]
    report = Report(source=Source(filename=pdf.name, pages=3), verdict="accept")
    assert [t.page for t in render_thumbnails(pdf, report)] == [1, 3]


@pytest.mark.usefixtures("prefect_harness")
def test_pdf_whose_page_fails_to_render_gets_a_report(tmp_path):
    from flows.commands import run_check

    (tmp_path / "in").mkdir()
    pdf = _unrenderable_page_pdf(tmp_path / "in" / "页面损坏.pdf")
    assert run_check([pdf], tmp_path / "out", _quiet()) == 0
    report = _reports(tmp_path / "out")[pdf.name]
    # Ingest reads each page's text, meets the same broken page and refuses the file.
    assert report["verdict"] == "unreadable" or report["items"]
    assert (tmp_path / "out" / "页面损坏" / "report.html").is_file()
