"""Where on the page an officer drew the box of a finding they added.

The case file records an added finding in words and printed page numbers, which is all a
notice cites; the rectangle the officer drew is the workbench's own memory of where they
saw it, so the next reader is shown the same spot. It is kept in one small JSON file beside
the store (finding id → PDF page and box in percent of the page), written whole and renamed.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
from pathlib import Path


class Marks:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()

    def all(self) -> dict[int, dict]:
        if not self.path.is_file():
            return {}
        return {int(k): v for k, v in json.loads(self.path.read_text(encoding="utf-8")).items()}

    def add(self, finding_id: int, submission_id: int, page: int, box: tuple[float, float, float, float]) -> None:
        with self._lock:
            marks = self.all()
            marks[finding_id] = {"submission_id": submission_id, "page": page, "box": [round(v, 2) for v in box]}
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".marks-")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump({str(k): v for k, v in marks.items()}, handle)
            os.replace(tmp, self.path)
