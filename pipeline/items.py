"""Which catalog materials a dossier contains, and on which pages.

The 目录 is the applicant's own map of the file, so when there is one, each material is
where its 目录 entry was found in the body (structure stage). Without a 目录, parts are
recognised by the title at the top of the page where they start. Page-top headings are
not trusted alongside a 目录: a section heading inside one part ("三、管理制度" in a 工作方案)
would otherwise make a missing material look present.

A part whose title names no catalog item is kept as 未归类材料 (`item.unclassified`), never
dropped, and its pages' top lines are the second source: table headers, clauses and titles
there (`checklists.matching.content_evidence`) can show a required material its title did
not. The top lines of a page are not always enough (a roster's header row runs across the
page and may be read only in part there): while a required material is still missing, the
first pages of each unclassified part are read whole (`READ_WHOLE_PAGES`, cached like every
read) and their lines weigh as well. An item is `missing` only when neither titles nor
contents show it; when an unclassified part's content partly resembles it, the machine is
not sure and says `review`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from checklists.loader import Checklist
from checklists.matching import content_evidence, title_pieces, titled_items
from kernel.models import Finding, ItemStatus, PageScan
from kernel.textnorm import nfkc
from pipeline.structure import StructureResult, page_list

# Content evidence (0..1) that makes an item present: a heading line that reads as its title
# (match scores start at 0.7) or enough of its content words.
CONTENT_PRESENT = 0.7
# Weaker evidence is a partial resemblance: the item may be there, a person decides.
CONTENT_PARTIAL = 0.6
# Two items whose evidence on one part is this close: the part shows neither for sure.
CONTENT_MARGIN = 0.1
# A part whose lines read as the titles of this many items names materials rather than being
# one (a licence's content words alone resemble a credit record's and a form's).
LIST_OF_MATERIALS = 3
# Pages of an unclassified part read whole while a required material is still missing.
READ_WHOLE_PAGES = 2
# A page's first line saying it continues the part before it: （续表）, 续上页, （续）.
_CONTINUED = re.compile(r"[（(]?续(?:表|页|上页|前页)?[）)]?[:：]?")
# A table's header row begins with its running-number column.
_TABLE_HEADER = ("序号", "编号")
# How sure an `item.missing` error is when nothing resembles the item at all.
MISSING_CONFIDENCE = 0.9


@dataclass
class UnclassifiedPart:
    """A part no catalog title names: a 目录 entry (`toc_index`), or body pages no heading claimed."""

    pages: list[int]
    title: str | None = None
    toc_index: int | None = None

    def message(self) -> str:
        if self.toc_index is None:
            return f"PDF第{page_list(self.pages)}页未对应到必备材料清单中的任何一项，请人工确认"
        where = f"（PDF第{page_list(self.pages)}页）" if self.pages else "（文件中未找到）"
        return f"目录第{self.toc_index + 1}项“{self.title}”未对应到必备材料清单中的任何一项{where}，请人工确认"


@dataclass
class LocatedItems:
    checklist: Checklist
    pages: dict[str, list[int]]  # item id → physical pages of its part(s)
    listed: set[str]  # items named by a 目录 entry
    unclassified: list[UnclassifiedPart] = field(default_factory=list)
    # item id → (strength, pages) of content that partly resembles an item no title showed
    resemblances: dict[str, tuple[float, list[int]]] = field(default_factory=dict)
    # The 目录 is there but could not be read entry by entry: parts were found by their
    # headings alone, and one without a heading of its own (an ID card's copy) is then not
    # told from the part before it, so a missing one is for a person to confirm.
    toc_unread: bool = False

    def statuses(self, scans: list[PageScan], judged: set[str] | None = None) -> tuple[list[ItemStatus], list[Finding]]:
        """Every catalog item (only those in `judged`, when given) with its status;
        `item.missing` for each required one that is absent (`review` when some unclassified
        content partly resembles it) or whose pages are all blank or illegible;
        `item.unclassified` for every part no item claimed."""
        unusable = {s.index for s in scans if s.blank or s.illegible}
        statuses, findings = [], []
        for item in self.checklist.items:
            if judged is not None and item.id not in judged:
                continue
            pages = self.pages.get(item.id, [])
            if not pages:
                status = "missing"
                if item.required:
                    findings.append(self._missing(item.id, item.title))
            elif all(p in unusable for p in pages):
                status = "defective"
                if item.required:
                    findings.append(Finding(
                        code="item.missing", severity="error", item=item.id, pages=pages,
                        message=f"材料“{item.title}”所在页（PDF第{page_list(pages)}页）为空白或无法辨认",
                    ))
            else:
                status = "present"
            statuses.append(ItemStatus(id=item.id, title=item.title, required=item.required, status=status, pages=pages))
        findings += [
            Finding(code="item.unclassified", severity="info", message=part.message(), pages=part.pages)
            for part in self.unclassified
        ]
        return statuses, findings

    def _missing(self, item_id: str, title: str) -> Finding:
        resemblance = self.resemblances.get(item_id)
        if resemblance is None and self.toc_unread:
            return Finding(code="item.missing", severity="review", item=item_id, confidence=0.5,
                           message=f"目录未能逐项识别，按各页标题未找到材料“{title}”，请人工核对")
        if resemblance is None:
            return Finding(code="item.missing", severity="error", item=item_id, confidence=MISSING_CONFIDENCE,
                           message=f"缺少必备材料“{title}”")
        strength, pages = resemblance
        return Finding(
            code="item.missing", severity="review", item=item_id, pages=pages, confidence=round(1 - strength, 2),
            message=f"未找到标题为“{title}”的材料，PDF第{page_list(pages)}页（未归类材料）的内容与之部分相符，请人工核对",
        )


def locate_items(
    checklist: Checklist,
    structure: StructureResult,
    scans: list[PageScan],
    item_for_title: Callable[[str], str | None],
    read_lines: Callable[[int], list[str]] | None = None,
) -> LocatedItems:
    """`read_lines(page)` gives a page's lines read whole (the content evidence's second look)."""
    known = {item.id for item in checklist.items}
    pages: dict[str, list[int]] = {}
    listed: set[str] = set()
    unclassified: list[UnclassifiedPart] = []
    for k, entry in enumerate(structure.toc.entries):
        named = _items_named(entry.title, entry.item, item_for_title, known)
        part_pages = structure.part_pages.get(k, [])
        for item in named:
            listed.add(item)
            pages.setdefault(item, []).extend(part_pages)
        if not named:
            unclassified.append(UnclassifiedPart(pages=list(part_pages), title=entry.title, toc_index=k))
    if not structure.toc.entries:
        pages, unmapped = _parts_from_headings(scans, structure.toc.pages, item_for_title, known)
        if unmapped:
            unclassified.append(UnclassifiedPart(pages=unmapped))
    unclassified = [part for part in unclassified if not _named_by_own_heading(part, scans, item_for_title, known, pages)]
    located = LocatedItems(checklist, pages, listed, unclassified,
                           toc_unread=any(f.code == "toc.unread" for f in structure.findings))
    _weigh_contents(located, scans, read_lines)
    located.pages = {item: sorted(set(p)) for item, p in located.pages.items()}
    return located


def _named_by_own_heading(part: UnclassifiedPart, scans: list[PageScan], item_for_title: Callable[[str], str | None],
                          known: set[str], pages: dict[str, list[int]]) -> bool:
    """A 目录 entry whose title names nothing (OCR cut it short: 申报真实性承 for 申报真实性承诺)
    while the part's first page is headed with a material's title: the part is that
    material, where no other part is (`pages` gains it). The heading is the page's top line
    or the one below it (a letterhead above)."""
    first = next((scan for scan in scans if part.pages and scan.index == part.pages[0]), None)
    item = _headed_item(_heading_tops(first), item_for_title) if first is not None else None
    if item not in known or item in pages:
        return False
    pages[item] = list(part.pages)
    return True


def _items_named(
    title: str, item: str | None, item_for_title: Callable[[str], str | None], known: set[str]
) -> list[str]:
    """The items one 目录 entry names: the whole title's, and each joined piece's
    ("营业执照及法定代表人身份证" names two materials bound as one part)."""
    whole = item if item in known else item_for_title(title)
    found = [whole] + [item_for_title(piece) for piece in title_pieces(title)]
    return list(dict.fromkeys(i for i in found if i in known))


def _weigh_contents(located: LocatedItems, scans: list[PageScan],
                    read_lines: Callable[[int], list[str]] | None) -> None:
    """Let each unclassified part's page lines show an item no title showed: a clear match
    makes the item present on the part's pages (the part is then classified); a partial or
    contested one is kept as a resemblance for `review`."""
    by_index = {s.index: s for s in scans}
    required = {item.id for item in located.checklist.items if item.required}
    still_unclassified = []
    for part in located.unclassified:
        readable = [p for p in part.pages if (scan := by_index.get(p)) and not scan.blank and not scan.illegible]
        lines = [line.text for p in readable for line in by_index[p].heading_lines]
        if read_lines and required - set(located.pages):
            lines += [line for p in readable[:READ_WHOLE_PAGES] for line in read_lines(p)]
        if len(titled_items(lines, located.checklist)) >= LIST_OF_MATERIALS:
            still_unclassified.append(part)  # a list of materials (资料清单, 材料目录), not one of them
            continue
        shown = content_evidence(lines, located.checklist)
        evidence = {item: strength for item, strength in shown.items() if item not in located.pages}
        ranked = sorted(evidence.items(), key=lambda pair: pair[1], reverse=True)
        if not ranked:
            still_unclassified.append(part)
            continue
        (best, strength), runner_up = ranked[0], (ranked[1][1] if len(ranked) > 1 else 0.0)
        if strength >= CONTENT_PRESENT and runner_up < strength - CONTENT_MARGIN:
            located.pages[best] = list(part.pages)
            continue
        still_unclassified.append(part)
        for item, value in ranked:
            if value >= CONTENT_PARTIAL and value > located.resemblances.get(item, (0.0, []))[0]:
                located.resemblances[item] = (value, list(part.pages))
    located.unclassified = still_unclassified


def _parts_from_headings(
    scans: list[PageScan], toc_pages: list[int], item_for_title: Callable[[str], str | None], known: set[str]
) -> tuple[dict[str, list[int]], list[int]]:
    """Parts start where a page's top line is a material's title and run to the next start;
    also the body pages before the first start, which no title claims. A page headed
    （续表） continues the part before it, and a table's header row (序号 姓名 性别 身份证…)
    is no title, whatever word it holds."""
    first_body = max(toc_pages, default=1) + 1
    starts: list[tuple[int, str]] = []
    for scan in scans:
        if scan.index < first_body or not scan.heading_lines:
            continue
        tops = _heading_tops(scan)
        if _CONTINUED.fullmatch(tops[0]):
            continue  # "（续表）": the page goes on with the part before it
        item = _headed_item(tops, item_for_title)
        if item in known and (not starts or starts[-1][1] != item):
            starts.append((scan.index, item))
    pages: dict[str, list[int]] = {}
    for k, (start, item) in enumerate(starts):
        end = starts[k + 1][0] - 1 if k + 1 < len(starts) else len(scans)
        pages.setdefault(item, []).extend(range(start, end + 1))
    first_start = starts[0][0] if starts else len(scans) + 1
    unmapped = [s.index for s in scans if first_body <= s.index < first_start and not s.blank]
    return pages, unmapped


def _heading_tops(scan: PageScan) -> list[str]:
    """A page's top two heading lines, spaces taken out: where its title stands (under a
    letterhead, the second)."""
    return [nfkc(line.text).replace(" ", "") for line in scan.heading_lines[:2]]


def _headed_item(tops: list[str], item_for_title: Callable[[str], str | None]) -> str | None:
    """The material the first of `tops` that names one names; a table's header row is no title."""
    return next((i for i in map(item_for_title, (t for t in tops if not t.startswith(_TABLE_HEADER))) if i), None)
