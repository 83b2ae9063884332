"""The carrier type is read from the 申报类型 tick row, a form title or the cover."""

import pytest

from extractors.carrier_type import detect_carrier_type
from kernel.models import OcrLine, PageText


def page(index, *rows):
    """A page whose rows are lists of (text, x0, x1) boxes, one row every 30 pt."""
    lines = []
    for n, row in enumerate(rows):
        y = 80 + 30 * n
        for text, x0, x1 in row:
            lines.append(OcrLine(text=text, box=(x0, y, x1, y + 16), confidence=0.93))
    return PageText(index=index, lines=lines)


def tick_row(first, second, third):
    """The form's 申报类型 row: label cell, then three options with their marks as OCR gave them."""
    return [("申报类型", 60, 130), (f"{first}高技能人才培训基地", 150, 290),
            (f"{second}技能大师工作室", 300, 410), (f"{third}乡村振兴技能工作站", 420, 560)]


FORM_TOP = [("单位名称", 60, 130), ("深圳市南山区华科技能培训中心", 150, 400)]


@pytest.mark.parametrize(
    ("marks", "expected"),
    [
        (("☑", "□", "□"), "training_base"),
        (("□", "☑", "□"), "master_studio"),
        (("口", "团", "口"), "master_studio"),  # ☑ read as 团, □ as 口
        (("□", "□", "V"), "rural_station"),
        (("□", "√", "□"), "master_studio"),
        (("口", "区", "口"), "master_studio"),
    ],
)
def test_ticked_box_decides(marks, expected):
    pages = [page(3, [("2023年度深圳市终身职业技能培训载体认定申报表", 150, 450)], FORM_TOP, tick_row(*marks))]
    carrier_type, page_index, evidence = detect_carrier_type(pages)
    assert (carrier_type, page_index) == (expected, 3)
    assert "申报类型" in evidence


def test_an_option_whose_box_did_not_survive_is_not_taken_as_ticked_on_its_own():
    """Nothing ticked and the first empty box dropped by OCR reads like a dropped tick."""
    form = page(3, [("2023年度深圳市终身职业技能培训载体认定申报表", 150, 450)], FORM_TOP, tick_row("", "□", "□"))
    assert detect_carrier_type([form]) == (None, None, "")


def test_an_option_whose_box_did_not_survive_confirms_the_type_the_cover_names():
    cover = page(1, [("2023年度深圳市终身职业技能培训载体认定申报材料", 100, 500)], [("（技能大师工作室）", 200, 400)])
    form = page(3, tick_row("□", "", "□"))
    carrier_type, page_index, evidence = detect_carrier_type([cover, form])
    assert (carrier_type, page_index) == ("master_studio", 3)
    assert "申报类型" in evidence
    other = page(1, [("乡村振兴技能工作站", 200, 400)])
    assert detect_carrier_type([other, form])[0] == "rural_station"


def test_tick_beats_a_cover_naming_another_type():
    cover = page(1, [("2023年度深圳市终身职业技能培训载体认定申报材料", 100, 500)], [("高技能人才培训基地", 200, 400)])
    form = page(3, tick_row("□", "☑", "□"))
    assert detect_carrier_type([cover, form])[0] == "master_studio"


def test_a_tick_read_on_the_wrong_box_loses_to_the_form_title_and_the_cover_naming_another_type():
    """The empty first box read as ☑ and the real tick dropped (a generated 申报表 read so):
    the form's own title and the cover both say 乡村振兴技能工作站. A title alone does not
    outweigh a tick."""
    cover = page(1, [("2023年度深圳市终身职业技能", 100, 500)], [("（乡村振兴技能工作站）", 200, 400)])
    form = page(3, [("2023年度深圳市乡村振兴技能工作站认定申报表", 120, 480)], FORM_TOP, tick_row("☑", "□", ""))
    assert detect_carrier_type([cover, form])[0] == "rural_station"
    assert detect_carrier_type([form])[0] == "training_base"


def test_untickable_row_falls_back_to_the_form_title():
    pages = [page(3, [("2023年度深圳市乡村振兴技能工作站认定申报表", 120, 480)], tick_row("", "", ""))]
    assert detect_carrier_type(pages) == ("rural_station", 3, "2023年度深圳市乡村振兴技能工作站认定申报表")


def test_form_title_alone():
    pages = [page(2, [("技能大师工作室认定申请表", 180, 420)], FORM_TOP)]
    assert detect_carrier_type(pages)[:2] == ("master_studio", 2)


def test_cover_text_with_full_width_and_a_slipped_character():
    cover = page(1, [("２０２３年度深圳市终身职业技能培训载体认定申报材料", 100, 500)],
                 [("技能大帅工作室", 220, 380)], [("深圳市宝安区精工模具有限公司", 150, 450)])
    assert detect_carrier_type([cover]) == ("master_studio", 1, "技能大帅工作室")


def test_two_ticks_or_no_evidence_leave_the_type_unknown():
    assert detect_carrier_type([page(3, tick_row("☑", "☑", "□"))]) == (None, None, "")
    cover = page(1, [("2023年度深圳市终身职业技能培训载体认定申报材料", 100, 500)], FORM_TOP)
    assert detect_carrier_type([cover]) == (None, None, "")
    assert detect_carrier_type([]) == (None, None, "")


def test_a_type_named_in_passing_in_running_text_loses_to_the_forms_value():
    """A form whose 申报类别 row reads 高技能人才培训基地（市级）, on a cover naming no type, and
    a 单位简介 on the next page that mentions the unit's 大师工作室 in a sentence."""
    cover = page(1, [("职业技能培训载体认定", 150, 450)], [("申报书", 250, 350)])
    form = page(4, FORM_TOP, [("申报类别", 60, 130), ("高技能人才培训基地（市级）", 150, 400)])
    profile = page(6, [("践锻炼不少于一个月。依托大师工作室开展技术攻关和技艺传", 60, 540)])

    assert detect_carrier_type([cover, form, profile])[0] == "training_base"
    # alone, running text still names a type: weaker evidence, not none
    assert detect_carrier_type([cover, profile])[0] == "master_studio"
