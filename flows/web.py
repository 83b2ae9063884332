"""`dossier web`: serve the reviewer's workbench; `dossier web user`: a local login.

The server listens on 127.0.0.1 unless `--host` (or DOSSIER_WEB_HOST) opens it to the
office network. Officers log in with the passwords set here (or through the office's
reverse proxy, DOSSIER_WEB_AUTH=proxy); their roles are the case file's.
"""

from __future__ import annotations

import sys

import typer
from rich.console import Console

app = typer.Typer(help="审核工作台：在浏览器中审核案卷、出具文书。")
console = Console(stderr=True)


def workbench_url(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    return f"http://{shown}:{port}/"


@app.callback(invoke_without_command=True)
def serve(
    ctx: typer.Context,
    host: str | None = typer.Option(None, "--host", help="监听地址（默认 127.0.0.1，仅本机可访问；0.0.0.0 向局域网开放）"),
    port: int | None = typer.Option(None, "--port", min=1, max=65535, help="端口（默认 8000）"),
) -> None:
    if ctx.invoked_subcommand is not None:
        return
    import uvicorn

    from casefile.store import StoreError
    from workbench.app import create_workbench, freeze_start_up_heap
    from workbench.settings import get_web_settings

    settings = get_web_settings()
    host, port = host or settings.host, port or settings.port
    try:
        app_ = create_workbench(settings=settings)
    except StoreError as exc:
        console.print(str(exc), markup=False)
        raise typer.Exit(2) from None
    if host not in ("127.0.0.1", "localhost", "::1"):
        console.print(f"注意：工作台监听 {host}，局域网内的计算机均可访问登录页面。", markup=False)
    print(f"审核工作台：{workbench_url(host, port)}（按 Ctrl+C 停止）", flush=True)
    freeze_start_up_heap()
    uvicorn.run(app_, host=host, port=port, log_level="warning")


@app.command("user", help="设置本机登录账号：登记为工作人员（如尚未登记）并设置密码。")
def user(
    name: str = typer.Argument(..., help="姓名"),
    role: list[str] = typer.Option(["reviewer"], "--role", help="角色：reviewer（审核人员）/ approver（审批人员），可重复"),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="从标准输入读取密码（供脚本使用）"),
    actor: str | None = typer.Option(None, "--by", help="登记人（已登记的工作人员；第一位可不填）"),
) -> None:
    from casefile.service import CaseError, CaseService
    from workbench.passwords import PasswordBook, PasswordError
    from workbench.settings import get_web_settings

    service = CaseService.open()
    if name not in {o["name"] for o in service.officers()}:
        try:
            service.add_officer(name, role, actor or name)
        except CaseError as exc:
            console.print(exc.message, markup=False)
            raise typer.Exit(1) from None
    password = sys.stdin.readline().rstrip("\n") if password_stdin else typer.prompt("密码", hide_input=True,
                                                                                   confirmation_prompt="再次输入密码")
    try:
        PasswordBook(get_web_settings().resolved_users_file()).set(name, password)
    except PasswordError as exc:
        console.print(str(exc), markup=False)
        raise typer.Exit(1) from None
    console.print(f"已为“{name}”设置登录密码", markup=False)


DEMO_OFFICER, DEMO_PASSWORD = "演示审核员", "demo-2023"


def demo_workbench(console: Console, serve: bool) -> int:
    """After `dossier demo` filed its reports: a demo login (reviewer and approver), the
    workbench's URL as the last line, and — with `--serve` — the workbench itself."""
    from casefile.service import CaseService
    from kernel.settings import get_settings
    from workbench.passwords import PasswordBook
    from workbench.settings import get_web_settings

    service = CaseService.open()
    if DEMO_OFFICER not in {o["name"] for o in service.officers()}:
        service.add_officer(DEMO_OFFICER, ["reviewer", "approver"], DEMO_OFFICER)
    settings = get_web_settings()
    PasswordBook(settings.resolved_users_file()).set(DEMO_OFFICER, DEMO_PASSWORD)
    cases = len(service.list_cases())
    url = workbench_url(settings.host, settings.port)
    console.print(
        f"演示案卷 {cases} 件已登记（{get_settings().case_dir}）。登录：{DEMO_OFFICER} / {DEMO_PASSWORD}"
        + ("" if serve else f"\n启动审核工作台：DOSSIER_CASE_DIR={get_settings().case_dir} "
                            f"DOSSIER_WEB_TODAY={settings.day().isoformat()} dossier web"),
        markup=False, soft_wrap=True,
    )
    if not serve:
        print(f"审核工作台：{url}", flush=True)
        return 0
    import uvicorn

    from workbench.app import create_workbench, freeze_start_up_heap

    app_ = create_workbench(service, settings)
    print(f"审核工作台：{url}（按 Ctrl+C 停止）", flush=True)
    freeze_start_up_heap()
    uvicorn.run(app_, host=settings.host, port=settings.port, log_level="warning")
    return 0
