"""Documents of a case: the outcome, the live preview, issuing with a 文号, 送达, voiding.

The preview is re-built from the decisions whenever one changes (the findings panel sends
`decided`); issuing drafts and numbers in one step, or — where the district wants a second
person — the reviewer drafts and an approver issues the draft. The Word file is downloaded
through the API (`/api/documents/{id}/files/0`); the print view is shown inline here.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from casefile.service import CaseError
from casefile.workbench_reads import document_preview
from workbench.context import REFRESH, Workbench, form_day, workbench

router = APIRouter()


@router.get("/submissions/{submission_id}/preview")
def preview(request: Request, submission_id: int, wb: Workbench = Depends(workbench)) -> Response:
    return wb.render(request, "_preview.html", preview=document_preview(wb.service, submission_id, wb.settings.day()))


@router.post("/submissions/{submission_id}/outcome")
def set_outcome(request: Request, submission_id: int, outcome: str = Form(...), note: str = Form(""),
                wb: Workbench = Depends(workbench)) -> Response:
    wb.service.set_outcome(submission_id, outcome, note, request.state.user)
    response = wb.render(request, "_flash.html", message="处理结果已保存", kind="ok")
    response.headers["HX-Trigger"] = "decided"
    return response


@router.post("/submissions/{submission_id}/issue")
def issue(request: Request, submission_id: int, wb: Workbench = Depends(workbench)) -> Response:
    user = request.state.user
    if wb.service.settings.case_issue_needs_approval:
        wb.service.draft_document(submission_id, user)
    else:
        wb.service.issue(submission_id, user, issued_on=wb.settings.day())
    return Response(status_code=204, headers=REFRESH)


@router.post("/documents/{document_id}/issue")
def issue_draft(request: Request, document_id: int, wb: Workbench = Depends(workbench)) -> Response:
    wb.service.issue_document(document_id, request.state.user, issued_on=wb.settings.day())
    return Response(status_code=204, headers=REFRESH)


@router.post("/documents/{document_id}/service")
def served(request: Request, document_id: int, served_on: str = Form(...), method: str = Form(...),
           wb: Workbench = Depends(workbench)) -> Response:
    wb.service.record_service(document_id, form_day(served_on, "送达日期"), method, request.state.user)
    return Response(status_code=204, headers=REFRESH)


@router.post("/documents/{document_id}/void")
def void(request: Request, document_id: int, reason: str = Form(""), wb: Workbench = Depends(workbench)) -> Response:
    wb.service.void_document(document_id, reason, request.state.user)
    return Response(status_code=204, headers=REFRESH)


@router.get("/documents/{document_id}/print")
def print_view(document_id: int, wb: Workbench = Depends(workbench)) -> Response:
    files = [Path(f["path"]) for f in wb.service.document(document_id)["files"]]
    html = next((p for p in files if p.suffix == ".html"), None)
    if html is None or not html.is_file():
        raise CaseError(f"文书#{document_id}没有打印版", "not_found")
    return HTMLResponse(html.read_text(encoding="utf-8"))




@router.get("/documents/{document_id}/{name}")
def document_file(document_id: int, name: str, wb: Workbench = Depends(workbench)) -> Response:
    """The print view links its Word file by name, next to it: the same file the API serves."""
    for index, entry in enumerate(wb.service.document(document_id)["files"]):
        if Path(entry["path"]).name == name:
            return RedirectResponse(f"/api/documents/{document_id}/files/{index}", status_code=303)
    raise CaseError(f"文书#{document_id}没有文件“{name}”", "not_found")
