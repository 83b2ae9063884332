"""Key fields read from OCR lines laid out as scanned pages give them: a bordered form's
label and value cells as separate boxes on one row, values split over two boxes, labels
and values merged with a full-width colon, values under their label, prose wrapped over
lines, tables, and noise."""

import pytest

from checklists.loader import COMMON_FIELDS, TYPE_FIELDS, load_all_checklists
from extractors.fields import extract_fields
from extractors.formlines import read_pairs, read_table
from kernel.geometry import group_rows
from kernel.models import OcrLine, PageText

MASTER_ID = "440305198001010013"


def boxes(index, rows, height=16, gap=30, top=80):
    """A page from rows of (text, x0, x1) boxes; a row may nudge its boxes up or down by a
    point or two as a slightly skewed scan does."""
    lines = []
    for n, row in enumerate(rows):
        y = top + gap * n
        for k, (text, x0, x1) in enumerate(row):
            dy = (k % 2) * 1.5
            lines.append(OcrLine(text=text, box=(x0, y + dy, x1, y + dy + height), confidence=0.9 + 0.01 * k))
    return PageText(index=index, lines=lines)


@pytest.fixture(scope="module")
def checklists():
    return load_all_checklists()


def studio_form(index=3, code="9135 0100 MOOO 100Y43"):
    return boxes(index, [
        [("2023年度深圳市技能大师工作室认定申报表", 150, 450)],
        [("单位名称", 60, 130), ("深圳市甲科技", 150, 260), ("有限公司", 262, 330)],
        [("统一社会信用代码", 60, 180), (code, 200, 380)],
        [("申报类型", 60, 130), ("□高技能人才培训基地 ☑技能大师工作室 □乡村振兴技能工作站", 150, 540)],
        [("法定代表人", 60, 140), ("张三", 150, 190), ("成立日期", 300, 360), ("2015年03月02日", 380, 480)],
        [("单位地址", 60, 130), ("深圳市南山区科技园路1号", 150, 350)],
        [("联系人", 60, 110), ("王五", 150, 190), ("联系电话", 300, 360), ("0755-8888 1234", 380, 480)],
        [("场地面积（平方米）", 60, 200), ("120", 220, 250), ("申报日期", 300, 360), ("2023年06月15日", 380, 480)],
        [("领办人姓名", 60, 140), ("李四", 150, 190), ("技能等级", 300, 360), ("二级/技师", 380, 450)],
        [("身份证号码", 60, 140), (MASTER_ID, 150, 330)],
        [("职业（工种）", 60, 140), ("数控车工", 150, 230)],
        [("单位简介", 60, 130), ("本单位成立于2015年，专注于精密加工。", 150, 500)],
        [("- 3 -", 290, 310)],
    ])


def licence(index=5, name="深圳市甲科技有限公司"):
    return boxes(index, [
        [("统一社会信用代码", 70, 170)],
        [("91350100M000100Y43", 70, 220)],  # value printed under its label
        [("营 业 执 照", 220, 380)],
        [("（副 本）", 260, 330)],
        [("名 称", 90, 120), (name, 180, 360)],
        [("类 型", 90, 120), ("有限责任公司", 180, 280)],
        [("法定代表人", 90, 150), ("张三", 180, 220)],
        [("营业期限", 90, 150), ("2015年03月02日至长期", 180, 330)],
        [("住 所", 90, 120), ("深圳市南山区科技园路1号", 180, 380)],
    ])


def id_card(index, name, number):
    return boxes(index, [
        [("法定代表人身份证复印件", 200, 400)],
        [("姓名", 150, 175), (name, 190, 230)],
        [("性别", 150, 175), ("男  民族  汉", 190, 260)],
        [("出生", 150, 175), ("1980年1月1日", 190, 280)],
        [("公民身份号码", 150, 215), (number[:10], 230, 320), (number[10:], 322, 380)],
        [("此复印件与原件一致，仅供申报使用", 180, 420)],
    ], gap=22)


def certificate(index=9):
    return boxes(index, [
        [("职业资格证书", 220, 380)],
        [("姓名", 200, 230), ("李四", 290, 330)],
        [("身份证号", 200, 250), (MASTER_ID, 290, 450)],
        [("职业（工种）", 200, 270), ("数控车工", 290, 360)],
        [("等级", 200, 230), ("二级/技师", 290, 360)],
        [("证书编号", 200, 250), ("S 1234567890123456", 290, 450)],
        [("发证日期", 200, 250), ("2018年05月20日", 290, 400)],
    ])


def lease(index=10):
    return boxes(index, [
        [("房屋租赁合同", 240, 360)],
        [("出租方（甲方）：深圳市安居物业管理有限公司", 60, 400)],
        [("承租方（乙方）：深圳市甲科技有限公司", 60, 360)],
        [("第一条 甲方将位于深圳市南山区科技园路1号的房屋出租给乙方使用，租赁面积 1", 60, 540)],
        [("20平方米，用途为办公及培训。", 60, 260)],
        [("第二条 租赁期限 自2022年1月1日至2026年12", 60, 400)],
        [("月31日，租赁期满乙方需续租的，应提前三个月书面通知甲方。", 60, 500)],
    ])


def roster(index, names, levels=None):
    header = [("序号", 60, 90), ("姓名", 100, 160), ("性别", 170, 200), ("职业（工种）", 210, 300), ("技能等级", 310, 400), ("职责", 410, 480)]
    rows = [header]
    for n, name in enumerate(names, 1):
        level = levels[n - 1] if levels else "三级/高级工"
        rows.append([(str(n), 70, 80), (name, 105, 150), ("男", 175, 190), ("数控车工", 215, 290), (level, 315, 395), ("带徒传技", 415, 475)])
    return boxes(index, [[("工作室成员名单", 200, 400)], *rows], gap=24)


def commitment(index=7, signature="法定代表人（签字）：张三", dated="2023年6月15日"):
    return boxes(index, [
        [("诚信承诺书", 250, 340)],
        [("本单位深圳市甲科技有限公司自愿申报2023年度深圳市终身职业技能培训载体认定，现郑重承诺如下：", 60, 540)],
        [("二、本单位近三年无严重违法失信行为，未被列入严重失信主体名单。", 60, 480)],
        [("承诺单位（盖章）：", 300, 400)],
        [(signature, 300, 420)],
        [(dated, 360, 460)],
    ])


def credit(index=8, serious="未查询到相关记录", result="查询结果：该主体未被列入严重失信主体名单。"):
    return boxes(index, [
        [("“信用中国”查询结果", 220, 380)],
        [("信用中国  CREDIT CHINA", 70, 260)],
        [("查询时间：2023年6月10日", 60, 220)],
        [("名称", 70, 110), ("深圳市甲科技有限公司", 200, 360)],
        [("统一社会信用代码", 70, 170), ("91350100M000100Y43", 200, 360)],
        [("行政处罚", 70, 130), ("0条", 200, 230)],
        [("严重失信主体名单", 70, 180), (serious, 200, 330)],
        [("经营异常名录", 70, 160), ("未查询到相关记录", 200, 330)],
        [(result, 60, 400)],
    ])


def social_insurance(index=14, employer="深圳市甲科技有限公司"):
    return boxes(index, [
        [("劳动合同及社保参保证明", 220, 380)],
        [("深圳市社会保险参保证明（个人）", 200, 400)],
        [("姓名：李四    公民身份号码：" + MASTER_ID, 60, 400)],
        [("参保单位：" + employer, 60, 330)],
        [("累计缴费月数：36个月", 60, 200)],
        [("缴费年月", 60, 150), ("参保单位", 180, 280), ("缴费状态", 330, 400), ("缴费基数", 430, 500)],
        [("2022年01月", 62, 140), ("深圳市乙贸易有限", 182, 300), ("正常缴费", 332, 398), ("5000", 440, 480)],
    ], gap=24)


def studio_pages():
    return {
        "commitment_letter": [commitment()],
        "credit_record": [credit()],
        "employment_proof": [social_insurance()],
        "application_form": [studio_form()],
        "entity_certificate": [licence()],
        "legal_rep_id": [id_card(6, "张三", "11010519491231002X")],
        "master_id": [id_card(8, "李四", MASTER_ID)],
        "master_certificate": [certificate()],
        "venue_proof": [lease()],
        "team_roster": [roster(11, ["赵一", "钱二", "孙三", "周四", "吴五", "郑六"])],
        "apprenticeship_plan": [boxes(12, [[("带徒计划", 240, 320)], [("领办人：李四    职业（工种）：数控车工", 60, 360)],
                                           [("年度带徒人数：8人", 60, 200)]])],
        "master_honors": [boxes(13, [[("荣 誉 证 书", 220, 380)], [("李四同志：", 60, 150)],
                                     [("在2020年度职业技能竞赛中成绩优异，被授予“深圳市技术能手”", 90, 520)],
                                     [("称号。特发此证，以资鼓励。", 90, 300)]])],
    }


def test_rows_are_rebuilt_from_box_geometry():
    rows = group_rows(studio_form().lines)
    assert [line.text for line in rows[4]] == ["法定代表人", "张三", "成立日期", "2015年03月02日"]
    assert rows[-1][0].text == "- 3 -"


def test_label_and_value_cells_pair_and_a_split_value_is_joined():
    cells = read_pairs(studio_form(), {"unit": ["单位名称"], "date": ["申报日期"], "contact": ["联系人"]}, ["联系电话"])
    assert cells["unit"].text == "深圳市甲科技有限公司"
    assert cells["unit"].box == (150, 110, 330, 127.5)
    assert cells["unit"].page == 3
    assert cells["date"].text == "2023年06月15日"
    assert cells["contact"].text == "王五"  # stopped by the next label on the row


def test_label_and_value_in_one_box_with_either_colon():
    page = boxes(1, [[("联系人：王五", 60, 160)], [("联系电话:13800138000", 60, 200)], [("单位名称深圳市乙科技有限公司", 60, 300)],
                     [("法定代表人", 60, 140), ("张三", 150, 190), ("成立日期：2015年3月2日", 300, 480)]])
    labels = {"contact": ["联系人"], "phone": ["联系电话"], "unit": ["单位名称"], "rep": ["法定代表人"]}
    cells = read_pairs(page, labels, ["成立日期"])
    assert (cells["contact"].text, cells["phone"].text, cells["unit"].text) == ("王五", "13800138000", "深圳市乙科技有限公司")
    assert cells["rep"].text == "张三"  # the next cell, label and value in one box, ends the value


def test_a_label_with_a_dropped_character_is_still_a_label():
    page = boxes(1, [[("统一社会信代码", 60, 170), ("914403001922038216", 190, 360)]])
    assert read_pairs(page, {"code": ["统一社会信用代码"]})["code"].text == "914403001922038216"


def test_a_labels_parenthetical_wrapped_onto_the_values_row_is_not_part_of_the_value():
    """"法定代表人" / "(负责人)" and "联系电话" / "(手机)" printed on two lines of one label cell:
    the second line is read on the value's row, before the value."""
    page = boxes(3, [
        [("法定代表人", 60, 130), ("负责人)", 64, 120), ("方远梓", 200, 250)],
        [("联系电话", 60, 120), ("（手机）13928236186", 64, 260)],
        [("单位名称", 60, 120), ("深圳市天工（集团）有限公司", 200, 380)],
    ])
    cells = read_pairs(page, {"legal": ["法定代表人"], "phone": ["联系电话"], "name": ["单位名称"]})
    assert {k: c.text for k, c in cells.items()} == {"legal": "方远梓", "phone": "13928236186", "name": "深圳市天工（集团）有限公司"}


def test_a_label_its_note_and_its_value_in_one_box_without_a_colon():
    """"法定代表人（负责人） 曹刚" as one line of a born-digital form: the note in brackets is the
    label's, the name after it the value (it was taken for "法定代表人或负责人" misread, and
    the name lost)."""
    page = boxes(2, [[("法定代表人（负责人） 曹刚", 60, 230)], [("联系电话（手机） 13013036626", 60, 250)]])
    labels = {"legal": ["法定代表人", "法定代表人或负责人", "负责人"], "phone": ["联系电话"]}
    cells = read_pairs(page, labels)
    assert (cells["legal"].text, cells["phone"].text) == ("曹刚", "13013036626")


def test_a_seals_star_on_a_labels_row_is_not_its_value_the_value_below_is():
    """A form with values under their labels, a half-seal at the page's edge: its star is read
    on the phone label's row, far right (a wild 申报表 reported the phone as "★")."""
    line = lambda text, x0, x1, y0, y1: OcrLine(text=text, box=(x0, y0, x1, y1), confidence=0.96)
    page = PageText(index=3, lines=[
        line("项目联系人", 68, 124, 360, 378), line("陈杰永", 71, 115, 379, 401),
        line("★", 570, 598, 398, 431), line("联系方式", 68, 115, 407, 425),
        line("13561677071", 74, 139, 428, 444), line("4403165", 569, 596, 447, 459),
    ])
    cells = read_pairs(page, {"contact": ["项目联系人"], "phone": ["联系方式"]})
    assert (cells["contact"].text, cells["phone"].text) == ("陈杰永", "13561677071")


def test_a_riding_seals_words_on_a_labels_row_are_not_its_value_the_value_below_is():
    """Values under their labels, a riding seal at the page's edge read as words on the
    label's row, far right (two wild 申报表 gave the contact as "发票卡" and "深圳市电子")."""
    line = lambda text, x0, x1, y0, y1: OcrLine(text=text, box=(x0, y0, x1, y1), confidence=0.96)
    labels = {"contact": ["申报联系人", "联系人"], "phone": ["电话"], "address": ["单位地址"]}
    page = PageText(index=3, lines=[
        line("单位地址", 62, 104, 304, 320), line("深圳市罗湖区清水河街道坪山大道3389号", 69, 257, 324, 339),
        line("申报联系人：", 63, 120, 348, 364), line("发票卡", 565, 594, 354, 373), line("丁杰振", 66, 105, 365, 384),
        line("44035", 570, 590, 386, 396), line("电话", 62, 88, 390, 407), line("0755-89647916", 68, 149, 410, 425),
    ])
    assert read_pairs(page, labels)["contact"].text == "丁杰振"
    tall = PageText(index=3, lines=[
        line("注册地址：", 75, 133, 345, 362), line("深圳市盐田区海山街道龙岗大道735号", 82, 284, 368, 383),
        line("联系人", 74, 115, 396, 415), line("深圳市电子", 541, 606, 400, 476), line("汪春", 78, 112, 417, 440),
        line("手机号码：", 76, 133, 448, 466), line("17273899856", 82, 159, 472, 488),
    ])
    assert read_pairs(tall, labels)["contact"].text == "汪春"
    # a value centred in a wide cell, its column's other values reaching across its left edge
    table = boxes(3, [[("联系人", 60, 110), ("王五", 300, 330)], [("开户行", 60, 110), ("中国招商银行深圳分行车公庙支行", 200, 430)],
                      [("备注", 60, 90)]])
    assert read_pairs(table, labels)["contact"].text == "王五"


def test_the_first_line_of_a_label_wrapped_over_two_lines_is_not_its_value():
    """"统一社会信用" / "代码" in one label cell: the cell's first line is read on the row after 代码."""
    page = boxes(3, [
        [("代码", 60, 90), ("统一社会信用", 64, 150), ("91440300710775177Y", 200, 380)],
    ])
    cells = read_pairs(page, {"code": ["统一社会信用代码", "代码"]})
    assert cells["code"].text == "91440300710775177Y"


def test_the_value_of_a_label_wrapped_over_two_lines_stands_between_them():
    """"组织机构代码（统一社会信用" / "代码）" in one label cell, the code centred in its own cell:
    three rows as OCR groups them, the value's alone."""
    line = lambda text, x0, x1, y: OcrLine(text=text, box=(x0, y, x1, y + 12), confidence=0.95)
    page = PageText(index=4, lines=[
        line("申报主体名称", 113, 179, 146), line("深圳市安信达技工学校", 208, 317, 145),
        line("组织机构代码（统一社会信用", 90, 202, 176), line("1244030069048841XX", 208, 306, 183),
        line("代码）", 131, 158, 191),
        line("载体类别", 123, 170, 218), line("技能大师工作室", 208, 290, 218),
    ])
    cells = read_pairs(page, {"code": ["统一社会信用代码", "组织机构代码"], "name": ["申报主体名称"], "kind": ["载体类别"]})
    assert {k: c.text for k, c in cells.items()} == {
        "name": "深圳市安信达技工学校", "code": "1244030069048841XX", "kind": "技能大师工作室"}


def test_a_labels_note_cut_by_the_cells_wrap_is_not_its_value():
    """"法定代表人（负责" / "人）" in one label cell, the name beside the label between its two
    lines, on a row with the next cell's label and value (a real 基本情况表 as OCR grouped it)."""
    line = lambda text, x0, x1, y: OcrLine(text=text, box=(x0, y, x1, y + 12), confidence=0.97)
    page = PageText(index=3, lines=[
        line("单位地址", 107, 155, 227), line("深圳市龙华区科技南路2622号", 194, 470, 227),
        line("法定代表人（负责", 79, 156, 260), line("任德", 167, 191, 269), line("项目联系人 方怡杰", 313, 429, 269),
        line("人）", 108, 127, 280),
        line("手机号码", 93, 141, 310), line("0755-82773820", 167, 245, 310),
    ])
    cells = read_pairs(page, {"legal": ["法定代表人"], "contact": ["项目联系人"], "phone": ["手机号码"], "address": ["单位地址"]})
    assert (cells["legal"].text, cells["contact"].text) == ("任德", "方怡杰")


def test_a_value_ends_where_the_next_cells_label_wrapped_above_and_below_its_row_stands():
    """"场地总面积（平方" / "米）" in the cell after the phone, on the lines above and below the
    phone's row, its value on the phone's row (a born-digital 申报登记表 as its text layer gave it)."""
    line = lambda text, x0, x1, y: OcrLine(text=text, box=(x0, y, x1, y + 12), confidence=0.99)
    page = PageText(index=3, lines=[
        line("单位负责人 石子", 87, 160, 279), line("联系人", 325, 355, 279), line("孙佳雪", 393, 430, 279),
        line("场地总面积（平方", 304, 380, 313),
        line("电话", 105, 125, 321), line("14312072083", 167, 230, 321), line("2452", 393, 416, 321),
        line("米）", 333, 350, 331),
    ])
    cells = read_pairs(page, {"phone": ["电话"], "area": ["场地总面积"], "contact": ["联系人"]})
    assert (cells["phone"].text, cells["contact"].text) == ("14312072083", "孙佳雪")


def test_a_unit_named_in_its_seal_slot_in_the_same_box_is_the_units_name():
    page = boxes(3, [[("申请单位（盖章） 深圳市深蓝技工学校", 83, 300)], [("社会信用代码", 95, 160), ("12440300655467912N", 194, 330)]])
    cells = read_pairs(page, {"unit": ["申请单位"], "code": ["社会信用代码"]})
    assert cells["unit"].text == "深圳市深蓝技工学校"


def test_a_value_is_never_taken_from_an_unrelated_label():
    page = boxes(1, [[("联系电话", 60, 120), ("", 130, 131)], [("申报日期", 60, 120), ("2023年6月1日", 130, 220)]])
    assert "phone" not in read_pairs(page, {"phone": ["联系电话"], "date": ["申报日期"]})


def test_table_cells_go_to_their_header_column():
    page = boxes(1, [
        [("年度", 60, 100), ("培训人数", 160, 230), ("高级工及以上人数", 260, 380), ("占比", 420, 460)],
        [("2021", 65, 95), ("3500", 170, 210), ("900", 300, 330), ("25.7%", 420, 465)],
        [("2022", 65, 95), ("4,100", 170, 215), ("1200", 300, 335), ("29.3%", 420, 465)],
    ])
    table = read_table(page, {"year": ["年度"], "trainees": ["培训人数"], "senior": ["高级工及以上人数"]})
    assert [(r["year"].text, r["trainees"].text, r["senior"].text) for r in table] == [
        ("2021", "3500", "900"), ("2022", "4,100", "1200")]


def test_rural_trainees_added_up_by_year_from_a_list_of_sessions(checklists):
    from extractors.common import Parts
    from extractors.rural_station import _read_whole, _trainees

    head = [("序号", 60, 90), ("培训项目", 110, 180), ("培训地点", 200, 280), ("培训人数", 300, 360), ("培训时间", 380, 460)]
    first = boxes(23, [head,
                       [("1", 70, 80), ("家政服务", 110, 170), ("田阳县上围村", 200, 280), ("31", 320, 340), ("2022年7月", 380, 450)],
                       [("2", 70, 80), ("家政服务", 110, 170), ("田阳县大坪村", 200, 280), ("87", 320, 340), ("2020年5月", 380, 450)]])
    more = boxes(24, [[("（续表）", 60, 120)], head,
                      [("3", 70, 80), ("茶叶加工", 110, 170), ("田阳县黄竹村", 200, 280), ("30", 320, 340), ("2022年5月", 380, 450)],
                      [("·23·", 390, 420)]])  # the printed page number, under the date column
    field = _trainees([first, more], {}, whole=True)
    assert (field.value, field.page) == (61, 23) and "2022" in field.note
    assert _trainees([first, more], {}, whole=False).value is None  # some pages unread: no partial sum
    parts = Parts({"rural_training_records": [first, more]}, {}, None, checklists["rural_station"])
    assert _read_whole(parts, "rural_training_records")


def test_apprentices_per_year_stated_in_a_sentence():
    from extractors.master_studio import APPRENTICE_LABELS, APPRENTICES_IN_PROSE, _labelled_or_rows

    plan = boxes(30, [
        [("徒弟培养计划", 200, 320)],
        [("领衔人肖兰建每年带徒不少于20名，采取一对一、一对多等方式传授技艺。", 60, 520)],
        [("依托大师工作室开展技术攻关，每年完成不少于两项技术革新项目。", 60, 520)],
    ])
    field = _labelled_or_rows("apprentices_per_year", [plan], APPRENTICE_LABELS, APPRENTICES_IN_PROSE)
    assert (field.value, field.page) == (20, 30)
    other = boxes(31, [[("年均培养徒弟8人以上", 60, 300)]])
    assert _labelled_or_rows("apprentices_per_year", [other], APPRENTICE_LABELS, APPRENTICES_IN_PROSE).value == 8


def test_an_id_card_name_read_in_one_box_with_its_label():
    from extractors.common import read_id_page

    page = boxes(16, [
        [("工作室负责人身份证复印件", 150, 400)],
        [("姓名史子凯", 250, 340)],
        [("性别", 250, 280), ("男", 300, 315)],
        [("公民身份号码", 250, 330), ("440308198107286113", 350, 500)],
    ])
    name, number = read_id_page([page], "master_name", "master_id_number")
    assert (name.value, number.value) == ("史子凯", "440308198107286113")


def test_a_social_organisations_certificate_is_read_as_a_licence():
    from extractors.common import _licence

    page = boxes(6, [
        [("社会团体法人登记证书", 200, 420)],
        [("统一社会信用代码51440300035598567C", 70, 320)],
        [("名称", 70, 100), ("深圳市家政服务行业协会", 180, 340)],
        [("法定代表人", 70, 140), ("尹春红", 180, 230)],
        [("成立时间", 70, 130), ("2011年06月14日", 180, 280)],
        [("证书有效期", 70, 140), ("2011年06月14日至2022年01月22日", 180, 400)],
    ])
    values = {f.id: f.value for f in _licence([page])}
    assert values["licence_name"] == "深圳市家政服务行业协会"
    assert values["licence_valid_until"] == "2022-01-22"


@pytest.mark.parametrize("label", ["名☑称", "名 ■ 称", "法定代表人□", "名·称"])
def test_a_spaced_out_label_read_with_a_mark_in_its_gap_is_still_the_label(label):
    """A licence spaces its labels across the cell (名　　称); OCR often fills the gap with a
    stray mark. The label is its letters, not the mark."""
    from extractors.common import _licence

    page = boxes(6, [
        [("营业执照", 200, 420)],
        [("统一社会信用代码914403008091066781", 70, 320)],
        [(label if label.startswith("名") else "名称", 70, 130), ("深圳市鹏程数控技术有限公司", 180, 340)],
        [(label if label.startswith("法") else "法定代表人", 70, 150), ("赵远", 180, 230)],
    ])
    values = {f.id: f.value for f in _licence([page])}
    assert values["licence_name"] == "深圳市鹏程数控技术有限公司"
    assert values["licence_legal_representative"] == "赵远"


def test_a_sub_count_column_head_is_known_without_its_of_which():
    page = boxes(24, [
        [("年份", 60, 100), ("培训项目", 120, 200), ("培训人次", 220, 280), ("其中高级工及以上", 300, 420), ("结业率", 440, 490)],
        [("2021年", 60, 110), ("电工", 120, 160), ("6006", 225, 270), ("1741", 330, 380), ("98%", 445, 480)],
    ])
    table = read_table(page, {"trainees": ["培训人次"], "senior": ["高级工及以上"]})
    assert [(r["trainees"].text, r["senior"].text) for r in table] == [("6006", "1741")]


def test_a_column_head_naming_two_things_names_the_column_either_asks_for():
    page = boxes(3, [
        [("序号", 60, 90), ("姓名", 120, 160), ("职称/技能等级", 200, 300), ("专兼职", 340, 390)],
        [("1", 70, 80), ("李红红", 118, 165), ("高级技师", 215, 285), ("专职", 345, 385)],
        [("2", 70, 80), ("姜健", 120, 160), ("三级/高级工", 210, 290), ("兼职", 345, 385)],
    ])
    table = read_table(page, {"name": ["姓名"], "level": ["技能等级"]})
    assert [(r["name"].text, r["level"].text) for r in table] == [("李红红", "高级技师"), ("姜健", "三级/高级工")]


def test_master_studio_fields(checklists):
    fields = extract_fields("master_studio", studio_pages(), checklists["master_studio"])
    assert [f.id for f in fields] == list(COMMON_FIELDS) + list(TYPE_FIELDS["master_studio"])
    got = {f.id: f for f in fields}
    values = {f.id: f.value for f in fields}
    assert values == {
        "unit_name": "深圳市甲科技有限公司",
        "credit_code": "91350100M000100Y43",
        "legal_representative": "张三",
        "address": "深圳市南山区科技园路1号",
        "contact_person": "王五",
        "phone": "0755-88881234",
        "application_date": "2023-06-15",
        "licence_name": "深圳市甲科技有限公司",
        "licence_credit_code": "91350100M000100Y43",
        "licence_legal_representative": "张三",
        "licence_address": "深圳市南山区科技园路1号",
        "licence_valid_until": "长期",
        "legal_rep_id_name": "张三",
        "legal_rep_id_number": "11010519491231002X",
        "venue_area": 120.0,
        "lease_end": "2026-12-31",
        "commitment_signer": "张三",
        "commitment_date": "2023-06-15",
        "credit_query_date": "2023-06-10",
        "credit_result": "严重失信主体名单：未查询到相关记录",
        "master_name": "李四",
        "master_id_number": MASTER_ID,
        "master_skill_level": "二级/技师",
        "master_occupation": "数控车工",
        "master_certificate_no": "S1234567890123456",
        "master_certificate_name": "李四",
        "master_honours": "深圳市技术能手",
        "apprentices_per_year": 8,
        "team_size": 6,
        "employer_name": "深圳市甲科技有限公司",  # the stated 参保单位, not a truncated table cell
        "insured_months": 36,
    }
    assert got["credit_code"].valid is True and "O→0" in got["credit_code"].note
    assert got["licence_credit_code"].note is None
    assert (got["unit_name"].page, got["licence_name"].page, got["legal_rep_id_number"].page) == (3, 5, 6)
    assert got["master_id_number"].page == 8  # from the ID copy, not the form
    assert got["venue_area"].page == 10 and got["lease_end"].page == 10
    assert (got["commitment_date"].page, got["credit_result"].page, got["employer_name"].page) == (7, 8, 14)
    assert got["unit_name"].evidence == (150, 110, 330, 127.5)
    assert 0 < got["unit_name"].confidence <= 1


def test_unread_fields_stay_listed_with_null(checklists):
    fields = extract_fields("master_studio", {}, checklists["master_studio"])
    assert [f.id for f in fields] == list(COMMON_FIELDS) + list(TYPE_FIELDS["master_studio"])
    assert all(f.value is None and f.page is None for f in fields)


def test_form_values_are_used_where_the_proof_pages_are_missing(checklists):
    pages = {"application_form": [studio_form()]}
    got = {f.id: f for f in extract_fields("master_studio", pages, checklists["master_studio"])}
    assert (got["master_name"].value, got["master_name"].page) == ("李四", 3)
    assert got["master_id_number"].value == MASTER_ID
    assert got["master_skill_level"].value == "二级/技师"
    assert got["venue_area"].value == 120 and "取自申报表" in got["venue_area"].note


def training_pages():
    form = boxes(3, [
        [("2023年度深圳市高技能人才培训基地认定申报表", 150, 450)],
        [("单位名称：深圳市丙职业培训学校", 60, 330)],
        [("统一社会信用代码", 60, 180), ("914403001922038216", 200, 380)],
        [("上年度培训人数", 60, 160), ("2800", 170, 220), ("其中高级工及以上", 300, 400), ("500", 410, 450)],
    ])
    records = boxes(15, [
        [("培训台账", 250, 330)],
        [("年度", 60, 100), ("培训人数", 160, 230), ("高级工及以上人数", 260, 380), ("占比", 420, 460)],
        [("2020", 65, 95), ("5200", 170, 210), ("1500", 300, 335), ("28.8%", 420, 465)],
        [("2022", 65, 95), ("3,600", 170, 215), ("540", 300, 330), ("15.0%", 420, 465)],
        [("2021", 65, 95), ("4100", 170, 210), ("1300", 300, 335), ("31.7%", 420, 465)],
        [("培训花名册", 60, 140)],
    ])
    instructors = roster(17, ["赵一", "钱二", "孙三", "周四"], ["二级/技师", "高级讲师", "三级/高级工", "四级/中级工"])
    partners = [
        boxes(20, [[("校企合作协议", 240, 340)], [("甲方：深圳市丙职业培训学校", 60, 300)], [("乙方：深圳市第一职业技术学校", 60, 300)],
                   [("甲方（盖章）：", 60, 150), ("乙方（盖章）：", 300, 390)]]),
        boxes(21, [[("校企合作协议", 240, 340)], [("甲方：深圳市丙职业培训学校", 60, 300)], [("乙方：深圳市宝安职业技术学校", 60, 300)]]),
        boxes(22, [[("甲方：深圳市第一职业技术学校", 60, 300)], [("乙方：深圳市丙职业培训学校", 60, 300)]]),
    ]
    return {"application_form": [form], "training_records": [records], "instructor_roster": [instructors],
            "partnership_agreements": partners}


def test_training_base_fields(checklists):
    got = {f.id: f for f in extract_fields("training_base", training_pages(), checklists["training_base"])}
    assert got["unit_name"].value == "深圳市丙职业培训学校"
    assert (got["trainees_per_year"].value, got["trainees_per_year"].page) == (3600, 15)
    assert "2022年度" in got["trainees_per_year"].note
    assert got["senior_share"].value == pytest.approx(0.15)
    assert got["instructor_count"].value == 4
    # 高级讲师 is a professional title of the high grade: the rule counts 高级工 and above or a
    # middle-grade title and above (checklists/standards.yaml), 中级工 neither
    assert got["instructor_senior_share"].value == 0.75
    assert got["partnership_count"].value == 2  # the applicant itself and 盖章 lines are not partners


def test_a_list_of_partners_counts_every_listed_partner_once(checklists):
    listing = boxes(19, [
        [("序号", 60, 90), ("合作单位", 150, 230), ("合作内容", 300, 370), ("签订时间", 420, 490)],
        [("1", 70, 80), ("深圳市第一职业技术学校", 100, 280), ("订单培养", 300, 370), ("2021年3月", 420, 490)],
        [("2", 70, 80), ("深圳技师学院", 120, 260), ("共建实训基地", 300, 380), ("2022年1月", 420, 490)],
        [("3", 70, 80), ("深圳信息职业技术学院", 100, 280), ("师资互聘", 300, 370), ("2020年9月", 420, 490)],
    ])
    pages = {**training_pages(), "partnership_agreements": [listing, *training_pages()["partnership_agreements"]]}
    got = {f.id: f for f in extract_fields("training_base", pages, checklists["training_base"])}
    # three listed, one more (宝安) only in an agreement; 第一职业技术学校 is in both
    assert got["partnership_count"].value == 4


def test_a_training_tables_heads_with_their_units_in_brackets(checklists):
    """年度 | 培训人数（人次） | 高技能人才（人次） | 主要工种: the heads' units are not part of them."""
    records = boxes(23, [
        [("培训业绩汇总", 70, 170)],
        [("年度", 117, 143), ("培训人数（人次）", 204, 275), ("高技能人才（人次）", 312, 392), ("主要工种", 447, 488)],
        [("2021", 116, 144), ("8692", 228, 257), ("2845", 341, 369), ("工业机器人运维", 434, 501)],
        [("2022", 116, 143), ("6364", 228, 257), ("1916", 341, 369), ("汽车维修工", 442, 494)],
    ])
    got = {f.id: f for f in extract_fields("training_base", {"training_records": [records]}, checklists["training_base"])}
    assert got["trainees_per_year"].value == 6364
    assert got["senior_share"].value == pytest.approx(1916 / 6364, abs=1e-4)


def test_a_footer_in_the_year_column_below_a_roster_is_not_a_later_year(checklists):
    """The yearly table, a roster under it, and the page's footer "深圳市匠心技工学校2023年" whose
    box falls in the table's year column: the latest year is 2022's row."""
    records = boxes(13, [
        [("年度", 103, 136), ("培训人数", 194, 248), ("高级工及以上人数", 296, 394), ("占比", 454, 486)],
        [("2021年（1-12月）", 100, 160), ("8885", 205, 237), ("3986", 328, 361), ("44.9%", 450, 488)],
        [("2022", 103, 136), ("7397", 205, 237), ("2261", 328, 360), ("30.6%", 451, 487)],
        [("培训花名册", 72, 142)],
        [("1", 85, 99), ("邓国凤", 118, 157), ("440308********4006", 213, 311), ("电工", 350, 378)],
        [("深圳市匠心技工学校2023年", 100, 180), ("第11页", 330, 370)],
    ])
    got = {f.id: f for f in extract_fields("training_base", {"training_records": [records]}, checklists["training_base"])}
    assert (got["trainees_per_year"].value, got["trainees_per_year"].note) == (7397, "取2022年度数据")


def test_training_base_falls_back_to_the_form_figures(checklists):
    pages = {"application_form": training_pages()["application_form"]}
    got = {f.id: f for f in extract_fields("training_base", pages, checklists["training_base"])}
    assert (got["trainees_per_year"].value, got["trainees_per_year"].page) == (2800, 3)
    assert got["senior_share"].value == pytest.approx(500 / 2800, abs=1e-4)
    assert got["partnership_count"].value is None


def test_rural_station_fields(checklists):
    agreement = boxes(20, [
        [("乡村振兴技能帮扶合作协议", 220, 400)],
        [("甲方：深圳市丁农业科技有限公司", 60, 320)],
        [("乙方：河源市紫金县龙窝镇人民政府", 60, 320)],
        [("为充分发挥双方优势，共同推进技能人才培养，经友好协商，双方自2022年3月1日至2025年", 60, 540)],
        [("2月28日开展合作，达成如下协议：", 60, 260)],
    ])
    records = boxes(16, [
        [("年度", 60, 100), ("参训人次", 160, 230), ("培训期数", 260, 380)],
        [("2022", 65, 95), ("260", 170, 200), ("14", 300, 320)],
    ])
    pages = {"application_form": [boxes(3, [[("单位名称", 60, 130), ("深圳市丁农业科技有限公司", 150, 350)]])],
             "cooperation_agreement": [agreement], "rural_training_records": [records]}
    got = {f.id: f for f in extract_fields("rural_station", pages, checklists["rural_station"])}
    assert [f for f in got] == list(COMMON_FIELDS) + list(TYPE_FIELDS["rural_station"])
    assert (got["cooperation_counterpart"].value, got["cooperation_counterpart"].page) == ("河源市紫金县龙窝镇人民政府", 20)
    assert got["rural_trainees"].value == 260
    assert (got["cooperation_end"].value, got["cooperation_end"].page) == ("2025-02-28", 20)


def test_public_institution_certificate_and_an_unlabelled_id_number(checklists):
    certificate_page = boxes(5, [
        [("事 业 单 位 法 人 证 书", 200, 400)],
        [("统一社会信用代码：1244030045575508X9", 90, 330)],
        [("名 称", 90, 120), ("深圳市第二职业技术学校", 180, 360)],
        [("负责人", 90, 130), ("陈七", 180, 220)],
        [("住 所", 90, 120), ("深圳市龙岗区龙城街道1号", 180, 380)],
        [("有效期", 90, 130), ("自2020年01月01日至2025年01月01日", 180, 400)],
    ])
    id_page = boxes(6, [[("陈七", 150, 190)], [("1101 0519 4912 3100 2X", 150, 330)]])
    pages = {"entity_certificate": [certificate_page], "legal_rep_id": [id_page]}
    got = {f.id: f for f in extract_fields("rural_station", pages, checklists["rural_station"])}
    assert got["licence_name"].value == "深圳市第二职业技术学校"
    assert (got["licence_credit_code"].value, got["licence_credit_code"].valid) == ("1244030045575508X9", True)
    assert got["licence_legal_representative"].value == "陈七"
    assert got["licence_valid_until"].value == "2025-01-01"
    assert (got["legal_rep_id_number"].value, got["legal_rep_id_number"].valid) == ("11010519491231002X", True)
    assert got["legal_rep_id_name"].value is None


def test_a_validity_without_an_end_is_unknown_and_says_why(checklists):
    page = boxes(5, [[("营业期限", 90, 150), ("2015年03月02日至", 180, 330)]])
    got = {f.id: f for f in extract_fields("rural_station", {"entity_certificate": [page]}, checklists["rural_station"])}
    assert got["licence_valid_until"].value is None and "终止日" in got["licence_valid_until"].note


def test_an_undated_commitment_letter_keeps_its_page_and_an_unsigned_one_has_no_signer(checklists):
    pages = {"commitment_letter": [commitment(signature="法定代表人（签字）：", dated="年    月    日")]}
    got = {f.id: f for f in extract_fields("training_base", pages, checklists["training_base"])}
    assert (got["commitment_date"].value, got["commitment_date"].page) == (None, 7)
    assert got["commitment_signer"].value is None
    absent = {f.id: f for f in extract_fields("training_base", {}, checklists["training_base"])}
    assert (absent["commitment_date"].value, absent["commitment_date"].page) == (None, None)


def test_credit_result_falls_back_to_the_stated_result(checklists):
    page = boxes(8, [[("信用查询记录", 250, 340)], [("查询日期：2023-06-12", 60, 220)],
                     [("查询结果：该主体已被列入严重失信主体名单（2022年3月1日列入）", 60, 480)]])
    got = {f.id: f for f in extract_fields("training_base", {"credit_record": [page]}, checklists["training_base"])}
    assert got["credit_query_date"].value == "2023-06-12"
    assert got["credit_result"].value == "该主体已被列入严重失信主体名单(2022年3月1日列入)"


def test_employer_from_a_labour_contract(checklists):
    page = boxes(14, [[("劳动合同", 260, 330)], [("甲方（用人单位）：深圳市甲科技有限公司", 60, 360)],
                      [("乙方（劳动者）：李四", 60, 200)], [("合同期限：2020年1月1日至无固定期限", 60, 300)]])
    got = {f.id: f for f in extract_fields("master_studio", {"employment_proof": [page]}, checklists["master_studio"])}
    assert (got["employer_name"].value, got["insured_months"].value) == ("深圳市甲科技有限公司", None)


def test_employer_from_a_contribution_ledger_not_its_head_row(checklists):
    # The head "单位名称" is not the label 用人单位名称 with a slipped character: the employer
    # is what the ledger's rows name under it.
    heads = [("缴费年月", 60, 120), ("单位名称", 140, 330), ("养老", 350, 380), ("医疗", 400, 430), ("工伤", 450, 480)]
    rows = [[(f"2022{m:02d}", 60, 120), ("深圳市甲科技有限公司", 140, 330), ("已缴", 350, 380), ("已缴", 400, 430),
             ("已缴", 450, 480)] for m in range(1, 6)]
    page = boxes(15, [[("社会保险参保缴费明细", 200, 400)], [("参保人：李四", 60, 160)], heads, *rows])
    got = {f.id: f for f in extract_fields("master_studio", {"employment_proof": [page]}, checklists["master_studio"])}
    assert got["employer_name"].value == "深圳市甲科技有限公司"


def test_an_unknown_honour_is_reported_with_a_note(checklists):
    page = boxes(13, [[("荣 誉 证 书", 220, 380)], [("李四同志：", 60, 150)],
                      [("被授予“龙华区优秀工匠”称号，特发此证。", 90, 400)]])
    got = {f.id: f for f in extract_fields("master_studio", {"master_honors": [page]}, checklists["master_studio"])}
    assert got["master_honours"].value == "龙华区优秀工匠"
    assert "不在已知荣誉名单中" in got["master_honours"].note


def test_a_seal_slot_or_a_sentence_is_never_the_unit_name():
    """"申请单位（盖章）：" under a form is where the seal goes; the sentence below it is no name."""
    from extractors.common import extract_common

    def line(text, x, y):
        return OcrLine(text=text, box=(x, y, x + 14 * len(text), y + 16), confidence=0.98)

    form = PageText(index=3, lines=[
        line("申报登记表", 250, 60),
        line("统一社会信用代码", 72, 120), line("91440300MA5F0000X1", 220, 120),
        line("申请单位（盖章）：", 72, 700),
        line("以上情况属实，同意申报。", 72, 730),
    ])
    fields, _ = extract_common({"application_form": [form]})
    unit = next(f for f in fields if f.id == "unit_name")
    assert unit.value is None and unit.page == 3  # read as unread, for a person to check


def test_a_unit_name_written_in_its_seal_slot_heads_the_form():
    """A form may open with "申请单位（盖章）：" and the name under it (the seal goes over it)."""
    from extractors.common import extract_common

    form = boxes(3, [[("申报登记表", 72, 160)], [("申请单位（盖章）：", 72, 160)], [("深圳市医疗器械行业协会", 78, 200)],
                     [("社会信用代码", 72, 130)], [("5144030083858664XB", 78, 190)]])
    fields, _ = extract_common({"application_form": [form]})
    assert next(f for f in fields if f.id == "unit_name").value == "深圳市医疗器械行业协会"


def test_a_printout_without_a_serious_dishonesty_row_is_read_from_its_dishonesty_categories(checklists):
    from extractors.meaning import listed

    def printout(tax_answer):
        return boxes(9, [[("信用中国（广东）查询", 60, 240)], [("查询时间：2023-06-01", 60, 220)],
                         [("行政处罚", 70, 130), ("无", 320, 340)],
                         [("失信惩戒对象", 70, 150), ("未查询到相关记录", 320, 410)],
                         [("重大税收违法失信主体", 70, 190), (tax_answer, 320, 350)],
                         [("经营异常名录", 70, 150), ("暂无", 320, 350)]])

    clean = {f.id: f for f in extract_fields("training_base", {"credit_record": [printout("0条")]},
                                              checklists["training_base"])}
    assert clean["credit_result"].value and listed(clean["credit_result"].value) is False
    hit = {f.id: f for f in extract_fields("training_base", {"credit_record": [printout("1条")]},
                                            checklists["training_base"])}
    assert listed(hit["credit_result"].value) is True and "重大税收违法失信主体" in hit["credit_result"].value


def test_a_printout_titled_by_a_dishonesty_category_is_read_from_its_rows_not_its_title(checklists):
    """"失信被执行人查询结果" heads the page: the title names a category but answers nothing."""
    from extractors.meaning import listed

    page = boxes(15, [[("失信被执行人查询结果", 218, 330)], [("信用中国", 71, 120)],
                      [("查询时间：2023-06-13", 72, 220)],
                      [("失信惩戒对象", 79, 150), ("未查询到相关记录", 319, 410)],
                      [("失信被执行人", 78, 150), ("未查询到相关记录", 319, 410)],
                      [("经营异常名录", 78, 150), ("暂无", 317, 340)]])
    fields = {f.id: f for f in extract_fields("training_base", {"credit_record": [page]}, checklists["training_base"])}
    assert fields["credit_result"].value and listed(fields["credit_result"].value) is False


def test_a_mark_read_beside_a_persons_name_is_not_part_of_the_name(checklists):
    pages = {"legal_rep_id": [id_card(6, "☑毛丽", "440311197409042265")]}
    got = {f.id: f for f in extract_fields("rural_station", pages, checklists["rural_station"])}
    assert got["legal_rep_id_name"].value == "毛丽"


def test_a_value_far_right_of_its_label_in_a_column_of_values_is_its_value():
    """A credit printout drawn as a two-column table without rules: 严重失信主体名单 far left,
    列入（2023年6月1日） far right, the next row's label under it. The values line up in a
    column; the line under the label is the next row's label, not this one's value (a wild
    printout read as "严重失信主体名单：失信惩戒对象")."""
    line = lambda text, x0, x1, y0, y1: OcrLine(text=text, box=(x0, y0, x1, y1), confidence=1.0)
    page = PageText(index=10, lines=[
        line("严重失信主体名单", 85, 169, 205, 221), line("列入（2023年6月1日）", 325, 430, 205, 220),
        line("失信惩戒对象", 85, 149, 229, 244), line("未查询到相关记录", 325, 409, 228, 244),
        line("行政处罚", 84, 130, 253, 269), line("无", 324, 341, 252, 271),
        line("经营异常名录", 85, 149, 277, 293), line("暂无", 324, 351, 276, 295),
    ])
    assert read_pairs(page, {"serious": ["严重失信主体名单"]})["serious"].text == "列入（2023年6月1日）"
