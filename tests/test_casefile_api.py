"""The JSON API and the command line over the case service (SQLite store; hand-made reports,
see test_casefile_service.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

from fastapi.testclient import TestClient

from casefile.api import USER_HEADER, create_app
from casefile.store import open_engine
from casefile.service import CaseService
from kernel.settings import Settings
from test_casefile_service import V1_FINDINGS, hand_made_report

ROOT = Path(__file__).resolve().parent.parent
AS = {USER_HEADER: quote("王审核")}


def test_the_api_takes_a_case_from_findings_to_an_issued_notice(tmp_path):
    service = CaseService(open_engine(f"sqlite:///{tmp_path / 'c.sqlite3'}"), Settings(case_dir=tmp_path / "cases"))
    service.add_officer("王审核", ["reviewer"], "王审核")
    filed = service.file_report(*hand_made_report(tmp_path, "v1", V1_FINDINGS))
    client = TestClient(create_app(service))

    rows = client.get("/api/cases", params={"today": "2023-06-16"}).json()
    assert [(r["id"], r["submissions"], r["machine_verdict"], r["outcome"], r["undecided"]) for r in rows] == [
        (filed.case_id, 1, "correction", None, 3)]
    assert client.get("/api/cases", params={"carrier_type": "training_base"}).json() == []
    case = client.get(f"/api/cases/{filed.case_id}").json()
    sub = case["submissions"][0]
    first, second, third = (f["id"] for f in sub["findings"])

    refused = client.post(f"/api/findings/{first}/decision", json={"action": "confirm"})
    assert refused.status_code == 403 and "操作人员" in refused.json()["detail"]
    assert client.post(f"/api/findings/{first}/decision", json={"action": "confirm"}, headers=AS).status_code == 200
    edited = client.post(f"/api/findings/{second}/decision", headers=AS,
                         json={"action": "edit", "problem": "领办人身份证复印件号码不清晰，无法核对"}).json()
    assert edited["decision"] == "confirmed" and edited["problem"].startswith("领办人身份证复印件")
    missing_reason = client.post(f"/api/findings/{third}/decision", json={"action": "dismiss"}, headers=AS)
    assert missing_reason.status_code == 400 and "理由" in missing_reason.json()["detail"]
    client.post(f"/api/findings/{third}/decision", json={"action": "dismiss", "reason": "不影响受理的轻微瑕疵"}, headers=AS)
    added = {"material": "承诺书", "problem": "承诺书未注明签署日期", "printed_pages": [5]}
    no_standard = client.post(f"/api/submissions/{sub['id']}/findings", headers=AS, json=added)
    assert no_standard.status_code == 400 and "补正要求" in no_standard.json()["detail"]
    added = client.post(f"/api/submissions/{sub['id']}/findings", headers=AS, json={**added, "item": "commitment_letter"})
    assert added.status_code == 200 and "签署日期" in added.json()["standard"]
    client.post(f"/api/submissions/{sub['id']}/outcome", json={"outcome": "correction"}, headers=AS)
    draft = client.post(f"/api/submissions/{sub['id']}/draft", headers=AS).json()
    issued = client.post(f"/api/documents/{draft['id']}/issue", json={"issued_on": "2023-06-19"}, headers=AS).json()
    assert issued["doc_number"] == "深福人社补字〔2023〕1号" and len(issued["content"]["points"]) == 3
    again = client.post(f"/api/documents/{draft['id']}/issue", json={}, headers=AS)
    assert again.status_code == 409
    served = client.post(f"/api/documents/{issued['id']}/service", json={"served_on": "2023-06-20", "method": "直接送达"},
                         headers=AS)
    assert served.json()["served_on"] == "2023-06-20"
    word = client.get(f"/api/documents/{issued['id']}/files/0")
    assert word.status_code == 200 and word.content[:2] == b"PK"
    assert client.get("/api/cases/999").status_code == 404

    clock = client.get(f"/api/cases/{filed.case_id}", params={"today": "2023-06-21"}).json()["clock"]
    assert clock["correction_deadline"] == "2023-06-28"
    log = client.get("/api/audit", params={"format": "csv", "case_id": filed.case_id})
    assert log.text.startswith("\ufeffid,at,actor,action") and "document.issue" in log.text
    assert "11010519491231002X" not in log.text and "11010519491231002X" not in json.dumps(case, ensure_ascii=False)
    entries = client.get("/api/audit").json()
    assert [e["action"] for e in entries][-1] == "document.served"
    assert entries[-1]["before"] == {"method": None, "served_on": None}


def test_the_command_line_lists_and_shows_cases_as_the_contract_says(tmp_path, monkeypatch):
    """In process through typer's runner, and once through the real entry point."""
    from typer.testing import CliRunner

    from flows.cli import app
    from kernel.settings import get_settings

    monkeypatch.setenv("DOSSIER_CASE_DIR", str(tmp_path / "cases"))
    monkeypatch.setenv("DOSSIER_USER", "王审核")
    get_settings.cache_clear()
    report, pdf, folder = hand_made_report(tmp_path, "v1", V1_FINDINGS)
    report.source.sha256 = "ab" * 32
    (folder / "report.json").write_text(report.model_dump_json(by_alias=True), encoding="utf-8")
    runner = CliRunner()

    def dossier(*args: str):
        return runner.invoke(app, ["case", *args])

    assert dossier("officer-add", "王审核", "--role", "reviewer").exit_code == 0
    assert json.loads(dossier("file", str(folder)).stdout)[0]["new_case"] is True
    shown = json.loads(dossier("show", "1", "--json").stdout)
    finding = shown["submissions"][0]["findings"][0]["id"]
    refused = dossier("dismiss", str(finding), "--reason", "")
    assert refused.exit_code == 1 and "驳回须写明理由" in refused.output
    assert dossier("confirm", str(finding)).exit_code == 0
    out = tmp_path / "audit.json"
    assert dossier("audit", "--out", str(out), "--format", "json").exit_code == 0
    assert [e["action"] for e in json.loads(out.read_text(encoding="utf-8"))] == [
        "officer.add", "case.open", "submission.file", "finding.confirm"]

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    listed = subprocess.run([sys.executable, "-m", "flows.cli", "case", "list", "--json"], env=env, capture_output=True,
                            text=True, timeout=120, cwd=tmp_path)
    rows = json.loads(listed.stdout)
    assert {"id", "credit_code", "unit_name", "carrier_type", "submissions", "machine_verdict", "outcome"} <= set(rows[0])
    assert (rows[0]["submissions"], rows[0]["machine_verdict"], rows[0]["outcome"]) == (1, "correction", None)
    monkeypatch.setenv("DOSSIER_CASE_DB_URL", "mysql://x@y/z")
    get_settings.cache_clear()
    bad = dossier("list")
    assert bad.exit_code == 2 and "只支持 SQLite 和 PostgreSQL" in bad.output
