"""Reading a printed page number out of one short piece of header or footer text.

Dossiers number their pages in every style offices use: "- 5 -", "—5—", "第5页",
"第 5 页 共 40 页", "5/40", "P5", a bare "5". OCR adds its own variants: the dashes
become "一" or vanish ("-2-", "2"), a "1" comes back as "l" or "I", an "0" as "O".
Footers also carry digits that are not page numbers (phone numbers, years, "共40页"),
which the patterns reject by shape: a page number is at most three digits and stands
alone or inside page-number markup.

A match says how sure it is: `strong` for explicit markup, weak for a bare number, which
the page scan accepts only where a page number sits (see pipeline/pagescan.py).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MAX_PAGE = 999

# Characters OCR returns for digits, accepted only inside page-number markup.
_SLIPS = str.maketrans({"O": "0", "o": "0", "D": "0", "〇": "0", "l": "1", "I": "1", "|": "1",
                        "i": "1", "!": "1", "S": "5", "s": "5", "Z": "2", "z": "2", "B": "8",
                        "b": "6", "g": "9", "q": "9"})
_SLIP_CHARS = "0-9OoD〇lI|i!SsZzBbgq"
_DASHES = re.compile(r"[‐‑‒–—―−─━一﹣－~～_=]")
_SPACES = re.compile(r"\s+")

_CHINESE = re.compile(rf"第\s*([{_SLIP_CHARS}]{{1,3}})\s*页(?:\s*[,，/、]?\s*共\s*(\d{{1,3}})\s*页)?")
_CHINESE_TOTAL_FIRST = re.compile(rf"共\s*(\d{{1,3}})\s*页\s*[,，/、]?\s*第\s*([{_SLIP_CHARS}]{{1,3}})\s*页")
_DASHED = re.compile(rf"^-+\s*([{_SLIP_CHARS}]{{1,3}})\s*-*$|^-*\s*([{_SLIP_CHARS}]{{1,3}})\s*-+$")
_PREFIXED = re.compile(rf"^(?:P|p|Page|page|PAGE)\s*[.:]?\s*([{_SLIP_CHARS}]{{1,3}})$")
_FRACTION = re.compile(r"^(\d{1,3})\s*/\s*(\d{1,3})$")
_BARE = re.compile(r"^(\d{1,3})$")


@dataclass(frozen=True)
class PageNumberMatch:
    number: int
    text: str  # the text as OCR returned it
    strong: bool  # explicit page-number markup, not just a number


def _number(core: str) -> int | None:
    digits = core.translate(_SLIPS)
    if not digits.isdigit():
        return None
    value = int(digits)
    return value if 1 <= value <= MAX_PAGE else None


def parse_page_number(text: str) -> PageNumberMatch | None:
    """The page number printed in `text`, or None when `text` is not a page number."""
    norm = unicodedata.normalize("NFKC", text).strip()
    norm = _DASHES.sub("-", norm)
    compact = _SPACES.sub("", norm)
    if not compact:
        return None

    found = _CHINESE.search(compact)
    if found:
        number, total = _number(found.group(1)), found.group(2)
    else:
        found = _CHINESE_TOTAL_FIRST.search(compact)
        number, total = (_number(found.group(2)), found.group(1)) if found else (None, None)
    if number is not None:
        if total is not None and number > int(total):
            return None
        return PageNumberMatch(number, text, strong=True)

    for pattern in (_DASHED, _PREFIXED):
        found = pattern.match(compact)
        if found:
            core = next(group for group in found.groups() if group)
            # one dash on one side only ("5-") is weak: a hyphenated code can end that way
            strong = pattern is _PREFIXED or (compact.startswith("-") and compact.endswith("-"))
            number = _number(core)
            if number is not None and (strong or core.isdigit()):
                return PageNumberMatch(number, text, strong=strong)
            return None

    found = _FRACTION.match(compact)
    if found:
        number, total = int(found.group(1)), int(found.group(2))
        return PageNumberMatch(number, text, strong=True) if 1 <= number <= total <= MAX_PAGE else None

    found = _BARE.match(compact)
    if found:
        number = _number(found.group(1))
        return PageNumberMatch(number, text, strong=False) if number is not None else None
    return None
