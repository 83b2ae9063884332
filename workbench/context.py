"""What every page handler needs (`Workbench`), and how a page is rendered with it."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from casefile.service import CaseService
from workbench.labels import LABELS
from workbench.marks import Marks
from workbench.page_images import PageImages
from workbench.passwords import PasswordBook
from workbench.reading import ReadingQueue
from workbench.security import csrf_token
from workbench.settings import WebSettings


@dataclass
class Workbench:
    """What every page handler needs, built once per application."""

    settings: WebSettings
    service: CaseService
    passwords: PasswordBook
    images: PageImages
    marks: Marks
    readings: ReadingQueue
    templates: Jinja2Templates

    def render(self, request: Request, name: str, status_code: int = 200, **context) -> HTMLResponse:
        user = getattr(request.state, "user", None)
        roles = self.roles_of(user) if user else set()
        base = {"user": user, "roles": roles, "csrf": csrf_token(request), "L": LABELS, "today": self.settings.day(),
                "auth": self.settings.auth, "needs_approval": self.service.settings.case_issue_needs_approval}
        return self.templates.TemplateResponse(request, name, {**base, **context}, status_code=status_code)

    def roles_of(self, name: str) -> set[str]:
        return next((set(o["roles"]) for o in self.service.officers() if o["name"] == name), set())


def workbench(request: Request) -> Workbench:
    return request.app.state.workbench
