"""What every page handler needs (`Workbench`), how a page is rendered with it, and the small
things several handlers share (a form's date, the answer that makes htmx reload the page)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from casefile.service import CaseError, CaseService
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


# An acting form's answer: no content, and htmx reloads the page to show what changed.
REFRESH = {"HX-Refresh": "true"}


def form_day(text: str, what: str) -> date:
    """A date typed in a form (年-月-日); `what` names it in the officer's message."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CaseError(f"请填写{what}（年-月-日）") from None
