"""The seal check: which parts must carry the applicant's seal (公章) or its legal
representative's signature, what their pages show, and the findings.

The rules are the checklist's (`seal: required | on_copies`, `signature: required` per
item, editable by staff); a 目录 whose remark column asks for the seal (加盖公章, 复印件加盖
公章) makes the seal asked for on that part as well (`remark`). Only the pages of those parts are looked at
(the first `PART_PAGES` of each, and its last page, where a long copy is often sealed once):
finding and reading seals costs a rendering and a few recognitions a page, and the rest of a
dossier needs none.

A part that must be sealed passes when one of its seals reads as the applicant's name.
Otherwise: no seal at all is `seal.missing` (error); on a part the applicant sealed itself
(申报表, 承诺书) a seal that confidently reads another unit's name is `seal.name_mismatch`
(error), also beside a riding seal (骑缝章) cut by the page's edge when the ring is far from
the applicant's name however read (`SURELY_ANOTHER`) — on a copy, another unit's seal is the issuer's and proves nothing either way, so
a copy on which no seal reads as the applicant's is `seal.missing` as a warning for the
reviewer (the notice of 2023 asks for no seal on copies: a district that wants one says so
to the applicant itself). On a form, a seal that is there but whose name the machine
cannot read surely is `seal.unread` (review: a person looks), and a form on a black-and-white
page with no seal found is `seal.missing` for review (a seal turned grey is found by its
ring's shape alone), and so is one whose page shows a seal-sized patch of red ink where no
seal was found (pipeline/red_marks.py: a faint seal crossed by print may leave no rim to
fit). A signature field
(法定代表人（签字）) left blank on a part that must be signed is `signature.missing` (error;
review when the unit's seal covers the field, where a name seal cannot be told from it); a
part whose pages show no signature field at all is not judged.

A dossier in which not one seal shows on any page looked at is not taken as a dossier
sealed nowhere: far more often its scan lost the seals (a black-and-white copy, a faint
stamp), or the machine cannot see them. That gives one `seal.missing` for review naming
every part that must be sealed, never an error per part. Likewise a dossier in which no
signature field of any part shows a pen's strokes or a name seal (only the printed names,
say) is one `signature.missing` for review: a unit that forgot one signature is an error,
one that signed nowhere is more likely a file the machine cannot judge.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from checklists.loader import Checklist
from kernel.geometry import boxes_overlap
from kernel.models import Box, Finding, PageSeals, Seal, SealReport, TocEntry
from pipeline.reader import PageReader
from pipeline.sealtext import (BESIDE_PRINT_SUPPORTED, keeps_own_words, keeps_trade_name, read_from_print,
                               ring_names_applicant, trade_name_unsupported)

PART_PAGES = 6
_ASKS_FOR_SEAL = re.compile(r"盖\s*(?:公)?\s*章|公章|加盖")
MISSING_CONFIDENCE = 0.85
MISMATCH_CONFIDENCE = 0.85
# A ring called another unit's is surely another unit's when it supports the applicant's name
# (pipeline/sealtext.py `support`) less than this. Measured 2026-12-03 on 8 report folders of
# both profiles (the seal.name_mismatch corpora and two held-out pairs, 321 rings so called):
# of the 6 applicant's rings called another unit's (a 字号 misread: 德政 for 德技, 赢海 for
# 前海), the lowest support was -25.7; of the 315 other units' rings, all but one scored -97
# and below (the one: a 字号 a character apart, -20.6).
SURELY_ANOTHER = -50.0
SURE_BLANK = 0.7  # below: a blank signature field is for review (the unit's seal covers it)


@dataclass
class SealCheck:
    report: SealReport
    findings: list[Finding]


def seal_requirements(checklist: Checklist, toc_entries: list[TocEntry]) -> dict[str, str]:
    """item id → "required", "on_copies" or "remark": the checklist's rules, and the parts
    whose 目录 remark asks for the seal where the checklist asks for none ("on_copies" when
    the remark speaks of copies). Only "required" can become an error: the notice of 2023
    asks for no seal on copies, and an applicant's remark is its own note, not a rule."""
    rules = {item.id: item.seal for item in checklist.items if item.seal != "none"}
    for entry in toc_entries:
        if entry.item and entry.remark and _ASKS_FOR_SEAL.search(entry.remark) and entry.item not in rules:
            rules[entry.item] = "on_copies" if "复印" in entry.remark else "remark"
    return rules


def check_seals(reader: PageReader, checklist: Checklist, item_pages: dict[str, list[int]],
                toc_entries: list[TocEntry], names: list[str | None], signers: Sequence[str | None] = ()) -> SealCheck:
    """Look at the pages of the parts that must be sealed or signed; the applicant's
    `names` (its 申报表's and its licence's) are what a seal must read, its legal
    representative's `signers` (as its form, licence and ID card give them) what a name
    seal reads."""
    rules = seal_requirements(checklist, toc_entries)
    signed = [item.id for item in checklist.items if item.signature == "required"]
    parts = {item: _looked_at(item_pages[item]) for item in [*rules, *signed] if item_pages.get(item)}
    pages = sorted({p for part in parts.values() for p in part})
    if not pages:
        return SealCheck(SealReport(), [])
    known = [n for n in names if n]
    on_page = reader.read_seals(pages, signed={p for item in signed if item in parts for p in parts[item]},
                                names=list(dict.fromkeys(known)), signers=list(dict.fromkeys(s for s in signers if s)))
    seals = [seal for page in on_page.values() for seal in page.seals if known and _whole(seal)]
    for seal in seals:
        seal.matches_applicant = ring_names_applicant(seal.text, seal.text_confidence, seal.text_again, known,
                                                      seal.name_support, seal.name_support_beside_print)
        if seal.matches_applicant is False and read_from_print(seal.text, seal.print_under, known):
            seal.matches_applicant = None  # the other name may be the print's words: a person decides
    accepted = [seal for seal in seals if seal.matches_applicant]
    for seal in seals:
        if seal.matches_applicant is None and _like_the_applicants(seal, accepted, known):
            seal.matches_applicant = True
    titles = {item.id: item.title for item in checklist.items}
    findings = []
    sealed_parts = [item for item in rules if item in parts]
    seen_any = any(on_page[p].seals or on_page[p].unread for p in pages)
    for item in sealed_parts:
        if seen_any or rules[item] != "required":
            findings += _seal_findings(item, titles[item], rules[item], parts[item], on_page, bool(known),
                                       lambda page: _red_unexplained(reader.red_patches(page), on_page[page].seals))
    unseen = [item for item in sealed_parts if not seen_any and rules[item] == "required"]
    if unseen:
        findings.append(_no_seal_seen(unseen, titles, parts))
    signed_parts = [item for item in signed if item in parts]
    fields = [f for item in signed_parts for p in parts[item] for f in on_page[p].signatures]
    if len(signed_parts) > 1 and fields and not any(f.present for f in fields):
        findings.append(_no_signature_seen(signed_parts, titles, parts, fields))
    else:
        for item in signed_parts:
            findings += _signature_findings(item, titles[item], parts[item], on_page)
    report = SealReport(pages=pages, seals=[s for p in pages for s in on_page[p].seals],
                        signatures=[f for p in pages for f in on_page[p].signatures])
    return SealCheck(report, findings)


def _looked_at(pages: list[int]) -> list[int]:
    """The pages of a part whose seals are looked at: its first `PART_PAGES` and its last."""
    return pages[:PART_PAGES] + pages[-1:] if len(pages) > PART_PAGES else pages


def _like_the_applicants(seal: Seal, accepted: list[Seal], names: list[str]) -> bool:
    """A seal read too poorly to judge alone, in a dossier where the applicant's seal was read
    well elsewhere, is the applicant's when its reading keeps most of the applicant's own
    words (字号, trade) and, unless it is the same size and shape as one read well (the same
    stamp), its 字号 whole. A unit may use more than one stamp, and a scan or a photograph
    changes a seal's size from page to page; another unit's seal has another 字号, or the
    same trade words in another legal form, or a 字号 a character apart that the ring itself
    does not support as the applicant's. So is a ring that print crosses, hiding its 字号 (a
    line of the 承诺书 run through it), where what print leaves of it fits the applicant's
    name well (`BESIDE_PRINT_SUPPORTED`): the unit's seal is shown to read elsewhere."""
    def size(s: Seal) -> tuple[float, float]:
        return s.box[2] - s.box[0], s.box[3] - s.box[1]

    if not accepted or trade_name_unsupported(seal.text, seal.text_again, names, seal.name_support):
        return False
    beside_print = seal.name_support_beside_print
    if beside_print is not None and beside_print >= BESIDE_PRINT_SUPPORTED:
        return True  # what print leaves of the ring fits the applicant's name
    if not seal.text:
        return False
    w, h = size(seal)
    same_stamp = any(a.shape == seal.shape and abs(size(a)[0] - w) <= 0.06 * size(a)[0]
                     and abs(size(a)[1] - h) <= 0.06 * size(a)[1] for a in accepted)
    keeps = keeps_own_words if same_stamp else keeps_trade_name
    return any(keeps(seal.text, name) for name in names)


def _surely_anothers(seal: Seal) -> bool:
    """A ring called another unit's that is far from the applicant's name, however read
    (`SURELY_ANOTHER`): a riding seal (骑缝章) beside it, which cannot be read, leaves no doubt
    that the part is sealed by another unit. A ring called so that all but reads as the
    applicant's may be its own misread, the riding seal its own too: a person looks."""
    return seal.name_support is not None and seal.name_support < SURELY_ANOTHER


def _whole(seal: Seal) -> bool:
    """A unit's seal whose ring can be read: round or oval, not cut by the page's edge."""
    return seal.shape != "square" and not seal.edge


def _red_unexplained(patches: list[Box], seals: list[Seal]) -> bool:
    """A seal-sized patch of red ink lies where no seal found on the page does (a name seal,
    square, that large would explain its own patch)."""
    return any(not any(boxes_overlap(patch, seal.box) for seal in seals) for patch in patches)


def _seal_findings(item: str, title: str, rule: str, pages: list[int], on_page: dict[int, PageSeals],
                   judged: bool, red_unexplained: Callable[[int], bool]) -> list[Finding]:
    seals = [s for p in pages for s in on_page[p].seals if s.shape != "square"]
    whole = [s for s in seals if _whole(s)]
    if any(s.matches_applicant for s in seals) or (whole and not judged):
        return []  # without the applicant's name, a seal is there but whose cannot be told
    unsure = [s for s in whole if s.matches_applicant is None] or [s for s in seals if s.edge]
    if rule != "required":  # the reviewer's to see, never the notice's nor the verdict's
        if unsure:
            return []  # a seal is there that may be the applicant's: nothing to say of a copy
        what = "复印件未见申报单位公章" if rule == "on_copies" else "未见申报单位公章（目录备注写明加盖公章）"
        return [Finding(code="seal.missing", severity="warning", item=item, pages=pages, confidence=MISSING_CONFIDENCE,
                        message=f"“{title}”{what}")]
    unlooked = [p for p in pages if on_page[p].unread]
    if unlooked:
        return [Finding(code="seal.unread", severity="review", item=item, pages=unlooked, confidence=0.5,
                        message=f"“{title}”有页面未能检查印章，请人工核对是否加盖申报单位公章")]
    others = [s for s in whole if s.matches_applicant is False]
    riding_only = not any(s.matches_applicant is None for s in whole)  # what is unsure is cut by the edge
    if others and (not unsure or riding_only and all(_surely_anothers(s) for s in others)):
        return [Finding(code="seal.name_mismatch", severity="error", item=item, pages=sorted({s.page for s in others}),
                        confidence=MISMATCH_CONFIDENCE,
                        message=f"“{title}”所盖印章不是申报单位的公章，印章上的单位名称与申报单位名称不一致")]
    if unsure:
        read = "、".join(dict.fromkeys(f"“{s.text}”" for s in unsure if s.text)) or "无法辨认"
        return [Finding(code="seal.unread", severity="review", item=item, pages=sorted({s.page for s in unsure}),
                        confidence=0.5,
                        message=f"“{title}”上有印章，但未能确认是否为申报单位公章（印章文字识别为{read}），请人工核对")]
    if any(on_page[p].grey for p in pages):  # a grey seal is found by its ring's shape only: not surely
        return [Finding(code="seal.missing", severity="review", item=item, pages=pages, confidence=0.5,
                        message=f"“{title}”为黑白扫描，未能识别到申报单位公章，请人工核对")]
    # Red ink the size of a seal where the finder fitted none (a faint seal crossed by print):
    # a person sees at a glance what the machine could not.
    if marked := [p for p in pages if red_unexplained(p)]:
        return [Finding(code="seal.missing", severity="review", item=item, pages=marked, confidence=0.5,
                        message=f"“{title}”上有红色印迹，但未能识别出申报单位公章，请人工核对")]
    return [Finding(code="seal.missing", severity="error", item=item, pages=pages, confidence=MISSING_CONFIDENCE,
                    message=f"“{title}”未加盖申报单位公章")]


def _no_seal_seen(items: list[str], titles: dict[str, str], parts: dict[str, list[int]]) -> Finding:
    named = "、".join(f"“{titles[item]}”" for item in items)
    return Finding(code="seal.missing", severity="review", item=items[0],
                   pages=sorted({p for item in items for p in parts[item]}), confidence=0.5,
                   message=f"全部需盖章的材料（{named}）均未发现印章，可能为扫描件未显示印章，请人工核对是否加盖申报单位公章")


def _no_signature_seen(items: list[str], titles: dict[str, str], parts: dict[str, list[int]],
                       fields: list) -> Finding:
    named = "、".join(f"“{titles[item]}”" for item in items)
    return Finding(code="signature.missing", severity="review", item=items[0], pages=sorted({f.page for f in fields}),
                   confidence=0.5,
                   message=f"{named}的签字处均未见手写签名或签名章，请人工核对是否已签字")


def _signature_findings(item: str, title: str, pages: list[int], on_page: dict[int, PageSeals]) -> list[Finding]:
    fields = [f for p in pages for f in on_page[p].signatures]
    if not fields or any(f.present for f in fields) or any(on_page[p].unread for p in pages):
        return []
    confidence = round(min(f.confidence for f in fields), 3)
    where = sorted({f.page for f in fields})
    if confidence < SURE_BLANK:  # the unit's seal covers the field: a name seal may be hidden in it
        return [Finding(code="signature.missing", severity="review", item=item, pages=where, confidence=confidence,
                        message=f"“{title}”的{fields[0].label}处未见签字，但该处被印章覆盖，请人工核对")]
    return [Finding(code="signature.missing", severity="error", item=item, pages=where, confidence=confidence,
                    message=f"“{title}”的{fields[0].label}处未签字")]
