"""When a file in the inbox is finished being written.

Scanners and copy jobs write a file in pieces; taking it half-written gives a false
"truncated PDF" verdict. Like paperless-ngx's consumer, a file is taken only once its size
and modification time have stayed the same for `stable_seconds` and it opens for reading
(on Windows shares a file still being copied is locked).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass
class _Seen:
    size: int
    mtime_ns: int
    since: float


class FileStabilityTracker:
    def __init__(self, stable_seconds: float, clock: Callable[[], float] = time.monotonic):
        self.stable_seconds = stable_seconds
        self._clock = clock
        self._seen: dict[Path, _Seen] = {}

    def update(self, present: Iterable[Path]) -> None:
        """Record the current size and mtime of every file now in the inbox."""
        present = set(present)
        for path in self._seen.keys() - present:
            del self._seen[path]
        now = self._clock()
        for path in present:
            try:
                stat = path.stat()
            except OSError:
                self._seen.pop(path, None)
                continue
            seen = self._seen.get(path)
            if seen is None or (seen.size, seen.mtime_ns) != (stat.st_size, stat.st_mtime_ns):
                self._seen[path] = _Seen(stat.st_size, stat.st_mtime_ns, now)

    def stable(self) -> list[Path]:
        """Files unchanged for `stable_seconds` that open for reading, oldest first."""
        now = self._clock()
        ready = [p for p, s in self._seen.items() if now - s.since >= self.stable_seconds]
        return sorted((p for p in ready if _opens(p)), key=lambda p: (self._seen[p].since, p.name))

    def forget(self, path: Path) -> None:
        self._seen.pop(path, None)


def _opens(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            fh.read(1)
    except OSError:
        return False
    return True
