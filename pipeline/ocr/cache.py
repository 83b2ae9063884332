"""A disk cache of OCR results, shared by every process and every run on the machine.

OCR is the cost; a dossier submitted again after a correction, or a batch re-run, should
not pay it twice. Entries are keyed by the page's content hash (pipeline/render.py), the
engine's name, the settings that change results and the operation, so a changed engine
or setting misses instead of returning stale text. SQLite in WAL mode lets several worker
processes and several dossier runs read and write the same file; a busy timeout makes
writers wait for each other instead of failing.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path
from typing import Any

_SCHEMA = "CREATE TABLE IF NOT EXISTS ocr (key TEXT PRIMARY KEY, value TEXT NOT NULL)"


def cache_key(*parts: object) -> str:
    return hashlib.blake2b("\x1f".join(str(p) for p in parts).encode(), digest_size=20).hexdigest()


class OcrCache:
    def __init__(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(directory / "ocr.sqlite3", timeout=30, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(_SCHEMA)

    def get(self, key: str) -> Any | None:
        row = self._db.execute("SELECT value FROM ocr WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    def get_many(self, keys: list[str]) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for key, value in self._db.execute(f"SELECT key, value FROM ocr WHERE key IN ({marks})", chunk):
                found[key] = json.loads(value)
        return found

    def put(self, key: str, value: Any) -> None:
        self._db.execute("INSERT OR REPLACE INTO ocr (key, value) VALUES (?, ?)", (key, json.dumps(value, ensure_ascii=False)))

    def close(self) -> None:
        self._db.close()
