"""Logging in and out, and the staff page: who may act, with which role.

Roles live in the case file (`CaseService.add_officer`, audited); the password hash of a
local officer lives in the workbench's password book. With `auth=proxy` the office's
reverse proxy has already said who is there, so there is no password to check or set.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from casefile.service import CaseError
from workbench.context import Workbench, workbench
from workbench.passwords import PasswordError

router = APIRouter()


def _local_target(next_path: str | None) -> str:
    """Only a path of this site (no //host, no scheme) is followed after login."""
    if next_path and next_path.startswith("/") and not next_path.startswith("//"):
        return next_path
    return "/"


@router.get("/login")
def login_page(request: Request, next: str = "/", wb: Workbench = Depends(workbench)) -> Response:
    if wb.settings.auth == "proxy":
        return RedirectResponse("/", status_code=303)
    return wb.render(request, "login.html", next=_local_target(next), error=None,
                     bootstrap=not any(wb.passwords.has(o["name"]) for o in wb.service.officers()))


@router.post("/login")
def login(request: Request, name: str = Form(""), password: str = Form(""), next: str = Form("/"),
          wb: Workbench = Depends(workbench)) -> Response:
    name = name.strip()
    registered = {o["name"] for o in wb.service.officers()}
    if not wb.passwords.check(name, password) or name not in registered:
        return wb.render(request, "login.html", status_code=401, next=_local_target(next), bootstrap=False,
                         error="姓名或密码不正确，或该人员未登记为工作人员")
    request.session.clear()  # a new session (and CSRF token) for every login
    request.session["user"] = name
    return RedirectResponse(_local_target(next), status_code=303)


@router.post("/logout")
def logout(request: Request) -> Response:
    request.session.clear()
    return Response(status_code=204, headers={"HX-Redirect": "/login"})


@router.get("/officers")
def officers_page(request: Request, wb: Workbench = Depends(workbench)) -> Response:
    officers = [{**o, "has_password": wb.passwords.has(o["name"])} for o in wb.service.officers()]
    return wb.render(request, "officers.html", officers=officers)


@router.post("/officers")
def add_officer(request: Request, name: str = Form(""), roles: list[str] = Form(default=[]), password: str = Form(""),
                wb: Workbench = Depends(workbench)) -> Response:
    if wb.settings.auth == "local" and len(password) < 8:
        raise CaseError("请为新登记的工作人员设置至少8位的初始密码")
    added = wb.service.add_officer(name, roles, request.state.user)
    if wb.settings.auth == "local":
        wb.passwords.set(added["name"], password)
    return Response(status_code=204, headers={"HX-Refresh": "true"})


@router.post("/officers/password")
def change_password(request: Request, current: str = Form(""), new: str = Form(""),
                    wb: Workbench = Depends(workbench)) -> Response:
    user = request.state.user
    if not wb.passwords.check(user, current):
        raise CaseError("当前密码不正确", "forbidden")
    try:
        wb.passwords.set(user, new)
    except PasswordError as exc:
        raise CaseError(str(exc)) from None
    return wb.render(request, "_flash.html", message="密码已修改", kind="ok")
