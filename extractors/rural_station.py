"""Key fields of a 乡村振兴技能工作站: rural trainees per year, the village or town body the
station cooperates with, and when that agreement ends (it must be in force).

Of the parties an agreement names, the counterpart is the one the checklist recognises as a
village or town body; failing that, the party that is not the applicant, so that the
validator can say the counterpart is not such a body.
"""

from __future__ import annotations

import re
from collections import defaultdict

from checklists.loader import Checklist
from extractors.common import TERM_TEXT, YEAR, Parts, from_cell, latest_year_row, term_end_key
from extractors.formlines import Cell, all_pairs, read_pairs_each, read_pairs_in, read_table, search
from extractors.support import best_supported
from extractors.values import parse_count, parse_term
from kernel.models import FieldValue, PageText
from kernel.textnorm import nfkc, unit_name_key

# Trainees as ledgers head them: counted as people or as attendances (人次), trained or attending (参训, 受训).
TRAINEE_HEADERS = {"trainees": ["培训人数", "培训总人数", "培训人次", "涉农培训人数", "参训人数", "参训人次", "受训人数", "受训人次"]}
# A list of sessions rather than of years: each row's count and when it was held.
SESSION_HEADERS = {"trainees": TRAINEE_HEADERS["trainees"],
                   "when": ["培训时间", "培训日期", "举办时间", "开班时间", "办班时间", "时间", "日期"]}
TRAINEE_LABELS = {"trainees": ["年度培训人数", "年培训人数", "涉农培训人数", "培训人数", "累计培训人数"]}
PARTY_LABELS = {"party": ["甲方", "乙方", "丙方", "帮扶对象", "合作方", "合作单位"]}
TERM_LABELS = {"term": ["合作期限", "协议期限", "帮扶期限", "协议有效期", "有效期限", "有效期"]}
_PROSE_TERM = re.compile(TERM_TEXT)
PARTY_STOPS = ["地址", "法定代表人", "负责人", "联系人", "联系电话", "甲方（盖章）", "乙方（盖章）", "甲方（签章）", "乙方（签章）"]


def _trainees(pages: list[PageText], form: dict[str, Cell], whole: bool) -> FieldValue:
    """The latest year of the training table, a list of sessions added up by year, a stated
    count, or the form's previous-year figure. `whole`: every page of the part was read (a
    sum over some of the sessions would be a wrong count, not an unread one)."""
    latest = latest_year_row(pages, TRAINEE_HEADERS)
    if latest and "trainees" in latest[1]:
        year, row = latest
        return from_cell("rural_trainees", row["trainees"], parse_count(row["trainees"].text), note=f"取{year}年度数据")
    sessions = _sessions_by_year(pages) if whole else None
    if sessions:
        year, total, first = sessions
        return from_cell("rural_trainees", first, total, note=f"按培训记录各期人数合计{year}年度数据")
    cell = read_pairs_in(pages, TRAINEE_LABELS).get("trainees")
    if cell is None and "form_trainees" in form:
        cell = form["form_trainees"]
        return from_cell("rural_trainees", cell, parse_count(cell.text), note="培训台账中未读到，取自申报表上年度数据")
    return from_cell("rural_trainees", cell, parse_count(cell.text) if cell else None)


def _read_whole(parts: Parts, item_id: str) -> bool:
    """Whether the part's pages were all read (fewer than the bound on pages read)."""
    item = parts.checklist.item(item_id)
    return item is not None and len(parts.pages(item_id)) < item.pages_to_read


def _sessions_by_year(pages: list[PageText]) -> tuple[int, int, Cell] | None:
    """(latest year, trainees of its sessions added up, its first session's count) from a
    list of sessions (培训项目 | 培训人数 | 培训时间 …, continued over pages), only when every
    page shows the list and every session's count and date were read."""
    totals: dict[int, int] = defaultdict(int)
    first: dict[int, Cell] = {}
    for page in pages:
        rows = read_table(page, SESSION_HEADERS)
        if not rows:
            return None
        for row in rows:
            year = YEAR.search(nfkc(row["when"].text)) if "when" in row else None
            if "trainees" not in row and year is None:
                continue  # no count and no year: a note or the page number under the table
            count = parse_count(row["trainees"].text) if "trainees" in row else None
            if year is None or count is None:
                return None
            totals[int(year.group())] += count
            first.setdefault(int(year.group()), row["trainees"])
    if not totals:
        return None
    year = max(totals)
    return year, totals[year], first[year]


def _counterpart(pages: list[PageText], checklist: Checklist, applicant: str | None) -> FieldValue:
    item = checklist.item("cooperation_agreement")
    bodies = [nfkc(k) for k in (item.rules.get("counterpart_keywords", []) if item else [])]
    own = unit_name_key(applicant or "")
    others: list[Cell] = []
    for page in pages:
        for _, cell in all_pairs(page, PARTY_LABELS, PARTY_STOPS):
            name = nfkc(cell.text)
            if any(body in name for body in bodies):
                return from_cell("cooperation_counterpart", cell, name)
            if unit_name_key(name) != own:
                others.append(cell)
    if others:
        return from_cell("cooperation_counterpart", others[0], nfkc(others[0].text))
    return from_cell("cooperation_counterpart", None)


def _term_end(pages: list[PageText]) -> FieldValue:
    """When the agreement ends: a labelled 合作期限 (the one most pages agree on), else the
    first term written in the prose ("双方自2022年3月1日至2025年2月28日开展合作"); 长期 for an
    open-ended one."""
    cell, note = best_supported(read_pairs_each(pages, TERM_LABELS).get("term", []), key=term_end_key)
    term = parse_term(cell.text) if cell else None
    if term is None:
        found = search(pages, _PROSE_TERM)
        if found:
            cell, term = found[1], parse_term(found[0].group())
    if term is None or cell is None:
        return from_cell("cooperation_end", None)
    if term.open_ended:
        return from_cell("cooperation_end", cell, "长期", note=note)
    if term.end is None:
        return from_cell("cooperation_end", None, note=f"未读到协议期限的终止日“{cell.text}”")
    return from_cell("cooperation_end", cell, term.end.isoformat(), note=note)


CARRIER_TYPE = "rural_station"


def extract(parts: Parts) -> list[FieldValue]:
    return [
        _trainees(parts.pages("rural_training_records"), parts.form, _read_whole(parts, "rural_training_records")),
        _counterpart(parts.pages("cooperation_agreement"), parts.checklist, parts.applicant),
        _term_end(parts.pages("cooperation_agreement")),
    ]
