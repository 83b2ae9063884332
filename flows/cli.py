"""The `dossier` command line (Chinese help and messages).

Subcommands follow ../shared/spec/report-contract.md: `check`, `batch`, `watch`, plus
`serve` (this machine runs reviews submitted to a Prefect server), `synth` (the dossier
factory) and `demo`.
Heavy modules are imported inside each command so that `dossier --help` answers at once.
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from flows.cli_zh import localise_typer

localise_typer()

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode="rich",
    help="dossier：深圳市终身职业技能培训载体认定申报材料预审工具。检查PDF申报材料的完整性与法定形式，生成审查报告和补正材料通知书。",
)
console = Console(stderr=True)
DISTRIBUTION = "szhr-dossier"


def _show_version(value: bool) -> None:
    if not value:
        return
    from importlib.metadata import PackageNotFoundError, version

    try:
        typer.echo(f"dossier（{DISTRIBUTION}）{version(DISTRIBUTION)}")
    except PackageNotFoundError:
        console.print(f"未安装发行包 {DISTRIBUTION}，无法确定版本（请用 pip install 安装）")
        raise typer.Exit(1) from None
    raise typer.Exit()


@app.callback()
def start(
    version: bool = typer.Option(False, "--version", callback=_show_version, is_eager=True, help="显示版本号并退出"),
) -> None:
    """Set up logging once, before any command runs (a bad DOSSIER_LOG_LEVEL stops here)."""
    from flows.logging_setup import LogLevelError, configure_logging

    try:
        configure_logging()
    except LogLevelError as exc:
        console.print(f"[red]{exc}[/red]", soft_wrap=True)
        raise typer.Exit(2) from None


@app.command("check", help="审查一个或多个PDF申报文件，每个文件生成一个报告文件夹。")
def check(
    files: list[Path] = typer.Argument(..., help="PDF文件", metavar="FILE.pdf..."),
    out: Path = typer.Option(..., "--out", help="报告输出目录"),
) -> None:
    from flows.commands import run_check

    raise typer.Exit(run_check(files, out, console))


@app.command("batch", help="审查文件夹中的全部PDF，并生成登记表 register.xlsx 和索引 index.html。")
def batch(
    inbox: Path = typer.Argument(..., help="待审查文件夹", metavar="INBOX_DIR"),
    out: Path = typer.Option(..., "--out", help="报告输出目录"),
) -> None:
    from flows.commands import run_batch

    raise typer.Exit(run_batch(inbox, out, console))


@app.command(
    "watch",
    help="监视收件文件夹：文件放入并稳定后自动审查，审查结束后归档原件。"
    "设置了 PREFECT_API_URL 且服务器上已有审查部署（dossier serve）时，文件提交给工作节点审查。",
)
def watch(
    inbox: Path = typer.Argument(..., help="收件文件夹", metavar="INBOX_DIR"),
    out: Path = typer.Option(..., "--out", help="报告输出目录"),
    polling: bool = typer.Option(False, "--polling", help="轮询模式（适用于网络共享盘）"),
    stable_seconds: float | None = typer.Option(
        None, "--stable-seconds", min=0, help="文件大小和修改时间保持不变多少秒后才处理（默认5秒）"
    ),
    once: bool = typer.Option(False, "--once", help="处理完收件文件夹中现有的文件后退出"),
) -> None:
    from flows.commands import run_watch

    raise typer.Exit(run_watch(inbox, out, console, polling=polling, stable_seconds=stable_seconds, once=once))


@app.command(
    "serve",
    help="在本机运行审查服务（工作节点）：向 Prefect 服务器（PREFECT_API_URL，未设置时为本机服务）注册审查部署，"
    "并领取、执行提交给它的审查，直到按 Ctrl+C 停止。每增加一台运行本命令的机器，就增加相应的处理能力。",
)
def serve(
    pool: str = typer.Option("dossier", "--pool", help="工作池名称（不存在则创建）"),
    limit: int | None = typer.Option(
        None, "--limit", min=1, help="本机同时进行的审查数量上限（默认 DOSSIER_SERVE_LIMIT，未设置时为 CPU核数÷每个审查的OCR进程数）"
    ),
    name: str | None = typer.Option(None, "--name", help="工作节点名称（默认：主机名-进程号）"),
) -> None:
    from flows.commands import run_serve

    raise typer.Exit(run_serve(pool, limit, name, console))


@app.command("synth", help="生成模拟扫描的申报材料PDF（测试、演示和基准测试用），并写出 truth.json。")
def synth(
    out: Path = typer.Option(..., "--out", help="输出目录"),
    count: int = typer.Option(6, "--count", min=1, help="生成的申报文件数量"),
    seed: int = typer.Option(1, "--seed", help="随机种子（相同种子生成相同文件）"),
    carrier_type: str | None = typer.Option(
        None, "--type", help="载体类型：training_base / master_studio / rural_station（默认轮流）"
    ),
    defects: str | None = typer.Option(
        None, "--defects", help="注入的缺陷，逗号分隔，如 item.missing,toc.page_mismatch；all 表示每种缺陷各一份"
    ),
    pages: int | None = typer.Option(None, "--pages", min=12, max=300, help="每份文件的大致页数（12–300）"),
    bad_files: bool = typer.Option(False, "--bad-files", help="另外生成损坏、加密、非PDF和空文件"),
    profile: str = typer.Option(
        "default", "--profile", help="生成方案：default（默认版式）/ wild（模拟申报单位自行制作的各种版式）"
    ),
) -> None:
    from factory.corpus import PROFILES, generate_corpus

    if profile not in PROFILES:
        raise typer.BadParameter(f"可选：{' / '.join(PROFILES)}", param_hint="--profile")
    truth = generate_corpus(
        out,
        count=count,
        seed=seed,
        carrier_type=carrier_type,
        defects=[d for d in (defects or "").split(",") if d],
        pages=pages,
        bad_files=bad_files,
        console=console,
        profile=profile,
    )
    import json

    files = json.loads(truth.read_text(encoding="utf-8"))["files"]
    console.print(f"已生成 {len(files)} 个文件：{out}（真值：{truth}）")


@app.command("demo", help="生成演示用申报材料并批量审查，登记到演示案卷，最后打印索引页路径和审核工作台地址。")
def demo(
    out: Path = typer.Option(Path("demo-out"), "--out", help="演示输出目录"),
    count: int = typer.Option(6, "--count", min=1, help="演示文件数量"),
    serve: bool = typer.Option(False, "--serve", help="最后启动审核工作台（按 Ctrl+C 停止）"),
) -> None:
    from flows.commands import run_demo

    raise typer.Exit(run_demo(out, count, console, serve))


from flows.case_cli import app as case_app  # noqa: E402  (typer and rich only: --help stays quick)

app.add_typer(case_app, name="case")
from flows.web import app as web_app  # noqa: E402

app.add_typer(web_app, name="web")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
