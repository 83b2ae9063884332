"""What `dossier check | batch | watch | serve | demo` do, behind the typer declarations in cli.py.

Exit codes follow the contract: 0 when every file got a report, whatever the verdicts;
1 when the tool failed on at least one file (or on the batch outputs); 2 for a command
line that names files or folders that are not there, or a bad setting, checklist or
district file — found before any file is read or moved.

Prefect and the review stages are imported only once the command has asked for its
Prefect server (flows/local_server.py): a server that has to start comes up while they load.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from flows import progress
from flows.local_disk import sqlite_paths_on_shares
from flows.local_server import PrefectApi, configured_api_url, prefect_home
from flows.status import failure_reason, status_line, verdict_summary
from orchestrator.config import ConfigError, RunConfig, run_config
from outputs.report_names import batch_dir_names

DEMO_SEED = 20261128
DEMO_PAGES = 20  # short dossiers: the demo runs in a few minutes on two cores
_STARTING = "正在准备…"


def checked_config(console: Console, sqlite_files: dict[str, Path] | None = None) -> RunConfig | None:
    """The run's configuration, or None after saying (in Chinese) what is wrong with it.

    Also refused here: a SQLite file of this machine (OCR cache, Prefect's database,
    `sqlite_files`) placed on a network share (flows/local_disk.py)."""
    try:
        config = run_config()
    except ConfigError as exc:
        console.print(f"配置有误，未处理任何文件：{exc}", markup=False)
        return None
    named = dict(sqlite_files or {})
    if config.settings.use_cache:
        named["DOSSIER_CACHE_DIR"] = config.settings.cache_dir
    if configured_api_url() is None and _prefect_uses_sqlite():
        named["PREFECT_HOME"] = prefect_home()
    problems = sqlite_paths_on_shares(named)
    if problems:
        console.print("配置有误，未处理任何文件：" + "；".join(problems), markup=False)
        return None
    return config


def _prefect_uses_sqlite() -> bool:
    url = os.environ.get("PREFECT_API_DATABASE_CONNECTION_URL") or os.environ.get("PREFECT_SERVER_DATABASE_CONNECTION_URL")
    return not url or url.startswith("sqlite")


def ready(api: PrefectApi, console: Console) -> None:
    """Wait for this command's Prefect server (flows/local_server.py), found or started when
    the command began, and say which one records the reviews when that is news."""
    if api.started_here:
        console.print("正在启动本机 Prefect 服务（约10–20秒，之后的 dossier 命令直接使用它）…", markup=False, soft_wrap=True)
    url = api.ready()
    if url is None:
        console.print(f"本机 Prefect 服务不可用（{api.fallback_reason}），改用临时服务（约10–20秒）", markup=False, soft_wrap=True)
    elif api.started_here:
        console.print(
            f"已启动本机 Prefect 服务：{url.removesuffix('/api')}（浏览器中可查看每次审查）；"
            f"最后一个 dossier 命令结束后保留 {api.keep_minutes:g} 分钟，之后的命令无需再等待启动",
            markup=False,
            soft_wrap=True,
        )


def run_check(files: list[Path], out: Path, console: Console) -> int:
    config = checked_config(console)
    if config is None:
        return 2
    missing = [f for f in files if not f.is_file()]
    for f in missing:
        console.print(f"文件不存在或不是文件：{f}", markup=False)
    if missing:
        return 2
    with PrefectApi(config.settings.prefect_keep_minutes) as api, _page_workers(config, files):
        import flows.review_flow  # noqa: F401  (loads while a server just started comes up)

        ready(api, console)
        return _check(files, out, console)


@contextmanager
def _page_workers(config: RunConfig, files: list[Path]) -> Iterator:
    """One set of page workers for every file of the command (pipeline/page_pools.py),
    started at once when a file has pages to scan: their engines load while the command
    imports the stages and waits for its server. A re-run on files the OCR cache holds
    never starts them (that would cost it seconds)."""
    from pipeline.page_pools import run_pool

    with run_pool(config.settings) as pool:
        if any(_scans_to_do(path, config) for path in files):
            pool.start()
        yield pool


def _scans_to_do(path: Path, config: RunConfig) -> bool:
    from pipeline.reader import PageReader

    try:
        with PageReader(path, config.settings) as reader:
            return reader.scans_to_do() > 0
    except Exception:  # a file that cannot be opened needs no page worker; its review says why
        return False


def _check(files: list[Path], out: Path, console: Console) -> int:
    from flows.review_flow import review_dossier

    failures = 0
    with _progress_bar(console, files) as bar:
        for path, name in zip(files, batch_dir_names([f.name for f in files])):
            state = review_dossier(path, out, name, return_state=True)
            if state.is_completed():
                outcome = state.result()
                bar.console.print(status_line("完成", path.name, verdict_summary(outcome.report)), markup=False)
            else:
                failures += 1
                reason = failure_reason(state.result(raise_on_failure=False))
                bar.console.print(status_line("失败", path.name, reason), markup=False)
    console.print(f"报告目录：{out.resolve()}", markup=False)
    return 1 if failures else 0


def run_batch(inbox: Path, out: Path, console: Console) -> int:
    config = checked_config(console)
    if config is None:
        return 2
    if not inbox.is_dir():
        console.print(f"文件夹不存在：{inbox}", markup=False)
        return 2
    with PrefectApi(config.settings.prefect_keep_minutes) as api:
        from pipeline.ingest import pdf_files

        with _page_workers(config, pdf_files(inbox)):
            import flows.review_flow  # noqa: F401  (loads while a server just started comes up)

            ready(api, console)
            return _batch(inbox, out, console)


def _batch(inbox: Path, out: Path, console: Console) -> int:
    from flows.review_flow import review_batch
    from pipeline.ingest import pdf_files

    files = pdf_files(inbox)
    if not files:
        console.print(f"文件夹中没有PDF文件：{inbox}", markup=False)
    with _progress_bar(console, files):
        state = review_batch(inbox, out, return_state=True)
    if not state.is_completed():
        console.print(f"批量审查失败：{failure_reason(state.result(raise_on_failure=False))}", markup=False)
        return 1
    outcome = state.result()
    for reviewed in outcome.reports:
        console.print(status_line("完成", reviewed.report.source.filename, verdict_summary(reviewed.report)), markup=False)
    for filename, reason in outcome.failed.items():
        console.print(status_line("失败", filename, reason), markup=False)
    console.print(
        f"共 {outcome.files} 个文件，生成报告 {len(outcome.reports)} 份，失败 {len(outcome.failed)} 个；"
        f"登记表：{(out / 'register.xlsx').resolve()}",
        markup=False,
    )
    return 1 if outcome.failed else 0


def run_watch(
    inbox: Path,
    out: Path,
    console: Console,
    polling: bool = False,
    stable_seconds: float | None = None,
    once: bool = False,
) -> int:
    config = checked_config(console)
    if config is None:
        return 2
    from flows.watcher import WatchPaths, default_state_db

    settings = config.settings
    inbox = inbox.resolve()
    out = out.resolve()
    paths = WatchPaths(
        inbox=inbox,
        out=out,
        archive=(settings.watch_archive_dir or inbox.parent / "archive").resolve(),
        failed=(settings.watch_failed_dir or inbox.parent / "failed").resolve(),
        state_db=settings.watch_state_db or default_state_db(settings.state_dir, inbox),
        log_file=settings.watch_log_file or out / "watch-log.jsonl",
    )
    if inbox in (paths.archive, paths.failed):
        console.print("归档或失败文件夹不能与收件文件夹相同", markup=False)
        return 2
    shared = sqlite_paths_on_shares({"DOSSIER_WATCH_STATE_DB": paths.state_db})
    if shared:
        console.print("配置有误，未处理任何文件：" + "；".join(shared), markup=False)
        return 2
    stable = settings.watch_stable_seconds if stable_seconds is None else stable_seconds
    with PrefectApi(config.settings.prefect_keep_minutes) as api:
        import httpx

        from flows.watcher import Watcher
        from flows.watch_reviews import LocalReviews, ServerReviews, deployment_ready
        from pipeline.page_pools import run_pool

        ready(api, console)
        try:
            on_server = configured_api_url() is not None and deployment_ready()
        except httpx.HTTPError as exc:  # the configured server does not answer
            console.print(f"无法连接 Prefect 服务器 {configured_api_url()}（{type(exc).__name__}），未处理任何文件", markup=False)
            return 2
        if on_server:
            reviews = ServerReviews(out, lambda line: console.print(line, markup=False))
            where = f"提交到 {configured_api_url()} 的工作节点审查（收件和报告文件夹须是工作节点以同一路径可访问的共享盘）"
        else:
            reviews = LocalReviews(out)
            where = "在本机审查" + (
                "（服务器上尚无审查部署：在处理机器上运行 dossier serve 后重启本命令，即可分发到工作节点）"
                if configured_api_url() else ""
            )
        watcher = Watcher(paths, console, stable_seconds=stable, polling=polling, reviews=reviews)
        watcher.install_signal_handlers()
        console.print(
            f"正在监视 {inbox}（{'轮询' if polling else '事件'}模式，文件稳定 {stable:g} 秒后处理），{where}\n"
            f"报告：{out}　归档：{paths.archive}　失败：{paths.failed}　日志：{paths.log_file}",
            markup=False,
        )
        try:
            with nullcontext() if on_server else run_pool(settings):  # reviewed here: one set of page workers
                watcher.run(once=once)
        except KeyboardInterrupt:
            pass
    console.print("已停止监视", markup=False)
    return 0


def run_serve(pool: str, limit: int | None, name: str | None, console: Console) -> int:
    config = checked_config(console)
    if config is None:
        return 2
    with PrefectApi(config.settings.prefect_keep_minutes) as api:
        import httpx

        from flows.serve import default_limit, register, serve

        ready(api, console)
        if api.url is None:
            console.print("审查服务需要一个常驻的 Prefect 服务器：请设置 PREFECT_API_URL（见 docs/distributed.md）", markup=False)
            return 2
        try:
            done = register(pool)
        except httpx.HTTPError as exc:  # the server does not answer, or refuses
            console.print(f"无法在 Prefect 服务器 {api.url} 注册审查部署（{type(exc).__name__}: {exc}）", markup=False)
            return 2
        limit = limit or config.settings.serve_limit or default_limit(config.settings.ocr_workers)
        console.print(
            f"审查服务已启动：{done.api_url}，工作池 {done.pool}，部署 {'、'.join(done.deployments)}；"
            f"本机同时审查上限 {limit}。按 Ctrl+C 停止。\n"
            f"提交批量审查：prefect deployment run review-batch/dossier -p folder=共享收件文件夹 -p out_dir=共享报告文件夹",
            markup=False,
        )
        serve(pool, limit, name)
    console.print("审查服务已停止", markup=False)
    return 0


def run_demo(out: Path, count: int, console: Console, serve: bool = False) -> int:
    from factory import ROUND_RECEIVED, generate_corpus
    from kernel.settings import get_settings

    # The demo dossiers are of the 2023 round: judge validity on the day that round closed.
    os.environ.setdefault("DOSSIER_REVIEW_DATE", ROUND_RECEIVED.isoformat())
    # Its cases go to a case file of its own (never the office's), shown on that day's clocks.
    os.environ["DOSSIER_CASE_DIR"] = str((out / "cases").resolve())
    os.environ.setdefault("DOSSIER_WEB_TODAY", ROUND_RECEIVED.isoformat())
    get_settings.cache_clear()
    run_config.cache_clear()
    inbox, reports = out / "inbox", out / "reports"
    generate_corpus(
        inbox, count=count, seed=DEMO_SEED, carrier_type=None, defects=[], pages=DEMO_PAGES, bad_files=False,
        console=console,
    )
    code = run_batch(inbox, reports, console)
    print((reports / "index.html").resolve(), flush=True)
    from flows.web import demo_workbench

    return demo_workbench(console, serve) or code


@contextmanager
def _progress_bar(console: Console, files: list[Path]) -> Iterator[Progress]:
    """One bar over all files, advanced by the stages' own progress within each file (a
    batch reviews two files at once: the bar is the sum of their progress)."""
    done = {f.name: 0.0 for f in files}
    bar = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )
    task_id = bar.add_task(_STARTING, total=len(files))

    def update(filename: str, stage: str, fraction: float) -> None:
        done[filename] = max(done.get(filename, 0.0), min(max(fraction, 0.0), 1.0))
        bar.update(task_id, completed=sum(done.values()), description=f"{filename}：{stage}")

    with bar, progress.listening(update):
        yield bar
