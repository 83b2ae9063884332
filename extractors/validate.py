"""Turn extracted key fields into findings: invalid values, facts that differ between parts,
conditions of eligibility, figures under the checklist's thresholds, and required fields that
could not be read.

Codes are re-checked from the value rather than trusted from extraction, so fields built
elsewhere (a replayed result, a test) are judged the same way. Each finding names the field,
the values and the pages in plain Chinese, the catalog item the field belongs to, and how sure
the machine is. An error goes into a legal notice, so it rests only on reads the machine is
sure of: a finding that rests on a low-confidence read, on pages that disagree, or on a
statement whose meaning cannot be told is `review` (待人工核对) with the same evidence. The
fields judged here get their `valid` flag set, so report.json agrees with the findings.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from stdnum.cn import uscc

from checklists.field_names import FIELD_NAMES
from checklists.loader import Checklist, level_rank
from extractors.identifiers import credit_code_problem, id_number_problem
from extractors.lookalike import one_lookalike_apart
from extractors.meaning import listed
from extractors.values import holds_a_phone, parse_phone, parse_skill_level
from kernel.models import FieldValue, Finding
from kernel.textnorm import nfkc, simplified, unit_name_key

# Looks at two values' lines, where they differ by a look-alike: (left, right, the key they
# are compared by) → "apart" (printed so), "left" or "right" (both lines read as that
# field's value), None (the images do not settle it).
ComparePrinted = Callable[[FieldValue, FieldValue, Callable[[str], str]], str | None]

_NOT_IN_A_NAME = re.compile(r"[^\u4e00-\u9fff·]")


def _person_key(name: str) -> str:
    """A person's name for comparison: its Chinese characters only (a box ☑ read before it is
    no part of it); a name written otherwise (a foreigner's) as a unit's name is compared."""
    return simplified(_NOT_IN_A_NAME.sub("", nfkc(name))) or unit_name_key(name)


# (form-side field, proof-side field, how to compare)
_SAME_FACT: list[tuple[str, str, Callable[[str], str]]] = [
    ("unit_name", "licence_name", unit_name_key),
    ("credit_code", "licence_credit_code", lambda code: code.strip().upper()),
    ("legal_representative", "licence_legal_representative", _person_key),
    ("licence_legal_representative", "legal_rep_id_name", _person_key),
    ("master_name", "master_certificate_name", _person_key),
    ("unit_name", "employer_name", unit_name_key),
]

# field → (threshold key, unit shown after the number)
_THRESHOLDS: dict[str, tuple[str, str]] = {
    "venue_area": ("venue_area_min", "平方米"),
    "trainees_per_year": ("trainees_per_year_min", "人"),
    "senior_share": ("senior_share_min", "%"),
    "instructor_senior_share": ("instructor_senior_share_min", "%"),
    "partnership_count": ("partnerships_min", "家"),
    "team_size": ("team_size_min", "人"),
    "apprentices_per_year": ("apprentices_per_year_min", "人"),
    "rural_trainees": ("rural_trainees_min", "人"),
}


# An OCR read at least this confident may on its own carry an error; below it, a person checks.
SURE = 0.9
# How sure a finding is when its field was built without an OCR confidence (a replay, a test).
_UNSCORED = 0.9
# How sure a `review` finding is that something is wrong: it is a question, not an answer.
_QUESTION = 0.5
# Fields without which a present part cannot be judged: missing them is `field.unread`.
# Optional or merely informative fields (contact person, certificate number…) are not here.
REQUIRED_FIELDS = (
    "unit_name", "credit_code", "licence_name", "licence_credit_code", "lease_end",
    "commitment_date", "credit_result", "master_skill_level",
)
# Shenzhen's districts: a licence address naming one is in Shenzhen even if "深圳" was misread.
_SHENZHEN_DISTRICTS = ("福田区", "罗湖区", "南山区", "盐田区", "宝安区", "龙岗区", "龙华区", "坪山区", "光明区", "大鹏新区", "深汕特别合作区")


def _at(field: FieldValue) -> str:
    return f"（第{field.page}页）" if field.page else ""


def _quoted(field: FieldValue) -> str:
    return f"{FIELD_NAMES[field.id]}“{field.value}”{_at(field)}"


def _is_iso_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _cn_date(value: date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def _number(value: float, unit: str) -> str:
    if unit == "%":
        return f"{value * 100:.1f}".rstrip("0").rstrip(".") + "%"
    return (f"{value:.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)) + unit


def _confidence(fields: list[FieldValue]) -> float:
    scores = [field.confidence for field in fields if field.confidence is not None]
    return round(min(scores), 3) if scores else _UNSCORED


def _is_sure(fields: list[FieldValue]) -> bool:
    """Whether every read behind a finding is confident. Readings that disagree between pages
    already carry a confidence cut by their share of the readings (extractors/support.py)."""
    return _confidence(fields) >= SURE


class _Judge:
    """Collects findings and marks the fields it judged."""

    def __init__(self, checklist: Checklist):
        self.checklist = checklist
        self.findings: list[Finding] = []

    def fail(self, code: str, severity: str, message: str, fields: list[FieldValue], confidence: float | None = None) -> None:
        for field in fields:
            field.valid = False
        pages = sorted({field.page for field in fields if field.page})
        item = self.checklist.item_for_field(fields[-1].id)
        confidence = _confidence(fields) if confidence is None else confidence
        self.findings.append(Finding(code=code, severity=severity, message=message, pages=pages, item=item, confidence=confidence))

    def error_or_review(self, code: str, message: str, fields: list[FieldValue], sure: bool | None = None,
                        doubt: str = "识别置信度较低") -> None:
        """An error when the reads behind it are sure, else the same finding for a person,
        told why the machine doubts it."""
        if _is_sure(fields) if sure is None else sure:
            self.fail(code, "error", message, fields)
        else:
            self.fail(code, "review", f"{message}（{doubt}，请人工核对）", fields)

    def invalid(self, field: FieldValue, message: str, sure: bool | None = None) -> None:
        self.error_or_review("field.invalid", message, [field], sure)

    def ineligible(self, field: FieldValue, message: str, sure: bool | None = None) -> None:
        self.error_or_review("eligibility.failed", message, [field], sure)

    def ask(self, code: str, message: str, field: FieldValue) -> None:
        """A question for a person: the value is there but what it means cannot be told."""
        pages = [field.page] if field.page else []
        self.findings.append(Finding(code=code, severity="review", message=message, pages=pages,
                                     item=self.checklist.item_for_field(field.id), confidence=_QUESTION))


# Identifiers checked for their full structure: (field id, why it is invalid or None, what it is).
_CHECKSUMMED: list[tuple[str, Callable[[str], str | None], str]] = [
    ("credit_code", credit_code_problem, "统一社会信用代码"),
    ("licence_credit_code", credit_code_problem, "统一社会信用代码"),
    ("legal_rep_id_number", id_number_problem, "居民身份证号码"),
    ("master_id_number", id_number_problem, "居民身份证号码"),
]


def _check_formats(judge: _Judge, fields: dict[str, FieldValue]) -> None:
    for field_id, problem_of, kind in _CHECKSUMMED:
        field = fields.get(field_id)
        if field and isinstance(field.value, str):
            problem = problem_of(field.value)
            if problem is None:
                field.valid = True
            else:
                # What was tried to read it stays in the field's note, for the reviewer only.
                sure = (_is_sure([field]) or _read_twice(field, fields)) and not _slip_of_valid_twin(field, fields, problem_of)
                judge.invalid(field, f"{_quoted(field)}不是有效的{kind}（{problem}）", sure=sure)
    phone = fields.get("phone")
    if phone and isinstance(phone.value, str):
        if parse_phone(phone.value).valid:
            phone.valid = True
        else:
            # A phone inside a longer run of digits is most often two cells read as one.
            judge.invalid(phone, f"{_quoted(phone)}格式不正确，应为手机号码或固定电话号码",
                          sure=False if holds_a_phone(phone.value) else None)


_TWINS = {"credit_code": "licence_credit_code", "licence_credit_code": "credit_code"}


def _read_twice(field: FieldValue, fields: dict[str, FieldValue]) -> bool:
    """A bad code read the same on another part (form and licence) is on paper, not an OCR slip."""
    twin = fields.get(_TWINS.get(field.id, ""))
    return twin is not None and twin.page != field.page and twin.value == field.value


def _slip_of_valid_twin(field: FieldValue, fields: dict[str, FieldValue], problem_of: Callable[[str], str | None]) -> bool:
    """A bad code one character from the valid code another part shows (the form's
    12440300961778698 beside the licence's 12440300961778698J): as likely a character the
    reading lost as one the applicant did, so a person looks."""
    twin = fields.get(_TWINS.get(field.id, ""))
    if twin is None or twin.page == field.page or not isinstance(twin.value, str) or problem_of(twin.value) is not None:
        return False
    return _one_edit(uscc.compact(field.value), uscc.compact(twin.value))


def _one_edit(a: str, b: str) -> bool:
    """Whether two strings differ by one character changed, lost or added."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1:] == short for i in range(len(long)))


def _check_dates(judge: _Judge, fields: dict[str, FieldValue], today: date) -> None:
    for field_id, what in (("licence_valid_until", "已过期"), ("lease_end", "已到期"), ("cooperation_end", "已到期")):
        field = fields.get(field_id)
        if not field or not isinstance(field.value, str):
            continue
        if field.value == "长期":
            field.valid = True
            continue
        end = date.fromisoformat(field.value)
        if end < today:
            judge.invalid(field, f"{FIELD_NAMES[field_id]}至{_cn_date(end)}{_at(field)}，{what}")
        else:
            field.valid = True
    letter = fields.get("commitment_date")
    if letter and isinstance(letter.value, str):
        letter.valid = True if _is_iso_date(letter.value) else None


def _check_rules(judge: _Judge, fields: dict[str, FieldValue]) -> None:
    checklist = judge.checklist
    level = fields.get("master_skill_level")
    minimum = checklist.thresholds.get("master_level_min")
    if level and isinstance(level.value, str) and isinstance(minimum, str):
        parsed = parse_skill_level(level.value)
        if parsed and parsed[1] < (level_rank(minimum) or 0):
            judge.ineligible(level, f"{_quoted(level)}低于要求的{minimum}")
        elif parsed:
            level.valid = True
    certificate = checklist.item("entity_certificate")
    place = certificate.rules.get("address_contains") if certificate else None
    address = fields.get("licence_address")
    if place and address and isinstance(address.value, str):
        if place in address.value or (place == "深圳" and any(d in address.value for d in _SHENZHEN_DISTRICTS)):
            address.valid = True
        else:
            judge.ineligible(address, f"{_quoted(address)}不在{place}")
    credit = fields.get("credit_result")
    if credit and isinstance(credit.value, str):
        on_list = listed(credit.value)
        if on_list:
            judge.ineligible(credit, f"{_quoted(credit)}，申报单位列有严重失信记录")
        elif on_list is None:
            judge.ask("field.unread", f"{_quoted(credit)}，无法判断是否列入严重失信主体名单，请人工核对", credit)
        else:
            credit.valid = True
    agreement = checklist.item("cooperation_agreement")
    bodies = agreement.rules.get("counterpart_keywords", []) if agreement else []
    counterpart = fields.get("cooperation_counterpart")
    if bodies and counterpart and isinstance(counterpart.value, str):
        local = village_or_town_body(counterpart.value, bodies)
        if local:
            counterpart.valid = True
        elif local is None:
            judge.ask("field.unread", f"{_quoted(counterpart)}，请人工核对是否为村（居）委会或乡镇（街道）一级单位",
                      counterpart)
        else:
            judge.invalid(counterpart, f"{_quoted(counterpart)}不是村（居）委会或乡镇（街道）一级单位")


# A town's or village's own institution named after it: 紫金河镇农业服务中心, 上围村股份经济联合社,
# 龙华街道社区服务中心. A business in a town (…镇…有限公司) is not one.
_TOWN_BODY = re.compile(r"(?:村|社区|[\u4e00-\u9fff]{1,8}?(?:镇|乡|街道))[\u4e00-\u9fff]{0,12}?"
                        r"(?:委员会|人民政府|政府|办事处|服务中心|中心|站|所|办公室|联合社|合作社)$")
_BUSINESS = re.compile(r"公司|企业|集团|厂|店|商行|学校|学院|协会")


def village_or_town_body(name: str, keywords: list[str]) -> bool | None:
    """Whether a counterpart is a village or town body: named with one of the checklist's
    words (村委会, 镇人民政府 …), or a town's or village's own institution by the form of its
    name (True); a business or a school (False); anything else is for a person (None)."""
    name = nfkc(name).replace(" ", "")
    if any(keyword in name for keyword in keywords):
        return True
    if _BUSINESS.search(name):
        return False
    if _TOWN_BODY.search(name):
        return True
    return None


def _check_unread(judge: _Judge, fields: dict[str, FieldValue]) -> None:
    """A required field of a part that was read (the field keeps the part's page) but gave no value."""
    for field_id in REQUIRED_FIELDS:
        field = fields.get(field_id)
        if field and field.value is None and field.page:
            judge.ask("field.unread", f"未能识别{FIELD_NAMES[field_id]}{_at(field)}，请人工核对", field)


def _check_consistency(judge: _Judge, fields: dict[str, FieldValue], compare_printed: ComparePrinted | None) -> None:
    """Facts that differ between parts. Width, brackets and spaces are not differences;
    有限公司 against 有限责任公司 is. The error needs both reads sure, without an OCR repair,
    and a difference a misread cannot explain: one slipped character on an unsure read, or
    one character read as its look-alike (侯超宇 / 侯超字), is for a person to compare, unless
    the two lines' images show it printed so (`compare_printed`), or show one name, the
    other reading then taken for the misread it is."""
    for left_id, right_id, key in _SAME_FACT:
        left, right = fields.get(left_id), fields.get(right_id)
        if not (left and right and isinstance(left.value, str) and isinstance(right.value, str)):
            continue
        if key(left.value) != key(right.value) and not _cut_short(key(left.value), key(right.value)):
            repaired = any(field.note and "修正" in field.note for field in (left, right))
            bled = _differs_at_an_end_only(key(left.value), key(right.value))
            lookalike = one_lookalike_apart(key(left.value), key(right.value))
            seen = compare_printed(left, right, key) if lookalike and compare_printed is not None else None
            if seen in ("left", "right"):
                kept, misread_field = (left, right) if seen == "left" else (right, left)
                _read_as(misread_field, kept)
                continue
            misread = lookalike and seen != "apart"
            doubt = "两处仅差一个形近字，可能为识别误差" if misread else "识别置信度较低"
            judge.error_or_review("field.inconsistent", f"{_quoted(left)}与{_quoted(right)}不一致", [left, right],
                                  sure=_is_sure([left, right]) and not (repaired or bled or misread), doubt=doubt)


def _read_as(misread: FieldValue, kept: FieldValue) -> None:
    """`misread` given `kept`'s value, which both lines' images show, saying so."""
    where = f"第{kept.page}页" if kept.page else "另一处"
    misread.note = f"识别为“{misread.value}”，与{where}核对图像后为“{kept.value}”"
    misread.value = kept.value


# Characters one reading may have more than the other at its start or end and still be the
# same value read with a neighbour's text (a label's "负责" before 马亮兰).
_BLEED = 2


def _cut_short(one: str, other: str) -> bool:
    """Whether one unit's name is the other's read cut short inside its closing 公司
    (…有限公 for …有限公司): the reading's end lost, no other unit."""
    short, long = sorted((one, other), key=len)
    return (long.endswith("公司") and not short.endswith("公司") and long.startswith(short)
            and 0 < len(long) - len(short) <= _BLEED)


def _differs_at_an_end_only(one: str, other: str) -> bool:
    """Whether one value is the other with a few characters more at its start or end: the
    shape of text bled in from a neighbouring cell, which a person should look at rather
    than the applicant be told the two differ."""
    short, long = sorted((one, other), key=len)
    return bool(short) and len(long) - len(short) <= _BLEED and (long.startswith(short) or long.endswith(short))


def _check_thresholds(judge: _Judge, fields: dict[str, FieldValue]) -> None:
    for field_id, (threshold_key, unit) in _THRESHOLDS.items():
        field = fields.get(field_id)
        minimum = judge.checklist.thresholds.get(threshold_key)
        if not field or not isinstance(field.value, int | float) or not isinstance(minimum, int | float):
            continue
        if field.value < minimum:
            judge.findings.append(
                Finding(
                    code="field.below_threshold",
                    severity="warning",
                    message=f"{FIELD_NAMES[field_id]}{_number(field.value, unit)}{_at(field)}，"
                    f"低于设定的{_number(minimum, unit)}",
                    pages=[field.page] if field.page else [],
                    item=judge.checklist.item_for_field(field_id),
                    confidence=_confidence([field]),
                )
            )


def validate_fields(carrier_type: str, fields: list[FieldValue], checklist: Checklist, today: date,
                    compare_printed: ComparePrinted | None = None) -> list[Finding]:
    """Findings for `fields` of a dossier of `carrier_type` under `checklist`, as of `today`.
    `compare_printed(left, right, key)`, when given, looks at the two values' lines where
    they differ by a look-alike: printed so, or one name misread (pipeline/printed_apart.py)."""
    if checklist.carrier_type != carrier_type:
        raise ValueError(f"checklist is for {checklist.carrier_type}, not {carrier_type}")
    by_id = {field.id: field for field in fields}
    judge = _Judge(checklist)
    _check_formats(judge, by_id)
    _check_dates(judge, by_id, today)
    _check_rules(judge, by_id)
    _check_unread(judge, by_id)
    _check_consistency(judge, by_id, compare_printed)
    _check_thresholds(judge, by_id)
    return judge.findings
