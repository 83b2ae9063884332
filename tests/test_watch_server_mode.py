"""`dossier watch` in server mode, against the session's real Prefect server.

The watcher submits each stable file to the review deployment and waits; here the runs
are then executed by Prefect's own flow engine in this process, as a worker's child
process would execute them (the real two-worker set-up on PostgreSQL is
tests/test_serve.py, slow). The deployments are removed afterwards, so that the other
watch tests of the session, on the same server, stay in local mode.
"""

from __future__ import annotations

import contextvars
import io
import json
import sqlite3
import threading
import time
from pathlib import Path
from uuid import UUID

import pytest
from rich.console import Console

pytestmark = pytest.mark.usefixtures("prefect_harness")


@pytest.fixture
def deployment():
    from prefect.client.orchestration import get_client

    from flows.review_flow import REVIEW_DEPLOYMENT
    from flows.serve import register

    registration = register("dossier-test")
    yield registration
    with get_client(sync_client=True) as client:
        for name in registration.deployments:
            client.delete_deployment(client.read_deployment_by_name(name).id)
        client.delete_work_pool("dossier-test")
    assert REVIEW_DEPLOYMENT in registration.deployments


def _paths(tmp_path: Path):
    from flows.watcher import WatchPaths

    return WatchPaths(
        inbox=tmp_path / "inbox", out=tmp_path / "out", archive=tmp_path / "archive", failed=tmp_path / "failed",
        state_db=tmp_path / "state" / "watch.sqlite3", log_file=tmp_path / "out" / "log.jsonl",
    )


class _Service:
    """A watcher in server mode running `--once` in a thread, its console captured."""

    def __init__(self, tmp_path: Path):
        from flows.watch_reviews import ServerReviews
        from flows.watcher import Watcher

        self.said = io.StringIO()
        console = Console(file=self.said, width=300)
        paths = _paths(tmp_path)
        say = lambda line: console.print(line, markup=False)  # noqa: E731
        self.watcher = Watcher(paths, console, stable_seconds=0, reviews=ServerReviews(paths.out, say))
        # The thread sees this one's Prefect settings (a thread starts with an empty context).
        self.thread = threading.Thread(target=contextvars.copy_context().run, args=(self.watcher.run, True))
        self.thread.start()

    def join(self, timeout: float = 120) -> None:
        self.thread.join(timeout)
        if self.thread.is_alive():
            self.watcher.stop_event.set()
            self.thread.join(30)
            raise AssertionError(f"the watcher did not finish:\n{self.said.getvalue()}")


def _runs(deployment_name: str) -> list:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import DeploymentFilter, DeploymentFilterId

    with get_client(sync_client=True) as client:
        deployment_id = client.read_deployment_by_name(deployment_name).id
        return client.read_flow_runs(deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=[deployment_id])))


def _wait_for_runs(count: int, state: str = "SCHEDULED", timeout: float = 60) -> list:
    from flows.review_flow import REVIEW_DEPLOYMENT

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        runs = [r for r in _runs(REVIEW_DEPLOYMENT) if r.state.type.value == state]
        if len(runs) >= count:
            return runs
        time.sleep(0.2)
    raise AssertionError(f"{count} run(s) in {state} expected, found {[r.state.type.value for r in _runs(REVIEW_DEPLOYMENT)]}")


def _execute_as_a_worker_would(run_id: UUID) -> None:
    from prefect.client.orchestration import get_client
    from prefect.flow_engine import run_flow

    from flows.review_flow import review_dossier

    with get_client(sync_client=True) as client:
        run = client.read_flow_run(run_id)
    run_flow(review_dossier, flow_run=run, parameters=run.parameters, return_type="state")


def _rows(tmp_path: Path) -> list[dict]:
    db = sqlite3.connect(_paths(tmp_path).state_db)
    db.row_factory = sqlite3.Row
    return [dict(r) for r in db.execute("SELECT * FROM files ORDER BY id")]


def test_each_file_is_submitted_once_and_archived_only_after_its_run(tmp_path, make_pdf, deployment):
    from prefect.deployments import run_deployment

    from flows.review_flow import REVIEW_DEPLOYMENT

    names = ["深圳市甲科技有限公司.pdf", "深圳市乙科技有限公司.pdf"]
    originals = {name: make_pdf(tmp_path / "inbox" / name, pages=1, text=name).read_bytes() for name in names}
    copy = tmp_path / "inbox" / "甲的副本.pdf"  # the same bytes under another name: never a second run
    copy.write_bytes(originals[names[0]])
    originals[copy.name] = copy.read_bytes()

    service = _Service(tmp_path)
    runs = _wait_for_runs(2)
    # Submitted, not reviewed yet: the originals wait in the inbox, nothing is archived.
    assert sorted(p.name for p in (tmp_path / "inbox").iterdir()) == sorted(originals)
    assert not any((tmp_path / "archive").iterdir())
    assert [row["state"] for row in _rows(tmp_path)] == ["processing", "processing"]
    # The same bytes submitted again (a restarted or second watcher) get the same run.
    again = run_deployment(REVIEW_DEPLOYMENT, parameters=runs[0].parameters, idempotency_key=runs[0].idempotency_key,
                           timeout=0)
    assert again.id == runs[0].id
    for run in runs:
        _execute_as_a_worker_would(run.id)
    service.join()

    assert list((tmp_path / "inbox").iterdir()) == []
    assert {p.name: p.read_bytes() for p in (tmp_path / "archive").iterdir()} == originals
    rows = _rows(tmp_path)
    assert [row["state"] for row in rows] == ["done", "done", "done"]
    assert [row["filename"] for row in rows if row["duplicate_of"] is not None] == [copy.name]
    for name in names:
        report = json.loads((tmp_path / "out" / Path(name).stem / "report.json").read_text(encoding="utf-8"))
        assert report["source"]["filename"] == name
    assert (tmp_path / "out" / "register.xlsx").is_file()
    runs = _runs(REVIEW_DEPLOYMENT)
    assert len(runs) == 2 and {r.state.type.value for r in runs} == {"COMPLETED"}
    assert sorted(r.idempotency_key for r in runs) == sorted({row["sha256"] for row in rows})
    assert "[受理] 深圳市甲科技有限公司.pdf" in service.said.getvalue()
    assert "[重复] 甲的副本.pdf" in service.said.getvalue()


def test_a_crashed_run_leaves_the_original_in_failed_and_putting_it_back_runs_it_again(tmp_path, make_pdf, deployment):
    from prefect.client.orchestration import get_client
    from prefect.states import Crashed

    from flows.review_flow import REVIEW_DEPLOYMENT

    pdf = make_pdf(tmp_path / "inbox" / "深圳市丙科技有限公司.pdf", pages=1)
    original = pdf.read_bytes()

    service = _Service(tmp_path)
    (run,) = _wait_for_runs(1)
    with get_client(sync_client=True) as client:  # what the server records when a worker's process dies
        client.set_flow_run_state(run.id, Crashed(message="Flow run infrastructure exited with non-zero status code -9."),
                                  force=True)
    service.join()

    failed = tmp_path / "failed"
    assert (failed / pdf.name).read_bytes() == original
    reason = (failed / f"{pdf.name}.reason.txt").read_text(encoding="utf-8")
    assert reason.startswith("处理出错：审查运行") and "意外中止" in reason
    assert list((tmp_path / "inbox").iterdir()) == [] and not (tmp_path / "archive" / pdf.name).exists()

    # Put back by an operator: the same run (same bytes, same key) is scheduled once more.
    (failed / pdf.name).rename(pdf)
    service = _Service(tmp_path)
    (rerun,) = _wait_for_runs(1)
    assert rerun.id == run.id
    _execute_as_a_worker_would(rerun.id)
    service.join()

    assert (tmp_path / "archive" / pdf.name).read_bytes() == original
    assert (tmp_path / "out" / pdf.stem / "report.json").is_file()
    assert [r.id for r in _runs(REVIEW_DEPLOYMENT)] == [run.id]
    assert [row["state"] for row in _rows(tmp_path)] == ["done"]


def test_a_server_that_does_not_answer_leaves_the_file_in_the_inbox(tmp_path, make_pdf, deployment):
    import socket

    from prefect.settings import PREFECT_API_URL, temporary_settings

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    pdf = make_pdf(tmp_path / "inbox" / "深圳市丁科技有限公司.pdf", pages=1)

    with temporary_settings(updates={PREFECT_API_URL: f"http://127.0.0.1:{port}/api"}):
        service = _Service(tmp_path)
        deadline = time.monotonic() + 120
        while "[等待] 深圳市丁科技有限公司.pdf" not in service.said.getvalue():
            assert time.monotonic() < deadline and service.thread.is_alive(), service.said.getvalue()
            time.sleep(0.2)
        service.watcher.stop_event.set()
        service.thread.join(60)

    assert pdf.is_file()
    assert not any((tmp_path / "failed").iterdir()) and not any((tmp_path / "archive").iterdir())
    assert "审查服务器未接受提交" in service.said.getvalue()
