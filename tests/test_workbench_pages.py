"""The workbench's pages over HTTP (FastAPI's TestClient), on the real case service with a
SQLite store and a real PDF, the review itself replaced by a hand-made report (the browser
test, test_workbench_browser.py, runs on real reviews): logins, sessions and CSRF, the API
acting as the logged-in officer, the proxy header, the board's filters, page images,
findings drawn on a page, the live preview, uploads refused with a reason."""

from __future__ import annotations

import json
import re
import stat
from pathlib import Path
from urllib.parse import quote

import pymupdf
import pytest
from fastapi.testclient import TestClient

from casefile.api import USER_HEADER
from casefile.service import CaseService
from casefile.store import open_engine
from kernel.models import ItemStatus
from kernel.settings import Settings
from test_casefile_service import CODE, UNIT, V1_FINDINGS, hand_made_report
from workbench.app import create_workbench
from workbench.passwords import PasswordBook, hash_password, verify_password
from workbench.settings import WebSettings

REVIEWER, PASSWORD = "王审核", "correct-horse-1"
PAGES = 30
PRINTED = [None, None] + list(range(1, PAGES - 1))  # cover and 目录 unnumbered, then 1…28


@pytest.fixture
def filed(tmp_path):
    """A studio's v1 (a real 30-page PDF) filed with three machine findings; one reviewer."""
    report, pdf, folder = hand_made_report(tmp_path, "v1", V1_FINDINGS)
    doc = pymupdf.open()
    for i in range(PAGES):
        doc.new_page().insert_text((280, 800), f"- {PRINTED[i]} -" if PRINTED[i] else "")
    doc.save(pdf)
    report.pagination.printed = PRINTED
    report.items = [ItemStatus(id="commitment_letter", title="承诺书", required=True, status="present", pages=[9]),
                    ItemStatus(id="work_plan", title="工作方案", required=True, status="present", pages=[19])]
    service = CaseService(open_engine(f"sqlite:///{tmp_path / 'c.sqlite3'}"), Settings(case_dir=tmp_path / "cases"))
    service.add_officer(REVIEWER, ["reviewer"], REVIEWER)
    service.add_officer("李审批", ["approver"], REVIEWER)
    case_id = service.file_report(report, pdf, folder).case_id
    return service, case_id, tmp_path


def client_for(service: CaseService, tmp_path: Path, **settings) -> TestClient:
    web = WebSettings(users_file=tmp_path / "users.json", secret_key="k" * 40, **settings)
    PasswordBook(web.users_file).set(REVIEWER, PASSWORD)
    return TestClient(create_workbench(service, web))


def logged_in(client: TestClient) -> str:
    """Log in; returns the session's CSRF token, as the pages carry it."""
    assert client.post("/login", data={"name": REVIEWER, "password": PASSWORD}, follow_redirects=False).status_code == 303
    return re.search(r'X-CSRF-Token": "([^"]+)"', client.get("/").text).group(1)


def test_pages_need_a_login_and_every_act_the_sessions_csrf_token(filed):
    service, case_id, tmp_path = filed
    client = client_for(service, tmp_path)
    assert client.get(f"/cases/{case_id}", follow_redirects=False).headers["location"] == f"/login?next=/cases/{case_id}"
    wrong = client.post("/login", data={"name": REVIEWER, "password": "not-it-at-all"}, follow_redirects=False)
    assert wrong.status_code == 401 and "姓名或密码不正确" in wrong.text
    token = logged_in(client)
    sub = service.case_detail(case_id)["submissions"][0]
    finding = sub["findings"][0]
    act = {"action": "confirm", "submission_id": sub["id"]}
    url = f"/cases/{case_id}/findings/{finding['id']}"
    forged = client.post(url, data=act)
    assert forged.status_code == 403 and "请刷新页面" in forged.json()["detail"]
    assert client.post(url, data=act, headers={"X-CSRF-Token": "someone-elses"}).status_code == 403
    from_elsewhere = client.post(url, data=act, headers={"X-CSRF-Token": token, "Origin": "http://evil.example"})
    assert from_elsewhere.status_code == 403
    assert service.case_detail(case_id)["submissions"][0]["findings"][0]["decision"] is None
    done = client.post(url, data=act, headers={"X-CSRF-Token": token, "HX-Request": "true"})
    assert done.status_code == 200 and done.headers["HX-Trigger"] == "decided" and "已确认" in done.text
    assert [(e["actor"], e["action"]) for e in service.case_detail(case_id)["audit"]][-1] == (REVIEWER, "finding.confirm")
    # logging out ends the session: the old token no longer acts
    client.post("/logout", headers={"X-CSRF-Token": token})
    assert client.get("/", follow_redirects=False).status_code == 303


def test_a_login_only_follows_a_path_of_this_site(filed):
    service, _case_id, tmp_path = filed
    client = client_for(service, tmp_path)
    answer = client.post("/login", data={"name": REVIEWER, "password": PASSWORD, "next": "//evil.example/x"},
                         follow_redirects=False)
    assert answer.headers["location"] == "/"


def test_the_api_behind_the_workbench_acts_as_the_logged_in_officer(filed):
    service, case_id, tmp_path = filed
    client = client_for(service, tmp_path)
    assert client.get("/api/cases").status_code == 401
    token = logged_in(client)
    finding = service.case_detail(case_id)["submissions"][0]["findings"][1]
    answer = client.post(f"/api/findings/{finding['id']}/decision", json={"action": "dismiss", "reason": "与其他问题重复"},
                         headers={"X-CSRF-Token": token, USER_HEADER: quote("李审批")})
    assert answer.status_code == 200
    assert service.case_detail(case_id)["audit"][-1]["actor"] == REVIEWER  # not the name the request claimed


def test_the_proxys_header_is_believed_only_from_a_trusted_proxy_and_for_a_registered_officer(filed):
    service, case_id, tmp_path = filed
    trusted = client_for(service, tmp_path, auth="proxy", trusted_proxies=["testclient"])
    assert trusted.get("/", headers={"X-Remote-User": quote(REVIEWER)}).status_code == 200
    assert trusted.get("/", headers={"X-Remote-User": quote("路人甲")}).status_code == 403
    assert trusted.get("/").status_code == 403
    untrusted = client_for(service, tmp_path, auth="proxy", trusted_proxies=["10.0.0.1"])
    refused = untrusted.get("/", headers={"X-Remote-User": quote(REVIEWER)})
    assert refused.status_code == 403 and "反向代理" in refused.text


def test_the_board_lists_filters_and_searches_cases_with_their_clocks(filed):
    service, case_id, tmp_path = filed
    client = client_for(service, tmp_path, today="2023-06-30")
    logged_in(client)
    board = client.get("/").text
    assert UNIT in board and "需补正" in board and "未处理" in board
    assert 'class="overdue"' in board and "已过" in board  # received 06-16: the notice was due 06-26
    rows = {"HX-Request": "true", "HX-Target": "case-rows"}
    assert UNIT in client.get("/", params={"q": CODE}, headers=rows).text
    nothing = client.get("/", params={"q": "另一家公司"}, headers=rows).text
    assert "没有符合条件的案卷" in nothing and "<html" not in nothing
    assert UNIT not in client.get("/", params={"carrier_type": "training_base"}, headers=rows).text
    assert UNIT in client.get("/", params={"outcome": "none", "warnings": "true"}, headers=rows).text


def test_pages_are_rendered_from_the_original_once_and_a_missing_page_is_explained(filed):
    service, case_id, tmp_path = filed
    client = client_for(service, tmp_path)
    logged_in(client)
    sub = service.case_detail(case_id)["submissions"][0]
    first = client.get(f"/cases/{case_id}/submissions/{sub['id']}/pages/7.jpg")
    assert first.status_code == 200 and first.content.startswith(b"\xff\xd8")
    cached = list(Path(service.settings.cache_dir).expanduser().glob(f"workbench-pages/*/{sub['sha256']}/p7-*.jpg"))
    assert len(cached) == 1
    assert client.get(f"/cases/{case_id}/submissions/{sub['id']}/pages/7.jpg").content == first.content
    thumb = client.get(f"/cases/{case_id}/submissions/{sub['id']}/thumbs/7.jpg")
    assert thumb.status_code == 200 and thumb.content.startswith(b"\xff\xd8") and len(thumb.content) < len(first.content)
    missing = client.get(f"/cases/{case_id}/submissions/{sub['id']}/pages/99.jpg")
    assert missing.status_code == 404 and f"共{PAGES}页" in missing.text


def test_a_finding_drawn_on_a_page_cites_its_printed_number_and_keeps_its_box(filed):
    service, case_id, tmp_path = filed
    client = client_for(service, tmp_path)
    token = logged_in(client)
    sub = service.case_detail(case_id)["submissions"][0]
    url = f"/cases/{case_id}/submissions/{sub['id']}/findings"
    act = {"X-CSRF-Token": token, "HX-Request": "true"}
    no_box = client.post(url, data={"item": "commitment_letter", "problem": "承诺书未盖章"}, headers=act)
    assert no_box.status_code == 400 and "画框" in no_box.text and no_box.headers["HX-Retarget"] == "#flash"
    drawn = client.post(url, data={"item": "commitment_letter", "problem": "承诺书未盖章", "page": 9,
                                   "box": "40.5,60,70.25,72.5"}, headers=act)
    assert drawn.status_code == 200 and "第7页" in drawn.text
    added = next(f for f in service.case_detail(case_id)["submissions"][0]["findings"] if f["origin"] == "officer")
    assert added["printed_pages"] == [7] and added["material"] == "承诺书" and added["decision"] == "confirmed"
    page = client.get(f"/cases/{case_id}").text
    card = re.search(rf'id="finding-{added["id"]}"\s+data-pages=\'([^\']*)\' data-boxes=\'([^\']*)\'', page)
    assert json.loads(card.group(1)) == [9]
    assert json.loads(card.group(2)) == [{"page": 9, "box": [40.5, 60.0, 70.25, 72.5]}]
    unnumbered = client.post(url, data={"item": "work_plan", "problem": "工作方案未盖章", "page": 1, "box": "1,1,5,5"},
                             headers=act)
    assert "该页无印刷页码" in unnumbered.text


def test_the_preview_follows_the_decisions_and_holds_only_what_the_officer_confirmed(filed):
    service, case_id, tmp_path = filed
    client = client_for(service, tmp_path, today="2023-06-19")
    token = logged_in(client)
    sub = service.case_detail(case_id)["submissions"][0]
    act = {"X-CSRF-Token": token, "HX-Request": "true"}
    assert "尚未确定处理结果" in client.get(f"/submissions/{sub['id']}/preview").text
    client.post(f"/submissions/{sub['id']}/outcome", data={"outcome": "correction"}, headers=act)
    assert "尚有3条机器发现未经审核" in client.get(f"/submissions/{sub['id']}/preview").text
    toc, invalid, unread = sub["findings"]
    base = f"/cases/{case_id}/findings/"
    client.post(base + str(toc["id"]), data={"action": "confirm", "submission_id": sub["id"]}, headers=act)
    client.post(base + str(invalid["id"]), data={"action": "dismiss", "reason": "机器误读，材料无此问题",
                                                "submission_id": sub["id"]}, headers=act)
    client.post(base + str(unread["id"]), data={"action": "edit", "problem": "场地租赁合同未注明场地面积",
                                               "submission_id": sub["id"]}, headers=act)
    preview = client.get(f"/submissions/{sub['id']}/preview").text
    assert "补正材料通知书" in preview and "（签发时编号）" in preview
    assert "场地租赁合同未注明场地面积" in preview and "第16页" in preview
    assert "校验位" not in preview and "OCR" not in preview
    assert service.case_detail(case_id)["documents"] == []  # a preview is not a draft
    issued = client.post(f"/submissions/{sub['id']}/issue", headers=act)
    assert issued.status_code == 204 and issued.headers["HX-Refresh"] == "true"
    document = service.case_detail(case_id)["documents"][0]
    assert document["doc_number"] == "深福人社补字〔2023〕1号" and document["issued_on"] == "2023-06-19"
    assert client.get(f"/api/documents/{document['id']}/files/0").content.startswith(b"PK")
    assert document["doc_number"] in client.get(f"/documents/{document['id']}/print").text


def test_an_upload_that_is_not_a_pdf_is_refused_with_a_reason(filed):
    service, _case_id, tmp_path = filed
    client = client_for(service, tmp_path)
    token = logged_in(client)
    act = {"X-CSRF-Token": token, "HX-Request": "true"}
    named = client.post("/uploads", files={"files": ("材料.docx", b"PK\x03\x04", "application/octet-stream")}, headers=act)
    assert named.status_code == 400 and "只接收PDF文件" in named.text
    disguised = client.post("/uploads", files={"files": ("材料.pdf", b"<html>", "application/pdf")}, headers=act)
    assert disguised.status_code == 400 and "不是PDF文件" in disguised.text


def test_passwords_are_salted_scrypt_hashes_in_a_file_only_its_owner_reads(tmp_path):
    one, two = hash_password("same password"), hash_password("same password")
    assert one != two and one.startswith("scrypt$") and "same password" not in one
    assert verify_password("same password", one) and not verify_password("same passworD", one)
    assert not verify_password("x", "garbage")
    book = PasswordBook(tmp_path / "users.json")
    book.set("张三", "long enough")
    assert book.check("张三", "long enough") and not book.check("张三", "wrong one") and not book.check("李四", "x")
    assert stat.S_IMODE((tmp_path / "users.json").stat().st_mode) == 0o600


def test_the_resubmission_view_marks_each_point_and_carries_the_open_ones_onto_v2(filed):
    service, case_id, tmp_path = filed
    sub1 = service.case_detail(case_id)["submissions"][0]
    toc, invalid, unread = sub1["findings"]
    service.confirm_finding(toc["id"], REVIEWER)
    service.confirm_finding(invalid["id"], REVIEWER)
    service.dismiss_finding(unread["id"], "已核对纸质材料，符合要求", REVIEWER)
    service.set_outcome(sub1["id"], "correction", "", REVIEWER)
    notice = service.issue(sub1["id"], REVIEWER)
    service.file_report(*hand_made_report(tmp_path, "v2", [V1_FINDINGS[0]]))  # the 目录 still wrong, the ID fixed
    client = client_for(service, tmp_path)
    token = logged_in(client)
    page = client.get(f"/cases/{case_id}/compare", params={"v": 2}).text
    assert notice["doc_number"] in page
    rows = re.findall(r'<tr class="st-(\w+)">', page)
    assert rows == ["open", "resolved"]
    assert page.count('name="points"') == 1  # only the open point can be carried forward
    sub2 = service.case_detail(case_id)["submissions"][1]
    moved = client.post(f"/cases/{case_id}/submissions/{sub2['id']}/carry-forward", data={"points": "1"},
                        headers={"X-CSRF-Token": token, "HX-Request": "true"})
    assert moved.status_code == 204 and moved.headers["HX-Redirect"] == f"/cases/{case_id}?v=2"
    carried = [f for f in service.case_detail(case_id)["submissions"][1]["findings"] if f["origin"] == "officer"]
    assert [(f["code"], f["decision"], f["printed_pages"]) for f in carried] == [("toc.page_mismatch", "confirmed", [16])]
    assert service.case_detail(case_id)["audit"][-1]["actor"] == REVIEWER
