"""Which catalog materials a dossier contains, and on which pages.

The 目录 is the applicant's own map of the file, so when there is one, each material is
where its 目录 entry was found in the body (structure stage). Without a 目录, parts are
recognised by the title at the top of the page where they start. Page-top headings are
not trusted alongside a 目录: a section heading inside one part ("三、管理制度" in a 工作方案)
would otherwise make a missing material look present.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from checklists.loader import Checklist
from pipeline.models import Finding, ItemStatus, PageScan
from pipeline.structure import StructureResult, page_list


@dataclass
class LocatedItems:
    checklist: Checklist
    pages: dict[str, list[int]]  # item id → physical pages of its part(s)
    listed: set[str]  # items named by a 目录 entry

    def statuses(self, scans: list[PageScan]) -> tuple[list[ItemStatus], list[Finding]]:
        """Every catalog item with its status; `item.missing` for each required one that is absent
        or whose pages are all blank or illegible."""
        unusable = {s.index for s in scans if s.blank or s.illegible}
        statuses, findings = [], []
        for item in self.checklist.items:
            pages = self.pages.get(item.id, [])
            if not pages:
                status, problem = "missing", f"缺少必备材料“{item.title}”"
            elif all(p in unusable for p in pages):
                status, problem = "defective", f"材料“{item.title}”所在页（PDF第{page_list(pages)}页）为空白或无法辨认"
            else:
                status, problem = "present", None
            if problem and item.required:
                findings.append(Finding(code="item.missing", severity="error", message=problem, pages=pages, item=item.id))
            statuses.append(ItemStatus(id=item.id, title=item.title, required=item.required, status=status, pages=pages))
        return statuses, findings


def locate_items(
    checklist: Checklist,
    structure: StructureResult,
    scans: list[PageScan],
    item_for_title: Callable[[str], str | None],
) -> LocatedItems:
    known = {item.id for item in checklist.items}
    pages: dict[str, list[int]] = {}
    listed: set[str] = set()
    for k, entry in enumerate(structure.toc.entries):
        if entry.item in known:
            listed.add(entry.item)
            pages.setdefault(entry.item, []).extend(structure.part_pages.get(k, []))
    if not structure.toc.entries:
        pages = _parts_from_headings(scans, structure.toc.pages, item_for_title, known)
    return LocatedItems(checklist, {item: sorted(set(p)) for item, p in pages.items()}, listed)


def _parts_from_headings(
    scans: list[PageScan], toc_pages: list[int], item_for_title: Callable[[str], str | None], known: set[str]
) -> dict[str, list[int]]:
    """Parts start where a page's top line is a material's title and run to the next start."""
    first_body = max(toc_pages, default=1) + 1
    starts: list[tuple[int, str]] = []
    for scan in scans:
        if scan.index < first_body or not scan.heading_lines:
            continue
        item = next((i for i in map(item_for_title, (l.text for l in scan.heading_lines[:2])) if i), None)
        if item in known and (not starts or starts[-1][1] != item):
            starts.append((scan.index, item))
    pages: dict[str, list[int]] = {}
    for k, (start, item) in enumerate(starts):
        end = starts[k + 1][0] - 1 if k + 1 < len(starts) else len(scans)
        pages.setdefault(item, []).extend(range(start, end + 1))
    return pages
