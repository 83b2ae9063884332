"""End to end with real OCR: two generated scans of one 技能大师工作室 (v1 with a wrong 目录
page and a name that differs between form and licence, v2 corrected) go through `dossier
check`'s flow, which files both into the case file; then the officer's whole course runs on
those real reports, on SQLite and on PostgreSQL, including a re-run of the machine review
of v1 (from the OCR cache) that must change no decision and no document.

Slow: two real reviews cost minutes on two shared cores.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from casefile.service import CaseService
from casefile.store import open_engine
from casefile_fixtures import postgres_server, store_url  # noqa: F401  (fixtures)
from casefile_workflow import run_workflow
from factory import DossierSpec, generate_dossier
from kernel.models import Report
from kernel.settings import Settings, get_settings

pytestmark = [pytest.mark.slow, pytest.mark.ci, pytest.mark.usefixtures("prefect_harness")]

SEED = 4102
V1_DEFECTS = ["toc.page_mismatch", "field.inconsistent"]


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    """v1 and v2 reviewed by `check`'s flow into report folders and filed into a SQLite case file."""
    from flows.review_flow import review_dossier
    from orchestrator.config import run_config

    root = tmp_path_factory.mktemp("e2e-case")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DOSSIER_CACHE_DIR", str(root / "ocr-cache"))
        patch.setenv("DOSSIER_CASE_DIR", str(root / "cases"))
        get_settings.cache_clear()
        run_config.cache_clear()
        versions = {}
        for label, defects in (("v1", V1_DEFECTS), ("v2", [])):
            inbox = root / f"inbox-{label}"
            generated = generate_dossier(DossierSpec("master_studio", seed=SEED, defects=defects, pages=12, dpi=150), inbox)[0]
            outcome = review_dossier(generated.path, root / "reports", label)
            folder = Path(outcome.report_dir)
            report = Report.model_validate_json((folder / "report.json").read_text(encoding="utf-8"))
            versions[label] = (report, generated.path, folder, generated.truth)
        get_settings.cache_clear()
    return root, versions


def test_check_files_both_versions_into_one_case(checked):
    root, versions = checked
    service = CaseService(open_engine(f"sqlite:///{root / 'cases' / 'cases.sqlite3'}"), Settings(case_dir=root / "cases"))
    rows = service.list_cases()
    truth = versions["v1"][3]
    assert len(rows) == 1, rows
    assert (rows[0]["credit_code"], rows[0]["carrier_type"], rows[0]["submissions"]) == (truth["credit_code"], "master_studio", 2)
    detail = service.case_detail(rows[0]["id"])
    assert [(s["label"], s["machine_verdict"]) for s in detail["submissions"]] == [("v1", "correction"), ("v2", "accept")]
    assert {f["code"] for f in detail["submissions"][0]["findings"] if f["severity"] == "error"} == set(V1_DEFECTS)


def test_the_officers_course_on_real_reviews(checked, store_url, tmp_path, monkeypatch):
    from orchestrator.config import run_config
    from orchestrator.review import review_file

    root, versions = checked
    service = CaseService(open_engine(store_url), Settings(case_dir=tmp_path / "cases"))
    v1 = versions["v1"][:3]
    v2 = versions["v2"][:3]

    def rerun_v1():
        monkeypatch.setenv("DOSSIER_CACHE_DIR", str(root / "ocr-cache"))  # the same pages, read from the cache
        get_settings.cache_clear()
        run_config.cache_clear()
        return service.file_report(review_file(v1[1], run_config()), v1[1], v1[2])

    case_id = run_workflow(service, v1, v2, rerun_v1=rerun_v1)
    assert service.case_detail(case_id)["unit_name"] == versions["v1"][3]["unit_name"]
