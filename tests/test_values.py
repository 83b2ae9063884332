"""The shared value parsers: identifiers with OCR repair, phones, dates, terms, areas,
counts, shares and skill levels."""

from datetime import date

import pytest

from extractors.values import (
    find_dates, is_qualified_instructor, is_senior, parse_area, parse_count, parse_credit_code, parse_date, parse_id_number,
    holds_a_phone, parse_phone, parse_skill_level, parse_term,
)


@pytest.mark.parametrize("code", ["91350100M000100Y43", "91110000600037341L", "914403001922038216"])
def test_valid_credit_codes_pass_without_repair(code):
    parsed = parse_credit_code(code)
    assert (parsed.value, parsed.valid, parsed.note) == (code, True, None)


@pytest.mark.parametrize("code", ["91350100M000100Y44", "91110000600037341X", "914403001922038217", "9144030019220382"])
def test_invalid_credit_codes_fail(code):
    assert parse_credit_code(code).valid is False


def test_credit_code_spaces_and_full_width_are_folded():
    parsed = parse_credit_code("９１３５ 0100 M000 100Y43")
    assert (parsed.value, parsed.valid, parsed.note) == ("91350100M000100Y43", True, None)


def test_credit_code_lookalike_letters_are_repaired_and_reported():
    parsed = parse_credit_code("91350100MOOO1OOY43")
    assert parsed.valid is True
    assert parsed.value == "91350100M000100Y43"
    assert "第10位 O→0" in parsed.note and "第14位 O→0" in parsed.note


def test_credit_code_digit_positions_take_digits():
    parsed = parse_credit_code("9I44O3OOI922038216")  # I/O read for 1/0 in the division code
    assert (parsed.value, parsed.valid) == ("914403001922038216", True)
    assert parsed.note.startswith("已按OCR常见误识修正")


def test_credit_code_b_read_for_8_is_repaired_by_checksum():
    parsed = parse_credit_code("91440300192203B216")
    assert (parsed.value, parsed.valid) == ("914403001922038216", True)
    assert "第15位 B→8" in parsed.note


def test_credit_code_doubled_character_is_removed():
    parsed = parse_credit_code("91350100M0000100Y43")  # one 0 doubled
    assert (parsed.value, parsed.valid) == ("91350100M000100Y43", True)
    assert "删除重复字符" in parsed.note


def test_full_check_settles_a_doubling_the_check_character_alone_could_not():
    # Undoubling the 44 or the 222 both give a right check character; only the second has a
    # region that exists (4403 深圳, not 4030), so it is the one repair.
    parsed = parse_credit_code("9144030019222038216")
    assert (parsed.value, parsed.valid) == ("914403001922038216", True)


def test_wrong_check_character_is_not_repaired_into_another_code():
    parsed = parse_credit_code("914403001922038217")
    assert parsed.valid is False and parsed.value == "914403001922038217"


def test_repaired_codes_are_trusted_less_than_codes_read_as_they_are():
    assert parse_credit_code("91350100M000100Y43").confidence_scale == 1.0
    one = parse_credit_code("91440300192203B216")
    four = parse_credit_code("91350100MOOO1OOY43")
    assert 0 < four.confidence_scale < one.confidence_scale < 1.0


def test_ocr_repair_never_lands_on_a_code_that_only_the_check_character_accepts():
    # Read as 914403001922038203 the check character fits, but the embedded organisation
    # code 192203820 fails its own check: no repair, the code is shown as read.
    parsed = parse_credit_code("9144O3OO1922O382O3")
    assert (parsed.value, parsed.valid, parsed.confidence_scale) == ("9144O3OO1922O382O3", False, 1.0)
    assert "修正后仍无效" in parsed.note


def test_id_repair_onto_an_impossible_birth_date_is_refused():
    # 110105199913400011 has a right check character and no 13th month
    parsed = parse_id_number("11O1O5199913400011")
    assert (parsed.value, parsed.valid) == ("11O1O5199913400011", False)
    assert parse_id_number("110105199913400011").valid is False


def test_repaired_id_number_is_trusted_less():
    assert parse_id_number("11O1O519491231OO2X").confidence_scale < parse_id_number("11010519491231002X").confidence_scale


@pytest.mark.parametrize("number", ["11010519491231002X", "11010519491231002x", "1101 0519 4912 31002X"])
def test_valid_id_numbers(number):
    parsed = parse_id_number(number)
    assert (parsed.value, parsed.valid) == ("11010519491231002X", True)


def test_id_number_repairs_are_reported():
    parsed = parse_id_number("11O1O519491231OO2X")
    assert (parsed.value, parsed.valid) == ("11010519491231002X", True)
    assert "第3位 O→0" in parsed.note


def test_id_multiplication_sign_reads_as_x():
    assert parse_id_number("11010519491231002×").valid is True


@pytest.mark.parametrize("number", ["110105194912310021", "11010519491231002", "A1010519491231002X"])
def test_invalid_id_numbers(number):
    assert parse_id_number(number).valid is False


@pytest.mark.parametrize(
    ("text", "value"),
    [("13800138000", "13800138000"), ("+86 138-0013-8000", "13800138000"), ("0755-88881234", "0755-88881234"),
     ("（0755）8888 1234", "0755-88881234"), ("075588881234", "0755-88881234"),
     # as applicants write them: Shenzhen's 8 digits alone (the notice writes its own so), an
     # extension, another city's landline, a service number, two numbers in one cell
     ("82997829", "0755-82997829"), ("0755-82997829转801", "0755-82997829转801"),
     ("0755-8299 7829-801", "0755-82997829转801"), ("020-88881234", "020-88881234"),
     ("400-123-4567", "4001234567"), ("82997829、15815512067", "0755-82997829、15815512067"),
     ("0755-88881234 / 13800138000", "0755-88881234、13800138000"),
     # words beside the number in its cell: a name, or a seal's centre text stamped over it
     ("13800138000 张经理", "13800138000"), ("16498906000财务专用", "16498906000")],
)
def test_valid_phones(text, value):
    parsed = parse_phone(text)
    assert (parsed.value, parsed.valid) == (value, True)


@pytest.mark.parametrize("text", ["12800138000", "1380013800", "0755-8888123", "8299782", "13800138000、1380013800"])
def test_invalid_phones(text):
    assert parse_phone(text).valid is False


@pytest.mark.parametrize(("text", "inside"), [("138001380002023", True), ("0755888812346", True), ("1380013800", False)])
def test_a_phone_run_together_with_other_figures_is_told(text, inside):
    assert holds_a_phone(text) is inside


def test_dates_in_the_forms_they_are_written():
    assert parse_date("2023年6月15日") == date(2023, 6, 15)
    assert parse_date("申报日期：2023年06月15日") == date(2023, 6, 15)
    assert parse_date("2023-06-15") == date(2023, 6, 15)
    assert parse_date("2023.6.1") == date(2023, 6, 1)
    assert parse_date("2023年O6月l5日") == date(2023, 6, 15)
    assert parse_date("2023年13月1日") is None
    assert find_dates("自2022年1月1日至2025年12月31日") == [date(2022, 1, 1), date(2025, 12, 31)]
    # a seal's rim read into the day ("13日" as "1:3H"): no date rather than the 1st
    assert parse_date("填报时间：2023年6月1:3H") is None
    assert find_dates("2023.6.1-2023.12.31") == [date(2023, 6, 1), date(2023, 12, 31)]
    assert parse_date("2023-06-13 10:30") == date(2023, 6, 13)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("二〇二三年六月二十八日", date(2023, 6, 28)),
        ("二零二三年六月廿八日", date(2023, 6, 28)),
        ("2023年6月二十八日", date(2023, 6, 28)),
        ("申报单位（盖章）      二〇二三年十二月三十一日", date(2023, 12, 31)),
        ("签字日期：二○二三年 六 月 八 日", date(2023, 6, 8)),  # ○ typed for 〇, spaced out for a seal
        ("二O二三年六月二十八日", date(2023, 6, 28)),  # OCR read 〇 as the letter O
        ("二0二三年六月二十八日", date(2023, 6, 28)),  # OCR read 〇 as the digit 0
        ("2O23年六月十日", date(2023, 6, 10)),
        ("二〇二三年O6月l5日", date(2023, 6, 15)),
        ("二〇二三年三月卅日", date(2023, 3, 30)),
        ("二〇二三年六月二十八号", date(2023, 6, 28)),
    ],
)
def test_dates_in_chinese_numerals(text, day):
    assert parse_date(text) == day


@pytest.mark.parametrize("text", ["二〇二三年二月三十日", "二〇二三年十三月一日", "二〇二三年十十月一日"])
def test_impossible_dates_in_chinese_numerals_are_not_dates(text):
    assert parse_date(text) is None


def test_chinese_numeral_dates_in_a_term():
    term = parse_term("有效期：二〇二三年六月十日至二〇二六年六月九日")
    assert (term.start, term.end) == (date(2023, 6, 10), date(2026, 6, 9))
    term = parse_term("有效期至二〇三〇年一月一日")
    assert (term.start, term.end, term.open_ended) == (None, date(2030, 1, 1), False)


def test_terms():
    term = parse_term("2015年03月02日至长期")
    assert (term.start, term.end, term.open_ended) == (date(2015, 3, 2), None, True)
    term = parse_term("自2022年1月1日至2025年12月31日")
    assert (term.start, term.end, term.open_ended) == (date(2022, 1, 1), date(2025, 12, 31), False)
    assert parse_term("2022.01.01-2025.12.31").end == date(2025, 12, 31)
    assert parse_term("有效期至2030年1月1日").end == date(2030, 1, 1)
    assert parse_term("无") is None


def test_areas_and_counts():
    assert parse_area("120平方米") == 120
    assert parse_area("租赁面积 1,250.5 ㎡") == 1250.5
    assert parse_area("12O m2") == 120
    assert parse_area("无") is None
    assert parse_count("共计 3,2OO 人次") == 3200
    assert parse_count("年度带徒人数：12人") == 12


@pytest.mark.parametrize(
    ("text", "level"),
    [("二级/技师", ("二级/技师", 4)), ("高级技师", ("一级/高级技师", 5)), ("三级/高级工", ("三级/高级工", 3)),
     ("四级", ("四级/中级工", 2)), ("首席技师", ("首席技师", 7))],
)
def test_skill_levels(text, level):
    assert parse_skill_level(text) == level


def test_professional_titles_are_not_skill_levels():
    assert parse_skill_level("高级讲师") is None
    assert parse_skill_level("工程师") is None
    assert is_senior("三级/高级工") and is_senior("技师") and not is_senior("中级工") and not is_senior("高级工程师")


@pytest.mark.parametrize("text, counted", [
    ("三级/高级工", True), ("二级/技师", True), ("四级/中级工", False), ("初级工", False),
    ("工程师", True), ("讲师", True), ("高级讲师", True), ("高级工程师", True), ("副教授", True), ("中级职称", True),
    ("一级实习指导教师", True), ("高级实习指导教师", True),
    ("助理工程师", False), ("助理讲师", False), ("技术员", False), ("三级实习指导教师", False), ("实习指导教师", False),
])
def test_instructors_count_with_a_senior_skill_level_or_a_middle_grade_title(text, counted):
    """The 师资 rule: 高级工 and above, or a professional title (职称) of the middle grade and
    above; a teacher's 三级 is their first grade, not 高级工."""
    assert is_qualified_instructor(text) is counted


@pytest.mark.slow
def test_chinese_numeral_dates_read_from_a_scan_by_rapidocr():
    """Dates drawn as a signature block would have them, scanned (noise, blur, skew, JPEG),
    read by RapidOCR with its bundled models, then parsed."""
    cv2 = pytest.importorskip("cv2")
    import random

    import numpy as np
    import pymupdf
    import rapidocr

    from factory.scan import PageScan, ScanSettings, Scanner
    from factory.sheet import Sheet, draw

    written = {
        "申报日期：二〇二三年六月二十八日": date(2023, 6, 28),
        "二零二三年六月廿八日": date(2023, 6, 28),
        "签署日期：2023年6月二十八日": date(2023, 6, 28),
        "单位（盖章）      二○二三年十二月三十一日": date(2023, 12, 31),
        "有效期至二〇三〇年一月一日": date(2030, 1, 1),
    }
    sheet = Sheet()
    for i, text in enumerate(written):
        sheet.text(72, 120 + 40 * i, text, 14)
    with pymupdf.open() as doc:
        page = doc.new_page(width=sheet.width, height=sheet.height)
        draw(sheet, page)
        scanner = Scanner(ScanSettings(dpi=150, color=False, quality=60, noise_sigma=6, blur=True), random.Random(5))
        jpeg = scanner.scan(page, PageScan(skew_deg=0.6, shift=(0, 0), rotation=0, dark_border=False, shadow_edge=None))
    image = cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_COLOR)
    read = rapidocr.RapidOCR(params={"Global.use_cls": False, "Global.log_level": "warning"})(image).txts

    assert sorted(d for line in read for d in find_dates(line)) == sorted(written.values())
