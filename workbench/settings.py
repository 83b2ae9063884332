"""The workbench's own settings (prefix `DOSSIER_WEB_`), beside the project's `DOSSIER_` ones.

Bound to 127.0.0.1 unless `DOSSIER_WEB_HOST` opens it to the office network. Officers log
in with a local password (hashes in `users_file`) or, behind the office's reverse proxy,
are named by a header the proxy sets (`auth=proxy`) — trusted only from the proxies listed.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from kernel.settings import get_settings


class WebSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DOSSIER_WEB_", env_file=".env", extra="ignore")

    host: str = Field(default="127.0.0.1", description="address to listen on; 0.0.0.0 opens it to the network")
    port: int = Field(default=8000, ge=1, le=65535)
    auth: Literal["local", "proxy"] = Field(default="local", description="local passwords, or the reverse proxy's header")
    proxy_header: str = Field(default="X-Remote-User", description="the header naming the officer (auth=proxy)")
    trusted_proxies: list[str] = Field(default_factory=lambda: ["127.0.0.1"], description="only these may set it")
    users_file: Path | None = Field(default=None, description="password hashes; None: CASE_DIR/workbench-users.json")
    secret_key: str | None = Field(default=None, description="signs session cookies; None: CASE_DIR/workbench-secret")
    session_hours: float = Field(default=10, gt=0, le=24 * 7)
    today: date | None = Field(default=None, description="the day clocks are counted from (default: today)")
    page_dpi: int = Field(default=150, ge=50, le=300, description="page viewer images: sharp at 100–150% zoom")
    thumb_dpi: int = Field(default=24, ge=10, le=100)
    upload_max_mb: int = Field(default=300, ge=1, le=2000)

    def resolved_users_file(self) -> Path:
        return self.users_file or Path(get_settings().case_dir).expanduser() / "workbench-users.json"

    def day(self) -> date:
        return self.today or date.today()


@lru_cache(maxsize=1)
def get_web_settings() -> WebSettings:
    return WebSettings()
