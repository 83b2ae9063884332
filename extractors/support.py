"""One value out of the readings of several pages, and a required field that no page gave.

A part is read over all its pages (up to a bound), so a field may be read more than once: a
licence's 正本 and 副本, a lease that states its area in the clauses and again in an annex.
The value most readings agree on is kept; when readings disagree, the kept value's
confidence drops with its share of the readings and its note names the others, so a finding
resting on it goes to a person instead of into a notice. A required field that no page gave
keeps the part's first page, so the validator can tell "part read, field not found" from
"part absent" (which `item.missing` covers).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import replace

from extractors.formlines import Cell
from kernel.models import FieldValue, PageText
from kernel.textnorm import unit_name_key


def best_supported(cells: Sequence[Cell], key: Callable[[str], Hashable | None] = unit_name_key) -> tuple[Cell | None, str | None]:
    """(the reading most pages agree on, a note naming the disagreeing readings or None).

    Readings are compared by `key` (None or empty: unusable). Among equally supported values
    the earlier page wins; the kept cell stays on its first page."""
    groups: dict[Hashable, list[Cell]] = {}
    for cell in cells:
        value = key(cell.text)
        if value:
            groups.setdefault(value, []).append(cell)
    if not groups:
        return None, None
    total = sum(len(group) for group in groups.values())
    best = max(groups.values(), key=lambda group: (len(group), -cells.index(group[0])))
    confidence = max(cell.confidence for cell in best)
    if len(groups) == 1:
        return replace(best[0], confidence=confidence), None
    others = "、".join(f"“{group[0].text}”（第{group[0].page}页）" for group in groups.values() if group is not best)
    kept = replace(best[0], confidence=round(confidence * len(best) / total, 3))
    return kept, f"各页读数不一致，另读到{others}"


def unread(field_id: str, pages: Sequence[PageText], note: str) -> FieldValue:
    """A field whose part was read (its first page is kept) but which no page gave."""
    if not pages:
        return FieldValue(id=field_id, value=None)
    return FieldValue(id=field_id, value=None, page=pages[0].index, note=note)
