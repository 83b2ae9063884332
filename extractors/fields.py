"""The one entry point of extraction: every key field of a dossier's type, in a fixed order.

The common fields come first, then the type's own; every field id of the type is present in
the result (value None when unread), so report.json always lists the same fields per type.
"""

from __future__ import annotations

from collections.abc import Sequence

from checklists.loader import Checklist
from extractors import master_studio, rural_station, training_base
from extractors.common import extract_common
from kernel.models import FieldValue, PageText


def extract_fields(carrier_type: str, pages_by_item: dict[str, list[PageText]], checklist: Checklist) -> list[FieldValue]:
    """Key fields read from the pages of each catalog item (item id → its pages read whole)."""
    pages: dict[str, Sequence[PageText]] = pages_by_item
    common, form = extract_common(pages)
    by_id = {field.id: field for field in common}
    unit_name = by_id["unit_name"].value if isinstance(by_id["unit_name"].value, str) else None
    if carrier_type == "training_base":
        own = training_base.extract(pages, form, unit_name)
    elif carrier_type == "master_studio":
        own = master_studio.extract(pages, checklist, form)
    elif carrier_type == "rural_station":
        own = rural_station.extract(pages, checklist, form, unit_name)
    else:
        raise ValueError(f"unknown carrier type {carrier_type!r}")
    return common + own
