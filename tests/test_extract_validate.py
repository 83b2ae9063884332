"""Validation of key fields: invalid values, facts that differ between parts, and figures
under the checklist's thresholds, with messages that name field, values and pages."""

from datetime import date

import pytest

from checklists.loader import load_all_checklists
from extractors.common import extract_common
from extractors.validate import validate_fields
from kernel.models import FieldValue, OcrLine, PageText

TODAY = date(2023, 6, 20)


@pytest.fixture(scope="module")
def checklists():
    return load_all_checklists()


def fv(field_id, value, page=None, note=None):
    return FieldValue(id=field_id, value=value, page=page, note=note)


def good_common():
    return [
        fv("unit_name", "深圳市甲科技有限公司", 3), fv("credit_code", "91350100M000100Y43", 3),
        fv("legal_representative", "张三", 3), fv("address", "深圳市南山区科技园路1号", 3),
        fv("contact_person", "王五", 3), fv("phone", "0755-88881234", 3), fv("application_date", "2023-06-15", 3),
        fv("licence_name", "深圳市甲科技有限公司", 5),
        fv("licence_credit_code", "91350100M000100Y43", 5), fv("licence_legal_representative", "张三", 5),
        fv("licence_address", "深圳市南山区科技园路1号", 5), fv("licence_valid_until", "长期", 5),
        fv("legal_rep_id_name", "张三", 6), fv("legal_rep_id_number", "11010519491231002X", 6),
        fv("venue_area", 120.0, 10), fv("lease_end", "2026-12-31", 10),
        fv("commitment_signer", "张三", 7), fv("commitment_date", "2023-06-15", 7),
        fv("credit_query_date", "2023-06-10", 8), fv("credit_result", "严重失信主体名单：未查询到相关记录", 8),
    ]


def studio(**changes):
    fields = good_common() + [
        fv("master_name", "李四", 8), fv("master_id_number", "440305198001010013", 8),
        fv("master_skill_level", "二级/技师", 9), fv("master_occupation", "数控车工", 9),
        fv("master_certificate_no", "S1234567890123456", 9), fv("master_certificate_name", "李四", 9),
        fv("master_honours", None), fv("apprentices_per_year", 8, 12), fv("team_size", 6, 11),
        fv("employer_name", "深圳市甲科技有限公司", 14), fv("insured_months", 36, 14),
    ]
    for field in fields:
        if field.id in changes:
            field.value = changes[field.id]
    return fields


def test_a_clean_dossier_has_no_findings_and_its_fields_are_marked_valid(checklists):
    fields = studio()
    assert validate_fields("master_studio", fields, checklists["master_studio"], TODAY) == []
    valid = {f.id for f in fields if f.valid}
    assert {"credit_code", "licence_credit_code", "legal_rep_id_number", "master_id_number", "phone",
            "licence_valid_until", "lease_end", "master_skill_level", "licence_address", "commitment_date",
            "credit_result"} <= valid


def test_name_mismatch_between_form_and_licence(checklists):
    fields = studio(licence_name="深圳市乙科技有限公司")
    [finding] = validate_fields("master_studio", fields, checklists["master_studio"], TODAY)
    assert finding.code == "field.inconsistent" and finding.severity == "error"
    assert finding.message == "申报表单位名称“深圳市甲科技有限公司”（第3页）与营业执照名称“深圳市乙科技有限公司”（第5页）不一致"
    assert finding.pages == [3, 5]
    assert finding.item == "entity_certificate"


def test_a_name_read_with_a_neighbours_characters_before_it_is_for_review_not_an_error(checklists):
    """"负责马亮兰" against "马亮兰": the label's 负责(人) bled into the value. A different
    name of the same length stays an error."""
    fields = studio(legal_representative="负责张三")
    [finding] = validate_fields("master_studio", fields, checklists["master_studio"], TODAY)
    assert (finding.code, finding.severity) == ("field.inconsistent", "review")
    [finding] = validate_fields("master_studio", studio(legal_representative="李三"), checklists["master_studio"], TODAY)
    assert (finding.code, finding.severity) == ("field.inconsistent", "error")


def test_width_and_bracket_differences_are_not_a_mismatch(checklists):
    fields = studio(unit_name="深圳市甲科技（集团）有限公司", licence_name="深圳市甲科技(集团)有限公司",
                    employer_name="深圳市甲科技 (集团) 有限公司")
    assert validate_fields("master_studio", fields, checklists["master_studio"], TODAY) == []


def test_a_units_name_read_cut_short_inside_its_closing_gongsi_is_the_same_unit(checklists):
    """The insurance record's 参保单位 read "…有限公" (司 lost at the line's end): no other unit,
    no finding. A name that differs before its end, or lacks more, stays a difference."""
    fields = studio(unit_name="深圳市甲科技有限公司", licence_name="深圳市甲科技有限公司", employer_name="深圳市甲科技有限公")
    assert validate_fields("master_studio", fields, checklists["master_studio"], TODAY) == []
    for other in ("深圳市乙科技有限公", "深圳市甲科技有"):
        fields = studio(unit_name="深圳市甲科技有限公司", licence_name="深圳市甲科技有限公司", employer_name=other)
        assert [f.code for f in validate_fields("master_studio", fields, checklists["master_studio"], TODAY)] == [
            "field.inconsistent"]


def test_a_name_read_with_a_traditional_character_is_the_same_name(checklists):
    """The recogniser returned 賀 for 贺 on the licence and 粵 for 粤 in a unit's name: one
    name in two forms, not two names. A different character stays a difference."""
    fields = studio(licence_legal_representative="賀福英", legal_representative="贺福英", legal_rep_id_name="贺福英",
                    unit_name="深圳市粤海科技有限公司", licence_name="深圳市粵海科技有限公司",
                    employer_name="深圳市粤海科技有限公司")
    assert validate_fields("master_studio", fields, checklists["master_studio"], TODAY) == []
    fields = studio(licence_legal_representative="賀福英", legal_representative="贺福英", legal_rep_id_name="贺福美")
    assert [(f.code, f.item) for f in validate_fields("master_studio", fields, checklists["master_studio"], TODAY)] == [
        ("field.inconsistent", "legal_rep_id")]


def test_credit_code_and_legal_representative_mismatches(checklists):
    fields = studio(licence_credit_code="91110000600037341L", legal_rep_id_name="张叁")
    findings = validate_fields("master_studio", fields, checklists["master_studio"], TODAY)
    assert [(f.code, f.item) for f in findings] == [("field.inconsistent", "entity_certificate"),
                                                   ("field.inconsistent", "legal_rep_id")]
    assert "营业执照法定代表人“张三”（第5页）与法定代表人身份证姓名“张叁”（第6页）不一致" == findings[1].message


def test_checksum_failures(checklists):
    fields = studio(credit_code="91350100M000100Y44", licence_credit_code="91350100M000100Y44",
                    legal_rep_id_number="110105194912310021")
    fields[1].note = "已按OCR常见误识修正：第10位 O→0"
    findings = validate_fields("master_studio", fields, checklists["master_studio"], TODAY)
    invalid = [f for f in findings if f.code == "field.invalid"]
    assert [f.item for f in invalid] == ["application_form", "entity_certificate", "legal_rep_id"]
    assert invalid[0].message == ("申报表统一社会信用代码“91350100M000100Y44”（第3页）不是有效的统一社会信用代码"
                                  "（统一社会信用代码校验位不符）")
    assert not any("OCR" in f.message or "误识" in f.message for f in findings)  # reviewer's notes stay in the field
    assert "不是有效的居民身份证号码" in invalid[2].message
    assert fields[1].valid is False


def test_phone_format(checklists):
    [finding] = validate_fields("master_studio", studio(phone="0755-8888123"), checklists["master_studio"], TODAY)
    assert finding.code == "field.invalid" and finding.severity == "error"
    assert "联系电话“0755-8888123”（第3页）格式不正确" in finding.message


@pytest.mark.parametrize("written", ["82997829", "020-88881234", "0755-82997829转801", "82997829、15815512067"])
def test_phones_as_applicants_write_them_are_valid(checklists, written):
    assert validate_fields("master_studio", studio(phone=written), checklists["master_studio"], TODAY) == []


def test_a_phone_run_together_with_the_figures_beside_it_is_for_a_person(checklists):
    [finding] = validate_fields("master_studio", studio(phone="138001380002023"), checklists["master_studio"], TODAY)
    assert (finding.code, finding.severity) == ("field.invalid", "review")


def test_expired_licence_and_lease(checklists):
    fields = studio(licence_valid_until="2023-06-19", lease_end="2023-01-31")
    findings = validate_fields("master_studio", fields, checklists["master_studio"], TODAY)
    assert [f.message for f in findings] == ["营业执照有效期至2023年6月19日（第5页），已过期",
                                             "场地租赁期限至2023年1月31日（第10页），已到期"]
    assert [f.item for f in findings] == ["entity_certificate", "venue_proof"]
    assert validate_fields("master_studio", studio(lease_end="2023-06-20"), checklists["master_studio"], TODAY) == []


def test_master_level_below_technician_makes_the_applicant_ineligible(checklists):
    [finding] = validate_fields("master_studio", studio(master_skill_level="三级/高级工"), checklists["master_studio"], TODAY)
    assert (finding.code, finding.severity, finding.item) == ("eligibility.failed", "error", "master_certificate")
    assert finding.message == "领办人技能等级“三级/高级工”（第9页）低于要求的技师"


def test_licence_address_outside_shenzhen_makes_the_applicant_ineligible(checklists):
    [finding] = validate_fields("master_studio", studio(licence_address="广州市天河区体育西路1号"),
                                checklists["master_studio"], TODAY)
    assert finding.code == "eligibility.failed" and "不在深圳" in finding.message


def test_an_address_naming_a_shenzhen_district_is_in_shenzhen_even_with_the_city_misread(checklists):
    fields = studio(licence_address="深川市南山区科技园路1号")
    assert validate_fields("master_studio", fields, checklists["master_studio"], TODAY) == []


def test_thresholds_warn(checklists):
    fields = studio(venue_area=40.0, team_size=3, apprentices_per_year=2)
    findings = validate_fields("master_studio", fields, checklists["master_studio"], TODAY)
    assert {f.code for f in findings} == {"field.below_threshold"}
    assert {f.severity for f in findings} == {"warning"}
    assert [f.message for f in findings] == [
        "场地面积40平方米（第10页），低于设定的50平方米",
        "工作室团队人数3人（第11页），低于设定的5人",
        "年度带徒人数2人（第12页），低于设定的3人",
    ]
    assert [f.item for f in findings] == ["venue_proof", "team_roster", "apprenticeship_plan"]


def test_training_base_shares_and_counts(checklists):
    fields = good_common() + [fv("trainees_per_year", 2800, 15), fv("senior_share", 0.185, 15),
                              fv("instructor_count", 40, 17), fv("instructor_senior_share", 0.5, 17),
                              fv("partnership_count", None)]
    findings = validate_fields("training_base", fields, checklists["training_base"], TODAY)
    assert [f.message for f in findings] == ["年度培训人数2800人（第15页），低于设定的3000人",
                                             "培训学员中高级工及以上占比18.5%（第15页），低于设定的20%"]
    # an unknown value (○ item absent) gives no finding
    assert all(f.item != "partnership_agreements" for f in findings)


def test_rural_counterpart_must_be_a_village_or_town_body(checklists):
    fields = good_common() + [fv("rural_trainees", 260, 16), fv("cooperation_counterpart", "深圳市某某贸易有限公司", 20)]
    [finding] = validate_fields("rural_station", fields, checklists["rural_station"], TODAY)
    assert finding.code == "field.invalid" and finding.item == "cooperation_agreement"
    fields[-1].value = "河源市紫金县龙窝镇人民政府"
    assert validate_fields("rural_station", fields, checklists["rural_station"], TODAY) == []


def test_thresholds_follow_the_yaml(checklists):
    raised = checklists["master_studio"].model_copy(deep=True)
    raised.thresholds["venue_area_min"] = 150
    [finding] = validate_fields("master_studio", studio(), raised, TODAY)
    assert finding.message == "场地面积120平方米（第10页），低于设定的150平方米"


def test_employer_and_certificate_holder_must_be_the_applicant_and_the_master(checklists):
    fields = studio(employer_name="深圳市乙贸易有限公司", master_certificate_name="刘洋")
    findings = validate_fields("master_studio", fields, checklists["master_studio"], TODAY)
    assert [(f.code, f.severity, f.item) for f in findings] == [("field.inconsistent", "error", "master_certificate"),
                                                               ("field.inconsistent", "error", "employment_proof")]
    assert findings[0].message == "领办人姓名“李四”（第8页）与职业资格证书持证人姓名“刘洋”（第9页）不一致"
    assert findings[1].message == "申报表单位名称“深圳市甲科技有限公司”（第3页）与参保（用人）单位“深圳市乙贸易有限公司”（第14页）不一致"
    assert findings[1].pages == [3, 14]


def test_a_commitment_letter_without_a_readable_date_is_for_a_person_but_an_absent_one_is_not_judged_here(checklists):
    fields = studio()
    letter = next(f for f in fields if f.id == "commitment_date")
    letter.value = None
    [finding] = validate_fields("master_studio", fields, checklists["master_studio"], TODAY)
    assert (finding.code, finding.severity, finding.item) == ("field.unread", "review", "commitment_letter")
    assert finding.message == "未能识别承诺书日期（第7页），请人工核对" and finding.pages == [7]
    assert 0 < finding.confidence < 1
    letter.page = None  # the letter was not found at all: item.missing says so, not this rule
    assert validate_fields("master_studio", fields, checklists["master_studio"], TODAY) == []


@pytest.mark.parametrize("result", [
    "严重失信主体名单：列入（2022年3月1日，深圳市人力资源和社会保障局）",
    "严重失信主体名单：1条",
    "该主体已被列入严重失信主体名单",
    "存在严重失信行为记录",
])
def test_a_serious_dishonesty_hit_makes_the_applicant_ineligible(checklists, result):
    fields = good_common()
    fields[-1].value = result
    [finding] = validate_fields("training_base", fields, checklists["training_base"], TODAY)
    assert (finding.code, finding.severity, finding.item) == ("eligibility.failed", "error", "credit_record")
    assert finding.message == f"信用查询结果“{result}”（第8页），申报单位列有严重失信记录"


@pytest.mark.parametrize("result", [
    "严重失信主体名单：未查询到相关记录", "该主体未被列入严重失信主体名单。", "无严重失信记录", "严重失信主体名单：无",
    "严重失信主体名单：0条", "未发现严重失信行为", "查询结果：良好",
    "严重失信主体名单：0", "严重失信主体名单：暂无", "严重失信主体名单：查询结果为空", "严重失信主体名单：未列入",
    "是否列入严重失信主体名单：否",
])
def test_a_clear_credit_result_passes(checklists, result):
    fields = good_common()
    fields[-1].value = result
    assert validate_fields("training_base", fields, checklists["training_base"], TODAY) == []
    assert fields[-1].valid is True


def test_cooperation_agreement_must_be_in_force(checklists):
    fields = good_common() + [fv("rural_trainees", 260, 16), fv("cooperation_counterpart", "新田村村民委员会", 20),
                              fv("cooperation_end", "2023-05-31", 20)]
    [finding] = validate_fields("rural_station", fields, checklists["rural_station"], TODAY)
    assert (finding.code, finding.item) == ("field.invalid", "cooperation_agreement")
    assert finding.message == "帮扶合作协议期限至2023年5月31日（第20页），已到期"
    fields[-1].value = "2026-02-28"
    assert validate_fields("rural_station", fields, checklists["rural_station"], TODAY) == []
    assert fields[-1].valid is True


@pytest.mark.parametrize("read_as", ["202年6月2日", "202.年6月28日"])
def test_a_date_half_hidden_by_the_seal_still_dates_the_commitment_letter(checklists, read_as):
    line = lambda text, y: OcrLine(text=text, box=(300, y, 420, y + 14), confidence=0.99)  # noqa: E731
    page = PageText(index=7, lines=[line("诚信承诺书", 120), line("法定代表人", 500), line(read_as, 521)])
    fields, _ = extract_common({"commitment_letter": [page]})
    letter = next(f for f in fields if f.id == "commitment_date")

    assert letter.value == read_as and "人工核对" in letter.note
    fields = [letter if f.id == "commitment_date" else f for f in studio()]
    assert validate_fields("master_studio", fields, checklists["master_studio"], TODAY) == []
    assert letter.valid is None  # dated, but the exact day is for the officer to check


def test_a_credit_result_whose_meaning_cannot_be_told_is_asked_not_guessed(checklists):
    fields = good_common()
    fields[-1].value = "严重失信主体名单：详见附件"
    [finding] = validate_fields("training_base", fields, checklists["training_base"], TODAY)
    assert (finding.code, finding.severity, finding.item) == ("field.unread", "review", "credit_record")
    assert "无法判断是否列入严重失信主体名单" in finding.message


def test_a_hit_read_from_disagreeing_statements_is_for_a_person(checklists):
    fields = good_common()
    fields[-1].value, fields[-1].confidence = "严重失信主体名单：1条", 0.48
    fields[-1].note = "查询结果前后不一致，另读到“该主体未被列入严重失信主体名单”（第8页）"
    [finding] = validate_fields("training_base", fields, checklists["training_base"], TODAY)
    assert (finding.code, finding.severity) == ("eligibility.failed", "review")
    assert finding.confidence == 0.48 and "请人工核对" in finding.message


def test_a_checksum_failure_on_an_unsure_read_is_for_a_person_unless_both_parts_print_it(checklists):
    fields = studio(credit_code="91350100M000100Y44")
    fields[1].confidence = 0.62
    [finding] = [f for f in validate_fields("master_studio", fields, checklists["master_studio"], TODAY)
                 if f.code == "field.invalid"]
    assert (finding.severity, finding.item, finding.confidence) == ("review", "application_form", 0.62)
    twice = studio(credit_code="91350100M000100Y44", licence_credit_code="91350100M000100Y44")
    twice[1].confidence = 0.62
    findings = validate_fields("master_studio", twice, checklists["master_studio"], TODAY)
    assert [(f.code, f.severity) for f in findings] == [("field.invalid", "error"), ("field.invalid", "error")]


@pytest.mark.parametrize("form_code", ["91350100M000100Y4", "91350100M000100Y44"])
def test_a_bad_code_one_character_from_the_valid_code_the_licence_shows_is_for_a_person(checklists, form_code):
    """The form's code read surely with its last character lost (fresh wild seed 6301), or one
    too many, beside the licence's valid code: a misread as likely as the applicant's slip."""
    [finding] = [f for f in validate_fields("master_studio", studio(credit_code=form_code), checklists["master_studio"], TODAY)
                 if f.code == "field.invalid"]
    assert finding.severity == "review"
    far = studio(credit_code="91350100M000100")  # three characters short: no misread of the licence's
    [finding] = [f for f in validate_fields("master_studio", far, checklists["master_studio"], TODAY) if f.code == "field.invalid"]
    assert finding.severity == "error"


def test_an_expiry_read_with_low_confidence_is_for_a_person(checklists):
    fields = studio(licence_valid_until="2023-06-19")
    next(f for f in fields if f.id == "licence_valid_until").confidence = 0.7
    [finding] = validate_fields("master_studio", fields, checklists["master_studio"], TODAY)
    assert (finding.code, finding.severity) == ("field.invalid", "review")


def test_a_name_mismatch_with_an_unsure_or_repaired_read_is_for_a_person(checklists):
    fields = studio(licence_name="深圳市甲科枝有限公司")
    next(f for f in fields if f.id == "licence_name").confidence = 0.81
    [finding] = validate_fields("master_studio", fields, checklists["master_studio"], TODAY)
    assert (finding.code, finding.severity) == ("field.inconsistent", "review")
    codes = studio(licence_credit_code="91350100M000100Y43")
    codes[1].value = "91350100M0001O0Y43"  # both checksums cannot hold; the point is the repair note
    codes[1].note = "已按OCR常见误识修正：第14位 O→0"
    inconsistent = [f for f in validate_fields("master_studio", codes, checklists["master_studio"], TODAY)
                    if f.code == "field.inconsistent"]
    assert [f.severity for f in inconsistent] == ["review"]


def test_limited_company_against_limited_liability_company_is_a_real_difference(checklists):
    fields = studio(licence_name="深圳市甲科技有限责任公司")
    for field in fields:
        field.confidence = 0.99
    [finding] = validate_fields("master_studio", fields, checklists["master_studio"], TODAY)
    assert (finding.code, finding.severity, finding.confidence) == ("field.inconsistent", "error", 0.99)


@pytest.mark.parametrize("field_id", ["unit_name", "credit_code", "licence_name", "licence_credit_code", "lease_end",
                                      "credit_result", "master_skill_level"])
def test_a_required_field_of_a_present_part_that_was_not_read_is_for_a_person(checklists, field_id):
    fields = studio()
    field = next(f for f in fields if f.id == field_id)
    field.value = None
    findings = validate_fields("master_studio", fields, checklists["master_studio"], TODAY)
    assert [(f.code, f.severity, f.pages) for f in findings] == [("field.unread", "review", [field.page])]
    field.page = None  # the part itself is absent: nothing to say here
    assert validate_fields("master_studio", fields, checklists["master_studio"], TODAY) == []


@pytest.mark.parametrize("field_id", ["contact_person", "phone", "legal_representative", "master_certificate_no",
                                      "application_date", "insured_months"])
def test_an_optional_field_not_read_raises_nothing(checklists, field_id):
    fields = studio()
    next(f for f in fields if f.id == field_id).value = None
    assert validate_fields("master_studio", fields, checklists["master_studio"], TODAY) == []


def test_every_finding_says_how_sure_it_is(checklists):
    fields = studio(licence_name="深圳市乙科技有限公司", phone="0755-8888123", master_skill_level="三级/高级工",
                    venue_area=40.0, lease_end=None)
    findings = validate_fields("master_studio", fields, checklists["master_studio"], TODAY)
    assert len(findings) == 5
    assert all(f.confidence is not None and 0 < f.confidence <= 1 for f in findings)


def test_a_counterpart_is_a_village_or_town_body_by_its_words_or_the_form_of_its_name():
    from extractors.validate import village_or_town_body

    words = ["村民委员会", "村委会", "镇人民政府", "街道办事处"]
    assert village_or_town_body("田阳县上围村村民委员会", words) is True
    assert village_or_town_body("广东河源紫金县紫金河镇农业服务中心", words) is True  # a town's own institution
    assert village_or_town_body("上围村股份经济联合社", words) is True
    assert village_or_town_body("紫金县紫金河镇鹏达农业有限公司", words) is False  # a business in a town
    assert village_or_town_body("梅州市人力资源和社会保障局", words) is None  # a person decides


def test_names_one_lookalike_character_apart_are_for_review_not_an_error(checklists):
    """侯超宇 on the licence and 侯超字 on the ID card, both read sure: 宇 and 字 differ by a
    stroke, the commonest misread. A person compares the pages; the applicant is not told."""
    fields = studio(licence_legal_representative="侯超宇", legal_rep_id_name="侯超字",
                    legal_representative="侯超宇", commitment_signer="侯超宇")
    [finding] = validate_fields("master_studio", fields, checklists["master_studio"], TODAY)
    assert (finding.code, finding.severity, finding.pages) == ("field.inconsistent", "review", [5, 6])
    assert "形近" in finding.message


def test_names_one_lookalike_character_apart_are_an_error_when_a_fake_look_says_they_were_printed_so(checklists):
    """The lines' images (here a fake look, isolating the rule) say 宇 and 字 were printed: the
    difference is the applicant's, an error; a look that cannot tell leaves it for review."""
    fields = studio(licence_legal_representative="侯超宇", legal_rep_id_name="侯超字",
                    legal_representative="侯超宇", commitment_signer="侯超宇")
    asked = []

    def compare_printed(left, right, key):
        asked.append((left.value, right.value))
        return "apart"

    [finding] = validate_fields("master_studio", fields, checklists["master_studio"], TODAY,
                                compare_printed=compare_printed)
    assert (finding.code, finding.severity) == ("field.inconsistent", "error") and asked == [("侯超宇", "侯超字")]
    [finding] = validate_fields("master_studio", fields, checklists["master_studio"], TODAY,
                                compare_printed=lambda left, right, key: None)
    assert finding.severity == "review"


@pytest.mark.parametrize("shown", ["left", "right"])
def test_names_one_lookalike_character_apart_are_one_name_when_a_fake_look_says_both_lines_read_so(checklists, shown):
    """Both lines' images read as one of the two values (a fake look): the other reading was
    the misread. No finding; the misread field takes the value, saying what it was read as."""
    fields = studio(licence_legal_representative="阎军梅", legal_rep_id_name="间军梅",
                    legal_representative="阎军梅", commitment_signer="阎军梅")
    findings = validate_fields("master_studio", fields, checklists["master_studio"], TODAY,
                               compare_printed=lambda left, right, key: shown)
    assert [f for f in findings if f.code == "field.inconsistent"] == []
    by_id = {f.id: f for f in fields}
    kept, misread = ("阎军梅", "间军梅") if shown == "left" else ("间军梅", "阎军梅")
    assert {by_id["licence_legal_representative"].value, by_id["legal_rep_id_name"].value} == {kept}
    changed = by_id["legal_rep_id_name"] if shown == "left" else by_id["licence_legal_representative"]
    assert misread in changed.note and kept in changed.note


def test_a_box_read_before_a_name_is_no_difference(checklists):
    """The ID card's name read "☑毛丽" (a mark beside it read as a ticked box): the same person."""
    fields = studio(licence_legal_representative="毛丽", legal_rep_id_name="☑毛丽", legal_representative="毛丽",
                    commitment_signer="毛丽")
    assert validate_fields("master_studio", fields, checklists["master_studio"], TODAY) == []
    # a name without Chinese characters is still compared, not emptied
    fields = studio(licence_legal_representative="John Smith", legal_rep_id_name="John Smyth",
                    legal_representative="John Smith", commitment_signer="John Smith")
    [finding] = validate_fields("master_studio", fields, checklists["master_studio"], TODAY)
    assert finding.code == "field.inconsistent"


def test_names_one_unlike_character_apart_stay_an_error(checklists):
    """张三 / 李三 and a unit name with 华 for 创 differ by characters nothing like each other."""
    [finding] = validate_fields("master_studio", studio(legal_rep_id_name="李三"), checklists["master_studio"], TODAY)
    assert (finding.code, finding.severity) == ("field.inconsistent", "error")
    [finding] = validate_fields("master_studio", studio(licence_name="深圳市甲华技有限公司",
                                                        unit_name="深圳市甲创技有限公司", employer_name="深圳市甲创技有限公司"),
                                checklists["master_studio"], TODAY)
    assert (finding.code, finding.severity) == ("field.inconsistent", "error")
