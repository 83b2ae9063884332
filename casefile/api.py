"""The case file's JSON API: the service layer over HTTP, for the web workbench and scripts.

Every route calls one `CaseService` method and nothing else, so the API, the command line
and the web pages can never disagree. Who acts is the `X-Dossier-User` header (the
workbench is a local application of the district office; the service checks that the
name is a registered officer with the right role). URLs carry case, submission, finding
and document numbers only — never a credit code or an ID number — and the finding texts
the API returns have ID numbers masked. Refusals come back as `{"detail": "…"}` in Chinese
with 400 (invalid), 403 (not allowed), 404 (not found) or 409 (not in this state).
"""

from __future__ import annotations

from datetime import date
from typing import Literal
from urllib.parse import quote, unquote

from fastapi import APIRouter, Depends, FastAPI, Header, Query, Request
from fastapi.responses import FileResponse, JSONResponse, Response
from pydantic import BaseModel, Field

from casefile import audit
from casefile.service import CaseError, CaseService

STATUS = {"invalid": 400, "forbidden": 403, "not_found": 404, "conflict": 409}
USER_HEADER = "X-Dossier-User"

router = APIRouter(prefix="/api")


def service(request: Request) -> CaseService:
    return request.app.state.case_service


def actor(x_dossier_user: str = Header(default="", alias=USER_HEADER)) -> str:
    """The acting officer's name, percent-encoded UTF-8 (HTTP headers carry ASCII only)."""
    name = unquote(x_dossier_user).strip()
    if not name:
        raise CaseError(f"请在请求头 {USER_HEADER} 中注明操作人员", "forbidden")
    return name


class Decision(BaseModel):
    action: Literal["confirm", "dismiss", "edit"]
    reason: str | None = None
    material: str | None = None
    problem: str | None = None
    standard: str | None = None


class AddedFinding(BaseModel):
    material: str
    problem: str
    printed_pages: list[int] = Field(default_factory=list)
    standard: str | None = None
    item: str | None = None
    absent: bool = False


class Outcome(BaseModel):
    outcome: Literal["accept", "correction", "not_accepted", "ineligible"]
    note: str = ""


class Received(BaseModel):
    received_on: date


class Issue(BaseModel):
    issued_on: date | None = None


class Service(BaseModel):
    served_on: date
    method: str


class Reason(BaseModel):
    reason: str


class CaseCorrection(BaseModel):
    unit_name: str | None = None
    carrier_type: str | None = None
    master_name: str | None = None


class PublicityStart(BaseModel):
    start: date
    issued_on: date | None = None


class NewObjection(BaseModel):
    case_id: int
    received_on: date
    text: str


class ObjectionResolution(BaseModel):
    upheld: bool
    note: str = ""


# --- reading -----------------------------------------------------------------------------


@router.get("/cases")
def list_cases(
    svc: CaseService = Depends(service), status: str | None = None, carrier_type: str | None = None,
    outcome: str | None = None, warnings: bool = False, q: str | None = None, today: date | None = None,
) -> list[dict]:
    return svc.list_cases(status=status, carrier_type=carrier_type, outcome=outcome, warnings_only=warnings, query=q,
                          today=today)


@router.get("/cases/{case_id}")
def case_detail(case_id: int, svc: CaseService = Depends(service), today: date | None = None) -> dict:
    return svc.case_detail(case_id, today=today)


@router.get("/submissions/{submission_id}/diff")
def submission_diff(submission_id: int, svc: CaseService = Depends(service)) -> dict | None:
    return svc.diff(submission_id)


@router.get("/documents/{document_id}")
def document(document_id: int, svc: CaseService = Depends(service)) -> dict:
    return svc.document(document_id)


@router.get("/documents/{document_id}/files/{index}")
def document_file(document_id: int, index: int, svc: CaseService = Depends(service)) -> FileResponse:
    files = svc.document(document_id)["files"]
    if not 0 <= index < len(files):
        raise CaseError(f"文书#{document_id}没有第{index}个文件", "not_found")
    path = files[index]["path"]
    return FileResponse(path, headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(path.rsplit('/', 1)[-1])}"})


@router.get("/clocks")
def clocks(svc: CaseService = Depends(service), today: date | None = None) -> list[dict]:
    return svc.clocks(today=today)


@router.get("/withdrawn")
def withdrawn(svc: CaseService = Depends(service), today: date | None = None) -> list[dict]:
    return svc.withdrawn(today=today)


@router.get("/round")
def round_status(svc: CaseService = Depends(service)) -> dict:
    return svc.round_status()


@router.get("/audit")
def audit_export(
    svc: CaseService = Depends(service), case_id: int | None = None, format: Literal["json", "csv"] = Query("json"),
) -> Response:
    rows = svc.audit_log(case_id)
    if format == "csv":
        return Response(audit.export_csv(rows), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": "attachment; filename=audit-log.csv"})
    return Response(audit.export_json(rows), media_type="application/json")


@router.get("/officers")
def officers(svc: CaseService = Depends(service)) -> list[dict]:
    return svc.officers()


# --- acting --------------------------------------------------------------------------------


@router.post("/findings/{finding_id}/decision")
def decide(finding_id: int, body: Decision, svc: CaseService = Depends(service), user: str = Depends(actor)) -> dict:
    if body.action == "confirm":
        return svc.confirm_finding(finding_id, user)
    if body.action == "dismiss":
        return svc.dismiss_finding(finding_id, body.reason or "", user)
    return svc.edit_finding(finding_id, user, material=body.material, problem=body.problem, standard=body.standard)


@router.post("/submissions/{submission_id}/findings")
def add_finding(submission_id: int, body: AddedFinding, svc: CaseService = Depends(service), user: str = Depends(actor)) -> dict:
    return svc.add_finding(submission_id, user, body.material, body.problem, body.printed_pages, body.standard, body.item,
                           body.absent)


class PointNumbers(BaseModel):
    numbers: list[int]


@router.post("/submissions/{submission_id}/carry-forward")
def carry_forward(submission_id: int, body: PointNumbers, svc: CaseService = Depends(service),
                  user: str = Depends(actor)) -> list[dict]:
    return svc.carry_forward(submission_id, body.numbers, user)


@router.post("/submissions/{submission_id}/outcome")
def set_outcome(submission_id: int, body: Outcome, svc: CaseService = Depends(service), user: str = Depends(actor)) -> dict:
    return svc.set_outcome(submission_id, body.outcome, body.note, user)


@router.post("/submissions/{submission_id}/received")
def confirm_received(submission_id: int, body: Received, svc: CaseService = Depends(service), user: str = Depends(actor)) -> dict:
    return svc.confirm_received(submission_id, body.received_on, user)


@router.post("/submissions/{submission_id}/draft")
def draft(submission_id: int, svc: CaseService = Depends(service), user: str = Depends(actor)) -> dict:
    return svc.draft_document(submission_id, user)


@router.post("/documents/{document_id}/issue")
def issue(document_id: int, body: Issue, svc: CaseService = Depends(service), user: str = Depends(actor)) -> dict:
    return svc.issue_document(document_id, user, body.issued_on)


@router.post("/documents/{document_id}/service")
def served(document_id: int, body: Service, svc: CaseService = Depends(service), user: str = Depends(actor)) -> dict:
    return svc.record_service(document_id, body.served_on, body.method, user)


@router.post("/documents/{document_id}/void")
def void(document_id: int, body: Reason, svc: CaseService = Depends(service), user: str = Depends(actor)) -> dict:
    return svc.void_document(document_id, body.reason, user)


@router.post("/cases/{case_id}/correction")
def correct_case(case_id: int, body: CaseCorrection, svc: CaseService = Depends(service), user: str = Depends(actor)) -> dict:
    return svc.update_case(case_id, user, body.unit_name, body.carrier_type, body.master_name)


@router.post("/cases/{case_id}/withdrawn")
def mark_withdrawn(case_id: int, body: Reason, svc: CaseService = Depends(service), user: str = Depends(actor),
                   today: date | None = None) -> dict:
    return svc.mark_withdrawn(case_id, body.reason, user, today=today)


@router.post("/round/publicity")
def open_publicity(body: PublicityStart, svc: CaseService = Depends(service), user: str = Depends(actor)) -> dict:
    return svc.open_publicity(body.start, user, body.issued_on)


@router.post("/round/objections")
def record_objection(body: NewObjection, svc: CaseService = Depends(service), user: str = Depends(actor)) -> dict:
    return svc.record_objection(body.case_id, body.received_on, body.text, user)


@router.post("/objections/{objection_id}/resolution")
def resolve_objection(objection_id: int, body: ObjectionResolution, svc: CaseService = Depends(service),
                      user: str = Depends(actor)) -> dict:
    return svc.resolve_objection(objection_id, body.upheld, body.note, user)


@router.post("/round/city-report")
def city_report(body: Issue, svc: CaseService = Depends(service), user: str = Depends(actor)) -> dict:
    return svc.write_city_report(user, body.issued_on)


def _refused(_request: Request, exc: CaseError) -> JSONResponse:
    return JSONResponse({"detail": exc.message}, status_code=STATUS.get(exc.kind, 400))


def create_app(case_service: CaseService | None = None) -> FastAPI:
    """The API as an application (the web workbench mounts its pages on the same app)."""
    app = FastAPI(title="dossier 案卷", docs_url="/api/docs", openapi_url="/api/openapi.json")
    app.state.case_service = case_service or CaseService.open()
    app.add_exception_handler(CaseError, _refused)
    app.include_router(router)
    return app
