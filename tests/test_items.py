"""Catalog items located from the 目录 and page headings: unclassified parts are reported,
never dropped; their page lines can show a required item; weak resemblance is `review`,
no resemblance an `item.missing` error. Structure results are built by hand here so that
the item stage is judged alone; titles are matched by the real matcher."""

import pytest

from checklists.loader import load_all_checklists, required_by_every_type
from checklists.matching import match_item
from pipeline.items import locate_items
from kernel.models import OcrLine, Pagination, PageScan, TocEntry, TocInfo
from pipeline.structure import StructureResult


@pytest.fixture(scope="module")
def base():
    return load_all_checklists()["training_base"]


def scan(index, *lines):
    return PageScan(
        index=index,
        heading_lines=[OcrLine(text=t, box=(60, 80 + 24 * n, 500, 98 + 24 * n), confidence=0.95) for n, t in enumerate(lines)],
    )


# One part per required item of the training base, titled as the catalog words it.
REQUIRED_TITLES = ["申报表", "营业执照", "法定代表人身份证", "承诺书", "信用查询记录", "场地租赁合同",
                   "设备清单", "管理制度", "培训台账", "师资名册", "工作方案"]


def dossier(checklist, titles, extra_lines=None):
    """Cover, 目录, then one page per part whose heading is its title; `extra_lines` are
    more top lines for a part, by its position."""
    extra_lines = extra_lines or {}
    scans = [scan(1, "申报材料"), scan(2, "目录")]
    entries, part_pages = [], {}
    for k, title in enumerate(titles):
        page = 3 + k
        scans.append(scan(page, title, *extra_lines.get(k, [])))
        match = match_item(title, checklist)
        entries.append(TocEntry(title=title, printed_page=k + 1, found_page=page, status="ok",
                                item=match[0] if match else None))
        part_pages[k] = [page]
    structure = StructureResult(toc=TocInfo(pages=[2], entries=entries), pagination=Pagination(),
                                part_pages=part_pages, findings=[])
    return structure, scans


def locate(checklist, structure, scans):
    def item_for_title(title):
        match = match_item(title, checklist)
        return match[0] if match else None

    located = locate_items(checklist, structure, scans, item_for_title)
    return located, *located.statuses(scans)


def test_freely_worded_titles_leave_nothing_missing(base):
    titles = ["认定申请书", "统一社会信用代码证书", "法人代表身份证明", "申报材料真实性承诺函", "公共信用信息查询报告",
              "场地产权证明", "主要设备设施清单", "培训管理规定", "近三年培训记录", "师资力量一览表", "三年工作计划"]
    located, statuses, findings = locate(base, *dossier(base, titles))
    assert [f for f in findings if f.code == "item.missing"] == []
    assert located.pages["equipment_list"] == [9]


def test_an_entry_that_matches_nothing_is_reported_with_its_pages(base):
    structure, scans = dossier(base, [*REQUIRED_TITLES, "获奖情况"])
    structure.part_pages[11] = [14, 15]
    _, _, findings = locate(base, structure, scans)
    unclassified = [f for f in findings if f.code == "item.unclassified"]
    assert len(unclassified) == 1
    finding = unclassified[0]
    assert finding.severity == "info" and finding.pages == [14, 15]
    assert finding.message == "目录第12项“获奖情况”未对应到必备材料清单中的任何一项（PDF第14、15页），请人工确认"


def test_a_missing_item_with_nothing_resembling_it_is_an_error(base):
    titles = [t for t in REQUIRED_TITLES if t != "设备清单"]
    _, statuses, findings = locate(base, *dossier(base, titles))
    missing = [f for f in findings if f.code == "item.missing"]
    assert [(f.item, f.severity) for f in missing] == [("equipment_list", "error")]
    assert missing[0].confidence >= 0.8
    assert next(s for s in statuses if s.id == "equipment_list").status == "missing"


def test_what_every_type_requires_is_judged_when_the_type_is_unknown(base):
    common = required_by_every_type(load_all_checklists())
    assert {"application_form", "commitment_letter", "credit_record"} <= common
    assert "equipment_list" not in common and "instructor_roster" not in common  # one type's only
    titles = [t for t in REQUIRED_TITLES if t not in ("设备清单", "信用查询记录")]
    structure, scans = dossier(base, titles)
    located, _, _ = locate(base, structure, scans)
    statuses, findings = located.statuses(scans, judged=common)
    assert [(f.item, f.severity) for f in findings if f.code == "item.missing"] == [("credit_record", "error")]
    assert {s.id for s in statuses} == common


def test_an_unclassified_part_whose_table_headers_show_the_item_makes_it_present(base):
    titles = [t for t in REQUIRED_TITLES if t != "设备清单"] + ["附件十"]
    structure, scans = dossier(base, titles, {10: ["序号 设备名称 规格型号 数量 存放地点"]})
    located, statuses, findings = locate(base, structure, scans)
    assert [f for f in findings if f.code in ("item.missing", "item.unclassified")] == []
    assert located.pages["equipment_list"] == [13]
    assert next(s for s in statuses if s.id == "equipment_list").status == "present"


def test_an_unclassified_part_read_whole_shows_what_its_top_lines_did_not(base):
    titles = [t for t in REQUIRED_TITLES if t != "师资名册"] + ["团队成员情况"]  # a title that names no item
    structure, scans = dossier(base, titles, {10: ["序号姓名性别"]})  # the header row read only in part
    _, _, findings = locate(base, structure, scans)
    assert [(f.code, f.severity) for f in findings if f.code == "item.missing"] == [("item.missing", "error")]

    whole = {13: ["团队成员情况", "序号", "姓名", "性别", "职称/技能等级", "专业", "专兼职", "李红红", "技师", "专职"]}
    asked = []

    def read_lines(page):
        asked.append(page)
        return whole.get(page, [])

    def item_for_title(title):
        match = match_item(title, base)
        return match[0] if match else None

    located = locate_items(base, structure, scans, item_for_title, read_lines=read_lines)
    _, findings = located.statuses(scans)
    assert [f for f in findings if f.code in ("item.missing", "item.unclassified")] == []
    assert located.pages["instructor_roster"] == [13] and asked == [13]


def test_an_unclassified_part_whose_page_heading_names_the_item_makes_it_present(base):
    titles = [t for t in REQUIRED_TITLES if t != "工作方案"] + ["其他材料"]
    structure, scans = dossier(base, titles, {10: ["基地建设可行性研究报告"]})
    located, _, findings = locate(base, structure, scans)
    assert not [f for f in findings if f.code == "item.missing"]
    assert located.pages["work_plan"] == [13]


def test_an_entry_whose_title_ocr_cut_short_is_the_material_its_first_page_is_headed_with(base):
    """目录 entries 申报真实性承 and 终身职业技能培训载体认定申 (their last characters lost), their
    pages headed with the whole titles: both materials are there, and no part is left
    unclassified — though the letter's lines, naming the materials, the credit platform and
    the unit, resemble three materials as a list of materials would."""
    titles = ["终身职业技能培训载体认定申请表" if t == "申报表" else "申报真实性承诺" if t == "承诺书" else t
              for t in REQUIRED_TITLES]
    letter = ["深圳市人力资源和社会保障局：本单位深圳市云帆", "1. 本单位所提交的全部申报材料真实、准确、", "大遗漏。",
              "2. 本单位同意主管部门通过公共信用信息平台", "8. 本单位申报所涉及的人员信息均已取得本",
              "单位名称（公章）：深圳市云帆技工学校", "负责人签名：吴建嘉"]
    structure, scans = dossier(base, titles, {titles.index("申报真实性承诺"): letter})
    for title, cut in (("申报真实性承诺", "申报真实性承"), ("终身职业技能培训载体认定申请表", "终身职业技能培训载体认定申")):
        k = titles.index(title)
        structure.toc.entries[k] = structure.toc.entries[k].model_copy(update={"title": cut, "item": None})
    located, _, findings = locate(base, structure, scans)
    assert [f for f in findings if f.code in ("item.missing", "item.unclassified")] == []
    assert located.pages["commitment_letter"] == [3 + titles.index("申报真实性承诺")]
    assert located.pages["application_form"] == [3]


def test_partial_resemblance_is_review_not_error(base):
    titles = [t for t in REQUIRED_TITLES if t != "场地租赁合同"] + ["补充材料"]
    structure, scans = dossier(base, titles, {10: ["出租方：深圳市某物业公司", "承租方：本单位"]})
    _, _, findings = locate(base, structure, scans)
    missing = [f for f in findings if f.code == "item.missing"]
    assert [(f.item, f.severity) for f in missing] == [("venue_proof", "review")]
    assert missing[0].pages == [13] and 0 < missing[0].confidence < 0.5
    assert "请人工核对" in missing[0].message
    assert [f.pages for f in findings if f.code == "item.unclassified"] == [[13]]


def test_content_showing_two_items_alike_claims_neither(base):
    titles = [t for t in REQUIRED_TITLES if t not in ("培训台账", "师资名册")] + ["人员情况"]
    lines = ["学员姓名 培训工种 培训时间 培训人数", "教师姓名 职称 任教科目 专兼职"]
    _, _, findings = locate(base, *dossier(base, titles, {9: lines}))
    missing = {f.item: f.severity for f in findings if f.code == "item.missing"}
    assert missing == {"training_records": "review", "instructor_roster": "review"}


def test_without_a_toc_pages_before_the_first_recognised_title_are_unclassified(base):
    scans = [scan(1, "申报材料"), scan(2, "单位简介"), scan(3, "申报表"), scan(4, "营业执照")]
    structure = StructureResult(toc=TocInfo(), pagination=Pagination(), part_pages={}, findings=[])
    located, _, findings = locate(base, structure, scans)
    assert located.pages["application_form"] == [3]
    unclassified = [f for f in findings if f.code == "item.unclassified"]
    assert [f.pages for f in unclassified] == [[2]]
    assert unclassified[0].message == "PDF第2页未对应到必备材料清单中的任何一项，请人工确认"


def test_without_a_toc_a_continued_roster_and_its_header_row_start_no_part(base):
    """A roster's later pages begin "（续表）" and then its header row, whose 身份证 column
    resembles the title 法定代表人身份证: they go on with the roster, they start no ID part."""
    scans = [scan(1, "申报材料"), scan(2, "申报表"), scan(3, "法定代表人身份证"), scan(4, "师资名册", "序号 姓名 性别 身份证号码"),
             scan(5, "(续表)", "序号姓名性别身份证"), scan(6, "序号 姓名 性别 身份证号码 职业 等级")]
    structure = StructureResult(toc=TocInfo(), pagination=Pagination(), part_pages={}, findings=[])
    located, _, _ = locate(base, structure, scans)
    assert located.pages["legal_rep_id"] == [3]
    assert located.pages["instructor_roster"] == [4, 5, 6]


def test_one_entry_naming_two_materials_shows_both(base):
    titles = [t for t in REQUIRED_TITLES if t not in ("营业执照", "法定代表人身份证")] + ["营业执照及法定代表人身份证复印件"]
    structure, scans = dossier(base, titles)
    structure.part_pages[9] = [12, 13]
    located, _, findings = locate(base, structure, scans)
    assert not [f for f in findings if f.code in ("item.missing", "item.unclassified")]
    assert located.pages["entity_certificate"] == located.pages["legal_rep_id"] == [12, 13]


def test_a_licence_whose_title_ocr_cut_is_known_by_its_content_though_its_words_resemble_other_items(base):
    """"事业单位法人书" (证 lost) names nothing; the certificate's lines show its own content,
    and also words of a credit record (统一社会信用代码, 国家企业信用信息公示系统) and of a form:
    one material resembling others, not a list of materials."""
    titles = [("事业单位法人书" if t == "营业执照" else t) for t in REQUIRED_TITLES]
    lines = ["统一社会信用代码", "12440300313861442M", "(副本)", "名称", "深圳市汇丰达技工学校", "类型", "事业单位",
             "法定代表人", "叶博平", "经营范围", "职业技能培训；技术开发", "注册资本", "人民币500万元", "成立日期",
             "2010年01月02日", "住所", "深圳市宝安区沙井街道沙河西路3864号", "登记机关",
             "国家企业信用信息公示系统网址：http://www.gsxt.gov.cn"]
    located, _, findings = locate(base, *dossier(base, titles, {1: lines}))
    assert not [f for f in findings if f.code in ("item.missing", "item.unclassified")]
    assert located.pages["entity_certificate"] == [4]


def test_a_list_of_materials_shows_no_item(base):
    titles = [t for t in REQUIRED_TITLES if t not in ("承诺书", "信用查询记录")] + ["资料清单"]
    lines = ["1.申报表", "2.申报材料真实性承诺函", "3.失信被执行人查询结果", "4.主要设备设施清单", "5.三年工作计划"]
    _, _, findings = locate(base, *dossier(base, titles, {9: lines}))
    missing = {f.item: f.severity for f in findings if f.code == "item.missing"}
    assert missing == {"commitment_letter": "error", "credit_record": "error"}
    assert [f.pages for f in findings if f.code == "item.unclassified"] == [[12]]


def test_with_an_unread_toc_a_material_no_heading_shows_is_for_review(base):
    """A 目录 that could not be read entry by entry leaves the parts to their headings; an ID
    card's copy has none of its own and goes with the part before it, so a material no
    heading shows is for a person to look for, not an error for the applicant."""
    from kernel.models import Finding

    scans = [scan(1, "申报材料"), scan(2, "目录"), *(scan(3 + k, t) for k, t in enumerate(REQUIRED_TITLES) if t != "设备清单")]
    unread = Finding(code="toc.unread", severity="review", message="目录未能逐项识别", pages=[2])
    structure = StructureResult(toc=TocInfo(pages=[2]), pagination=Pagination(), part_pages={}, findings=[unread])
    located, _, findings = locate(base, structure, scans)
    missing = [f for f in findings if f.code == "item.missing"]
    assert "equipment_list" in {f.item for f in missing} and {f.severity for f in missing} == {"review"}
    assert located.pages["application_form"] == [3]
