"""Server mode for real: a Prefect server on PostgreSQL, two `dossier serve` workers, `dossier watch`.

Everything is started by this module and stopped at its end, pass or fail: PostgreSQL 15
from Debian's binaries (initdb + pg_ctl in a temporary folder, a random port), `prefect
server start` against it (asyncpg), and two workers, each with its own PREFECT_HOME and
its own OCR cache as two machines would have, sharing only the inbox and report folders.
The workers' caches are seeded with a copy of the local batch's (as docs/distributed.md
tells how to seed a new host), so the scans are read by OCR once, not twice.
"""

from __future__ import annotations

import json
import os
import pwd
import shutil
import signal
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from factory.corpus import generate_corpus

pytestmark = pytest.mark.slow

PG_BIN = Path("/usr/lib/postgresql/15/bin")
BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(**extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("PREFECT_")}
    return {**env, "PYTHONPATH": str(ROOT), "PREFECT_SERVER_ANALYTICS_ENABLED": "false", **extra}


class _Processes:
    """Child processes in their own sessions, killed with everything they started."""

    def __init__(self, logs: Path):
        self.logs = logs
        self.started: list[subprocess.Popen] = []

    def start(self, name: str, cmd: list[str], env: dict[str, str]) -> tuple[subprocess.Popen, Path]:
        log = self.logs / f"{name}.log"
        proc = subprocess.Popen(cmd, env=env, cwd=self.logs, stdout=open(log, "w"), stderr=subprocess.STDOUT,
                                start_new_session=True)
        self.started.append(proc)
        return proc, log

    def stop_all(self) -> None:
        for proc in reversed(self.started):
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in reversed(self.started):
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(30)


@pytest.fixture(scope="module")
def postgres() -> Iterator[str]:
    """A PostgreSQL 15 cluster of its own; yields the asyncpg URL of its `prefect` database."""
    if not (PG_BIN / "initdb").is_file() or not (PG_BIN / "pg_ctl").is_file():
        pytest.skip(f"PostgreSQL 15 binaries not found in {PG_BIN} (Debian package postgresql-15)")
    run_as: list[str] = []
    root = Path(tempfile.mkdtemp(prefix="dossier-pg-"))  # not under pytest's 0700 folders: postgres must reach it
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            shutil.rmtree(root)
            pytest.skip("running as root and there is no postgres user to run PostgreSQL as")
        os.chown(root, owner.pw_uid, owner.pw_gid)
        run_as = ["runuser", "-u", "postgres", "--"]
    data, port = root / "data", _free_port()
    try:
        subprocess.run([*run_as, PG_BIN / "initdb", "-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8"],
                       check=True, capture_output=True, timeout=300)
        subprocess.run(
            [*run_as, PG_BIN / "pg_ctl", "-D", data, "-l", root / "postgres.log", "-w", "-t", "180", "-o",
             f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off", "start"],
            check=True, capture_output=True, timeout=300,
        )
        try:
            subprocess.run([*run_as, PG_BIN / "createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "prefect"],
                           check=True, capture_output=True, timeout=120)
            yield f"postgresql+asyncpg://postgres@127.0.0.1:{port}/prefect"
        finally:
            subprocess.run([*run_as, PG_BIN / "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop"],
                           capture_output=True, timeout=120)
    finally:
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def cluster(postgres, tmp_path_factory) -> Iterator[dict]:
    """`prefect server start` on PostgreSQL and two `dossier serve --limit 1` workers."""
    root = tmp_path_factory.mktemp("server-mode")
    processes = _Processes(root)
    port = _free_port()
    api = f"http://127.0.0.1:{port}/api"
    try:
        server, server_log = processes.start(
            "server", [str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
            _env(PREFECT_HOME=str(root / "server-home"), PREFECT_API_DATABASE_CONNECTION_URL=postgres),
        )
        _wait(lambda: _healthy(api), 240, lambda: server.poll() is None, server_log)
        workers = {}
        for name in ("w1", "w2"):  # one after the other: the first registers, the second finds it all
            env = _env(
                PREFECT_HOME=str(root / f"{name}-home"), PREFECT_API_URL=api, PREFECT_WORKER_QUERY_SECONDS="1",
                DOSSIER_CACHE_DIR=str(root / f"{name}-cache"),
            )
            proc, log = processes.start(
                name, [sys.executable, "-m", "flows.cli", "serve", "--limit", "1", "--name", name], env
            )
            _wait(lambda: "审查服务已启动" in log.read_text(encoding="utf-8"), 240, lambda: proc.poll() is None, log)
            workers[name] = (root / f"{name}-cache", log)
        yield {"api": api, "root": root, "processes": processes, "workers": workers}
    finally:
        processes.stop_all()


def _healthy(api: str) -> bool:
    try:
        with urllib.request.urlopen(f"{api}/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def _wait(condition, timeout: float, alive, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert alive(), log.read_text(encoding="utf-8")
        assert time.monotonic() < deadline, f"not ready after {timeout}s:\n{log.read_text(encoding='utf-8')}"
        time.sleep(0.5)


@contextmanager
def _client_on(api: str):
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings(updates={PREFECT_API_URL: api}), get_client(sync_client=True) as client:
        yield client


def _deployment_runs(api: str, name: str) -> list:
    from prefect.client.schemas.filters import DeploymentFilter, DeploymentFilterId

    with _client_on(api) as client:
        deployment = client.read_deployment_by_name(name)
        return client.read_flow_runs(deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=[deployment.id])))


def _essentials(report_json: Path) -> dict:
    """The whole report but its timings (how long a stage took on that machine)."""
    report = json.loads(report_json.read_text(encoding="utf-8"))
    report.pop("timings")
    return report


def _taken(worker_log: Path) -> set[str]:
    """The runs (by name) a worker started: Prefect's worker says so in its log."""
    return set(re.findall(r"Flow run '(.+?)' submitted to infrastructure", worker_log.read_text(encoding="utf-8")))


def test_watch_submits_each_file_once_to_two_workers_and_the_reports_equal_a_local_batch(cluster, tmp_path):
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    api, processes = cluster["api"], cluster["processes"]
    generated = tmp_path / "generated"
    generate_corpus(generated, count=1, seed=7301, defects=["file.split"], pages=12)  # one applicant, two files
    generate_corpus(generated, count=1, seed=7302, pages=12)
    pdfs = sorted(generated.glob("*.pdf"))
    assert len(pdfs) == 3
    share = tmp_path / "share"  # what every machine mounts at the same path
    for folder in (share / "inbox", tmp_path / "batch-in"):
        folder.mkdir(parents=True)
        for pdf in pdfs:
            shutil.copy(pdf, folder / pdf.name)

    batch = subprocess.run(
        [sys.executable, "-m", "flows.cli", "batch", str(tmp_path / "batch-in"), "--out", str(tmp_path / "batch-out")],
        env=_env(PREFECT_API_URL=api, DOSSIER_CACHE_DIR=str(tmp_path / "batch-cache")),
        capture_output=True, text=True, timeout=1800,
    )
    assert batch.returncode == 0, batch.stderr
    for cache, _log in cluster["workers"].values():  # no dossier process has the batch's cache open now
        cache.mkdir(exist_ok=True)
        shutil.copy(tmp_path / "batch-cache" / "ocr.sqlite3", cache / "ocr.sqlite3")

    watch_cmd = [sys.executable, "-m", "flows.cli", "watch", str(share / "inbox"), "--out", str(share / "reports"),
                 "--stable-seconds", "0"]
    watch_env = _env(PREFECT_API_URL=api, DOSSIER_WATCH_STATE_DB=str(tmp_path / "watch-state.sqlite3"))
    first, first_log = processes.start("watch-first", watch_cmd, watch_env)
    _wait(lambda: len(_deployment_runs(api, "review-dossier/dossier")) >= 3, 300, lambda: first.poll() is None, first_log)
    assert "提交到" in first_log.read_text(encoding="utf-8")  # server mode, not a review in its own process
    os.killpg(first.pid, signal.SIGKILL)  # killed while the workers review: nothing may be lost or done twice
    first.wait(30)
    assert len(list((share / "inbox").iterdir())) + len(list((share / "archive").glob("*.pdf"))) == 3

    second = subprocess.run([*watch_cmd, "--once"], env=watch_env, capture_output=True, text=True, timeout=1800)
    assert second.returncode == 0, second.stderr

    runs = _deployment_runs(api, "review-dossier/dossier")
    assert len(runs) == 3 and {r.state.type.value for r in runs} == {"COMPLETED"}
    shas = {json.loads((share / "reports" / p.stem / "report.json").read_text(encoding="utf-8"))["source"]["sha256"] for p in pdfs}
    assert {r.idempotency_key for r in runs} == shas
    with _client_on(api) as client:
        reviews = client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[r.id for r in runs])))
    assert sorted(t.name.split("-")[0] for t in reviews if t.name.startswith("review")) == ["review"] * 3  # once each
    taken = [_taken(log) for _cache, log in cluster["workers"].values()]
    assert all(taken) and set.union(*taken) == {p.name for p in pdfs}, f"who took what: {taken}"

    assert list((share / "inbox").iterdir()) == []
    assert {p.name: p.read_bytes() for p in (share / "archive").iterdir()} == {p.name: p.read_bytes() for p in pdfs}
    assert not (share / "failed").exists() or list((share / "failed").iterdir()) == []
    for pdf in pdfs:
        assert _essentials(share / "reports" / pdf.stem / "report.json") == _essentials(
            tmp_path / "batch-out" / pdf.stem / "report.json"
        ), pdf.name
    assert (share / "reports" / "register.xlsx").is_file()
    split = [p for p in pdfs if any(f["code"] == "file.split" for f in _essentials(share / "reports" / p.stem / "report.json")["findings"])]
    assert len(split) == 2  # the check across files, as in the batch


def test_a_batch_deployment_run_has_its_files_reviewed_by_the_workers(cluster, tmp_path, make_pdf):
    from prefect.deployments import run_deployment
    from prefect.settings import PREFECT_API_URL, temporary_settings

    names = [f"深圳市第{i}有限公司.pdf" for i in range(2)]
    for i, name in enumerate(names):
        make_pdf(tmp_path / "inbox" / name, pages=1, text=f"dossier {i}")

    with temporary_settings(updates={PREFECT_API_URL: cluster["api"]}):
        run = run_deployment("review-batch/dossier", timeout=900, parameters={
            "folder": str(tmp_path / "inbox"), "out_dir": str(tmp_path / "reports"),
        })

    assert run.state.type.value == "COMPLETED"
    reports = tmp_path / "reports"
    assert sorted(p.name for p in reports.iterdir() if p.is_dir()) == sorted(Path(n).stem for n in names)
    assert (reports / "index.html").is_file() and (reports / "register.xlsx").is_file()
