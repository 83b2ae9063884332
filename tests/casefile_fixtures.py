"""Fixtures of the case-file tests: a store on SQLite and on a real PostgreSQL 15.

The PostgreSQL server is Debian's, started by the test set-up itself in a temporary
directory (initdb + pg_ctl on a free port, trust authentication on 127.0.0.1 only) and
stopped at the end of the session; each test gets a database of its own. As root (CI
runs as root, and initdb refuses to), the server runs as the `postgres` system user.
The tests skip, saying why, only when the binaries are absent.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest

PG_BIN = Path("/usr/lib/postgresql/15/bin")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_server_user() -> tuple[list[str], int | None, int | None]:
    """The command prefix, uid and gid to run the server with (root cannot run it)."""
    if os.geteuid() != 0:
        return [], None, None
    try:
        user = pwd.getpwnam("postgres")
    except KeyError:
        pytest.skip("以 root 运行，且没有 postgres 系统用户，无法启动 PostgreSQL")
    return ["runuser", "-u", "postgres", "--"], user.pw_uid, user.pw_gid


@pytest.fixture(scope="session")
def postgres_server():
    """The base URL of a PostgreSQL 15 server started for this test session."""
    if not (PG_BIN / "initdb").is_file() or not (PG_BIN / "pg_ctl").is_file():
        pytest.skip(f"PostgreSQL 15 binaries absent ({PG_BIN}); install Debian's postgresql-15 (bench/system-deps.sh)")
    prefix, uid, gid = _as_server_user()
    root = Path(tempfile.mkdtemp(prefix="dossier-pg-"))
    if uid is not None:
        os.chown(root, uid, gid)
    data, port = root / "data", _free_port()
    run = lambda *args: subprocess.run([*prefix, *args], check=True, capture_output=True, text=True, timeout=120)  # noqa: E731
    run(str(PG_BIN / "initdb"), "-D", str(data), "-U", "dossier", "--auth=trust", "-E", "UTF8", "--locale=C")
    run(str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(root / "server.log"), "-w", "-t", "60", "-o",
        f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off", "start")
    try:
        yield f"postgresql+psycopg://dossier@127.0.0.1:{port}"
    finally:
        subprocess.run([*prefix, str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
                       capture_output=True, timeout=120)
        shutil.rmtree(root, ignore_errors=True)


def new_postgres_database(server: str) -> str:
    """A fresh, empty database on `server`; its URL."""
    import psycopg

    name = f"case_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(f"{server.replace('postgresql+psycopg', 'postgresql')}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}"


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path) -> str:
    """An empty store: a SQLite file, or a new database on the session's PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'cases.sqlite3'}"
    return new_postgres_database(request.getfixturevalue("postgres_server"))
