"""Load test: many dossiers dropped at once into the watched folder.

    .venv/bin/python bench/load_watch.py [-n 50] [--pages 12] [--dpi 120] [--keep DIR]

The dossiers are generated first (factory, no defects, carrier types in turn), then
`dossier watch INBOX --out OUT` runs as a service with a cold OCR cache; once it has started,
every file is renamed into the inbox in one go (same file system: each appears whole). We
wait until every input has left the inbox for archive/ or failed/, stop the service with
SIGTERM and check that nothing was lost: each input (by SHA-256) has exactly one report
folder with a report.json and sits exactly once in archive/ or failed/. Wall time runs from
the drop to the last file moved; peak RSS is the largest sum over the service's process tree
(the watcher and its OCR workers), sampled every 0.5 s. The table is printed and appended
to BENCHMARKS.md with the machine and the date.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import signal
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

import psutil
from benchlog import append_section  # a sibling script: bench/ is sys.path[0]

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CARRIER_TYPES = ("training_base", "master_studio", "rural_station")


def generate(staging: Path, count: int, pages: int, dpi: int) -> list[Path]:
    from factory import DossierSpec
    from factory.corpus import generate_with_fresh_name

    reserved: set[str] = set()
    files: list[Path] = []
    for i in range(count):
        spec = DossierSpec(CARRIER_TYPES[i % len(CARRIER_TYPES)], seed=1000 + i, defects=[], pages=pages, dpi=dpi)
        files += [generated.path for generated in generate_with_fresh_name(spec, staging, reserved)]
    return files


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class TreeRss:
    """Peak of the summed RSS of a process and all its descendants, sampled in a thread."""

    def __init__(self, pid: int, interval: float = 0.5) -> None:
        self.root = psutil.Process(pid)
        self.interval = interval
        self.peak_mb = 0.0
        self.peak_processes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._stop.is_set():
            try:
                tree = [self.root, *self.root.children(recursive=True)]
            except psutil.NoSuchProcess:
                return
            total = 0
            for process in tree:
                try:
                    total += process.memory_info().rss
                except psutil.NoSuchProcess:
                    pass
            self.peak_mb = max(self.peak_mb, total / 2**20)
            self.peak_processes = max(self.peak_processes, len(tree))
            self._stop.wait(self.interval)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def run(count: int, pages: int, dpi: int, work: Path, timeout_s: float) -> dict:
    staging, inbox, out = work / "staging", work / "inbox", work / "out"
    for folder in (staging, inbox, out):
        folder.mkdir(parents=True)
    started = time.perf_counter()
    files = generate(staging, count, pages, dpi)
    generate_s = time.perf_counter() - started
    hashes = {path.name: sha256(path) for path in files}

    env = dict(os.environ, DOSSIER_CACHE_DIR=str(work / "cache"), DOSSIER_WATCH_STABLE_SECONDS="1")
    log_path = work / "watch-stdout.txt"
    with log_path.open("wb") as log:
        service = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "dossier"), "watch", str(inbox), "--out", str(out)],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
        rss = TreeRss(service.pid)
        try:
            events = out / "watch-log.jsonl"
            while not (events.exists() and '"start"' in events.read_text(encoding="utf-8")):
                if service.poll() is not None:
                    raise SystemExit(f"watch exited at start-up: {log_path.read_text(encoding='utf-8')[-2000:]}")
                time.sleep(0.2)
            dropped = time.perf_counter()
            for path in files:
                path.rename(inbox / path.name)
            deadline = dropped + timeout_s
            while True:
                finished = _count(work / "archive") + _count(work / "failed")
                if finished >= len(files) and not any(inbox.iterdir()):
                    break
                if time.perf_counter() > deadline or service.poll() is not None:
                    break
                time.sleep(0.5)
            wall_s = time.perf_counter() - dropped
        finally:
            service.send_signal(signal.SIGTERM)
            try:
                service.wait(timeout=120)
            except subprocess.TimeoutExpired:
                service.kill()
            rss.stop()

    reports: dict[str, int] = {}
    verdicts: dict[str, int] = {}
    for report_json in out.glob("*/report.json"):
        report = json.loads(report_json.read_text(encoding="utf-8"))
        reports[report["source"]["sha256"]] = reports.get(report["source"]["sha256"], 0) + 1
        verdicts[report["verdict"]] = verdicts.get(report["verdict"], 0) + 1
    moved: dict[str, list[str]] = {}
    for where in ("archive", "failed"):
        for path in _moved_files(work / where):
            moved.setdefault(sha256(path), []).append(where)
    no_report = [name for name, digest in hashes.items() if reports.get(digest) != 1]
    not_moved = [name for name, digest in hashes.items() if len(moved.get(digest, [])) != 1]
    return {
        "files": len(files),
        "pages": pages,
        "dpi": dpi,
        "generate_s": generate_s,
        "wall_s": wall_s,
        "per_file_s": wall_s / len(files),
        "peak_rss_mb": rss.peak_mb,
        "processes": rss.peak_processes,
        "archived": _count(work / "archive"),
        "failed": _count(work / "failed"),
        "left_in_inbox": sum(1 for _ in inbox.iterdir()),
        "verdicts": verdicts,
        "no_report": no_report,
        "not_moved": not_moved,
        "timed_out": wall_s >= timeout_s,
    }


def _moved_files(folder: Path) -> list[Path]:
    """The originals moved to `folder`, not the `.reason.txt` notes beside failed ones."""
    if not folder.exists():
        return []
    return [p for p in folder.iterdir() if p.is_file() and not p.name.endswith(".reason.txt")]


def _count(folder: Path) -> int:
    return len(_moved_files(folder))


def table(result: dict) -> str:
    verdicts = ", ".join(f"{k} {v}" for k, v in sorted(result["verdicts"].items()))
    return "\n".join([
        "| files | pages × dpi | wall s | s/file | peak RSS MB (tree) | processes | archived | failed | no report | not moved once | verdicts |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
        f"| {result['files']} | {result['pages']} × {result['dpi']} | {result['wall_s']:.1f} | {result['per_file_s']:.1f} | "
        f"{result['peak_rss_mb']:.0f} | {result['processes']} | {result['archived']} | {result['failed']} | "
        f"{len(result['no_report'])} | {len(result['not_moved'])} | {verdicts} |",
    ])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--count", type=int, default=50)
    parser.add_argument("--pages", type=int, default=12)
    parser.add_argument("--dpi", type=int, default=120)
    parser.add_argument("--timeout", type=float, default=3600, help="seconds to wait for the watcher")
    parser.add_argument("--keep", type=Path, help="work in this (new) folder and keep it")
    parser.add_argument("--no-append", action="store_true", help="do not append to BENCHMARKS.md")
    args = parser.parse_args()

    load = os.getloadavg()
    if args.keep:
        args.keep.mkdir(parents=True)
        result = run(args.count, args.pages, args.dpi, args.keep, args.timeout)
    else:
        with tempfile.TemporaryDirectory(prefix="load-watch-") as work:
            result = run(args.count, args.pages, args.dpi, Path(work), args.timeout)

    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    uname = platform.uname()
    section = "\n".join([
        f"## Watched folder under load — {now}",
        "",
        f"Machine: `{uname.system} {uname.release} {uname.machine}`; {os.cpu_count()} cores; "
        f"{psutil.virtual_memory().total / 2**30:.1f} GiB RAM; load average at start {load[0]:.1f}, {load[1]:.1f}, {load[2]:.1f}.",
        f"Command: `bench/load_watch.py -n {args.count} --pages {args.pages} --dpi {args.dpi}` "
        f"(`dossier watch`, cold OCR cache, stable after 1 s; generating the files took {result['generate_s']:.0f} s, not counted).",
        "",
        table(result),
        "",
        f"- without exactly one report: {', '.join(result['no_report']) or 'none'}; "
        f"not exactly once in archive/ or failed/: {', '.join(result['not_moved']) or 'none'}"
        + ("; the run TIMED OUT" if result["timed_out"] else ""),
        "",
    ])
    print(section)
    if not args.no_append:
        append_section(section)
    return 1 if result["no_report"] or result["not_moved"] else 0


if __name__ == "__main__":
    sys.exit(main())
