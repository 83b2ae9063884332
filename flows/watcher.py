"""The watched folder: review each file dropped into an inbox, then move it out.

After paperless-ngx's consumer and OCRmyPDF's watcher: a file is taken once it is stable
(flows/stability.py); temporary and hidden files are ignored; the same bytes are reviewed
once (SHA-256); a changed file of the same name is a new version with its own report folder
(`X/`, `X__v2/`, …); files taken the same day are one batch for the orchestrator's checks
across files (`file.split`), so the reports are the ones `dossier batch` gives for them;
the original is never modified or deleted, only moved (atomically,
never over another file) once its review has ended: to the archive, or to `failed/` with
`<name>.reason.txt` beside it when it could not be read or reviewed. Who reviews is handed
in (flows/watch_reviews.py): this process, or the workers of a Prefect server, in which
case a file stays in the inbox while its run waits or runs. State lives in SQLite on local
disk (flows/watch_state.py) so a restart resumes where a kill stopped. No file, however
bad, and no server outage stops the service.

Events from watchfiles (inotify, or polling for network shares) only wake the loop early:
every tick lists the inbox again, so a missed event costs at most one tick.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import shutil
import signal
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import flows.prefect_env  # noqa: F401  (before prefect)
import watchfiles
from rich.console import Console

from flows.event_log import EventLog
from outputs.report_names import first_free, report_dir_name
from flows.review_flow import write_task
from flows.stability import FileStabilityTracker
from flows.status import failure_reason, status_line, verdict_summary
from flows.watch_reviews import Finished, LocalReviews, ServerReviews, ServerUnavailable
from flows.watch_state import Record, WatchState
from orchestrator.batch import settle_across_files
from outputs.batch import write_batch_outputs
from kernel.models import Report

# Written by office programs, browsers and copy tools while a file is not complete yet.
_TEMP_PREFIXES = (".", "~$")
_TEMP_SUFFIXES = (".part", ".partial", ".tmp", ".crdownload", ".download", "~")
_TICK_S = 0.5


def is_temporary(name: str) -> bool:
    lower = name.lower()
    return lower.startswith(_TEMP_PREFIXES) or lower.endswith(_TEMP_SUFFIXES)


def default_state_db(state_dir: Path, inbox: Path) -> Path:
    """`STATE_DIR/watch-<inbox name>-<hash of its path>.sqlite3`: one per inbox, on local disk."""
    inbox = Path(inbox).absolute()
    name = re.sub(r"[^\w.-]+", "_", inbox.name)[:40] or "inbox"
    return state_dir / f"watch-{name}-{hashlib.sha256(str(inbox).encode()).hexdigest()[:10]}.sqlite3"


@dataclass(frozen=True)
class WatchPaths:
    inbox: Path
    out: Path
    archive: Path
    failed: Path
    state_db: Path
    log_file: Path


class Watcher:
    def __init__(
        self,
        paths: WatchPaths,
        console: Console,
        stable_seconds: float,
        polling: bool = False,
        reviews: LocalReviews | ServerReviews | None = None,
    ):
        self.paths = paths
        self.console = console
        self.polling = polling
        self.reviews = reviews or LocalReviews(paths.out)
        self.tracker = FileStabilityTracker(stable_seconds)
        self.stop_event = threading.Event()
        for folder in (paths.inbox, paths.out, paths.archive, paths.failed):
            folder.mkdir(parents=True, exist_ok=True)
        self.state = WatchState(paths.state_db)
        self.log = EventLog(paths.log_file)
        # Files we could not even move out of the inbox, keyed by (size, mtime): not retried
        # until they change, so one stuck file does not spin the loop.
        self._stuck: dict[Path, tuple[int, int]] = {}

    def run(self, once: bool = False) -> None:
        """Watch until stopped (SIGINT/SIGTERM), or with `once` until the inbox is empty."""
        self.log.write("start", inbox=self.paths.inbox, out=self.paths.out, polling=self.polling)
        self._recover()
        try:
            if once:
                while self._tick() and not self.stop_event.is_set():
                    time.sleep(_TICK_S)
            else:
                for _changes in watchfiles.watch(
                    self.paths.inbox,
                    force_polling=self.polling,
                    poll_delay_ms=1000,
                    rust_timeout=int(_TICK_S * 1000),
                    yield_on_timeout=True,
                    stop_event=self.stop_event,
                    recursive=False,
                ):
                    self._tick()
        finally:
            self.log.write("stop")
            self.log.close()
            self.state.close()

    def install_signal_handlers(self) -> None:
        signal.signal(signal.SIGTERM, lambda *_: self.stop_event.set())

    # --- one pass over the inbox ---------------------------------------------------------

    def _tick(self) -> bool:
        """Take every stable file, close the reviews that ended; True while files are still
        waiting in the inbox (those under review included)."""
        busy = self.reviews.busy
        waiting = [p for p in self._candidates() if self._stuck.get(p) != _size_mtime(p) and p not in busy]
        self.tracker.update(waiting)
        for path in self.tracker.stable():
            self.tracker.forget(path)
            if self.stop_event.is_set():
                break
            try:
                self._take(path)
            except FileNotFoundError:
                self.log.write("vanished", file=path.name)  # taken away by hand before we got to it
            except ServerUnavailable as exc:  # not the file's fault: it stays, and is taken again
                self.log.write("server_unavailable", file=path.name, reason=str(exc))
                self.console.print(status_line("等待", path.name, f"{exc}，稍后重试"), markup=False)
            except Exception as exc:  # the service must outlive any one file
                self._give_up(path, failure_reason(exc))
            self._collect()  # a review done here is closed before the next file starts
        self._collect()
        return any(self._stuck.get(p) != _size_mtime(p) for p in self._candidates())

    def _candidates(self) -> list[Path]:
        try:
            entries = list(os.scandir(self.paths.inbox))
        except OSError:
            return []
        return [Path(e.path) for e in entries if not is_temporary(e.name) and e.is_file(follow_symlinks=False)]

    def _take(self, path: Path) -> None:
        sha256 = _sha256(path)
        if path.suffix.lower() != ".pdf":
            record = self.state.start(sha256, path.name, path, report_dir=None)
            self._finish(record, path, "failed", None, f"不是PDF文件（扩展名为“{path.suffix or '无'}”），未审查")
            self.console.print(status_line("跳过", path.name, "不是PDF文件，已移至失败文件夹"), markup=False)
            return
        original = self.state.reviewed(sha256)
        if original is not None:
            self._duplicate(path, sha256, original)
            return
        if self.reviews.pending(sha256):
            return  # the same bytes, under another name, are under review: a duplicate once it ends
        record = self.state.unfinished(sha256)
        # A record still `processing` was interrupted by a restart: collect its review. A
        # new or failed one is a fresh take, which may run a failed review again.
        fresh = record is None or record.state != "processing"
        if record is not None and record.report_dir is not None:
            record = self.state.resume(record, path)
        else:
            record = self.state.start(sha256, path.name, path, report_dir=self._new_report_dir(path.name))
        self.log.write("review", file=path.name, sha256=record.sha256, report_dir=record.report_dir)
        self.reviews.submit(record, path, rerun_failed=fresh)

    def _collect(self) -> None:
        for finished in self.reviews.finished():
            try:
                self._close(finished)
            except Exception as exc:  # the service must outlive any one file
                self._give_up(finished.path, failure_reason(exc))

    def _close(self, finished: Finished) -> None:
        """A review has ended: move the original out, and list the report."""
        record, path, outcome = finished.record, finished.path, finished.outcome
        if isinstance(outcome, str):
            self._finish(record, path, "failed", None, outcome)
            self.console.print(status_line("失败", path.name, "处理出错，已移至失败文件夹"), markup=False)
            return
        if finished.report_dir.parent == self.paths.out and finished.report_dir.name != record.report_dir:
            record = self.state.move_report(record.id, finished.report_dir.name)  # reviewed before, elsewhere named
        reason = outcome.findings[0].message if outcome.verdict == "unreadable" and outcome.findings else None
        self._finish(record, path, "done", outcome.verdict, reason)
        self.console.print(status_line("受理", path.name, verdict_summary(outcome)), markup=False)
        self._refresh_batch_outputs()

    def _refresh_batch_outputs(self) -> None:
        """Settle the checks across files, then list every report in register.xlsx and index.html.

        The files finished today are one batch for `file.split`, as if they had been dropped
        together into `dossier batch`; a report changed by it is rewritten (its original is
        read from the archive for the page images). A corrected resubmission on a later day
        is not a split. A report folder removed by hand is left out; any other failure is
        logged, and the next file tries again.
        """
        try:
            reviewed = self._reviewed_reports()
            day = reviewed[-1][0].updated[:10] if reviewed else None
            today = [(record, report, folder) for record, report, folder in reviewed if record.updated[:10] == day]
            for position in settle_across_files([report for _, report, _ in today]):
                record, report, folder = today[position]
                write_task(report, Path(record.dest or record.source), folder)
            write_batch_outputs([(report, folder) for _, report, folder in reviewed], self.paths.out)
        except Exception as exc:
            self.log.write("batch_outputs_failed", reason=f"{type(exc).__name__}: {exc}")

    def _reviewed_reports(self) -> list[tuple[Record, Report, Path]]:
        """Every report this watcher made that is still there, oldest first."""
        found = []
        for record in self.state.all():
            if record.state != "done" or record.duplicate_of is not None or not record.report_dir:
                continue
            folder = self.paths.out / record.report_dir
            if (folder / "report.json").is_file():
                report = Report.model_validate_json((folder / "report.json").read_text(encoding="utf-8"))
                found.append((record, report, folder))
        return found

    def _duplicate(self, path: Path, sha256: str, original: Record) -> None:
        record = self.state.start(sha256, path.name, path, original.report_dir, duplicate_of=original.id)
        self.log.write("duplicate", file=path.name, sha256=sha256, duplicate_of=original.filename)
        self._finish(record, path, "done", original.verdict, original.reason)
        self.console.print(
            status_line("重复", path.name, f"与已审查的“{original.filename}”内容相同，报告见 {original.report_dir}"),
            markup=False,
        )

    def _new_report_dir(self, filename: str) -> str:
        """`X`, or `X__v2`, `X__v3`… when an earlier version (or anything else) holds `X`."""
        return first_free(
            report_dir_name(filename),
            lambda name: self.state.report_dir_taken(name) or (self.paths.out / name).exists(),
            "__v{n}",
        )

    # --- moving the original out ----------------------------------------------------------

    def _finish(self, record: Record, path: Path, outcome: str, verdict: str | None, reason: str | None) -> None:
        """Move the original out of the inbox and close its record.

        The destination is stored before the move, so a kill between the two is resolved
        at start-up by finding the file there (`_recover`).
        """
        folder = self.paths.failed if outcome == "failed" or verdict == "unreadable" else self.paths.archive
        dest = _free_path(folder, path.name)
        self.state.plan_move(record.id, dest, outcome, verdict, reason)
        if folder == self.paths.failed:
            _write_text(dest.with_name(dest.name + ".reason.txt"), (reason or "无法审查") + "\n")
        _move(path, dest)
        self.state.finish(record.id)
        self.log.write(
            outcome, file=path.name, sha256=record.sha256, report_dir=record.report_dir, verdict=verdict,
            reason=reason, dest=dest,
        )

    def _give_up(self, path: Path, reason: str) -> None:
        self.log.write("error", file=path.name, reason=reason)
        self.console.print(status_line("失败", path.name, reason), markup=False)
        try:
            sha256 = _sha256(path)
            record = self.state.unfinished(sha256) or self.state.start(sha256, path.name, path, report_dir=None)
            self._finish(record, path, "failed", None, reason)
        except Exception as exc:
            self.log.write("stuck", file=path.name, reason=f"{type(exc).__name__}: {exc}")
            self._stuck[path] = _size_mtime(path)

    def _recover(self) -> None:
        """Close the records a kill left `processing` after their original was moved."""
        for record in self.state.interrupted():
            # The destination was a free name when planned: if it exists, the move happened
            # (even if a new file of the same name has since been dropped into the inbox).
            if record.dest and Path(record.dest).exists():
                self.state.finish(record.id)
                self.log.write("recovered", file=record.filename, dest=record.dest, state=record.outcome)
            elif not Path(record.source).exists():
                self.state.abandon(record.id, "处理中断，原件已不在收件箱")
                self.log.write("lost", file=record.filename, sha256=record.sha256)
            # else: still in the inbox; the next tick reviews it again, into the same folder.


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _size_mtime(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


def _free_path(folder: Path, name: str) -> Path:
    """`folder/name`, or `folder/stem__2.pdf`… : an original never replaces another."""
    stem, suffix = os.path.splitext(name)
    return folder / (first_free(stem, lambda s: (folder / f"{s}{suffix}").exists(), "__{n}") + suffix)


def _move(src: Path, dest: Path) -> None:
    """Atomic rename; across file systems, copy to a hidden temporary name, rename, delete."""
    try:
        os.replace(src, dest)
    except OSError as exc:
        if exc.errno != errno.EXDEV:  # the archive is on another file system
            raise
        tmp = dest.with_name(f".{dest.name}.moving")
        shutil.copy2(src, tmp)
        os.replace(tmp, dest)
        src.unlink()


def _write_text(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
