"""Key fields of a 技能大师工作室: who the master (领办人) is, the master's certificate and
honours, the apprentices per year, the team, and the employer the master is insured with.

The master's identity and level are read from the ID copy and the certificate, which are
the proof; the 申报表's own entries are used only where those pages give nothing.
"""

from __future__ import annotations

import re
from collections import Counter

from checklists.loader import Checklist
from extractors.common import PagesByItem, Parts, from_cell, from_parsed, named_rows, person_value, read_id_page, text_value
from extractors.formlines import Cell, all_pairs, read_pairs_in, read_table, search
from extractors.support import unread
from extractors.values import parse_count, parse_id_number, parse_skill_level
from kernel.models import FieldValue, PageText
from kernel.textnorm import nfkc, unit_name_key

CERTIFICATE_LABELS = {
    "name": ["姓名", "持证人", "持证人姓名"],
    "occupation": ["职业（工种）", "职业(工种)", "职业名称", "职业", "工种"],
    "level": ["等级", "技能等级", "职业技能等级", "职业资格等级", "级别"],
    "number": ["证书编号", "证书编码", "编号"],
}
CERTIFICATE_STOPS = ["性别", "身份证号码", "身份证号", "公民身份号码", "发证日期", "发证机关", "评价机构", "理论知识考试成绩",
                     "职业资格证书", "职业技能等级证书"]
APPRENTICE_LABELS = {"count": ["年度带徒人数", "年带徒人数", "每年带徒人数", "带徒人数", "计划带徒人数"]}
# A plan that states its yearly number in a sentence: 每年带徒不少于17名, 年均带徒5人, 每年培养徒弟8名.
APPRENTICES_IN_PROSE = re.compile(r"(?:每年|年均|每年度|年度)[^，。；\d]{0,4}?(?:带徒|带教|培养徒弟|培养学徒|招收学徒|带学徒)"
                                  r"[^，。；\d]{0,6}?(\d{1,3})\s*(?:名|人)")
TEAM_LABELS = {"count": ["团队成员人数", "工作室成员人数", "成员人数", "团队人数"]}
# 参保证明 (参保单位, 累计缴费月数) and 劳动合同 (甲方（用人单位）) name the master's employer.
EMPLOYMENT_LABELS = {
    "employer": ["参保单位", "用人单位", "甲方（用人单位）", "用人单位名称", "缴费单位", "工作单位"],
    "months": ["累计缴费月数", "累计缴费月份", "缴费月数", "参保月数", "累计月数"],
}
LEDGER_HEADERS = {
    "employer": ["单位名称", "参保单位", "用人单位", "缴费单位", "参保单位名称", "用人单位名称"],
    "month": ["缴费年月", "缴费月份", "费款所属期", "所属期", "参保年月"],
}
EMPLOYMENT_STOPS = ["姓名", "公民身份号码", "身份证号码", "缴费年月", "缴费状态", "缴费基数", "参保险种", "乙方（劳动者）", "乙方"]
# How an honour certificate names what it awards: 被授予“深圳市技术能手”称号, 荣获“…”.
_AWARDED = re.compile(r"(?:授予|荣获|评为)[\"“「『]?([\u4e00-\u9fff]{2,16}?)[\"”」』]?(?:称号|荣誉称号|。|$)")


def _master_identity(pages_by_item: PagesByItem, form: dict[str, Cell]) -> list[FieldValue]:
    name, number = read_id_page(pages_by_item.get("master_id", []), "master_name", "master_id_number")
    if name.value is None and "master_name" in form:
        name = person_value("master_name", form["master_name"])
    if number.value is None and "master_id_number" in form:
        cell = form["master_id_number"]
        number = from_parsed("master_id_number", cell, parse_id_number(cell.text))
    return [name, number]


def _certificates(pages: list[PageText]) -> list[dict[str, Cell]]:
    """Each certificate's cells, in page order: a page may hold two certificates (front sides
    copied onto one sheet), so a label seen again starts the next certificate."""
    found: list[dict[str, Cell]] = []
    for page in pages:
        current: dict[str, Cell] = {}
        for name, cell in all_pairs(page, CERTIFICATE_LABELS, CERTIFICATE_STOPS):
            if name in current:
                found.append(current)
                current = {}
            current[name] = cell
        if current:
            found.append(current)
    return found


def _certificate(pages: list[PageText], form: dict[str, Cell]) -> list[FieldValue]:
    """The master's certificate: of several (applicants file them in ascending order, the
    技师 one last), the one with the highest level; its holder, occupation and number with it."""
    best: tuple[int, dict[str, Cell]] | None = None
    first: dict[str, Cell] = {}
    for cells in _certificates(pages):
        for name, cell in cells.items():
            first.setdefault(name, cell)
        level = parse_skill_level(cells["level"].text) if "level" in cells else None
        if level and (best is None or level[1] > best[0]):
            best = (level[1], cells)
    cells = {**first, **best[1]} if best else first
    level_cell = cells.get("level") or form.get("master_skill_level")
    level = parse_skill_level(level_cell.text) if level_cell else None
    if level_cell is None:
        level_field = unread("master_skill_level", pages, "职业资格证书中未读到技能等级")
    else:
        level_field = from_cell(
            "master_skill_level", level_cell, level[0] if level else None,
            note=None if level else f"无法识别等级“{level_cell.text}”",
        )
    occupation = text_value("master_occupation", cells.get("occupation") or form.get("master_occupation"))
    number_cell = cells.get("number")
    number = from_cell("master_certificate_no", number_cell, re.sub(r"\s", "", nfkc(number_cell.text)) if number_cell else None)
    return [level_field, occupation, number, text_value("master_certificate_name", cells.get("name"))]


def _honours(pages: list[PageText], checklist: Checklist) -> FieldValue:
    """The known honours named on the honour pages, most specific name first, joined by 、.

    An honour outside the checklist's list is reported as read, with a note for the reviewer
    and no finding: the list cannot name every award a district or industry confers."""
    item = checklist.item("master_honors")
    known = sorted(item.rules.get("known_honours", []) if item else [], key=len, reverse=True)
    found: list[str] = []
    first: Cell | None = None
    for honour in known:
        hit = search(pages, re.compile(re.escape(nfkc(honour))))
        if hit and not any(honour in other for other in found):
            found.append(honour)
            first = first or hit[1]
    if found:
        return from_cell("master_honours", first, "、".join(found))
    awarded = search(pages, _AWARDED)
    if awarded:
        honour = awarded[0].group(1)
        return from_cell("master_honours", awarded[1], honour, note=f"“{honour}”不在已知荣誉名单中，请人工核对")
    return from_cell("master_honours", None, note="荣誉材料中未识别到已知荣誉" if pages else None)


def _labelled_or_rows(field_id: str, pages: list[PageText], labels: dict[str, list[str]],
                      prose: re.Pattern[str] | None = None) -> FieldValue:
    """A stated count ("年度带徒人数：5", or in a sentence "每年带徒不少于17名"), or else the
    number of people the roster names."""
    cell = read_pairs_in(pages, labels).get("count")
    count = parse_count(cell.text) if cell else None
    if count is not None:
        return from_cell(field_id, cell, count)
    found = search(pages, prose) if prose else None
    if found:
        return from_cell(field_id, found[1], int(found[0].group(1)), note=f"取自“{found[0].group(0)}”")
    rows = named_rows(pages, {})
    if rows:
        return from_cell(field_id, rows[0]["name"], len(rows), note="按名册人数计")
    return from_cell(field_id, None)


def _employer_in_ledger(pages: list[PageText]) -> Cell | None:
    """The employer a contribution ledger names on most of its month rows (a 参保明细 table
    with a 单位名称 column rather than a labelled 参保单位 line)."""
    named: list[Cell] = []
    for page in pages:
        named += [row["employer"] for row in read_table(page, LEDGER_HEADERS) if "employer" in row]
    if not named:
        return None
    counts = Counter(unit_name_key(cell.text) for cell in named)
    most, _ = counts.most_common(1)[0]
    return next(cell for cell in named if unit_name_key(cell.text) == most)


def _employment(pages: list[PageText]) -> list[FieldValue]:
    """The employer and, where the 参保证明 states it, the months contributed there."""
    cells = read_pairs_in(pages, EMPLOYMENT_LABELS, EMPLOYMENT_STOPS)
    months = cells.get("months")
    return [
        text_value("employer_name", cells.get("employer") or _employer_in_ledger(pages)),
        from_cell("insured_months", months, parse_count(months.text) if months else None),
    ]


CARRIER_TYPE = "master_studio"


def extract(parts: Parts) -> list[FieldValue]:
    return [
        *_master_identity(parts.pages_by_item, parts.form),
        *_certificate(parts.pages("master_certificate"), parts.form),
        _honours(parts.pages("master_honors"), parts.checklist),
        _labelled_or_rows("apprentices_per_year", parts.pages("apprenticeship_plan"), APPRENTICE_LABELS,
                          APPRENTICES_IN_PROSE),
        _labelled_or_rows("team_size", parts.pages("team_roster"), TEAM_LABELS),
        *_employment(parts.pages("employment_proof")),
    ]
