"""End to end with real OCR: factory scans in, `dossier batch` flow, every output checked
against the factory's truth. This is the default-run test that proves the whole chain.
"""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest

from outputs.report_json import validate_report
from factory import DossierSpec, generate_dossier

pytestmark = pytest.mark.usefixtures("prefect_harness")

SPECS = [
    DossierSpec("training_base", seed=4101, defects=[], pages=14, dpi=150),
    DossierSpec("master_studio", seed=4102, defects=["toc.page_mismatch", "field.inconsistent"], pages=16, dpi=150),
    DossierSpec("rural_station", seed=4103, defects=["type.unknown", "item.missing"], pages=14, dpi=150),
]


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    from flows.review_flow import review_batch

    inbox = tmp_path_factory.mktemp("inbox")
    truths = {f.path.name: f.truth for spec in SPECS for f in generate_dossier(spec, inbox)}
    originals = {name: (inbox / name).read_bytes() for name in truths}
    out = tmp_path_factory.mktemp("reports")
    outcome = review_batch(inbox, out)
    reports = {
        r["source"]["filename"]: (r, p.parent)
        for p in out.glob("*/report.json")
        for r in [json.loads(p.read_text(encoding="utf-8"))]
    }
    return truths, reports, out, inbox, originals, outcome


def test_every_file_gets_a_valid_report_and_originals_are_untouched(batch):
    truths, reports, out, inbox, originals, _ = batch
    assert sorted(reports) == sorted(truths)
    for report, _folder in reports.values():
        validate_report(report)
    assert all((inbox / name).read_bytes() == data for name, data in originals.items())
    assert (out / "register.xlsx").is_file() and (out / "index.html").is_file()


def test_verdicts_and_findings_match_the_truth(batch):
    truths, reports, *_ = batch
    for name, truth in truths.items():
        report, _ = reports[name]
        assert report["verdict"] == truth["expected_verdict"], (name, report["findings"])
        reported = {(f["code"], f["item"]) for f in report["findings"] if f["severity"] == "error"}
        expected = {(f["code"], f["item"]) for f in truth["expected_findings"] if f["severity"] == "error"}
        assert {code for code, _ in reported} == {code for code, _ in expected}, (name, report["findings"])
        for code, item in expected:
            assert (code, item) in reported or item is None, (name, code, item)


def test_key_fields_and_page_numbers_are_read(batch):
    truths, reports, *_ = batch
    for name, truth in truths.items():
        report, _ = reports[name]
        # the applicant is identified even when the carrier type is not
        assert report["carrier_type"] == (None if "type.unknown" in truth["defects"] else truth["carrier_type"])
        assert report["applicant"]["credit_code"] == truth["credit_code"]
        fields = {f["id"]: f["value"] for f in report["fields"]}
        assert fields["legal_representative"] == truth["fields"]["legal_representative"]
        assert report["pagination"]["printed"] == [p["printed_number"] for p in truth["pages"]]


def test_notice_is_drafted_only_for_the_incomplete_dossier(batch):
    truths, reports, *_ = batch
    for name, truth in truths.items():
        report, folder = reports[name]
        notice = Path(folder) / "notice.docx"
        assert (Path(folder) / "report.html").is_file()
        if truth["expected_verdict"] == "correction":
            text = "\n".join(p.text for p in docx.Document(str(notice)).paragraphs)
            assert truth["unit_name"] in text and "补正" in text
        else:
            assert not notice.exists()
