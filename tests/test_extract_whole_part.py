"""Key fields read over every page of a part, as applicants file them: a 承诺书 signed and
dated on its second page, certificates in ascending order with the 技师 one last, a lease
that states area and term on its second page, a licence's 正本 and 副本 that agree or not,
credit printouts in their real forms, and required fields a present part does not give."""

import pytest

from checklists.loader import load_all_checklists
from extractors.fields import extract_fields
from extractors.validate import validate_fields
from kernel.models import OcrLine, PageText

from datetime import date

TODAY = date(2023, 6, 20)


def page(index, rows, confidence=0.97):
    """A page from rows of (text, x0, x1) boxes, 30 points apart."""
    lines = [
        OcrLine(text=text, box=(x0, 80 + 30 * n, x1, 96 + 30 * n), confidence=confidence)
        for n, row in enumerate(rows)
        for text, x0, x1 in row
    ]
    return PageText(index=index, lines=lines)


@pytest.fixture(scope="module")
def checklists():
    return load_all_checklists()


def read(carrier_type, pages, checklists):
    return {f.id: f for f in extract_fields(carrier_type, pages, checklists[carrier_type])}


def certificate(index, level):
    return page(index, [
        [("职业技能等级证书", 220, 380)],
        [("姓名", 200, 230), ("李四", 290, 330)],
        [("职业（工种）", 200, 270), ("数控车工", 290, 360)],
        [("等级", 200, 230), (level, 290, 360)],
        [("证书编号", 200, 250), (f"S00{index}", 290, 450)],
    ])


def test_the_highest_of_certificates_filed_in_ascending_order_is_the_masters_level(checklists):
    pages = {"master_certificate": [certificate(9, "四级/中级工"), certificate(10, "三级/高级工"), certificate(11, "二级/技师")]}
    got = read("master_studio", pages, checklists)
    assert (got["master_skill_level"].value, got["master_skill_level"].page) == ("二级/技师", 11)
    assert got["master_certificate_no"].value == "S0011"  # the number of that certificate, not the first


def test_two_certificates_copied_onto_one_page_the_higher_one_second(checklists):
    two = page(9, [
        [("职业技能等级证书", 220, 380)],
        [("姓名：李四", 200, 300)], [("职业（工种）：数控车工", 200, 360)], [("等级：三级/高级工", 200, 360)],
        [("证书编号：S0091", 200, 360)],
        [("职业技能等级证书", 220, 380)],
        [("姓名：李四", 200, 300)], [("职业（工种）：数控车工", 200, 360)], [("等级：二级/技师", 200, 360)],
        [("证书编号：S0092", 200, 360)],
    ])
    got = read("master_studio", {"master_certificate": [two]}, checklists)
    assert got["master_skill_level"].value == "二级/技师"
    assert got["master_certificate_no"].value == "S0092"


def test_a_commitment_letter_signed_and_dated_on_its_second_page(checklists):
    first = page(7, [[("诚信承诺书", 250, 340)],
                     [("本单位自愿申报，现郑重承诺如下：", 60, 540)],
                     [("一、所提交的材料真实有效。", 60, 480)]])
    second = page(8, [[("二、本单位近三年未被列入严重失信主体名单。", 60, 480)],
                      [("法定代表人（签字）：张三", 300, 420)],
                      [("2023年6月15日", 360, 460)]])
    got = read("training_base", {"commitment_letter": [first, second]}, checklists)
    assert (got["commitment_signer"].value, got["commitment_signer"].page) == ("张三", 8)
    assert (got["commitment_date"].value, got["commitment_date"].page) == ("2023-06-15", 8)


def test_lease_area_and_term_on_the_second_page(checklists):
    first = page(10, [[("房屋租赁合同", 240, 360)],
                      [("出租方（甲方）：深圳市安居物业管理有限公司", 60, 400)],
                      [("承租方（乙方）：深圳市甲科技有限公司", 60, 360)]])
    second = page(11, [[("第三条 租赁面积", 60, 160), ("260平方米", 180, 260)],
                       [("第四条 租赁期限", 60, 160), ("2022年1月1日至2026年12月31日", 180, 420)]])
    got = read("training_base", {"venue_proof": [first, second]}, checklists)
    assert (got["venue_area"].value, got["venue_area"].page) == (260.0, 11)
    assert (got["lease_end"].value, got["lease_end"].page) == ("2026-12-31", 11)


def test_the_leased_area_is_kept_over_the_landlords_deed_in_the_same_part(checklists):
    """The deed (不动产权证书) gives the whole property's area, labelled; the lease states the
    part of it let, in prose, and the reading lost the ² of its m²."""
    lease = page(12, [[("第二条 租赁房屋位于深圳市盐田区海山街道坪山大道173号5栋1808，房屋建筑面积为2937m。", 60, 530)],
                      [("第三条 租赁期限自2022年2月20日起至2027年2月19日止。", 60, 360)]])
    deed = page(13, [[("不动产权证书", 240, 360)], [("权利人", 90, 130), ("深圳市联创物业管理有限公司", 190, 340)],
                     [("面积", 90, 120), ("房屋建筑面积5001m2", 190, 300)]])
    got = read("training_base", {"venue_proof": [lease, deed]}, checklists)
    assert (got["venue_area"].value, got["venue_area"].page) == (2937.0, 12)
    alone = read("training_base", {"venue_proof": [deed]}, checklists)  # an owner's own premises: the deed's area
    assert (alone["venue_area"].value, alone["venue_area"].page) == (5001.0, 13)


def test_a_leased_area_whose_unit_the_reading_lost_still_beats_the_deeds(checklists):
    """"房屋建筑面积为" / "2425。" (the ㎡ not read): the number that ends the clause is the area."""
    lease = page(11, [[("第二条租赁房屋位于深圳市坪山区坪山大道3261号恒通大厦26楼，房屋建筑面积为", 60, 530)],
                      [("2425。", 40, 80)], [("第三条租期：2021年12月27日至2024年12月26日。", 60, 360)]])
    deed = page(12, [[("不动产权证书", 240, 360)], [("面积", 90, 120), ("房屋建筑面积3424m", 190, 300)]])
    got = read("training_base", {"venue_proof": [lease, deed]}, checklists)
    assert (got["venue_area"].value, got["venue_area"].page) == (2425.0, 11)


def test_a_leased_area_that_ends_its_line_with_no_unit_still_beats_the_deeds(checklists):
    """"…房屋建筑面积" / "为699" / "第三条…" (the ㎡ and its full stop not read): the number ends
    its line and the clause, and the next line starts the next clause."""
    lease = page(12, [[("第二条租赁房屋位于深圳市宝安区沙井街道布龙路653号3栋704，房屋建筑面积", 60, 530)],
                      [("为699", 40, 90)], [("第三条租赁期为2022年9月16日至2027年9月15日。", 60, 360)]])
    deed = page(13, [[("不动产权证书", 240, 360)], [("面积", 90, 120), ("房屋建筑面积4287m²", 190, 300)]])
    got = read("training_base", {"venue_proof": [lease, deed]}, checklists)
    assert (got["venue_area"].value, got["venue_area"].page) == (699.0, 12)


def test_an_area_wrapped_inside_its_number_or_its_unit_is_read_whole(checklists):
    lease = page(12, [[("第二条租赁房屋位于深圳市宝安区沙井街道布龙路653号，房屋建筑面积为22", 60, 530)],
                      [("09平方米。", 40, 120)], [("第三条租赁期为2022年9月16日至2027年9月15日。", 60, 360)]])
    got = read("training_base", {"venue_proof": [lease]}, checklists)
    assert got["venue_area"].value == 2209.0
    unit_wrapped = page(18, [[("第二条租赁房屋位于深圳市龙华区民治街道，出租面积共计1002平", 60, 530)],
                             [("方米（以实测为准)。", 40, 150)], [("第三条租期：2022年6月29日至2025年6月28日。", 60, 360)]])
    got = read("training_base", {"venue_proof": [unit_wrapped]}, checklists)
    assert got["venue_area"].value == 1002.0


def test_the_forms_area_is_taken_over_the_deeds_when_the_lease_states_none(checklists):
    lease = page(11, [[("第三条租期：2021年12月27日至2024年12月26日。", 60, 360)]])
    deed = page(12, [[("不动产权证书", 240, 360)], [("面积", 90, 120), ("房屋建筑面积3424m", 190, 300)]])
    form = page(3, [[("场地面积", 60, 120), ("2425平方米", 200, 300)]])
    got = read("training_base", {"application_form": [form], "venue_proof": [lease, deed]}, checklists)
    assert (got["venue_area"].value, got["venue_area"].page) == (2425.0, 3)


def licence(index, name, confidence=0.97):
    return page(index, [[("营业执照", 220, 380)], [("统一社会信用代码", 70, 170), ("91350100M000100Y43", 200, 380)],
                        [("名称", 90, 120), (name, 180, 360)], [("住所", 90, 120), ("深圳市南山区科技园路1号", 180, 380)],
                        [("营业期限", 90, 150), ("2015年03月02日至长期", 180, 330)]], confidence)


def test_a_licence_read_the_same_on_both_copies_is_sure(checklists):
    got = read("training_base", {"entity_certificate": [licence(5, "深圳市甲科技有限公司", 0.88),
                                                        licence(6, "深圳市甲科技有限公司", 0.95)]}, checklists)
    name = got["licence_name"]
    assert (name.value, name.page, name.confidence, name.note) == ("深圳市甲科技有限公司", 5, 0.95, None)


def test_copies_that_disagree_keep_the_better_supported_name_and_send_a_mismatch_to_a_person(checklists):
    copies = [licence(5, "深圳市甲科技有限公司"), licence(6, "深圳市甲科枝有限公司"), licence(7, "深圳市甲科技有限公司")]
    got = read("training_base", {"entity_certificate": copies}, checklists)
    name = got["licence_name"]
    assert name.value == "深圳市甲科技有限公司" and "不一致" in name.note and "甲科枝" in name.note
    assert name.confidence == round(0.97 * 2 / 3, 3)
    tied = read("training_base", {"entity_certificate": copies[:2]}, checklists)["licence_name"]
    form = page(3, [[("单位名称", 60, 130), ("深圳市甲科枝有限公司", 150, 330)]], 0.99)
    fields = list(read("training_base", {"entity_certificate": copies[:2], "application_form": [form]}, checklists).values())
    findings = [f for f in validate_fields("training_base", fields, checklists["training_base"], TODAY)
                if f.code == "field.inconsistent"]
    assert tied.confidence < 0.9
    assert [(f.code, f.severity) for f in findings] == [("field.inconsistent", "review")]


def credit(rows):
    return page(8, [[("信用中国查询结果", 220, 380)], [("查询时间：2023年6月10日", 60, 220)], *rows])


@pytest.mark.parametrize("rows, on_list", [
    ([[("严重失信主体名单", 70, 180), ("0", 200, 220)]], False),
    ([[("严重失信主体名单", 70, 180), ("0", 200, 220), ("条", 222, 240)]], False),
    ([[("严重失信主体名单", 70, 180), ("暂无", 200, 240)]], False),
    ([[("严重失信主体名单：查询结果为空", 70, 300)]], False),
    ([[("是否列入严重失信主体名单", 70, 250), ("否", 270, 290)]], False),
    ([[("经查询，该单位未被列入严重失信主体名单。", 60, 400)]], False),
    ([[("严重失信主体名单", 70, 180), ("1条", 200, 230)]], True),
    ([[("查询结果：该主体已被列入严重失信主体名单", 60, 400)]], True),
])
def test_credit_printouts_in_their_real_forms(checklists, rows, on_list):
    fields = list(read("training_base", {"credit_record": [credit(rows)]}, checklists).values())
    findings = validate_fields("training_base", fields, checklists["training_base"], TODAY)
    credit_findings = [(f.code, f.severity) for f in findings if f.item == "credit_record"]
    assert credit_findings == ([("eligibility.failed", "error")] if on_list else [])


def test_a_row_and_a_stated_result_that_disagree_go_to_a_person(checklists):
    rows = [[("严重失信主体名单", 70, 180), ("1条", 200, 230)], [("查询结果：该主体未被列入严重失信主体名单", 60, 400)]]
    fields = list(read("training_base", {"credit_record": [credit(rows)]}, checklists).values())
    [finding] = [f for f in validate_fields("training_base", fields, checklists["training_base"], TODAY)
                 if f.item == "credit_record"]
    assert (finding.code, finding.severity) == ("eligibility.failed", "review")


def test_required_fields_a_present_part_does_not_give_keep_its_page(checklists):
    form = page(3, [[("申报表", 250, 330)], [("联系人", 60, 110), ("王五", 150, 190)]])
    lease = page(10, [[("房屋租赁合同", 240, 360)], [("租赁面积：120平方米", 60, 260)]])
    deed = page(12, [[("不动产权证书", 240, 360)], [("建筑面积：300平方米", 60, 260)]])
    credit_page = page(8, [[("信用中国查询结果", 220, 380)]])
    got = read("master_studio", {"application_form": [form], "venue_proof": [lease], "credit_record": [credit_page],
                                 "master_certificate": [page(9, [[("职业技能等级证书", 220, 380)]])]}, checklists)
    for field_id, index in [("unit_name", 3), ("credit_code", 3), ("lease_end", 10), ("credit_result", 8),
                            ("master_skill_level", 9)]:
        assert (got[field_id].value, got[field_id].page) == (None, index), field_id
    assert got["contact_person"].value == "王五"
    owned = read("training_base", {"venue_proof": [deed]}, checklists)
    assert (owned["lease_end"].value, owned["lease_end"].page) == (None, None)  # a deed has no term to read
    findings = validate_fields("master_studio", list(got.values()), checklists["master_studio"], TODAY)
    assert {(f.code, f.severity) for f in findings} == {("field.unread", "review")}
    assert sorted(f.pages[0] for f in findings) == [3, 3, 8, 9, 10]


def test_an_agreement_whose_pages_state_different_terms_sends_an_expiry_to_a_person(checklists):
    agreement = [page(20, [[("帮扶合作协议", 240, 360)], [("甲方：新田村村民委员会", 60, 300)],
                           [("合作期限", 60, 140), ("2021年3月1日至2023年2月28日", 160, 420)]]),
                 page(21, [[("合作期限", 60, 140), ("2021年3月1日至2025年2月28日", 160, 420)]])]
    got = read("rural_station", {"cooperation_agreement": agreement}, checklists)
    end = got["cooperation_end"]
    assert end.value == "2023-02-28" and "2025年2月28日" in end.note and end.confidence < 0.9
    [finding] = [f for f in validate_fields("rural_station", list(got.values()), checklists["rural_station"], TODAY)
                 if f.item == "cooperation_agreement"]
    assert (finding.code, finding.severity) == ("field.invalid", "review")


def test_a_copy_whose_code_passes_its_checksum_outweighs_a_damaged_one(checklists):
    damaged = page(5, [[("营业执照", 220, 380)], [("统一社会信用代码", 70, 170), ("91350100M000100Y45", 200, 380)]])
    clean = page(6, [[("营业执照（副本）", 220, 380)], [("统一社会信用代码", 70, 170), ("91350100M000100Y43", 200, 380)]])
    code = read("training_base", {"entity_certificate": [damaged, clean]}, checklists)["licence_credit_code"]
    assert (code.value, code.valid, code.page, code.note) == ("91350100M000100Y43", True, 6, None)


def test_a_licence_titled_with_the_code_label_is_read_from_its_code_line(checklists):
    """A title "统一社会信用代码证书" above the licence holds the label too: its "证书" is no code."""
    titled = page(5, [[("统一社会信用代码证书", 60, 240)], [("营业执照", 220, 380)],
                      [("统一社会信用代码", 70, 170), ("91350100M000100Y43", 200, 380)]])
    code = read("training_base", {"entity_certificate": [titled]}, checklists)["licence_credit_code"]
    assert (code.value, code.valid) == ("91350100M000100Y43", True)


def test_text_read_where_the_code_goes_is_unread_not_an_invalid_code(checklists):
    """A form whose code cell gave only words was not read as a code: a person looks, the
    applicant is not told the code is wrong."""
    form = page(3, [[("申报单位", 70, 130), ("深圳市甲科技有限公司", 200, 380)],
                    [("统一社会信用代码", 70, 170), ("详见证书", 200, 300)]])
    got = read("training_base", {"application_form": [form]}, checklists)
    code = got["credit_code"]
    assert code.value is None and code.page == 3 and "详见证书" in code.note
    findings = validate_fields("training_base", list(got.values()), checklists["training_base"], TODAY)
    assert not [f for f in findings if f.severity == "error" and "统一社会信用代码" in f.message]
    assert [f.severity for f in findings if "统一社会信用代码" in f.message] == ["review"]
