"""`dossier case …`: the case file from the command line, over the same service as the API.

Each command is one `CaseService` call; `--json` prints what the API would answer, for
scripts. The acting officer is `--user` (or DOSSIER_USER). A refusal prints the service's
Chinese message and exits 1; a store that cannot be opened exits 2.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import typer
from rich.console import Console

app = typer.Typer(no_args_is_help=True, help="案卷：审核决定、文书、法定期限、补正材料和年度上报。")
console = Console(stderr=True)


def _service():
    from casefile.service import CaseService
    from casefile.store import StoreError

    try:
        return CaseService.open()
    except StoreError as exc:
        console.print(str(exc), markup=False)
        raise typer.Exit(2) from None


def _run(call, as_json: bool = True):
    """Run `call(service)`, print its answer as JSON (or return it), refusals in Chinese."""
    from casefile.service import CaseError

    try:
        result = call(_service())
    except CaseError as exc:
        console.print(exc.message, markup=False)
        raise typer.Exit(1) from None
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=1, default=str))
    return result


@app.callback()
def case(ctx: typer.Context, user: str = typer.Option("", "--user", envvar="DOSSIER_USER", help="操作人员（已登记的工作人员）")) -> None:
    ctx.obj = user


def _user(ctx: typer.Context) -> str:
    if not ctx.obj:
        console.print("请用 --user 或环境变量 DOSSIER_USER 注明操作人员", markup=False)
        raise typer.Exit(1)
    return ctx.obj


def _day(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"日期格式应为 YYYY-MM-DD，收到“{text}”") from None


@app.command("list", help="列出案卷（申报单位、类型、材料版本数、机器结论、处理结果、期限提醒）。")
def list_cases(
    as_json: bool = typer.Option(False, "--json", help="以JSON输出"),
    status: str | None = typer.Option(None, "--status", help="open / deemed_withdrawn / withdrawn"),
    carrier_type: str | None = typer.Option(None, "--type", help="载体类型"),
    warnings: bool = typer.Option(False, "--warnings", help="只列出有期限提醒的案卷"),
    today: str | None = typer.Option(None, "--today", help="按此日期计算期限（默认今天）"),
) -> None:
    rows = _run(lambda s: s.list_cases(status=status, carrier_type=carrier_type, warnings_only=warnings, today=_day(today)),
                as_json=as_json)
    if not as_json:
        for r in rows:
            typer.echo(f"#{r['id']}\t{r['unit_name']}\t{r['carrier_type'] or '类型未定'}\tv{r['submissions']}\t"
                       f"机器：{r['machine_verdict']}\t结果：{r['outcome'] or '未定'}\t{'；'.join(r['warnings'])}")


@app.command("show", help="显示一个案卷：材料版本、问题及审核决定、补正前后对比、文书、期限和操作记录。")
def show(case_id: int, as_json: bool = typer.Option(True, "--json/--no-json"), today: str | None = typer.Option(None, "--today")) -> None:
    _run(lambda s: s.case_detail(case_id, today=_day(today)), as_json=as_json)


@app.command("file", help="把已有的报告文件夹登记到案卷（check/batch/watch 会自动登记）。")
def file_folders(folders: list[Path] = typer.Argument(..., help="报告文件夹（含 report.json）")) -> None:
    _run(lambda s: [s.file_report_folder(f).__dict__ for f in folders])


@app.command("officer-add", help="登记工作人员及其角色（reviewer 审核人员、approver 审批人员）。")
def officer_add(ctx: typer.Context, name: str, role: list[str] = typer.Option(..., "--role")) -> None:
    _run(lambda s: s.add_officer(name, role, ctx.obj or name))


@app.command("confirm", help="确认一条机器发现（将写入文书）。")
def confirm(ctx: typer.Context, finding_id: int) -> None:
    _run(lambda s: s.confirm_finding(finding_id, _user(ctx)))


@app.command("dismiss", help="驳回一条机器发现（须写明理由）。")
def dismiss(ctx: typer.Context, finding_id: int, reason: str = typer.Option(..., "--reason", help="驳回理由")) -> None:
    _run(lambda s: s.dismiss_finding(finding_id, reason, _user(ctx)))


@app.command("edit", help="修改一条问题的表述（修改后视为确认）。")
def edit(
    ctx: typer.Context, finding_id: int, material: str | None = typer.Option(None, "--material"),
    problem: str | None = typer.Option(None, "--problem"), standard: str | None = typer.Option(None, "--standard"),
) -> None:
    _run(lambda s: s.edit_finding(finding_id, _user(ctx), material=material, problem=problem, standard=standard))


@app.command("add", help="添加机器未发现的问题（材料、问题、纸质材料上的页码）。")
def add(
    ctx: typer.Context, submission_id: int, material: str = typer.Option(..., "--material"),
    problem: str = typer.Option(..., "--problem"), page: list[int] = typer.Option([], "--page", help="纸质材料页码，可多次"),
    standard: str | None = typer.Option(None, "--standard"), item: str | None = typer.Option(None, "--item"),
    absent: bool = typer.Option(False, "--absent", help="材料缺失（列入“材料不齐全”）"),
) -> None:
    _run(lambda s: s.add_finding(submission_id, _user(ctx), material, problem, page, standard, item, absent))


@app.command("carry", help="把上一份补正通知书中的某几项（项号）列入本次材料的问题，如“仍存在”或“待核对”的项。")
def carry(ctx: typer.Context, submission_id: int, numbers: list[int] = typer.Argument(..., help="通知书中的项号")) -> None:
    _run(lambda s: s.carry_forward(submission_id, numbers, _user(ctx)))


@app.command("received", help="确认收到材料的日期。")
def received(ctx: typer.Context, submission_id: int, day: str) -> None:
    _run(lambda s: s.confirm_received(submission_id, _day(day), _user(ctx)))


@app.command("outcome", help="确定处理结果：accept 受理 / correction 补正 / not_accepted 不予受理 / ineligible 不符合申报条件。")
def outcome(ctx: typer.Context, submission_id: int, result: str, note: str = typer.Option("", "--note")) -> None:
    _run(lambda s: s.set_outcome(submission_id, result, note, _user(ctx)))


@app.command("draft", help="按审核决定生成文书草稿（内容即冻结）。")
def draft(ctx: typer.Context, submission_id: int) -> None:
    _run(lambda s: s.draft_document(submission_id, _user(ctx)))


@app.command("issue", help="签发文书草稿：编文号并生成 Word 文件和打印页。")
def issue(ctx: typer.Context, document_id: int, issued_on: str | None = typer.Option(None, "--date")) -> None:
    _run(lambda s: s.issue_document(document_id, _user(ctx), _day(issued_on)))


@app.command("served", help="登记送达日期和方式。")
def served(ctx: typer.Context, document_id: int, day: str, method: str = typer.Option("直接送达", "--method")) -> None:
    _run(lambda s: s.record_service(document_id, _day(day), method, _user(ctx)))


@app.command("void", help="作废已出具的文书（文号保留，不再使用）。")
def void(ctx: typer.Context, document_id: int, reason: str = typer.Option(..., "--reason")) -> None:
    _run(lambda s: s.void_document(document_id, reason, _user(ctx)))


@app.command("diff", help="补正材料与补正通知书的对比：每项已补正 / 仍存在 / 待核对，以及新问题。")
def diff(submission_id: int) -> None:
    _run(lambda s: s.diff(submission_id))


@app.command("clocks", help="有期限提醒的案卷。")
def clocks(today: str | None = typer.Option(None, "--today")) -> None:
    _run(lambda s: s.clocks(today=_day(today)))


@app.command("withdrawn", help="补正期限已过、视为撤回的案卷。")
def withdrawn(today: str | None = typer.Option(None, "--today")) -> None:
    _run(lambda s: s.withdrawn(today=_day(today)))


@app.command("audit", help="导出操作记录（CSV 或 JSON）。")
def audit_export(
    out: Path = typer.Option(..., "--out", help="输出文件"), fmt: str = typer.Option("csv", "--format", help="csv / json"),
    case_id: int | None = typer.Option(None, "--case"),
) -> None:
    from casefile import audit

    rows = _run(lambda s: s.audit_log(case_id), as_json=False)
    text = audit.export_csv(rows) if fmt == "csv" else audit.export_json(rows)
    out.write_text(text, encoding="utf-8")
    console.print(f"已导出 {len(rows)} 条操作记录：{out}", markup=False)


@app.command("round", help="本年度候选名单、名额、公示、异议和上报情况。")
def round_status() -> None:
    _run(lambda s: s.round_status())


@app.command("publicity", help="公示候选名单（自开始日起5个工作日）。")
def publicity(ctx: typer.Context, start: str, issued_on: str | None = typer.Option(None, "--date")) -> None:
    _run(lambda s: s.open_publicity(_day(start), _user(ctx), _day(issued_on)))


@app.command("objection", help="登记公示期间的异议。")
def objection(ctx: typer.Context, case_id: int, day: str, text: str = typer.Option(..., "--text")) -> None:
    _run(lambda s: s.record_objection(case_id, _day(day), text, _user(ctx)))


@app.command("resolve", help="处理异议：--upheld 异议成立，否则不成立。")
def resolve(ctx: typer.Context, objection_id: int, upheld: bool = typer.Option(False, "--upheld"),
            note: str = typer.Option("", "--note")) -> None:
    _run(lambda s: s.resolve_objection(objection_id, upheld, note, _user(ctx)))


@app.command("report", help="生成上报市局的书面报告（函）和汇总表。")
def report(ctx: typer.Context, issued_on: str | None = typer.Option(None, "--date")) -> None:
    _run(lambda s: s.write_city_report(_user(ctx), _day(issued_on)))
