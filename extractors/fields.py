"""The one entry point of extraction: every key field of a dossier's type, in a fixed order.

The common fields come first, then the type's own; every field id of the type is present in
the result (value None when unread), so report.json always lists the same fields per type.
Carrier types are a registry: one module per type, each with `CARRIER_TYPE` and
`extract(parts)`; a fourth type is one checklist YAML (its catalog and field ids,
`checklists/loader.py`) and one module added to `EXTRACTORS`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from checklists.loader import Checklist
from extractors import master_studio, rural_station, training_base
from extractors.common import Parts, extract_common
from kernel.models import FieldValue, PageText

EXTRACTORS: dict[str, Callable[[Parts], list[FieldValue]]] = {
    module.CARRIER_TYPE: module.extract for module in (training_base, master_studio, rural_station)
}


def extract_fields(carrier_type: str, pages_by_item: dict[str, list[PageText]], checklist: Checklist) -> list[FieldValue]:
    """Key fields read from the pages of each catalog item (item id → its pages read whole)."""
    pages: dict[str, Sequence[PageText]] = pages_by_item
    common, form = extract_common(pages)
    by_id = {field.id: field for field in common}
    unit_name = by_id["unit_name"].value if isinstance(by_id["unit_name"].value, str) else None
    extract_own = EXTRACTORS.get(carrier_type)
    if extract_own is None:
        raise ValueError(f"unknown carrier type {carrier_type!r}")
    return common + extract_own(Parts(pages, form, unit_name, checklist))
