"""Who is acting, and that the act was meant: sessions, the proxy's header, CSRF.

Every request but the login page and the static files needs an officer: the one logged in
(a signed session cookie, SameSite=Strict) or, with `auth=proxy`, the one the office's
reverse proxy names in its header — believed only when the request comes from a trusted
proxy address and the name is a registered officer. Every request that changes something
(any method but GET/HEAD) must carry the session's CSRF token in `X-CSRF-Token` (the pages
send it with every htmx request) and, when the browser says where it comes from, come from
this site. Requests to the JSON API act as the logged-in officer: the `X-Dossier-User`
header the API reads is replaced by the session's name, so no one can act in another's name.
"""

from __future__ import annotations

import hmac
import secrets
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response

from casefile.api import USER_HEADER
from workbench.settings import WebSettings

CSRF_HEADER = "X-CSRF-Token"
PUBLIC_PREFIXES = ("/login", "/static/")
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def session_secret(settings: WebSettings, case_dir: Path) -> str:
    """The key that signs session cookies: the setting, else one kept (0600) in the case dir,
    so a restart does not log everyone out."""
    if settings.secret_key:
        return settings.secret_key
    path = Path(case_dir).expanduser() / "workbench-secret"
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48), encoding="ascii")
        path.chmod(0o600)
    return path.read_text(encoding="ascii").strip()


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not token:
        token = request.session["csrf"] = secrets.token_urlsafe(32)
    return token


def _same_origin(request: Request) -> bool:
    origin = request.headers.get("origin") or request.headers.get("referer")
    if not origin:
        return True  # scripts and old browsers send none; the token still has to match
    return urlsplit(origin).netloc == request.headers.get("host", "")


class OfficerGuard(BaseHTTPMiddleware):
    """Sets `request.state.user` (a registered officer's name) or turns the request away."""

    def __init__(self, app, settings: WebSettings, officer_names) -> None:
        super().__init__(app)
        self.settings = settings
        self.officer_names = officer_names  # () -> set of registered officers' names

    def _user(self, request: Request) -> str | None:
        if self.settings.auth == "proxy":
            client = request.client.host if request.client else ""
            raw = request.headers.get(self.settings.proxy_header, "")
            if client not in self.settings.trusted_proxies or not raw:
                return None
            name = unquote(raw).strip()
            return name if name in self.officer_names() else None
        return request.session.get("user")

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        path = request.url.path
        if path.startswith(PUBLIC_PREFIXES):
            request.state.user = None
            if request.method not in SAFE_METHODS and not _same_origin(request):
                return PlainTextResponse("请求来源不符，已拒绝", status_code=403)
            return await call_next(request)
        user = self._user(request)
        if user is None:
            if path.startswith("/api/") or request.headers.get("HX-Request"):
                return JSONResponse({"detail": "请先登录"}, status_code=401, headers={"HX-Redirect": "/login"})
            if self.settings.auth == "proxy":
                return PlainTextResponse("未能从反向代理确认登录人员，或该人员未登记为工作人员", status_code=403)
            return RedirectResponse(f"/login?next={quote(str(request.url.path))}", status_code=303)
        if request.method not in SAFE_METHODS:
            sent = request.headers.get(CSRF_HEADER, "")
            expected = request.session.get("csrf", "")
            if not expected or not hmac.compare_digest(sent, expected) or not _same_origin(request):
                return JSONResponse({"detail": "页面已过期或请求来源不符，请刷新页面后重试"}, status_code=403)
        request.state.user = user
        if path.startswith("/api/"):
            headers = [(k, v) for k, v in request.scope["headers"] if k.lower() != USER_HEADER.lower().encode()]
            request.scope["headers"] = headers + [(USER_HEADER.lower().encode(), quote(user).encode())]
        return await call_next(request)
