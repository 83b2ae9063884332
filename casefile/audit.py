"""The append-only audit log: who did what to which case, when, and before → after.

Every change the service makes goes through `record` in the same transaction as the
change itself, so the log and the store can never disagree. States are stored as JSON text
with resident ID numbers masked (outputs/masking.py): the log is exported and circulated,
and nobody reading it needs a master's ID number. The table refuses UPDATE and DELETE
(triggers of the migration), so an entry once written stays as written.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from casefile.models import AuditEntry
from outputs.masking import mask_id_numbers

EXPORT_COLUMNS = ("id", "at", "actor", "action", "case_id", "subject", "before", "after")


def _state(value: object) -> str | None:
    if value is None:
        return None
    return mask_id_numbers(json.dumps(value, ensure_ascii=False, sort_keys=True, default=str))


def record(
    session: Session, actor: str, action: str, subject: str, case_id: int | None,
    before: object = None, after: object = None,
) -> AuditEntry:
    entry = AuditEntry(
        at=datetime.now(timezone.utc), actor=actor, action=action, case_id=case_id, subject=subject,
        before=_state(before), after=_state(after),
    )
    session.add(entry)
    return entry


def entries(session: Session, case_id: int | None = None) -> list[AuditEntry]:
    query = select(AuditEntry).order_by(AuditEntry.id)
    if case_id is not None:
        query = query.where(AuditEntry.case_id == case_id)
    return list(session.scalars(query))


def as_dict(entry: AuditEntry) -> dict:
    return {
        "id": entry.id, "at": entry.at.isoformat(), "actor": entry.actor, "action": entry.action,
        "case_id": entry.case_id, "subject": entry.subject,
        "before": json.loads(entry.before) if entry.before else None,
        "after": json.loads(entry.after) if entry.after else None,
    }


def export_json(rows: list[AuditEntry]) -> str:
    return json.dumps([as_dict(e) for e in rows], ensure_ascii=False, indent=1)


def export_csv(rows: list[AuditEntry]) -> str:
    """CSV with a BOM, so Excel on a district's PC opens the Chinese text correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(EXPORT_COLUMNS)
    for e in rows:
        writer.writerow([e.id, e.at.isoformat(), e.actor, e.action, e.case_id or "", e.subject, e.before or "", e.after or ""])
    return "\ufeff" + buffer.getvalue()
