"""The Prefect flows: one dossier, and one batch of dossiers.

Only wiring lives here: the order of a review and of a batch is the orchestrator's
(`orchestrator/`), the stages are plain functions below it.
Each file is its own `review-dossier` flow run, named after the file, so staff find any
applicant's run in the Prefect UI, with the review's verdict and findings as an artifact
(flows/artifact.py), and so files can be spread over the workers of a server (the
watcher's server mode, or a batch with `distribute=True`; see flows/serve.py). Only I/O
errors are retried: a bad file is a verdict, not a failure, and a bug does not go away by
running it again.
"""

from __future__ import annotations

import contextvars
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from pathlib import Path
from uuid import UUID

import httpx

import flows.prefect_env  # noqa: F401  (before prefect)
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.deployments import run_deployment
from prefect.runtime import flow_run as current_flow_run
from pydantic import BaseModel

from casefile.intake import file_automatically
from flows.artifact import publish_review
from flows.progress import emit as emit_progress
from flows.status import failure_reason
from orchestrator.config import run_config
from orchestrator.review import review_opened
from outputs.report_names import report_dir_name
from outputs.writer import write_report_folder
from pipeline.ingest import ingest, pdf_files
from pipeline.page_pools import run_pool
from kernel.models import IngestResult, Report

# Files of a local batch reviewed at once (their pages share the page workers; see _review_here_all).
FILES_IN_FLIGHT = 2

# Where the watcher's server mode and `review_batch(distribute=True)` send each file:
# "<flow name>/<deployment name>" (flows/serve.py registers it).
REVIEW_DEPLOYMENT = "review-dossier/dossier"

# A file whose run the Prefect server refused is tried this many times, pausing longer each time.
SERVER_ATTEMPTS = 3
SERVER_PAUSE_S = 5.0

_NOT_TRANSIENT = (FileNotFoundError, IsADirectoryError, NotADirectoryError)


def _transient(task, task_run, state) -> bool:
    """Retry I/O errors (a share that hiccups, a file locked by a scanner), nothing else."""
    exc = state.result(raise_on_failure=False)
    return isinstance(exc, OSError) and not isinstance(exc, _NOT_TRANSIENT)


class DossierOutcome(BaseModel):
    pdf_path: str
    report_dir: str
    report: Report


class BatchOutcome(BaseModel):
    files: int
    reports: list[DossierOutcome]
    failed: dict[str, str]  # file name → why the tool could not review it


@task(name="ingest", retries=2, retry_delay_seconds=2, retry_condition_fn=_transient, cache_policy=NO_CACHE)
def ingest_task(path: Path) -> IngestResult:
    return ingest(path)


@task(name="review", cache_policy=NO_CACHE)
def review_task(ingested: IngestResult) -> Report:
    filename = ingested.source.filename
    return review_opened(ingested, run_config(), progress=lambda stage, fraction: emit_progress(filename, stage, fraction))


@task(name="write-report", retries=3, retry_delay_seconds=2, retry_condition_fn=_transient, cache_policy=NO_CACHE)
def write_task(report: Report, pdf_path: Path, report_dir: Path) -> Path:
    """Write the report folder, file it into the case file (where an officer decides), then show
    the review in the Prefect UI (its artifact)."""
    written = write_report_folder(report, pdf_path, report_dir, district=run_config().district)
    file_automatically(report, pdf_path, written)
    publish_review(report, report_dir, run_config().settings.report_base_url)
    return written


def _run_name() -> str:
    return Path(str(current_flow_run.parameters["path"])).name


@flow(name="review-dossier", flow_run_name=_run_name, persist_result=False)
def review_dossier(path: Path, out_dir: Path, report_name: str | None = None, write: bool = True) -> DossierOutcome:
    """Review `path` into `out_dir/<report_name>` (default: the file's sanitised stem).

    A batch passes `write=False`: it writes each folder itself, once its cross-file checks
    have settled the findings."""
    path = Path(path)
    report_dir = Path(out_dir) / (report_name or report_dir_name(path.name))
    emit_progress(path.name, "读取文件", 0.0)
    ingested = ingest_task(path)
    report = review_task(ingested)
    if write:
        emit_progress(path.name, "写出报告", 1.0)
        write_task(report, path, report_dir)
    get_run_logger().info("%s → %s（%s）", path.name, report_dir, report.verdict)
    return DossierOutcome(pdf_path=str(path), report_dir=str(report_dir), report=report)


@flow(name="review-batch", persist_result=False)
def review_batch(folder: Path, out_dir: Path, distribute: bool = False) -> BatchOutcome:
    """Review every PDF of `folder` in the orchestrator's order (reviews, checks across
    files, each folder written once, register and index).

    `distribute=True` (for a server) runs each file as a `review-dossier` deployment run
    on whichever worker is free; `out_dir` must then be a folder all workers share, and a
    worker writes its file's folder, which the batch rewrites if a cross-file check
    changes it.
    """
    # Imported here: a batch's register needs pandas (~0.4 s to import), which a single
    # `dossier check` would otherwise pay on the user's clock for nothing.
    from orchestrator.batch import review_batch as ordered_batch

    files = pdf_files(folder)
    out_dir = Path(out_dir)
    review_all = (lambda paths, names: _review_on_workers(paths, names, out_dir)) if distribute else (
        lambda paths, names: _review_here_all(paths, names, out_dir)
    )
    # Reviewed here: one set of page workers (and loaded OCR models) for every file of the batch.
    with nullcontext() if distribute else run_pool(run_config().settings):
        result = ordered_batch(files, out_dir, review_all, write_task)
    reports = [DossierOutcome(pdf_path=str(r.pdf_path), report_dir=str(r.report_dir), report=r.report) for r in result.reviewed]
    return BatchOutcome(files=result.files, reports=reports, failed=result.failed)


def _review_here_all(files: Sequence[Path], names: Sequence[str], out_dir: Path) -> dict[Path, Report | str]:
    """`FILES_IN_FLIGHT` files at a time, their pages on this machine's one set of page
    workers: while one file is at a step that leaves a worker idle (its 目录 read alone, the
    stages that run in this process, the last pages of a stage), the other's pages fill it.
    Each is still its own `review-dossier` subflow run (a thread gets a copy of the batch's
    Prefect context, as the batch's own thread has it)."""
    with ThreadPoolExecutor(FILES_IN_FLIGHT, thread_name_prefix="review") as threads:
        futures = {
            path: threads.submit(contextvars.copy_context().run, _review_here, path, out_dir, name)
            for path, name in zip(files, names)
        }
        return {path: future.result() for path, future in futures.items()}


def _review_here(path: Path, out_dir: Path, name: str) -> Report | str:
    try:
        state = _subflow_run(path, out_dir, name)
    except httpx.HTTPError as exc:  # the server's answer, not the review's (that is a state)
        return f"审查服务暂时无法记录本文件的运行（{exc}），本文件未审查，请稍后重新提交"
    if state.is_completed():
        return state.result().report
    return failure_reason(state.result(raise_on_failure=False))


def _subflow_run(path: Path, out_dir: Path, name: str):
    """The file's `review-dossier` run (its final state). The Prefect server that records the
    run may refuse it for a moment (a local server's database busy under two batches: HTTP
    503 after the client's own retries); the file is then tried again after a pause, and a
    last refusal is that file's failure, listed with the batch's others, never the end of
    the whole batch."""
    for attempt in range(1, SERVER_ATTEMPTS):
        try:
            return review_dossier(path, out_dir, name, write=False, return_state=True)
        except httpx.HTTPError:
            time.sleep(SERVER_PAUSE_S * attempt)
    return review_dossier(path, out_dir, name, write=False, return_state=True)


def _review_on_workers(files: Sequence[Path], names: Sequence[str], out_dir: Path) -> dict[Path, Report | str]:
    """Submit every file at once, then collect the reports the workers wrote to `out_dir`."""
    from prefect.client.orchestration import get_client

    pending: dict[UUID, tuple[Path, Path]] = {}
    for path, name in zip(files, names):
        run = run_deployment(
            REVIEW_DEPLOYMENT,
            parameters={"path": str(path.resolve()), "out_dir": str(out_dir.resolve()), "report_name": name},
            timeout=0,
        )
        pending[run.id] = (path, out_dir / name)
    outcomes: dict[Path, Report | str] = {}
    with get_client(sync_client=True) as client:
        while pending:
            time.sleep(1)
            for run_id, (path, report_dir) in list(pending.items()):
                state = client.read_flow_run(run_id).state
                if state is None or not state.is_final():
                    continue
                del pending[run_id]
                if state.is_completed():
                    outcomes[path] = Report.model_validate_json((report_dir / "report.json").read_text(encoding="utf-8"))
                else:
                    outcomes[path] = f"工作节点运行失败（{state.name}）"
    return outcomes
