"""The workbench application: the case file's API app with the officers' pages on it.

`create_workbench()` takes `casefile.api.create_app()` (the JSON API, one `CaseService`)
and adds the pages, the static files (htmx vendored with its licence: nothing is fetched
from the internet at run time), sessions and the officer guard (workbench/security.py).
Acts the service refuses come back as its Chinese message: on a page request as a page, on
an htmx request swapped into the page's message bar.
"""

from __future__ import annotations

import gc
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.middleware.sessions import SessionMiddleware

from casefile.api import create_app
from casefile.service import CaseError, CaseService
from workbench import accounts_routes, board_routes, case_routes, document_routes, round_routes
from workbench.context import Workbench, workbench
from workbench.labels import FILTERS, LABELS
from workbench.marks import Marks
from workbench.page_images import PageImageError, PageImages
from workbench.passwords import PasswordBook
from workbench.reading import ReadingQueue, UploadRefused
from workbench.security import OfficerGuard, session_secret
from workbench.settings import WebSettings, get_web_settings

HERE = Path(__file__).parent
STATUS = {"invalid": 400, "forbidden": 403, "not_found": 404, "conflict": 409}


def _templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.filters.update(FILTERS)
    templates.env.globals["L"] = LABELS
    for name in templates.env.list_templates():  # compiled now, not on an officer's first look
        templates.env.get_template(name)
    return templates


def _refused(request: Request, message: str, status: int):
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": message}, status_code=status)
    wb = workbench(request)
    if request.headers.get("HX-Request"):
        response = wb.render(request, "_flash.html", status_code=status, message=message, kind="error")
        response.headers.update({"HX-Retarget": "#flash", "HX-Reswap": "innerHTML"})
        return response
    return wb.render(request, "error.html", status_code=status, message=message)


def create_workbench(service: CaseService | None = None, settings: WebSettings | None = None) -> FastAPI:
    settings = settings or get_web_settings()
    service = service or CaseService.open()
    home = Path(service.settings.case_dir).expanduser()
    app = create_app(service)
    app.title = "dossier 审核工作台"
    app.state.workbench = Workbench(
        settings=settings, service=service, passwords=PasswordBook(settings.resolved_users_file()),
        images=PageImages(Path(service.settings.cache_dir).expanduser() / "workbench-pages"),
        marks=Marks(home / "workbench-marks.json"),
        readings=ReadingQueue(service, home, settings.upload_max_mb * 2**20), templates=_templates(),
    )
    app.add_exception_handler(CaseError, lambda r, e: _refused(r, e.message, STATUS.get(e.kind, 400)))
    app.add_exception_handler(PageImageError, lambda r, e: _refused(r, str(e), 404))
    app.add_exception_handler(UploadRefused, lambda r, e: _refused(r, str(e), 400))
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    for module in (accounts_routes, board_routes, case_routes, document_routes, round_routes):
        app.include_router(module.router)
    officer_names = lambda: {o["name"] for o in service.officers()}  # noqa: E731
    app.add_middleware(OfficerGuard, settings=settings, officer_names=officer_names)
    app.add_middleware(
        SessionMiddleware, secret_key=session_secret(settings, home), session_cookie="dossier_session",
        max_age=int(settings.session_hours * 3600), same_site="strict", https_only=False,
    )
    service.list_cases()  # the board's queries prepared and its store opened before the first request
    return app


def freeze_start_up_heap() -> None:
    """Put everything built before serving (modules, compiled templates, the store's engine and
    prepared queries) out of the cyclic collector's reach. A full collection walks every tracked
    object, and one request in five paid a quarter of a second for it on the board
    (bench/bench_workbench.py); the requests' own garbage is still collected as usual.
    Called once, just before the server starts."""
    gc.collect()
    gc.freeze()

