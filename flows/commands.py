"""What `dossier check | batch | watch | demo` do, behind the typer declarations in cli.py.

Exit codes follow the contract: 0 when every file got a report, whatever the verdicts;
1 when the tool failed on at least one file (or on the batch outputs); 2 for a command
line that names files or folders that are not there, or a bad setting, checklist or
district file — found before any file is read or moved.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import flows.prefect_env  # noqa: F401  (before prefect)
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from flows import progress
from flows.review_flow import batch_inputs, review_batch, review_dossier
from flows.status import failure_reason, status_line, verdict_summary
from orchestrator.config import ConfigError, RunConfig, run_config
from outputs.report_names import batch_dir_names

DEMO_SEED = 20261128
DEMO_PAGES = 20  # short dossiers: the demo runs in a few minutes on two cores
_STARTING = "正在启动Prefect（首次约10–20秒）…"


def checked_config(console: Console) -> RunConfig | None:
    """The run's configuration, or None after saying (in Chinese) what is wrong with it."""
    try:
        return run_config()
    except ConfigError as exc:
        console.print(f"配置有误，未处理任何文件：{exc}", markup=False)
        return None


def run_check(files: list[Path], out: Path, console: Console) -> int:
    if checked_config(console) is None:
        return 2
    missing = [f for f in files if not f.is_file()]
    for f in missing:
        console.print(f"文件不存在或不是文件：{f}", markup=False)
    if missing:
        return 2
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
    if checked_config(console) is None:
        return 2
    if not inbox.is_dir():
        console.print(f"文件夹不存在：{inbox}", markup=False)
        return 2
    files = batch_inputs(inbox)
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
    from flows.watcher import Watcher, WatchPaths

    config = checked_config(console)
    if config is None:
        return 2
    settings = config.settings
    inbox = inbox.resolve()
    out = out.resolve()
    paths = WatchPaths(
        inbox=inbox,
        out=out,
        archive=(settings.watch_archive_dir or inbox.parent / "archive").resolve(),
        failed=(settings.watch_failed_dir or inbox.parent / "failed").resolve(),
        state_db=settings.watch_state_db or out / "watch-state.sqlite3",
        log_file=settings.watch_log_file or out / "watch-log.jsonl",
    )
    if inbox in (paths.archive, paths.failed):
        console.print("归档或失败文件夹不能与收件文件夹相同", markup=False)
        return 2
    stable = settings.watch_stable_seconds if stable_seconds is None else stable_seconds
    watcher = Watcher(paths, console, stable_seconds=stable, polling=polling)
    watcher.install_signal_handlers()
    console.print(
        f"正在监视 {inbox}（{'轮询' if polling else '事件'}模式，文件稳定 {stable:g} 秒后处理）\n"
        f"报告：{out}　归档：{paths.archive}　失败：{paths.failed}　日志：{paths.log_file}",
        markup=False,
    )
    try:
        watcher.run(once=once)
    except KeyboardInterrupt:
        pass
    console.print("已停止监视", markup=False)
    return 0


def run_serve(pool: str, ocr_limit: int | None, console: Console) -> int:
    from flows.serve import NoServerError, register

    config = checked_config(console)
    if config is None:
        return 2
    try:
        done = register(pool, ocr_limit or config.settings.ocr_concurrency)
    except NoServerError as exc:
        console.print(str(exc), markup=False)
        return 2
    console.print(
        f"已在 {done.api_url} 注册：{'、'.join(done.deployments)}（工作池 {done.pool}，同时审查上限 {done.ocr_limit}）\n"
        f"在每台处理机器上启动工作节点：prefect worker start --pool {done.pool}\n"
        f"提交批量审查：prefect deployment run review-batch/dossier -p folder=共享收件文件夹 -p out_dir=共享报告文件夹",
        markup=False,
    )
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
    """One bar over all files, advanced by the stages' own progress within each file."""
    order = {f.name: i for i, f in enumerate(files)}
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
        index = order.get(filename, 0)
        bar.update(task_id, completed=index + min(max(fraction, 0.0), 1.0), description=f"{filename}：{stage}")

    with bar, progress.listening(update):
        yield bar
