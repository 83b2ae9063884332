"""Write one dossier's report folder: report.json, report.html and, for a dossier that
needs correction, the draft notice (notice.docx and notice.html).

Everything is built in memory first and each file is then written atomically, report.json
last: a folder with a report.json is complete, and a crash leaves the previous complete
set or nothing new. A file ingest called unreadable is never opened again here (MuPDF
may open a truncated file and then fail on its page tree); page images are an extra, so
a file whose pages cannot be drawn still gets its report, without them. A notice left over from an earlier run of the same file is removed
when the verdict no longer calls for one, so staff never send a stale notice.

The time this takes is part of the review a user waits for: report.json records it as
`timings.write_s` (everything up to writing report.json itself, which carries the number).
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

from outputs.atomic import atomic_write_text
from outputs.district import DistrictConfig, load_district_config
from outputs.notice import build_notice
from outputs.notice_docx import write_notice_docx
from outputs.notice_html import render_notice_html
from outputs.report_html import render_report_html
from outputs.report_json import report_json_text
from outputs.thumbnails import render_thumbnails
from kernel.models import Report
from kernel.settings import get_settings

NOTICE_FILES = ("notice.docx", "notice.html")


def write_report_folder(
    report: Report,
    pdf_path: Path,
    out_dir: Path,
    district: DistrictConfig | None = None,
    issued_on: date | None = None,
) -> Path:
    """Write the folder `out_dir` (the caller names it) and return it.

    `issued_on` dates the notice (default today); tests pin it.
    """
    started = time.perf_counter()
    report_json_text(report)  # validates the contract before anything is written
    notice = None
    if report.verdict == "correction":
        received = date.fromisoformat(report.source.received) if report.source.received else None
        notice = build_notice(
            report, district or load_district_config(get_settings().district_config), issued_on, received_on=received
        )
    thumbs = [] if report.verdict == "unreadable" else render_thumbnails(pdf_path, report)
    html = render_report_html(report, thumbs, has_notice=notice is not None)

    out_dir.mkdir(parents=True, exist_ok=True)
    if notice is not None:
        write_notice_docx(notice, out_dir / "notice.docx")
        atomic_write_text(out_dir / "notice.html", render_notice_html(notice))
    else:
        for name in NOTICE_FILES:
            (out_dir / name).unlink(missing_ok=True)
    atomic_write_text(out_dir / "report.html", html)
    timings = {**report.timings, "write_s": round(time.perf_counter() - started, 3)}
    atomic_write_text(out_dir / "report.json", report_json_text(report.model_copy(update={"timings": timings})))
    return out_dir
