"""The watched folder: stability, temporary files, duplicates, versions, bad files, moves."""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from rich.console import Console

from flows.stability import FileStabilityTracker
from flows.watcher import is_temporary


class _Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_stability_needs_unchanged_size_and_mtime(tmp_path):
    clock = _Clock()
    tracker = FileStabilityTracker(stable_seconds=5, clock=clock)
    f = tmp_path / "x.pdf"
    f.write_bytes(b"%PDF-1.7 part")
    tracker.update([f])
    clock.now += 4
    tracker.update([f])
    assert tracker.stable() == []
    with f.open("ab") as fh:  # still being written: the clock starts again
        fh.write(b" more")
    clock.now += 2
    tracker.update([f])
    clock.now += 4
    tracker.update([f])
    assert tracker.stable() == []
    clock.now += 1.5
    tracker.update([f])
    assert tracker.stable() == [f]
    f.unlink()
    tracker.update([])
    assert tracker.stable() == []


def test_a_file_that_does_not_open_is_not_stable(tmp_path):
    clock = _Clock()
    tracker = FileStabilityTracker(stable_seconds=1, clock=clock)
    f = tmp_path / "locked.pdf"
    f.write_bytes(b"x")
    tracker.update([f])
    clock.now += 2
    f.chmod(0)
    try:
        if os.access(f, os.R_OK):
            pytest.skip("running as a user who reads every file")
        assert tracker.stable() == []
    finally:
        f.chmod(0o644)
    assert tracker.stable() == [f]


@pytest.mark.parametrize(
    "name",
    [".~lock.申请.pdf#", "~$申请表.docx", "x.pdf.part", "x.pdf.crdownload", "x.tmp", ".hidden.pdf", "x.PDF.PART"],
)
def test_temporary_names_are_ignored(name):
    assert is_temporary(name)


@pytest.mark.parametrize("name", ["深圳市某某有限公司.pdf", "a~b.pdf", "report.PDF"])
def test_ordinary_names_are_taken(name):
    assert not is_temporary(name)


# --- end to end, in-process, one temporary Prefect server -------------------------------


@pytest.fixture(autouse=True)
def _state_db(tmp_path, monkeypatch):
    monkeypatch.setenv("DOSSIER_WATCH_STATE_DB", str(tmp_path / "state" / "watch-state.sqlite3"))


def _watch_once(tmp_path: Path, stable_seconds: float = 0.3) -> None:
    from flows.commands import run_watch

    console = Console(file=open(tmp_path / "console.txt", "a", encoding="utf-8"), width=200)
    assert run_watch(tmp_path / "inbox", tmp_path / "out", console, stable_seconds=stable_seconds, once=True) == 0


def _rows(tmp_path: Path) -> list[dict]:
    db = sqlite3.connect(tmp_path / "state" / "watch-state.sqlite3")
    db.row_factory = sqlite3.Row
    return [dict(r) for r in db.execute("SELECT * FROM files ORDER BY id")]


@pytest.mark.usefixtures("prefect_harness")
def test_watch_handles_duplicates_versions_garbage_and_temp_files(tmp_path, make_pdf):
    inbox = tmp_path / "inbox"
    first = make_pdf(inbox / "深圳市甲公司.pdf", pages=1, text="v1")
    (inbox / "garbage.pdf").write_bytes(b"\xff\xd8\xff\xe0 a photo")
    (inbox / "申请表.docx").write_bytes(b"PK\x03\x04")
    (inbox / "~$申请表.docx").write_bytes(b"lock")
    (inbox / "big.pdf.part").write_bytes(b"%PDF")
    original_bytes = first.read_bytes()

    _watch_once(tmp_path)

    archive, failed, out = tmp_path / "archive", tmp_path / "failed", tmp_path / "out"
    assert sorted(p.name for p in inbox.iterdir()) == ["big.pdf.part", "~$申请表.docx"]
    assert sorted(p.name for p in archive.iterdir()) == ["深圳市甲公司.pdf"]
    assert (archive / "深圳市甲公司.pdf").read_bytes() == original_bytes
    assert sorted(p.name for p in failed.iterdir()) == [
        "garbage.pdf",
        "garbage.pdf.reason.txt",
        "申请表.docx",
        "申请表.docx.reason.txt",
    ]
    assert "JPEG" in (failed / "garbage.pdf.reason.txt").read_text(encoding="utf-8")
    reports = sorted(p.name for p in out.iterdir() if p.is_dir())
    assert reports == ["garbage", "深圳市甲公司"]
    assert (out / "index.html").is_file() and (out / "register.xlsx").is_file()
    assert "[受理] 深圳市甲公司.pdf → " in (tmp_path / "console.txt").read_text(encoding="utf-8")

    # A changed resubmission under the same name: a new version, nothing overwritten;
    # and the first bytes once more under another name: a duplicate, not reviewed again.
    make_pdf(inbox / "深圳市甲公司.pdf", pages=2, text="v2")
    (inbox / "copy-of-甲.pdf").write_bytes(original_bytes)
    _watch_once(tmp_path)

    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == ["garbage", "深圳市甲公司", "深圳市甲公司__v2"]
    v2 = json.loads((out / "深圳市甲公司__v2" / "report.json").read_text(encoding="utf-8"))
    assert v2["source"]["pages"] == 2
    assert json.loads((out / "深圳市甲公司" / "report.json").read_text(encoding="utf-8"))["source"]["pages"] == 1
    assert sorted(p.name for p in archive.iterdir()) == ["copy-of-甲.pdf", "深圳市甲公司.pdf", "深圳市甲公司__2.pdf"]
    assert (archive / "深圳市甲公司.pdf").read_bytes() == original_bytes
    assert "[重复] copy-of-甲.pdf → " in (tmp_path / "console.txt").read_text(encoding="utf-8")
    events = [json.loads(line)["event"] for line in (out / "watch-log.jsonl").read_text(encoding="utf-8").splitlines()]
    assert events.count("duplicate") == 1 and events.count("start") == 2
    assert [r["state"] for r in _rows(tmp_path)].count("done") == 4  # 甲, garbage, 甲 v2, the copy


@pytest.mark.usefixtures("prefect_harness")
def test_watch_waits_for_a_file_still_being_written(tmp_path, make_pdf):
    whole = make_pdf(tmp_path / "whole.pdf", pages=3).read_bytes()
    target = tmp_path / "inbox" / "slow.pdf"
    target.parent.mkdir()

    def write_slowly():
        with target.open("wb") as fh:
            for i in range(0, len(whole), len(whole) // 6 + 1):
                fh.write(whole[i : i + len(whole) // 6 + 1])
                fh.flush()
                time.sleep(0.4)

    writer = threading.Thread(target=write_slowly)
    writer.start()
    time.sleep(0.1)
    _watch_once(tmp_path, stable_seconds=1.5)
    writer.join()

    report = json.loads((tmp_path / "out" / "slow" / "report.json").read_text(encoding="utf-8"))
    assert report["verdict"] != "unreadable"
    assert report["source"]["bytes"] == len(whole)
    assert (tmp_path / "archive" / "slow.pdf").read_bytes() == whole


@pytest.mark.usefixtures("prefect_harness")
@pytest.mark.parametrize("polling", [False, True])
def test_service_takes_files_dropped_while_it_runs(tmp_path, make_pdf, polling):
    from flows.watcher import Watcher, WatchPaths

    out = tmp_path / "out"
    paths = WatchPaths(
        inbox=tmp_path / "inbox", out=out, archive=tmp_path / "archive", failed=tmp_path / "failed",
        state_db=out / "state.sqlite3", log_file=out / "log.jsonl",
    )
    watcher = Watcher(paths, Console(file=open(os.devnull, "w")), stable_seconds=0.5, polling=polling)
    service = threading.Thread(target=watcher.run)
    service.start()
    try:
        time.sleep(1)
        make_pdf(tmp_path / "staging" / "x.pdf", pages=1)
        os.replace(tmp_path / "staging" / "x.pdf", paths.inbox / "x.pdf")
        deadline = time.monotonic() + 120
        while not (paths.archive / "x.pdf").exists():
            assert time.monotonic() < deadline and service.is_alive()
            time.sleep(0.2)
    finally:
        watcher.stop_event.set()
        service.join(30)
    assert not service.is_alive()
    assert (out / "x" / "report.json").is_file()


def test_restart_after_the_move_closes_the_record_without_reviewing_again(tmp_path, make_pdf):
    """Killed between moving the original and closing its row: the move is not redone."""
    from flows.watch_state import WatchState

    out = tmp_path / "out"
    archived = make_pdf(tmp_path / "archive" / "x.pdf", pages=1)
    lost = tmp_path / "inbox" / "gone.pdf"  # neither in the inbox nor moved: lost by hand
    state = WatchState(tmp_path / "state" / "watch-state.sqlite3")
    moved = state.start("a" * 64, "x.pdf", tmp_path / "inbox" / "x.pdf", report_dir="x")
    state.plan_move(moved.id, archived, "done", "accept", None)
    state.start("b" * 64, "gone.pdf", lost, report_dir="gone")
    state.close()

    _watch_once(tmp_path)  # nothing in the inbox: no review, no Prefect

    rows = {r["filename"]: r for r in _rows(tmp_path)}
    assert rows["x.pdf"]["state"] == "done" and rows["x.pdf"]["verdict"] == "accept"
    assert rows["gone.pdf"]["state"] == "failed" and "不在收件箱" in rows["gone.pdf"]["reason"]
    assert not (out / "x").exists()
