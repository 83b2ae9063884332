"""Reading a printed page number out of one short piece of header or footer text.

Dossiers number their pages in every style offices and PDF tools use: "- 5 -", "—5—",
"(5)", "·5·", "第5页", "第 5 页 共 40 页", "第5页/共32页", "页码：5", "5/40", "P5", "p.5",
a bare "5". OCR adds its own variants: the dashes become "一" or vanish ("-2-", "2"), a
"1" comes back as "l" or "I", an "0" as "O". Footers also carry digits that are not page
numbers (phone numbers, years, "共40页"), which the patterns reject by shape: a page
number is at most three digits and stands alone or inside page-number markup.

A match says how sure it is: `strong` for explicit markup, weak for a bare number, which
the page scan accepts only where a page number sits (see pipeline/pagescan.py); and, when
the markup gives one ("5/32", "第5页/共32页"), the page count of the file.

`parse_page_number` is the one parser for every source of page numbers: the image page
scan and the PDF's text layer (numbers stamped by a PDF tool) both call it.
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
_N = rf"[{_SLIP_CHARS}]{{1,3}}"
_DASHES = re.compile(r"[‐‑‒–—―−─━一ー﹣－~～_=]")  # ー: a dash read as the kana length mark
_DOTS = re.compile(r"[·•・‧∙⋅●◆◇■□]")
_SPACES = re.compile(r"\s+")

_CHINESE = re.compile(rf"第-?({_N})-?页(?:[,，/、|-]?共(\d{{1,3}})页)?")
_CHINESE_TOTAL_FIRST = re.compile(rf"共(\d{{1,3}})页[,，/、|-]?第({_N})页")
_LABELLED = re.compile(rf"^(?:页码|页次|页号)[:：]?({_N})(?:/(\d{{1,3}}))?$")
_DASHED = re.compile(rf"^-+({_N})-*$|^-*({_N})-+$")
_ENCLOSED = re.compile(rf"^(?:\(({_N})\)|\[({_N})\]|【({_N})】|<({_N})>|〈({_N})〉|\*({_N})\*)$")
_DOTTED = re.compile(rf"^[·.]+({_N})[·.]+$")  # "·5·", and OCR's "·5." or ".5."
_DOTTED_ONE_SIDE = re.compile(r"^[·.]+(\d{1,3})$|^(\d{1,3})[·.]+$")  # "·12·" with one dot lost: "12."
_PREFIXED = re.compile(rf"^(?:P|p|Page|page|PAGE|Pg|pg)\.?[:：]?({_N})(?:/(\d{{1,3}})|of(\d{{1,3}}))?$")
_FRACTION = re.compile(r"^(\d{1,3})/(\d{1,3})$")
_BARE = re.compile(r"^(\d{1,3})$")


@dataclass(frozen=True)
class PageNumber:
    """A page number read from one piece of text."""

    number: int
    text: str  # the text as it was read
    strong: bool  # explicit page-number markup, not just a number
    total: int | None = None  # the page count, when the markup states it ("5/32", "共32页")
    form: str = "bare"  # chinese | labelled | dashed | enclosed | dotted | prefixed | fraction | bare


def _number(core: str) -> int | None:
    digits = core.translate(_SLIPS)
    if not digits.isdigit():
        return None
    value = int(digits)
    return value if 1 <= value <= MAX_PAGE else None


def _with_total(number: int | None, total: str | None, text: str, form: str) -> PageNumber | None:
    """A strong match, refused when the number exceeds the total it states (a misreading)."""
    if number is None:
        return None
    count = int(total) if total else None
    if count is not None and not number <= count <= MAX_PAGE:
        return None
    return PageNumber(number, text, strong=True, total=count, form=form)


def parse_page_number(text: str) -> PageNumber | None:
    """The page number printed in `text`, or None when `text` is not a page number."""
    norm = unicodedata.normalize("NFKC", text).strip()
    norm = _DOTS.sub("·", _DASHES.sub("-", norm))
    compact = _SPACES.sub("", norm)
    if not compact:
        return None

    found = _CHINESE_TOTAL_FIRST.search(compact)
    if found:
        return _with_total(_number(found.group(2)), found.group(1), text, "chinese")
    found = _CHINESE.search(compact)
    if found:
        return _with_total(_number(found.group(1)), found.group(2), text, "chinese")
    found = _LABELLED.match(compact)
    if found:
        return _with_total(_number(found.group(1)), found.group(2), text, "labelled")
    found = _PREFIXED.match(compact)
    if found:
        return _with_total(_number(found.group(1)), found.group(2) or found.group(3), text, "prefixed")
    found = _ENCLOSED.match(compact)
    if found:
        return _with_total(_number(next(g for g in found.groups() if g)), None, text, "enclosed")
    found = _DOTTED.match(compact)
    if found:
        return _with_total(_number(found.group(1)), None, text, "dotted")

    found = _DOTTED_ONE_SIDE.match(compact)
    if found:  # weak, as one dash is: a list's "3." ends that way too
        number = _number(next(group for group in found.groups() if group))
        return PageNumber(number, text, strong=False, form="dotted") if number is not None else None

    found = _DASHED.match(compact)
    if found:
        core = next(group for group in found.groups() if group)
        # one dash on one side only ("5-") is weak: a hyphenated code can end that way
        strong = compact.startswith("-") and compact.endswith("-")
        number = _number(core)
        if number is not None and (strong or core.isdigit()):
            return PageNumber(number, text, strong=strong, form="dashed")
        return None

    found = _FRACTION.match(compact)
    if found:
        return _with_total(int(found.group(1)) or None, found.group(2), text, "fraction")

    found = _BARE.match(compact)
    if found:
        number = _number(found.group(1))
        return PageNumber(number, text, strong=False) if number is not None else None
    return None
