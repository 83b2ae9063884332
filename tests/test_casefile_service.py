"""The case file's service on SQLite and on a real PostgreSQL 15, with hand-made machine reports.

The reports here are made by hand (the case file isolated from the pipeline: what it
files is a `Report`, whatever produced it); tests/test_casefile_end_to_end.py runs the same
course on reports of generated scans reviewed with real OCR.
"""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from casefile.numbering import next_number
from casefile.service import CaseError, CaseService
from casefile.store import open_engine, session_factory
from casefile_fixtures import postgres_server, store_url  # noqa: F401  (fixtures)
from casefile_workflow import APPROVER, REVIEWER, run_workflow
from kernel.models import Applicant, FieldValue, Finding, Report, Source
from kernel.settings import Settings

UNIT, CODE, MASTER = "深圳市鹏程精密模具有限公司", "91440300MA5F1234X7", "陈建华"


def hand_made_report(tmp_path: Path, name: str, findings: list[Finding], master: str = MASTER) -> tuple[Report, Path, Path]:
    """A report as the machine writes it for a studio's file, and that file."""
    pdf = tmp_path / name / f"{UNIT}.pdf"
    pdf.parent.mkdir(parents=True)
    pdf.write_bytes(f"%PDF-1.4 {name} {master}".encode())
    report = Report(
        source=Source(filename=pdf.name, sha256=None, pages=30, received="2023-06-16"),
        carrier_type="master_studio", applicant=Applicant(unit_name=UNIT, credit_code=CODE),
        verdict="correction" if findings else "accept",
        fields=[FieldValue(id="master_name", value=master, page=4), FieldValue(id="master_id_number", value="11010519491231002X", page=9)],
        findings=findings,
    )
    return report, pdf, pdf.parent


V1_FINDINGS = [
    Finding(code="toc.page_mismatch", severity="error", item="work_plan", pages=[19], printed_pages=[16],
            message="目录第14项“工作方案”标注第14页，实际位于第16页（PDF第19页）"),
    Finding(code="field.invalid", severity="error", item="master_id", pages=[9], printed_pages=[6],
            message="领办人身份证号码“11010519491231002X”校验位不符，已尝试常见OCR误识修正"),
    Finding(code="field.unread", severity="review", item="venue_proof", pages=[12], printed_pages=[9],
            message="未能读取场地面积"),
]


def service_on(url: str, tmp_path: Path, **settings) -> CaseService:
    return CaseService(open_engine(url), Settings(case_dir=tmp_path / "cases", **settings))


def test_the_officers_course_from_v1_to_the_city_report(store_url, tmp_path):
    service = service_on(store_url, tmp_path)
    v1 = hand_made_report(tmp_path, "v1", V1_FINDINGS)
    v2 = hand_made_report(tmp_path, "v2", [])
    case_id = run_workflow(service, v1, v2)
    detail = service.case_detail(case_id)
    assert [s["label"] for s in detail["submissions"]] == ["v1", "v2"]
    # ID numbers never leave the store unmasked: not in the audit log, not in the API's texts
    assert "11010519491231002X" not in str(detail)
    assert "110105********002X" in str(detail["submissions"][0]["findings"])


def test_a_document_needs_every_machine_finding_decided_and_no_machine_wording(tmp_path):
    service = service_on(f"sqlite:///{tmp_path / 'c.sqlite3'}", tmp_path)
    service.add_officer(REVIEWER, ["reviewer"], REVIEWER)
    filed = service.file_report(*hand_made_report(tmp_path, "v1", V1_FINDINGS))
    sub = service.case_detail(filed.case_id)["submissions"][0]
    ids = [f["id"] for f in sub["findings"]]
    service.set_outcome(sub["id"], "correction", "", REVIEWER)
    with pytest.raises(CaseError, match="3条机器发现未经审核"):
        service.draft_document(sub["id"], REVIEWER)
    service.confirm_finding(ids[0], REVIEWER)
    service.confirm_finding(ids[1], REVIEWER)
    service.dismiss_finding(ids[2], "已核对纸质材料，符合要求", REVIEWER)
    draft = service.draft_document(sub["id"], REVIEWER)
    problems = [p["problem"] for p in draft["content"]["points"]]
    assert problems[0] == "目录第14项“工作方案”标注第14页，实际位于第16页"  # the PDF hint goes with the point, not in it
    assert draft["content"]["points"][0]["pdf_pages"] == [19]
    assert "OCR" not in problems[1] and "校验位不符" in problems[1]
    # a decision changed after drafting: the draft is stale and cannot be issued
    service.edit_finding(ids[1], REVIEWER, problem="领办人身份证复印件号码不清晰，无法核对")
    with pytest.raises(CaseError, match="请重新生成草稿"):
        service.issue_document(draft["id"], REVIEWER, date(2023, 6, 19))
    with pytest.raises(CaseError, match="驳回须写明理由"):
        service.dismiss_finding(ids[0], " ", REVIEWER)
    with pytest.raises(CaseError, match="不是已登记的工作人员"):
        service.confirm_finding(ids[0], "路人甲")


def test_issuing_by_a_second_person_when_the_district_requires_it(tmp_path):
    service = service_on(f"sqlite:///{tmp_path / 'c.sqlite3'}", tmp_path, case_issue_needs_approval=True)
    service.add_officer(REVIEWER, ["reviewer"], REVIEWER)
    service.add_officer(APPROVER, ["approver"], REVIEWER)
    service.add_officer("赵双岗", ["reviewer", "approver"], REVIEWER)
    filed = service.file_report(*hand_made_report(tmp_path, "v1", []))
    sub = service.case_detail(filed.case_id)["submissions"][0]
    service.set_outcome(sub["id"], "accept", "", "赵双岗")
    with pytest.raises(CaseError, match="须经另一名审批人员签发"):
        service.issue(sub["id"], "赵双岗")
    draft = service.draft_document(sub["id"], "赵双岗")
    with pytest.raises(CaseError, match="不是审批人员"):
        service.issue_document(draft["id"], REVIEWER, date(2023, 6, 19))
    with pytest.raises(CaseError, match="起草人不能自行签发"):
        service.issue_document(draft["id"], "赵双岗", date(2023, 6, 19))
    issued = service.issue_document(draft["id"], APPROVER, date(2023, 6, 19))
    assert issued["doc_number"] == "深福人社受字〔2023〕1号" and issued["issued_by"] == APPROVER
    with pytest.raises(CaseError, match="不能再修改"):
        service.set_outcome(sub["id"], "correction", "", "赵双岗")


def test_a_studio_of_another_master_is_another_case_and_a_voided_number_is_never_given_again(tmp_path):
    service = service_on(f"sqlite:///{tmp_path / 'c.sqlite3'}", tmp_path)
    service.add_officer(REVIEWER, ["reviewer"], REVIEWER)
    first = service.file_report(*hand_made_report(tmp_path, "a", []))
    second = service.file_report(*hand_made_report(tmp_path, "b", [], master="林晓梅"))
    assert second.new_case and second.case_id != first.case_id
    numbers = []
    for filed in (first, second):
        sub = service.case_detail(filed.case_id)["submissions"][0]
        service.set_outcome(sub["id"], "accept", "", REVIEWER)
        numbers.append(service.issue(sub["id"], REVIEWER, date(2023, 6, 19)))
    service.void_document(numbers[0]["id"], "受理对象有误", REVIEWER)
    sub = service.case_detail(first.case_id)["submissions"][0]
    service.set_outcome(sub["id"], "accept", "重新受理", REVIEWER)
    again = service.issue(sub["id"], REVIEWER, date(2023, 6, 20))
    assert [d["doc_number"] for d in numbers] + [again["doc_number"]] == [
        "深福人社受字〔2023〕1号", "深福人社受字〔2023〕2号", "深福人社受字〔2023〕3号"]
    assert [c["id"] for c in service.candidates()] == [first.case_id, second.case_id]


def test_overdue_correction_is_deemed_withdrawn_and_a_late_deadline_is_warned(tmp_path):
    service = service_on(f"sqlite:///{tmp_path / 'c.sqlite3'}", tmp_path)
    service.add_officer(REVIEWER, ["reviewer"], REVIEWER)
    filed = service.file_report(*hand_made_report(tmp_path, "v1", V1_FINDINGS[:1]))
    sub = service.case_detail(filed.case_id)["submissions"][0]
    service.confirm_received(sub["id"], date(2023, 7, 24), REVIEWER)
    service.confirm_finding(sub["findings"][0]["id"], REVIEWER)
    service.set_outcome(sub["id"], "correction", "", REVIEWER)
    notice = service.issue(sub["id"], REVIEWER, date(2023, 7, 25))
    service.record_service(notice["id"], date(2023, 7, 26), "邮寄送达", REVIEWER)
    row = service.list_cases(today=date(2023, 7, 27))[0]
    assert row["clock"]["correction_deadline"] == "2023-08-02"
    assert row["clock"]["late_for_round"] and any("无法在2023-08-07上报市局前完成" in w for w in row["warnings"])
    assert [r["id"] for r in service.withdrawn(today=date(2023, 8, 3))] == [filed.case_id]
    with pytest.raises(CaseError, match="只有补正期限已过"):
        service.mark_withdrawn(filed.case_id, "", REVIEWER, today=date(2023, 8, 2))
    service.mark_withdrawn(filed.case_id, "逾期未补正", REVIEWER, today=date(2023, 8, 3))
    assert service.list_cases(status="withdrawn")[0]["id"] == filed.case_id


def test_the_notice_limit_of_five_working_days_is_warned(tmp_path):
    service = service_on(f"sqlite:///{tmp_path / 'c.sqlite3'}", tmp_path)
    service.file_report(*hand_made_report(tmp_path, "v1", V1_FINDINGS[:1]))  # received 2023-06-16
    assert service.list_cases(today=date(2023, 6, 21))[0]["warnings"] == []
    assert "将至" in service.list_cases(today=date(2023, 6, 25))[0]["warnings"][0]
    assert "即为受理" in service.list_cases(today=date(2023, 6, 27))[0]["warnings"][0]


def test_the_audit_log_is_append_only(store_url, tmp_path):
    service = service_on(store_url, tmp_path)
    service.add_officer(REVIEWER, ["reviewer"], REVIEWER)
    with pytest.raises(DBAPIError, match="append-only"):
        with service.engine.begin() as conn:
            conn.execute(text("UPDATE audit_log SET actor = 'x'"))
    with pytest.raises(DBAPIError, match="append-only"):
        with service.engine.begin() as conn:
            conn.execute(text("DELETE FROM audit_log"))
    assert [e.action for e in service.audit_log()] == ["officer.add"]


def test_doc_numbers_taken_at_the_same_time_are_consecutive_and_distinct(store_url, tmp_path):
    engine = open_engine(store_url)
    sessions = session_factory(engine)
    taken: list[int] = []
    failures: list[BaseException] = []

    def issue_many() -> None:
        try:
            for _ in range(15):
                with sessions.begin() as s:
                    taken.append(next_number(s, "福田区", 2023, "深福人社补字"))
        except BaseException as exc:  # noqa: BLE001  (reported below)
            failures.append(exc)

    threads = [threading.Thread(target=issue_many) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    assert sorted(taken) == list(range(1, 61))
    with sessions.begin() as s:
        assert next_number(s, "福田区", 2024, "深福人社补字") == 1  # a new year starts again


def test_an_upheld_objection_strikes_a_candidate_off_the_report_to_the_city(tmp_path):
    service = service_on(f"sqlite:///{tmp_path / 'c.sqlite3'}", tmp_path)
    service.add_officer(REVIEWER, ["reviewer"], REVIEWER)
    cases = []
    for name, master in (("a", MASTER), ("b", "林晓梅")):
        filed = service.file_report(*hand_made_report(tmp_path, name, [], master=master))
        sub = service.case_detail(filed.case_id)["submissions"][0]
        service.set_outcome(sub["id"], "accept", "", REVIEWER)
        service.issue(sub["id"], REVIEWER, date(2023, 6, 19))
        cases.append(filed.case_id)
    with pytest.raises(CaseError, match="尚未公示"):
        service.write_city_report(REVIEWER, date(2023, 8, 7))
    publicity = service.open_publicity(date(2023, 8, 2), REVIEWER)
    assert publicity["end"] == "2023-08-08" and not publicity["in_time"]  # ends after the report date: warned
    objection = service.record_objection(cases[1], date(2023, 8, 3), "该工作室领办人已离职", REVIEWER)
    with pytest.raises(CaseError, match="公示结束后"):
        service.write_city_report(REVIEWER, date(2023, 8, 8))
    with pytest.raises(CaseError, match="1件异议未处理"):
        service.write_city_report(REVIEWER, date(2023, 8, 9))
    service.resolve_objection(objection["id"], True, "经核实，领办人已于2023年7月离职", REVIEWER)
    assert [c["id"] for c in service.candidates()] == [cases[0]]
    report = service.write_city_report(REVIEWER, date(2023, 8, 9))
    assert report["content"]["case_ids"] == [cases[0]] and report["late"]
    assert service.round_status()["city_report"]["doc_number"] == "深福人社函〔2023〕1号"


def test_a_second_notice_lists_only_what_is_still_open(tmp_path):
    service = service_on(f"sqlite:///{tmp_path / 'c.sqlite3'}", tmp_path)
    service.add_officer(REVIEWER, ["reviewer"], REVIEWER)
    still_wrong = V1_FINDINGS[0]
    filed = service.file_report(*hand_made_report(tmp_path, "v1", V1_FINDINGS[:2]))
    sub1 = service.case_detail(filed.case_id)["submissions"][0]
    for f in sub1["findings"]:
        service.confirm_finding(f["id"], REVIEWER)
    service.add_finding(sub1["id"], REVIEWER, "承诺书", "承诺书未加盖申报单位公章", [5, 6, 7], item="commitment_letter")
    service.set_outcome(sub1["id"], "correction", "", REVIEWER)
    first = service.issue(sub1["id"], REVIEWER, date(2023, 6, 19))
    assert [p["printed_pages"] for p in first["content"]["points"]] == [["16"], ["6"], ["5-7"]]

    new_problem = Finding(code="pages.gap", severity="error", message="第8页之后缺少第9页", pages=[11], printed_pages=[8])
    service.file_report(*hand_made_report(tmp_path, "v2", [still_wrong, new_problem]))
    sub2 = service.case_detail(filed.case_id)["submissions"][1]
    assert [p["status"] for p in sub2["diff"]["points"]] == ["open", "resolved", "to_check"]
    assert sub2["diff"]["new_problems"] == ["第8页之后缺少第9页"]
    carried = service.carry_forward(sub2["id"], [3], REVIEWER)
    assert carried[0]["printed_pages"] == [5, 6, 7] and carried[0]["decision"] == "confirmed"
    open_point, gap = (f["id"] for f in sub2["findings"])
    service.confirm_finding(open_point, REVIEWER)
    service.dismiss_finding(gap, "机器误读，材料无此问题", REVIEWER)
    service.set_outcome(sub2["id"], "correction", "", REVIEWER)
    second = service.issue(sub2["id"], REVIEWER, date(2023, 6, 30))
    assert second["doc_number"] == "深福人社补字〔2023〕2号"
    assert [(p["code"], p["material"]) for p in second["content"]["points"]] == [
        ("toc.page_mismatch", "申报材料目录"), (None, "承诺书")]


def test_the_filing_hook_files_and_never_costs_a_report(tmp_path, monkeypatch, caplog):
    from casefile.intake import file_automatically
    from kernel.settings import get_settings

    report, pdf, folder = hand_made_report(tmp_path, "v1", V1_FINDINGS)
    monkeypatch.setenv("DOSSIER_CASE_DIR", str(tmp_path / "cases"))
    get_settings.cache_clear()
    first = file_automatically(report, pdf, folder)
    again = file_automatically(report, pdf, folder)
    assert first.new_case and not first.rerun and again.rerun and again.new_findings == 0
    monkeypatch.setenv("DOSSIER_CASE_FILING", "false")
    get_settings.cache_clear()
    assert file_automatically(report, pdf, folder) is None
    monkeypatch.setenv("DOSSIER_CASE_FILING", "true")
    monkeypatch.setenv("DOSSIER_CASE_DB_URL", "postgresql+psycopg://nobody@127.0.0.1:1/cases")
    get_settings.cache_clear()
    assert file_automatically(report, pdf, folder) is None
    assert "未能登记到案卷" in caplog.text and "11010519491231002X" not in caplog.text
