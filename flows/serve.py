"""Register the flows with a Prefect server, for work shared by workers on many machines.

`dossier serve` needs `PREFECT_API_URL`. It creates (if missing) the process work pool and
the global concurrency limit that caps reviews running at once across all workers (OCR is
the cost: 1.1 GB and a core per review), then registers both flows as deployments named
`dossier`. The deployments point at the installed `flows.review_flow` module, not at a
copy of the source, so every worker machine runs the code it has installed
(`pip install dossier`): nothing is built or pushed. See docs/distributed.md.
"""

from __future__ import annotations

from dataclasses import dataclass

import flows.prefect_env  # noqa: F401  (before prefect)
from prefect import deploy
from prefect.client.orchestration import get_client
from prefect.client.schemas.actions import GlobalConcurrencyLimitCreate, WorkPoolCreate
from prefect.deployments.runner import EntrypointType
from prefect.exceptions import ObjectNotFound
from prefect.settings import PREFECT_API_URL
from prefect.workers.process import ProcessWorker

from flows.review_flow import OCR_LIMIT, review_batch, review_dossier

DEPLOYMENT_NAME = "dossier"  # flows/review_flow.REVIEW_DEPLOYMENT names it too
DEFAULT_POOL = "dossier"


class NoServerError(RuntimeError):
    """`dossier serve` was started without a server to register with."""


@dataclass
class Registration:
    api_url: str
    pool: str
    ocr_limit: int
    deployments: list[str]


def register(pool: str = DEFAULT_POOL, ocr_limit: int = 2) -> Registration:
    """Idempotent: safe to run again after an upgrade; an existing limit keeps its value."""
    api_url = PREFECT_API_URL.value()
    if not api_url:
        raise NoServerError("未设置 PREFECT_API_URL：请先启动 Prefect 服务器并设置其地址（见 docs/distributed.md）")
    with get_client(sync_client=True) as client:
        try:
            client.read_work_pool(pool)
        except ObjectNotFound:
            client.create_work_pool(
                WorkPoolCreate(
                    name=pool,
                    type=ProcessWorker.type,
                    base_job_template=ProcessWorker.get_default_base_job_template(),
                    description="dossier 申报材料预审",
                )
            )
        try:
            ocr_limit = client.read_global_concurrency_limit_by_name(OCR_LIMIT).limit
        except ObjectNotFound:
            client.create_global_concurrency_limit(GlobalConcurrencyLimitCreate(name=OCR_LIMIT, limit=ocr_limit))
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
            description="审查文件夹中的全部PDF，每个文件分发到空闲的工作节点，最后生成登记表和索引",
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
        api_url=api_url,
        pool=pool,
        ocr_limit=ocr_limit,
        deployments=[f"{d.flow_name}/{d.name}" for d in deployments],
    )
