"""The per-dossier folder: which files, valid report.json, atomic writes."""

from __future__ import annotations

import json
import stat
from datetime import date

import docx
import pytest
from test_outputs_samples import (
    accept_report,
    correction_report,
    ineligible_report,
    make_pdf,
    review_report,
    unreadable_report,
)

from outputs.report_json import ReportContractError, validate_report
from outputs.writer import write_report_folder

ISSUED = date(2023, 9, 27)


@pytest.fixture(scope="module")
def pdf(tmp_path_factory):
    return make_pdf(tmp_path_factory.mktemp("pdf") / "dossier.pdf")


def _names(folder):
    return sorted(p.name for p in folder.iterdir())


def test_correction_folder_has_report_and_notice(pdf, tmp_path):
    folder = write_report_folder(correction_report(), pdf, tmp_path / "A", issued_on=ISSUED)
    assert _names(folder) == ["notice.docx", "notice.html", "report.html", "report.json"]
    data = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    validate_report(data)
    assert data["verdict"] == "correction" and data["fields"][1]["note"].startswith("OCR")
    assert "2023年10月10日前" in "\n".join(p.text for p in docx.Document(str(folder / "notice.docx")).paragraphs)
    assert 'href="notice.html"' in (folder / "report.html").read_text(encoding="utf-8")
    assert stat.S_IMODE((folder / "report.json").stat().st_mode) == 0o644


@pytest.mark.parametrize("make", [accept_report, review_report, ineligible_report, unreadable_report])
def test_no_notice_unless_correction(make, pdf, tmp_path):
    folder = write_report_folder(make(), pdf, tmp_path / "B")
    assert _names(folder) == ["report.html", "report.json"]
    validate_report(json.loads((folder / "report.json").read_text(encoding="utf-8")))


def test_stale_notice_removed_when_verdict_changes(pdf, tmp_path):
    folder = write_report_folder(correction_report(), pdf, tmp_path / "C", issued_on=ISSUED)
    write_report_folder(accept_report(), pdf, folder)
    assert _names(folder) == ["report.html", "report.json"]
    assert json.loads((folder / "report.json").read_text(encoding="utf-8"))["verdict"] == "accept"


def test_report_breaking_contract_writes_nothing(pdf, tmp_path):
    folder = write_report_folder(accept_report(), pdf, tmp_path / "D")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    broken = correction_report()
    broken.findings = [f for f in broken.findings if f.severity != "error"]  # "correction" without an error
    with pytest.raises(ReportContractError):
        write_report_folder(broken, pdf, folder, issued_on=ISSUED)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before  # no temp files, old set intact


def test_failed_write_leaves_no_temp_file(pdf, tmp_path, monkeypatch):
    import outputs.notice_docx as notice_docx

    def explode(self, path):
        raise OSError("disk full")

    monkeypatch.setattr(notice_docx.Document().__class__, "save", explode)
    with pytest.raises(OSError):
        write_report_folder(correction_report(), pdf, tmp_path / "E", issued_on=ISSUED)
    assert _names(tmp_path / "E") == []


def test_report_json_records_how_long_the_folder_took_to_write(pdf, tmp_path):
    report = correction_report()
    folder = write_report_folder(report, pdf, tmp_path / "T", issued_on=ISSUED)
    timings = json.loads((folder / "report.json").read_text(encoding="utf-8"))["timings"]
    assert timings["total_s"] == report.timings["total_s"]  # the review's own timings are kept
    assert 0 < timings["write_s"] < 60  # the notice, thumbnails and report.html were really made
    assert "write_s" not in report.timings  # the caller's report is not changed
