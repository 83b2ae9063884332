"""Key fields of a 高技能人才培训基地: yearly training volume and its senior share, the
instructors and their senior share, and the number of school–enterprise partners.

Training volume comes from the most recent year of the training table, because the
threshold is per year and the latest year is what the applicant stands on now.
"""

from __future__ import annotations

from extractors.common import Parts, from_cell, latest_year_row, named_rows
from extractors.formlines import Cell, all_pairs, read_table
from extractors.values import is_qualified_instructor, is_senior, parse_count
from kernel.models import FieldValue, PageText
from kernel.textnorm import unit_name_key

TRAINING_HEADERS = {
    "trainees": ["培训人数", "培训总人数", "培训人次", "培训总人次", "年培训人数", "参训人数", "参训人次", "受训人数",
                 "受训人次", "参加培训人数", "培训学员人数"],
    # A head's unit in brackets is not part of it: "高技能人才（人次）" reads 高技能人才.
    "senior": ["高级工及以上人数", "高级工以上人数", "高级工及以上", "高级工以上", "高技能人才人数", "高技能人才"],
}
PARTY_LABELS = {"party": ["甲方", "乙方", "合作单位", "合作方", "合作院校"]}
# A list of all partners: the partner column, and any other column to recognise the header row by.
PARTNER_TABLE = {"partner": ["合作单位", "合作院校", "合作单位名称", "合作方"], "content": ["合作内容", "合作项目", "合作方式"],
                 "signed": ["签订时间", "签订日期", "合作时间", "合作期限"]}
PARTY_STOPS = ["地址", "法定代表人", "联系人", "联系电话", "甲方（盖章）", "乙方（盖章）", "甲方（签章）", "乙方（签章）"]


def _training(pages: list[PageText], form: dict[str, Cell]) -> list[FieldValue]:
    """The latest year of the training table, or else the previous year's figures on the form."""
    latest = latest_year_row(pages, TRAINING_HEADERS)
    if latest is None:
        row = {"trainees": form["form_trainees"]} if "form_trainees" in form else {}
        if "form_senior" in form:
            row["senior"] = form["form_senior"]
        latest = (None, row) if row else None
    if latest is None:
        return [from_cell("trainees_per_year", None), from_cell("senior_share", None)]
    year, row = latest
    trainees = parse_count(row["trainees"].text) if "trainees" in row else None
    senior = parse_count(row["senior"].text) if "senior" in row else None
    note = f"取{year}年度数据" if year else "培训台账中未读到，取自申报表上年度数据"
    fields = [from_cell("trainees_per_year", row.get("trainees"), trainees, note=note)]
    share = round(senior / trainees, 4) if trainees and senior is not None else None
    fields.append(from_cell("senior_share", row.get("senior") if share is not None else None, share, note=note))
    return fields


def _instructors(pages: list[PageText]) -> list[FieldValue]:
    rows = named_rows(pages, {})
    if not rows:
        return [from_cell("instructor_count", None), from_cell("instructor_senior_share", None)]
    first = rows[0]["name"]
    qualified = sum(1 for row in rows if "level" in row and is_qualified_instructor(row["level"].text))
    return [
        from_cell("instructor_count", first, len(rows)),
        from_cell("instructor_senior_share", first, round(qualified / len(rows), 4),
                  note=f"{qualified}/{len(rows)}人为高级工及以上或中级及以上职称"),
    ]


def _partners(pages: list[PageText], applicant: str | None) -> FieldValue:
    """Distinct parties other than the applicant named across the agreements."""
    partners: dict[str, Cell] = {}
    own = unit_name_key(applicant or "")
    for page in pages:
        # A page with a list of partners is read as that table: its header words are not parties.
        listed = [row["partner"] for row in read_table(page, PARTNER_TABLE) if "partner" in row]
        for cell in listed or [cell for _, cell in all_pairs(page, PARTY_LABELS, PARTY_STOPS)]:
            key = unit_name_key(cell.text)
            if key and key != own and not key.isdigit():
                partners.setdefault(key, cell)
    if not partners:
        return from_cell("partnership_count", None)
    return from_cell("partnership_count", next(iter(partners.values())), len(partners))


CARRIER_TYPE = "training_base"


def extract(parts: Parts) -> list[FieldValue]:
    return [
        *_training(parts.pages("training_records"), parts.form),
        *_instructors(parts.pages("instructor_roster")),
        _partners(parts.pages("partnership_agreements"), parts.applicant),
    ]
