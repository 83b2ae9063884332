"""Filing every report into the case file as `check`, `batch` and `watch` write it.

The report folder is the machine's work and is written first, whatever happens here; the
case file is where an officer picks it up. A store that cannot be reached must not cost
the report, so a failure is logged (in Chinese, naming the file, never an ID number) and
the run goes on; `dossier case file DIR` files the folder later.
"""

from __future__ import annotations

import logging
from pathlib import Path

from casefile.service import CaseService, FilingResult
from kernel.models import Report
from kernel.settings import get_settings
from outputs.masking import mask_id_numbers

log = logging.getLogger(__name__)


def file_automatically(report: Report, pdf_path: Path, report_dir: Path) -> FilingResult | None:
    """File `report` into the configured store (unless `DOSSIER_CASE_FILING` is off)."""
    settings = get_settings()
    if not settings.case_filing:
        return None
    try:
        result = CaseService.open(settings).file_report(report, Path(pdf_path), Path(report_dir))
    except Exception as exc:  # the report is written; the case file can catch up later
        log.error("报告已写出，但未能登记到案卷（%s）：%s；可稍后运行 dossier case file %s", report.source.filename, mask_id_numbers(str(exc)), report_dir)
        return None
    what = "重新审查" if result.rerun else ("新案卷" if result.new_case else "补正材料")
    log.info("已登记到案卷#%d：%s v%d（%s）", result.case_id, report.source.filename, result.number, what)
    return result
