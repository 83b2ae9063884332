"""Parsers for the values the extractors read: codes, phones, dates, areas, levels, counts.

OCR returns codes with spaces, full-width characters and look-alike letters (O/0, I/1, Z/2,
S/5, B/8). The full check of `extractors.identifiers` (structure, region, birth date, check
characters) tells a right code from a wrong one, so a parser tries the look-alike repairs
before it calls a code invalid, keeps a repair only when the result passes that check, says
so in `note` (shown in the report) and lowers the value's confidence: the value on paper
differs from what was accepted. Dates may be written in Chinese numerals (二〇二三年六月二十八日).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from checklists.loader import SKILL_LEVELS
from extractors.identifiers import is_valid_credit_code, is_valid_id_number
from kernel.textnorm import chinese_number, nfkc

# Letters OCR returns for digits; applied only where the format demands a digit.
_DIGIT_LOOKALIKES = {"O": "0", "D": "0", "Q": "0", "I": "1", "L": "1", "|": "1", "Z": "2", "S": "5", "B": "8", "G": "6", "T": "7"}
# Letters outside the credit-code alphabet (I O S V Z are excluded by GB 32100) → what OCR meant.
_CREDIT_OUTSIDE = {"O": "0", "I": "1", "Z": "2", "S": "5", "V": "U"}
# In the organisation-code part letters are legal, so a B that OCR made of an 8 can only be
# told by the checksum. The reverse (8 → B) is not tried: digits are far more common there,
# and each extra trial gives a wrong code a 1-in-31 chance of a false "repair".
_CREDIT_AMBIGUOUS = {"B": "8"}
_SEPARATORS = re.compile(r"[\s\-_.·]")


@dataclass(frozen=True)
class Parsed:
    """A parsed value; `valid` is False when it is readable but fails its rule.

    `confidence_scale` (≤ 1) says how far to trust the value less than the OCR line it came
    from: a repaired code is not what the paper shows, and each repaired character is one
    more chance that the repair landed on some other valid code.
    """

    value: str | None
    valid: bool | None
    note: str | None = None
    confidence_scale: float = 1.0


# Trust kept per repaired character (0.85 → 0.72 for two, 0.61 for three).
REPAIR_TRUST = 0.85


def _repair_note(changes: list[str]) -> str | None:
    return f"已按OCR常见误识修正：{'，'.join(changes)}" if changes else None


def _repaired(value: str, changes: list[str]) -> Parsed:
    """A value that passes its full check, with what was changed to get there."""
    return Parsed(value, True, _repair_note(changes), REPAIR_TRUST ** len(changes))


def _unrepaired(value: str, changes: list[str]) -> Parsed:
    """A value that fails its check: shown as read, never as a half-repaired guess."""
    note = f"已尝试按OCR常见误识修正（{'，'.join(changes)}），修正后仍无效" if changes else None
    return Parsed(value, False, note)


def _undouble(code: str, valid) -> list[str]:
    """Codes one character too long where a doubled character, removed, gives a valid code."""
    found = {code[:i] + code[i + 1 :] for i in range(1, len(code)) if code[i] == code[i - 1]}
    return sorted(candidate for candidate in found if valid(candidate))


def _credit_lookalikes(code: str) -> tuple[str, list[str]]:
    """Letters a credit code cannot hold (and letters in its digit positions) → digits."""
    chars = list(code)
    changes = []
    for i, char in enumerate(chars):
        # positions 3-8 (administrative division) are digits; 1-2 are digits but for the
        # registration authorities A, N and Y, which no look-alike table maps
        repaired = _DIGIT_LOOKALIKES.get(char) if i < 8 and not char.isdigit() else None
        repaired = repaired or _CREDIT_OUTSIDE.get(char)
        if repaired:
            changes.append(f"第{i + 1}位 {char}→{repaired}")
            chars[i] = repaired
    return "".join(chars), changes


def parse_credit_code(text: str) -> Parsed:
    """统一社会信用代码 from OCR text: cleaned, and repaired only when the repair passes the
    full check of `extractors.identifiers` (structure, organisation code, check character)."""
    raw = _SEPARATORS.sub("", nfkc(text).upper())
    match = re.search(r"[0-9A-Z|]{17,19}", raw)
    if not match:
        return Parsed(raw or None, False if raw else None)
    read = match.group()
    undoubled: list[str] = []
    if len(read) == 19:
        candidates = _undouble(read, lambda c: is_valid_credit_code(_credit_lookalikes(c)[0]))
        if len(candidates) == 1:
            read = candidates[0]
            undoubled = ["删除重复字符"]
    if len(read) != 18:
        return Parsed(read, False)
    code, changes = _credit_lookalikes(read)
    changes = undoubled + changes
    if is_valid_credit_code(code):
        return _repaired(code, changes) if changes else Parsed(code, True)
    alternatives = []
    for i in range(8, 18):
        swap = _CREDIT_AMBIGUOUS.get(code[i])
        if swap:
            candidate = code[:i] + swap + code[i + 1 :]
            if is_valid_credit_code(candidate):
                alternatives.append((candidate, f"第{i + 1}位 {code[i]}→{swap}"))
    if len(alternatives) == 1:
        candidate, change = alternatives[0]
        return _repaired(candidate, [*changes, change])
    return _unrepaired(match.group() if not undoubled else read, changes)


def parse_id_number(text: str) -> Parsed:
    """居民身份证号码 (lower-case x and × read as X), repaired only when the repair passes the
    full check (region, real birth date, check character)."""
    raw = _SEPARATORS.sub("", nfkc(text).upper()).replace("×", "X")
    match = re.search(r"[0-9A-Z|]{17,19}", raw)
    if not match:
        return Parsed(raw or None, False if raw else None)
    read = match.group()
    changes: list[str] = []
    if len(read) == 19:
        candidates = _undouble(read, lambda n: is_valid_id_number(_id_lookalikes(n)[0]))
        if len(candidates) == 1:
            read = candidates[0]
            changes.append("删除重复字符")
    if len(read) != 18:
        return Parsed(read, False)
    number, repairs = _id_lookalikes(read)
    changes += repairs
    if is_valid_id_number(number):
        return _repaired(number, changes) if changes else Parsed(number, True)
    return _unrepaired(read, changes)


def _id_lookalikes(number: str) -> tuple[str, list[str]]:
    """Letters in an ID number's digit positions → digits (the last place may be X)."""
    chars = list(number)
    changes = []
    for i, char in enumerate(chars):
        if char.isdigit() or (i == len(chars) - 1 and char == "X"):
            continue
        repaired = _DIGIT_LOOKALIKES.get(char)
        if repaired:
            changes.append(f"第{i + 1}位 {char}→{repaired}")
            chars[i] = repaired
    return "".join(chars), changes


_MOBILE = re.compile(r"^1[3-9]\d{9}$")
# A landline with its area code (0755 for Shenzhen; a unit may give another city's, which the
# notice does not forbid), or a Shenzhen number written without it, as the notice itself
# writes its own (82997829); a 400/800 service number.
_LANDLINE = re.compile(r"^(0(?:10|2\d)|0[3-9]\d{2})(\d{7,8})$")
_LOCAL_LANDLINE = re.compile(r"^[2-9]\d{7}$")
_SERVICE = re.compile(r"^[48]00\d{7}$")
# An extension after a landline: 0755-82997829转801, 0755-82997829-801, 分机801, ext.801.
_EXTENSION = re.compile(r"(?:转|分机|EXT\.?|-)(\d{1,5})$")
# Several numbers in one cell: "82997829、15815512067", "0755-8888 1234 / 13800138000".
_PHONE_SEPARATORS = re.compile(r"[、，,;；/或]+|\s{2,}")
# A number that could be a phone inside a longer run of digits (OCR ran two cells together).
_PHONE_INSIDE = re.compile(r"1[3-9]\d{9}|0755\d{8}")


def parse_phone(text: str) -> Parsed:
    """One or more phone numbers as applicants write them, normalised; valid when each is a
    mobile (optional +86), a landline (area code optional for Shenzhen's 8 digits, an
    extension allowed) or a 400/800 number."""
    numbers = [part for part in _PHONE_SEPARATORS.split(nfkc(text).strip()) if part.strip()]
    if len(numbers) > 1:
        parsed = [_parse_one_phone(number) for number in numbers]
        notes = [one.note for one in parsed if one.note]
        if all(one.valid for one in parsed):
            return Parsed("、".join(one.value for one in parsed), True, "；".join(notes) or None,
                          min(one.confidence_scale for one in parsed))
        return Parsed(nfkc(text), False)
    return _parse_one_phone(text)


# Words before or after the number in its cell: a person's name or title beside it (13800138000
# 张经理), or a seal's centre text stamped over the cell (…财务专用). The number is the phone.
_WORDS_AROUND = re.compile(r"^[\u4e00-\u9fff:：]+|[\u4e00-\u9fff]+$")


def _parse_one_phone(text: str) -> Parsed:
    raw = _WORDS_AROUND.sub("", re.sub(r"[\s()（）]", "", nfkc(text))).upper()
    extension = _EXTENSION.search(raw)
    if extension and _landline(raw[:extension.start()].replace("-", "")):
        raw, extension = raw[:extension.start()], extension.group(1)
    else:
        extension = None
    raw = raw.replace("-", "")
    changes = []
    digits = []
    for i, char in enumerate(raw):
        repaired = _DIGIT_LOOKALIKES.get(char)
        if repaired and i > 0:
            changes.append(f"{char}→{repaired}")
        digits.append(repaired if repaired and i > 0 else char)
    number = "".join(digits)
    number = re.sub(r"^\+?86(?=1[3-9]\d{9}$)", "", number)
    if _MOBILE.match(number) or _SERVICE.match(number):
        return Parsed(number, True, _repair_note(changes))
    landline = _landline(number)
    if landline:
        return Parsed(landline + (f"转{extension}" if extension else ""), True, _repair_note(changes))
    return Parsed(nfkc(text) or None, False if raw else None)


def _landline(number: str) -> str | None:
    """A landline written as digits only, as 区号-号码; None if it is not one."""
    with_area = _LANDLINE.match(number)
    if with_area and (with_area.group(1) != "0755" or len(with_area.group(2)) == 8):
        return f"{with_area.group(1)}-{with_area.group(2)}"
    return f"0755-{number}" if _LOCAL_LANDLINE.match(number) else None


def holds_a_phone(text: str) -> bool:
    """Whether a number that is no phone has one inside a longer run of digits — what OCR
    makes of a phone run together with the figures beside it."""
    return bool(_PHONE_INSIDE.search(re.sub(r"\D", "", nfkc(text))))


# The day is not followed by a colon and a digit: "6月1:3H" is 6月13日 with a seal's rim read
# into it, not the 1st (a date read so is no date, rather than a wrong one).
_DATE = re.compile(r"(\d{4})\s*[年.\-/]\s*(\d{1,2})\s*[月.\-/]\s*(\d{1,2})(?![:：]\d)\s*日?")
# Chinese numerals, alone or mixed with Arabic ones: 二〇二三年六月二十八日, 二零二三年六月廿八日,
# 2023年6月二十八日. A zero in the year may be 〇, 零, ○ (a circle, common in typed text), or an
# O where OCR read the 〇 or a 0; Arabic digits may mix in.
_CN_YEAR_DIGITS = "〇零○◯O一二三四五六七八九0-9"
_CN_DATE = re.compile(
    rf"(?P<year>[{_CN_YEAR_DIGITS}]{{4}})\s*年\s*"
    r"(?P<month>[一二三四五六七八九十]{1,3}|\d{1,2})\s*月\s*"
    r"(?P<day>[一二三四五六七八九十廿卅]{1,4}|\d{1,2})\s*[日号]"
)
_CN_YEAR_DIGIT_VALUES = {
    **{zero: "0" for zero in "〇零○◯O"},
    **{c: str(i) for i, c in enumerate("一二三四五六七八九", 1)},
    **{d: d for d in "0123456789"},
}


def _cn_number(text: str) -> str | None:
    """A month or day in Chinese numerals (廿 = 二十, 卅 = 三十) or digits, as digits; None for
    a malformed numeral such as 十十."""
    if text.isdigit():
        return text
    value = chinese_number(text.replace("廿", "二十").replace("卅", "三十"))
    return None if value is None else str(value)


def arabic_dates(text: str) -> str:
    """`text` with every date written in Chinese numerals rewritten as 2023年6月28日 (for
    callers that match dates with their own pattern, such as a term in prose)."""

    def arabic(match: re.Match) -> str:
        year = "".join(_CN_YEAR_DIGIT_VALUES[c] for c in match["year"])
        month, day = _cn_number(match["month"]), _cn_number(match["day"])
        return match.group() if month is None or day is None else f"{year}年{month}月{day}日"

    return _CN_DATE.sub(arabic, text)


def _digits(text: str) -> str:
    return "".join(_DIGIT_LOOKALIKES.get(c, c) if c.isalpha() and c.isascii() else c for c in text.upper())


def find_dates(text: str) -> list[date]:
    """Every well-formed date in `text`, in order ("2023年6月15日", "2023-06-15", "2023.6.15",
    "二〇二三年六月十五日")."""
    found = []
    for match in _DATE.finditer(arabic_dates(_digits(nfkc(text)))):
        try:
            found.append(date(int(match.group(1)), int(match.group(2)), int(match.group(3))))
        except ValueError:
            continue
    return found


def parse_date(text: str) -> date | None:
    dates = find_dates(text)
    return dates[0] if dates else None


@dataclass(frozen=True)
class Term:
    """A validity or lease term: start, end (None when open-ended) and whether it is 长期."""

    start: date | None
    end: date | None
    open_ended: bool


def parse_term(text: str) -> Term | None:
    """"2015年03月02日至长期", "自2022年1月1日至2025年12月31日", "2022.01.01-2025.12.31",
    "有效期至二〇三〇年一月一日"."""
    normal = arabic_dates(nfkc(text))
    dates = find_dates(normal)
    open_ended = bool(re.search(r"(至|-|—|~)?(长期|永久|不约定期限|无固定期限)", normal))
    if not dates and not open_ended:
        return None
    if open_ended:
        return Term(dates[0] if dates else None, None, True)
    if len(dates) == 1:
        # a lone date after 至/到 is the end ("有效期至2030年1月1日"), otherwise the start
        ends = re.search(r"(至|到|止)\s*\d{4}", normal)
        return Term(None, dates[0], False) if ends else Term(dates[0], None, False)
    return Term(dates[0], dates[1], False)


_NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")


def parse_area(text: str) -> float | None:
    """Square metres: "120平方米", "120.5 ㎡", "120m2", or a bare number in a 平方米 cell."""
    normal = _digits_in_numbers(nfkc(text))
    match = re.search(rf"({_NUMBER.pattern})\s*(?:平方米|平米|m2|m²|M2|㎡)", normal) or _NUMBER.search(normal)
    return float(match.group(match.lastindex or 0).replace(",", "")) if match else None


def _digits_in_numbers(text: str) -> str:
    """Repair look-alike letters inside a number that starts with a digit ("1O5" → "105")."""
    return re.sub(r"\d[\dOoIlZSB]*", lambda m: "".join(_DIGIT_LOOKALIKES.get(c.upper(), c) for c in m.group()), text)


def parse_count(text: str) -> int | None:
    """A head count: "3200人", "3,200人次", "共计 3200 人" (the first number)."""
    match = _NUMBER.search(_digits_in_numbers(nfkc(text)))
    return int(float(match.group().replace(",", ""))) if match else None


# The longest spellings first: "高级技师" must not be read as "技师", "高级工" not as "高级".
_LEVEL_SPELLINGS: list[tuple[str, int]] = sorted(
    [
        (spelling, rank)
        for rank, name in enumerate(SKILL_LEVELS, start=1)
        for spelling in name.split("/")
    ]
    + [("初级", 1), ("中级", 2), ("高级", 3)],
    key=lambda pair: -len(pair[0]),
)
# Professional titles (高级讲师, 高级工程师) are not skill levels; their "高级" must not read as 高级工.
_PROFESSIONAL_TITLE = re.compile(r"高级(?!技师|工(?!程))[\u4e00-\u9fff]{0,3}师")


def parse_skill_level(text: str) -> tuple[str, int] | None:
    """The highest skill level named in `text` as (catalog name, rank 1..7), e.g. ("二级/技师", 4)."""
    normal = _PROFESSIONAL_TITLE.sub("|", nfkc(text))
    best: int | None = None
    for spelling, rank in _LEVEL_SPELLINGS:
        if spelling in normal:
            best = rank if best is None else max(best, rank)
            normal = normal.replace(spelling, "|")
    return (SKILL_LEVELS[best - 1], best) if best else None


def is_senior(level_text: str) -> bool:
    """高技能: 高级工 (三级) or above."""
    parsed = parse_skill_level(level_text)
    return parsed is not None and parsed[1] >= 3


# Professional titles (职称) of the middle grade or above, in any series: every 高级 / 正高级
# title; the middle grade's own names (工程师, 讲师, 经济师 … without 助理, which is the first
# grade), 一级 teachers, 主治 / 主管 in health, 教授 and 副教授. A title without its grade
# (实习指导教师, 教师) does not say it.
_MIDDLE_TITLE = re.compile(
    r"(?:正高级|高级)[\u4e00-\u9fff]{0,5}(?:师|员)|[中高]级职称"
    r"|(?<!助理)(?:工程师|讲师|经济师|会计师|审计师|统计师|农艺师|畜牧师|兽医师|实验师)"
    r"|一级(?:实习指导)?教师|主治医师|主管(?:护|药|技)师|教授"
)
# A teacher's grade (三级 / 二级 / 一级 教师, 实习指导教师): its 三级 is the first grade, not 高级工.
_TEACHER_GRADE = re.compile(r"[一二三]级(?:实习指导)?教师")


def is_qualified_instructor(level_text: str) -> bool:
    """An instructor the 师资 rule counts: a skill level of 高级工 or above, or a professional
    title (职称) of the middle grade or above (checklists/standards.yaml `instructor_roster`)."""
    text = nfkc(level_text)
    if _MIDDLE_TITLE.search(text):
        return True
    return is_senior(_TEACHER_GRADE.sub("|", text))
