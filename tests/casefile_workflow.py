"""The officer's whole course through one case, asserted step by step.

Used by the fast service test (reports made by hand, the case file isolated from the
pipeline) and by the slow end-to-end test (reports of generated scans reviewed with real
OCR), on SQLite and PostgreSQL alike: v1 reviewed → one machine finding dismissed, one
confirmed, one added → 补正 notice with a 文号 and exactly those points, cited by printed
page → 送达 → deadline across 端午 (the make-up Sunday counts, the holiday does not) → v2
filed into the same case, its diff against the notice → 受理通知书 → 公示 list and window →
report to the city; every step in the audit log; a re-run of the machine review changes
no decision and no document.
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import docx
from openpyxl import load_workbook

from casefile.service import CaseService
from kernel.models import Finding, Report

REVIEWER, APPROVER = "王审核", "李审批"
RECEIVED = date(2023, 6, 16)  # Friday, confirmed by staff
ISSUED = date(2023, 6, 19)
SERVED = date(2023, 6, 20)
# 5 working days from Tue 06-20, the day of service not counted: 21 (Wed), 22–24 端午 off,
# 25 (Sun, make-up workday), 26, 27, 28. Counting weekdays would give 06-27.
DEADLINE = date(2023, 6, 28)
PUBLICITY_START, PUBLICITY_END = date(2023, 7, 31), date(2023, 8, 4)
ADDED = {"material": "承诺书", "problem": "承诺书未加盖申报单位公章", "printed_pages": [5], "item": "commitment_letter"}


def docx_text(path: str | Path) -> str:
    document = docx.Document(str(path))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def file_sha(path: str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def run_workflow(service: CaseService, v1: tuple[Report, Path, Path], v2: tuple[Report, Path, Path],
                 rerun_v1=None) -> int:
    """Take a case from v1 to the city report; returns the case id. `rerun_v1()` re-runs the
    machine review of v1 (default: files v1's report again with one more finding)."""
    service.add_officer(REVIEWER, ["reviewer"], REVIEWER)
    service.add_officer(APPROVER, ["approver"], REVIEWER)
    filed = service.file_report(*v1)
    assert filed.new_case and filed.number == 1
    case = service.case_detail(filed.case_id, today=RECEIVED)
    sub1 = case["submissions"][0]
    errors = [f for f in sub1["findings"] if f["severity"] == "error"]
    assert len(errors) >= 2, sub1["findings"]
    confirmed, dismissed = errors[0], errors[1]

    service.confirm_received(sub1["id"], RECEIVED, REVIEWER)
    service.confirm_finding(confirmed["id"], REVIEWER)
    service.dismiss_finding(dismissed["id"], "机器误读，材料无此问题", REVIEWER)
    added = service.add_finding(sub1["id"], REVIEWER, **ADDED)
    for other in [f for f in sub1["findings"] if f["needs_decision"] and f["id"] not in (confirmed["id"], dismissed["id"])]:
        service.dismiss_finding(other["id"], "已核对纸质材料，符合要求", REVIEWER)
    service.set_outcome(sub1["id"], "correction", "", REVIEWER)
    notice = service.issue(sub1["id"], REVIEWER, issued_on=ISSUED)

    # the notice: a 文号, exactly the confirmed and the added points, printed pages cited
    assert notice["doc_number"] == "深福人社补字〔2023〕1号"
    points = notice["content"]["points"]
    assert [p["finding_id"] for p in points] == [confirmed["id"], added["id"]]
    text = docx_text(notice["files"][0]["path"])
    assert notice["doc_number"] in text and case["unit_name"] in text
    for point in points:
        assert point["problem"] in text and point["standard"] in text
    printed = [p for p in confirmed["printed_pages"] if p is not None]
    if printed:
        assert f"第{printed[0]}页" in text or f"第{printed[0]}-" in text, text
    assert "第5页" in text
    assert dismissed["message"].split("（")[0] not in text
    assert "OCR" not in text and "误识" not in text and "PDF第" not in text
    documents_before = {f["path"]: file_sha(f["path"]) for f in notice["files"]}

    # 送达 and the deadline on the official calendar
    service.record_service(notice["id"], SERVED, "直接送达", REVIEWER)
    clock = service.case_detail(filed.case_id, today=SERVED)["clock"]
    assert clock["correction_deadline"] == DEADLINE.isoformat()
    assert clock["notice_due"] == date(2023, 6, 26).isoformat()  # 5 working days from 06-16: 19, 20, 21, 25, 26
    assert not service.withdrawn(today=DEADLINE)
    assert [r["id"] for r in service.withdrawn(today=date(2023, 6, 29))] == [filed.case_id]

    # a re-run of the machine review changes no decision and no document
    decisions_before = {f["id"]: (f["decision"], f["dismiss_reason"]) for f in service.case_detail(filed.case_id)["submissions"][0]["findings"]}
    if rerun_v1 is None:
        report, pdf, folder = v1
        extra = report.model_copy(deep=True)
        extra.findings.append(Finding(code="pages.gap", severity="error", message="第8页之后缺少第9页", pages=[11], printed_pages=[8]))
        again = service.file_report(extra, pdf, folder)
        assert again.rerun and again.new_findings == 1
    else:
        again = rerun_v1()
        assert again.rerun and again.case_id == filed.case_id
    after = service.case_detail(filed.case_id)
    decisions_after = {f["id"]: (f["decision"], f["dismiss_reason"]) for f in after["submissions"][0]["findings"]}
    assert {k: decisions_after[k] for k in decisions_before} == decisions_before
    assert after["documents"][-1]["content"] == notice["content"] and after["documents"][-1]["doc_number"] == notice["doc_number"]
    assert {p: file_sha(p) for p in documents_before} == documents_before

    # v2 arrives: same applicant, type and master → the case's next submission, diffed against the notice
    filed2 = service.file_report(*v2)
    assert (filed2.case_id, filed2.number, filed2.new_case) == (filed.case_id, 2, False)
    case = service.case_detail(filed.case_id, today=date(2023, 6, 27))
    sub2 = case["submissions"][1]
    diff = sub2["diff"]
    assert diff["notice_number"] == notice["doc_number"]
    assert [p["status"] for p in diff["points"]] == ["resolved", "to_check"]
    assert diff["new_problems"] == []
    assert case["clock"]["deemed_withdrawn"] is False

    for open_finding in [f for f in sub2["findings"] if f["needs_decision"]]:
        service.dismiss_finding(open_finding["id"], "已核对纸质材料，符合要求", REVIEWER)
    service.set_outcome(sub2["id"], "accept", "", REVIEWER)
    acceptance = service.issue(sub2["id"], REVIEWER, issued_on=date(2023, 6, 29))
    assert acceptance["doc_number"] == "深福人社受字〔2023〕1号"
    assert acceptance["doc_number"] in docx_text(acceptance["files"][0]["path"])

    # the round's end
    assert [c["id"] for c in service.candidates()] == [filed.case_id]
    assert service.quota_check()["within"]
    publicity = service.open_publicity(PUBLICITY_START, REVIEWER)
    assert (publicity["start"], publicity["end"]) == (PUBLICITY_START.isoformat(), PUBLICITY_END.isoformat())
    assert publicity["case_ids"] == [filed.case_id] and publicity["in_time"]
    report = service.write_city_report(REVIEWER, issued_on=date(2023, 8, 7))
    assert report["doc_number"] == "深福人社函〔2023〕1号" and not report["late"]
    summary = next(f["path"] for f in report["files"] if f["path"].endswith(".xlsx"))
    cells = [str(c.value) for row in load_workbook(summary).active.iter_rows() for c in row if c.value is not None]
    assert any(case["unit_name"] in c for c in cells)

    # every step in the audit log
    actions = [e["action"] for e in service.case_detail(filed.case_id)["audit"]]
    for action in ("case.open", "submission.file", "submission.received", "finding.confirm", "finding.dismiss",
                   "finding.add", "submission.outcome", "document.draft", "document.issue", "document.served",
                   "submission.rerun"):
        assert action in actions, (action, actions)
    assert actions.count("submission.file") == 2 and actions.count("document.issue") == 2
    everything = [e.action for e in service.audit_log()]
    assert "round.publicity" in everything and everything[-1] == "document.issue"
    return filed.case_id
