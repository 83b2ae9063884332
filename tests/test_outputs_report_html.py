"""report.html: what the reviewer sees for one dossier."""

from __future__ import annotations

import re

import pytest
from test_outputs_samples import (
    ID_NUMBER,
    NASTY,
    accept_report,
    correction_report,
    ineligible_report,
    make_pdf,
    review_report,
    unreadable_report,
)

from outputs.report_html import render_report_html
from outputs.thumbnails import render_thumbnails


@pytest.fixture(scope="module")
def pdf(tmp_path_factory):
    return make_pdf(tmp_path_factory.mktemp("pdf") / "dossier.pdf")


@pytest.fixture(scope="module")
def html(pdf):
    report = correction_report()
    return render_report_html(report, render_thumbnails(pdf, report), has_notice=True)


def test_verdict_on_top(html):
    header = html[: html.index("<main>")]
    assert 'class="verdict v-correction"' in header and "需补正" in header
    assert "错误 <b>7</b> 项" in header and "警告 <b>2</b> 项" in header and "待人工核对 <b>0</b> 项" in header


def test_findings_cite_printed_pages_with_the_pdf_index_as_a_hint(html):
    assert '<a href="#page-6">第4页（PDF第6页）</a>' in html
    assert '<a href="#page-4">PDF第4页</a>' in html  # page 4 has no printed number
    assert "置信度 0.97" in html


def test_review_findings_have_their_own_group_with_evidence():
    report = review_report()
    html = render_report_html(report, [], has_notice=False)
    header = html[: html.index("<main>")]
    assert 'class="verdict v-review"' in header and "待人工核对" in header and "待人工核对 <b>2</b> 项" in header
    headings = re.findall(r"<h3>(\S+?)（(\d+)）</h3>", html)
    assert headings[0] == ("待人工核对", "2")  # apart from the code groups, whatever the codes
    group = html[html.index('id="review"'): html.index("</section>", html.index('id="review"'))]
    assert "承诺书日期未能识别" in group and "PDF第4页页码识别为7" in group
    assert '<a href="#page-6">第4页（PDF第6页）</a>' in group and "置信度 0.40" in group
    assert "文件名含" not in group  # the warning stays in its own group


def test_ineligible_banner_says_why_and_offers_no_notice():
    html = render_report_html(ineligible_report(), [], has_notice=False)
    header = html[: html.index("<main>")]
    assert 'class="verdict v-ineligible"' in header and "不符合申报条件" in header
    assert "不出具补正材料通知书" in html and "领办人技能等级为高级工，低于技师" in html
    assert "notice.docx" not in html


def test_findings_grouped_in_order_with_page_links(html):
    headings = re.findall(r"<h3>(\S+?)（(\d+)）</h3>", html)
    assert headings == [("文件", "1"), ("目录", "2"), ("页码", "2"), ("材料", "1"), ("字段", "3")]
    assert '<a href="#page-6">6</a>' in html
    assert html.index("页面无页码") < html.index("空白页")  # errors before warnings in a group


def test_toc_and_checklist_tables(html):
    assert "二、营业执照" in html and "页码不符" in html and "未找到" in html
    assert re.search(r"承诺书 <span class=\"muted\">commitment_letter</span></td>\s*<td>必备</td>\s*<td class=\"st-missing\">缺失", html)
    assert re.search(r"荣誉证书.*?</td>\s*<td>如有</td>", html)


def test_fields_low_confidence_invalid_and_notes(html):
    row = re.search(r"<tr class=\"low \">.*?</tr>", html, re.S).group(0)
    assert "统一社会信用代码" in row and "0.71" in row and "偏低" in row
    assert "OCR 纠正：O→0（第9位）" in row
    invalid = re.search(r"<tr class=\" invalid\">.*?</tr>", html, re.S).group(0)
    assert "法定代表人身份证号码" in invalid and "无效" in invalid


def test_report_shows_id_numbers_whole(html):
    assert ID_NUMBER[:-1] in html  # only the register and index mask them


def test_thumbnails_with_evidence_and_finding_marks(html):
    figures = re.findall(r'<figure class="thumb ([a-z]*)" id="page-(\d+)">', html)
    assert [int(p) for _, p in figures] == [1, 2, 3, 4, 5, 6]
    assert dict((int(p), c) for c, p in figures)[4] == "err" and dict((int(p), c) for c, p in figures)[1] == ""
    assert html.count("data:image/jpeg;base64,") == 6
    assert 'class="box bad" style="left:28.56%;top:13.3%' in html  # the invalid ID number, page 6
    assert "印刷页码 3" in html


def test_self_contained(html):
    assert not re.search(r"(?:src|href)\s*=\s*\"(?:https?:)?//", html)
    assert "url(http" not in html and "@import" not in html
    assert "@media print" in html


def test_accept_and_unreadable_render(pdf, tmp_path):
    ok = render_report_html(accept_report(), render_thumbnails(pdf, accept_report()), has_notice=False)
    assert "v-accept" in ok and "notice.docx" not in ok
    bad_pdf = tmp_path / "bad.pdf"
    bad_pdf.write_bytes(b"not a pdf")
    assert render_thumbnails(bad_pdf, unreadable_report()) == []
    bad = render_report_html(unreadable_report(), [], has_notice=False)
    assert "无法读取" in bad and "无法生成页面缩略图" in bad and "损坏的文件.pdf" in bad


def test_hostile_unit_name_is_escaped(pdf):
    report = correction_report(NASTY)
    html = render_report_html(report, render_thumbnails(pdf, report), has_notice=True)
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&#34;引号&#34;&#39;公司&#39;" in html


def test_an_absent_optional_material_is_not_shown_as_missing():
    from kernel.models import ItemStatus

    report = accept_report()
    report.items = [ItemStatus(id="master_honors", title="领办人荣誉证书", required=False, status="missing")]
    html = render_report_html(report, [], has_notice=False)

    assert "未提供（非必备）" in html and 'class="st-missing"' not in html


def test_seals_on_thumbnails_and_their_names_beside_the_unit(pdf):
    from kernel.models import Seal, SealReport, SignatureField
    from outputs.report_json import validate_report

    report = correction_report()
    report.seals = SealReport(pages=[3, 5], seals=[
        Seal(page=3, box=(300, 400, 400, 500), shape="round", colour="red", confidence=0.95, text=report.applicant.unit_name,
             text_confidence=0.97, matches_applicant=True),
        Seal(page=5, box=(100, 600, 200, 700), shape="round", colour="grey", confidence=0.9, text="深圳市汇丰达企业管理咨询有限公司",
             text_confidence=0.95, matches_applicant=False),
    ], signatures=[SignatureField(page=3, label="法定代表人（签字）", box=(420, 420, 520, 460), present=False, confidence=0.8)])
    validate_report(report.to_json_dict())
    html = render_report_html(report, render_thumbnails(pdf, report), has_notice=True)
    assert html.count('class="box  seal"') == 1 and html.count('class="box bad seal"') == 1
    assert 'class="box bad signature"' in html and "法定代表人（签字）：未签字" in html
    facts = html[html.index("<dt>申报单位</dt>"):html.index("<dt>统一社会信用代码</dt>")]
    assert f"“{report.applicant.unit_name}”（与单位名称相符）" in facts
    assert "“深圳市汇丰达企业管理咨询有限公司”（非申报单位印章）" in facts and "PDF第5页" in facts
