"""`dossier serve` against a real local Prefect server, with two process workers.

Everything runs as child processes of this test (server, `dossier serve`, workers, the
submitting client) with their own PREFECT_HOME, and is killed at the end, pass or fail.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(url: str, proc: subprocess.Popen, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, log.read_text()
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"server not healthy after {timeout}s:\n{log.read_text()}")


SUBMIT = """
import json, sys
from prefect.deployments import run_deployment
from prefect.client.orchestration import get_client
run = run_deployment("review-batch/dossier", parameters={"folder": sys.argv[1], "out_dir": sys.argv[2]}, timeout=500)
with get_client(sync_client=True) as client:
    children = [r for r in client.read_flow_runs() if r.parent_task_run_id and r.id != run.id]
    print(json.dumps({"batch": run.state.type.value, "runs": [[str(r.id), r.state.type.value] for r in children]}))
"""


def test_batch_is_shared_by_two_workers(tmp_path, make_pdf):
    names = [f"深圳市第{i}有限公司.pdf" for i in range(6)]
    for i, name in enumerate(names):
        make_pdf(tmp_path / "share" / "inbox" / name, pages=1, text=f"dossier {i}")
    port = _free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = {
        **os.environ,
        "PREFECT_HOME": str(tmp_path / "prefect-home"),
        "PREFECT_API_URL": api,
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_WORKER_QUERY_SECONDS": "1",
        "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL": "INFO",
    }
    procs: list[subprocess.Popen] = []

    def start(name: str, *cmd: str) -> Path:
        log = tmp_path / f"{name}.log"
        procs.append(
            subprocess.Popen(
                cmd, env=env, cwd=tmp_path, stdout=open(log, "w"), stderr=subprocess.STDOUT, start_new_session=True
            )
        )
        return log

    try:
        server_log = start("server", str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port))
        _wait_healthy(api, procs[0], server_log, timeout=180)

        serve = subprocess.run(
            [sys.executable, "-m", "flows.cli", "serve", "--ocr-limit", "4"],
            env=env, cwd=tmp_path, capture_output=True, text=True, timeout=180,
        )
        assert serve.returncode == 0, serve.stdout + serve.stderr
        assert "review-dossier/dossier" in serve.stderr and "review-batch/dossier" in serve.stderr

        worker_logs = [
            start(w, str(BIN / "prefect"), "worker", "start", "--pool", "dossier", "--name", w, "--limit", "2")
            for w in ("w1", "w2")
        ]
        submit = subprocess.run(
            [sys.executable, "-c", SUBMIT, str(tmp_path / "share" / "inbox"), str(tmp_path / "share" / "reports")],
            env=env, cwd=tmp_path, capture_output=True, text=True, timeout=540,
        )
        assert submit.returncode == 0, submit.stdout + submit.stderr
        result = json.loads(submit.stdout.strip().splitlines()[-1])
    finally:
        for proc in procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(30)

    assert result["batch"] == "COMPLETED"
    reviews = {run_id for run_id, state in result["runs"] if state == "COMPLETED"}
    assert len(reviews) == len(names)
    reports = tmp_path / "share" / "reports"
    assert sorted(p.name for p in reports.iterdir() if p.is_dir()) == sorted(Path(n).stem for n in names)
    assert (reports / "index.html").is_file() and (reports / "register.xlsx").is_file()
    taken = [set(re.findall(r"submitting flow run '([0-9a-f-]+)'", log.read_text())) & reviews for log in worker_logs]
    assert all(taken), f"one worker did all the reviews: {[len(t) for t in taken]}"
    assert set.union(*taken) == reviews
