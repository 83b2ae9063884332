"""The key fields every carrier type has: the 申报表's, the licence's, the legal
representative's ID, the venue proof's, the 承诺书's and the 信用中国 query's.

Each field is read where the catalog puts it (pages_by_item) and parsed with the shared
parsers; a code that needed an OCR repair carries the repair in `note`. A field that cannot
be read is still returned, with value None, so the report lists it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from checklists.loader import Checklist
from extractors.formlines import Cell, all_pairs, read_pairs_each, read_pairs_in, read_table, row_text, search
from extractors.meaning import listed
from extractors.support import best_supported, unread
from extractors.values import (
    Parsed, find_dates, parse_area, parse_credit_code, parse_date, parse_id_number, parse_phone, parse_term,
)
from kernel.geometry import group_rows
from kernel.models import FieldValue, OcrLine, PageText
from kernel.textnorm import nfkc

PagesByItem = Mapping[str, Sequence[PageText]]


@dataclass(frozen=True)
class Parts:
    """What every carrier type's extractor is given: the pages of each catalog item, the
    申报表's cells, the applicant's name as the form gives it, and the type's checklist."""

    pages_by_item: PagesByItem
    form: dict[str, Cell]
    applicant: str | None
    checklist: Checklist

    def pages(self, item_id: str) -> list[PageText]:
        return list(self.pages_by_item.get(item_id, []))

# Labels of the 申报表's cells as forms across the province word them; a label is also known
# with a bracketed note dropped ("联系电话（手机）", "法定代表人（负责人）": see formlines).
FORM_LABELS: dict[str, list[str]] = {
    "unit_name": ["单位名称", "申报单位", "申请单位", "单位全称", "申报单位名称", "申请单位名称", "机构名称",
                  "企业名称", "组织名称", "主体名称", "申报主体", "申报主体名称", "申请人名称", "单位名称全称"],
    "credit_code": ["统一社会信用代码", "社会信用代码", "信用代码", "统一代码", "组织机构代码"],
    "legal_representative": ["法定代表人", "法人代表", "法定代表人姓名", "法人姓名", "法定代表人或负责人",
                             "单位负责人", "主要负责人", "负责人"],
    "address": ["单位地址", "通讯地址", "注册地址", "地址", "办公地址", "详细地址", "经营地址", "联系地址", "住所"],
    "contact_person": ["联系人", "经办人", "联系人姓名", "项目联系人", "申报联系人", "业务联系人", "填报人",
                       "填表人"],
    "phone": ["联系电话", "手机号码", "电话", "联系方式", "手机", "办公电话", "固定电话", "移动电话", "联系人电话",
              "电话号码"],
    "application_date": ["申报日期", "申请日期", "填表日期", "日期", "填报日期", "填报时间", "申报时间", "申请时间",
                         "填表时间"],
    "venue_area": ["场地面积（平方米）", "场地面积", "场地总面积", "使用面积", "培训场地面积", "实训场地面积",
                   "场地建筑面积", "办公场地面积", "建筑面积"],
    "master_name": ["领办人姓名", "领办人", "大师姓名"],
    "master_id_number": ["身份证号码", "领办人身份证号码", "公民身份号码"],
    "master_occupation": ["职业（工种）", "职业", "工种"],
    "master_skill_level": ["技能等级", "职业技能等级", "职业资格等级"],
    # the previous year's training figures, which training bases and rural stations state on the form
    "form_trainees": ["上年度培训人数", "年培训人数", "年度培训人数"],
    "form_senior": ["其中高级工及以上", "其中高级工及以上人数", "高级工及以上人数"],
}
# Cells of the form that are not fields but must end the value before them.
FORM_STOPS = [
    "申报类型", "申报类别", "申报方向", "载体类别", "载体类型", "认定类型", "申请认定类型", "申请类别", "邮政编码", "邮编", "单位性质", "所属行业", "电子邮箱", "传真", "职工人数",
    "性别", "出生年月", "学历", "职务", "单位盖章", "开户银行", "主营业务", "经营范围", "成立时间", "申报单位（盖章）", "成立日期", "单位简介",
    "申报理由及基本情况",
]
LICENCE_LABELS: dict[str, list[str]] = {
    "licence_name": ["名称", "单位名称", "机构名称"],
    "licence_credit_code": ["统一社会信用代码"],
    "licence_legal_representative": ["法定代表人", "负责人", "法定代表人（负责人）", "法定代表人姓名"],
    "licence_address": ["住所", "营业场所", "经营场所", "地址"],
    # 营业执照: 营业期限 (older ones 经营期限); 事业单位法人证书: 有效期; 社会团体法人登记证书 and
    # 民办非企业单位登记证书: 证书有效期 or 有效期限.
    "licence_valid_until": ["营业期限", "经营期限", "有效期", "有效期限", "有效期至", "证书有效期"],
}
LICENCE_STOPS = ["类型", "注册资本", "成立日期", "成立时间", "经营范围", "登记机关", "发证机关", "开办资金", "宗旨和业务范围",
                 "业务范围", "活动地域", "注册资金", "举办单位", "业务主管单位"]
ID_LABELS: dict[str, list[str]] = {
    "name": ["姓名"],
    "number": ["公民身份号码", "身份证号码", "身份证号"],
}
ID_STOPS = ["性别", "民族", "出生", "住址"]
VENUE_LABELS: dict[str, list[str]] = {
    "area": ["租赁面积", "租赁面积（平方米）", "建筑面积", "房屋面积", "使用面积"],
    "term": ["租赁期限", "租期", "租赁期"],
}
VENUE_STOPS = ["出租方", "承租方", "甲方", "乙方", "租金", "用途", "房屋坐落", "坐落", "地址"]
_ID_PATTERN = re.compile(r"\d{6}(?:19|20)\d{2}\d{7}[\dXx×]")
# An area in prose with its unit as printed, or an "m" whose superscript ² the reading lost
# ("面积为2937m。"): rows joined as they are, so a number or a unit wrapped over two lines
# ("共计1002平" / "方米") reads whole.
_LEASE_AREA = re.compile(r"(?:租赁|建筑|使用|场地)?面积\D{0,4}?(\d+(?:,\d{3})*(?:\.\d+)?)\s*(?:平方米|平米|m2|m²|㎡|m(?![A-Za-z0-9]))")
# Else a bare number right after "面积为" that ends its clause or its line, the unit lost where
# OCR cannot read ㎡ ("房屋建筑面积为2425。", "面积" / "为699" with the next clause on the next
# line): rows joined by "\n", so that the line's end shows.
_LEASE_AREA_BARE = re.compile(r"(?:租赁|建筑|使用|场地)?面积\s*[为是:：]\s*(\d+(?:,\d{3})*(?:\.\d+)?)[^\S\n]*(?=[。，,；;]|\n(?!\d)|$)")
_DATE_TEXT = r"\d{4}\s*[年.\-/]\s*\d{1,2}\s*[月.\-/]\s*\d{1,2}\s*日?"
# A term written out in prose: "自2022年1月1日至2025年12月31日", "2022.01.01-2025.12.31", "…至长期".
TERM_TEXT = rf"{_DATE_TEXT}\s*起?\s*(?:至|到|-|—|~)\s*(?:{_DATE_TEXT}|长期)"
_LEASE_TERM = re.compile(rf"(?:租赁期限|租期|租赁期)\D{{0,6}}({TERM_TEXT})")
# The note in brackets after the signer's role is whatever OCR made of 签字/签名/签章 ("签学").
COMMITMENT_SIGNER = re.compile(r"(?:法定代表人|负责人|承诺人)\s*(?:\([^):：]{0,4}\)?)?\s*[:：]\s*([\u4e00-\u9fff·]{2,5})")
CREDIT_LABELS: dict[str, list[str]] = {
    "query_date": ["查询时间", "查询日期", "报告日期", "生成时间"],
    "serious": ["严重失信主体名单", "严重失信名单", "严重失信记录", "严重失信"],
    "result": ["查询结果", "查询结论"],
}
CREDIT_STOPS = ["名称", "统一社会信用代码", "行政许可", "行政处罚", "经营异常名录", "失信被执行人", "重大税收违法"]


# Punctuation that ends or joins clauses: a unit's name never holds it.
_SENTENCE = re.compile(r"[，,。；;！!？?]")


def from_cell(
    field_id: str, cell: Cell | None, value: str | int | float | None = None, valid: bool | None = None, note: str | None = None
) -> FieldValue:
    """A FieldValue read from `cell` (value None when nothing was read)."""
    if cell is None:
        return FieldValue(id=field_id, value=None, note=note)
    return FieldValue(
        id=field_id,
        value=value,
        page=cell.page,
        confidence=round(cell.confidence, 3),
        valid=valid,
        evidence=cell.box,
        note=note,
    )


def from_parsed(field_id: str, cell: Cell | None, parsed: Parsed) -> FieldValue:
    """A parsed value; one that needed an OCR repair is trusted less (`confidence_scale`)."""
    field = from_cell(field_id, cell, parsed.value, parsed.valid, parsed.note)
    if field.confidence is not None:
        field.confidence = round(field.confidence * parsed.confidence_scale, 3)
    return field


def text_value(field_id: str, cell: Cell | None) -> FieldValue:
    """A name or address: the cell's text, width-folded, spaces removed."""
    return from_cell(field_id, cell, nfkc(cell.text) if cell else None)


def person_value(field_id: str, cell: Cell | None) -> FieldValue:
    """A person's name: the cell's text without the marks around it that no name carries (a
    form's tick box, a stray colon or bracket, speckle read as a symbol: "☑毛丽")."""
    name = _NAME_EDGES.sub("", nfkc(cell.text)) if cell else None
    return from_cell(field_id, cell, name or None)


_NAME_EDGES = re.compile(r"^[^\w·]+|[^\w·]+$")


def _date_value(field_id: str, cell: Cell | None) -> FieldValue:
    parsed = parse_date(cell.text) if cell else None
    if cell and parsed is None:
        return from_cell(field_id, cell, None, note=f"无法识别日期“{cell.text}”")
    return from_cell(field_id, cell, parsed.isoformat() if parsed else None)


def read_form(pages: Sequence[PageText]) -> dict[str, Cell]:
    """Every 申报表 label's value (master-studio ones included; unused ones are ignored)."""
    return read_pairs_in(pages, FORM_LABELS, FORM_STOPS)


def _validity(cell: Cell | None, note: str | None = None) -> FieldValue:
    term = parse_term(cell.text) if cell else None
    if cell is None or term is None:
        return from_cell("licence_valid_until", cell, None, note=f"无法识别期限“{cell.text}”" if cell else None)
    if term.open_ended:
        return from_cell("licence_valid_until", cell, "长期", note=note)
    if term.end is None:
        return from_cell("licence_valid_until", cell, None, note=f"未读到期限的终止日“{cell.text}”")
    return from_cell("licence_valid_until", cell, term.end.isoformat(), note=note)


def _id_number(pages: Sequence[PageText], cell: Cell | None, field_id: str) -> FieldValue:
    """The labelled number, or else the first ID-shaped number on the pages."""
    if cell is None:
        found = search(pages, _ID_PATTERN)
        if found:
            match, row = found
            cell = Cell(match.group(), row.page, row.box, row.confidence)
    if cell is None:
        return from_cell(field_id, None)
    return from_parsed(field_id, cell, parse_id_number(cell.text))


def read_id_page(pages: Sequence[PageText], name_id: str, number_id: str) -> list[FieldValue]:
    """Name and number from an ID card copy (front side: 姓名 … 公民身份号码)."""
    cells = read_pairs_in(pages, ID_LABELS, ID_STOPS)
    name = cells.get("name") or _name_merged_with_label(pages)
    return [person_value(name_id, name), _id_number(pages, cells.get("number"), number_id)]


# The card prints its name right after 姓名, and OCR often reads the two as one box ("姓名史子凯");
# a two-character label merged with its value is accepted only here, where nothing else follows.
_ID_NAME = re.compile(r"姓\s*名[:：]?\s*([\u4e00-\u9fff·]{2,4})")


def _name_merged_with_label(pages: Sequence[PageText]) -> Cell | None:
    for page in pages:
        for line in page.lines:
            match = _ID_NAME.fullmatch(nfkc(line.text).strip())
            if match:
                return Cell(text=match.group(1), page=page.index, box=line.box, confidence=line.confidence)
    return None


_LEASE_WORDS = re.compile(r"租赁|出租|承租|租期|租金")


def _venue(pages: Sequence[PageText], form: dict[str, Cell]) -> list[FieldValue]:
    """Area and lease end from the venue proof, on any of its pages (labelled cells, else
    prose); the area else from the form. A lease whose term no page gives is reported unread;
    a deed of ownership has no term to read. Where the part holds a lease and the landlord's
    deed (不动产权证书), the area is the lease's, else the form's: the deed's is the whole
    property's."""
    each = read_pairs_each(pages, VENUE_LABELS, VENUE_STOPS)
    leases = [page for page in pages if search([page], _LEASE_WORDS)]
    area_cell, area_value, area_note = None, None, None
    with_deed = 0 < len(leases) < len(pages)
    groups = [leases] if with_deed else []
    if not (with_deed and "venue_area" in form):
        groups.append(pages)
    for group in groups:
        area_cell, area_value, area_note = _area_in(group)
        if area_value is not None:
            break
    if area_value is not None:
        area = from_cell("venue_area", area_cell, area_value, note=area_note)
    elif "venue_area" in form:
        cell = form["venue_area"]
        area = from_cell("venue_area", cell, parse_area(cell.text), note="场地证明中未读到面积，取自申报表")
    else:
        area = from_cell("venue_area", None)
    return [area, _lease_end(pages, each.get("term", []))]


def term_end_key(text: str) -> str | None:
    """A term's end as the field holds it ("2026-12-31", "长期"), to compare readings by."""
    term = parse_term(text)
    if term is None:
        return None
    return "长期" if term.open_ended else (term.end.isoformat() if term.end else None)


def _area_in(pages: Sequence[PageText]) -> tuple[Cell | None, float | None, str | None]:
    """The area the pages state: the best supported labelled one, else one written in prose."""
    cell, note = best_supported(read_pairs_each(pages, VENUE_LABELS, VENUE_STOPS).get("area", []), key=parse_area)
    value = parse_area(cell.text) if cell else None
    if value is None:
        found = search(pages, _LEASE_AREA) or search(pages, _LEASE_AREA_BARE, row_break="\n")
        if found:
            cell, value, note = found[1], float(found[0].group(1).replace(",", "")), None
    return cell, value, note


def _lease_end(pages: Sequence[PageText], cells: Sequence[Cell]) -> FieldValue:
    term_cell, note = best_supported(cells, key=term_end_key)
    end = term_end_key(term_cell.text) if term_cell else None
    if end is None:
        found = search(pages, _LEASE_TERM)
        if found:
            term_cell, end = found[1], term_end_key(found[0].group(1))
    if end is not None:
        return from_cell("lease_end", term_cell, end, note=note)
    if search(pages, _LEASE_WORDS):
        return unread("lease_end", pages, "租赁合同中未读到租赁期限的终止日")
    return from_cell("lease_end", None)


def _row_cell(row: Sequence[OcrLine], page: int) -> Cell:
    """A whole row as one cell, so the evidence box covers everything the value was read from."""
    box = (min(ln.box[0] for ln in row), min(ln.box[1] for ln in row), max(ln.box[2] for ln in row), max(ln.box[3] for ln in row))
    return Cell(row_text(row), page, box, min(line.confidence for line in row))


def _row_match(pages: Sequence[PageText], pattern: re.Pattern[str]) -> tuple[re.Match[str], Cell] | None:
    """The first row matching `pattern` on its own: a signature line must not borrow the
    date printed under an empty 签字 space as a name."""
    for page in pages:
        for row in group_rows(page.lines):
            text = row_text(row)
            match = pattern.search(nfkc(text))
            if match:
                return match, _row_cell(row, page.index)
    return None


def _last_date_row(pages: Sequence[PageText]) -> Cell | None:
    """The lowest row of the last page that holds a full date: where a letter is dated."""
    for page in reversed(pages):
        for row in reversed(group_rows(page.lines)):
            text = row_text(row)
            if find_dates(text):
                return _row_cell(row, page.index)
    return None


def _commitment(pages: Sequence[PageText]) -> list[FieldValue]:
    """Signer and date of the 承诺书. A letter that was read but names no date keeps the page,
    so the validator can tell an undated letter from one that is absent."""
    signer = _row_match(pages, COMMITMENT_SIGNER)
    signer_field = from_cell("commitment_signer", signer[1] if signer else None, signer[0].group(1) if signer else None)
    row = _last_date_row(pages)
    if row is not None:
        return [signer_field, from_cell("commitment_date", row, find_dates(row.text)[-1].isoformat())]
    if not pages:
        return [signer_field, from_cell("commitment_date", None)]
    partial = _last_partial_date_row(pages)
    if partial is not None:
        # A seal over the date often costs OCR a digit ("202年6月2日"): the letter is dated,
        # the officer checks the exact day.
        field = from_cell("commitment_date", partial, partial.text)
        return [signer_field, field.model_copy(update={"note": f"落款日期未能完整识别（“{partial.text}”），请人工核对"})]
    return [signer_field, unread("commitment_date", pages, "承诺书中未读到落款日期")]


_PARTIAL_DATE = re.compile(r"\d{2,4}[^\d年]{0,2}年\s*\d{0,2}\s*月")  # "202年6月", "202.年6月28日"


def _last_partial_date_row(pages: Sequence[PageText]) -> Cell | None:
    """The lowest row that reads like a date with digits lost (year and month words kept)."""
    for page in reversed(pages):
        for row in reversed(group_rows(page.lines)):
            if _PARTIAL_DATE.search(row_text(row)):
                return _row_cell(row, page.index)
    return None


_DISHONESTY_SENTENCE = re.compile(r"[^。；;]*严重失信[^。；;]*")
# A printout's own dishonesty categories, when it has no 严重失信 row: 失信惩戒对象, 失信被执行人,
# 重大税收违法失信主体 — each a kind of the 严重失信主体名单 — with its answer on the same row.
_DISHONESTY_ROW = re.compile(r"^\W*([\u4e00-\u9fff]{0,8}失信[\u4e00-\u9fff]{0,4}?(?:对象|主体|名单|被执行人|记录|人))\W*(.+)$")


# What ends a printout's own title ("失信被执行人查询结果", "失信记录查询"): no answer.
_QUERY_TITLE_END = re.compile(r"^(?:查询|核查)?(?:结果|情况|截图|报告)?$")


def _dishonesty_categories(pages: Sequence[PageText]) -> tuple[str, Cell, bool] | None:
    """The printout's 失信 categories read together: on the list when any says so, not on it
    when every one says not; None when there are none or one cannot be read."""
    answers: list[tuple[str, Cell, bool | None]] = []
    for page in pages:
        for row in group_rows(page.lines):
            match = _DISHONESTY_ROW.match(nfkc(row_text(row)))
            if match and not _QUERY_TITLE_END.match(match.group(2).strip()):
                text = f"{match.group(1)}：{match.group(2).strip()}"
                answers.append((text, _row_cell(row, page.index), listed(text)))
    if not answers:
        return None
    hit = next((answer for answer in answers if answer[2]), None)
    if hit:
        return hit[0], hit[1], True
    if any(answer[2] is None for answer in answers):
        return None
    text = "；".join(answer[0] for answer in answers)
    return text, answers[0][1], False


def _credit(pages: Sequence[PageText]) -> list[FieldValue]:
    """Query date and the 严重失信 answer of a 信用中国 query: the list's own row (its label
    kept, so the value says what it answers), else the stated 查询结果, else a line about the
    list; the first whose meaning can be read is kept. When the row and the stated result
    read opposite ways, the kept one's confidence is halved and the note says why."""
    cells = read_pairs_in(pages, CREDIT_LABELS, CREDIT_STOPS)
    when = _date_value("credit_query_date", cells.get("query_date"))
    readings: list[tuple[str, Cell]] = []
    if "serious" in cells:
        readings.append((f"严重失信主体名单：{nfkc(cells['serious'].text)}", cells["serious"]))
    if "result" in cells:
        readings.append((nfkc(cells["result"].text), cells["result"]))
    told = [(text, cell, answer) for text, cell in readings if (answer := listed(text)) is not None]
    if not told:
        line = _row_match(pages, _DISHONESTY_SENTENCE)
        if line and listed(line[0].group()) is not None:
            readings.insert(0, (line[0].group(), line[1]))
            told = [(line[0].group(), line[1], listed(line[0].group()))]
    if not told:
        categories = _dishonesty_categories(pages)
        if categories:
            readings.insert(0, categories[:2])
            told = [categories]
    if not readings:
        return [when, unread("credit_result", pages, "信用查询材料中未读到严重失信主体名单的查询结果")]
    text, cell = (told[0][:2] if told else readings[0])
    outcome = from_cell("credit_result", cell, text)
    disagreeing = [other for other in told if other[2] is not told[0][2]]
    if disagreeing:
        other_text, other_cell, _ = disagreeing[0]
        outcome.confidence = round(cell.confidence / 2, 3)
        outcome.note = f"查询结果前后不一致，另读到“{other_text}”（第{other_cell.page}页）"
    return [when, outcome]


# A reading with fewer letters and digits than half a code is not the code misread but other
# text taken for it: a title ("统一社会信用代码证书" → "证书"), a label's first line.
_CODE_MIN_ALNUM = 9


def _code_like(text: str) -> bool:
    return sum(char.isascii() and char.isalnum() for char in nfkc(text)) >= _CODE_MIN_ALNUM


def _form_code(field_id: str, cell: Cell | None, pages: Sequence[PageText], what: str) -> FieldValue:
    if cell is None:
        return unread(field_id, pages, f"{what}中未读到统一社会信用代码")
    if not _code_like(cell.text):
        return from_cell(field_id, cell, None, note=f"{what}统一社会信用代码处读到“{cell.text}”，不是代码")
    return from_parsed(field_id, cell, parse_credit_code(cell.text))


def _licence(pages: Sequence[PageText]) -> list[FieldValue]:
    """The licence's fields, weighed over its pages (正本 and 副本 both print them)."""
    each = read_pairs_each(pages, LICENCE_LABELS, LICENCE_STOPS)
    name, name_note = best_supported(each.get("licence_name", []))
    # Every code label of every page: a title above the licence ("统一社会信用代码证书") holds the
    # label too. A copy whose code passes its checksum outweighs one that OCR damaged; two valid
    # codes still conflict.
    codes = [cell for page in pages for name, cell in all_pairs(page, LICENCE_LABELS, LICENCE_STOPS)
             if name == "licence_credit_code"]
    checked = [cell for cell in codes if parse_credit_code(cell.text).valid]
    code, code_note = best_supported(checked or [cell for cell in codes if _code_like(cell.text)] or codes,
                                     key=lambda text: parse_credit_code(text).value)
    person, person_note = best_supported(each.get("licence_legal_representative", []))
    address, address_note = best_supported(each.get("licence_address", []))
    validity, validity_note = best_supported(each.get("licence_valid_until", []), key=term_end_key)
    code_field = _form_code("licence_credit_code", code, pages, "营业执照")
    if code_note:
        code_field.note = "；".join(n for n in (code_field.note, code_note) if n)
    return [
        from_cell("licence_name", name, nfkc(name.text), note=name_note) if name
        else unread("licence_name", pages, "营业执照中未读到名称"),
        code_field,
        from_cell("licence_legal_representative", person, nfkc(person.text), note=person_note) if person
        else from_cell("licence_legal_representative", None),
        from_cell("licence_address", address, nfkc(address.text), note=address_note) if address
        else from_cell("licence_address", None),
        _validity(validity or next(iter(each.get("licence_valid_until", [])), None), validity_note),
    ]


def extract_common(pages_by_item: PagesByItem) -> tuple[list[FieldValue], dict[str, Cell]]:
    """The common fields, in contract order, and the raw 申报表 cells for the type extractors."""
    form_pages = pages_by_item.get("application_form", [])
    form = read_form(form_pages)
    phone = form.get("phone")
    unit_name = form.get("unit_name")
    if unit_name and _SENTENCE.search(nfkc(unit_name.text)):
        unit_name = None  # a sentence ("以上情况属实，同意申报。") under an empty label is no name
    fields = [
        text_value("unit_name", unit_name) if unit_name else unread("unit_name", form_pages, "申报表中未读到单位名称"),
        _form_code("credit_code", form.get("credit_code"), form_pages, "申报表"),
        person_value("legal_representative", form.get("legal_representative")),
        text_value("address", form.get("address")),
        person_value("contact_person", form.get("contact_person")),
        from_parsed("phone", phone, parse_phone(phone.text)) if phone else from_cell("phone", None),
        _date_value("application_date", form.get("application_date")),
        *_licence(pages_by_item.get("entity_certificate", [])),
        *read_id_page(pages_by_item.get("legal_rep_id", []), "legal_rep_id_name", "legal_rep_id_number"),
        *_venue(pages_by_item.get("venue_proof", []), form),
        *_commitment(pages_by_item.get("commitment_letter", [])),
        *_credit(pages_by_item.get("credit_record", [])),
    ]
    return fields, form


# --- tables shared by the type extractors ----------------------------------------------

YEAR_HEADERS = ["年度", "年份", "培训年度"]
YEAR = re.compile(r"(?:19|20)\d{2}")  # a year in a table cell or a date
# A table's year cell: the year alone, perhaps with its months in brackets (2022年（1-12月）).
_YEAR_CELL = re.compile(r"((?:19|20)\d{2})年?度?(?:[(（][^()（）]*[)）])?")
_PERSON_NAME = re.compile(r"[\u4e00-\u9fff·]{2,5}")
# Columns a roster usually has besides 姓名; any one of them identifies the header row.
ROSTER_HEADERS: dict[str, list[str]] = {
    "seq": ["序号"],
    "sex": ["性别"],
    "age": ["年龄", "出生年月"],
    "id_number": ["身份证号码", "身份证号"],
    "occupation": ["职业（工种）", "职业", "工种", "专业"],
    "level": ["技能等级", "职业技能等级", "职业资格等级", "等级", "技能等级/职称", "等级/职称", "鉴定等级"],
    "education": ["学历"],
    "role": ["职务", "岗位", "分工"],
}


def latest_year_row(pages: Sequence[PageText], headers: dict[str, list[str]]) -> tuple[int, dict[str, Cell]] | None:
    """The most recent year's row of a yearly table (年度 | 培训人数 | …): a row whose year cell
    reads as a year alone (2022, 2022年, 2022年度); not a 合计 row, nor a footer that falls in
    the year column ("某某学校2023年" under a table on the same page)."""
    best: tuple[int, dict[str, Cell]] | None = None
    for page in pages:
        for row in read_table(page, {"year": YEAR_HEADERS, **headers}):
            year_cell = row.get("year")
            year = _YEAR_CELL.fullmatch(nfkc(year_cell.text).replace(" ", "")) if year_cell else None
            if year and (best is None or int(year.group(1)) > best[0]):
                best = (int(year.group(1)), row)
    return best


def named_rows(pages: Sequence[PageText], headers: dict[str, list[str]]) -> list[dict[str, Cell]]:
    """Rows of a roster (a table with a 姓名 column) that name a person, over all pages."""
    rows = []
    for page in pages:
        for row in read_table(page, {"name": ["姓名", "成员姓名", "教师姓名", "学徒姓名"], **ROSTER_HEADERS, **headers}):
            name = row.get("name")
            if name and _PERSON_NAME.fullmatch(nfkc(name.text)):
                rows.append(row)
    return rows
