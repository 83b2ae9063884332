"""The batch outputs behind one call: register.xlsx and index.html for a folder of reports.

Callers (the `batch` command, the watcher) hand over what they reviewed and where each
report folder is; the rows are computed once and both files written atomically.
"""

from __future__ import annotations

from pathlib import Path

from outputs.atomic import atomic_write_text
from outputs.batch_rows import batch_row
from outputs.district import DistrictConfig, load_district_config
from outputs.index_html import render_index_html
from outputs.register import write_register
from kernel.models import Report

__all__ = ["DistrictConfig", "load_district_config", "write_batch_outputs"]


def write_batch_outputs(entries: list[tuple[Report, Path]], out_dir: Path) -> None:
    """`entries` pairs each report with its report folder; both files land in `out_dir`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    rows = [(report, batch_row(report, folder, out_dir)) for report, folder in entries]
    write_register(rows, out_dir / "register.xlsx")
    atomic_write_text(out_dir / "index.html", render_index_html([row for _, row in rows]))
