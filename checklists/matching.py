"""Recognise which catalog item a part title (a 目录 entry or a page heading) names, and how
strongly a part's page lines show an item's content.

Applicants word titles freely ("主要设备设施清单", "统一社会信用代码证书", "三年工作计划"), so a
title is compared word by word, not as one string: every synonym of an item (checklist YAML,
`synonyms`) and the title are segmented with jieba and a small domain dictionary
(`domain_words.yaml`, loaded once). A synonym's last word is its head noun (清单, 证明, 协议 …)
and carries half of its score, its qualifiers (设备, 产权, 校企 …) the other half, so that
neither "人员清单" nor "设备台账" passes for "设备清单". A word found with one character
slipped, or a two-character qualifier with one of its characters lost, counts for less. Title words no synonym word covers lower the score a little, and a
title whose own head nouns are all left uncovered ("实训设备采购合同") much more. A title whose
two best items score almost alike names neither: an ambiguous match is not forced.

Content evidence is the second, independent source: the table headers, clauses and labels
(`content` in the YAML) that a part's page lines show, for parts whose title matched nothing.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

import jieba

from checklists.loader import CatalogItem, Checklist, load_domain_words
from kernel.textnorm import nfkc, reads_as_sentence, title_key

MIN_SCORE = 0.7
# Two items scoring within this margin of each other: the title names neither for sure.
AMBIGUITY_MARGIN = 0.03
# Share of a synonym's score carried by its head noun; its qualifiers share the rest.
HEAD_WEIGHT = 0.5
# A word found with one character wrong (OCR slip) counts this much; only for words of 3+.
SLIP_CREDIT = 0.8
_SLIP_MIN_LENGTH = 3
# A title that names a different kind of document (its head nouns all uncovered).
_FOREIGN_HEAD_FACTOR = 0.75
# Content terms found on a part's lines that make its item certain (fewer: a partial match).
CONTENT_HITS_FOR_CERTAINTY = 3
# A title composed from one wording's head and another's qualifier counts for this much of a
# whole wording's score.
COMPOSED_CREDIT = 0.9
# Sentences are not titles: a line this long with sentence punctuation is prose.
_PROSE_MARKS = "，。；！？"
_NUMERALS = re.compile(r"^[0-9零一二三四五六七八九十百两年度月日近前个]+$")
_PUNCT = re.compile(r"[^\w]")
# Where one 目录 entry names several materials: "营业执照及法定代表人身份证".
_JOINERS = re.compile(r"以及|及|和|与|、|，|,|；|;|/|＋|\+")


@dataclass(frozen=True)
class _Lexicon:
    tokenizer: jieba.Tokenizer
    heads: frozenset[str]  # what kind of document a title names
    fillers: frozenset[str]  # copy marks and connectives, ignored
    same_as: tuple[tuple[str, str], ...]  # full form → short form, longest full form first

    def canonical(self, key: str) -> str:
        """`key` with every full form written as its short form (社会保险 → 社保)."""
        for full, short in self.same_as:
            key = key.replace(full, short)
        return key


@cache
def _lexicon() -> _Lexicon:
    jieba.setLogLevel(logging.WARNING)
    words = load_domain_words()
    tokenizer = jieba.Tokenizer()
    for word in [*words.head_nouns, *words.words, *words.fillers]:
        tokenizer.add_word(word)
    same_as = tuple(sorted(words.same_as.items(), key=lambda pair: len(pair[0]), reverse=True))
    return _Lexicon(tokenizer, frozenset(words.head_nouns), frozenset(words.fillers), same_as)


@dataclass(frozen=True)
class _Title:
    key: str
    words: list[tuple[str, range]]  # content words and where each sits in the key
    bounds: frozenset[int]  # positions where any segmented word starts or ends


@lru_cache(maxsize=8192)  # titles repeat across a batch; a long watch run must not grow without bound
def _segment(key: str) -> _Title:
    lexicon = _lexicon()
    words, bounds, at = [], {0}, 0
    for word in lexicon.tokenizer.lcut(key, HMM=False):
        span = range(at, at + len(word))
        at = span.stop
        bounds.add(at)
        if word not in lexicon.fillers and not _NUMERALS.match(word):
            words.append((word, span))
    return _Title(key, words, frozenset(bounds))


def _words(key: str) -> tuple[str, ...]:
    """Content words of an already normalised wording, in order (fillers and numerals dropped)."""
    return tuple(word for word, _ in _segment(key).words)


def _find(word: str, title: _Title) -> tuple[float, range | None]:
    """Credit and character span of `word` in the title: whole, or with one character
    slipped where the slipped stretch is not part of a longer, real word of the title
    ("申报材" inside 申报材料 is not a slipped 申报表)."""
    key = title.key
    at = key.find(word)
    if at >= 0:
        return 1.0, range(at, at + len(word))
    if len(word) >= _SLIP_MIN_LENGTH:
        for start in title.bounds:
            end = start + len(word)
            if end in title.bounds and sum(a != b for a, b in zip(word, key[start:end])) == 1:
                return SLIP_CREDIT, range(start, end)
        # The title cut short: its last character lost into a 目录 row's leaders
        # ("九、领衔人身份证 ……" read "九领衔人身份").
        start = len(key) - len(word) + 1
        if start in title.bounds and key.endswith(word[:-1]):
            return SLIP_CREDIT, range(start, len(key))
    return 0.0, None


def _lost_character(word: str, title: _Title) -> tuple[float, range | None]:
    """Credit and span of a two-character `word` one character of which the reading dropped,
    what is left standing as a word of its own (培训台账 read 培台账)."""
    if len(word) == 2:
        for _, span in title.words:
            if len(span) == 1 and title.key[span.start] in word:
                return SLIP_CREDIT, span
    return 0.0, None


def _synonym_score(words: tuple[str, ...], title: _Title) -> float:
    """How well the title reads as this wording: as printed, or with a qualifier one
    character of which the reading lost, when that leaves no word of the title unexplained."""
    return max(_wording_score(words, title, lost=False), _wording_score(words, title, lost=True))


def _wording_score(words: tuple[str, ...], title: _Title, lost: bool) -> float:
    head, qualifiers = words[-1], words[:-1]
    head_credit, head_span = _find(head, title)
    if not head_credit:
        return 0.0
    covered = set(head_span)
    score = head_credit
    if qualifiers:
        credits = []
        for word in qualifiers:
            credit, span = _find(word, title)
            if not credit and lost:
                credit, span = _lost_character(word, title)
            credits.append(credit)
            covered |= set(span or ())
        if not any(credits):
            return 0.0
        if lost and any(not covered & set(span) for _, span in title.words):
            return 0.0
        score = HEAD_WEIGHT * head_credit + (1 - HEAD_WEIGHT) * sum(credits) / len(credits)
    return score * _coverage_factor(covered, title)


def _composed_score(phrases: tuple[tuple[str, ...], ...], title: _Title) -> float:
    """A title worded from one synonym's head and another's qualifier ("运营计划书" from
    运营方案 and 工作计划): the item's head nouns and its qualifiers taken as two vocabularies.
    Weaker than a whole synonym (COMPOSED_CREDIT); it needs a qualifier besides the head, and
    every word of the title must come from the item's wordings."""
    heads = {words[-1] for words in phrases}
    qualifiers = {word for words in phrases for word in words[:-1]} - heads
    best = 0.0
    for head in heads:
        head_credit, head_span = _find(head, title)
        if not head_credit:
            continue
        found = [(credit, span) for credit, span in (_find(word, title) for word in qualifiers)
                 if credit and not set(span) & set(head_span)]
        if not found:
            continue
        own = [span for credit, span in (_find(word, title) for word in heads | qualifiers) if credit]
        covered = set(head_span).union(*(set(span) for span in own))
        if any(not covered & set(span) for _, span in title.words):
            continue  # a word of the title none of the item's wordings has ("实训设备采购合同")
        credit = max(credit for credit, _ in found)
        score = (HEAD_WEIGHT * head_credit + (1 - HEAD_WEIGHT) * credit) * _coverage_factor(covered, title)
        best = max(best, COMPOSED_CREDIT * score)
    return best


def _coverage_factor(covered: set[int], title: _Title) -> float:
    """Title words no wording covers lower the score a little; a title whose own head nouns
    are all left uncovered, much more."""
    content = [span for _, span in title.words]
    total = sum(len(span) for span in content)
    share = sum(1 for span in content for i in span if i in covered) / total if total else 1.0
    factor = 0.85 + 0.15 * share
    heads = [span for word, span in title.words if word in _lexicon().heads]
    if heads and not any(covered & set(span) for span in heads):
        factor *= _FOREIGN_HEAD_FACTOR
    return factor


def is_prose(raw_text: str) -> bool:
    """A line of sentences (a 单位简介, a clause), as OCR gave it: no title, no form's value."""
    return any(mark in raw_text for mark in _PROSE_MARKS) and len(raw_text) > 20


def _item_phrases(item: CatalogItem) -> tuple[tuple[str, ...], ...]:
    """Every wording that names `item` (its title and synonyms), as content words."""
    return _phrase_words(item.title, tuple(item.synonyms))


@cache
def _phrase_words(title: str, synonyms: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    canonical = _lexicon().canonical
    keys = dict.fromkeys(k for k in (canonical(title_key(t)) for t in [title, *synonyms]) if k)
    return tuple(words for words in map(_words, keys) if words)


def rank_items(title: str, checklist: Checklist) -> list[tuple[str, float]]:
    """Every item `title` could name, best first, with 0..1 scores (only those above zero)."""
    key = title_key(title)
    if not key or is_prose(title.strip()):
        return []
    segmented = _segment(_lexicon().canonical(key))
    scores = {}
    for item in checklist.items:
        phrases = _item_phrases(item)
        best = max((_synonym_score(s, segmented) for s in phrases), default=0.0)
        best = max(best, _composed_score(phrases, segmented))
        if best > 0:
            scores[item.id] = round(min(1.0, best), 3)
    return sorted(scores.items(), key=lambda pair: pair[1], reverse=True)


def match_item(title: str, checklist: Checklist) -> tuple[str, float] | None:
    """The catalog item `title` names and a 0..1 score, or None when nothing is close enough
    or two items are about as close (an ambiguous title is left for a person)."""
    ranked = rank_items(title, checklist)
    if not ranked or ranked[0][1] < MIN_SCORE:
        return None
    if len(ranked) > 1 and ranked[1][1] >= ranked[0][1] - AMBIGUITY_MARGIN:
        return None
    return ranked[0]


def title_pieces(title: str) -> list[str]:
    """The parts of a title joined by 及/和/与/、 …, each of which may name its own material
    ("营业执照及法定代表人身份证"); the whole title when it has no joiner."""
    pieces = [piece for piece in _JOINERS.split(title) if len(title_key(piece)) >= 2]
    return pieces if len(pieces) > 1 else [title]


def _compact(text: str) -> str:
    return _PUNCT.sub("", nfkc(text))


def content_evidence(lines: Iterable[str], checklist: Checklist) -> dict[str, float]:
    """How strongly a part's page lines show each item, 0..1: a line that reads as the item's
    title counts its match score, and the item's content terms (table headers, clauses,
    labels) count by how many distinct ones appear. Items without evidence are left out."""
    lines = [line for line in lines if line and line.strip()]
    text = _compact("".join(lines))
    evidence = titled_items(lines, checklist)
    for item in checklist.items:
        hits = {term for term in item.content if _compact(term) in text}
        if hits:
            share = min(1.0, len(hits) / CONTENT_HITS_FOR_CERTAINTY)
            evidence[item.id] = max(evidence.get(item.id, 0.0), round(share, 3))
    return evidence


def titled_items(lines: Iterable[str], checklist: Checklist) -> dict[str, float]:
    """The items a line reads as the title of, with the best match score: what a list of
    materials (资料清单) shows of many items, and a single material of its own. A line of
    running text is no title, whatever material it mentions (…依托现有实训设备，…)."""
    titled: dict[str, float] = {}
    for line in lines:
        match = match_item(line, checklist) if line and line.strip() and not reads_as_sentence(line) else None
        if match:
            titled[match[0]] = max(titled.get(match[0], 0.0), match[1])
    return titled


def items_shown(lines: Iterable[str], checklist: Checklist, least: float, margin: float) -> list[str]:
    """The items that `lines` show by content at least `least` strongly: the one that shows
    more strongly than any other by `margin`, else all those too close to the strongest to
    tell apart (an ID card's copy is a legal representative's or a master's alike); empty
    when none does."""
    ranked = sorted(content_evidence(lines, checklist).items(), key=lambda pair: pair[1], reverse=True)
    if not ranked or ranked[0][1] < least:
        return []
    return [item for item, strength in ranked if strength >= least and ranked[0][1] - strength < margin]
