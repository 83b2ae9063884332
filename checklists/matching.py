"""Recognise which catalog item a part title (a 目录 entry or a page heading) names.

Real titles wrap the catalog's words in numbering, copy suffixes and extra words
("附件2 事业单位法人证书", "营业执照副本复印件") and OCR slips a character now and then.
Keywords are compared on `title_key` forms. An exact keyword inside the title wins over a
fuzzy one, and the longest keyword wins among exact ones, because keywords are shared
between items ("身份证" belongs to both the legal representative's and the master's ID; the
longer "领办人身份证" decides). Which items exist at all comes from the type's checklist, so
a keyword that two types use for different items ("合作协议") resolves by type.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from checklists.loader import Checklist
from pipeline.textnorm import title_key

MIN_SCORE = 0.7
# A fuzzy match must find this share of the keyword's characters, in order, close together.
_FUZZY_MIN_CONTAINMENT = 0.74
_FUZZY_MIN_KEYWORD = 4
# Sentences are not titles: a line this long with sentence punctuation is prose.
_PROSE_MARKS = "，。；！？"


def _exact_score(keyword: str, title: str) -> float:
    """0.85 for a keyword somewhere in the title, up to 1.0 when the keyword is the title."""
    return 0.85 + 0.15 * len(keyword) / len(title)


def _fuzzy_score(keyword: str, title: str) -> float:
    """Share of the keyword found in order inside one compact window of the title."""
    matcher = SequenceMatcher(None, keyword, title, autojunk=False)
    blocks = [block for block in matcher.get_matching_blocks() if block.size]
    if not blocks:
        return 0.0
    found = sum(block.size for block in blocks)
    span = blocks[-1].b + blocks[-1].size - blocks[0].b
    if span > len(keyword) + 1:
        return 0.0
    containment = found / len(keyword)
    if containment < _FUZZY_MIN_CONTAINMENT:
        return 0.0
    return containment * (0.85 + 0.15 * min(1.0, len(keyword) / len(title)))


def _is_prose(raw_title: str) -> bool:
    return any(mark in raw_title for mark in _PROSE_MARKS) and len(raw_title) > 20


def match_item(title: str, checklist: Checklist) -> tuple[str, float] | None:
    """The catalog item `title` names and a 0..1 score, or None when nothing is close enough."""
    key = title_key(title)
    if not key or _is_prose(title.strip()):
        return None
    exact: list[tuple[int, float, str]] = []
    fuzzy: list[tuple[float, int, str]] = []
    for item in checklist.items:
        for keyword in {title_key(k) for k in [item.title, *item.keywords]}:
            if not keyword:
                continue
            if keyword in key:
                exact.append((len(keyword), _exact_score(keyword, key), item.id))
            elif len(keyword) >= _FUZZY_MIN_KEYWORD:
                score = _fuzzy_score(keyword, key)
                if score:
                    fuzzy.append((score, len(keyword), item.id))
    if exact:
        _, score, item_id = max(exact)
        return item_id, round(score, 3)
    if fuzzy:
        score, _, item_id = max(fuzzy)
        if score >= MIN_SCORE:
            return item_id, round(score, 3)
    return None
