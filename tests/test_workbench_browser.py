"""The workbench in a real browser (Playwright driving Debian's /usr/bin/chromium, never a
downloaded one) on dossiers generated as scans and reviewed by the real pipeline.

One officer's whole sitting: log in, open the case, dismiss the machine finding the
officer judges false, confirm the others, add one by drawing a box on a page, watch the
notice preview follow the decisions, issue the notice (文号), download the Word file and
check it holds exactly the confirmed and added items with their printed page numbers,
record 送达; then drop the v2 file on the case page, watch it being read on the board,
see the resubmission view, accept v2 and open the 公示 of the candidate list. Every page is photographed at 1366×768 into
`WORKBENCH_SCREENS` (default: the test's temporary folder) for a person to look at.

Slow: v1 is reviewed once for the module, v2 once through the browser's upload — real
OCR on two 12-page scans.
"""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from datetime import date
from pathlib import Path

import pytest

from casefile.service import CaseService
from casefile.store import open_engine
from casefile_workflow import docx_text
from factory import DossierSpec, generate_dossier
from kernel.settings import Settings, get_settings

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.slow, pytest.mark.ci, pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.is_file(), reason="Debian's chromium is not installed (bench/system-deps.sh)"),
]
playwright_api = pytest.importorskip("playwright.sync_api")

SEED = 4102
V1_DEFECTS = ["toc.page_mismatch", "field.inconsistent"]
REVIEWER, PASSWORD = "王审核", "审核口令2023"
TODAY = date(2023, 7, 3)  # the Monday after the generated files were received (Fri 06-30)
VIEWPORT = {"width": 1366, "height": 768}
ADDED_PROBLEM = "承诺书法定代表人签名为打印字体，须由本人手写签名"
# A developer re-running this test may keep the OCR results of the two scans between runs
# (the pages are the same for a seed); CI reads every page afresh.
OCR_CACHE = os.environ.get("WORKBENCH_TEST_OCR_CACHE")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def dossiers(tmp_path_factory):
    """v1 generated and reviewed by the real pipeline, its report folder written; v2 generated only."""
    from orchestrator.config import run_config
    from orchestrator.review import review_file
    from outputs.writer import write_report_folder

    root = tmp_path_factory.mktemp("workbench-browser")
    v1 = generate_dossier(DossierSpec("master_studio", seed=SEED, defects=V1_DEFECTS, pages=12, dpi=150), root / "v1")[0]
    v2 = generate_dossier(DossierSpec("master_studio", seed=SEED, defects=[], pages=12, dpi=150), root / "v2")[0]
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DOSSIER_CACHE_DIR", OCR_CACHE or str(root / "ocr-cache"))
        get_settings.cache_clear()
        run_config.cache_clear()
        report = review_file(v1.path, run_config())
        folder = write_report_folder(report, v1.path, root / "reports" / "v1")
    get_settings.cache_clear()
    run_config.cache_clear()
    return root, (report, v1.path, folder, v1.truth), v2


@pytest.fixture
def server(dossiers, tmp_path, monkeypatch):
    """The workbench on a free port of 127.0.0.1, v1 filed, one reviewer with a password."""
    import uvicorn

    from workbench.app import create_workbench
    from workbench.passwords import PasswordBook
    from workbench.settings import WebSettings

    root, (report, pdf, folder, _truth), _v2 = dossiers
    monkeypatch.setenv("DOSSIER_CACHE_DIR", OCR_CACHE or str(root / "ocr-cache"))
    monkeypatch.setenv("DOSSIER_CASE_DIR", str(tmp_path / "cases"))
    get_settings.cache_clear()
    service = CaseService(open_engine(f"sqlite:///{tmp_path / 'cases.sqlite3'}"), Settings(case_dir=tmp_path / "cases"))
    service.add_officer(REVIEWER, ["reviewer"], REVIEWER)
    filed = service.file_report(report, pdf, folder)
    settings = WebSettings(users_file=tmp_path / "users.json", secret_key="test-" * 10, today=TODAY)
    PasswordBook(settings.users_file).set(REVIEWER, PASSWORD)
    port = _free_port()
    uv = uvicorn.Server(uvicorn.Config(create_workbench(service, settings), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    for _ in range(200):
        if uv.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", service, filed.case_id
    uv.should_exit = True
    thread.join(timeout=30)


@pytest.fixture
def screens(tmp_path) -> Path:
    folder = Path(os.environ.get("WORKBENCH_SCREENS") or tmp_path / "screens")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def browser():
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
        yield chromium
        chromium.close()


def _finding(page, code_label: str):
    return page.locator("article.finding", has=page.locator(".code", has_text=code_label)).first


def test_an_officer_clears_a_dossier_in_the_browser(server, dossiers, browser, screens, tmp_path):
    base, service, case_id = server
    _root, (_report, _pdf, _folder, truth), v2 = dossiers
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True, locale="zh-CN")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("dialog", lambda dialog: dialog.accept())

    # log in
    page.goto(base + "/")
    assert page.url.startswith(base + "/login")
    page.screenshot(path=screens / "01-login.png")
    page.fill("input[name=name]", REVIEWER)
    page.fill("input[name=password]", "wrong-password")
    page.click("button[type=submit]")
    assert "姓名或密码不正确" in page.inner_text("main")
    page.fill("input[name=name]", REVIEWER)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/")

    # the board: the case with its machine verdict and clocks
    row = page.locator("#case-rows tr", has_text=truth["unit_name"])
    assert "需补正" in row.inner_text() and "未处理" in row.inner_text()
    page.screenshot(path=screens / "02-board.png")
    page.fill("#q", "没有这个单位")
    page.wait_for_function("document.querySelector('#case-rows').innerText.includes('没有符合条件的案卷')")
    page.fill("#q", truth["credit_code"])
    page.wait_for_function(f"document.querySelector('#case-rows').innerText.includes('{truth['unit_name']}')")
    page.click(f"text={truth['unit_name']}")
    page.wait_for_url(re.compile(rf".*/cases/{case_id}$"))

    # the case page: the machine's errors to decide
    detail = service.case_detail(case_id)
    findings = detail["submissions"][0]["findings"]
    codes = {f["code"] for f in findings if f["severity"] == "error"}
    assert codes == set(V1_DEFECTS), findings
    false_one = next(f for f in findings if f["code"] == "field.inconsistent")
    page.wait_for_load_state("networkidle")  # the thumbnails in view, too
    page.screenshot(path=screens / "03-case.png")

    # clicking a finding shows its page
    card = page.locator(f"#finding-{false_one['id']}")
    card.locator(".msg").click()
    expected_page = false_one["pages"][0]
    assert f"PDF第{expected_page}页" in page.inner_text("#page-label")
    assert f"/pages/{expected_page}.jpg" in page.get_attribute("#page-img", "src")
    page.wait_for_function("document.getElementById('page-img').complete")
    page.screenshot(path=screens / "04-finding-page.png")

    # dismiss the false one with a reason; confirm every other finding that needs a decision
    card.locator("summary", has_text="驳回").click()
    card.locator("select[name=reason]").select_option("机器误读，材料无此问题")
    card.locator("button[value=dismiss]").click()
    page.wait_for_selector(f"#finding-{false_one['id']}.dec-dismissed")
    to_confirm = [f for f in findings if f["needs_decision"] and f["id"] != false_one["id"]]
    for f in to_confirm:
        page.locator(f"#finding-{f['id']} button[value=confirm]").click()
        page.wait_for_selector(f"#finding-{f['id']}.dec-confirmed")

    # add a finding by drawing a box on the commitment letter's page
    commitment = next(p for p in truth["parts"] if p["item"] == "commitment_letter")
    drawn_page = commitment["pages"][0]
    printed_number = next(p["printed_number"] for p in truth["pages"] if p["index"] == drawn_page)
    page.click(f".thumb[data-page='{drawn_page}']")
    page.wait_for_function("document.getElementById('page-img').complete")
    page.click("#zoom-out")
    page.click("#zoom-out")  # 50%: the whole page in view
    assert page.inner_text("#zoom-label") == "50%"
    page.click("#draw-btn")
    box = page.locator("#page-wrap").bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.55, box["y"] + box["height"] * 0.70)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.75, box["y"] + box["height"] * 0.78, steps=5)
    page.mouse.up()
    assert f"第{printed_number}页" in page.inner_text("#draw-status")
    form = page.locator("#add-finding form")
    form.locator("select[name=item]").select_option("commitment_letter")
    form.locator("textarea[name=problem]").fill(ADDED_PROBLEM)
    page.screenshot(path=screens / "05-drawn-box.png")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("article.finding:has-text('" + ADDED_PROBLEM + "')")
    added = next(f for f in service.case_detail(case_id)["submissions"][0]["findings"] if f["origin"] == "officer")
    assert added["printed_pages"] == [printed_number]

    # the outcome and the live preview of the notice
    page.click("button[data-tab=t-docs]")
    page.select_option("#outcome", "correction")
    page.click("form.outcome button")
    page.wait_for_selector("#preview iframe")
    preview = page.frame_locator("#preview iframe").locator("body").inner_text()
    assert ADDED_PROBLEM in preview and "补正材料通知书" in preview
    page.screenshot(path=screens / "06-preview.png")

    # issue it: a 文号; download the Word file
    page.click("#issue-btn")
    page.wait_for_selector(".doc.status-issued")
    notice = next(d for d in service.case_detail(case_id)["documents"] if d["kind"] == "correction")
    assert notice["doc_number"] == "深福人社补字〔2023〕1号"
    page.click("button[data-tab=t-docs]")
    assert notice["doc_number"] in page.inner_text("#documents")
    page.screenshot(path=screens / "07-issued.png")
    with page.expect_download() as download_info:
        page.click("text=下载Word")
    word = tmp_path / "notice.docx"
    download_info.value.save_as(word)
    text = docx_text(word)
    points = notice["content"]["points"]
    decided = service.case_detail(case_id)["submissions"][0]["findings"]
    confirmed = [f["id"] for f in decided if f["decision"] == "confirmed"]
    assert sorted(p["finding_id"] for p in points) == sorted(confirmed)
    assert false_one["id"] not in [p["finding_id"] for p in points]
    for point in points:
        assert point["problem"] in text, (point, text)
        for label in point["printed_pages"]:
            assert f"第{label}页" in text, (label, text)
    assert ADDED_PROBLEM in text and f"第{printed_number}页" in text
    assert len(re.findall(r"^\s*[（(]?[一二三四五六七八九十\d]+[)）．.、]", text, re.M)) >= len(points)
    assert false_one["message"].split("（")[0] not in text

    # print view and 送达
    with context.expect_page() as printed_info:
        page.click("text=打印版")
    printed = printed_info.value
    printed.wait_for_load_state()
    assert notice["doc_number"] in printed.inner_text("body")
    printed.set_viewport_size(VIEWPORT)
    printed.screenshot(path=screens / "08-print-view.png")
    printed.close()
    page.click("button[data-tab=t-docs]")
    page.fill("input[name=served_on]", "2023-07-04")
    page.click("text=登记送达")
    page.wait_for_load_state()
    page.wait_for_function("document.body.innerText.includes('直接送达 2023-07-04')")

    # v2 dropped on the case page, read live on the board, then the resubmission view
    page.set_input_files("#case-upload input[type=file]", str(v2.path))
    page.click("#case-upload button")
    page.wait_for_selector("#flash .flash.ok")
    assert "正在审查" in page.inner_text("#flash")
    page.goto(base + "/")
    page.wait_for_selector("#reading .reading-row")
    page.screenshot(path=screens / "09-board-reading.png")
    page.wait_for_selector("#reading .state-done", timeout=600_000)
    assert "已登记为补正材料 v2" in page.inner_text("#reading")
    page.click("#reading a:has-text('打开案卷')")
    page.wait_for_url(re.compile(rf".*/cases/{case_id}$"))
    page.click("a.compare")
    page.wait_for_url(re.compile(r".*/compare\?v=2$"))
    body = page.inner_text("main")
    diff = service.case_detail(case_id)["submissions"][1]["diff"]
    assert diff["notice_number"] == notice["doc_number"] and "深福人社补字〔2023〕1号" in body
    assert len(diff["points"]) == len(points)
    for p in diff["points"]:
        assert p["problem"] in body
    assert "已补正" in body and "需人工核对" in body  # the machine's point is gone; the drawn one needs a person
    page.screenshot(path=screens / "10-compare.png")

    # v2 accepted: the case becomes a candidate; the 公示 is opened from the round page
    page.goto(f"{base}/cases/{case_id}?v=2")
    for f in service.case_detail(case_id)["submissions"][1]["findings"]:
        if f["needs_decision"]:
            card = page.locator(f"#finding-{f['id']}")
            card.locator("summary", has_text="驳回").click()
            card.locator("button[value=dismiss]").click()
            page.wait_for_selector(f"#finding-{f['id']}.dec-dismissed")
    assert page.inner_text("#undecided-count") == "0待决定"
    page.click("button[data-tab=t-docs]")
    page.select_option("#outcome", "accept")
    page.click("form.outcome button")
    page.wait_for_selector("#preview iframe")
    assert "受理通知书" in page.frame_locator("#preview iframe").locator("body").inner_text()
    page.click("#issue-btn")
    page.wait_for_selector(".doc.status-issued")
    assert "深福人社受字〔2023〕1号" in page.inner_text("#documents")
    page.goto(base + "/round")
    assert truth["unit_name"] in page.inner_text("main")
    page.fill("input[name=start]", "2023-07-31")
    page.click("text=生成公示")
    page.wait_for_function("document.body.innerText.includes('公示期 2023-07-31 至 2023-08-04')")
    page.screenshot(path=screens / "11-round.png")
    page.goto(base + "/officers")
    page.screenshot(path=screens / "12-officers.png")
    actors = {e["actor"] for e in service.case_detail(case_id)["audit"]
              if e["action"].startswith(("finding.", "document.", "submission.outcome"))}
    assert actors == {REVIEWER}
    assert errors == []
    context.close()
