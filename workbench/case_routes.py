"""案卷页: the pages beside the findings, and every decision an officer takes on them.

Each act is one service call in the logged-in officer's name (the service checks the role
and writes the audit log); the page answers an htmx request with the re-drawn findings
panel and tells the document preview to rebuild itself (`HX-Trigger: decided`). Images of
pages, thumbnails and evidence crops are rendered from the original on first request and
cached (workbench/page_images.py).
"""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import FileResponse, Response

from casefile.service import CaseError
from casefile.workbench_reads import submission_report
from workbench.case_view import case_view, choose_submission
from workbench.context import Workbench, workbench

router = APIRouter()
IMMUTABLE = {"Cache-Control": "private, max-age=86400"}


def _submission(wb: Workbench, case_id: int, submission_id: int) -> dict:
    detail = wb.service.case_detail(case_id, today=wb.settings.day())
    for sub in detail["submissions"]:
        if sub["id"] == submission_id:
            return sub
    raise CaseError(f"案卷#{case_id}没有材料版本#{submission_id}", "not_found")


@router.get("/cases/{case_id}")
def case_page(request: Request, case_id: int, v: int | None = None, wb: Workbench = Depends(workbench)) -> Response:
    view = case_view(wb, case_id, v)
    flagged = sorted({p for f in view["sub"]["findings"] if f["needs_decision"] for p in f["pages"]})
    wb.images.prefetch(view["sub"]["file_path"], view["sub"]["sha256"], flagged[:20], wb.settings.page_dpi)
    return wb.render(request, "case.html", **view)


def _panel(request: Request, wb: Workbench, case_id: int, submission_id: int, message: str) -> Response:
    detail = wb.service.case_detail(case_id, today=wb.settings.day())
    version = int(next(s["label"] for s in detail["submissions"] if s["id"] == submission_id)[1:])
    view = case_view(wb, case_id, version)
    response = wb.render(request, "_findings.html", **view, message=message)
    response.headers["HX-Trigger"] = "decided"
    return response


@router.post("/cases/{case_id}/findings/{finding_id}")
def decide(request: Request, case_id: int, finding_id: int, action: str = Form(...), reason: str = Form(""),
           reason_text: str = Form(""), material: str = Form(""), problem: str = Form(""), standard: str = Form(""),
           submission_id: int = Form(...), wb: Workbench = Depends(workbench)) -> Response:
    user = request.state.user
    if action == "confirm":
        wb.service.confirm_finding(finding_id, user)
        message = f"问题#{finding_id}已确认"
    elif action == "dismiss":
        wb.service.dismiss_finding(finding_id, reason_text.strip() or reason, user)
        message = f"问题#{finding_id}已驳回"
    elif action == "edit":
        wb.service.edit_finding(finding_id, user, material=material or None, problem=problem or None,
                                standard=standard or None)
        message = f"问题#{finding_id}的表述已修改并确认"
    else:
        raise CaseError("未知的操作")
    return _panel(request, wb, case_id, submission_id, message)


@router.post("/cases/{case_id}/submissions/{submission_id}/findings")
def add_finding(request: Request, case_id: int, submission_id: int, item: str = Form(""), problem: str = Form(""),
                page: int = Form(0), box: str = Form(""), standard: str = Form(""),
                wb: Workbench = Depends(workbench)) -> Response:
    sub = _submission(wb, case_id, submission_id)
    view = case_view(wb, case_id, int(sub["label"][1:]))
    items = {i["id"]: i["title"] for i in view["items"]}
    if item not in items:
        raise CaseError("请选择所涉材料")
    try:
        rect = tuple(float(v) for v in box.split(","))
    except ValueError:
        rect = ()
    if not 1 <= page <= view["page_count"] or len(rect) != 4:
        raise CaseError("请先点“在页面上画框”，在页面上框出问题所在位置")
    printed = view["printed"][page - 1] if page <= len(view["printed"]) else None
    added = wb.service.add_finding(sub["id"], request.state.user, items[item], problem, [printed] if printed else [],
                                   standard or None, item)
    wb.marks.add(added["id"], sub["id"], page, rect)
    where = f"第{printed}页" if printed else f"PDF第{page}页（该页无印刷页码，通知书中不引用页码）"
    return _panel(request, wb, case_id, sub["id"], f"已添加问题#{added['id']}（{items[item]}，{where}）")


@router.post("/cases/{case_id}/correction")
def correct_case(request: Request, case_id: int, unit_name: str = Form(""), master_name: str = Form(""),
                 carrier_type: str = Form(""), wb: Workbench = Depends(workbench)) -> Response:
    wb.service.update_case(case_id, request.state.user, unit_name=unit_name or None, carrier_type=carrier_type or None,
                           master_name=master_name if master_name else None)
    return Response(status_code=204, headers={"HX-Refresh": "true"})


@router.post("/cases/{case_id}/submissions/{submission_id}/received")
def confirm_received(request: Request, case_id: int, submission_id: int, received_on: str = Form(...),
                     wb: Workbench = Depends(workbench)) -> Response:
    try:
        day = date.fromisoformat(received_on)
    except ValueError:
        raise CaseError("请填写收件日期（年-月-日）") from None
    wb.service.confirm_received(_submission(wb, case_id, submission_id)["id"], day, request.state.user)
    return Response(status_code=204, headers={"HX-Refresh": "true"})


@router.get("/cases/{case_id}/compare")
def compare(request: Request, case_id: int, v: int | None = None, wb: Workbench = Depends(workbench)) -> Response:
    detail = wb.service.case_detail(case_id, today=wb.settings.day())
    later = choose_submission(detail, v)
    earlier = [s for s in detail["submissions"] if int(s["label"][1:]) < int(later["label"][1:])]
    notice = next((d for d in reversed(detail["documents"]) if earlier and d["submission_id"] == earlier[-1]["id"]
                   and d["kind"] == "correction" and d["status"] == "issued"), None)
    later_frozen = any(d["submission_id"] == later["id"] and d["status"] == "issued" for d in detail["documents"])
    return wb.render(request, "compare.html", case=detail, later=later, earlier=earlier[-1] if earlier else None,
                     notice=notice, diff=later["diff"], later_frozen=later_frozen)


@router.post("/cases/{case_id}/submissions/{submission_id}/carry-forward")
def carry_forward(request: Request, case_id: int, submission_id: int, points: list[int] = Form(default=[]),
                  wb: Workbench = Depends(workbench)) -> Response:
    """Points of the answered notice that are still open (or only a person can check) go
    onto this version again, as the officer worded them, for its next notice."""
    sub = _submission(wb, case_id, submission_id)
    wb.service.carry_forward(sub["id"], points, request.state.user)
    return Response(status_code=204, headers={"HX-Redirect": f"/cases/{case_id}?v={sub['label'][1:]}"})


# --- images ----------------------------------------------------------------------------------


@router.get("/cases/{case_id}/submissions/{submission_id}/pages/{page}.jpg")
def page_image(case_id: int, submission_id: int, page: int, wb: Workbench = Depends(workbench)) -> Response:
    sub = _submission(wb, case_id, submission_id)
    # JPEG: a scan encodes several times faster than as PNG, and is a third of the size
    path = wb.images.page(sub["file_path"], sub["sha256"], page, wb.settings.page_dpi, fmt="jpg")
    wb.images.prefetch(sub["file_path"], sub["sha256"], [page + 1, page + 2], wb.settings.page_dpi)  # paging on
    return FileResponse(path, media_type="image/jpeg", headers=IMMUTABLE)


@router.get("/cases/{case_id}/submissions/{submission_id}/thumbs/{page}.jpg")
def thumbnail(case_id: int, submission_id: int, page: int, wb: Workbench = Depends(workbench)) -> Response:
    sub = _submission(wb, case_id, submission_id)
    path = wb.images.page(sub["file_path"], sub["sha256"], page, wb.settings.thumb_dpi, fmt="jpg")
    return FileResponse(path, media_type="image/jpeg", headers=IMMUTABLE)


@router.get("/cases/{case_id}/submissions/{submission_id}/fields/{field_id}.png")
def field_crop(case_id: int, submission_id: int, field_id: str, wb: Workbench = Depends(workbench)) -> Response:
    sub = _submission(wb, case_id, submission_id)
    field = next((f for f in submission_report(wb.service, sub["id"]).get("fields") or [] if f["id"] == field_id), None)
    if field is None or not field.get("page") or not field.get("evidence"):
        raise CaseError("该字段没有记录取值位置", "not_found")
    path = wb.images.crop(sub["file_path"], sub["sha256"], field["page"], tuple(field["evidence"]))
    return FileResponse(path, media_type="image/png", headers=IMMUTABLE)
