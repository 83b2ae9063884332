"""`dossier serve`: this machine takes reviews from a Prefect server and runs them.

It registers (idempotently: safe after an upgrade) the process work pool and the two
deployments, `review-dossier/dossier` (one file: what the watcher's server mode submits)
and `review-batch/dossier` (a folder spread over the workers), then runs a Prefect process
worker for that pool in this process until stopped: every review it takes runs in a
child process of its own, at most `limit` at once. The limit belongs to the machine
(`--limit`, else `DOSSIER_SERVE_LIMIT`, else cores ÷ OCR workers, since one review keeps
`DOSSIER_OCR_WORKERS` cores busy), so each machine added adds its own reviews. There is no
limit across machines.

The deployments point at the installed `flows.review_flow` module, not at a copy of the
source, so every worker machine runs the code it has installed: nothing is built or
pushed. `prefect worker start --pool dossier --limit N` does the same work without
registering. See docs/distributed.md.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
from dataclasses import dataclass

import flows.prefect_env  # noqa: F401  (before prefect)
from prefect import deploy
from prefect.client.orchestration import get_client
from prefect.client.schemas.actions import WorkPoolCreate
from prefect.deployments.runner import EntrypointType
from prefect.exceptions import ObjectAlreadyExists, ObjectNotFound
from prefect.settings import PREFECT_API_URL
from prefect.workers.process import ProcessWorker

from flows.review_flow import review_batch, review_dossier

DEPLOYMENT_NAME = "dossier"  # flows/review_flow.REVIEW_DEPLOYMENT names it too
DEFAULT_POOL = "dossier"


@dataclass
class Registration:
    api_url: str
    pool: str
    deployments: list[str]


def default_limit(ocr_workers: int, cores: int | None = None) -> int:
    """Reviews one machine runs at once: each keeps `ocr_workers` page processes busy."""
    return max(1, (cores or os.cpu_count() or 1) // max(1, ocr_workers))


def register(pool: str = DEFAULT_POOL) -> Registration:
    """The work pool (created if missing) and both deployments, on the current Prefect API."""
    with get_client(sync_client=True) as client:
        try:
            client.read_work_pool(pool)
        except ObjectNotFound:
            try:
                client.create_work_pool(
                    WorkPoolCreate(
                        name=pool,
                        type=ProcessWorker.type,
                        base_job_template=ProcessWorker.get_default_base_job_template(),
                        description="dossier 申报材料预审",
                    )
                )
            except ObjectAlreadyExists:  # another machine's `dossier serve` made it just now
                pass
    deployments = [
        review_dossier.to_deployment(
            name=DEPLOYMENT_NAME,
            work_pool_name=pool,
            entrypoint_type=EntrypointType.MODULE_PATH,
            description="审查一个申报文件（path、out_dir 须是工作节点可访问的共享路径）",
        ),
        review_batch.to_deployment(
            name=DEPLOYMENT_NAME,
            work_pool_name=pool,
            entrypoint_type=EntrypointType.MODULE_PATH,
            parameters={"distribute": True},
            description="审查文件夹中的全部PDF，每个文件分发到空闲的工作节点，最后生成登记表和索引（运行期间占用一个审查名额）",
        ),
    ]
    deploy(
        *deployments,
        work_pool_name=pool,
        build=False,
        push=False,
        print_next_steps_message=False,
        ignore_warnings=True,
    )
    return Registration(
        api_url=str(PREFECT_API_URL.value()),
        pool=pool,
        deployments=[f"{d.flow_name}/{d.name}" for d in deployments],
    )


def serve(pool: str, limit: int, name: str | None = None) -> None:
    """Run a process worker for `pool` here, at most `limit` reviews at once, until SIGINT/SIGTERM."""
    previous = signal.signal(signal.SIGTERM, signal.default_int_handler)  # a service manager's stop
    worker = ProcessWorker(work_pool_name=pool, limit=limit, name=name or f"{socket.gethostname()}-{os.getpid()}")
    try:
        asyncio.run(worker.start(printer=lambda *args, **kwargs: None))
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
