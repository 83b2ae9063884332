"""Decide the carrier type of a dossier from its cover and 申报表.

The strongest evidence is the 申报类型 row of the form, where the applicant ticks one of
three options. OCR reads the ticked box as "☑", "√", "V", "团" or "区", or drops it, while
the empty boxes come back as "□"/"口"; so an option preceded by a tick mark weighs most,
though not more than a title and the cover that name another type together (OCR also reads
an empty box as ticked and drops the real tick). When no
tick survived, the one option without an empty box is only a guess: OCR drops an empty box
as readily as a ticked one (a form with nothing ticked reads "申报类型高技能人才培训基地□…"),
so the guess counts only when a title or the cover names the same type. Without a usable
tick row the type named in a title ("技能大师工作室认定申请表") or on the cover decides, by
weighted vote; one named in passing in running text weighs least.
"""

from __future__ import annotations

from collections import Counter

from checklists.loader import Checklist, load_all_checklists
from checklists.matching import is_prose
from extractors.formlines import row_text
from kernel.geometry import group_rows
from kernel.models import PageText
from kernel.textnorm import containment, nfkc

_TICKED = set("☑✓√✔☒■▣团区VvⅤ")
_EMPTY = set("□口☐○〇O0")
_TITLE_WORDS = ("申请表", "申报表", "申报书", "申请书", "申报材料", "认定")
_TITLE_WEIGHT = 3
# A tick seen outweighs one title naming another type, not a title and the cover together:
# OCR reads an empty box as ticked and drops the real tick ("☑高技能人才培训基地 □技能大师工作室
# 乡村振兴技能工作站" on a form titled 乡村振兴技能工作站认定申报表 under a cover saying the same).
_TICK_WEIGHT = _TITLE_WEIGHT + 0.5
# A type named in passing in running text ("依托大师工作室开展技术攻关" in a training base's
# 单位简介) says less than one a form's value or a cover line names: half a vote.
_RUNNING_TEXT_WEIGHT = 0.5
# Type names outside the tick row may carry one slipped character ("技能大帅工作室").
_FUZZY_NAME = 0.85
_FUZZY_NAME_MIN_LENGTH = 6


def _mentions(text: str, checklists: dict[str, Checklist]) -> dict[str, int]:
    """Each type named exactly in `text`, with where its longest name starts."""
    found: dict[str, int] = {}
    for carrier_type, checklist in checklists.items():
        for keyword in sorted(checklist.type_keywords, key=len, reverse=True):
            position = text.find(nfkc(keyword))
            if position >= 0:
                found[carrier_type] = position
                break
    return found


def _fuzzy_mention(text: str, checklists: dict[str, Checklist]) -> set[str]:
    found = set()
    for carrier_type, checklist in checklists.items():
        for keyword in checklist.type_keywords:
            name = nfkc(keyword)
            if len(name) >= _FUZZY_NAME_MIN_LENGTH and containment(name, text) >= _FUZZY_NAME:
                found.add(carrier_type)
    return found


def _ticked_option(text: str, mentions: dict[str, int]) -> tuple[str | None, bool]:
    """The option ticked in a row that lists several types, and whether its tick was seen
    (False: the only option whose box did not survive OCR, a guess); (None, False) if
    it cannot be told."""
    ticked, empty, unknown = [], [], []
    for carrier_type, position in mentions.items():
        mark = text[position - 1] if position > 0 else ""
        (ticked if mark in _TICKED else empty if mark in _EMPTY else unknown).append(carrier_type)
    if len(ticked) == 1:
        return ticked[0], True
    if not ticked and len(unknown) == 1 and empty:
        return unknown[0], False
    return None, False


def detect_carrier_type(
    pages: list[PageText], checklists: dict[str, Checklist] | None = None
) -> tuple[str | None, int | None, str]:
    """(type id, page, evidence text) from the cover and 申报表 pages; (None, None, "") if unknown."""
    checklists = checklists or load_all_checklists()
    votes: Counter[str] = Counter()
    evidence: dict[str, tuple[float, int, str]] = {}
    guesses: list[tuple[str, int, str]] = []
    for page in pages:
        for row in group_rows(page.lines):
            raw = row_text(row)
            text = nfkc(raw)
            mentions = _mentions(text, checklists)
            if len(mentions) >= 2:
                choice, seen = _ticked_option(text, mentions)
                if choice and seen:
                    votes[choice] += _TICK_WEIGHT
                    evidence[choice] = (_TICK_WEIGHT, page.index, raw)
                elif choice:
                    guesses.append((choice, page.index, raw))
                continue
            named = set(mentions) or _fuzzy_mention(text, checklists)
            if len(named) != 1:
                continue
            carrier_type = named.pop()
            weight = (_TITLE_WEIGHT if any(word in text for word in _TITLE_WORDS)
                      else _RUNNING_TEXT_WEIGHT if is_prose(raw) else 1)
            votes[carrier_type] += weight
            if weight > evidence.get(carrier_type, (0, 0, ""))[0]:
                evidence[carrier_type] = (weight, page.index, raw)
    for carrier_type, page_index, raw in guesses:
        if votes[carrier_type]:  # a guessed tick only confirms a type named elsewhere
            votes[carrier_type] += _TITLE_WEIGHT
            evidence[carrier_type] = (_TITLE_WEIGHT, page_index, raw)
    ranked = votes.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None, None, ""
    winner = ranked[0][0]
    _, page_index, text = evidence[winner]
    return winner, page_index, text
