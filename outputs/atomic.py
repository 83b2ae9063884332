"""Write files so that a reader never sees half of one.

Reports are picked up by other tools (the register, dashboards, the district's own
scripts) while a batch is still running, and a crash or a full disk mid-write must
leave either the old file or no file, never a truncated one. Everything is first
written to a temporary file in the same folder, flushed to disk, then renamed over
the target: a rename within one file system is atomic.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def atomic_save(target: Path, save: Callable[[Path], None]) -> Path:
    """Let `save` write to a temporary path next to `target`, then rename it into place.

    For writers that insist on a path of their own (python-docx, openpyxl); the
    temporary file keeps the target's suffix because some of them check it.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=target.suffix)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        save(tmp)
        os.chmod(tmp, 0o644)  # mkstemp's 0600 would hide reports from the office's other users
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def atomic_write_bytes(target: Path, data: bytes) -> Path:
    return atomic_save(target, lambda tmp: tmp.write_bytes(data))


def atomic_write_text(target: Path, text: str) -> Path:
    return atomic_write_bytes(target, text.encode("utf-8"))
