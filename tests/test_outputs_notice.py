"""The 补正材料通知书: content model, Word file and printable HTML."""

from __future__ import annotations

from datetime import date

import docx
import pytest
from test_outputs_samples import NASTY, UNIT, accept_report, correction_report, review_report

from kernel.models import Finding

from outputs.district import load_district_config
from outputs.notice import build_notice
from outputs.notice_docx import write_notice_docx
from outputs.notice_html import render_notice_html

ISSUED = date(2023, 9, 27)  # 5 working days later is 2023-10-10, across 国庆


@pytest.fixture(scope="module")
def district():
    return load_district_config()


@pytest.fixture(scope="module")
def notice(district):
    return build_notice(correction_report(), district, issued_on=ISSUED, received_on=date(2023, 9, 25))


def _all_text(content) -> str:
    return "\n".join([content.intro, content.resubmit] + [i.text for s in content.sections for i in s.items])


def test_defects_split_into_missing_and_form(notice):
    assert [s.heading for s in notice.sections] == ["一、材料不齐全", "二、不符合法定形式"]
    missing, form = notice.sections
    assert [i.material for i in missing.items] == ["承诺书"]  # 目录 entry and checklist merged into one point
    assert len(missing.items[0].problems) == 2
    assert [i.material for i in form.items] == ["电子版申报材料（PDF文件）", "营业执照", "申报材料页码", "法定代表人身份证", "申报表"]


def test_each_defect_names_its_material_and_the_standard(notice, district):
    text = _all_text(notice)
    for code in ("item.missing", "toc.entry_not_found", "toc.page_mismatch", "pages.unnumbered",
                 "file.name_mismatch", "field.inconsistent"):
        standard = district.standards[code].format(material="承诺书")
        assert standard in text, code
    assert "法定代表人身份证所载信息须真实、准确、有效" in text
    assert "申报材料须编制页码，每页均应标注连续页码" in text
    assert "（见PDF第4页）" in text  # no number is printed on it


def test_pages_cited_as_printed_with_the_pdf_index_as_a_hint(notice):
    text = _all_text(notice)
    assert "（见第3页（PDF第5页））" in text  # the 营业执照 page carries printed number 3
    assert "电子版第" not in text


def test_review_findings_never_reach_the_notice(district):
    report = correction_report()
    report.findings += [f for f in review_report().findings if f.severity == "review"]
    text = _all_text(build_notice(report, district, issued_on=ISSUED))
    assert "承诺书日期未能识别" not in text and "页码识别为7" not in text
    assert "申报表单位名称与营业执照不一致" in text


def test_notice_says_nothing_about_how_the_machine_read_the_page(district):
    report = correction_report()
    report.findings.append(Finding(
        code="field.invalid", severity="error", item="application_form", pages=[3], printed_pages=[1],
        message="申报表统一社会信用代码“91350100M000100Y44”（第3页）校验位不符，已尝试常见OCR误识修正，不是有效的统一社会信用代码"))
    text = _all_text(build_notice(report, district, issued_on=ISSUED))
    assert "校验位不符，不是有效的统一社会信用代码（见第1页（PDF第3页））" in text
    assert "OCR" not in text and "误识" not in text


def test_warnings_are_not_defects(notice):
    text = _all_text(notice)
    assert "空白" not in text and "50 m²" not in text


def test_deadline_in_working_days_across_national_day(notice):
    assert notice.deadline == date(2023, 10, 10)
    assert "2023年10月10日前" in notice.resubmit and "5个工作日" in notice.resubmit


def test_header_fields(notice):
    assert notice.applicant == UNIT
    assert notice.doc_number == "深福人社补字〔2023〕____号"
    assert "2023年9月25日收到" in notice.intro
    assert "技能大师工作室" in notice.intro
    assert "第三十一条、第三十二条" in notice.intro and "深人社函〔2023〕110号" in notice.intro
    assert notice.issued_text == "2023年9月27日"


def test_deadline_without_calendar_falls_back_to_working_days(district):
    content = build_notice(correction_report(), district, issued_on=date(2026, 12, 28))
    assert content.deadline is None
    assert "5个工作日内" in content.resubmit and "前（" not in content.resubmit


def test_no_notice_without_errors(district):
    with pytest.raises(ValueError):
        build_notice(accept_report(), district, issued_on=ISSUED)


def test_docx_is_editable_and_carries_every_field(notice, tmp_path):
    path = write_notice_docx(notice, tmp_path / "notice.docx")
    text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    for expected in (
        "补正材料通知书", "深福人社补字〔2023〕____号", f"{UNIT}：", "2023年9月25日收到",
        "一、材料不齐全", "二、不符合法定形式", "1. 承诺书：", "补正要求：", "申报材料须编制页码，每页均应标注连续页码",
        "2023年10月10日前", "视为你单位撤回本次申请", "联系人：李工", "0755-8291 8888",
        "深圳市福田区人力资源局（盖章）", "2023年9月27日", "签收人（签名）", "签收日期", "一式两份",
    ):
        assert expected in text, expected


def test_docx_and_html_say_the_same(notice, tmp_path):
    html = render_notice_html(notice)
    for section in notice.sections:
        assert section.heading in html
        for item in section.items:
            assert item.text.replace("“", "").split("：")[0] in html
    assert notice.resubmit in html and notice.consequence in html


def test_hostile_unit_name_is_text(district, tmp_path):
    content = build_notice(correction_report(NASTY), district, issued_on=ISSUED)
    html = render_notice_html(content)
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    path = write_notice_docx(content, tmp_path / "notice.docx")
    assert docx.Document(str(path)).paragraphs[3].text == f"{NASTY}："


def test_the_machine_notice_says_it_is_an_unconfirmed_draft(notice, tmp_path):
    """The report folder's notice is the machine's proposal; it must never look issuable."""
    banner = "机器初审草稿 — 未经审核人员确认，不得送达"
    document = docx.Document(str(write_notice_docx(notice, tmp_path / "notice.docx")))
    assert document.sections[0].header.paragraphs[0].text == banner
    assert banner in render_notice_html(notice).split("<h1>")[0]  # above the title, on the printed sheet
