"""收件台: every case with its clocks, filters and search; files being read, live.

The filters are the service's (`list_cases`); an htmx request gets the table's rows only,
so typing in the search box re-draws the table and not the page. The list of files being
read is polled every two seconds while one is still being read, and stops polling when
none is.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, File, Request, UploadFile
from fastapi.responses import Response

from workbench.context import Workbench, workbench
from workbench.labels import days_left

router = APIRouter()


def _rows(wb: Workbench, status: str | None, carrier_type: str | None, outcome: str | None, warnings: bool,
          q: str | None) -> list[dict]:
    today = wb.settings.day()
    rows = wb.service.list_cases(status=status or None, carrier_type=carrier_type or None,
                                 outcome=None if outcome in (None, "", "none") else outcome, warnings_only=warnings,
                                 query=(q or "").strip() or None, today=today)
    if outcome == "none":
        rows = [r for r in rows if r["outcome"] is None]
    for row in rows:
        clock = row["clock"] or {}
        row["notice_left"] = days_left(clock.get("notice_due"), today)
        row["deadline_left"] = days_left(clock.get("correction_deadline"), today)
        row["overdue"] = any("已超过" in w or "已过" in w for w in row["warnings"])
    return rows


@router.get("/")
def board(request: Request, status: str | None = None, carrier_type: str | None = None, outcome: str | None = None,
          warnings: bool = False, q: str | None = None, wb: Workbench = Depends(workbench)) -> Response:
    rows = _rows(wb, status, carrier_type, outcome, warnings, q)
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "case-rows":
        return wb.render(request, "_board_rows.html", rows=rows)
    filters = {"status": status or "", "carrier_type": carrier_type or "", "outcome": outcome or "",
               "warnings": warnings, "q": q or ""}
    return wb.render(request, "board.html", rows=rows, filters=filters, readings=wb.readings.progress())


@router.get("/reading")
def reading(request: Request, wb: Workbench = Depends(workbench)) -> Response:
    return wb.render(request, "_reading.html", readings=wb.readings.progress())


@router.post("/uploads")
async def upload(request: Request, files: list[UploadFile] = File(...), wb: Workbench = Depends(workbench)) -> Response:
    names = []
    for upload_file in files:
        names.append(wb.readings.submit(upload_file.filename or "", await upload_file.read(), request.state.user).filename)
    if request.headers.get("HX-Target") == "flash":  # dropped on a case page: say so, the board shows the progress
        return wb.render(request, "_flash.html", kind="ok",
                         message=f"已收到{'、'.join(names)}，正在审查；审查进度见收件台，完成后自动归入案卷")
    return wb.render(request, "_reading.html", readings=wb.readings.progress())
