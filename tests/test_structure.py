"""Form checks against the 目录 on hand-built page scans: part starts, pagination, order."""

from __future__ import annotations

import pytest

from kernel.models import OcrLine, PageGeometry, PageScan
from pipeline.structure import (
    check_page_sizes,
    check_structure,
    corrected_numbers,
    page_list,
    title_score,
)
from pipeline.toc import RawTocEntry, TocParse

PARTS = [("深圳市高技能人才培训基地认定申报表", 3), ("营业执照", 1), ("法定代表人身份证", 1),
         ("诚信承诺书", 1), ("场地租赁合同", 3), ("设施设备清单", 2), ("管理制度", 2)]


def ln(text: str, y: float = 50.0, x0: float = 150.0) -> OcrLine:
    return OcrLine(text=text, box=(x0, y, x0 + 14 * len(text), y + 16), confidence=0.97)


def dossier(parts=PARTS, first_number: int = 1):
    """Cover (1), 目录 (2), then the parts; every part page numbered from `first_number`.

    Returns the scans, the 目录 as parsed, and the physical start page of each part."""
    scans = [PageScan(index=1, heading_lines=[ln("高技能人才培训基地申报材料", 200)]),
             PageScan(index=2, heading_lines=[ln("目 录", 60, 270)])]
    starts = []
    number = first_number
    for title, count in parts:
        starts.append(len(scans) + 1)
        for k in range(count):
            lines = [ln(title)] if k == 0 else [ln("本单位严格按照有关规定，认真组织开展相关工作。", 50, 72)]
            scans.append(PageScan(index=len(scans) + 1, printed_number=number, number_text=f"- {number} -",
                                  heading_lines=lines))
            number += 1
    entries = [RawTocEntry(title=title, printed_page=start - 3 + first_number, toc_page=2, box=None)
               for (title, _), start in zip(parts, starts)]
    return scans, TocParse(pages=[2], entries=entries), starts


def separated_dossier(sheet):
    """Cover, 目录, then four parts each after a sheet of its own numbered like the pages
    (`sheet(k, number)`: the k-th sheet's scan, its index filled in); the 目录 points at the
    sheets."""
    scans = [PageScan(index=1, heading_lines=[ln("申报材料", 200)]), PageScan(index=2, heading_lines=[ln("目 录", 60, 270)])]
    entries, number = [], 1
    for k, (title, count) in enumerate(PARTS[:4]):
        scans.append(sheet(k, number).model_copy(update={"index": len(scans) + 1}))
        entries.append(RawTocEntry(title=title, printed_page=number, toc_page=2, box=None))
        number += 1
        for j in range(count):
            lines = [ln(title)] if j == 0 else [ln("本单位严格按照有关规定，认真组织开展相关工作。", 50, 72)]
            scans.append(PageScan(index=len(scans) + 1, printed_number=number, heading_lines=lines, text_lines=12))
            number += 1
    return scans, TocParse(pages=[2], entries=entries)


def a4(n: int) -> list[PageGeometry]:
    return [PageGeometry(index=i, width_pt=595.3, height_pt=841.9, has_text_layer=False) for i in range(1, n + 1)]


def codes(result) -> list[str]:
    return [f.code for f in result.findings]


def test_correct_dossier_has_no_findings_and_maps_parts():
    scans, toc, starts = dossier()
    result = check_structure(scans, toc, a4(len(scans)), item_for_title=lambda t: "entity_certificate"
                             if "执照" in t else None)
    assert result.findings == []
    assert [e.found_page for e in result.toc.entries] == starts
    assert all(e.status == "ok" for e in result.toc.entries)
    assert result.toc.entries[1].item == "entity_certificate"
    assert result.part_pages[0] == [3, 4, 5] and result.part_pages[6] == [14, 15]
    assert result.pagination.printed[:4] == [None, None, 1, 2] and result.pagination.unnumbered == []


def test_page_mismatch_message_names_entry_and_pages():
    scans, toc, starts = dossier()
    toc.entries[2].printed_page = 4  # the ID card really starts at printed 5 (PDF page 7)
    result = check_structure(scans, toc, a4(len(scans)))
    mismatch = [f for f in result.findings if f.code == "toc.page_mismatch"]
    assert len(mismatch) == 1 and mismatch[0].pages == [7]
    assert mismatch[0].message == "目录第3项“法定代表人身份证”标注第4页，实际位于第5页（PDF第7页）"
    assert result.toc.entries[2].status == "page_mismatch"
    assert codes(result) == ["toc.page_mismatch"]


def test_a_listed_number_a_digit_short_of_the_page_is_for_a_person_a_miscount_stays_an_error():
    scans, toc, starts = dossier(first_number=30)  # 营业执照 printed 33, 身份证 34
    toc.entries[1].printed_page = 3    # "33" with a digit lost: what a misread makes
    toc.entries[2].printed_page = 37   # three pages off: what an applicant's miscount makes
    result = check_structure(scans, toc, a4(len(scans)))
    mismatch = {f.pages[0]: f for f in result.findings if f.code == "toc.page_mismatch"}
    assert mismatch[starts[1]].severity == "review" and "请人工核对" in mismatch[starts[1]].message
    assert mismatch[starts[2]].severity == "error"
    assert [e.status for e in result.toc.entries[1:3]] == ["page_mismatch", "page_mismatch"]


@pytest.mark.parametrize("shown, severity", [(True, None), (False, "error"), (None, "review")])
def test_a_digit_slip_is_settled_by_what_the_row_image_shows_with_a_fake_image(shown, severity):
    """`row_shows` stands in for the 目录 row's image (pipeline/toc_number_image.py): it
    prints the part's page (the reading lost a digit: no finding, the entry keeps the page as
    printed), another number (the 目录 is wrong: an error), or cannot tell (for a person)."""
    scans, toc, starts = dossier(first_number=30)  # 营业执照 printed 33
    toc.entries[1].printed_page = 3
    asked = []

    def fake_row_image(entry, number):
        asked.append((entry.printed_page, number))
        return shown

    result = check_structure(scans, toc, a4(len(scans)), row_shows=fake_row_image)
    assert asked == [(3, "33")]  # only the entry a digit off is asked
    mismatch = [f for f in result.findings if f.code == "toc.page_mismatch"]
    assert [f.severity for f in mismatch] == ([severity] if severity else [])
    assert result.toc.entries[1].status == ("ok" if shown else "page_mismatch")
    assert result.toc.entries[1].printed_page == (33 if shown else 3)


def test_a_listed_start_a_digit_short_is_no_finding_where_the_entry_before_ends_on_the_page_before():
    """A 目录 of ranges (31–32, then 33–35) settles its own misread: "33" read as 3 is the
    page after the entry before ends, and that is where the part is."""
    scans, toc, starts = dossier(first_number=30)  # 申报表 30–32, 营业执照 33, 身份证 34
    for entry, start, (_, count) in zip(toc.entries, starts, PARTS):
        entry.printed_page_end = entry.printed_page + count - 1
    toc.entries[1].printed_page = 3  # 33 with its repeated digit merged
    result = check_structure(scans, toc, a4(len(scans)))
    assert codes(result) == [] and result.toc.entries[1].status == "ok"
    toc.entries[0].printed_page_end = 31  # the entry before no longer ends on the page before
    result = check_structure(scans, toc, a4(len(scans)))
    assert [f.severity for f in result.findings if f.code == "toc.page_mismatch"] == ["review"]


def test_heading_found_despite_ocr_slips_numbering_and_suffix():
    scans, toc, starts = dossier()
    scans[starts[1] - 1].heading_lines = [ln("附件2：营业执熙（副本）复印件")]
    scans[starts[3] - 1].heading_lines = [ln("诚信承"), ln("诺书", 70)]  # heading split over two lines
    toc.entries[1].title = "二、营业执照复印件"
    result = check_structure(scans, toc, a4(len(scans)))
    assert result.findings == []


def test_entry_not_found_when_part_is_absent():
    parts = PARTS[:3] + PARTS[4:]
    scans, toc, starts = dossier(parts)
    toc.entries.insert(3, RawTocEntry(title="诚信承诺书", printed_page=6, toc_page=2, box=None))
    for e in toc.entries[4:]:
        e.printed_page += 1  # the 目录 counts the page the file lacks
    result = check_structure(scans, toc, a4(len(scans)))
    missing = [f for f in result.findings if f.code == "toc.entry_not_found"]
    assert len(missing) == 1 and "诚信承诺书" in missing[0].message and missing[0].pages == [2]
    assert result.toc.entries[3].status == "not_found"


def test_title_word_in_body_text_is_not_a_part_start():
    assert title_score("营业执照", [ln("营业执照")]) > 0.95
    assert title_score("营业执照", [ln("根据营业执照登记事项，本单位住所位于深圳市南山区。")]) < 0.8


def test_unnumbered_pages_one_finding_blank_page_excluded():
    scans, toc, _ = dossier()
    for i in (12, 13):
        scans[i - 1].printed_number = None
    scans[9].printed_number = None  # a blank second page of the lease, counted but not stamped
    scans[9].blank = True
    result = check_structure(scans, toc, a4(len(scans)))
    unnumbered = [f for f in result.findings if f.code == "pages.unnumbered"]
    assert len(unnumbered) == 1 and unnumbered[0].pages == [12, 13]
    assert unnumbered[0].message == "第12、13页（PDF页）未标注页码"
    assert "pages.blank" in codes(result) and "pages.gap" not in codes(result)
    assert result.pagination.unnumbered == [12, 13]


def test_gap_reports_the_jump_page_and_missing_numbers():
    scans, toc, _ = dossier()
    for s in scans[9:]:
        s.printed_number += 2  # printed numbers jump from 7 to 10 at PDF page 10
    for e in toc.entries:
        if e.printed_page >= 8:
            e.printed_page += 2
    result = check_structure(scans, toc, a4(len(scans)))
    assert codes(result) == ["pages.gap"]
    assert result.findings[0].pages == [10] and "缺少页码8、9" in result.findings[0].message


def test_duplicate_number_with_shift_reports_duplicate_only():
    scans, toc, _ = dossier()
    for s in scans[9:]:
        s.printed_number -= 1  # PDF pages 9 and 10 both read 7
    for e in toc.entries:
        if e.printed_page >= 8:
            e.printed_page -= 1
    result = check_structure(scans, toc, a4(len(scans)))
    assert codes(result) == ["pages.duplicate"] and result.findings[0].pages == [9, 10]


def test_number_printed_twice_in_place_of_the_next_is_one_duplicate_not_also_a_gap():
    scans, toc, _ = dossier()
    scans[9].printed_number = 7  # PDF page 10 should read 8
    result = check_structure(scans, toc, a4(len(scans)))
    assert codes(result) == ["pages.duplicate"] and result.findings[0].pages == [9, 10]
    assert "第10页（PDF页）与第9页（PDF页）页码均为7" in result.findings[0].message


def test_isolated_misread_between_agreeing_neighbours_is_reported_for_review_not_replaced_silently():
    scans, toc, _ = dossier()
    scans[9].printed_number = 3  # "8" misread, or a stray page; PDF pages 9 and 11 read 7 and 9
    scans[9].number_confidence = 0.93
    scans[14].printed_number = 1  # last-but-one page: "13" read as "1"
    result = check_structure(scans, toc, a4(len(scans)))
    assert codes(result) == ["pages.number_conflict", "pages.number_conflict"]  # no gap, no mismatch
    first, second = result.findings
    assert (first.severity, first.pages, first.confidence) == ("review", [10], 0.93)
    assert first.message.startswith("第10页（PDF页）页码识别为3") and "应为8" in first.message
    assert "第9页为7" in first.message and "第11页为9" in first.message
    assert second.pages == [15] and "识别为1" in second.message and "应为13" in second.message
    assert result.pagination.printed[9] == 3  # the report shows what was read
    assert all(e.status == "ok" for e in result.toc.entries)  # the map still uses the inference


def test_gap_resting_on_one_unsure_read_is_review_not_error():
    scans, toc, _ = dossier()
    scans[14].printed_number = 15  # the last page reads 15 where 13 belongs, barely,
    scans[14].number_confidence = 0.6
    scans[13].printed_number = None  # after an unnumbered page: no neighbour can confirm it
    result = check_structure(scans, toc, a4(len(scans)))
    gap = next(f for f in result.findings if f.code == "pages.gap")
    assert (gap.severity, gap.confidence, gap.pages) == ("review", 0.6, [15])


def test_gap_after_an_unsure_read_that_its_next_page_confirms_stays_an_error():
    scans, toc, _ = dossier()
    for s in scans[9:]:
        s.printed_number += 2  # 7 → 10 at PDF page 10
    scans[9].number_confidence = 0.6  # unsure, but PDF page 11 reads 11: confirmed
    for e in toc.entries:
        if e.printed_page >= 8:
            e.printed_page += 2
    result = check_structure(scans, toc, a4(len(scans)))
    assert [(f.code, f.severity) for f in result.findings] == [("pages.gap", "error")]


def test_duplicate_read_unsurely_is_review():
    scans, toc, _ = dossier()
    scans[9].printed_number = 7  # PDF page 10 should read 8
    scans[9].number_confidence = 0.7
    result = check_structure(scans, toc, a4(len(scans)))
    assert [(f.code, f.severity) for f in result.findings] == [("pages.duplicate", "review")]
    assert result.findings[0].confidence == 0.7


def test_misread_first_number_corrected_but_real_leading_gap_kept():
    scans, _, _ = dossier()
    scans[2].printed_number = 7  # first part page reads 7 before 2, 3: a misread "1"
    assert corrected_numbers(scans, 3)[3] == 1
    scans[2].printed_number = 1
    for s in scans[3:]:
        s.printed_number += 1  # 1, 3, 4, …: a real gap after the first page
    assert corrected_numbers(scans, 3)[4] == 3 and corrected_numbers(scans, 3)[3] == 1


def test_swapped_parts_renumbered_give_order_and_mismatches_only():
    parts = PARTS[:4] + [PARTS[5], PARTS[4]] + PARTS[6:]  # equipment list bound before the lease
    scans, toc, starts = dossier(parts)
    entries = toc.entries
    entries[4], entries[5] = entries[5], entries[4]
    entries[4].printed_page, entries[5].printed_page = 7, 10  # what the 目录 says
    result = check_structure(scans, toc, a4(len(scans)))
    assert sorted(codes(result)) == ["pages.order", "toc.page_mismatch", "toc.page_mismatch"]
    order = next(f for f in result.findings if f.code == "pages.order")
    assert "场地租赁合同" in order.message and "设施设备清单" in order.message
    assert sorted(order.pages) == [9, 11]


def test_swapped_parts_keeping_their_numbers_give_order_without_gaps():
    scans, toc, starts = dossier()
    lease = scans[9:12]  # 场地租赁合同, printed 7–9
    equipment = scans[12:14]  # 设施设备清单, printed 10–11
    reordered = scans[:9] + equipment + lease + scans[14:]
    for k, s in enumerate(reordered):
        s.index = k + 1
    result = check_structure(reordered, toc, a4(len(reordered)))
    assert "pages.order" in codes(result)
    assert "pages.gap" not in codes(result) and "pages.duplicate" not in codes(result)


def test_missing_toc_and_scan_quality_warnings():
    scans, _, _ = dossier()
    scans[4].rotation = 180
    scans[4].orientation_confidence = 0.97
    scans[5].illegible = True
    scans[5].printed_number = None
    result = check_structure(scans, None, a4(len(scans)))
    found = {f.code: f for f in result.findings}
    assert found["toc.missing"].severity == "error"
    assert found["pages.rotated"].pages == [5] and found["pages.rotated"].severity == "warning"
    assert found["pages.rotated"].confidence == 0.97
    assert found["pages.illegible"].pages == [6]
    assert "pages.unnumbered" in found and found["pages.unnumbered"].pages == [2]  # the undetected 目录 page


def test_entry_without_number_settled_without_error():
    scans, toc, _ = dossier()
    toc.entries[0].printed_page = None  # OCR lost the "1"
    result = check_structure(scans, toc, a4(len(scans)))
    assert result.findings == [] and result.toc.entries[0].found_page == 3


def test_not_a4_pages_listed_either_orientation_ok():
    geometry = a4(4)
    geometry[1] = PageGeometry(index=2, width_pt=841.9, height_pt=595.3, has_text_layer=False)
    geometry[2] = PageGeometry(index=3, width_pt=612, height_pt=792, has_text_layer=False)  # US Letter
    geometry[3] = PageGeometry(index=4, width_pt=600, height_pt=850, has_text_layer=False)  # within 3 %
    findings = check_page_sizes(geometry)
    assert [f.pages for f in findings] == [[3]] and findings[0].code == "file.not_a4"


def test_page_list_shortens_runs():
    assert page_list([5, 3, 4, 9, 12, 13]) == "3至5、9、12、13"


def test_unreadable_number_on_an_illegible_page_is_no_gap():
    scans, toc, _ = dossier()
    scans[9].illegible = True
    scans[9].printed_number = None
    result = check_structure(scans, toc, a4(len(scans)))
    assert codes(result) == ["pages.illegible"]


def test_photocopy_page_without_legible_heading_accepted_where_the_toc_points():
    scans, toc, starts = dossier()
    scans[starts[2] - 1].heading_lines = [OcrLine(text="二1", box=(80, 160, 520, 600), confidence=0.4)]
    result = check_structure(scans, toc, a4(len(scans)))
    assert result.findings == [] and result.toc.entries[2].found_page == starts[2]


def test_title_missing_from_heading_band_placed_where_the_toc_points():
    scans, toc, starts = dossier()
    scans[starts[3] - 1].heading_lines = [ln("本单位郑重承诺如下：所提交的申报材料均真实、合法、有效。", 150, 70)]
    result = check_structure(scans, toc, a4(len(scans)))
    assert result.findings == [] and result.toc.entries[3].found_page == starts[3]


def test_entry_pointing_at_the_previous_part_is_placed_on_the_free_page_its_heading_names():
    parts = [*PARTS[:3], ("公共信用信息查询结果", 1), *PARTS[3:]]
    scans, toc, starts = dossier(parts)
    toc.entries[3] = RawTocEntry(title="企业信用报告", printed_page=toc.entries[2].printed_page, toc_page=2, box=None)
    credit = {"企业信用报告": "credit_record", "公共信用信息查询结果": "credit_record"}
    result = check_structure(scans, toc, a4(len(scans)), item_for_title=credit.get)
    entry = result.toc.entries[3]
    assert (entry.found_page, entry.status) == (starts[3], "page_mismatch")
    assert [(f.code, f.pages) for f in result.findings] == [("toc.page_mismatch", [starts[3]])]

    # Without a heading that names the material, the page stays with the part before it.
    result = check_structure(scans, toc, a4(len(scans)), item_for_title={"企业信用报告": "credit_record"}.get)
    assert result.toc.entries[3].status == "not_found"


def test_a_listed_part_the_file_lacks_is_not_found_on_a_page_whose_running_text_mentions_it():
    """The 目录 lists 设备清单 on the page the next part starts on (the file lacks it). The
    page before, the lease's second page, begins with a line of running text that mentions
    实训设备: no title, so the entry is not found there (not a page mismatch)."""
    from checklists.loader import load_checklist
    from checklists.matching import match_item

    checklist = load_checklist("rural_station")

    def item_for_title(title: str) -> str | None:
        match = match_item(title, checklist)
        return match[0] if match else None

    parts = [("认定申请表", 2), ("租赁合同", 2), ("内部管理制度汇编", 2)]
    scans, toc, starts = dossier(parts)
    scans[starts[1]].heading_lines = [ln("依托现有实训设备和师资力量，开发具有行业", 50, 72)]
    toc.entries.insert(2, RawTocEntry(title="设备清单", printed_page=toc.entries[2].printed_page, toc_page=2, box=None))
    result = check_structure(scans, toc, a4(len(scans)), item_for_title=item_for_title)
    assert result.toc.entries[2].status == "not_found"
    assert [f.code for f in result.findings] == ["toc.entry_not_found"]


def test_an_entry_listing_only_its_parts_last_page_is_a_question_not_an_error():
    """目录 ranges 1–3, 4, then "8" for a part on pages 5–8, then 9–10: a range whose start
    the recogniser lost (22–25 read as P25) as likely as a wrong 目录, so a person looks. A
    number inside the part (7) is no such range: an error."""
    parts = [("认定申报表", 3), ("营业执照", 1), ("培训业绩汇总", 4), ("管理制度", 2)]

    def checked(listed: int):
        scans, toc, starts = dossier(parts)
        ends = [3, None, None, 10]
        toc.entries = [e.model_copy(update={"printed_page_end": end}) for e, end in zip(toc.entries, ends)]
        toc.entries[2] = toc.entries[2].model_copy(update={"printed_page": listed})
        return check_structure(scans, toc, a4(len(scans))), starts

    result, starts = checked(8)
    assert [(f.code, f.severity, f.pages) for f in result.findings] == [("toc.page_mismatch", "review", [starts[2]])]
    result, _ = checked(7)
    assert [(f.code, f.severity) for f in result.findings] == [("toc.page_mismatch", "error")]


def test_the_last_entry_listing_only_the_files_last_page_is_a_question_not_an_error():
    """The last part (管理制度, pages 9–10) listed as "10" alone: no next entry bounds it, the
    file's last printed page does; a range read without its start (第9-10页 read as 第-10页),
    for a person. A number past the file's last page is no such range."""
    parts = [("认定申报表", 3), ("营业执照", 1), ("培训业绩汇总", 4), ("管理制度", 2)]

    def checked(listed: int):
        scans, toc, starts = dossier(parts)
        ends = [3, None, 8, None]
        toc.entries = [e.model_copy(update={"printed_page_end": end}) for e, end in zip(toc.entries, ends)]
        toc.entries[3] = toc.entries[3].model_copy(update={"printed_page": listed})
        return check_structure(scans, toc, a4(len(scans))), starts

    result, starts = checked(10)
    assert [(f.code, f.severity, f.pages) for f in result.findings] == [("toc.page_mismatch", "review", [starts[3]])]
    for listed in (11, 12):
        result, _ = checked(listed)
        assert [(f.code, f.severity) for f in result.findings] == [("toc.page_mismatch", "error")]


def test_a_toc_that_prints_no_range_anywhere_listing_a_parts_last_page_is_wrong():
    """The same "8" for a part on pages 5–8, in a 目录 of single numbers only: it prints no
    range here either, so the 目录 is wrong (error), whether the entry is the last or not."""
    parts = [("认定申报表", 3), ("营业执照", 1), ("培训业绩汇总", 4), ("管理制度", 2)]
    for k, listed in ((2, 8), (3, 10)):
        scans, toc, starts = dossier(parts)
        toc.entries[k] = toc.entries[k].model_copy(update={"printed_page": listed})
        result = check_structure(scans, toc, a4(len(scans)))
        assert [(f.code, f.severity, f.pages) for f in result.findings] == [("toc.page_mismatch", "error", [starts[k]])]


@pytest.mark.parametrize("shown", [True, False, None])
def test_a_range_whose_start_the_reading_lost_is_settled_by_the_row_image_with_a_fake_image(shown):
    """The same "8" for a part on pages 5–8, with `row_shows` standing in for the 目录 row's
    image (pipeline/toc_number_image.py): asked whether the row prints 5-8, a row that does
    settles it (no finding; the entry is the range); one that cannot tell, or seems to print
    no range (another dash, 至, may stand there), leaves it to a person, never an error."""
    parts = [("认定申报表", 3), ("营业执照", 1), ("培训业绩汇总", 4), ("管理制度", 2)]
    scans, toc, starts = dossier(parts)
    ends = [3, None, None, 10]
    toc.entries = [e.model_copy(update={"printed_page_end": end}) for e, end in zip(toc.entries, ends)]
    toc.entries[2] = toc.entries[2].model_copy(update={"printed_page": 8})
    asked = []

    def fake_row_image(entry, printed):
        asked.append((entry.printed_page, printed))
        return shown

    result = check_structure(scans, toc, a4(len(scans)), row_shows=fake_row_image)
    assert asked == [(8, "5-8")]
    mismatch = [f.severity for f in result.findings if f.code == "toc.page_mismatch"]
    assert mismatch == ([] if shown else ["review"])
    entry = result.toc.entries[2]
    assert (entry.printed_page, entry.printed_page_end) == ((5, 8) if shown else (8, None))


def test_running_text_is_no_title():
    from kernel.textnorm import reads_as_sentence

    assert reads_as_sentence("依托现有实训设备和师资力量，开发具有行业")
    assert not reads_as_sentence("设备清单") and not reads_as_sentence("诚信承诺书。")


def test_a_part_pointed_at_wrongly_starts_with_the_sheet_that_announces_it():
    scans, toc, starts = dossier()
    # The licence (one page) gets a separator sheet "附件2" before its title page.
    sheet = PageScan(index=starts[1], printed_number=None, heading_lines=[ln("附件2", 300, 270)], text_lines=1)
    scans.insert(starts[1] - 1, sheet)
    for k, page in enumerate(scans):
        page.index = k + 1
        page.printed_number = k - 1 if k >= 2 else None
    toc.entries[1] = RawTocEntry(title="营业执照", printed_page=toc.entries[0].printed_page, toc_page=2, box=None)
    for k in range(2, len(toc.entries)):
        toc.entries[k] = toc.entries[k].model_copy(update={"printed_page": toc.entries[k].printed_page + 1})
    result = check_structure(scans, toc, a4(len(scans)))
    entry = result.toc.entries[1]
    assert (entry.found_page, entry.status) == (starts[1], "page_mismatch")

    # A stray digit read under the label ("附件 4" / "1") leaves it a separator sheet.
    sheet.heading_lines = [ln("附件 2", 300, 270), ln("1", 320, 300)]
    assert check_structure(scans, toc, a4(len(scans))).toc.entries[1].found_page == starts[1]
    # So does a speck read as a letter ("附件4" / "L", three lines with the page number).
    sheet.heading_lines, sheet.text_lines = [ln("附件2", 300, 270), ln("L", 320, 300)], 3
    assert check_structure(scans, toc, a4(len(scans))).toc.entries[1].found_page == starts[1]
    sheet.text_lines = 1

    # A one-line sheet that is not a part's label (a photo's caption) is not taken for one.
    sheet.heading_lines = [ln("实训场地照片", 300, 270)]
    assert check_structure(scans, toc, a4(len(scans))).toc.entries[1].found_page == starts[1] + 1


def test_an_unsure_first_number_after_the_unnumbered_front_pages_counts_where_the_next_pages_follow_it():
    """The numbering's page 1 has nothing numbered before it (the cover and the 目录 are not
    numbered): "Pl" read unsurely there counts when the sure pages after it go on 2, 3, …"""
    scans, toc, starts = dossier()
    first = scans[starts[0] - 1]
    first.printed_number, first.unsure_number = None, 1
    result = check_structure(scans, toc, a4(len(scans)))
    assert "pages.unnumbered" not in codes(result)
    assert result.pagination.printed[starts[0] - 1] == 1

    first.unsure_number = 2  # not the first number: nothing before it confirms it
    assert "pages.unnumbered" in codes(check_structure(scans, toc, a4(len(scans))))


def test_an_unsure_number_counts_only_where_both_neighbours_confirm_it():
    scans, toc, _ = dossier()
    scans[8].printed_number, scans[8].unsure_number = None, scans[8].printed_number  # "-12" read unsurely
    result = check_structure(scans, toc, a4(len(scans)))
    assert "pages.unnumbered" not in codes(result)
    assert result.pagination.printed[8] == scans[7].printed_number + 1

    scans[8].unsure_number += 3  # a figure of the page, not its number
    assert "pages.unnumbered" in codes(check_structure(scans, toc, a4(len(scans))))


def test_an_unsure_number_after_a_page_left_unnumbered_counts_on_from_the_page_before_it():
    """(11, unnumbered, "13"?, 14): the sure pages count the unnumbered page and confirm 13
    (a separator sheet's "·30·" read unsurely after an unnumbered page, fresh wild seed 5519);
    the unnumbered page itself is still reported. "12"? there counts nothing."""
    scans, toc, _ = dossier()
    wanted = scans[8].printed_number
    scans[7].printed_number = None
    scans[8].printed_number, scans[8].unsure_number = None, wanted
    result = check_structure(scans, toc, a4(len(scans)))
    assert result.pagination.printed[8] == wanted
    assert [f.pages for f in result.findings if f.code == "pages.unnumbered"] == [[scans[7].index]]

    scans[8].unsure_number = wanted - 1
    assert check_structure(scans, toc, a4(len(scans))).pagination.printed[8] is None


def test_a_glimpsed_number_between_two_that_fix_it_is_read_again_by_a_fake_reread():
    """"— 12 —" glimpsed as "1" between 11 and 13: the page is scanned again, else read
    whole; a second read giving 12 (even unsurely, or "-12" in the whole read) settles it,
    any other answer leaves it for a person."""
    scans, toc, _ = dossier()
    wanted = scans[8].printed_number
    scans[8].printed_number, scans[8].unsure_number = None, 1
    asked = []

    def reread(read_as):
        def again(index):
            asked.append(index)
            return PageScan(index=index, unsure_number=read_as, number_text=f"-{read_as}")
        return again

    result = check_structure(scans, toc, a4(len(scans)), reread=reread(wanted))
    assert asked == [9] and "pages.unnumbered" not in codes(result)
    assert result.pagination.printed[8] == wanted
    result = check_structure(scans, toc, a4(len(scans)), reread=reread(wanted + 10))
    assert [(f.code, f.severity) for f in result.findings] == [("pages.unnumbered", "review")]
    # scanned again in vain, the page read whole shows the number in its markup ("-12")
    whole = {9: ["“信用中国”信用信息查询", f"-{wanted}", "0条"]}
    result = check_structure(scans, toc, a4(len(scans)), reread=reread(wanted + 10),
                             read_text=lambda page: whole.get(page, []))
    assert "pages.unnumbered" not in codes(result) and result.pagination.printed[8] == wanted
    whole = {9: ["“信用中国”信用信息查询", str(wanted), "0条"]}  # a bare figure of the page is no number
    result = check_structure(scans, toc, a4(len(scans)), reread=reread(wanted + 10),
                             read_text=lambda page: whole.get(page, []))
    assert [(f.code, f.severity) for f in result.findings] == [("pages.unnumbered", "review")]


def test_unnumbered_pages_with_a_number_glimpsed_in_their_corners_are_a_question():
    """31, "32"?, "2"? (大 2 where 33 stands), 34: the two pages' numbers do not confirm each
    other, but each shows a number-like read where numbers stand: a person looks (review);
    a page that shows none is unnumbered (error)."""
    scans, toc, _ = dossier()
    scans[8].printed_number, scans[8].unsure_number = None, scans[8].printed_number
    scans[9].printed_number, scans[9].unsure_number = None, 2
    scans[12].printed_number = None
    result = check_structure(scans, toc, a4(len(scans)))
    found = sorted((f.severity, f.pages) for f in result.findings if f.code == "pages.unnumbered")
    assert found == [("error", [13]), ("review", [9, 10])]
    assert result.pagination.unnumbered == [9, 10, 13]


def test_a_run_of_unsure_numbers_counts_where_they_follow_on_and_the_sure_pages_around_continue_them():
    scans, toc, _ = dossier()
    for k in (8, 9, 10):  # "·11·", "·12·", "·13·" read unsurely at the top of three pages in a row
        scans[k].printed_number, scans[k].unsure_number = None, scans[k].printed_number
    result = check_structure(scans, toc, a4(len(scans)))
    assert "pages.unnumbered" not in codes(result)
    assert result.pagination.printed[8:11] == [scans[7].printed_number + n for n in (1, 2, 3)]

    scans[9].unsure_number += 5  # one of them reads a figure of the page: the run is not confirmed
    assert "pages.unnumbered" in codes(check_structure(scans, toc, a4(len(scans))))


def test_an_unsure_number_on_the_last_page_counts_where_the_page_before_confirms_it():
    scans, toc, _ = dossier()
    scans[-1].printed_number, scans[-1].unsure_number = None, scans[-1].printed_number
    result = check_structure(scans, toc, a4(len(scans)))
    assert "pages.unnumbered" not in codes(result)
    assert result.pagination.printed[-1] == scans[-2].printed_number + 1

    scans[-1].unsure_number += 2
    assert "pages.unnumbered" in codes(check_structure(scans, toc, a4(len(scans))))


def test_cover_title_is_never_a_part_start():
    scans, toc, starts = dossier()
    scans[0].heading_lines = [ln("深圳市高技能人才培训基地认定申报材料", 200)]
    scans[starts[0] - 1].heading_lines = [ln("单位名称：深圳市鹏城智造科技有限公司", 100, 60)]
    result = check_structure(scans, toc, a4(len(scans)))
    assert result.toc.entries[0].found_page == starts[0] and result.findings == []


def test_unnumbered_entry_not_found_when_no_room_is_left():
    scans, toc, starts = dossier()
    # Listed between the one-page licence (PDF 6) and the ID card (PDF 7): nowhere to be.
    toc.entries.insert(2, RawTocEntry(title="校企合作协议", printed_page=None, toc_page=2, box=None))
    result = check_structure(scans, toc, a4(len(scans)))
    assert [f.code for f in result.findings if f.severity == "error"] == ["toc.entry_not_found"]


def test_fake_reread_that_reads_the_expected_number_settles_the_conflict():
    scans, toc, _ = dossier()
    scans[9].printed_number = 1  # "8" read as "1"
    asked = []

    def reread(index):
        asked.append(index)
        return PageScan(index=index, printed_number=8, number_text="- 8 -", number_confidence=0.97)

    result = check_structure(scans, toc, a4(len(scans)), reread=reread)
    assert asked == [10]  # only the conflicting page, once
    assert result.findings == []
    assert result.pagination.printed[9] == 8


def test_fake_reread_that_reads_the_same_again_leaves_the_conflict_for_review():
    scans, toc, _ = dossier()
    scans[9].printed_number = 1
    result = check_structure(scans, toc, a4(len(scans)),
                             reread=lambda index, turned_over=False: PageScan(index=index, printed_number=1, number_confidence=0.95))
    assert [(f.code, f.severity, f.pages) for f in result.findings] == [("pages.number_conflict", "review", [10])]


def test_fake_reread_turned_over_settles_a_sheet_bound_upside_down_whose_number_it_reads():
    """A separator sheet of too little text to tell which way is up, bound upside down: its
    "— 8 —" read "一1-" as it lies. Read turned over, it gives 8 and tells which way is up:
    the conflict is settled and the page is reported upside down. A page whose orientation
    was judged upright is not turned over for its number; a number that reads the same
    either way up ("·8·" turned is no proof) settles nothing."""
    def checked(orientation_known: bool, tells: bool):
        scans, toc, _ = dossier()
        scans[9].printed_number, scans[9].number_text = 1, "一1-"
        scans[9].orientation_confidence = 0.9 if orientation_known else None
        asked = []

        def reread(index, turned_over=False):
            asked.append((index, turned_over))
            if not turned_over:
                return PageScan(index=index, printed_number=1, number_text="一1-", number_confidence=0.6)
            return PageScan(index=index, printed_number=8, number_text="— 8 —", number_confidence=0.97, rotation=180,
                            orientation_confidence=0.97 if tells else None)

        return check_structure(scans, toc, a4(len(scans)), reread=reread), asked

    result, asked = checked(orientation_known=False, tells=True)
    assert asked == [(10, False), (10, True)]
    assert [(f.code, f.severity, f.pages) for f in result.findings] == [("pages.rotated", "warning", [10])]
    assert result.pagination.printed[9] == 8
    result, asked = checked(orientation_known=True, tells=True)
    assert asked == [(10, False)]
    assert [(f.code, f.severity) for f in result.findings] == [("pages.number_conflict", "review")]
    result, _ = checked(orientation_known=False, tells=False)
    assert [(f.code, f.severity) for f in result.findings] == [("pages.number_conflict", "review")]


def test_fake_reread_of_a_number_read_as_its_predecessors_settles_a_false_duplicate():
    scans, toc, _ = dossier()
    scans[9].printed_number = 7  # "8" read as "7", confidently: 6, 7, 7, 9 looks like a duplicate
    asked = []

    def reread(index):
        asked.append(index)
        return PageScan(index=index, printed_number=8, number_text="- 8 -", number_confidence=0.97)

    result = check_structure(scans, toc, a4(len(scans)), reread=reread)
    assert asked == [10] and result.findings == []
    printed_twice = check_structure(scans, toc, a4(len(scans)),
                                    reread=lambda index, turned_over=False: PageScan(index=index, printed_number=7,
                                                                                       number_confidence=0.97))
    assert [(f.code, f.severity) for f in printed_twice.findings] == [("pages.duplicate", "error")]


def test_an_entry_pointing_past_its_sheet_in_a_toc_that_points_at_sheets_is_a_page_late():
    """"附件N" alone before each titled page. A 目录 that points at the sheets but lists one
    part at its titled page lists that part a page late; a 目录 that points at every titled
    page counts its own way (no finding)."""
    def labelled(k, number):
        return PageScan(index=0, printed_number=number, heading_lines=[ln(f"附件{k + 1}", 300, 270)], text_lines=1)

    scans, toc = separated_dossier(labelled)
    sheets = [e.printed_page for e in toc.entries]
    toc.entries[0] = toc.entries[0].model_copy(update={"printed_page": sheets[0] + 1})  # 申报表: sheet, 3 pages
    result = check_structure(scans, toc, a4(len(scans)))
    assert [(f.code, f.severity, f.pages) for f in result.findings] == [("toc.page_mismatch", "error", [3])]
    assert result.findings[0].message.endswith(f"标注第{sheets[0] + 1}页，实际位于第{sheets[0]}页（PDF第3页）")

    scans, toc = separated_dossier(labelled)
    for k, entry in enumerate(toc.entries):
        toc.entries[k] = entry.model_copy(update={"printed_page": entry.printed_page + 1})
    result = check_structure(scans, toc, a4(len(scans)))
    assert result.findings == [] and [e.found_page for e in result.toc.entries] == [4, 8, 10, 12]


def test_an_entry_pointing_at_its_separator_sheet_is_right_but_one_page_early_is_not():
    """"附件3" alone on a numbered sheet before the titled page: the 目录 may point at it."""
    def with_separators(text_lines_before_parts: int, label: bool = False):
        return separated_dossier(lambda k, number: PageScan(
            index=0, printed_number=number, text_lines=text_lines_before_parts,
            heading_lines=[ln(f"材料{k + 1}", 300)] if label else []))

    scans, toc = with_separators(text_lines_before_parts=1)
    result = check_structure(scans, toc, a4(len(scans)))
    assert codes(result) == [] and [e.found_page for e in result.toc.entries] == [3, 7, 9, 11]
    # the page before each titled page carries text of its own (a photo caption, a table):
    # an entry pointing at it is one page early
    scans, toc = with_separators(text_lines_before_parts=6)
    assert codes(check_structure(scans, toc, a4(len(scans)))).count("toc.page_mismatch") == 4
    # a sheet headed by a part's label alone, with a stray line or two read besides, is a separator
    scans, toc = with_separators(text_lines_before_parts=4, label=True)
    assert codes(check_structure(scans, toc, a4(len(scans)))) == []
    scans, toc = with_separators(text_lines_before_parts=4)
    assert codes(check_structure(scans, toc, a4(len(scans)))).count("toc.page_mismatch") == 4


def test_an_untitled_part_starts_at_its_own_attachment_sheet_even_one_the_heading_band_missed():
    """附件1 … 附件4 sheets before parts whose pages carry no title (copies), the third sheet's
    label not read: counted from 附件2 and 附件4 it is 附件3. The 目录 points the third entry at
    the page before it (the second part's copy): the part starts at its sheet, and the 目录's
    number is wrong there."""
    titles = ["认定申请表", "法人登记证书", "法人代表身份证", "守信承诺书"]
    scans = [PageScan(index=1, heading_lines=[ln("申报材料", 200)]), PageScan(index=2, heading_lines=[ln("目 录", 60, 270)])]
    starts = []
    for k, title in enumerate(titles):
        starts.append(len(scans) + 1)
        label = [] if k == 2 else [ln(f"附件{k + 1}", 300)]
        scans.append(PageScan(index=len(scans) + 1, printed_number=len(scans) - 1, text_lines=2, heading_lines=label))
        scans.append(PageScan(index=len(scans) + 1, printed_number=len(scans) - 1, text_lines=10,
                              heading_lines=[ln("姓名 潘凯 性别 女", 80, 90)]))
    listed = [1, 3, 4, 7]  # the third entry says 4: the second part's copy
    entries = [RawTocEntry(title=t, printed_page=n, toc_page=2, box=None) for t, n in zip(titles, listed)]
    result = check_structure(scans, TocParse(pages=[2], entries=entries), a4(len(scans)))
    assert [e.found_page for e in result.toc.entries] == starts == [3, 5, 7, 9]
    [mismatch] = [f for f in result.findings if f.code == "toc.page_mismatch"]
    assert mismatch.pages == [7]


def test_attachment_sheets_counted_otherwise_than_the_toc_place_nothing():
    """The 申报表 first, then 附件1 … 附件3 for the 目录's second to fourth entries (the third
    sheet's label not read): the labels do not follow the 目录's order, so the parts are
    placed by their printed numbers, which are right — no finding."""
    scans = [PageScan(index=1, heading_lines=[ln("申报材料", 200)]), PageScan(index=2, heading_lines=[ln("目 录", 60, 270)]),
             PageScan(index=3, printed_number=1, text_lines=12, heading_lines=[ln("认定申请表")])]
    for k in range(1, 4):
        label = [] if k == 2 else [ln(f"附件{k}", 300)]
        scans.append(PageScan(index=len(scans) + 1, printed_number=len(scans) - 1, text_lines=2, heading_lines=label))
        scans.append(PageScan(index=len(scans) + 1, printed_number=len(scans) - 1, text_lines=10,
                              heading_lines=[ln("姓名 潘凯 性别 女", 80, 90)]))
    titles = ["认定申请表", "法人登记证书", "法人代表身份证", "守信承诺书"]
    entries = [RawTocEntry(title=t, printed_page=n, toc_page=2, box=None) for t, n in zip(titles, [1, 2, 4, 6])]
    result = check_structure(scans, TocParse(pages=[2], entries=entries), a4(len(scans)))
    assert [e.found_page for e in result.toc.entries] == [3, 4, 6, 8]
    assert "toc.page_mismatch" not in codes(result)


def test_an_untitled_part_is_not_placed_on_a_nearby_part_whose_own_entry_names_its_heading_better():
    """领衔人身份证 (an ID card's copy: no heading) where the 目录 says, and three pages on a
    part headed 领衔人职业资格证书, which resembles it (领衔人…证) but is its own entry's exact title."""
    parts = [*PARTS[:5], ("领衔人身份证", 1), ("社会保险缴费明细", 2), ("领衔人职业资格证书", 2), *PARTS[5:]]
    scans, toc, starts = dossier(parts)
    scans[starts[5] - 1].heading_lines = [ln("姓名 黄东 性别 男", 150, 200)]
    result = check_structure(scans, toc, a4(len(scans)))
    assert [e.found_page for e in result.toc.entries] == starts
    assert result.findings == []


def test_an_untitled_part_is_not_placed_on_a_later_part_whose_heading_names_it_less_well_than_its_own_entry():
    """负责人身份证明 (the legal representative's ID, a bare copy without a heading) against a
    later part headed 工作室负责人身份证复印件, which the 目录 names exactly."""
    parts = [*PARTS[:2], ("负责人身份证明", 1), *PARTS[3:], ("工作室负责人身份证复印件", 1)]
    scans, toc, starts = dossier(parts)
    scans[starts[2] - 1].heading_lines = [ln("姓名 汪静 性别 女", 150, 200)]
    result = check_structure(scans, toc, a4(len(scans)))
    assert [e.found_page for e in result.toc.entries] == starts
    assert result.findings == []


def test_a_separator_sheet_printed_large_mid_page_is_told_by_its_label_read_by_a_fake_reader():
    """"第7部分" printed large in the middle of the sheet: the heading band holds nothing and a
    shadow adds lines, so the page is read whole. Said alone with its page number, it is the
    part's separator; a photo page's caption is not."""
    def quiet_sheets(says: list[str]):
        scans, toc = separated_dossier(lambda k, number: PageScan(
            index=0, printed_number=number, number_text=f"P{number}", text_lines=3))
        asked: list[int] = []

        def read_text(page: int) -> list[str]:
            asked.append(page)
            return [text.format(n=scans[page - 1].printed_number) for text in says]

        return check_structure(scans, toc, a4(len(scans)), read_text=read_text), asked

    result, asked = quiet_sheets(["第 7 部分", "P{n}"])
    assert codes(result) == [] and [e.found_page for e in result.toc.entries] == [3, 7, 9, 11]
    assert asked == [3, 7, 9, 11]  # only the sheets the 目录 points at are read
    result, _ = quiet_sheets(["- 1{n} -", "第 7 部分"])  # its number read otherwise than the scan read it, above the label
    assert codes(result) == [] and [e.found_page for e in result.toc.entries] == [3, 7, 9, 11]
    result, _ = quiet_sheets(["实训场地一角", "P{n}"])
    assert codes(result).count("toc.page_mismatch") == 4
    result, _ = quiet_sheets([])  # a photo page that says nothing
    assert codes(result).count("toc.page_mismatch") == 4


def test_a_separator_sheet_whose_band_read_a_speck_as_a_character_is_read_whole_by_a_fake_reader():
    """"第4部分" alone mid-page; the scan counted six lines (specks) and its heading band read
    one speck as "寿": the band shows no label, so the page is read whole, and says the label
    alone (a mark read as "∞" aside). A quiet page that says more is no separator."""
    def speckled(says: list[str]):
        scans, toc = separated_dossier(lambda k, number: PageScan(
            index=0, printed_number=number, text_lines=6, heading_lines=[ln("寿", 300, 270)]))
        return check_structure(scans, toc, a4(len(scans)), read_text=lambda page: says)

    result = speckled(["∞", "第4部分"])
    assert codes(result) == [] and [e.found_page for e in result.toc.entries] == [3, 7, 9, 11]
    result = speckled(["第4部分", "实训场地照片", "学员实操训练"])
    assert codes(result).count("toc.page_mismatch") == 4


def with_id_copy(copy_lines: list[str], whole: dict[int, list[str]] | None = None):
    """A dossier whose 目录 lists the ID copy on page 5 (the form's last page) while the copy,
    under no title and its heading band reading `copy_lines`, is the page between the licence
    and the credit record; `whole`: what reading a page whole gives (by its place after the
    copy's page). Returns the structure check's result and the copy's page."""
    from checklists.loader import load_checklist
    from checklists.matching import items_shown, match_item
    from pipeline.items import CONTENT_MARGIN, CONTENT_PARTIAL

    checklist = load_checklist("training_base")

    def item_for_title(title: str) -> str | None:
        match = match_item(title, checklist)
        return match[0] if match else None

    parts = [("认定申报表", 3), ("营业执照", 1), ("法定代表人居民身份证复印件", 1), ("信用中国查询结果", 1)]
    scans, toc, starts = dossier(parts)
    copy = starts[2] - 1
    scans[copy] = scans[copy].model_copy(update={"heading_lines": [ln(t, 50 + 20 * k) for k, t in enumerate(copy_lines)]})
    toc.entries[2] = toc.entries[2].model_copy(update={"printed_page": 3})
    read_text = None if whole is None else (lambda page: whole.get(page - starts[2], []))
    result = check_structure(scans, toc, a4(len(scans)), item_for_title=item_for_title, read_text=read_text,
                             items_shown=lambda lines: items_shown(lines, checklist, CONTENT_PARTIAL, CONTENT_MARGIN))
    return result, starts[2]


def test_an_untitled_id_copy_a_wrong_number_points_away_from_is_found_by_its_content():
    """The 目录 lists the ID copy on page 5; the copy's heading band reads as an ID card. It is
    the part, one page later than listed; a licence's back page there is not."""
    result, copy = with_id_copy(["姓名 魏轩东", "性别 男", "出生 1972年12月23日", "住址 罗湖区黄贝街道新湖路336"])
    assert result.toc.entries[2].found_page == copy
    assert [(f.code, f.pages) for f in result.findings] == [("toc.page_mismatch", [copy])]
    result, _ = with_id_copy(["经营范围 技术开发", "登记机关 深圳市市场监督管理局", "成立日期 2018年11月03日"])
    assert result.toc.entries[2].found_page is None
    assert "toc.entry_not_found" in codes(result)


def test_an_untitled_id_copy_whose_heading_band_shows_too_little_is_found_read_whole_by_a_fake_reader():
    """The heading band took the copy's two widest lines (公民身份号码…, 中华人民共和国): too
    little to tell an ID card. The page the parts around it leave room for is read whole,
    and its 姓名, 出生, 住址, 签发机关 show the ID copy; a page read whole as a licence's back
    does not."""
    band = ["公民身份号码440307198010237968", "中华人民共和国"]
    card = ["姓名 严德晓", "性别 男", "出生 1980年10月23日", "住址 盐田区海山街道龙岗大道11", *band, "居民身份证",
            "签发机关 深圳市公安局南山分局", "有效期限 2020.01.03-2040.01.03"]
    result, copy = with_id_copy(band)
    assert result.toc.entries[2].found_page is None  # the band alone does not show it
    result, copy = with_id_copy(band, whole={0: card})
    assert result.toc.entries[2].found_page == copy
    assert [(f.code, f.pages) for f in result.findings] == [("toc.page_mismatch", [copy])]
    result, _ = with_id_copy(band, whole={0: ["经营范围 技术开发", "登记机关 深圳市市场监督管理局", "成立日期 2018年11月03日"]})
    assert result.toc.entries[2].found_page is None


def test_an_entry_whose_cut_title_names_nothing_takes_the_material_its_pages_heading_names():
    """"法定代表人身份" (the 目录's line cut short) names no material; the page it points to one
    page off is headed 法定代表人身份证: the entry and its page mismatch are that material's."""
    def item_for_title(title: str) -> str | None:
        return {"营业执照": "entity_certificate", "法定代表人身份证": "legal_rep_id", "诚信承诺书": "commitment_letter"}.get(
            title.replace(" ", ""))

    parts = [("营业执照", 1), ("法定代表人身份证", 1), ("诚信承诺书", 1)]
    scans, toc, starts = dossier(parts)
    toc.entries[1] = toc.entries[1].model_copy(update={"title": "法定代表人身份", "printed_page": 3})
    result = check_structure(scans, toc, a4(len(scans)), item_for_title=item_for_title)
    assert [e.item for e in result.toc.entries] == ["entity_certificate", "legal_rep_id", "commitment_letter"]
    [mismatch] = [f for f in result.findings if f.code == "toc.page_mismatch"]
    assert (mismatch.item, mismatch.pages) == ("legal_rep_id", [starts[1]])


def test_a_toc_title_with_a_note_on_how_it_is_handed_in_finds_its_part_two_pages_off():
    """"营业执照（复印件加盖公章）" in the 目录, pointing at the form's second page; the licence,
    headed 营业执照 (副本), is two pages on. The note says how the part is handed in, not what
    it is: the part is found by its title, and the wrong number is a page mismatch (it was
    placed on the form's page instead, which cut the form short)."""
    parts = [("认定申报表", 3), ("营业执照", 1), ("法定代表人身份证", 1), ("诚信承诺书", 1)]
    scans, toc, starts = dossier(parts)
    licence = starts[1] - 1
    scans[licence] = scans[licence].model_copy(update={"heading_lines": [ln("营业执照", 50), ln("(副本)", 70)]})
    toc.entries[1] = toc.entries[1].model_copy(update={"title": "营业执照（复印件加盖公章）", "printed_page": 2})
    result = check_structure(scans, toc, a4(len(scans)))
    assert [e.found_page for e in result.toc.entries] == starts
    assert [(f.code, f.pages) for f in result.findings] == [("toc.page_mismatch", [starts[1]])]


@pytest.mark.parametrize(("title", "key"), [("营业执照（复印件加盖公章）", "营业执照"), ("承诺书(原件)", "承诺书"),
                                            ("场地租赁合同（加盖公章）", "场地租赁合同"), ("营业执照复印件加盖公章", "营业执照"),
                                            ("营业执照（副本）", "营业执照副本"), ("（加盖公章）", "加盖公章")])
def test_a_titles_closing_note_on_how_it_is_handed_in_is_no_part_of_its_key(title, key):
    from kernel.textnorm import title_key

    assert title_key(title) == key


def test_an_entry_whose_page_number_was_lost_does_not_take_the_page_the_next_entrys_number_gives():
    """The 目录 row of the ID copy lost its page number; the ID copy and the credit record after
    it are untitled pages, and the credit record's heading names the legal representative's ID.
    The credit record's own number places it; the ID copy is the page between whose content
    shows an ID card, not the 承诺书's second page."""
    from checklists.loader import load_checklist
    from checklists.matching import items_shown, match_item
    from pipeline.items import CONTENT_MARGIN, CONTENT_PARTIAL

    checklist = load_checklist("training_base")
    parts = [("认定申报表", 2), ("守信承诺书", 2), ("法定代表人居民身份证复印件", 1), ("信用记录查询单", 1), ("经营场所使用证明", 2)]
    scans, toc, starts = dossier(parts)
    id_copy, credit = starts[2], starts[3]
    card = ["姓名 魏轩东", "性别 男", "出生 1972年12月23日", "住址 罗湖区黄贝街道新湖路336"]
    scans[id_copy - 1] = scans[id_copy - 1].model_copy(update={"heading_lines": [ln(t, 50 + 20 * k) for k, t in enumerate(card)]})
    scans[credit - 1] = scans[credit - 1].model_copy(update={"heading_lines": [ln("法定代表人居民身份证号码", 50)]})
    toc.entries[2] = toc.entries[2].model_copy(update={"printed_page": None})
    result = check_structure(scans, toc, a4(len(scans)), item_for_title=lambda t: (match_item(t, checklist) or [None])[0],
                             items_shown=lambda lines: items_shown(lines, checklist, CONTENT_PARTIAL, CONTENT_MARGIN))
    assert [e.found_page for e in result.toc.entries[2:4]] == [id_copy, credit]
    assert "toc.entry_not_found" not in codes(result)


def test_a_masters_untitled_id_copy_is_found_by_content_a_legal_representatives_would_share():
    """A studio's 目录 lists two ID copies (the legal representative's, the master's); the
    master's row has its number misread (1 for 5, the legal representative's page) and the
    copy has no heading, only its card.
    An ID card shows either material alike; with the legal representative's copy placed
    already, the untitled card between the rules and the certificate is the master's.
    Without that copy placed (its entry left out of the 目录), the card tells nothing."""
    from checklists.loader import load_checklist
    from checklists.matching import items_shown, match_item
    from pipeline.items import CONTENT_MARGIN, CONTENT_PARTIAL

    checklist = load_checklist("master_studio")
    card = ["姓名 李军伟", "性别 男", "出生 1976年01月19日", "住址 越秀区东风中路12号"]
    parts = [("法定代表人身份证复印件", 1), ("培训管理规定", 3), ("领衔人身份证", 1), ("技能人才评价证书", 1)]

    def structure(with_legal_rep: bool):
        scans, toc, starts = dossier(parts)
        copy = starts[2] - 1
        scans[copy] = scans[copy].model_copy(update={"heading_lines": [ln(t, 50 + 20 * k) for k, t in enumerate(card)]})
        scans[starts[0] - 1] = scans[starts[0] - 1].model_copy(
            update={"heading_lines": [ln("法定代表人身份证复印件")] + [ln(t, 80 + 20 * k) for k, t in enumerate(card)]})
        toc.entries[2] = toc.entries[2].model_copy(update={"title": "九领衔人身份", "printed_page": 1})
        if not with_legal_rep:
            toc.entries.pop(0)
        result = check_structure(scans, toc, a4(len(scans)), item_for_title=lambda t: (match_item(t, checklist) or [None])[0],
                                 items_shown=lambda lines: items_shown(lines, checklist, CONTENT_PARTIAL, CONTENT_MARGIN))
        return result, starts[2]

    result, copy = structure(with_legal_rep=True)
    master = result.toc.entries[2]
    assert (master.item, master.found_page) == ("master_id", copy)
    assert "toc.entry_not_found" not in codes(result)
    result, copy = structure(with_legal_rep=False)
    assert result.toc.entries[1].found_page is None


@pytest.mark.parametrize(("title_number", "mismatch"), [("7", False), ("............7〜", False), ("6", True)])
def test_a_ranges_start_read_into_the_title_is_the_rows_range(title_number, mismatch):
    """A table 目录's 页码 cell "7-9" read with its start in the title cell: "场地租赁合同7",
    page 9. The title's number is the part's own page and 9 comes before the next entry: the
    row lists 7–9, no finding (the leaders and the dash before the cell read into the title too:
    "教学仪器设备明细............15〜", fresh wild seed 6301). A title's number that is not the
    part's page explains nothing."""
    scans, toc, starts = dossier()
    lease = toc.entries[4]
    toc.entries[4] = lease.model_copy(update={"title": f"场地租赁合同{title_number}",
                                              "printed_page": lease.printed_page + 2})
    result = check_structure(scans, toc, a4(len(scans)))
    assert ("toc.page_mismatch" in codes(result)) is mismatch
    if not mismatch:
        entry = result.toc.entries[4]
        assert (entry.title, entry.printed_page, entry.printed_page_end) == ("场地租赁合同", 7, 9)
