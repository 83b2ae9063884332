"""The file-name rule: stem equals the applicant's unit name."""

from __future__ import annotations

import pytest

from pipeline.filename import check_file_name

UNIT = "深圳市鹏城智造科技有限公司"


def codes(filename: str, unit: str | None = UNIT) -> list[str]:
    return [f.code for f in check_file_name(filename, unit)]


@pytest.mark.parametrize("filename", [
    "深圳市鹏城智造科技有限公司.pdf",
    "深圳市鹏城智造科技有限公司.PDF",
    "C:\\inbox\\深圳市鹏城智造科技有限公司.pdf",
    "/inbox/深圳市 鹏城智造科技 有限公司.pdf",
])
def test_the_unit_name_is_accepted(filename):
    assert codes(filename) == []


def test_bracket_width_and_spaces_do_not_matter():
    unit = "深圳市华南职业技能培训中心（南山）"
    assert codes("深圳市华南职业技能培训中心(南山).pdf", unit) == []
    assert codes("深圳市华南职业技能培训中心 （ 南山 ）.pdf", unit) == []


def test_one_character_off_a_single_reading_asks_a_person():
    findings = check_file_name("深圳市鹏城智造科技有限公司.pdf", "深圳市鹏城智造科枝有限公司")
    assert [(f.code, f.severity) for f in findings] == [("file.name_mismatch", "review")]


def test_one_character_off_is_tolerated_when_another_reading_matches_the_file():
    assert check_file_name("深圳市鹏城智造科技有限公司.pdf", "深圳市鹏城智造科枝有限公司", [UNIT]) == []


def test_one_character_off_two_agreeing_readings_is_an_error():
    findings = check_file_name("深圳市鹏城智选科技有限公司.pdf", UNIT, [UNIT])
    assert [(f.code, f.severity) for f in findings] == [("file.name_mismatch", "error")]
    assert "一字之差" in findings[0].message


def test_a_licence_reading_alone_still_names_the_applicant():
    assert codes("深圳市前海鹏城智造科技有限公司.pdf", None) == []
    assert [f.code for f in check_file_name("深圳市前海鹏城智造科技有限公司.pdf", None, [UNIT])] == ["file.name_mismatch"]


def test_legal_form_difference_is_another_name():
    findings = check_file_name("深圳市鹏城智造科技有限责任公司.pdf", UNIT)
    assert [f.code for f in findings] == ["file.name_mismatch"] and findings[0].severity == "error"
    assert "深圳市鹏城智造科技有限责任公司" in findings[0].message and UNIT in findings[0].message
    assert codes("深圳市鹏城智造科技有限公司.pdf", "深圳市鹏城智造科技有限责任公司") == ["file.name_mismatch"]


@pytest.mark.parametrize("filename", [
    "鹏城智造科技有限公司.pdf",
    "深圳市前海鹏城智造科技有限公司.pdf",
    "深圳市鹏城智造科技有限公司南山分公司.pdf",
    "申报材料.pdf",
    "scan_0001.pdf",
])
def test_another_name_is_a_mismatch(filename):
    assert codes(filename) == ["file.name_mismatch"]


@pytest.mark.parametrize("filename,extra", [
    ("深圳市鹏城智造科技有限公司申报材料.pdf", "申报材料"),
    ("深圳市鹏城智造科技有限公司（扫描件）.pdf", "扫描件"),
    ("深圳市鹏城智造科技有限公司-20230615.pdf", "20230615"),
    ("2023年度深圳市鹏城智造科技有限公司.pdf", "2023年度"),
    ("深圳市鹏城智造科技有限公司高技能人才培训基地申报.pdf", "高技能人才培训基地申报"),
])
def test_name_plus_extra_words_is_a_warning(filename, extra):
    findings = check_file_name(filename, UNIT)
    assert [f.code for f in findings] == ["file.name_extra"] and findings[0].severity == "warning"
    assert extra in findings[0].message


def test_unknown_unit_name_gives_no_finding():
    assert codes("随便什么名字.pdf", None) == [] and codes("随便什么名字.pdf", "") == []
