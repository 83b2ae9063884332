"""公示与上报: the round's candidates, the quota, the 公示 window and its document,
objections, and the written report to the city — each act one service call."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from workbench.context import REFRESH, Workbench, form_day, workbench

router = APIRouter()


@router.get("/round")
def round_page(request: Request, wb: Workbench = Depends(workbench)) -> Response:
    status = wb.service.round_status()
    documents = {}
    if status["publicity"] and status["publicity"]["document_id"]:
        documents["publicity"] = wb.service.document(status["publicity"]["document_id"])
    names = {c["id"]: c["unit_name"] for c in status["candidates"]}
    for case_id in {o["case_id"] for o in status["objections"]} - set(names):  # struck off by an upheld objection
        names[case_id] = wb.service.case_detail(case_id)["unit_name"]
    return wb.render(request, "round.html", round=status, documents=documents, names=names)


@router.post("/round/publicity")
def open_publicity(request: Request, start: str = Form(...), wb: Workbench = Depends(workbench)) -> Response:
    wb.service.open_publicity(form_day(start, "公示开始日期"), request.state.user)
    return Response(status_code=204, headers=REFRESH)


@router.post("/round/objections")
def record_objection(request: Request, case_id: int = Form(...), received_on: str = Form(...), text: str = Form(""),
                     wb: Workbench = Depends(workbench)) -> Response:
    wb.service.record_objection(case_id, form_day(received_on, "收到异议日期"), text, request.state.user)
    return Response(status_code=204, headers=REFRESH)


@router.post("/round/objections/{objection_id}")
def resolve_objection(request: Request, objection_id: int, upheld: str = Form(...), note: str = Form(""),
                      wb: Workbench = Depends(workbench)) -> Response:
    wb.service.resolve_objection(objection_id, upheld == "yes", note, request.state.user)
    return Response(status_code=204, headers=REFRESH)


@router.post("/round/city-report")
def city_report(request: Request, wb: Workbench = Depends(workbench)) -> Response:
    wb.service.write_city_report(request.state.user, issued_on=wb.settings.day())
    return Response(status_code=204, headers=REFRESH)
