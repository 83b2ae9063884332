"""目录 parsing on hand-built OCR output that mimics what the engine returns for scans."""

from __future__ import annotations

from kernel.geometry import group_rows
from kernel.models import OcrLine, PageScan, PageText
from pipeline.rows import split_columns
from pipeline.toc import (
    RawTocEntry, find_toc, infer_missing_pages, is_toc_heading, parse_toc_lines, restore_lost_range_dashes,
)

CHAR = 12.0  # width of one CJK character in points


def ln(text: str, x0: float, y: float, width: float | None = None, dy: float = 0.0) -> OcrLine:
    w = width if width is not None else CHAR * len(text)
    return OcrLine(text=text, box=(x0, y + dy, x0 + w, y + dy + 14), confidence=0.95)


def row(title: str, page: str | None, y: float, x0: float = 90, leader: str | None = None,
        number_x: float = 480) -> list[OcrLine]:
    """A 目录 row as OCR returns it: title box, optional leader box, page number box."""
    out = [ln(title, x0, y)]
    if leader:
        out.append(ln(leader, x0 + CHAR * len(title) + 8, y + 1, width=number_x - 16 - x0 - CHAR * len(title)))
    if page is not None:
        out.append(ln(page, number_x, y + 1.5, width=7 * len(page)))
    return out


def heading(y: float = 60, text: str = "目 录") -> list[OcrLine]:
    return [ln(text, 270, y, width=60)]


def titles_pages(entries):
    return [(e.title, e.printed_page) for e in entries]


def test_dotted_and_blank_leaders_with_numbered_titles():
    lines = heading() + row("一、申报表", "1", 100, leader="……………") + row("二、营业执照复印件", "5", 125) \
        + row("（三）法定代表人身份证", "7", 150, leader="．．．．") + row("附件3：租赁合同", "9", 175) \
        + row("5.管理制度", "12", 200, leader="......")
    entries = parse_toc_lines(lines, 2)
    assert titles_pages(entries) == [("申报表", 1), ("营业执照复印件", 5), ("法定代表人身份证", 7),
                                     ("租赁合同", 9), ("管理制度", 12)]
    assert all(e.toc_page == 2 for e in entries)


def test_leader_and_number_merged_into_title_box():
    lines = heading() + [ln("一、申报表………………………1", 90, 100), ln("二、营业执照.........3", 90, 125),
                         ln("三、承诺书 - 6 -", 90, 150)]
    assert titles_pages(parse_toc_lines(lines, 2)) == [("申报表", 1), ("营业执照", 3), ("承诺书", 6)]


def test_page_ranges_dash_wrapped_numbers_and_fullwidth():
    lines = heading() + row("营业执照", "5-8", 100) + row("租赁合同", "9～11", 125) \
        + row("承诺书", "-12-", 150) + row("管理制度", "１３", 175) + row("设备清单", "14—16", 200)
    entries = parse_toc_lines(lines, 2)
    assert [(e.printed_page, e.printed_page_end) for e in entries] == [(5, 8), (9, 11), (12, None), (13, None),
                                                                        (14, 16)]


def test_wrapped_title_joins_the_line_without_a_number():
    lines = heading() + row("一、营业执照", "3", 100) \
        + [ln("二、深圳市高技能人才培训基地建设实施方", 90, 125)] + row("案及年度工作计划", "5", 142, x0=102) \
        + row("三、承诺书", "9", 170)
    entries = parse_toc_lines(lines, 2)
    assert titles_pages(entries) == [("营业执照", 3), ("深圳市高技能人才培训基地建设实施方案及年度工作计划", 5),
                                     ("承诺书", 9)]


def test_short_title_without_number_is_its_own_entry_not_a_wrap():
    # OCR lost the single-digit page of the first entry; the next entry is not its continuation.
    lines = heading() + row("申报表", None, 100) + row("营业执照", "2", 125) + row("承诺书", "4", 150)
    entries = parse_toc_lines(lines, 2)
    assert titles_pages(entries) == [("申报表", None), ("营业执照", 2), ("承诺书", 4)]
    assert titles_pages(infer_missing_pages(entries))[0] == ("申报表", 1)


def test_lost_number_behind_dotted_leader_stays_separate_even_when_long():
    lines = heading() + row("一、深圳市高技能人才培训基地认定申报", "1", 100) \
        + [ln("二、深圳市高技能人才培训基地认定承诺书……", 90, 125)] + row("三、营业执照", "6", 150)
    entries = parse_toc_lines(lines, 2)
    assert [e.printed_page for e in entries] == [1, None, 6]


def test_dropped_leading_yi_and_sequence_number_column():
    lines = heading() + row("、申报表", "1", 100) + row("二、营业执照", "3", 125) \
        + [ln("3", 60, 150, width=7)] + row("承诺书", "5", 150)
    assert titles_pages(parse_toc_lines(lines, 2)) == [("申报表", 1), ("营业执照", 3), ("承诺书", 5)]


def test_table_header_letterhead_and_footer_are_not_entries():
    lines = [ln("深圳市鹏城智造科技有限公司", 200, 30)] + heading() + [ln("序号", 60, 80), ln("材料名称", 200, 80),
                                                              ln("页码", 470, 80)] \
        + row("申报表", "1", 100) + row("营业执照", "4", 125) + [ln("- 2 -", 280, 780, width=40)]
    assert titles_pages(parse_toc_lines(lines, 2)) == [("申报表", 1), ("营业执照", 4)]


def test_number_box_slightly_lower_than_title_still_joins_the_row():
    lines = heading() + [ln("营业执照", 90, 100), ln("3", 480, 106, width=7), ln("承诺书", 90, 125),
                         ln("l", 480, 129, width=4)]
    # "l" is how OCR returns a thin "1"; the row grouping tolerates the offset.
    assert [len(r) for r in group_rows(heading() + [ln("营业执照", 90, 100), ln("3", 480, 106, width=7)])] == [1, 2]
    assert titles_pages(parse_toc_lines(lines, 2)) == [("营业执照", 3), ("承诺书", 1)]


def test_two_column_layout_reads_left_column_first():
    left = row("一、申报表", "1", 100, number_x=260) + row("二、营业执照", "3", 125, number_x=260) \
        + row("三、承诺书", "5", 150, number_x=260)
    right = row("四、租赁合同", "7", 100, x0=320, number_x=520) + row("五、设备清单", "9", 125, x0=320, number_x=520) \
        + row("六、管理制度", "11", 150, x0=320, number_x=520)
    lines = heading(text="目录") + left + right
    assert len(split_columns(left + right)) == 2
    assert [e.printed_page for e in parse_toc_lines(lines, 2)] == [1, 3, 5, 7, 9, 11]


def test_a_narrow_gutter_between_padded_row_boxes_still_splits_the_columns():
    """Rows read whole come back padded by a third of their height: a two-character gutter
    on a narrow page is then less than 3% of the block."""
    def padded(text: str, x0: float, x1: float, y: float) -> OcrLine:
        return OcrLine(text=text, box=(x0, y, x1, y + 28), confidence=0.95)
    left = [padded(f"{n}. 附件{n} 材料名称第{n}项……{n}", 58, 288, 120 + 26 * n) for n in range(1, 6)]
    right = [padded(f"{n}. 附件{n} 材料名称第{n}项……{n}", 301, 528, 120 + 26 * (n - 5)) for n in range(6, 11)]
    columns = split_columns(left + right)
    assert [len(column) for column in columns] == [5, 5]
    assert [e.printed_page for e in parse_toc_lines(heading(text="资料清单") + left + right, 2)] == list(range(1, 11))


def test_a_gutter_of_a_quarter_line_between_columns_with_wrapped_entries_still_splits_them():
    """A two-column 目录 whose entries wrap in both columns (a wild generated page as OCR read
    it): rows 26 pt high, wrapped entries read as boxes two lines high, 7 pt between the
    columns' boxes."""
    def box(text: str, x0: float, x1: float, y: float, height: float = 26) -> OcrLine:
        return OcrLine(text=text, box=(x0, y, x1, y + height), confidence=0.95)
    left = [box("1.（一）终身职业技能培训载体认", 62, 292, 121, 55), box("2.（二）营业执照（复印件加盖公4", 63, 295, 163, 55),
            box("3.（三）法人代表身份证…………5", 69, 290, 211), box("4.（四）守信承诺书……………6", 69, 291, 236),
            box("5.（五）信用记录查询单……………8", 71, 292, 261)]
    right = [box("8.（八）学员管理规定…………14", 306, 528, 121), box("9.（九）领衔人身份证………18", 307, 528, 145),
             box("10.（十）国家职业资格证书复印19", 302, 535, 166, 54), box("11.(十一）聘用合同…………21", 310, 528, 213),
             box("12.（十二）团队骨干名单…………23", 310, 531, 238)]
    assert [len(column) for column in split_columns(left + right)] == [5, 5]
    entries = parse_toc_lines(heading(text="材料目录") + left + right, 2)
    assert [e.printed_page for e in entries][2:] == [5, 6, 8, 14, 18, 19, 21, 23]


def test_single_column_with_numbers_far_right_is_not_split():
    lines = row("申报表", "1", 100) + row("营业执照", "3", 125) + row("承诺书", "5", 150) + row("租赁合同", "7", 175)
    assert len(split_columns(lines)) == 1


def test_year_in_title_is_not_a_page_number():
    lines = heading() + row("2022年度培训台账", "15", 100) + [ln("培训计划2023", 90, 125)] + row("承诺书", "20", 150)
    entries = parse_toc_lines(lines, 2)
    assert entries[0].title == "2022年度培训台账" and entries[0].printed_page == 15
    assert entries[1].printed_page is None


def test_infer_missing_only_where_one_value_fits():
    def e(p, end=None):
        return RawTocEntry(title="x", printed_page=p, printed_page_end=end, toc_page=2, box=None)

    out = infer_missing_pages([e(None), e(3), e(5, 6), e(None), e(8), e(None), e(12)])
    assert [x.printed_page for x in out] == [None, 3, 5, 7, 8, None, 12]


def test_heading_variants():
    assert is_toc_heading("目 录") and is_toc_heading("目次") and is_toc_heading("申报材料目录")
    assert is_toc_heading("目录（续）")
    assert not is_toc_heading("设备清单") and not is_toc_heading("根据目录要求提交材料")


# --- find_toc ------------------------------------------------------------------------


def _scans(n: int, headings: dict[int, list[OcrLine]]) -> list[PageScan]:
    return [PageScan(index=i, heading_lines=headings.get(i, [ln(f"第{i}页标题", 200, 40)])) for i in range(1, n + 1)]


TITLES = ["申报表", "营业执照", "法定代表人身份证", "诚信承诺书", "信用查询记录", "场地租赁合同", "场地照片",
          "设施设备清单", "培训管理制度", "财务管理制度", "培训台账", "培训花名册", "师资名册", "教师资格证书",
          "校企合作协议", "合作企业名单", "课程设置", "教学计划", "考核办法", "获奖证书", "媒体报道",
          "建设方案", "年度工作计划", "经费预算", "其他证明材料"]


def test_find_toc_reads_only_the_titled_page_and_its_continuation():
    page2 = heading() + [part for k in range(20) for part in row(f"{k + 1}. {TITLES[k]}", str(k + 1), 100 + 30 * k)]
    page3 = [part for k in range(20, 25) for part in row(f"{k + 1}. {TITLES[k]}", str(k + 1), 60 + 30 * (k - 20))]
    reads: list[int] = []

    def read(i: int) -> PageText:
        reads.append(i)
        return PageText(index=i, lines={2: page2, 3: page3}.get(i, []))

    scans = _scans(10, {2: heading(), 3: page3[:4]})
    toc = find_toc(read, scans)
    assert toc is not None and toc.pages == [2, 3]
    assert len(toc.entries) == 25 and toc.entries[-1].printed_page == 25
    assert reads == [2, 3]


def test_find_toc_stops_when_the_next_page_is_a_part():
    page2 = heading() + row("申报表", "1", 100) + row("营业执照", "4", 125)
    reads: list[int] = []

    def read(i: int) -> PageText:
        reads.append(i)
        return PageText(index=i, lines=page2 if i == 2 else [])

    toc = find_toc(read, _scans(8, {2: heading(), 3: [ln("深圳市高技能人才培训基地认定申报表", 120, 40)]}))
    assert toc.pages == [2] and reads == [2]


def test_find_toc_falls_back_to_content_when_no_heading_band_says_so():
    page2 = row("申报表", "1", 100) + row("营业执照", "4", 125) + row("承诺书", "6", 150) + row("租赁合同", "8", 175)

    def read(i: int) -> PageText:
        return PageText(index=i, lines=page2 if i == 2 else [ln("封面 深圳市某某公司", 100, 300)])

    toc = find_toc(read, _scans(8, {}))
    assert toc is not None and toc.pages == [2] and len(toc.entries) == 4


def test_find_toc_takes_no_form_for_a_toc_by_the_figures_ending_its_rows():
    form = (row("单位地址 深圳市盐田区留仙大道2241号5栋", "401", 100) + row("场地面积（平方米）", "193", 125)
            + row("上年度培训人数", "1356", 150) + row("其中高级工及以上人数", "1420", 175))

    def read(i: int) -> PageText:
        return PageText(index=i, lines=form if i == 2 else [ln("封面 深圳市某某公司", 100, 300)])

    assert find_toc(read, _scans(14, {})) is None


def test_find_toc_none_without_a_toc():
    assert find_toc(lambda i: PageText(index=i, lines=[ln("正文内容，没有目录。", 90, 100)]), _scans(8, {})) is None


def test_find_toc_follows_a_continuation_whose_numbers_ocr_lost():
    page2 = heading() + row("一、申报表", "1", 100) + row("二、营业执照", "4", 125)
    page3 = [ln("三、承诺书……………", 90, 60), ln("四、租赁合同……………", 90, 85)] + row("五、管理制度", "9", 110)

    def read(i: int) -> PageText:
        return PageText(index=i, lines={2: page2, 3: page3}.get(i, []))

    toc = find_toc(read, _scans(8, {2: heading(), 3: page3[:2]}))
    assert toc.pages == [2, 3]
    assert [e.printed_page for e in toc.entries] == [1, 4, None, None, 9]


def test_find_toc_follows_a_continuation_numbered_on_whose_page_breaks_the_order():
    """（十五） alone on the 目录's second page, listed at 25 after an entry at 26 (the applicant's
    slip), its page number not in the page's top lines: more 目录, not the first part."""
    numerals = list("一二三四五六七八九十") + ["十一", "十二", "十三", "十四"]
    page2 = heading() + [part for k, numeral in enumerate(numerals)
                         for part in row(f"（{numeral}）{TITLES[k]}", str(2 * k + 1), 100 + 30 * k)]
    page3 = row("（十五）三年建设工作方案", "25", 60)

    def read(i: int) -> PageText:
        return PageText(index=i, lines={2: page2, 3: page3}.get(i, []))

    toc = find_toc(read, _scans(40, {2: heading(), 3: page3[:1]}))
    assert toc.pages == [2, 3] and toc.entries[-1].title == "三年建设工作方案"
    assert toc.entries[-1].printed_page == 25


def test_wrapped_title_whose_number_was_lost_stays_one_entry():
    lines = heading() + row("一、营业执照", "3", 100) \
        + [ln("二、深圳市高技能人才培训基地建设实施方", 90, 125), ln("案及年度工作计划", 114, 142)] \
        + row("三、承诺书", "9", 170)
    entries = parse_toc_lines(lines, 2)
    assert titles_pages(entries) == [("营业执照", 3), ("深圳市高技能人才培训基地建设实施方案及年度工作计划", None),
                                     ("承诺书", 9)]


def test_first_part_page_is_not_taken_for_a_toc_continuation():
    page2 = heading() + row("1. 认定申请表", "1", 100) + row("2. 营业执照", "3", 125)
    page3_top = [ln("1. 认定申请表", 66, 84), ln("统一社会信用代码91440300QHBMP3HW51", 78, 194)]
    reads: list[int] = []

    def read(i: int) -> PageText:
        reads.append(i)
        return PageText(index=i, lines=page2 if i == 2 else page3_top)

    toc = find_toc(read, _scans(8, {2: heading(), 3: page3_top}))
    assert toc.pages == [2] and reads == [2]


def test_digits_glued_to_a_code_are_not_a_page_number():
    entries = parse_toc_lines(heading() + [ln("统一社会信用代码91440300QHBMP3HW51", 78, 100)], 2)
    assert [e.printed_page for e in entries] == [None]


def test_numbering_read_with_a_comma_starts_a_new_entry():
    lines = heading() + [ln("6. 场地租赁合同及场地照片", 68, 100)] + row("7,设备清单", "9", 125, x0=67) \
        + row("8. 规章制度", "10", 150)
    entries = parse_toc_lines(lines, 2)
    assert titles_pages(entries) == [("场地租赁合同及场地照片", None), ("设备清单", 9), ("规章制度", 10)]


def test_number_of_a_lost_row_is_not_given_to_the_row_above():
    lines = heading() + row("(二)社会团体法人登记证书………", "3", 184) + [ln("(三)法定代表人身份证………………", 84, 209)] \
        + [ln("5", 518, 238, width=8)] + [ln("(五)信用查询记录…", 85, 261)]
    assert [e.printed_page for e in parse_toc_lines(lines, 2)] == [3, None, None]


def test_range_with_doubled_dash():
    lines = heading() + row("八、内部管理制度汇编", "…10--12", 100) + row("九、领办人身份证复印件", "…….13", 125)
    entries = parse_toc_lines(lines, 2)
    assert titles_pages(entries) == [("内部管理制度汇编", 10), ("领办人身份证复印件", 13)]
    assert entries[0].printed_page_end == 12


def test_a_range_whose_dash_was_read_as_the_character_one():
    """第1—3页 read as 第1一3页: the 一 between two numbers is the range's dash."""
    lines = (heading() + [ln("1、（一）终身职业技能培训载体认定申请表............第1一3页", 60, 100)]
             + [ln("2、（二）营业执照....................................第4页", 60, 125)]
             + [ln("3、（三）信用承诺书..................................第5一6页", 60, 150)])
    entries = parse_toc_lines(lines, 2)
    assert [(e.printed_page, e.printed_page_end) for e in entries] == [(1, 3), (4, None), (5, 6)]
    assert entries[0].title.endswith("认定申请表")


def test_a_range_whose_dash_was_lost_after_the_character_di():
    """第12—15页 read as 第1215页: the joined number is the range, and not part of the title."""
    lines = (heading() + [ln("6、固定资产清单......第9—11页", 60, 100)]
             + [ln("7、办公及实训场地证明......第1215页", 60, 125)]
             + [ln("8、学员管理规定......第16—19页", 60, 150)])
    entries = restore_lost_range_dashes(parse_toc_lines(lines, 2))
    assert [(e.title, e.printed_page, e.printed_page_end) for e in entries][1] == ("办公及实训场地证明", 12, 15)


def test_a_range_whose_start_was_lost_after_the_character_di_leaves_no_di_in_the_title():
    """第22-25页 read as 第-25页: the page read is the end, and the title is the part's own."""
    lines = heading() + [ln("11、合作院校协议书第20-21页", 60, 100), ln("12、三年工作计划第-25页", 60, 125)]
    entries = parse_toc_lines(lines, 2)
    assert [(e.title, e.printed_page, e.printed_page_end) for e in entries][1] == ("三年工作计划", 25, None)


def test_a_ruled_tocs_header_read_with_traditional_characters_is_no_entry():
    """"编号 資料名稱 所在页码 备注": the header row, whatever script the reading gave it."""
    lines = heading() + [ln("编号資料名稱所在页码备注", 60, 80), ln("1、营业执照......3", 60, 100),
                         ln("2、承诺书......4", 60, 125)]
    entries = parse_toc_lines(lines, 2)
    assert [(e.title, e.printed_page) for e in entries] == [("营业执照", 3), ("承诺书", 4)]


def ruled_toc(rows, text: str = "目 录"):
    """A ruled 目录 (序号 | 材料名称 | 页码 | 备注) of `rows` (sequence, title, pages, remark or None)."""
    lines = heading(text=text) + [ln("序号", 60, 80), ln("材料名称", 150, 80), ln("页码", 400, 80), ln("备注", 470, 80)]
    for k, (seq, title, page, remark) in enumerate(rows):
        y = 105 + 25 * k
        lines += [ln(seq, 64, y), ln(title, 110, y), ln(page, 400, y, width=7 * len(page))]
        if remark:
            lines.append(ln(remark, 470, y))
    return lines


def test_ruled_table_with_sequence_remark_and_header_columns():
    """序号 | 材料名称 | 页码 | 备注: the remark after the page number is not part of the title."""
    rows = [("1", "（一）培训载体申报书", "1", "原件"), ("2", "（二）民办非企业单位登记证书", "4", "加盖公章"),
            ("3", "（三）房屋租赁备案证明", "9-12", "复印件加盖公章"), ("4", "（四）教学仪器设备明细", "P13", None)]
    entries = parse_toc_lines(ruled_toc(rows, text="申报资料清单"), 2)
    assert titles_pages(entries) == [
        ("培训载体申报书", 1), ("民办非企业单位登记证书", 4), ("房屋租赁备案证明", 9), ("教学仪器设备明细", 13),
    ]
    assert entries[2].printed_page_end == 12


def test_a_ruled_rows_range_whose_dash_was_read_as_yi_keeps_the_row_apart_from_the_next():
    """The page cell 27–28 read as "27一28": still the row's pages (its remark after it), not a
    title that runs on into the next row's."""
    rows = [("12", "工作室核心成员表", "25-26", None), ("13", "传承带徒方案", "27一28", "加盖公章"),
            ("14", "工作思路与计划", "29—34", None)]
    entries = parse_toc_lines(ruled_toc(rows), 2)
    assert [(e.title, e.printed_page, e.printed_page_end, e.remark) for e in entries] == [
        ("工作室核心成员表", 25, 26, None), ("传承带徒方案", 27, 28, "加盖公章"), ("工作思路与计划", 29, 34, None)]


def test_a_materials_list_heading_is_the_toc_heading_and_does_not_bridge_two_columns():
    assert is_toc_heading("资料清单") and is_toc_heading("申报材料一览表") and not is_toc_heading("设备清单")
    lines = heading(text="资料清单")
    for k, (left, right) in enumerate([("1.认定申请书", "5.场地证明"), ("2.营业执照", "6.设备清单"),
                                       ("3.法人身份证", "7.管理制度"), ("4.承诺书", "8.培训台账")]):
        y = 100 + 25 * k
        lines += [ln(left + "……" + str(1 + 3 * k), 60, y, width=220), ln(right + "……" + str(13 + 3 * k), 310, y, width=220)]
    entries = parse_toc_lines(lines, 2)
    assert [e.printed_page for e in entries] == [1, 4, 7, 10, 13, 16, 19, 22]


def test_a_page_footer_centred_across_the_gutter_does_not_join_the_two_columns():
    """The 目录 page's own number (第2页/共31页) stands centred below both columns, over the
    gutter: it is left out of the columns, which still split."""
    lines = heading(text="资料清单")
    for k, (left, right) in enumerate([("1.（一）认定申请书..", "7.（七）固定资产清单."), ("2.（二）营业执照（副本）", "8.（八）内部管理办法汇编"),
                                       ("3.（三）法定代表人身份证", "9.（九）村企共建协议"), ("4.（四）信用承诺书.", "10.（十）农技培训名单..")]):
        y = 130 + 22 * k
        lines += [ln(left, 71, y, width=150), ln(str(3 + k), 276, y, width=12),
                  ln(right, 311, y, width=150), ln(str(15 + 3 * k), 510, y, width=17)]
    lines.append(ln("第2页/共31页", 266, 798, width=63))
    assert [len(column) for column in split_columns(lines[1:])] == [8, 8]
    entries = parse_toc_lines(lines, 2)
    assert [e.printed_page for e in entries] == [3, 4, 5, 6, 15, 18, 21, 24]
    assert entries[4].title.endswith("固定资产清单")


def test_two_columns_whose_left_ordinals_ocr_read_as_boxes_of_their_own():
    left = [("一、认定申请书……", "1"), ("二、营业执照复印件……", "4"), ("三、守信承诺书……", "5"),
            ("四、法定代表人居民身份证复印件……", "7")]
    right = [("七、教学仪器设备明细……", "13"), ("八、培训工作规章……", "17"), ("九、培训业绩汇总……", "21"),
             ("十、专兼职教师情况……", "26")]
    lines = heading(text="申报材料目录")
    for k, ((lt, lp), (rt, rp)) in enumerate(zip(left, right)):
        y = 135 + 23 * k
        lines += [ln(f"{k + 1}.", 72, y, width=12), ln(lt + lp, 94, y, width=193),
                  ln(f"{k + 7}.{rt}", 311, y, width=192), ln(rp, 512, y, width=14)]
    entries = parse_toc_lines(lines, 2)
    assert [e.printed_page for e in entries] == [1, 4, 5, 7, 13, 17, 21, 26]
    assert entries[4].title.endswith("教学仪器设备明细")


def test_a_range_whose_start_and_dash_ocr_left_in_the_titles_box_is_one_range():
    """基本情况表1− then 4 (the dash a minus sign, U+2212): pages 1–4, not page 4; a run of
    dashes after an attachment's number is a leader, not a range."""
    for cut in ("1−", "1-", "1至"):
        lines = heading() + row("一、基本情况表" + cut, "4", 100) + row("二、营业执照", "5−6", 125) + row("三、承诺书", "7", 150)
        entries = parse_toc_lines(lines, 2)
        assert [(e.title, e.printed_page, e.printed_page_end) for e in entries] == [
            ("基本情况表", 1, 4), ("营业执照", 5, 6), ("承诺书", 7, None)], cut
    lines = heading() + row("附件1————", "4", 100) + row("附件2————", "6", 125)
    assert [(e.printed_page, e.printed_page_end) for e in parse_toc_lines(lines, 2)] == [(4, None), (6, None)]


def test_a_range_whose_dash_ocr_dropped_is_read_back_from_the_order():
    def entry(page, end=None):
        return RawTocEntry(title="材料", printed_page=page, printed_page_end=end, toc_page=2)

    fixed = restore_lost_range_dashes([entry(1, 2), entry(36), entry(7), entry(10), entry(1115), entry(16)])
    assert [(e.printed_page, e.printed_page_end) for e in fixed] == [(1, 2), (3, 6), (7, None), (10, None), (11, 15), (16, None)]
    # an order break no split explains stays as read (the structure check reports it)
    kept = restore_lost_range_dashes([entry(5), entry(31), entry(8)])
    assert [(e.printed_page, e.printed_page_end) for e in kept] == [(5, None), (31, None), (8, None)]


def test_every_range_joined_keeps_the_order_and_is_still_read_as_ranges():
    # "P1—3 … P4—5 … P10—11" read without their dashes: the order never breaks, but each
    # split starts right after the part before it.
    from pipeline.toc import RawTocEntry, _page_spec, restore_lost_range_dashes

    pages = [_page_spec(text)[0] for text in ["申请表 P13", "执照 P45", "身份证 P67", "声明 P89", "信用查询……P1011", "场地证明 P1214"]]
    entries = [RawTocEntry(title=f"t{k}", printed_page=page, toc_page=1) for k, page in enumerate(pages)]
    restored = restore_lost_range_dashes(entries)
    assert [(e.printed_page, e.printed_page_end) for e in restored] == [(1, 3), (4, 5), (6, 7), (8, 9), (10, 11), (12, 14)]


def test_a_joined_range_pointing_at_the_pages_before_does_not_lose_the_ranges_after_it():
    # "P21—22" twice (the 目录 is wrong on the second), every dash lost: the second is read as
    # 21–22 all the same, and the ranges after it as theirs; a number no near split explains
    # is no page.
    from pipeline.toc import RawTocEntry, restore_lost_range_dashes

    pages = [13, 45, 68, 910, 1112, 1314, 1314, 1718, 1920]
    entries = [RawTocEntry(title=f"t{k}", printed_page=page, toc_page=1) for k, page in enumerate(pages)]
    restored = restore_lost_range_dashes(entries)
    assert [(e.printed_page, e.printed_page_end) for e in restored][4:] == [(11, 12), (13, 14), (13, 14), (17, 18), (19, 20)]
    far = [RawTocEntry(title=f"t{k}", printed_page=page, toc_page=1) for k, page in enumerate([13, 45, 9091, 67])]
    assert [e.printed_page for e in restore_lost_range_dashes(far)] == [1, 4, None, 6]


def test_real_pages_in_rising_order_are_not_split():
    from pipeline.toc import RawTocEntry, restore_lost_range_dashes

    entries = [RawTocEntry(title=f"t{k}", printed_page=page, toc_page=1) for k, page in enumerate([3, 5, 9, 12, 14, 21])]
    assert [e.printed_page for e in restore_lost_range_dashes(entries)] == [3, 5, 9, 12, 14, 21]
    assert all(e.printed_page_end is None for e in restore_lost_range_dashes(entries))


def test_the_pages_own_number_in_its_footer_is_not_an_entry():
    """A 目录 page numbered 第2页/共30页 at its foot (a PDF tool's stamp, in the right column's
    place): read as one row, it is "第2页/共" with the page "30", and no material."""
    left = row("一、申报表", "1", 100, number_x=260) + row("二、营业执照", "3", 125, number_x=260)
    right = row("三、承诺书", "5", 100, x0=320, number_x=520) + row("四、租赁合同", "7", 125, x0=320, number_x=520)
    for footer in (["第2页/共30页"], ["第2页/共", "30页"], ["共30页第2页"]):
        lines = heading(text="目录") + left + right + [ln(text, 430 + 60 * k, 780) for k, text in enumerate(footer)]
        assert titles_pages(parse_toc_lines(lines, 2)) == [("申报表", 1), ("营业执照", 3), ("承诺书", 5), ("租赁合同", 7)]


def test_a_two_column_toc_whose_columns_ocr_joined_into_one_line_each_is_unread_not_guessed():
    """Two columns set close together: OCR reads each row of both as one line (法人代表身份证
    ……511.(十一)聘用合同). Its entries cannot be told apart, so none is taken: a guess would
    cite parts as not found and materials as missing that are all there."""
    left = ["营业执照", "法人代表身份证", "守信承诺书", "信用记录查询单", "房产证明及场地照片"]
    right = ["国家职业资格证书", "聘用合同", "团队骨干名单", "传承带徒方案", "载体建设规划"]
    page2 = heading() + [ln(f"{k + 2}.（{'二三四五六'[k]}）{left[k]}…………{4 + k}{k + 10}.（十{k or ''}）{right[k]}",
                            90, 100 + 30 * k, width=420) for k in range(5)]

    def read(i: int) -> PageText:
        return PageText(index=i, lines=page2 if i == 2 else [])

    toc = find_toc(read, _scans(30, {2: heading()}))
    assert toc is not None and toc.pages == [2] and toc.unread and toc.entries == []


def test_a_title_with_a_number_in_it_is_no_joined_entry():
    """A title may hold figures of its own (近3年培训记录, 2023年度计划); only a leader, a page
    number and more title after it are two entries in one line."""
    page2 = heading() + row("近3年培训记录", "5", 100, leader="……") + row("2023年度工作计划", "8", 125, leader="……") \
        + row("职业技能等级证书（3本）", "9", 150, leader="……") + row("管理制度", "12", 175, leader="……")

    def read(i: int) -> PageText:
        return PageText(index=i, lines=page2 if i == 2 else [])

    toc = find_toc(read, _scans(30, {2: heading()}))
    assert not toc.unread and [e.printed_page for e in toc.entries] == [5, 8, 9, 12]


def test_find_toc_follows_a_continuation_of_one_attachment_whose_leader_and_number_were_cut():
    """附件14 alone on the 目录's second page; the page scan's heading crop ends after three
    leader dots, so the top shows neither a leader run nor the page number: numbered on from
    thirteen 附件 entries, it is more 目录."""
    page2 = heading() + [part for k in range(13) for part in row(f"附件{k + 1}：{TITLES[k]}", str(k + 3), 100 + 30 * k)]
    page3 = row("附件14：三年建设工作方案………………", "18", 60)

    def read(i: int) -> PageText:
        return PageText(index=i, lines={2: page2, 3: page3}.get(i, []))

    toc = find_toc(read, _scans(30, {2: heading(), 3: [ln("附件14：三年建设工作方案…", 73, 60)]}))
    assert toc.pages == [2, 3] and toc.entries[-1].title == "三年建设工作方案"
    assert toc.entries[-1].printed_page == 18
    # the first part's separator sheet after the 目录 ("附件1") is not more 目录
    first_part = find_toc(read, _scans(30, {2: heading(), 3: [ln("附件1：申报表", 73, 60)]}))
    assert first_part.pages == [2]


def test_a_wrapped_entry_boxed_a_little_into_the_gutter_stays_in_its_column():
    """A two-column 目录 (boxes and texts as OCR read a held-out wild-profile page): the first
    entry wraps onto two lines (终身职业技能培训载体认定申请 / 表 …… 1), which the detector boxed as one
    box reaching past the gutter into the right column's first entries. Nearly all of it lies
    left: it stays in the left column, and the columns are read apart, not as one joined row."""
    def box(text, x0, y0, x1, y1):
        return OcrLine(text=text, box=(x0, y0, x1, y1), confidence=0.9)

    lines = [box("材料目录", 251, 81, 335, 114),
             box("7. 实训设备一览表………… 13", 304, 120, 525, 149),
             box("1表终身职业技能培训载体认定申请", 58, 122, 321, 179),
             box("8. 学员管理规定…… 16", 305, 148, 525, 174),
             box("2. 法人证书副本复印件………………4", 66, 172, 286, 199),
             box("9. 培训人次统计及学员名单……20", 305, 174, 526, 201),
             box("3. 法人身份证正反面………………5", 66, 199, 287, 225),
             box("10. 培训讲师名单……………… 25", 306, 200, 526, 227),
             box("4. 信用承诺书………6", 66, 224, 289, 253),
             box("11. 联合培养协议………………… 28", 307, 227, 528, 253),
             box("5. 信用记录查询单……………………8", 68, 251, 289, 278),
             box("12. 工作思路与计划……………… 32", 308, 253, 528, 279),
             box("6. 场地租赁协议……………………9", 68, 277, 291, 306)]

    entries = parse_toc_lines(lines, 2)

    assert [e.printed_page for e in entries] == [None, 4, 5, 6, 8, 9, 13, 16, 20, 25, 28, 32]
    assert entries[0].title.endswith("认定申请") and entries[6].title == "实训设备一览表"
    # a box that lies as much on both sides is no spill: a line across both columns
    across = lines[:2] + [box("1. 终身职业技能培训载体认定申请表 7. 实训设备", 58, 122, 525, 149)] + lines[3:]
    assert len(split_columns(across[1:])) == 1
