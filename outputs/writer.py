"""Write one dossier's report folder.

PROVISIONAL: report.json only; the HTML report and the Word notice land with issue 6.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from pipeline.models import Report


def write_report_folder(report: Report, pdf_path: Path, out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    data = json.dumps(report.to_json_dict(), ensure_ascii=False, indent=2)
    fd, tmp = tempfile.mkstemp(dir=out_dir, prefix=".report.json.")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(data)
    os.replace(tmp, out_dir / "report.json")
    return out_dir
