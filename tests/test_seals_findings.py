"""Seal and signature findings on whole factory dossiers reviewed with real OCR: a dossier
whose 申报表 or 承诺书 lacks the seal, one sealed with another unit's seal, one whose
承诺书 is not signed; each finding names its part and the page numbers the applicant's
paper shows, and the report carries the seals the check looked at."""

from __future__ import annotations

import pytest

from factory import DossierSpec, generate_dossier
from orchestrator.config import run_config
from orchestrator.review import review_file
from outputs.report_json import validate_report

pytestmark = pytest.mark.slow

CASES = {
    "seal.missing": DossierSpec("training_base", seed=5201, defects=["seal.missing"], pages=13, dpi=150),
    "seal.name_mismatch": DossierSpec("rural_station", seed=5202, defects=["seal.name_mismatch"], pages=13, dpi=150),
    "signature.missing": DossierSpec("master_studio", seed=5203, defects=["signature.missing"], pages=15, dpi=150),
}


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory):
    out = tmp_path_factory.mktemp("seal-dossiers")
    done = {}
    for code, spec in CASES.items():
        [made] = generate_dossier(spec, out)
        done[code] = (made.truth, review_file(made.path, run_config()))
    return done


@pytest.mark.parametrize("code", list(CASES))
def test_the_defect_is_found_on_its_part_with_printed_page_numbers(reviewed, code):
    truth, report = reviewed[code]
    [expected] = [f for f in truth["expected_findings"] if f["code"] == code]
    found = [f for f in report.findings if f.code == code and f.severity == "error"]
    assert len(found) == 1, [f.model_dump() for f in report.findings]
    [finding] = found
    assert finding.severity == "error" and finding.item == expected["item"]
    assert set(finding.pages) & set(expected["pages"])
    printed = {p["index"]: p["printed_number"] for p in truth["pages"]}
    assert finding.printed_pages == [printed[p] for p in finding.pages]
    assert report.verdict == "correction"


@pytest.mark.parametrize("code", list(CASES))
def test_no_other_seal_error_and_the_report_lists_the_seals(reviewed, code):
    """What is wrong is the one defect: no other seal or signature error (the machine may
    still ask a person to look at a seal it could not read, as a `review`)."""
    truth, report = reviewed[code]
    others = [f for f in report.findings if f.code.startswith(("seal.", "signature.")) and f.code != code
              and f.severity == "error"]
    assert others == [], [f.model_dump() for f in others]
    looked_at = report.seals.pages
    parts = {part["item"]: part["pages"] for part in truth["parts"]}
    assert set(parts["application_form"]) | set(parts["commitment_letter"]) <= set(looked_at)
    own = set(parts["application_form"]) | set(parts["commitment_letter"])
    judged_other = [s for s in report.seals.seals if s.page in own and s.matches_applicant is False]
    assert report.seals.seals and (code == "seal.name_mismatch" or judged_other == []), judged_other
    assert report.timings["seals_s"] < 0.2 * report.timings["total_s"]
    validate_report(report.to_json_dict())
