"""Faults: a worker that dies, runs out of memory or hangs on one page, a disk that fills up mid-write.

The fake engines reach the spawn-started workers through `Settings.ocr_engine_factory`
(a "module:callable" each worker imports). They misbehave only on a page with a wide
heading (an ink crop wider than 300 px); footers alone are narrow crops and read normally.
"""

from __future__ import annotations

import errno
import os
import threading
import time
from pathlib import Path

import pymupdf
import pytest

from outputs.writer import write_report_folder
from pipeline.ingest import ingest
from pipeline.ocr.base import OcrEngine
from checklists.loader import load_all_checklists
from orchestrator.review import review_ingested
from kernel.settings import Settings
from test_pagescan_real import degraded_page

WIDE_CROP_PX = 300
BAD_PAGE = 3


class _EngineFailingOnWideCrops(OcrEngine):
    """Reads every crop as nothing; on a wide one it fails the way `fail` says."""

    def __init__(self, fail) -> None:
        self.name = "fake-failing"
        self._fail = fail

    def recognise(self, image, region=None):
        return []

    def recognise_crops(self, crops):
        if any(crop.shape[1] > WIDE_CROP_PX for crop in crops):
            self._fail()
        return [("", 0.99) for _ in crops]


def engine_that_exits_on_headings(settings):
    return _EngineFailingOnWideCrops(lambda: os._exit(3))  # a native crash: no exception, no cleanup


def engine_that_runs_out_of_memory_on_headings(settings):
    def fail():
        raise MemoryError

    return _EngineFailingOnWideCrops(fail)


def engine_that_hangs_on_headings(settings):
    return _EngineFailingOnWideCrops(lambda: time.sleep(3600))  # a decoder or engine stuck for good


@pytest.fixture(scope="module")
def dossier_with_one_bad_page(tmp_path_factory) -> Path:
    """Five scanned pages with footers only; page 3 also has a heading, which the fakes fail on."""
    doc = pymupdf.open()
    for n in range(1, 6):
        degraded_page(doc, title="一、营业执照复印件" if n == BAD_PAGE else None, footer=f"- {n} -", body=0, seed=n)
    path = tmp_path_factory.mktemp("faults") / "某某有限公司.pdf"
    doc.save(path)
    return path


@pytest.mark.parametrize(
    "factory",
    ["engine_that_exits_on_headings", "engine_that_runs_out_of_memory_on_headings", "engine_that_hangs_on_headings"],
)
def test_fake_engine_failing_on_one_page_gives_illegible_page_not_a_dead_review(
    factory, dossier_with_one_bad_page, tmp_path
):
    settings = Settings(
        ocr_engine_factory=f"{__name__}:{factory}", ocr_workers=2, ocr_threads=1, cache_dir=tmp_path / "cache",
        page_timeout_s=20,  # healthy pages finish well inside it even with the cores shared by other tests
    )
    reports = []
    review = threading.Thread(target=lambda: reports.append(review_ingested(ingest(dossier_with_one_bad_page), settings, load_all_checklists())))
    review.start()
    review.join(timeout=300)  # a hung page is given up after 2 × 20 s plus worker restarts; never forever
    assert not review.is_alive(), "the review hung on one page"
    (report,) = reports

    illegible = [f for f in report.findings if f.code == "pages.illegible"]
    assert [f.pages for f in illegible] == [[BAD_PAGE]]  # only the bad page: the others were retried
    assert illegible[0].severity == "warning" and "无法辨认" in illegible[0].message
    assert report.verdict in ("accept", "correction")  # a report, not `unreadable`
    assert report.source.pages == 5


def test_fake_engine_that_cannot_start_stops_the_review_instead_of_calling_pages_illegible(
    dossier_with_one_bad_page, tmp_path
):
    settings = Settings(ocr_engine_factory=f"{__name__}:no_such_factory", ocr_workers=1, cache_dir=tmp_path)
    with pytest.raises(Exception, match="文字识别引擎无法启动"):
        review_ingested(ingest(dossier_with_one_bad_page), settings, load_all_checklists())


def _fill_disk_on(name: str, monkeypatch) -> None:
    """Make writing `name` stop half-way with ENOSPC, as a full disk does."""
    real_write_bytes = Path.write_bytes

    def write_bytes(self: Path, data: bytes) -> int:
        if self.name.startswith(f".{name}."):
            with open(self, "wb") as fh:
                fh.write(data[: len(data) // 2])
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write_bytes(self, data)

    monkeypatch.setattr(Path, "write_bytes", write_bytes)


def test_disk_full_while_writing_report_json_keeps_old_report_and_leaves_no_temp_files(make_pdf, tmp_path, monkeypatch):
    pdf = make_pdf(tmp_path / "某某有限公司.pdf", pages=2, text="营业执照复印件 第一页内容")
    report = review_ingested(ingest(pdf), Settings(cache_dir=tmp_path / "cache"), load_all_checklists())
    folder = tmp_path / "out" / "某某有限公司"
    write_report_folder(report, pdf, folder)
    old_json = (folder / "report.json").read_bytes()

    _fill_disk_on("report.json", monkeypatch)
    report.timings["total_s"] = 99.0  # the rerun's report differs from the one on disk
    with pytest.raises(OSError) as raised:
        write_report_folder(report, pdf, folder)
    assert raised.value.errno == errno.ENOSPC
    assert (folder / "report.json").read_bytes() == old_json  # the old complete report, not half a new one
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith(".")) == []

    fresh = tmp_path / "out" / "新文件夹"
    with pytest.raises(OSError):
        write_report_folder(report, pdf, fresh)
    assert not (fresh / "report.json").exists()  # no report.json: the folder does not pass for complete
    assert [p.name for p in fresh.iterdir() if p.name.startswith(".")] == []
