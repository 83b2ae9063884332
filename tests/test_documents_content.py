"""What the issued documents say: only the officer's items, pages as printed, each with its
standard, the round's legal basis, and never a word about the machine's reading."""

from __future__ import annotations

import dataclasses
import re
from datetime import date

import pytest
from documents_samples import (
    ACCEPTANCE, BASE, CITY_REPORT, CORRECTION, DISTRICT, INELIGIBLE, ITEMS, NOT_ACCEPTED, PUBLICITY, STATION, STUDIO,
)

from documents.content import (
    acceptance_notice,
    city_report_letter,
    correction_notice,
    page_citation,
    publicity_notice,
    refusal_notice,
)
from documents.model import Applicant, NoticeItem
from documents.print_view import render_print_view
from kernel.wording import MachineWordingError, applicant_wording, clean_for_applicant, machine_terms_in


@pytest.fixture(scope="module")
def notice():
    return correction_notice(STUDIO, DISTRICT, CORRECTION)


def _printed(content) -> str:
    return "\n".join(content.texts())


def test_correction_lists_exactly_the_items_given_numbered_straight_through(notice):
    assert [s.heading for s in notice.sections] == ["一、材料不齐全", "二、不符合法定形式"]
    points = [p for s in notice.sections for p in s.points]
    assert [(p.number, p.material) for p in points] == [(1, "承诺书"), (2, "营业执照"), (3, "领办人职业资格证书")]
    only_two = correction_notice(STUDIO, DISTRICT, dataclasses.replace(CORRECTION, items=ITEMS[1:]))
    assert [s.heading for s in only_two.sections] == ["一、不符合法定形式"]
    assert "承诺书" not in _printed(only_two)


def test_each_item_carries_its_own_standard_and_printed_pages(notice):
    points = {p.material: p for s in notice.sections for p in s.points}
    for item in ITEMS:
        point = points[item.material]
        assert point.standard == item.standard.rstrip("。")
        assert f"补正要求：{point.standard}。" in point.text
    assert points["营业执照"].pages == "（见第7页）"
    assert points["领办人职业资格证书"].pages == "（见第21-23页）"
    assert points["承诺书"].pages == ""
    assert "PDF第" not in _printed(notice) and "23、24" not in _printed(notice)  # the physical index: an officer hint only


def test_page_citation_of_labels():
    assert page_citation(("3", "12 - 14")) == "（见第3页、第12-14页）"
    assert page_citation(("封面",)) == "（见封面）"
    assert page_citation(()) == ""


def test_legal_basis_cites_the_round_notice_and_applies_article_32_by_reference(notice):
    opening = notice.opening[0]
    assert "深人社函〔2023〕110号" in opening and "深人社规〔2022〕13号" in opening
    assert "参照《中华人民共和国行政许可法》第三十二条第一款第（四）项一次告知的规定" in opening
    assert "根据《中华人民共和国行政许可法》" not in opening  # recognition is not a 行政许可
    assert "2023年7月10日收到" in opening and "技能大师工作室" in opening and "领办人：周海峰" in opening
    assert "一次性告知如下" in opening


def test_deadline_as_a_date_or_in_working_days_from_receipt(notice):
    assert "自收到本通知书之日起5个工作日内" in notice.closing[0]
    dated = correction_notice(STUDIO, DISTRICT, dataclasses.replace(CORRECTION, deadline=date(2023, 7, 21)))
    assert dated.closing[0].startswith("请你单位于2023年7月21日前")
    assert "视为你单位撤回本次申请" in notice.closing[1]


def test_machine_clauses_are_dropped_from_the_applicants_text(notice):
    point = notice.sections[1].points[0]
    assert point.problem == "营业执照复印件未加盖单位公章"
    assert "OCR" not in _printed(notice) and "误识" not in _printed(notice)


def test_an_item_that_only_speaks_of_the_reading_is_refused():
    item = NoticeItem("申报表", "统一社会信用代码识别置信度低", "须准确填写统一社会信用代码", printed_pages=("1",))
    with pytest.raises(MachineWordingError, match="第1项（申报表）的问题描述"):
        correction_notice(STUDIO, DISTRICT, dataclasses.replace(CORRECTION, items=(item,)))


def test_a_note_or_reason_in_machine_words_is_cleaned_or_refused():
    noted = acceptance_notice(BASE, DISTRICT, dataclasses.replace(ACCEPTANCE, note="材料齐全，已尝试常见OCR误识修正"))
    assert "材料齐全。" in noted.closing and "OCR" not in _printed(noted)
    with pytest.raises(MachineWordingError):
        refusal_notice(BASE, DISTRICT, dataclasses.replace(INELIGIBLE, reasons=("OCR置信度0.41",)))


def test_the_finished_document_is_checked_whole():
    """A machine word that reached a field not cleaned item by item (here the unit's name) still stops the document."""
    odd = dataclasses.replace(STUDIO, unit_name="深圳市识别科技有限公司")
    with pytest.raises(MachineWordingError, match="识别"):
        correction_notice(odd, DISTRICT, CORRECTION)


def test_wording_guard_units():
    text = "申报表统一社会信用代码校验位不符，已尝试常见OCR误识修正，不是有效的统一社会信用代码"
    assert applicant_wording(text) == "申报表统一社会信用代码校验位不符，不是有效的统一社会信用代码"
    assert machine_terms_in("页码识别置信度0.4（PDF第3页）") == ["识别", "置信", "PDF第"]
    assert machine_terms_in("设备清单未列明机器设备型号") == []
    assert applicant_wording("第3页有目录标题，但未能识别出目录条目") == "第3页有目录标题，但未能识别出目录条目"
    assert clean_for_applicant("缺少签名，置信度0.93", "问题") == "缺少签名"
    with pytest.raises(MachineWordingError, match="请改写"):
        clean_for_applicant("OCR未能读出", "问题")
    # a machine word inside the defect itself is not cut away (that would change what is said): a person rewords it
    with pytest.raises(MachineWordingError, match="“第3页有目录标题，但未能识别出目录条目”.*识别"):
        clean_for_applicant("第3页有目录标题，但未能识别出目录条目", "问题")


def test_no_correction_notice_without_items():
    with pytest.raises(ValueError, match="至少须列明一项"):
        correction_notice(STUDIO, DISTRICT, dataclasses.replace(CORRECTION, items=()))


def test_acceptance_notice():
    content = acceptance_notice(BASE, DISTRICT, ACCEPTANCE)
    text = _printed(content)
    assert content.title == "受理通知书" and content.addressee == BASE.unit_name
    assert "申报材料齐全，符合规定形式" in text and "决定予以受理" in text and "受理不代表认定结果" in text
    assert "高技能人才培训基地" in text and "领办人" not in text


def test_refusals_name_their_kind_reasons_and_remedy():
    not_accepted = refusal_notice(STATION, DISTRICT, NOT_ACCEPTED)
    ineligible = refusal_notice(STUDIO, DISTRICT, INELIGIBLE)
    assert not_accepted.title == "不予受理告知书" and ineligible.title == "不符合申报条件告知书"
    assert not_accepted.numbered == ("1．申报单位注册地址及培训场地均不在福田区，不属于本机关受理范围。",)
    assert ineligible.numbered[1] == "2．申报单位被列入严重失信主体名单。"
    assert "不予受理" in _printed(not_accepted) and "不进入评审环节" in _printed(ineligible)
    for content in (not_accepted, ineligible):
        assert "六十日内依法申请行政复议" in _printed(content)
    with pytest.raises(ValueError, match="须写明理由"):
        refusal_notice(STUDIO, DISTRICT, dataclasses.replace(INELIGIBLE, reasons=()))


def test_publicity_lists_candidates_and_the_window():
    content = publicity_notice(DISTRICT, PUBLICITY)
    assert content.title == "福田区2023年度深圳市终身职业技能培训载体认定候选名单公示"
    assert "公示期：2023年7月31日至2023年8月4日。" in content.opening
    assert content.table.rows[1] == ("2", STUDIO.unit_name, "技能大师工作室", "周海峰技能大师工作室")
    assert len(content.table.rows) == 3 and content.addressee == "" and not content.receipt
    with pytest.raises(ValueError, match="早于"):
        publicity_notice(DISTRICT, dataclasses.replace(PUBLICITY, window_end=date(2023, 7, 30)))


def test_city_report_letter_counts_by_type_and_respects_the_quota():
    content = city_report_letter(DISTRICT, CITY_REPORT)
    text = _printed(content)
    assert content.addressee == "深圳市人力资源和社会保障局"
    assert "候选名单3家（其中高技能人才培训基地1家、技能大师工作室1家、乡村振兴技能工作站1家）" in text
    assert "未超过我区7家的认定名额" in text and "2023年7月31日至2023年8月4日向社会公示" in text
    assert content.attachments == ("附件：福田区2023年度深圳市终身职业技能培训载体认定候选名单汇总表",)
    with pytest.raises(ValueError, match="超过福田区2家的认定名额"):
        city_report_letter(DISTRICT, dataclasses.replace(CITY_REPORT, quota=2))


def test_print_view_hints_pdf_pages_to_the_officer_but_never_prints_them(notice):
    html = render_print_view(notice, docx_name="x.docx")
    assert '<span class="hint" title="审核人员提示，不打印">PDF第23、24、25页</span>' in html
    assert ".toolbar, .hint { display:none; }" in html  # inside @media print
    printed = re.sub(r"<[^>]+>", "", re.sub(r'<span class="hint".*?</span>', "", html))
    for text in notice.texts():
        assert text in printed


def test_print_view_escapes_the_applicants_name():
    hostile = Applicant("<script>alert(1)</script>有限公司", "91440300MA5FL2QX3K", "training_base")
    html = render_print_view(acceptance_notice(hostile, DISTRICT, ACCEPTANCE))
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;有限公司" in html


def test_an_unknown_carrier_type_is_refused_in_chinese():
    with pytest.raises(ValueError, match="未知的载体类型"):
        Applicant("某公司", "91440300MA5FL2QX3K", "studio")
