"""The Prefect flows and the `check`/`batch` commands, under one temporary Prefect server."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from rich.console import Console

from kernel.models import Finding

pytestmark = pytest.mark.usefixtures("prefect_harness")


def _report(folder: Path) -> dict:
    return json.loads((folder / "report.json").read_text(encoding="utf-8"))


def _quiet() -> Console:
    return Console(file=open(os.devnull, "w"), width=120)


def test_review_dossier_writes_the_report_and_leaves_the_original(tmp_path, make_pdf):
    from flows.review_flow import review_dossier

    pdf = make_pdf(tmp_path / "in" / "深圳市某某科技有限公司.pdf", pages=1)
    before = (pdf.read_bytes(), pdf.stat().st_mtime_ns)

    outcome = review_dossier(pdf, tmp_path / "out")

    assert Path(outcome.report_dir) == tmp_path / "out" / "深圳市某某科技有限公司"
    report = _report(Path(outcome.report_dir))
    assert report["source"]["filename"] == "深圳市某某科技有限公司.pdf"
    assert report["source"]["pages"] == 1
    assert report["verdict"] == outcome.report.verdict
    assert (pdf.read_bytes(), pdf.stat().st_mtime_ns) == before


def test_batch_reviews_every_pdf_with_safe_unique_folders_fake_split_check(tmp_path, make_pdf, monkeypatch):
    import flows.review_flow as review_flow
    import orchestrator.batch

    inbox = tmp_path / "inbox"
    make_pdf(inbox / "a.pdf", pages=1)
    make_pdf(inbox / "A.PDF", pages=1)  # same folder name by case: must not share it
    long_name = "深" * 80 + ".pdf"  # 243 bytes: legal here, too long once suffixed
    make_pdf(inbox / long_name, pages=1)
    (inbox / "garbage.pdf").write_bytes(b"\x00garbage")
    (inbox / "readme.txt").write_text("not a dossier")
    # The batch check across files: pretend a.pdf and A.PDF are the same applicant.
    split = Finding(code="file.split", severity="error", message="同一单位提交了多个文件")
    monkeypatch.setattr(orchestrator.batch, "find_split_files", lambda entries: {"a.pdf": [split]})
    written, real_write = [], review_flow.write_report_folder

    def counted_write(report, pdf_path, out_dir, **options):
        written.append(out_dir)
        return real_write(report, pdf_path, out_dir, **options)

    monkeypatch.setattr(review_flow, "write_report_folder", counted_write)

    outcome = review_flow.review_batch(inbox, tmp_path / "out")

    out = tmp_path / "out"
    folders = sorted(p.name for p in out.iterdir() if p.is_dir())
    assert len(folders) == 4  # readme.txt is not a PDF
    assert {"A", "a__2", "garbage"} <= set(folders)  # names sorted: A.PDF first
    long_folder = next(f for f in folders if f.startswith("深"))
    assert len(long_folder.encode()) <= 180 and long_folder != "深" * 80
    assert _report(out / "garbage")["verdict"] == "unreadable"
    a = _report(out / "a__2")
    assert [f["code"] for f in a["findings"] if f["code"] == "file.split"] == ["file.split"]
    assert a["verdict"] == "correction"
    assert (out / "register.xlsx").is_file() and (out / "index.html").is_file()
    assert outcome.files == 4 and len(outcome.reports) == 4 and outcome.failed == {}
    # Each folder is written once, after the check across files settled its findings.
    assert sorted(written) == sorted(out / f for f in folders)


def test_a_batch_reviews_two_files_at_once_each_a_subflow_of_the_batch(tmp_path, make_pdf, monkeypatch):
    """Two files share the page workers at once (one fills the other's idle moments), and each
    is still a `review-dossier` run under the batch's run in the Prefect UI."""
    import threading

    import flows.review_flow as review_flow
    from prefect.context import FlowRunContext

    inbox = tmp_path / "inbox"
    for name in ("a.pdf", "b.pdf", "c.pdf"):
        make_pdf(inbox / name, pages=1)
    both_under_review = threading.Barrier(2, timeout=30)
    parents, real_review = {}, review_flow.review_opened

    def meeting(ingested, config, progress=None):
        parents[ingested.source.filename] = FlowRunContext.get().flow_run.parent_task_run_id
        if ingested.source.filename != "c.pdf":
            both_under_review.wait()  # passes only while the other file is under review too
        return real_review(ingested, config, progress)

    monkeypatch.setattr(review_flow, "review_opened", meeting)
    outcome = review_flow.review_batch(inbox, tmp_path / "out")

    assert outcome.failed == {} and sorted(Path(r.pdf_path).name for r in outcome.reports) == ["a.pdf", "b.pdf", "c.pdf"]
    assert set(parents) == {"a.pdf", "b.pdf", "c.pdf"} and all(parents.values())


def test_a_file_the_server_refuses_is_tried_again_then_failed_alone_fake_server_refusal(tmp_path, make_pdf, monkeypatch):
    """The Prefect server answering 503 when a file's run is recorded (faked: the subflow
    call raises what Prefect's client raises once its own retries are spent): a file refused
    once is reviewed on the next try, one refused every time is listed as failed, and the
    batch goes on to report the others."""
    import httpx

    import flows.review_flow as review_flow

    inbox = tmp_path / "inbox"
    for name in ("a.pdf", "b.pdf", "c.pdf"):
        make_pdf(inbox / name, pages=1)
    request = httpx.Request("POST", "http://127.0.0.1:4200/api/flow_runs/")
    refusal = httpx.HTTPStatusError("Server error '503 Service Unavailable'", request=request,
                                    response=httpx.Response(503, request=request))
    tries: dict[str, int] = {}
    real_flow = review_flow.review_dossier

    def refusing_server(path, *args, **kwargs):
        name = Path(path).name
        tries[name] = tries.get(name, 0) + 1
        if name == "a.pdf" or (name == "b.pdf" and tries[name] == 1):
            raise refusal
        return real_flow(path, *args, **kwargs)

    monkeypatch.setattr(review_flow, "review_dossier", refusing_server)
    monkeypatch.setattr(review_flow, "SERVER_PAUSE_S", 0.0)
    outcome = review_flow.review_batch(inbox, tmp_path / "out")

    assert tries == {"a.pdf": review_flow.SERVER_ATTEMPTS, "b.pdf": 2, "c.pdf": 1}
    assert list(outcome.failed) == ["a.pdf"] and "503" in outcome.failed["a.pdf"]
    assert sorted(Path(r.pdf_path).name for r in outcome.reports) == ["b.pdf", "c.pdf"]
    assert (tmp_path / "out" / "b" / "report.json").is_file()


def test_write_is_retried_on_io_errors_only(tmp_path, make_pdf, monkeypatch):
    import flows.review_flow as review_flow

    real_write = review_flow.write_report_folder
    calls = []

    def flaky(report, pdf_path, out_dir, error=OSError("网络共享暂时不可用"), **options):
        calls.append(out_dir)
        if len(calls) == 1:
            raise error
        return real_write(report, pdf_path, out_dir, **options)

    pdf = make_pdf(tmp_path / "x.pdf", pages=1)
    monkeypatch.setattr(review_flow, "write_report_folder", flaky)
    review_flow.review_dossier(pdf, tmp_path / "out")
    assert len(calls) == 2 and (tmp_path / "out" / "x" / "report.json").is_file()

    calls.clear()
    monkeypatch.setattr(
        review_flow, "write_report_folder", lambda *a, **kw: flaky(*a, error=ValueError("bug")) if not calls else None
    )
    state = review_flow.review_dossier(pdf, tmp_path / "out2", return_state=True)
    assert state.is_failed() and len(calls) == 1


def test_check_exit_codes(tmp_path, make_pdf, monkeypatch):
    from flows import review_flow
    from flows.commands import run_check

    good = make_pdf(tmp_path / "good.pdf", pages=1)
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"")

    assert run_check([good, bad], tmp_path / "out", _quiet()) == 0  # a verdict is not a failure
    assert _report(tmp_path / "out" / "bad")["verdict"] == "unreadable"
    assert run_check([tmp_path / "missing.pdf"], tmp_path / "out", _quiet()) == 2

    real_review = review_flow.review_opened

    def crash_on_good(ingested, config, progress=None):
        if ingested.source.filename == "good.pdf":
            raise RuntimeError("stage crashed")
        return real_review(ingested, config, progress)

    monkeypatch.setattr(review_flow, "review_opened", crash_on_good)
    assert run_check([good, bad], tmp_path / "out3", _quiet()) == 1
    assert (tmp_path / "out3" / "bad" / "report.json").is_file()
    assert not (tmp_path / "out3" / "good").exists()


def test_batch_command_exit_codes(tmp_path, make_pdf):
    from flows.commands import run_batch

    make_pdf(tmp_path / "inbox" / "one.pdf", pages=1)
    assert run_batch(tmp_path / "inbox", tmp_path / "out", _quiet()) == 0
    assert (tmp_path / "out" / "one" / "report.json").is_file()
    assert run_batch(tmp_path / "nowhere", tmp_path / "out", _quiet()) == 2
