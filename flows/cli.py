"""The `dossier` command line (Chinese help and messages).

Subcommands follow ../shared/spec/report-contract.md: `check`, `batch`, `watch`, plus
`synth` (the dossier factory) and `demo`. Heavy modules are imported inside each command
so that `dossier --help` answers at once.
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode="rich",
    help="dossier：深圳市终身职业技能培训载体认定申报材料预审工具。检查PDF申报材料的完整性与法定形式，生成审查报告和补正材料通知书。",
)
console = Console(stderr=True)


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


@app.command("watch", help="监视收件文件夹：文件放入并稳定后自动审查，归档原件。")
def watch(
    inbox: Path = typer.Argument(..., help="收件文件夹", metavar="INBOX_DIR"),
    out: Path = typer.Option(..., "--out", help="报告输出目录"),
    polling: bool = typer.Option(False, "--polling", help="轮询模式（适用于网络共享盘）"),
    stable_seconds: float = typer.Option(5.0, "--stable-seconds", help="文件大小和修改时间保持不变多少秒后才处理"),
) -> None:
    from flows.commands import run_watch

    raise typer.Exit(run_watch(inbox, out, console, polling=polling, stable_seconds=stable_seconds))


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
) -> None:
    from pipeline.synth.corpus import generate_corpus

    truth = generate_corpus(
        out,
        count=count,
        seed=seed,
        carrier_type=carrier_type,
        defects=[d for d in (defects or "").split(",") if d],
        pages=pages,
        bad_files=bad_files,
        console=console,
    )
    console.print(f"已生成 {count} 份申报材料：{out}（真值：{truth}）")


@app.command("demo", help="生成演示用申报材料并批量审查，最后打印索引页路径。")
def demo(
    out: Path = typer.Option(Path("demo-out"), "--out", help="演示输出目录"),
    count: int = typer.Option(6, "--count", min=1, help="演示文件数量"),
) -> None:
    from flows.commands import run_demo

    raise typer.Exit(run_demo(out, count, console))


def main() -> None:
    app()


if __name__ == "__main__":
    main()
