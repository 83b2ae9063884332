"""`dossier web` as an operator starts it: a local login set from the command line, the
server listening on 127.0.0.1 only, its URL printed, the login page answering in Chinese."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psutil

ROOT = Path(__file__).resolve().parent.parent


def _env(tmp_path: Path) -> dict:
    return {**os.environ, "PYTHONPATH": str(ROOT), "DOSSIER_CASE_DIR": str(tmp_path / "cases"),
            "DOSSIER_CACHE_DIR": str(tmp_path / "cache")}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_login_is_set_from_the_command_line_and_a_short_password_refused(tmp_path):
    run = lambda *args, text: subprocess.run([sys.executable, "-m", "flows.cli", "web", "user", *args], input=text,  # noqa: E731
                                             env=_env(tmp_path), capture_output=True, text=True, timeout=120)
    done = run("张审核", "--role", "reviewer", "--password-stdin", text="long-enough-1\n")
    assert done.returncode == 0 and "已为“张审核”设置登录密码" in done.stderr
    short = run("张审核", "--password-stdin", text="short\n")
    assert short.returncode == 1 and "密码至少8位" in short.stderr
    stranger = run("李四", "--password-stdin", "--by", "路人", text="long-enough-2\n")
    assert stranger.returncode == 1 and "不是已登记的工作人员" in stderr_of(stranger)


def stderr_of(done: subprocess.CompletedProcess) -> str:
    return done.stderr + done.stdout


def test_dossier_web_listens_on_localhost_prints_its_url_and_asks_for_a_login(tmp_path):
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "flows.cli", "web", "--port", str(port)], env=_env(tmp_path),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first_line = server.stdout.readline()
        assert first_line.strip() == f"审核工作台：http://127.0.0.1:{port}/（按 Ctrl+C 停止）"
        for _ in range(100):
            try:
                board = httpx.get(f"http://127.0.0.1:{port}/", follow_redirects=False, timeout=5)
                break
            except httpx.ConnectError:
                time.sleep(0.1)
        assert board.status_code == 303 and board.headers["location"] == "/login?next=/"
        login = httpx.get(f"http://127.0.0.1:{port}/login", timeout=5)
        assert login.status_code == 200 and "登录" in login.text and "dossier web user 姓名" in login.text  # no login yet
        assert "htmx" in httpx.get(f"http://127.0.0.1:{port}/static/htmx.min.js", timeout=5).text
        listening = [c.laddr for c in psutil.Process(server.pid).net_connections() if c.status == psutil.CONN_LISTEN]
        assert [(a.ip, a.port) for a in listening] == [("127.0.0.1", port)]
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_the_start_up_heap_is_frozen_out_of_the_collectors_walk_before_serving():
    """A full collection during a request must not walk the modules, templates and store built at
    start-up (one board request in five paid ~250 ms for it)."""
    import gc

    from workbench.app import freeze_start_up_heap

    kept = [[n] for n in range(1000)]  # tracked objects made "at start-up"
    before = gc.get_freeze_count()
    try:
        freeze_start_up_heap()
        assert gc.get_freeze_count() >= before + len(kept)
    finally:
        gc.unfreeze()
