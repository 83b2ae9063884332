"""This machine's Prefect server, kept up between dossier commands.

Every review is a Prefect flow run, and a flow run needs a Prefect API. With none
configured (`PREFECT_API_URL`), Prefect would start a temporary server inside each command
and stop it at the end: 8 s on an existing database, 15 s on a fresh one, paid by every
`dossier check` on the user's clock, and nobody ever sees those runs in a UI. Instead the
dossier commands of one user (one `PREFECT_HOME`) share one local server:

- the first command that needs it starts it in the background and goes on loading the
  review stages meanwhile; it waits for the server only before its first flow run;
- later commands find it running and use it at once;
- it runs while any dossier command uses it (`dossier watch` and `dossier serve` for as
  long as they run) and stops by itself `DOSSIER_PREFECT_KEEP_MINUTES` after the last one
  left (0: at once);
- it serves Prefect's UI on 127.0.0.1, so every review can be looked at afterwards.

Its files live in PREFECT_HOME/dossier-server/: `server.json` (address and process id,
written by the command that started it), `clients/<pid>` (one per command using it; the
server counts the live ones), `server.log`, and `lock` (one command at a time finds or
starts it). Its database is Prefect's own, PREFECT_HOME/prefect.db, on local disk
(flows/local_disk.py). If it cannot start, the command falls back to Prefect's temporary
server and says so: a review never fails for want of this convenience.

Run as `python -m flows.local_server --port P --keep-minutes M` by `PrefectApi` only.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import socket
import subprocess
import sys
import threading
import time
import tomllib
import urllib.request
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

PREFERRED_PORT = 4200  # Prefect's own default: its docs and CLI look there first
START_TIMEOUT_S = 180  # a busy 2-core machine, fresh database: migrations take a while
_POLL_S = 0.2
GRACE_S = 10  # even with a keep of 0: the last command flushes its logs and events as it exits
_PROJECT_ROOT = Path(__file__).resolve().parent.parent  # the folder holding the `flows` package
_leases: dict[Path, int] = {}  # lease file → how many PrefectApi of this process hold it
_spawned: list[subprocess.Popen] = []  # kept referenced: the server outlives its Popen here


def prefect_home() -> Path:
    return Path(os.environ.get("PREFECT_HOME") or Path.home() / ".prefect").expanduser()


def server_dir(home: Path | None = None) -> Path:
    return (home or prefect_home()) / "dossier-server"


def configured_api_url() -> str | None:
    """The Prefect API an operator configured (environment or active Prefect profile), if any.

    Read without importing Prefect when it is not loaded yet (the check costs nothing on
    the way to starting a server); once it is loaded, its settings are the truth (they
    include temporary settings, e.g. a test harness's server)."""
    if "prefect.settings" in sys.modules:
        from prefect.settings import PREFECT_API_URL

        return PREFECT_API_URL.value() or None
    if os.environ.get("PREFECT_API_URL"):
        return os.environ["PREFECT_API_URL"]
    profiles_path = Path(os.environ.get("PREFECT_PROFILES_PATH") or prefect_home() / "profiles.toml")
    try:
        profiles = tomllib.loads(profiles_path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return None
    active = os.environ.get("PREFECT_PROFILE") or profiles.get("active") or "ephemeral"
    return profiles.get("profiles", {}).get(active, {}).get("PREFECT_API_URL") or None


@dataclass(frozen=True)
class Record:
    url: str  # the API, http://127.0.0.1:PORT/api
    pid: int


def read_record(home: Path | None = None) -> Record | None:
    try:
        data = json.loads((server_dir(home) / "server.json").read_text(encoding="utf-8"))
        return Record(url=str(data["url"]), pid=int(data["pid"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def healthy(url: str, timeout: float = 1.0) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=timeout) as response:
            return response.status == 200
    except OSError:
        return False


class PrefectApi:
    """Where this command's flow runs go: the configured server, else the local one.

        with PrefectApi(keep_minutes) as api:
            import flows.review_flow   # loads while a server just started comes up
            api.ready()                 # from here on, Prefect talks to it

    Entering finds (or starts) the local server and takes a lease on it, without waiting;
    `ready()` waits until it answers and points Prefect at it for the rest of the block.
    """

    def __init__(self, keep_minutes: float, home: Path | None = None):
        self.keep_minutes = keep_minutes
        self.home = home or prefect_home()
        self.url: str | None = None
        self.started_here = False  # this command started the local server
        self.fallback_reason: str | None = None  # why Prefect's temporary server is used instead
        self._configured = configured_api_url()
        self._folder = server_dir(self.home)
        self._pid: int | None = None
        self._stack = ExitStack()

    def __enter__(self) -> PrefectApi:
        if self._configured:
            self.url = self._configured
            return self
        try:
            (self._folder / "clients").mkdir(parents=True, exist_ok=True)
            self._stack.callback(_release, _take_lease(self._folder))
            self._find_or_start()
        except OSError as exc:
            self.fallback_reason = f"{type(exc).__name__}: {exc}"
        return self

    def ready(self) -> str | None:
        """Wait for the server and use it; None when Prefect's temporary server is used instead."""
        if self._configured:
            return self.url
        answers = self.url is not None and self._wait_healthy()
        if not answers and self.url is not None and self._gone():
            # It stopped just as it was found (its last moments of idling): start another, once.
            answers = self._start_again() and self._wait_healthy()
        if answers:
            from prefect.settings import PREFECT_API_URL, temporary_settings

            self._stack.enter_context(temporary_settings(updates={PREFECT_API_URL: self.url}))
            return self.url
        if self.fallback_reason is None:
            log = self._folder / "server.log"
            self.fallback_reason = (
                f"{START_TIMEOUT_S} 秒内未响应（日志：{log}）" if self._pid and not self._gone() else f"未能启动（日志：{log}）"
            )
        self.url = None
        return None

    def _start_again(self) -> bool:
        try:
            self._find_or_start()
        except OSError as exc:
            self.fallback_reason = f"{type(exc).__name__}: {exc}"
            return False
        return True

    def _find_or_start(self) -> None:
        with _locked(self._folder / "lock"):
            record = read_record(self.home)
            if record is None or not _alive(record.pid):
                record = _start(self._folder, self.keep_minutes)
                self.started_here = True
        self.url, self._pid = record.url, record.pid

    def __exit__(self, *exc_info) -> None:
        self._stack.close()

    def _gone(self) -> bool:
        """The server found or started has stopped (it removes its record as it stops)."""
        record = read_record(self.home)
        return record is None or record.pid != self._pid or not _alive(self._pid)

    def _wait_healthy(self) -> bool:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if healthy(self.url):
                return True
            if self._gone():
                return False
            time.sleep(_POLL_S)
        return False


def _start(folder: Path, keep_minutes: float) -> Record:
    port = PREFERRED_PORT if _port_free(PREFERRED_PORT) else _any_free_port()
    env = {key: value for key, value in os.environ.items() if key != "PREFECT_API_URL"}
    # It runs in its own folder (not holding the command's, maybe on a share); run from a
    # source checkout, it is told where the code is.
    if (_PROJECT_ROOT / "pyproject.toml").is_file():
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(_PROJECT_ROOT), env.get("PYTHONPATH")]))
    log = (folder / "server.log").open("wb")  # this start's log only
    process = subprocess.Popen(
        [sys.executable, "-m", "flows.local_server", "--port", str(port), "--keep-minutes", str(keep_minutes)],
        env=env, cwd=folder, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    log.close()
    _spawned.append(process)
    record = Record(url=f"http://127.0.0.1:{port}/api", pid=process.pid)
    _write_json(folder / "server.json", {"url": record.url, "pid": record.pid})
    return record


def _take_lease(folder: Path) -> Path:
    lease = folder / "clients" / str(os.getpid())
    if _leases.get(lease, 0) == 0:
        lease.touch()
    _leases[lease] = _leases.get(lease, 0) + 1
    return lease


def _release(lease: Path) -> None:
    _leases[lease] -= 1
    if _leases[lease] == 0:
        del _leases[lease]
        lease.unlink(missing_ok=True)


class _locked:
    def __init__(self, path: Path):
        self._fh = path.open("a")

    def __enter__(self) -> None:
        fcntl.flock(self._fh, fcntl.LOCK_EX)

    def __exit__(self, *exc_info) -> None:
        fcntl.flock(self._fh, fcntl.LOCK_UN)
        self._fh.close()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process has the number now: not our server
        return False
    return not _zombie(pid)


def _zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except (OSError, IndexError):
        return False


def _port_free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _any_free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _write_json(path: Path, data: dict) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(data), encoding="utf-8")
    os.replace(tmp, path)


# --- the server process -----------------------------------------------------------------------


def live_clients(clients: Path) -> int:
    """Leases of processes still running; those of dead ones are removed."""
    count = 0
    for lease in clients.glob("*"):
        if lease.name.isdigit() and _alive(int(lease.name)):
            count += 1
        else:
            lease.unlink(missing_ok=True)
    return count


def _stop_when_unused(server, clients: Path, keep_s: float) -> None:
    last_used = time.monotonic()
    while not server.should_exit:
        time.sleep(1)
        if live_clients(clients):
            last_used = time.monotonic()
        elif time.monotonic() - last_used >= keep_s:
            server.should_exit = True


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="dossier's local Prefect server (started by dossier commands)")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--keep-minutes", type=float, required=True)
    args = parser.parse_args(argv)

    import flows.prefect_env  # noqa: F401  (before prefect)
    import uvicorn
    from prefect.server.api.server import create_app

    folder = server_dir()
    server = uvicorn.Server(
        uvicorn.Config(create_app(final=True), host="127.0.0.1", port=args.port, log_level="warning", lifespan="on")
    )
    threading.Thread(
        target=_stop_when_unused, args=(server, folder / "clients", max(args.keep_minutes * 60, GRACE_S)), daemon=True
    ).start()
    try:
        server.run()
    finally:
        record = read_record()
        if record is not None and record.pid == os.getpid():
            (folder / "server.json").unlink(missing_ok=True)


if __name__ == "__main__":
    main()
