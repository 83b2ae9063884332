"""Files handed in through the workbench, read by the machine one after another.

An officer drops a PDF (a new application or a 补正 resubmission) on the board or a case
page; it is saved unchanged under the case file's home (`uploads/<id>/<its own name>`, so
the file-name check sees the applicant's name), reviewed by the same orchestrator as
`check` in a background thread, its report folder written under `reports/`, and filed into
the case file in the uploading officer's name — a resubmission lands in its case as the
next version. The board polls `progress()` to show each file's stage live. One file is
read at a time: the OCR workers already use the machine's cores.
"""

from __future__ import annotations

import logging
import queue
import re
import threading
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from casefile.service import CaseService
from orchestrator.config import run_config
from orchestrator.review import review_file
from outputs.writer import write_report_folder

log = logging.getLogger(__name__)

_UNSAFE = re.compile(r'[\x00-\x1f/\\:*?"<>|]')
KEEP = 30  # finished readings still listed


class UploadRefused(ValueError):
    """A file that is not taken; the message is for the officer (Chinese)."""


@dataclass
class Reading:
    id: str
    filename: str
    path: Path
    actor: str
    state: str = "waiting"  # waiting | reading | done | failed
    stage: str = "排队等待"
    fraction: float = 0.0
    message: str = ""
    case_id: int | None = None
    label: str = ""
    received_at: datetime = field(default_factory=datetime.now)

    @property
    def active(self) -> bool:
        return self.state in ("waiting", "reading")


def safe_name(filename: str) -> str:
    name = _UNSAFE.sub("_", Path(filename or "").name).strip(" .")
    if not name.lower().endswith(".pdf") or len(name) <= 4:
        raise UploadRefused("只接收PDF文件（文件名以 .pdf 结尾）")
    return name


class ReadingQueue:
    def __init__(self, service: CaseService, home: Path, max_bytes: int) -> None:
        self.service = service
        self.uploads = Path(home) / "uploads"
        self.reports = Path(home) / "reports"
        self.max_bytes = max_bytes
        self._readings: list[Reading] = []
        self._queue: queue.Queue[Reading] = queue.Queue()
        self._lock = threading.Lock()
        self._worker: threading.Thread | None = None

    def submit(self, filename: str, data: bytes, actor: str) -> Reading:
        name = safe_name(filename)
        if len(data) > self.max_bytes:
            raise UploadRefused(f"文件超过{self.max_bytes // 2**20}MB，请分册或压缩后再提交")
        if not data.startswith(b"%PDF"):
            raise UploadRefused(f"“{name}”不是PDF文件（内容不以 %PDF 开头）")
        reading_id = uuid.uuid4().hex[:12]
        path = self.uploads / reading_id / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        path.chmod(0o444)  # the original, as handed in
        reading = Reading(reading_id, name, path, actor)
        with self._lock:
            self._readings.append(reading)
            if self._worker is None or not self._worker.is_alive():
                self._worker = threading.Thread(target=self._work, name="workbench-reading", daemon=True)
                self._worker.start()
        self._queue.put(reading)
        return reading

    def progress(self) -> list[Reading]:
        with self._lock:
            active = [r for r in self._readings if r.active]
            done = [r for r in self._readings if not r.active][-KEEP:]
            self._readings = done + active
            return list(reversed(self._readings))

    def _work(self) -> None:
        while True:
            reading = self._queue.get()
            try:
                self._read(reading)
            except Exception as exc:  # noqa: BLE001 - one bad file never stops the queue
                log.exception("reading %s failed", reading.filename)
                reading.state, reading.stage, reading.message = "failed", "处理出错", f"{type(exc).__name__}：{exc}"
            finally:
                self._queue.task_done()

    def _read(self, reading: Reading) -> None:
        reading.state, reading.stage = "reading", "开始审查"

        def on_progress(stage: str, fraction: float) -> None:
            reading.stage, reading.fraction = stage, max(0.0, min(fraction, 1.0))

        report = review_file(reading.path, run_config(), progress=on_progress)
        reading.stage = "生成报告"
        folder = self.reports / f"{reading.path.stem}-{reading.id}"
        write_report_folder(report, reading.path, folder)
        reading.stage = "登记案卷"
        filed = self.service.file_report(report, reading.path, folder, actor=reading.actor)
        reading.case_id, reading.label = filed.case_id, f"v{filed.number}"
        reading.fraction, reading.state = 1.0, "done"
        if filed.rerun:
            reading.stage = "该文件此前已登记（重新审查）"
        else:
            reading.stage = "已登记为新案卷" if filed.new_case else f"已登记为补正材料 v{filed.number}"
