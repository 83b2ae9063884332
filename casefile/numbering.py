"""文号: one sequence per district, year and series (补字, 受字, …), taken when a document is issued.

The number is advanced by one `UPDATE … RETURNING` in the transaction that issues the
document. On PostgreSQL the UPDATE locks the sequence's row until that transaction ends,
so two officers issuing at the same moment get consecutive numbers; on SQLite the
transaction holds the database's write lock from its start (casefile/store.py). If the
issue fails (a file cannot be written), the transaction rolls back and the number is
given again to the next document: numbers are never skipped silently. A document issued by
mistake is voided, never deleted, so its number stays used and its gap explained.
"""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from casefile.models import DocSequence

# The series (文号 "字") of each kind of document; the 公示 carries no 文号.
SERIES = {
    "correction": "补字",
    "acceptance": "受字",
    "not_accepted": "不受字",
    "ineligible": "不符字",
    "city_report": "函",
}


def doc_number(series_prefix: str, year: int, number: int) -> str:
    """深福人社补字〔2023〕7号."""
    return f"{series_prefix}〔{year}〕{number}号"


def next_number(session: Session, district: str, year: int, series: str) -> int:
    """Advance the sequence and return the number taken (1 for the first of a year)."""
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(
        insert(DocSequence).values(district=district, year=year, series=series, last_number=0).on_conflict_do_nothing()
    )
    taken = session.execute(
        update(DocSequence)
        .where(DocSequence.district == district, DocSequence.year == year, DocSequence.series == series)
        .values(last_number=DocSequence.last_number + 1)
        .returning(DocSequence.last_number)
    ).scalar_one()
    return int(taken)

