"""`dossier watch` killed mid-batch and started again: nothing lost, nothing done twice."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("prefect_harness")]


def _done(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(db) as conn:
            return conn.execute("SELECT count(*) FROM files WHERE state = 'done'").fetchone()[0]
    except sqlite3.OperationalError:  # the watcher has created the file but not yet its table
        return 0


def _watch(tmp_path: Path, *extra: str, log: str) -> subprocess.Popen:
    from prefect.settings import PREFECT_API_URL

    # Point the child at the session's temporary server: no second server start.
    env = {**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value()}
    cmd = [sys.executable, "-m", "flows.cli", "watch", str(tmp_path / "inbox"), "--out", str(tmp_path / "out")]
    return subprocess.Popen(
        [*cmd, "--stable-seconds", "0.3", *extra],
        env=env,
        stdout=open(tmp_path / f"{log}.out", "w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def test_sigkill_mid_batch_then_restart(tmp_path, make_pdf, monkeypatch):
    names = [f"深圳市第{i}有限公司.pdf" for i in range(6)]
    for i, name in enumerate(names):
        make_pdf(tmp_path / "inbox" / name, pages=1, text=f"dossier {i}")
    db = tmp_path / "state" / "watch-state.sqlite3"
    monkeypatch.setenv("DOSSIER_WATCH_STATE_DB", str(db))  # the children inherit it

    first = _watch(tmp_path, log="first")
    try:
        deadline = time.monotonic() + 240
        while _done(db) < 2:
            assert first.poll() is None, (tmp_path / "first.out").read_text()
            assert time.monotonic() < deadline, "the watcher reviewed nothing in time"
            time.sleep(0.1)
    finally:
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(30)
    done_at_kill = _done(db)
    assert done_at_kill < len(names), "the kill came after the batch: nothing was tested"

    second = _watch(tmp_path, "--once", log="second")
    try:
        assert second.wait(300) == 0, (tmp_path / "second.out").read_text()
    finally:
        if second.poll() is None:
            os.killpg(second.pid, signal.SIGKILL)

    out = tmp_path / "out"
    stems = sorted(Path(n).stem for n in names)
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == stems  # one report each, no __v2
    assert all((out / s / "report.json").is_file() for s in stems)
    assert sorted(p.name for p in (tmp_path / "archive").iterdir()) == sorted(names)
    assert list((tmp_path / "inbox").iterdir()) == []
    assert not (tmp_path / "failed").exists() or list((tmp_path / "failed").iterdir()) == []
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT state, count(*) FROM files GROUP BY state").fetchall() == [("done", len(names))]
