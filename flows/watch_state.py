"""What the watched folder has done, in SQLite, so a restart resumes where it stopped.

One row per file taken from the inbox. A row is `processing` from the moment its review
starts until the original has been moved out of the inbox, then `done` (a report was
written; also for duplicates) or `failed` (the tool could not review it). A row still
`processing` at start-up was interrupted: if its file is still in the inbox it is reviewed
again into the same report folder, otherwise it was already moved and only the last step
is replayed. Each write is committed at once (autocommit), so a kill loses nothing.
There is no separate "seen" state: a file still in the inbox is the queue.
The database is in WAL mode, so it lives on local disk (flows/local_disk.py).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Literal

State = Literal["processing", "done", "failed"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL,
    filename TEXT NOT NULL,
    source TEXT NOT NULL,              -- path in the inbox when taken
    report_dir TEXT,                   -- folder name under OUT; NULL when no report
    state TEXT NOT NULL CHECK (state IN ('processing', 'done', 'failed')),
    dest TEXT,                         -- where the original was (or is being) moved
    outcome TEXT,                      -- the state the row takes once the move is done
    duplicate_of INTEGER REFERENCES files(id),
    verdict TEXT,
    reason TEXT,
    updated TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS files_sha ON files(sha256);
"""


@dataclass(frozen=True)
class Record:
    id: int
    sha256: str
    filename: str
    source: str
    report_dir: str | None
    state: State
    dest: str | None
    outcome: State | None
    duplicate_of: int | None
    verdict: str | None
    reason: str | None
    updated: str  # ISO time (UTC) of the last change: for a done record, when it was finished


class WatchState:
    def __init__(self, db_path: Path):
        db_path.parent.mkdir(parents=True, exist_ok=True)
        # One watcher uses it at a time, but may be built in one thread and run in another.
        self._db = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        self._db.close()

    def reviewed(self, sha256: str) -> Record | None:
        """The review already made of these bytes, if any (duplicates point to it)."""
        return self._one(
            "SELECT * FROM files WHERE sha256 = ? AND state = 'done' AND duplicate_of IS NULL ORDER BY id LIMIT 1",
            sha256,
        )

    def unfinished(self, sha256: str) -> Record | None:
        """An interrupted or failed attempt at these bytes, to be resumed in place."""
        return self._one("SELECT * FROM files WHERE sha256 = ? AND state != 'done' ORDER BY id DESC LIMIT 1", sha256)

    def interrupted(self) -> list[Record]:
        return self._all("SELECT * FROM files WHERE state = 'processing' ORDER BY id")

    def report_dir_taken(self, name: str) -> bool:
        return self._one("SELECT * FROM files WHERE report_dir = ? LIMIT 1", name) is not None

    def start(
        self, sha256: str, filename: str, source: Path, report_dir: str | None, duplicate_of: int | None = None
    ) -> Record:
        row_id = self._db.execute(
            "INSERT INTO files (sha256, filename, source, report_dir, state, duplicate_of, updated)"
            " VALUES (?, ?, ?, ?, 'processing', ?, ?)",
            (sha256, filename, str(source), report_dir, duplicate_of, _now()),
        ).lastrowid
        return self.get(row_id)

    def resume(self, record: Record, source: Path) -> Record:
        self._update(record.id, state="processing", source=str(source), dest=None, outcome=None, reason=None)
        return self.get(record.id)

    def plan_move(self, record_id: int, dest: Path, outcome: State, verdict: str | None, reason: str | None) -> None:
        """Everything `finish` will need, stored before the original is moved."""
        self._update(record_id, dest=str(dest), outcome=outcome, verdict=verdict, reason=reason)

    def finish(self, record_id: int) -> None:
        """The original has left the inbox: the planned outcome becomes the state."""
        self._db.execute("UPDATE files SET state = outcome, updated = ? WHERE id = ?", (_now(), record_id))

    def move_report(self, record_id: int, report_dir: str) -> Record:
        """The review's report is in another folder (the same bytes were reviewed before)."""
        self._update(record_id, report_dir=report_dir)
        return self.get(record_id)

    def abandon(self, record_id: int, reason: str) -> None:
        self._update(record_id, state="failed", reason=reason)

    def get(self, record_id: int) -> Record:
        record = self._one("SELECT * FROM files WHERE id = ?", record_id)
        assert record is not None
        return record

    def all(self) -> list[Record]:
        return self._all("SELECT * FROM files ORDER BY id")

    def _update(self, record_id: int, **values) -> None:
        columns = ", ".join(f"{name} = ?" for name in values)
        self._db.execute(f"UPDATE files SET {columns}, updated = ? WHERE id = ?", (*values.values(), _now(), record_id))

    def _one(self, sql: str, *args) -> Record | None:
        row = self._db.execute(sql, args).fetchone()
        return _record(row) if row else None

    def _all(self, sql: str, *args) -> list[Record]:
        return [_record(row) for row in self._db.execute(sql, args)]


def _record(row: sqlite3.Row) -> Record:
    return Record(**{key: row[key] for key in row.keys()})


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
