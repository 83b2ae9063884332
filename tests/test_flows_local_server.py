"""The local Prefect server the dossier commands of one user share (flows/local_server.py)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from flows.local_server import PrefectApi, _alive, live_clients, read_record, server_dir

ROOT = Path(__file__).resolve().parent.parent


def _env(**extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("PREFECT_")}
    return {**env, "PYTHONPATH": str(ROOT), **extra}


def test_the_configured_server_is_read_from_the_environment_or_the_active_profile_without_importing_prefect(tmp_path):
    (tmp_path / "profiles.toml").write_text(
        'active = "district"\n[profiles.district]\nPREFECT_API_URL = "http://prefect.district:4200/api"\n'
        '[profiles.ephemeral]\n', encoding="utf-8",
    )
    script = "import sys; from flows.local_server import configured_api_url as c; print(c(), 'prefect' in sys.modules)"

    def ask(**extra: str) -> str:
        return subprocess.run([sys.executable, "-c", script], env=_env(PREFECT_HOME=str(tmp_path), **extra),
                              capture_output=True, text=True, check=True).stdout.strip()

    assert ask() == "http://prefect.district:4200/api False"
    assert ask(PREFECT_PROFILE="ephemeral") == "None False"
    assert ask(PREFECT_API_URL="http://other:4200/api") == "http://other:4200/api False"


def test_leases_of_processes_that_are_gone_do_not_count(tmp_path):
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    clients = tmp_path / "clients"
    clients.mkdir()
    for name in (str(os.getpid()), str(gone.pid), "junk"):
        (clients / name).touch()

    assert live_clients(clients) == 1
    assert [p.name for p in clients.iterdir()] == [str(os.getpid())]


def test_the_server_stops_once_unused_for_the_keep_time_with_fake_server(tmp_path):
    from flows.local_server import _stop_when_unused

    class FakeServer:
        should_exit = False

    clients = tmp_path / "clients"
    clients.mkdir()
    lease = clients / str(os.getpid())
    lease.touch()
    server = FakeServer()
    watchdog = threading.Thread(target=_stop_when_unused, args=(server, clients, 2.5), daemon=True)
    watchdog.start()
    time.sleep(3)
    assert not server.should_exit  # a live client holds it
    lease.unlink()
    left = time.monotonic()
    watchdog.join(10)
    assert server.should_exit and 1.5 <= time.monotonic() - left < 8  # the keep, less one poll at most


def test_a_configured_server_is_used_as_it_is(tmp_path, monkeypatch):
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path))
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings(updates={PREFECT_API_URL: "http://prefect.district:4200/api"}):
        with PrefectApi(keep_minutes=0) as api:
            assert api.ready() == "http://prefect.district:4200/api"
    assert not api.started_here and not server_dir(tmp_path).exists()


# --- the real thing: two `dossier check` one after the other ------------------------------


@pytest.fixture
def prefect_home(tmp_path):
    """A Prefect home for the commands; whatever server they leave is stopped at the end."""
    home = tmp_path / "prefect-home"
    yield home
    record = read_record(home)
    if record is not None:
        try:
            os.kill(record.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def _check(pdf: Path, out: Path, home: Path) -> subprocess.CompletedProcess:
    env = _env(PREFECT_HOME=str(home), DOSSIER_PREFECT_KEEP_MINUTES="0.25", PREFECT_SERVER_ANALYTICS_ENABLED="false")
    return subprocess.run([sys.executable, "-m", "flows.cli", "check", str(pdf), "--out", str(out)],
                          env=env, capture_output=True, text=True, timeout=600)


@pytest.mark.slow
def test_the_second_check_uses_the_server_the_first_one_started_and_it_stops_when_unused(tmp_path, make_pdf, prefect_home):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey
    from prefect.settings import PREFECT_API_URL, temporary_settings

    pdf = make_pdf(tmp_path / "深圳市某某科技有限公司.pdf", pages=1)

    first = _check(pdf, tmp_path / "out1", prefect_home)
    assert first.returncode == 0, first.stderr
    assert "已启动本机 Prefect 服务：http://127.0.0.1:" in first.stderr
    record = read_record(prefect_home)
    assert record is not None

    second = _check(pdf, tmp_path / "out2", prefect_home)
    assert second.returncode == 0, second.stderr
    assert "已启动本机 Prefect 服务" not in second.stderr and "临时服务" not in second.stderr
    assert read_record(prefect_home) == record  # the same server, no second start

    with urllib.request.urlopen(record.url.removesuffix("/api") + "/", timeout=10) as page:
        assert page.status == 200 and b"<html" in page.read().lower()  # Prefect's UI
    report = json.loads((tmp_path / "out2" / pdf.stem / "report.json").read_text(encoding="utf-8"))
    with temporary_settings(updates={PREFECT_API_URL: record.url}), get_client(sync_client=True) as client:
        runs = [r for r in client.read_flow_runs() if r.name == pdf.name]
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[f"dossier-{report['source']['sha256'][:24]}"]))
        )
    assert len(runs) == 2 and {r.state.type.value for r in runs} == {"COMPLETED"}
    assert len(artifacts) == 2  # one version per review

    deadline = time.monotonic() + 0.25 * 60 + 90
    while read_record(prefect_home) is not None or _alive(record.pid):
        assert time.monotonic() < deadline, "the unused server did not stop"
        time.sleep(1)


def test_a_server_that_dies_at_start_leaves_prefects_temporary_server_with_fake_server_process(tmp_path, monkeypatch):
    """Started twice (the second time in case it stopped just as it was found), then given up."""
    import flows.local_server as local_server
    from flows.local_server import Record

    starts = []

    def dies_at_once(folder, keep_minutes):
        process = subprocess.Popen([sys.executable, "-c", "raise SystemExit(3)"])
        process.wait()
        starts.append(process.pid)
        return Record(url="http://127.0.0.1:9/api", pid=process.pid)

    monkeypatch.setattr(local_server, "configured_api_url", lambda: None)
    monkeypatch.setattr(local_server, "_start", dies_at_once)
    with PrefectApi(keep_minutes=0, home=tmp_path) as api:
        assert api.started_here
        assert api.ready() is None
    assert len(starts) == 2
    assert "未能启动" in api.fallback_reason and str(server_dir(tmp_path) / "server.log") in api.fallback_reason
    assert list((server_dir(tmp_path) / "clients").iterdir()) == []  # the lease is given back
