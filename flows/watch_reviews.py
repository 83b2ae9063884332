"""How the watcher has its files reviewed: here, or by the workers of a Prefect server.

`LocalReviews` runs each file as a `review-dossier` flow run in this process, one after
the other (no server configured: what `dossier watch` always did).

`ServerReviews` is the watcher's server mode: each stable file becomes a run of the
`review-dossier/dossier` deployment, taken by whichever worker (`dossier serve`) has a free
slot, and the watcher only collects outcomes. The file's SHA-256 is the run's idempotency
key, so the same bytes submitted again — the watcher restarted, another watcher, a copy
under a new name — get the run that exists instead of a second review. A run that ended
without a report is run again (with the file's current path) only when the file is taken
afresh, i.e. someone put it back; a watcher that resumes after a restart collects the
outcome it was waiting for. The original stays in the inbox, where the worker reads it,
until its run has finished; the watcher then moves it (flows/watcher.py).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

import flows.prefect_env  # noqa: F401  (before prefect)
import httpx
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId
from prefect.client.schemas.objects import FlowRun, StateType
from prefect.deployments import run_deployment
from prefect.exceptions import ObjectNotFound
from prefect.states import Scheduled

from flows.review_flow import REVIEW_DEPLOYMENT, review_dossier
from flows.status import failure_reason
from flows.watch_state import Record
from kernel.models import Report

POLL_S = 2.0  # how often the server is asked about the runs still going
NOT_TAKEN_WARNING_S = 120  # a run nobody took this long after submission: say the workers seem down
_SERVER_ERRORS = (httpx.HTTPError, ObjectNotFound, OSError)  # unreachable, refused, deployment removed
_ENDED = {StateType.FAILED: "失败", StateType.CRASHED: "意外中止（工作节点进程退出）", StateType.CANCELLED: "被取消"}


@dataclass
class Finished:
    record: Record
    path: Path  # the original, still in the inbox
    report_dir: Path
    outcome: Report | str  # the report, or why there is none (Chinese)


class ServerUnavailable(Exception):
    """The server did not take the submission; the file stays in the inbox and is tried again."""


class LocalReviews:
    """Each file reviewed in this process, as it is submitted."""

    def __init__(self, out: Path):
        self.out = out
        self._finished: list[Finished] = []

    @property
    def busy(self) -> set[Path]:
        return set()

    def pending(self, sha256: str) -> bool:
        return False

    def submit(self, record: Record, path: Path, rerun_failed: bool) -> None:
        report_dir = self.out / record.report_dir
        state = review_dossier(path, self.out, record.report_dir, return_state=True)
        outcome = state.result().report if state.is_completed() else failure_reason(state.result(raise_on_failure=False))
        self._finished.append(Finished(record, path, report_dir, outcome))

    def finished(self) -> list[Finished]:
        done, self._finished = self._finished, []
        return done


@dataclass
class _Submitted:
    record: Record
    path: Path
    report_dir: Path
    run_name: str
    since: float
    warned: bool = False


class ServerReviews:
    """Files submitted to the review deployment, collected as their runs finish."""

    def __init__(self, out: Path, say: Callable[[str], None]):
        self.out = out
        self.say = say  # one Chinese line for the operator
        self._runs: dict[UUID, _Submitted] = {}
        self._asked = 0.0

    @property
    def busy(self) -> set[Path]:
        """The files whose runs have not ended: they stay in the inbox, not to be taken again."""
        return {submitted.path for submitted in self._runs.values()}

    def pending(self, sha256: str) -> bool:
        """Whether these bytes are under review (perhaps under another file name)."""
        return any(submitted.record.sha256 == sha256 for submitted in self._runs.values())

    def submit(self, record: Record, path: Path, rerun_failed: bool) -> None:
        parameters = {"path": str(path), "out_dir": str(self.out), "report_name": record.report_dir}
        try:
            run = run_deployment(
                REVIEW_DEPLOYMENT, parameters=parameters, flow_run_name=path.name, idempotency_key=record.sha256,
                timeout=0, as_subflow=False,
            )
            if rerun_failed and run.state is not None and run.state.type in _ENDED:
                run = self._rerun(run, parameters, path.name)
        except _SERVER_ERRORS as exc:  # the server's trouble, not the file's
            raise ServerUnavailable(f"审查服务器未接受提交（{type(exc).__name__}: {exc}）") from exc
        report_dir = Path(run.parameters.get("out_dir", self.out)) / str(run.parameters.get("report_name", record.report_dir))
        self._runs[run.id] = _Submitted(record, path, report_dir, run.name, time.monotonic())

    def finished(self) -> list[Finished]:
        """The submitted files whose runs have ended since the last call."""
        if not self._runs or time.monotonic() - self._asked < POLL_S:
            return []
        self._asked = time.monotonic()
        try:
            with get_client(sync_client=True) as client:
                runs = client.read_flow_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=list(self._runs))))
        except _SERVER_ERRORS as exc:  # asked again on the next tick
            self.say(f"暂时无法向审查服务器查询进度（{type(exc).__name__}），稍后重试")
            return []
        done = []
        for run in runs:
            submitted = self._runs[run.id]
            if run.state is None or not run.state.is_final():
                self._warn_if_not_taken(run, submitted)
                continue
            del self._runs[run.id]
            done.append(Finished(submitted.record, submitted.path, submitted.report_dir, self._outcome(run, submitted)))
        return done

    def _rerun(self, run: FlowRun, parameters: dict, name: str) -> FlowRun:
        """Schedule a run that ended without a report once more, for the file as it is now."""
        with get_client(sync_client=True) as client:
            client.update_flow_run(run.id, parameters=parameters, name=name)
            client.set_flow_run_state(run.id, Scheduled(), force=True)
            return client.read_flow_run(run.id)

    def _outcome(self, run: FlowRun, submitted: _Submitted) -> Report | str:
        if run.state.type != StateType.COMPLETED:
            ended = _ENDED.get(run.state.type, run.state.name)
            return f"处理出错：审查运行“{run.name}”{ended}（{run.state.message or run.state.name}）"
        report_json = submitted.report_dir / "report.json"
        try:
            return Report.model_validate_json(report_json.read_text(encoding="utf-8"))
        except OSError:
            return (
                f"处理出错：审查运行“{run.name}”已完成，但本机读不到报告 {report_json}"
                "（工作节点与本机须以同一路径访问报告文件夹）"
            )

    def _warn_if_not_taken(self, run: FlowRun, submitted: _Submitted) -> None:
        if submitted.warned or run.state.type != StateType.SCHEDULED:
            return
        if time.monotonic() - submitted.since >= NOT_TAKEN_WARNING_S:
            submitted.warned = True
            self.say(
                f"“{submitted.path.name}”提交 {NOT_TAKEN_WARNING_S // 60} 分钟后仍无工作节点领取："
                "请确认处理机器上的 dossier serve 正在运行"
            )


def deployment_ready() -> bool:
    """Whether the configured server has the review deployment (`dossier serve` registers it)."""
    try:
        with get_client(sync_client=True) as client:
            client.read_deployment_by_name(REVIEW_DEPLOYMENT)
    except ObjectNotFound:
        return False
    return True
